"""The plumbing, end to end, on a real broker and a real database."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.security import SASLScram256
from pydantic import BaseModel, ConfigDict

from deploy import kafka_local
from deploy.kafka_local import LocalKafka
from services.common.kafka_admin import TopicSpec, ensure_topics
from tests.conftest import Infra, TopicFactory


class MeetingRecorded(BaseModel):
    """A stand-in fact (会议记录) for the plumbing test."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    organization_id: str
    kind: str
    held_at: datetime
    present: int


def _key_of(message: KafkaMessage) -> str:
    record = message.raw_message
    assert not isinstance(record, tuple)  # a single-message subscriber, not a batch
    return bytes(record.key).decode()


async def test_event_travels_from_faststream_through_kafka_into_postgres(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    topic = await new_topic(partitions=3)
    async with db.acquire() as conn:
        await conn.execute(
            f'CREATE TABLE "{schema}".facts (organization_id text, kind text, held_at timestamptz,'
            " present int, kafka_key text, ce_id text)"
        )
    stored = asyncio.Event()
    scram = infra.kafka.security
    broker = KafkaBroker(
        infra.kafka.bootstrap,
        security=SASLScram256(scram.username, scram.password) if scram.sasl else None,
    )

    @broker.subscriber(topic, group_id=f"g-{uuid.uuid4().hex}", auto_offset_reset="earliest")
    async def record(event: MeetingRecorded, message: KafkaMessage) -> None:
        async with db.acquire() as conn:
            await conn.execute(
                f'INSERT INTO "{schema}".facts VALUES ($1, $2, $3, $4, $5, $6)',
                event.organization_id,
                event.kind,
                event.held_at,
                event.present,
                _key_of(message),
                message.headers["ce_id"],
            )
        stored.set()

    sent = MeetingRecorded(
        organization_id="branch-7",
        kind="支委会",
        held_at=datetime(2018, 3, 5, 14, tzinfo=UTC),
        present=5,
    )
    async with broker:
        await broker.start()
        await broker.publish(sent, topic, key=b"branch-7", headers={"ce_id": "evt-1"})
        await asyncio.wait_for(stored.wait(), timeout=30)

    async with db.acquire() as conn:
        row = await conn.fetchrow(f'SELECT * FROM "{schema}".facts')
    assert row is not None
    assert (
        MeetingRecorded(
            organization_id=row["organization_id"],
            kind=row["kind"],
            held_at=row["held_at"],
            present=row["present"],
        )
        == sent
    )
    assert (row["kafka_key"], row["ce_id"]) == ("branch-7", "evt-1")


async def test_local_kafka_keeps_acknowledged_writes_across_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    kafka = await asyncio.to_thread(LocalKafka.create, tmp_path_factory.mktemp("crash-kafka"))
    try:
        await asyncio.to_thread(kafka.start)
        await ensure_topics(kafka.admin, [TopicSpec("durable", 2)])
        producer = AIOKafkaProducer(**kafka.admin.options(), acks="all", enable_idempotence=True)
        await producer.start()
        try:
            for i in range(500):
                await producer.send("durable", f"fact-{i}".encode(), key=f"org-{i % 7}".encode())
            await producer.flush()
        finally:
            await producer.stop()

        assert await asyncio.to_thread(kafka.kill)
        assert not kafka.running()
        await asyncio.to_thread(kafka.start)

        consumer = AIOKafkaConsumer(
            "durable",
            **kafka.admin.options(),
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            seen: list[str] = []
            while len(seen) < 500:
                batch = await asyncio.wait_for(consumer.getmany(timeout_ms=1000), timeout=30)
                seen += [r.value.decode() for records in batch.values() for r in records]
        finally:
            await consumer.stop()
        assert sorted(seen) == sorted(f"fact-{i}" for i in range(500))
    finally:
        await asyncio.to_thread(kafka.stop)


def test_local_kafka_formats_storage_whose_cluster_id_begins_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One random cluster id in 64 begins with ``-``: formatting must still succeed.

    A CI run failed on such an id.
    """
    monkeypatch.setattr(kafka_local, "new_cluster_id", lambda: "-W6-9yjRT8qWztgwzeF9Lw")
    kafka = LocalKafka.create(tmp_path)
    meta = (tmp_path / "data" / "meta.properties").read_text()
    assert "cluster.id=-W6-9yjRT8qWztgwzeF9Lw" in meta
    assert not kafka.running()
