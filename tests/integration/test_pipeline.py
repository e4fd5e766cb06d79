"""The shared runtime (batch transaction + outbox relay) with a toy projection, on real parts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.common.consumer import consume
from services.common.outbox import OutboxRecord, OutboxRelay, new_producer
from services.common.pipeline import InputRecord, Pipeline
from tests.conftest import Infra, TopicFactory


class Tally:
    """Counts facts per organization and emits one running total per fact."""

    def __init__(self, out_topic: str) -> None:
        self.out_topic = out_topic
        self.counts: dict[str, int] = {}
        self._changed: set[str] = set()

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.counts = {k: int(v) for k, v in entries.items()}

    def event_id(self, record: InputRecord) -> str | None:
        return record.header("ce_id")

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        org = (record.key or b"").decode()
        self.counts[org] = self.counts.get(org, 0) + 1
        self._changed.add(org)
        body = json.dumps({"org": org, "total": self.counts[org], "cause": record.header("ce_id")})
        return [OutboxRecord(self.out_topic, body.encode(), record.key, record.partition)]

    def take_changes(self) -> dict[str, Any | None]:
        changed: dict[str, Any | None] = {k: self.counts[k] for k in self._changed}
        self._changed.clear()
        return changed


async def _publish(bootstrap: str, topic: str, ids: list[int]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for i in ids:
            await producer.send(
                topic, b"x", key=f"org-{i % 5}".encode(), headers=[("ce_id", f"e{i}".encode())]
            )
        await producer.flush()
    finally:
        await producer.stop()


async def _read_all(bootstrap: str, topic: str, expected: int) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    out: list[dict[str, Any]] = []
    try:
        while len(out) < expected:
            batch = await asyncio.wait_for(consumer.getmany(timeout_ms=500), timeout=30)
            out += [json.loads(r.value) for rs in batch.values() for r in rs]
        extra = await consumer.getmany(timeout_ms=1500)
        out += [json.loads(r.value) for rs in extra.values() for r in rs]
    finally:
        await consumer.stop()
    return out


async def _run_until(
    pipeline: Pipeline, relay: OutboxRelay, bootstrap: str, topic: str, n: int
) -> None:
    stop = asyncio.Event()
    seen = 0

    def committed(count: int) -> None:
        nonlocal seen
        seen += count
        if seen >= n:
            stop.set()

    relay_task = asyncio.create_task(relay.run())
    try:
        await asyncio.wait_for(
            consume(bootstrap, [topic], pipeline, on_commit=committed, stop=stop), 60
        )
        while await relay.publish_pending() > 0:
            pass
    finally:
        relay_task.cancel()


async def test_duplicates_dropped_state_and_offsets_survive_restart(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    source, sink = await new_topic(partitions=3), await new_topic(partitions=3)
    # 300 facts, of which 100 are published twice (a republished outbox upstream).
    await _publish(infra.kafka_bootstrap, source, list(range(300)) + list(range(100)))
    producer = new_producer(infra.kafka_bootstrap)
    await producer.start()
    try:
        first = Pipeline(db, schema, Tally(sink))
        await first.prepare()
        await _run_until(
            first, OutboxRelay(db, schema, producer), infra.kafka_bootstrap, source, 400
        )

        # A new process: state and offsets come back from PostgreSQL, not from Kafka.
        await _publish(infra.kafka_bootstrap, source, [*range(300, 350), 5, 6])
        second_tally = Tally(sink)
        second = Pipeline(db, schema, second_tally)
        await second.prepare()
        assert sum(second_tally.counts.values()) == 300
        await _run_until(
            second, OutboxRelay(db, schema, producer), infra.kafka_bootstrap, source, 52
        )
    finally:
        await producer.stop()

    outputs = await _read_all(infra.kafka_bootstrap, sink, 350)
    assert sorted(o["cause"] for o in outputs) == sorted(f"e{i}" for i in range(350))
    assert second_tally.counts == {f"org-{k}": 70 for k in range(5)}
    async with db.acquire() as conn:
        assert await conn.fetchval(f'SELECT count(*) FROM "{schema}".outbox') == 0
        assert await conn.fetchval(f'SELECT count(*) FROM "{schema}".consumed_events') == 350
