"""Exported JSON Schemas and the AsyncAPI document are correct and up to date."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from contracts import export
from contracts.bindings import STRUCTURED_CONTENT_TYPE
from contracts.topics import INTAKE_TOPIC, TOPICS
from contracts.types import EVENT_TYPES

from .conftest import example_document

pytestmark = pytest.mark.unit

NAMES = [model.__name__ for model in EVENT_TYPES.values()]


def _schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (export.SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")
    )
    return document


def test_exported_files_are_not_stale() -> None:
    expected = export.rendered_files()
    for path, text in expected.items():
        assert path.exists(), f"{path.name} missing: run python -m contracts.export"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} stale: run the export"
    on_disk = set(export.SCHEMA_DIR.glob("*.json"))
    assert on_disk == {path for path in expected if path.parent == export.SCHEMA_DIR}


def test_rendering_is_deterministic() -> None:
    first, second = export.rendered_files(), export.rendered_files()
    assert first == second
    assert all(text.endswith("}\n") for text in first.values())


@pytest.mark.parametrize("name", NAMES)
def test_schema_accepts_the_example_and_rejects_a_broken_one(name: str) -> None:
    schema = _schema(name)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    document = example_document(name)
    assert schema["examples"] == [document]
    assert list(validator.iter_errors(document)) == []

    for broken in (
        {k: v for k, v in document.items() if k != "id"},
        {**document, "type": "zeren.Nonsense"},
        {**document, "specversion": "0.3"},
        {**document, "priority": "high"},
        {**document, "data": {**document["data"], "unexpected": 1}},
    ):
        assert not validator.is_valid(broken), broken


def test_schema_checks_payload_fields_and_enums() -> None:
    validator = Draft202012Validator(_schema("MeetingHeld"))
    document = example_document("MeetingHeld")
    bad_kind = {**document, "data": {**document["data"], "kind": "picnic"}}
    no_held_on = {**document, "data": {k: v for k, v in document["data"].items() if k != "held_on"}}
    errors = {
        tuple(error.absolute_path)
        for broken in (bad_kind, no_held_on)
        for error in validator.iter_errors(broken)
    }
    assert ("data", "kind") in errors
    assert ("data",) in errors


def test_schema_is_draft_2020_12_with_labels() -> None:
    schema = _schema("MeetingHeld")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["type"]["const"] == "zeren.MeetingHeld"
    assert schema["$defs"]["MeetingKind"]["x-labels-zh"]["theme_party_day"] == "主题党日"
    assert "held_on" in schema["$defs"]["MeetingHeld"]["required"]


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_asyncapi_lists_every_topic_and_message() -> None:
    document = json.loads(export.ASYNCAPI_PATH.read_text(encoding="utf-8"))
    assert document["asyncapi"] == "3.0.0"
    assert document["defaultContentType"] == STRUCTURED_CONTENT_TYPE
    addresses = {
        channel["address"].removesuffix(".{source}"): channel
        for channel in document["channels"].values()
    }
    assert set(addresses) == {topic.name for topic in TOPICS}
    intake = addresses[INTAKE_TOPIC]
    assert intake["address"] == "zeren.intake.v1.{source}"  # one topic per campus system
    assert set(intake["parameters"]) == {"source"}
    for topic in TOPICS:
        channel = addresses[topic.name]
        assert set(channel["messages"]) == {model.__name__ for model in topic.messages}
        assert channel["bindings"]["kafka"]["partitions"] == topic.partitions
    messages = document["components"]["messages"]
    assert set(messages) == set(NAMES)
    for event_type, model in EVENT_TYPES.items():
        assert messages[model.__name__]["name"] == event_type
        assert messages[model.__name__]["examples"][0]["payload"] == example_document(
            model.__name__
        )
    operations = document["operations"]
    assert {op["channel"]["$ref"] for op in operations.values()} == {
        f"#/channels/{channel_id}" for channel_id in document["channels"]
    }


def test_asyncapi_references_all_resolve() -> None:
    document = json.loads(export.ASYNCAPI_PATH.read_text(encoding="utf-8"))
    refs = _refs(document)
    assert refs
    for ref in refs:
        assert _resolve(document, ref) is not None, ref
