"""Hostile submissions for the registry's tests (issue 22): the poison kinds of the issue,
with the code each is rejected with, and a producer that can write them all."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.producer import message_accumulator, producer
from aiokafka.record import default_records

from contracts.bindings import STRUCTURED_CONTENT_TYPE, encode_binary, encode_structured
from contracts.envelope import Envelope
from contracts.events import activities as a
from tests.integration.registry.conftest import event, payload

Headers = Sequence[tuple[str, bytes | None]]
KafkaRecord = tuple[bytes, bytes | None, Headers]


def meeting(event_id: str, topic: str = "学习") -> Envelope:
    fact = payload(a.MeetingHeld, organization_id="br-1", meeting_id=event_id,
                   kind="branch_committee_meeting", held_on="2018-03-12",
                   expected_attendees=5, present_attendees=4, topic=topic)  # fmt: skip
    return event(fact, event_id)


def binary_record(env: Envelope, **replaced: bytes | None) -> KafkaRecord:
    key, value, headers = encode_binary(env)
    return key, value, [(n, replaced.get(n.removeprefix("ce_"), v)) for n, v in headers]


def structured_record(document: dict[str, Any] | bytes) -> KafkaRecord:
    value = document if isinstance(document, bytes) else json.dumps(document).encode()
    return b"br-1", value, [("content-type", STRUCTURED_CONTENT_TYPE.encode())]


def document(env: Envelope, **changes: Any) -> dict[str, Any]:
    """``env`` in structured mode as a JSON object, with ``changes`` to its attributes."""
    written: dict[str, Any] = json.loads(encode_structured(env)[1])
    return {**written, **changes}


def deep(depth: int = 30_000) -> bytes:
    return b"[" * depth + b"]" * depth


NOT_UTF8_NAME = "ce_\udcff"  # produced as the bytes ce_\xff (see _RawNameBuilder)


def kafka_poisons() -> dict[str, tuple[KafkaRecord, str]]:
    """Each Kafka poison kind of issue 22: the record and the code it is rejected with."""
    m = meeting("poison")
    data_with_surrogate = encode_binary(m)[1].replace(b'"topic":"', b'"topic":"\\udc00')
    return {
        "deep-structured": (structured_record(deep()), "schema.bad_json"),
        "deep-binary-data": ((b"br-1", deep(), encode_binary(m)[2]), "schema.bad_json"),
        "schemaversion-superscript": (
            binary_record(m, schemaversion="²".encode()),
            "schema.bad_type",
        ),
        "schemaversion-4301-digits": (
            binary_record(m, schemaversion=b"1" * 4301),
            "schema.bad_type",
        ),
        "nul-in-source": (structured_record(document(m, source="urn:a\x00b")), "schema.bad_format"),
        "nul-in-id-binary": (binary_record(m, id=b"p\x00id"), "schema.bad_format"),
        "surrogate-in-id": (
            structured_record(json.dumps(document(m, id="\ud800")).encode()),
            "schema.bad_json",
        ),
        "surrogate-in-binary-data": (
            (b"br-1", data_with_surrogate, encode_binary(m)[2]),
            "schema.bad_json",
        ),
        "extra-field-named-nul": (
            structured_record(document(m, **{"\x00": 1})),
            "schema.extra_field",
        ),
        "attribute-named-nul-binary": (
            (b"br-1", encode_binary(m)[1], [*encode_binary(m)[2], ("ce_\x00", b"1")]),
            "schema.bad_format",
        ),
        "header-with-null-value": (
            (b"br-1", encode_binary(m)[1], [*encode_binary(m)[2], ("x-trace", None)]),
            "schema.bad_format",
        ),
        "header-name-not-utf8": (
            (b"br-1", encode_binary(m)[1], [*encode_binary(m)[2], (NOT_UTF8_NAME, b"1")]),
            "intake.unreadable",
        ),
        "time-as-unix-timestamp": (binary_record(m, time=b"1520812800"), "schema.bad_format"),
        "date-9999": (
            structured_record(document(m, data={**document(m)["data"], "held_on": "9999-12-31"})),
            "schema.out_of_range",
        ),
        "bidi-in-text": (
            structured_record(document(m, data={**document(m)["data"], "topic": "学习\u202e"})),
            "schema.bad_character",
        ),
    }


def http_poisons() -> dict[str, tuple[bytes, str]]:
    """HTTP bodies of issue 22 (one event each) and the code each is rejected with."""
    m = meeting("poison")
    return {
        "nul-in-source": (
            json.dumps(document(m, source="urn:a\x00b")).encode(),
            "schema.bad_format",
        ),
        "surrogate-in-id": (json.dumps(document(m, id="\ud800")).encode(), "schema.bad_json"),
        "deep": (deep(), "schema.bad_json"),
        "array-of-deep": (b"[" + deep(20_000) + b"]", "schema.bad_json"),
        "time-as-number": (json.dumps(document(m, time=1520812800)).encode(), "schema.bad_type"),
    }


class _RawNameBuilder(default_records._DefaultRecordBatchBuilderPy):  # type: ignore[misc]
    """aiokafka's pure-Python batch builder, writing ``ce_\\udcff`` as the bytes ``ce_\\xff``
    (no client writes a header name that is not UTF-8; a hostile one can)."""

    def append(self, offset: int, timestamp: Any, key: Any, value: Any, headers: Any) -> Any:
        raw = [(_RawName(n), v) for n, v in headers]
        return super().append(offset, timestamp, key, value, raw)

    @classmethod
    def size_of(cls, key: Any, value: Any, headers: Any) -> int:
        return int(super().size_of(key, value, [(_RawName(n), v) for n, v in headers]))


class _RawName(str):
    """A header name written as its surrogates say: ``\\udcff`` as the byte ``\\xff``,
    any other lone surrogate as its three bytes; neither is UTF-8."""

    __slots__ = ()

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        try:
            return str.encode(self, encoding, "surrogateescape")
        except UnicodeEncodeError:
            return str.encode(self, encoding, "surrogatepass")


async def send_each(
    bootstrap: str, topic: str, records: list[tuple[str, KafkaRecord]]
) -> dict[str, str]:
    """Send ``records`` one after the other; where each landed (``topic:partition:offset``)."""
    sender = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await sender.start()
    positions = {}
    try:
        for name, (key, value, headers) in records:
            sent = await sender.send_and_wait(topic, value, key=key, headers=headers)
            positions[name] = f"{topic}:{sent.partition}:{sent.offset}"
    finally:
        await sender.stop()
    return positions


@contextmanager
def raw_header_names() -> Iterator[None]:
    """Producers built inside write a header name with lone surrogates as bytes that are
    not UTF-8 (:data:`NOT_UTF8_NAME` as ``ce_\\xff``), as no client would."""
    patch = pytest.MonkeyPatch()
    try:
        for module in (message_accumulator, producer):
            patch.setattr(module, "DefaultRecordBatchBuilder", _RawNameBuilder)
        yield
    finally:
        patch.undo()
