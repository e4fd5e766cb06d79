"""Poison submissions on the real broker and over HTTP (issue 22): each one is journaled as
rejected with its code, and the valid submissions around it are judged as usual.

One registry takes every kind at once, in order on one partition: a valid meeting, the
poison, another valid meeting. A poison that stopped the registry would leave the
meetings behind it unjudged and the summary short of what was sent.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.producer import message_accumulator, producer
from aiokafka.record import default_records

from contracts.bindings import STRUCTURED_CONTENT_TYPE, encode_binary, encode_structured
from contracts.envelope import Envelope
from contracts.events import activities as a
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.registry.app import registry_topics, run
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    DEMO_TOKEN,
    RunningRegistry,
    driven,
    event,
    fresh_settings,
    payload,
    read_all,
    settled,
    wait_healthy,
)

pytestmark = pytest.mark.timeout(180)

Headers = Sequence[tuple[str, bytes | None]]
KafkaRecord = tuple[bytes, bytes | None, Headers]


def meeting(event_id: str, topic: str = "学习") -> Envelope:
    fact = payload(a.MeetingHeld, organization_id="br-1", meeting_id=event_id,
                   kind="branch_committee_meeting", held_on="2018-03-12",
                   expected_attendees=5, present_attendees=4, topic=topic)  # fmt: skip
    return event(fact, event_id)


def _binary(env: Envelope, **replaced: bytes | None) -> KafkaRecord:
    key, value, headers = encode_binary(env)
    return key, value, [(n, replaced.get(n.removeprefix("ce_"), v)) for n, v in headers]


def _structured(document: dict[str, Any] | bytes) -> KafkaRecord:
    value = document if isinstance(document, bytes) else json.dumps(document).encode()
    return b"br-1", value, [("content-type", STRUCTURED_CONTENT_TYPE.encode())]


def _document(env: Envelope, **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(encode_structured(env)[1])
    return {**document, **changes}


def _deep(depth: int = 30_000) -> bytes:
    return b"[" * depth + b"]" * depth


NOT_UTF8_NAME = "ce_\udcff"  # produced as the bytes ce_\xff (see _RawNameBuilder)


def kafka_poisons() -> dict[str, tuple[KafkaRecord, str]]:
    """Each Kafka poison kind of issue 22: the record and the code it is rejected with."""
    m = meeting("poison")
    data_with_surrogate = encode_binary(m)[1].replace(b'"topic":"', b'"topic":"\\udc00')
    return {
        "deep-structured": (_structured(_deep()), "schema.bad_json"),
        "deep-binary-data": ((b"br-1", _deep(), encode_binary(m)[2]), "schema.bad_json"),
        "schemaversion-superscript": (_binary(m, schemaversion="²".encode()), "schema.bad_type"),
        "schemaversion-4301-digits": (_binary(m, schemaversion=b"1" * 4301), "schema.bad_type"),
        "nul-in-source": (_structured(_document(m, source="urn:a\x00b")), "schema.bad_format"),
        "nul-in-id-binary": (_binary(m, id=b"p\x00id"), "schema.bad_format"),
        "surrogate-in-id": (
            _structured(json.dumps(_document(m, id="\ud800")).encode()),
            "schema.bad_json",
        ),
        "surrogate-in-binary-data": (
            (b"br-1", data_with_surrogate, encode_binary(m)[2]),
            "schema.bad_json",
        ),
        "extra-field-named-nul": (_structured(_document(m, **{"\x00": 1})), "schema.extra_field"),
        "header-with-null-value": (
            (b"br-1", encode_binary(m)[1], [*encode_binary(m)[2], ("x-trace", None)]),
            "schema.bad_format",
        ),
        "header-name-not-utf8": (
            (b"br-1", encode_binary(m)[1], [*encode_binary(m)[2], (NOT_UTF8_NAME, b"1")]),
            "intake.unreadable",
        ),
        "time-as-unix-timestamp": (_binary(m, time=b"1520812800"), "schema.bad_format"),
        "date-9999": (
            _structured(_document(m, data={**_document(m)["data"], "held_on": "9999-12-31"})),
            "schema.out_of_range",
        ),
        "bidi-in-text": (
            _structured(_document(m, data={**_document(m)["data"], "topic": "学习\u202e"})),
            "schema.bad_character",
        ),
    }


def http_poisons() -> dict[str, tuple[bytes, str]]:
    """HTTP bodies of issue 22 (one event each) and the code each is rejected with."""
    m = meeting("poison")
    return {
        "nul-in-source": (
            json.dumps(_document(m, source="urn:a\x00b")).encode(),
            "schema.bad_format",
        ),
        "surrogate-in-id": (json.dumps(_document(m, id="\ud800")).encode(), "schema.bad_json"),
        "deep": (_deep(), "schema.bad_json"),
        "array-of-deep": (b"[" + _deep(20_000) + b"]", "schema.bad_json"),
        "time-as-number": (json.dumps(_document(m, time=1520812800)).encode(), "schema.bad_type"),
    }


class _RawNameBuilder(default_records._DefaultRecordBatchBuilderPy):  # type: ignore[misc]
    """aiokafka's pure-Python batch builder, writing ``ce_\\udcff`` as the bytes ``ce_\\xff``
    (no client writes a header name that is not UTF-8; a hostile one can)."""

    def append(self, offset: int, timestamp: Any, key: Any, value: Any, headers: Any) -> Any:
        raw = [(_RawName(n) if n == NOT_UTF8_NAME else n, v) for n, v in headers]
        return super().append(offset, timestamp, key, value, raw)

    @classmethod
    def size_of(cls, key: Any, value: Any, headers: Any) -> int:
        return int(super().size_of(key, value, [(_RawName(n), v) for n, v in headers]))


class _RawName(str):
    __slots__ = ()

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return str.encode(self, encoding, "surrogateescape")


@dataclass
class Sent:
    """Where each kind's three records landed: ``topic:partition:offset`` of the poison."""

    poison: dict[str, str]
    http: dict[str, dict[str, Any]]
    received: int


async def _send(
    bootstrap: str, topic: str, records: list[tuple[str, KafkaRecord]]
) -> dict[str, str]:
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


@pytest.fixture(scope="module")
async def poisoned(infra: Infra) -> AsyncIterator[tuple[RunningRegistry, Sent]]:
    """One registry fed every poison kind between two valid meetings, judged."""
    settings = fresh_settings(infra)
    await ensure_zeren_topics(settings)
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=4)
    config, stop = driven(), asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    patch = pytest.MonkeyPatch()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{config.port}") as http:
            await wait_healthy(http, task)
            running = RunningRegistry(settings, config, pool, http)
            await running.open_university()
            records: list[tuple[str, KafkaRecord]] = []
            for kind, (record, _) in kafka_poisons().items():
                records += [
                    (f"{kind}-before", encode_binary(meeting(f"before-{kind}"))),
                    (kind, record),
                    (f"{kind}-after", encode_structured(meeting(f"after-{kind}"))),
                ]
            # Every record goes through the pure-Python builder, which can write the bad name.
            for module in (message_accumulator, producer):
                patch.setattr(module, "DefaultRecordBatchBuilder", _RawNameBuilder)
            poison = await _send(
                settings.kafka_bootstrap, registry_topics(settings).intake, records
            )
            patch.undo()
            answers = {}
            for kind, (document, _) in http_poisons().items():
                response = await http.post(
                    "/v1/events", content=document,
                    headers={"Authorization": f"Bearer {DEMO_TOKEN}",
                             "Content-Type": "application/json"},
                )  # fmt: skip
                answers[kind] = {"status": response.status_code, **response.json()}
            received = 6 + len(records) + len(answers)
            await settled(http, pool, running.schema, received, within=120)
            yield running, Sent(poison, answers, received)
    finally:
        patch.undo()
        stop.set()
        await asyncio.wait_for(task, 30)
        async with pool.acquire() as conn:
            await drop_schema(conn, settings.schema("registry"))
        await pool.close()


async def _journal(running: RunningRegistry, where: str) -> asyncpg.Record:
    async with running.pool.acquire() as conn:
        row = await conn.fetchrow(
            f'SELECT outcome, codes FROM "{running.schema}".submissions WHERE received_from = $1',
            where,
        )
    assert row is not None, f"{where} was never judged"
    return row


@pytest.mark.parametrize("kind", list(kafka_poisons()))
async def test_a_kafka_poison_is_rejected_and_the_records_around_it_judged(
    poisoned: tuple[RunningRegistry, Sent], kind: str
) -> None:
    running, sent = poisoned
    assert (await running.http.get("/healthz")).status_code == 200
    row = await _journal(running, sent.poison[kind])
    assert row["outcome"] == "rejected"
    assert row["codes"][0] == kafka_poisons()[kind][1]
    for side in ("before", "after"):
        receipts = (await running.http.get(f"/v1/events/{side}-{kind}")).json()["receipts"]
        assert [r["outcome"] for r in receipts] == ["accepted"], (side, receipts)


@pytest.mark.parametrize("kind", list(http_poisons()))
async def test_an_http_poison_is_a_coded_rejection(
    poisoned: tuple[RunningRegistry, Sent], kind: str
) -> None:
    running, sent = poisoned
    answer = sent.http[kind]
    assert answer["status"] == 200, answer
    assert answer["rejected"] == 1
    assert answer["results"][0]["issues"][0]["code"] == http_poisons()[kind][1]
    assert (await running.http.get("/healthz")).status_code == 200


async def test_every_poison_is_published_as_a_rejection_and_the_counts_reconcile(
    poisoned: tuple[RunningRegistry, Sent],
) -> None:
    running, sent = poisoned
    counts = (await running.http.get("/v1/submissions/summary")).json()
    assert counts["received"] == sent.received
    assert counts["received"] == counts["accepted"] + counts["duplicate"] + counts["rejected"]
    assert counts["rejected"] == len(kafka_poisons()) + len(http_poisons())
    notices = await read_all(
        running.settings.kafka_bootstrap, registry_topics(running.settings).rejected
    )
    assert len(notices) == counts["rejected"]
