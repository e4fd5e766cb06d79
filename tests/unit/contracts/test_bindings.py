"""Both CloudEvents Kafka bindings round-trip, and broken messages are named precisely."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from contracts.bindings import Record, decode, encode_binary, encode_structured
from contracts.envelope import MAX_MESSAGE_BYTES, Envelope, examples
from contracts.errors import (
    BAD_FORMAT,
    BAD_JSON,
    BAD_SPECVERSION,
    DATE_ORDER,
    EXTRA_FIELD,
    MISSING,
    NAIVE_DATETIME,
    NOT_CLOUDEVENT,
    SUBJECT_MISMATCH,
    TOO_LARGE,
    UNKNOWN_TYPE,
    ContractViolation,
)

from .conftest import STRUCTURED_HEADERS, example_document, example_of, structured

pytestmark = pytest.mark.unit

EXAMPLES = list(examples())
ENCODERS: list[Callable[[Envelope], Record]] = [encode_structured, encode_binary]


def _violation(value: bytes | None, headers: list[tuple[str, bytes]]) -> ContractViolation:
    with pytest.raises(ContractViolation) as caught:
        decode(value, headers)
    return caught.value


@pytest.mark.parametrize("encode", ENCODERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("env", EXAMPLES, ids=lambda e: e.type)
def test_every_example_round_trips(encode: Callable[[Envelope], Record], env: Envelope) -> None:
    key, value, headers = encode(env)
    decoded = decode(value, headers)
    assert decoded == env
    assert type(decoded) is type(env)
    assert key == env.subject.encode()


def test_structured_mode_carries_the_whole_envelope() -> None:
    env = example_of("DuesPaid")
    _, value, headers = encode_structured(env)
    assert headers == [("content-type", b"application/cloudevents+json")]
    document = json.loads(value)
    assert document["type"] == "zeren.DuesPaid"
    assert document["data"]["amount"] == "42.50"


def test_binary_mode_puts_attributes_in_headers() -> None:
    env = example_of("MeetingHeld")
    _, value, headers = encode_binary(env)
    header_map = dict(headers)
    assert header_map == {
        "ce_specversion": b"1.0",
        "ce_id": b"example-zeren.MeetingHeld",
        "ce_source": b"urn:zeren:examples",
        "ce_type": b"zeren.MeetingHeld",
        "ce_subject": b"br-edu-faculty-1",
        "ce_time": b"2018-04-01T09:30:00+08:00",
        "ce_recordedtime": b"2018-04-01T09:30:02+08:00",
        "ce_schemaversion": b"1",
        "content-type": b"application/json",
    }
    assert json.loads(value) == json.loads(env.data.model_dump_json())


def _binary_headers(**changes: bytes | None) -> tuple[bytes, list[tuple[str, bytes]]]:
    _, value, headers = encode_binary(example_of("MeetingHeld"))
    changed = [(n, changes.get(n.removeprefix("ce_"), raw)) for n, raw in headers]
    return value, [(n, raw) for n, raw in changed if raw is not None]


def _assert_single(violation: ContractViolation, field: str, code: str, zh: str) -> None:
    assert violation.fields == [field]
    assert violation.codes == [code]
    assert zh in violation.issues[0].message_zh
    assert violation.issues[0].message_zh.startswith(field)
    assert violation.issues[0].message_en.startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("change", "field", "code", "zh"),
    [
        (lambda d: d.pop("id"), "id", MISSING, "缺少字段"),
        (lambda d: d.update(time="2018-04-01T09:30:00"), "time", NAIVE_DATETIME, "时间必须带时区"),
        (lambda d: d.update(type="zeren.MeetingCancelled"), "type", UNKNOWN_TYPE, "未知事件类型"),
        (lambda d: d.pop("type"), "type", MISSING, "缺少字段"),
        (lambda d: d.update(priority="high"), "priority", EXTRA_FIELD, "不允许的额外字段"),
        (lambda d: d["data"].update(venue="礼堂"), "data.venue", EXTRA_FIELD, "不允许的额外字段"),
        (lambda d: d.update(specversion="0.3"), "specversion", BAD_SPECVERSION, "specversion"),
        (lambda d: d.pop("specversion"), "specversion", MISSING, "缺少字段"),
        (lambda d: d.update(subject="gb-edu"), "subject", SUBJECT_MISMATCH, "负责组织"),
        (lambda d: d["data"].pop("held_on"), "data.held_on", MISSING, "缺少字段"),
    ],
    ids=[
        "missing-id",
        "naive-time",
        "unknown-type",
        "missing-type",
        "extra-attribute",
        "extra-data-field",
        "bad-specversion",
        "missing-specversion",
        "subject-mismatch",
        "missing-data-field",
    ],
)
def test_structured_violations_name_the_field(
    change: Callable[[dict[str, Any]], object], field: str, code: str, zh: str
) -> None:
    document = example_document("MeetingHeld")
    change(document)
    _assert_single(_violation(structured(document), STRUCTURED_HEADERS), field, code, zh)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"id": None}, "id", MISSING),
        ({"time": b"2018-04-01T09:30:00"}, "time", NAIVE_DATETIME),
        ({"type": b"zeren.Nonsense"}, "type", UNKNOWN_TYPE),
        ({"specversion": b"2.0"}, "specversion", BAD_SPECVERSION),
    ],
    ids=["missing-id", "naive-time", "unknown-type", "bad-specversion"],
)
def test_binary_violations_name_the_field(
    changes: dict[str, bytes | None], field: str, code: str
) -> None:
    value, headers = _binary_headers(**changes)
    violation = _violation(value, headers)
    assert violation.fields == [field]
    assert violation.codes == [code]


def test_binary_extension_header_is_an_extra_field() -> None:
    value, headers = _binary_headers()
    violation = _violation(value, [*headers, ("ce_priority", b"high")])
    _assert_single(violation, "priority", EXTRA_FIELD, "不允许的额外字段")


def test_binary_bad_json_data() -> None:
    _, headers = _binary_headers()
    _assert_single(_violation(b"{not json", headers), "data", BAD_JSON, "JSON")


def test_binary_tombstone_misses_data() -> None:
    _, headers = _binary_headers()
    _assert_single(_violation(None, headers), "data", MISSING, "缺少字段")


@pytest.mark.parametrize("encode", ENCODERS, ids=lambda f: f.__name__)
def test_oversize_messages_are_refused(encode: Callable[[Envelope], Record]) -> None:
    _, value, headers = encode(example_of("MeetingHeld"))
    padded = value[:-1] + b" " * MAX_MESSAGE_BYTES + value[-1:]
    violation = _violation(padded, headers)
    _assert_single(violation, "message", TOO_LARGE, "消息过大")
    assert str(MAX_MESSAGE_BYTES) in violation.issues[0].message_en


def test_oversize_field_is_named_before_the_total_limit() -> None:
    document = example_document("MeetingHeld")
    document["data"]["topic"] = "议" * 300
    violation = _violation(structured(document), STRUCTURED_HEADERS)
    assert violation.fields == ["data.topic"]
    assert violation.codes == ["schema.too_long"]


def test_records_without_cloudevents_markers_are_refused() -> None:
    value = structured(example_document("MeetingHeld"))
    violation = _violation(value, [("content-type", b"application/json")])
    _assert_single(violation, "content-type", NOT_CLOUDEVENT, "不是 CloudEvents 消息")


def test_cross_field_rule_reported_with_data_path() -> None:
    document = example_document("InspectionFindingRecorded")
    document["data"]["rectification_deadline"] = "2018-01-01"
    violation = _violation(structured(document), STRUCTURED_HEADERS)
    _assert_single(violation, "data.rectification_deadline", DATE_ORDER, "日期先后顺序错误")


def test_all_issues_are_reported_together() -> None:
    document = example_document("MeetingHeld")
    del document["id"]
    document["time"] = "2018-04-01T09:30:00"
    document["data"]["kind"] = "picnic"
    violation = _violation(structured(document), STRUCTURED_HEADERS)
    assert violation.fields == ["id", "time", "data.kind"]
    assert [issue.model_dump()["code"] for issue in violation.issues] == [
        MISSING,
        NAIVE_DATETIME,
        "schema.bad_value",
    ]


@pytest.mark.parametrize("env", list(examples()), ids=lambda e: e.type)
def test_stamping_while_encoding_equals_encoding_a_stamped_copy(env: Envelope) -> None:
    """The registry stamps 入账时间 as it encodes: the very record a stamped copy gives."""
    when = datetime(2018, 4, 2, 8, 0, 1, 250000, tzinfo=timezone(timedelta(hours=8)))
    for submitted in (env, env.model_copy(update={"recordedtime": None})):  # as submitted
        assert encode_binary(submitted, when) == encode_binary(submitted.recorded_at(when))
        assert decode(*encode_binary(submitted, when)[1:]).recordedtime == when


def test_stamping_while_encoding_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="time zone"):
        encode_binary(example_of("DuesPaid"), datetime(2018, 4, 2, 8, 0))


@pytest.mark.parametrize("env", list(examples()), ids=lambda e: e.type)
@pytest.mark.parametrize(
    "when",
    [
        datetime(2018, 4, 2, 8, 0, 1, 250000, tzinfo=timezone(timedelta(hours=8))),
        datetime(2026, 1, 1, 3, 4, 5, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
    ],
    ids=["shanghai-ms", "utc-us", "offset-whole-second"],
)
def test_binary_headers_and_value_are_the_envelopes_json_form(
    env: Envelope, when: datetime
) -> None:
    """Each header reads as the attribute's JSON form; the value is the payload's JSON."""
    stamped = env.model_copy(update={"time": when, "recordedtime": when})
    _, value, headers = encode_binary(stamped)
    document = json.loads(stamped.model_dump_json(exclude_none=True))
    data = document.pop("data")
    assert headers == [
        *(
            (f"ce_{name}", str(text).encode())
            for name, text in document.items()
            if name != "datacontenttype"
        ),
        ("content-type", document["datacontenttype"].encode()),
    ]
    assert value == stamped.data.model_dump_json(exclude_none=True).encode()
    assert json.loads(value) == data


@pytest.mark.parametrize("header", ["ce_source", "ce_x-campus-batch", "content-type"])
def test_a_header_that_is_not_utf8_is_named(header: str) -> None:
    value, headers = _binary_headers()
    headers = [(n, raw) for n, raw in headers if n != header] + [(header, b"\xff\xfe")]
    violation = _violation(value, headers)
    assert violation.fields == [header.removeprefix("ce_")]
    assert violation.codes == [BAD_FORMAT]
    assert "UTF-8" in violation.issues[0].message_en
