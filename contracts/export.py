"""Export the contracts for systems that do not speak Python (契约导出).

Writes ``contracts/schemas/<Name>.json`` (JSON Schema draft 2020-12 of the
envelope specialised to each event type, with its example) and
``contracts/asyncapi.json`` (AsyncAPI 3.0 for all topics and messages).
Run ``python -m contracts.export``; a unit test fails when the files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from contracts.bindings import STRUCTURED_CONTENT_TYPE
from contracts.envelope import ENVELOPE_MODELS, MAX_MESSAGE_BYTES, SCHEMA_VERSION, examples
from contracts.topics import INTAKE_TOPIC, TOPICS, Topic
from contracts.types import EVENT_TYPES

ROOT = Path(__file__).resolve().parent
SCHEMA_DIR = ROOT / "schemas"
ASYNCAPI_PATH = ROOT / "asyncapi.json"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
KAFKA_BINDING_VERSION = "0.5.0"


def render(document: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _example_documents() -> dict[str, dict[str, Any]]:
    return {env.type: env.model_dump(mode="json", exclude_none=True) for env in examples()}


def _name(event_type: str) -> str:
    return EVENT_TYPES[event_type].__name__


def envelope_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every event type's envelope, by payload class name."""
    samples = _example_documents()
    schemas = {}
    for event_type, model in ENVELOPE_MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = DRAFT_2020_12
        schema["$id"] = f"urn:zeren:schema:{_name(event_type)}:{SCHEMA_VERSION}"
        schema["examples"] = [samples[event_type]]
        schemas[_name(event_type)] = schema
    return schemas


def _channel_id(spec: Topic) -> str:
    return spec.name.split(".")[1]


def _address(spec: Topic) -> str:
    """The channel's topic; the intake is one topic per campus system (``{source}``)."""
    return f"{spec.name}.{{source}}" if spec.name == INTAKE_TOPIC else spec.name


def _channel(spec: Topic) -> dict[str, Any]:
    per_source = {
        "parameters": {
            "source": {
                "description": "The campus system's source attribute as a topic-name part: "
                "runs of characters other than ASCII letters, digits and '-' become '-' "
                "(urn:campus:hr -> urn-campus-hr). Only that system's principal may write it."
            }
        }
    }
    return {
        "address": _address(spec),
        **(per_source if spec.name == INTAKE_TOPIC else {}),
        "description": spec.description,
        "messages": {
            model.__name__: {"$ref": f"#/components/messages/{model.__name__}"}
            for model in spec.messages
        },
        "bindings": {
            "kafka": {
                "topic": _address(spec),
                "partitions": spec.partitions,
                "topicConfiguration": {
                    "cleanup.policy": ["delete"],
                    "retention.ms": int(spec.retention_ms),
                },
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _operation(spec: Topic) -> tuple[str, dict[str, Any]]:
    channel = _channel_id(spec)
    action = "receive" if spec.name == INTAKE_TOPIC else "send"
    return f"{action}_{channel}", {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel}"},
        "summary": spec.description,
        "messages": [
            {"$ref": f"#/channels/{channel}/messages/{model.__name__}"} for model in spec.messages
        ],
    }


def _message(event_type: str, sample: dict[str, Any]) -> dict[str, Any]:
    model = EVENT_TYPES[event_type]
    summary = (model.__doc__ or "").strip().splitlines()[0]
    return {
        "name": event_type,
        "title": model.__name__,
        "summary": summary,
        "contentType": STRUCTURED_CONTENT_TYPE,
        "payload": {"$ref": f"#/components/schemas/{model.__name__}Envelope"},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The envelope's subject (责任组织)."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
        "examples": [{"name": model.__name__, "summary": summary, "payload": sample}],
    }


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of Zeren's topics and messages, built from the models."""
    samples = _example_documents()
    _, definitions = models_json_schema(
        [(model, "validation") for model in ENVELOPE_MODELS.values()],
        ref_template="#/components/schemas/{model}",
    )
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Zeren 责任 event contracts",
            "version": f"{SCHEMA_VERSION}.0.0",
            "description": (
                "CloudEvents 1.0 over Kafka for the grassroots Party-building responsibility "
                "system (基层党建工作责任制). Structured mode (content-type "
                f"{STRUCTURED_CONTENT_TYPE}) is shown; binary mode (ce_* headers, JSON data) "
                f"is accepted too. Messages above {MAX_MESSAGE_BYTES} bytes are rejected."
            ),
        },
        "defaultContentType": STRUCTURED_CONTENT_TYPE,
        "servers": {
            "local": {
                "host": "localhost:9092",
                "protocol": "kafka",
                "description": "Single-broker development cluster (make demo).",
            }
        },
        "channels": {_channel_id(spec): _channel(spec) for spec in TOPICS},
        "operations": dict(_operation(spec) for spec in TOPICS),
        "components": {
            "messages": {
                _name(event_type): _message(event_type, samples[event_type])
                for event_type in EVENT_TYPES
            },
            "schemas": definitions["$defs"],
        },
    }


def rendered_files() -> dict[Path, str]:
    """Every exported file and its exact content."""
    files = {
        SCHEMA_DIR / f"{name}.json": render(schema) for name, schema in envelope_schemas().items()
    }
    files[ASYNCAPI_PATH] = render(asyncapi_document())
    return files


def main() -> None:
    """Write the exported files, removing schemas of event types that no longer exist."""
    files = rendered_files()
    SCHEMA_DIR.mkdir(exist_ok=True)
    for stale in set(SCHEMA_DIR.glob("*.json")) - files.keys():
        stale.unlink()
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files under {ROOT}")


if __name__ == "__main__":
    main()
