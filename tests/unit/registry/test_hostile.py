"""Property tests (hypothesis): no input stops the registry (issue 22).

Hostile Kafka records in both CloudEvents bindings and hostile HTTP bodies, made by
mutating valid ones: decoding either yields an envelope or a coded
:class:`ContractViolation`; judging yields exactly one receipt per submission, and
everything the registry would store or publish of it can be stored (no NUL, no lone
surrogate) and read back. The numbers of examples are fixed, so CI time is bounded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import HTTPException, Request
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.bindings import decode, encode_binary, encode_structured
from contracts.envelope import Envelope, examples
from contracts.errors import ContractViolation
from contracts.topics import source_intake_topic
from services.common.access.sources_file import load_sources
from services.common.pipeline import InputRecord
from services.registry.adapters import records
from services.registry.adapters.http import capped_body, create_app
from services.registry.adapters.intake_topics import IntakeTopics
from services.registry.adapters.journal import _ISSUES, Receipt
from services.registry.adapters.projection import IntakeProjection, RegistryTopics
from services.registry.domain.checkpoints import CheckpointBook
from services.registry.domain.codes import ALL_CODES
from services.registry.domain.organizations import Registry
from tests.access import DEMO_HEADERS, demo_guard

EXAMPLES = list(examples())
#: About 1,500 examples judging some 2,500 submissions, in about 30 s of CPU time.
DECODING = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JUDGING = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Characters that broke the registry or its readers: NUL, lone surrogates, bidi, escapes.
NASTY = ["\x00", "\ud800", "\udcff", "\u202e", "\u2066", "²", "\x1b[31m", "\n", "'", '"', "\\"]

nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=6).map(
    "".join
)
json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text,
        st.sampled_from(["9999-12-31", "1520812800", "2018-03-12", "0000-01-01"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(nasty_text, inner, max_size=3)
    ),
    max_leaves=8,
)  # fmt: skip
raw_bytes = st.one_of(
    st.binary(max_size=64),
    nasty_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.integers(1, 40_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.sampled_from([b"\xff\xfe", b"\xc0\x80", b"1" * 5000, "²".encode()]),
)


def _json_bytes(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def structured_records(draw: st.DrawFn) -> InputRecord:
    """A valid structured envelope with one field replaced, one added or its value broken."""
    env = draw(st.sampled_from(EXAMPLES))
    key, _, headers = encode_structured(env)
    document = json.loads(env.model_dump_json(exclude_none=True))
    where = draw(st.sampled_from(["top", "data", "extra", "raw"]))
    if where == "raw":
        return InputRecord(DEMO_INTAKE, 0, 1, key, draw(raw_bytes), headers)
    target = document["data"] if where == "data" else document
    name = draw(nasty_text) if where == "extra" else draw(st.sampled_from(sorted(target)))
    target[name] = draw(json_values)
    value = _json_bytes(document, draw(st.booleans()))
    return InputRecord(DEMO_INTAKE, 0, 1, key, value, headers)


@st.composite
def binary_records(draw: st.DrawFn) -> InputRecord:
    """A valid binary record with a header replaced, a header added or its value broken."""
    env = draw(st.sampled_from(EXAMPLES))
    key, value, headers = encode_binary(env)
    changed: list[tuple[str, bytes | None]] = list(headers)
    header_value = st.one_of(st.none(), raw_bytes)
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["replace", "add", "value", "data-field"]))
        if what == "replace":
            at = draw(st.integers(0, len(changed) - 1))
            changed[at] = (changed[at][0], draw(header_value))
        elif what == "add":
            name = draw(st.one_of(nasty_text, nasty_text.map(lambda t: f"ce_{t}")))
            changed.append((name, draw(header_value)))
        elif what == "value":
            value = draw(raw_bytes)
        else:
            data = json.loads(encode_binary(env)[1])
            data[draw(st.one_of(st.sampled_from(sorted(data)), nasty_text))] = draw(json_values)
            value = _json_bytes(data, draw(st.booleans()))
    return InputRecord(DEMO_INTAKE, 0, 1, key, value, changed)


SOURCES = load_sources()
#: The demo system's own intake topic: what it claims there is bound to it.
DEMO_INTAKE = source_intake_topic("urn:zeren:demo")


def _projection() -> IntakeProjection:
    intake = IntakeTopics.of((s.source for s in SOURCES.sources), lambda name: name)
    projection = IntakeProjection(SOURCES, RegistryTopics(intake, "events", "rejected"), 3, _now)
    projection.state.move_clock(date(2018, 4, 1))
    return projection


def _now() -> datetime:
    return datetime(2018, 4, 1, 9, tzinfo=UTC)


def _storable(text: str | None) -> bool:
    if text is None:
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


CODES = {code.name for code in ALL_CODES}


def _judged_safely(projection: IntakeProjection, record: InputRecord) -> Receipt:
    """Judge ``record``; check one receipt, storable, with known codes, and its notice."""
    outputs = projection.handle(record)
    [receipt] = projection.take_receipts()
    assert all(map(_storable, (receipt.source, receipt.event_id, receipt.event_type)))
    assert "\x00" not in str(json.loads(_ISSUES.dump_json(list(receipt.issues))))
    for found in receipt.issues:
        assert found.code.startswith("schema.") or found.code in CODES, found
    if receipt.outcome.value == "rejected":
        [notice] = outputs
        rejected = decode(notice.value, list(notice.headers))
        assert rejected.type == "zeren.SubmissionRejected"
        assert rejected.data.code == receipt.issues[0].code  # type: ignore[attr-defined]
    return receipt


def _decodes_or_violates(record: InputRecord) -> None:
    """Decoding ends in an envelope or a violation with codes; nothing else escapes."""
    try:
        decoded: Envelope | ContractViolation = decode(record.value, record.headers)
    except ContractViolation as violation:
        decoded = violation
    assert isinstance(decoded, Envelope) or decoded.codes


@DECODING
@given(structured_records())
def test_a_structured_record_decodes_or_is_a_coded_violation(record: InputRecord) -> None:
    _decodes_or_violates(record)


@DECODING
@given(binary_records())
def test_a_binary_record_decodes_or_is_a_coded_violation(record: InputRecord) -> None:
    _decodes_or_violates(record)


@JUDGING
@given(st.lists(st.one_of(structured_records(), binary_records()), min_size=1, max_size=5))
def test_every_kafka_record_is_judged_and_what_is_kept_can_be_stored(
    batch: list[InputRecord],
) -> None:
    projection = _projection()
    for record in batch:
        _judged_safely(projection, record)


class _Port:
    """The registry as the HTTP interface sees it, judging through a real projection."""

    def __init__(self) -> None:
        self.projection = _projection()
        self.checkpoints = CheckpointBook()  # as the relay saved them

    @property
    def registry(self) -> Registry:
        return self.projection.state.registry

    @property
    def today(self) -> date | None:
        return self.projection.state.clock.today

    async def submit(self, documents: list[bytes], caller: str) -> list[Receipt]:
        return [_judged_safely(self.projection, records.http_record(d, caller)) for d in documents]

    async def advance_clock(self, to: date) -> int:
        raise NotImplementedError

    async def receipts(self, event_id: str, source: str | None) -> list[Receipt]:
        raise NotImplementedError

    async def rejections(self, limit: int, source: str | None) -> list[Receipt]:
        raise NotImplementedError

    async def counts(self) -> dict[str, int]:
        raise NotImplementedError

    async def checkpoints_of(self, month: str) -> list[dict[str, Any]]:
        return self.checkpoints.of_month(month)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(_Port(), demo_guard())) as test_client:
        yield test_client


DEMO = DEMO_HEADERS | {"Content-Type": "application/json"}


@st.composite
def http_bodies(draw: st.DrawFn) -> bytes:
    """One structured event, or an array of a few, with hostile fields; or raw bytes."""
    kind = draw(st.sampled_from(["one", "array", "raw"]))
    if kind == "raw":
        return draw(raw_bytes)
    events = [draw(structured_records()).value or b"null" for _ in range(draw(st.integers(1, 4)))]
    return events[0] if kind == "one" else b"[" + b",".join(events) + b"]"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(http_bodies())
def test_an_http_body_gets_a_receipt_per_event_and_the_registry_stays_up(
    client: TestClient, body: bytes
) -> None:
    response = client.post("/v1/events", content=body, headers=DEMO)
    assert response.status_code in (200, 413), response.text
    if response.status_code == 200:
        answer = response.json()
        assert answer["accepted"] + answer["duplicate"] + answer["rejected"] == len(
            answer["results"]
        )
    assert client.get("/healthz").status_code == 200


async def test_a_chunked_body_is_refused_while_it_streams() -> None:
    """A body that never ends (no length announced) is refused once past the limit: had it
    been read whole first, this would never return."""
    pulled = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"[" * 4, "more_body": True}

    scope = {"type": "http", "method": "POST", "path": "/v1/events", "headers": []}
    with pytest.raises(HTTPException) as refused:
        await capped_body(Request(scope, receive), limit=10)
    assert refused.value.status_code == 413
    assert pulled == 3


async def test_an_announced_length_over_the_limit_is_refused_before_reading() -> None:
    async def receive() -> dict[str, Any]:
        raise AssertionError("the body was read")

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"11")]}
    with pytest.raises(HTTPException) as refused:
        await capped_body(Request(scope, receive), limit=10)
    assert refused.value.status_code == 413


@pytest.mark.parametrize("to", ["9999-12-31", "1520812800", 1520812800, "2018-4-1"])
def test_the_clock_is_driven_only_to_a_day_the_contracts_allow(client: TestClient, to: Any) -> None:
    answer = client.post("/v1/clock/advance", json={"to": to}, headers=DEMO_HEADERS)
    assert answer.status_code == 422
