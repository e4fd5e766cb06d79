"""What the registry reads off a Kafka record or an HTTP submission (记录解读).

HTTP submissions and clock commands travel through the same :class:`Pipeline`
as Kafka records, as :class:`InputRecord` with a pseudo-topic and offset -1.
Only those pseudo-records carry the ``zeren-caller`` header, so a Kafka record
cannot claim an authenticated caller.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date

from contracts.bindings import CONTENT_TYPE, HEADER_PREFIX, STRUCTURED_CONTENT_TYPE
from contracts.errors import ContractViolation
from contracts.jsontext import dumps, loads
from services.common.pipeline import InputRecord
from services.registry.domain.rejection import Original, Submitter

HTTP_TOPIC = "http"
CLOCK_TOPIC = "clock"
BEAT_TOPIC = "beat"
CALLER_HEADER = "zeren-caller"
RECEIPT_HEADER = "zeren-receipt"
_STRUCTURED = [(CONTENT_TYPE, STRUCTURED_CONTENT_TYPE.encode())]


def http_record(document: bytes, caller: str) -> InputRecord:
    """One event of an HTTP request (structured JSON), from the authenticated ``caller``."""
    headers = [
        *_STRUCTURED,
        (CALLER_HEADER, caller.encode()),
        (RECEIPT_HEADER, f"http:{uuid.uuid4()}".encode()),
    ]
    return InputRecord(HTTP_TOPIC, 0, -1, None, document, headers)


def clock_record(target: date) -> InputRecord:
    """A command to move the clock to ``target`` (时钟推进指令)."""
    return InputRecord(CLOCK_TOPIC, 0, -1, None, json.dumps({"to": target.isoformat()}).encode())


def beat_record() -> InputRecord:
    """A command to close the facts appended since the last tick or beat (节拍指令)."""
    return InputRecord(BEAT_TOPIC, 0, -1, None, b"{}")


def clock_target(record: InputRecord) -> date:
    """The day a clock command moves to."""
    return date.fromisoformat(json.loads(record.value or b"{}")["to"])


def caller(record: InputRecord) -> str | None:
    """The authenticated source of an HTTP submission; None for Kafka records."""
    return record.header(CALLER_HEADER) if record.topic == HTTP_TOPIC else None


def receipt(record: InputRecord) -> str:
    """Where the submission was received: ``topic:partition:offset`` or ``http:<uuid>``."""
    if record.topic == HTTP_TOPIC:
        return record.header(RECEIPT_HEADER) or "http"
    return f"{record.topic}:{record.partition}:{record.offset}"


def submitter(record: InputRecord) -> Submitter:
    """Subject and id as far as they can be read without a valid envelope."""
    attributes = _ce_headers(record)
    if "id" in attributes:
        return Submitter(attributes.get("subject"), attributes["id"], attributes.get("source"))
    document = _json(record.value)
    if isinstance(document, dict):
        return Submitter(
            _text(document.get("subject")), _text(document.get("id")), _text(document.get("source"))
        )
    return Submitter((record.key or b"").decode(errors="replace") or None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def original(record: InputRecord) -> Original:
    """The submission as received: JSON when it is (a binary record as its structured form);
    the raw bytes in base64 otherwise."""
    attributes = _ce_headers(record)
    document = _json(record.value)
    if attributes and document is not None:
        return Original(dumps({**attributes, "data": document}).decode(), "json")
    if not attributes and document is not None and record.value is not None:
        return Original(record.value.decode(), "json")
    return Original(base64.b64encode(record.value or b"").decode(), "base64")


def _ce_headers(record: InputRecord) -> dict[str, str]:
    return {
        name.removeprefix(HEADER_PREFIX): value.decode(errors="replace")
        for name, value in record.headers
        if name.startswith(HEADER_PREFIX) and value is not None
    }


def _json(value: bytes | None) -> object | None:
    if value is None:
        return None
    try:
        parsed: object = loads(value.decode())  # UTF-8 only, like the envelope
    except (UnicodeDecodeError, ContractViolation):
        return None
    return parsed
