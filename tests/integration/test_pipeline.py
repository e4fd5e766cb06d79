"""The shared runtime (batch transaction + outbox relay) with a toy projection, on real parts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any, cast

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError

from services.common.consumer import consume
from services.common.db import Connection, batch_pool
from services.common.kafka_client import KafkaClient
from services.common.migrations import migrate
from services.common.outbox import (
    OutboxRecord,
    OutboxRelay,
    Placed,
    new_producer,
    write_outbox,
)
from services.common.pipeline import RUNTIME_SQL, InputRecord, Pipeline
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

    def holding(self) -> dict[int, int]:
        return {}

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


async def _publish(kafka: KafkaClient, topic: str, ids: list[int]) -> None:
    producer = AIOKafkaProducer(**kafka.options(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for i in ids:
            await producer.send(
                topic, b"x", key=f"org-{i % 5}".encode(), headers=[("ce_id", f"e{i}".encode())]
            )
        await producer.flush()
    finally:
        await producer.stop()


async def _read_all(kafka: KafkaClient, topic: str, expected: int) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(topic, **kafka.options(), auto_offset_reset="earliest")
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
    pipeline: Pipeline, relay: OutboxRelay, kafka: KafkaClient, topic: str, n: int
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
            consume(kafka, [topic], pipeline, on_commit=committed, stop=stop), 60
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
    await _publish(infra.kafka, source, list(range(300)) + list(range(100)))
    producer = new_producer(infra.kafka)
    await producer.start()
    try:
        first = Pipeline(db, schema, Tally(sink))
        await first.prepare()
        await _run_until(first, OutboxRelay(db, schema, producer), infra.kafka, source, 400)

        # A new process: state and offsets come back from PostgreSQL, not from Kafka.
        await _publish(infra.kafka, source, [*range(300, 350), 5, 6])
        second_tally = Tally(sink)
        second = Pipeline(db, schema, second_tally)
        await second.prepare()
        assert sum(second_tally.counts.values()) == 300
        await _run_until(second, OutboxRelay(db, schema, producer), infra.kafka, source, 52)
    finally:
        await producer.stop()

    outputs = await _read_all(infra.kafka, sink, 350)
    assert sorted(o["cause"] for o in outputs) == sorted(f"e{i}" for i in range(350))
    assert second_tally.counts == {f"org-{k}": 70 for k in range(5)}
    async with db.acquire() as conn:
        assert await conn.fetchval(f'SELECT count(*) FROM "{schema}".outbox') == 0
        assert await conn.fetchval(f'SELECT count(*) FROM "{schema}".consumed_events') == 350


async def test_the_relay_keeps_order_and_the_partitions_send_would_choose(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    topic, reference = await new_topic(partitions=4), await new_topic(partitions=4)

    # aiokafka's default 16 KiB batches: 3 KB values fill several per partition, and the
    # 100 KB one is larger than a batch, so it is sent on its own.
    def value(n: int) -> bytes:
        return f"{n:03d}".encode() * (1000 if n != 7 else 33_000)

    records = [OutboxRecord(topic, value(n), f"org-{n % 5}".encode(), None) for n in range(40)]
    records.append(OutboxRecord(topic, b"explicit", b"org-0", 3))
    async with db.acquire() as conn:
        await migrate(conn, schema, RUNTIME_SQL)
        async with conn.transaction():
            await write_outbox(conn, schema, records)
    producer = AIOKafkaProducer(**infra.kafka.options(), enable_idempotence=True)
    await producer.start()
    try:
        assert await OutboxRelay(db, schema, producer).publish_pending() == len(records)
        for n in range(5):  # where aiokafka's own send puts each key
            await producer.send_and_wait(reference, b"", key=f"org-{n}".encode())
    finally:
        await producer.stop()
    got, expected = await _read(infra, topic, len(records)), await _read(infra, reference, 5)
    home = {r.key: r.partition for r in expected}
    keyed = [r for r in got if r.value != b"explicit"]
    assert all(r.partition == home[r.key] for r in keyed)
    for partition in range(4):  # per partition, seq order
        values = [r.value for r in keyed if r.partition == partition]
        assert values == [rec.value for rec in records[:40] if home[rec.key] == partition]
    assert [r.partition for r in got if r.value == b"explicit"] == [3]


class Numbering:
    """A stamper that numbers the records as they leave, the next number saved with each
    deletion (state entry ``next``), as the registry's relay saves the chain's heads."""

    def __init__(self, schema: str) -> None:
        self.schema, self.next, self.restores = schema, 0, 0

    async def restore(self, conn: Connection) -> None:
        saved = await conn.fetchval(
            f'SELECT value FROM "{self.schema}".state WHERE key = $1', "next"
        )
        self.next, self.restores = json.loads(saved or "1"), self.restores + 1

    def stamp(
        self, topic: str, partition: int, key: bytes | None, value: bytes,
        headers: list[tuple[str, bytes]],
    ) -> Placed:  # fmt: skip
        self.next += 1
        return partition, key, value, [*headers, ("n", str(self.next - 1).encode())]

    async def save(self, conn: Connection) -> None:
        await conn.execute(
            f'INSERT INTO "{self.schema}".state (key, value) VALUES ($1, $2::json)'
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            "next",
            json.dumps(self.next),
        )

    def committed(self) -> None:
        pass


class FailingOnce:
    """A producer whose first batch is refused (a broker lost before anything was sent)."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self._producer, self.failed = producer, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._producer, name)

    async def send_batch(self, *args: Any, **kwargs: Any) -> Any:
        if not self.failed:
            self.failed = True
            raise KafkaConnectionError("refused once (test)")
        return await self._producer.send_batch(*args, **kwargs)


async def test_a_stamper_starts_again_from_what_was_saved_after_a_failed_send(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    topic = await new_topic(partitions=1)
    async with db.acquire() as conn:
        await migrate(conn, schema, RUNTIME_SQL)
        async with conn.transaction():
            await write_outbox(conn, schema, [OutboxRecord(topic, b"a", b"k", 0)] * 3)
    producer = AIOKafkaProducer(**infra.kafka.options(), enable_idempotence=True)
    await producer.start()
    try:
        stamper = Numbering(schema)
        relay = OutboxRelay(db, schema, cast(AIOKafkaProducer, FailingOnce(producer)), stamper)
        with pytest.raises(KafkaConnectionError):
            await relay.publish_pending()  # numbered 1-3, sent nothing, deleted nothing
        assert await relay.publish_pending() == 3
        async with db.acquire() as conn, conn.transaction():
            await write_outbox(conn, schema, [OutboxRecord(topic, b"b", b"k", 0)] * 2)
        assert await relay.publish_pending() == 2
    finally:
        await producer.stop()
    got = await _read(infra, topic, 5)
    assert [(r.value, dict(r.headers)["n"]) for r in got] == [
        (b"a", b"1"), (b"a", b"2"), (b"a", b"3"), (b"b", b"4"), (b"b", b"5")
    ]  # fmt: skip
    assert stamper.restores == 2  # at the start, and after the failed send


async def _read(infra: Infra, topic: str, n: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic,
        **infra.kafka.options(),
        auto_offset_reset="earliest",
        fetch_max_bytes=8 << 20,
        max_partition_fetch_bytes=4 << 20,
    )
    await consumer.start()
    out: list[Any] = []
    try:
        async with asyncio.timeout(30):
            while len(out) < n:
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    out += records
    finally:
        await consumer.stop()
    return sorted(out, key=lambda r: (r.partition, r.offset))


class Holding(Tally):
    """Holds every record back until one with the ``release`` header, as a sequencer would."""

    def __init__(self, out_topic: str) -> None:
        super().__init__(out_topic)
        self.held: list[InputRecord] = []

    def holding(self) -> dict[int, int]:
        return {self.held[0].partition: self.held[0].offset} if self.held else {}

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        self.held.append(record)
        if record.header("release") is None:
            return []
        released, self.held = self.held, []
        outputs: list[OutboxRecord] = []
        for held in released:
            outputs += super().handle(held)
        return outputs


def _record(
    topic: str, offset: int, event_id: str, *, release: bool = False, partition: int = 0
) -> InputRecord:
    headers = [("ce_id", event_id.encode())] + [("release", b"1")] * release
    return InputRecord(topic, partition, offset, f"org-{partition + 1}".encode(), b"x", headers)


async def test_held_records_are_read_again_after_a_restart_and_not_taken_for_duplicates(
    db: asyncpg.Pool, schema: str
) -> None:
    first = Pipeline(db, schema, Holding("out"))
    await first.prepare()
    assert await first.apply([_record("in", 0, "e0"), _record("in", 1, "e1")]) == []

    # A restart: nothing held was stored, so reading resumes at the first held record.
    second = Pipeline(db, schema, Holding("out"))
    await second.prepare()
    assert await second.stored_offsets() == {("in", 0): 0}
    # Another partition's batch commits before partition 0 is read again: a crash now
    # must still resume partition 0 at its first held record, not where it was read to.
    other = _record("in", 0, "o0", release=True, partition=1)
    assert [json.loads(o.value)["cause"] for o in await second.apply([other])] == ["o0"]

    third_holding = Holding("out")
    third = Pipeline(db, schema, third_holding)
    await third.prepare()
    assert await third.stored_offsets() == {("in", 0): 0, ("in", 1): 1}
    again = [_record("in", 0, "e0"), _record("in", 1, "e1")]
    duplicate = _record("in", 2, "e0")  # e0 republished upstream: another position
    outputs = await third.apply([*again, duplicate, _record("in", 3, "e2", release=True)])
    assert [json.loads(o.value)["cause"] for o in outputs] == ["e0", "e1", "e2"]
    assert third_holding.counts == {"org-1": 3, "org-2": 1}
    async with db.acquire() as conn:
        row = await conn.fetchrow(
            f'SELECT next_offset, resume_offset FROM "{schema}".consumer_offsets'
            " WHERE partition = 0"
        )
    assert row is not None
    assert (row["next_offset"], row["resume_offset"]) == (4, 4)


async def test_batch_connections_plan_each_statement_for_its_parameters(infra: Infra) -> None:
    """A cached generic plan made on an empty ``consumed_events`` would stay a full scan."""
    pool = await batch_pool(infra.database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
    finally:
        await pool.close()
