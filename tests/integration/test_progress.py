"""Progress (处理进度) counts what a lane holds back as not yet processed.

An accountability lane that waits at a day's close holds its tick and what it read
after it: its stored resume offset stays at the tick while its next offset moves on.
Until the lane is released, the day's decisions are not out, and ``zeren wait`` must not
say the service has caught up. A sequenced service (no lanes) holds records until the
log's next mark as a matter of course, and counts what it read.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from aiokafka import AIOKafkaProducer

from services.common.db import Connection
from services.common.migrations import drop_schema, lane_schema, migrate, quote_schema
from services.common.pipeline import RUNTIME_SQL
from services.common.progress import progress
from tests.conftest import Infra, TopicFactory


async def _stored(
    conn: Connection, schema: str, topic: str, rows: Sequence[tuple[int, int, int | None]]
) -> None:
    """``schema``'s stored positions: (partition, next offset, resume offset)."""
    await migrate(conn, schema, RUNTIME_SQL)
    await conn.execute(f"DELETE FROM {quote_schema(schema)}.consumer_offsets")
    await conn.executemany(
        f"INSERT INTO {quote_schema(schema)}.consumer_offsets"
        " (topic, partition, next_offset, resume_offset) VALUES ($1, $2, $3, $4)",
        [(topic, *row) for row in rows],
    )


async def test_a_lane_holding_records_back_has_not_processed_them(
    infra: Infra, db: asyncpg.Pool, new_topic: TopicFactory, schema: str
) -> None:
    topic = await new_topic(partitions=2)
    producer = AIOKafkaProducer(**infra.kafka.options())
    await producer.start()
    try:
        for partition in (0, 1):
            for n in range(3):
                await producer.send_and_wait(topic, f"record {n}".encode(), partition=partition)
    finally:
        await producer.stop()
    lanes = [lane_schema(schema, p) for p in (0, 1)]
    try:
        async with db.acquire() as conn:
            await _stored(conn, lanes[0], topic, [(0, 3, 3)])
            await _stored(conn, lanes[1], topic, [(1, 3, 1)])  # holds its tick at 1
            held = await progress(db, infra.kafka, "accountability", schema, [topic])
            await _stored(conn, lanes[1], topic, [(1, 3, None)])  # released
            released = await progress(db, infra.kafka, "accountability", schema, [topic])
            for lane in lanes:
                await drop_schema(conn, lane)
            await _stored(conn, schema, topic, [(0, 3, 3), (1, 3, 1)])  # a sequencer's
            sequenced = await progress(db, infra.kafka, "accountability", schema, [topic])
    finally:
        async with db.acquire() as conn:
            for lane in lanes:
                await drop_schema(conn, lane)
    assert [(p.partition, p.processed, p.end) for p in held.partitions] == [(0, 3, 3), (1, 1, 3)]
    assert held.behind == 2
    assert not held.caught_up
    assert released.caught_up
    assert sequenced.caught_up
