"""The accountability service on a real broker and database.

1. The scripted university year (``university.py``) published on a fresh duties
   topic yields exactly the expected accountability events, per partition in
   order, and the expected 2018 award-eligibility list and steps not applied over HTTP.
2. ``python -m services.accountability`` killed with SIGKILL mid-stream and
   restarted loses and duplicates nothing: after deduplication by event id (as
   a consumer does) its output equals an uninterrupted run's, byte for byte.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from contracts.bindings import decode, encode_binary
from contracts.events.accountability import AccountabilityAction
from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from services.accountability.adapters.http import http_app
from services.accountability.adapters.projection import AccountabilityProjection
from services.accountability.app import MIGRATIONS
from services.common.consumer import consume
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.kafka_client import KafkaClient
from services.common.migrations import drop_schema
from services.common.outbox import OutboxRelay, new_producer
from services.common.pipeline import Pipeline
from tests.access import DEMO_HEADERS, demo_guard
from tests.conftest import Infra, TopicFactory
from tests.integration.accountability.university import (
    EXPECTED,
    EXPECTED_2018_ELIGIBILITY,
    SLIPPED,
    Published,
    year,
)

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Output:
    """One record read from the accountability topic."""

    event_id: str
    partition: int
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]

    def action(self) -> AccountabilityAction:
        data = decode(self.value, self.headers).data
        assert isinstance(data, AccountabilityAction)
        return data


async def _publish(
    kafka: KafkaClient,
    topic: str,
    records: Iterable[Published],
    after_each: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Publish ``records``; with ``after_each``, await it after every 25 records sent."""
    producer = AIOKafkaProducer(**kafka.options(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for n, record in enumerate(records, 1):
            key, value, headers = encode_binary(record.envelope)
            await producer.send(topic, value, key=key, partition=record.partition, headers=headers)
            if after_each is not None and n % 25 == 0:
                await producer.flush()
                await after_each(n)
        await producer.flush()
    finally:
        await producer.stop()


async def _read(kafka: KafkaClient, topic: str, unique: int, quiet_ms: int = 1500) -> list[Output]:
    """Every record of ``topic`` until ``unique`` distinct ids arrived and the topic is quiet."""
    consumer = AIOKafkaConsumer(topic, **kafka.options(), auto_offset_reset="earliest")
    await consumer.start()
    out: list[Output] = []
    try:
        async with asyncio.timeout(90):
            while len({o.event_id for o in out}) < unique:
                out += _records(await consumer.getmany(timeout_ms=500))
        out += _records(await consumer.getmany(timeout_ms=quiet_ms))
    finally:
        await consumer.stop()
    return out


def _records(batch: dict[Any, list[Any]]) -> list[Output]:
    return [
        Output(dict(r.headers)["ce_id"].decode(), r.partition, r.key, r.value, list(r.headers))
        for records in batch.values()
        for r in records
    ]


def _deduplicated(outputs: list[Output]) -> list[Output]:
    seen: set[str] = set()
    kept = []
    for output in outputs:
        if output.event_id not in seen:
            seen.add(output.event_id)
            kept.append(output)
    return kept


def _by_partition(outputs: list[Output]) -> dict[int, list[Output]]:
    per: dict[int, list[Output]] = {}
    for output in outputs:
        per.setdefault(output.partition, []).append(output)
    return per


async def test_a_scripted_year_yields_the_expected_measures_and_eligibility(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    duties, sink = await new_topic(partitions=2), await new_topic(partitions=2)
    await _publish(infra.kafka, duties, year())
    projection = AccountabilityProjection(2, sink)
    pipeline = Pipeline(db, schema, projection)
    await pipeline.prepare(MIGRATIONS)
    producer = new_producer(infra.kafka)
    await producer.start()
    stop = asyncio.Event()
    relay = OutboxRelay(db, schema, producer)
    tasks = [
        asyncio.create_task(consume(infra.kafka, [duties], pipeline, stop=stop)),
        asyncio.create_task(relay.run()),
    ]
    try:
        outputs = await _read(infra.kafka, sink, len(EXPECTED))
    finally:
        stop.set()
        tasks[1].cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await producer.stop()

    assert len(outputs) == len(EXPECTED)  # nothing republished in an undisturbed run
    per_partition = _by_partition(outputs)
    for partition in (0, 1):
        actions = [o.action() for o in per_partition.get(partition, [])]
        got = [(a.decided_on, partition, type(a).__name__, a.organization_id) for a in actions]
        assert got == [e for e in EXPECTED if e[1] == partition]

    transport = httpx.ASGITransport(app=http_app(lambda: projection.ledger, demo_guard()))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=DEMO_HEADERS
    ) as client:
        lost = (await client.get("/v1/award-eligibility/2018")).json()
        open_cases = (await client.get("/v1/cases", params={"status": "open"})).json()
        admonished = (await client.get("/v1/cases", params={"rung": "admonishment"})).json()
        one = (await client.get(f"/v1/cases/{admonished[0]['case_id']}")).json()
        missing = await client.get("/v1/cases/case-none")
        unapplied = (await client.get("/v1/unapplied", params={"unit": "br-5"})).json()
        waiting = (await client.get("/v1/unapplied", params={"unit": "br-4"})).json()
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-6"]
    assert [p["person_id"] for p in lost["persons"]] == EXPECTED_2018_ELIGIBILITY["persons"]
    restored = [r["subject_id"] for r in lost["restored"]]
    assert restored == EXPECTED_2018_ELIGIBILITY["restored"]
    # Open: br-4 (never rectified; its decision revoked) and br-6 (decided).
    assert sorted(c["organization_id"] for c in open_cases) == ["br-4", "br-6"]
    assert sorted(c["organization_id"] for c in admonished) == ["br-4", "br-6"]
    assert one["history"]
    assert missing.status_code == 404
    assert [(u["event_id"], u["case_id"]) for u in unapplied] == [("closed-br-5-slip", SLIPPED)]
    assert waiting == []  # the review of br-4's decision was applied once it was recorded


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Service:
    """``python -m services.accountability`` as a child process with its own topics and schema."""

    def __init__(self, infra: Infra, tag: str) -> None:
        self.settings = infra.settings(f".{tag}", f"{tag.replace('-', '_')}_")
        self.process: subprocess.Popen[bytes] | None = None

    async def create_input(self, partitions: int) -> str:
        duties = self.settings.topic(DUTIES_TOPIC)
        await ensure_topics(self.settings.kafka, [TopicSpec(duties, partitions)])
        return duties

    def start(self) -> None:
        env = os.environ | self.settings.as_env() | {"ZEREN_ACCOUNTABILITY_PORT": str(_free_port())}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.accountability"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    async def consumed(self, db: asyncpg.Pool) -> int:
        """How many input events the service has committed so far."""
        schema = self.settings.schema("accountability")
        async with db.acquire() as conn:
            if not await conn.fetchval("SELECT to_regclass($1)", f"{schema}.consumed_events"):
                return 0
            return int(await conn.fetchval(f'SELECT count(*) FROM "{schema}".consumed_events'))

    async def committed_at_least(self, db: asyncpg.Pool, threshold: int) -> int:
        """Wait until ``threshold`` input events are committed; return how many are."""
        async with asyncio.timeout(60):
            while True:
                committed = await self.consumed(db)
                if committed >= threshold:
                    return committed
                await asyncio.sleep(0.02)

    async def drop(self, db: asyncpg.Pool) -> None:
        async with db.acquire() as conn:
            await drop_schema(conn, self.settings.schema("accountability"))


async def _run_service(
    infra: Infra, db: asyncpg.Pool, tag: str, kill_after: list[int]
) -> tuple[list[Output], list[int]]:
    """Trickle the year in while the service runs; SIGKILL and restart it each time it
    has committed ``kill_after[i]`` input events. Returns the output and, per kill, how
    many input events were committed when it fell."""
    service = Service(infra, tag)
    duties = await service.create_input(partitions=2)
    at_kills: list[int] = []
    try:
        service.start()

        # The year trickles in 25 records at a time, each step once the service has
        # committed the previous one, so every threshold is crossed mid-stream.
        async def caught_up(sent: int) -> None:
            await service.committed_at_least(db, sent)

        publisher = asyncio.create_task(_publish(infra.kafka, duties, year(), after_each=caught_up))
        for threshold in kill_after:
            committed = await service.committed_at_least(db, threshold)
            service.kill()
            at_kills.append(committed)
            service.start()
        await publisher
        topic = service.settings.topic(ACCOUNTABILITY_TOPIC)
        return await _read(infra.kafka, topic, len(EXPECTED)), at_kills
    finally:
        service.kill()
        await service.drop(db)


@pytest.mark.timeout(240)
async def test_sigkill_mid_stream_loses_and_duplicates_nothing(
    infra: Infra, db: asyncpg.Pool
) -> None:
    tag = uuid.uuid4().hex[:8]
    uninterrupted, _ = await _run_service(infra, db, f"t{tag}a", [])
    interrupted, at_kills = await _run_service(infra, db, f"t{tag}b", [150, 350, 550])
    # The kills fell mid-stream: each with some of the year committed, not all of it.
    assert all(0 < n < len(list(year())) for n in at_kills), at_kills

    def view(outputs: list[Output]) -> dict[int, list[tuple[str, bytes, bytes]]]:
        return {
            p: [(o.event_id, o.key, o.value) for o in records]
            for p, records in sorted(_by_partition(_deduplicated(outputs)).items())
        }

    assert len(_deduplicated(uninterrupted)) == len(EXPECTED)
    assert view(interrupted) == view(uninterrupted)
