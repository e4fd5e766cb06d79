"""The machine's limits: raw Kafka consumption and raw PostgreSQL bulk insert."""

from __future__ import annotations

import json
import time

import asyncpg
from aiokafka import AIOKafkaConsumer

from services.common.kafka_client import KafkaClient
from tests.bench.progress import Progress
from tests.bench.workspace import end_offsets

BATCH = 5000
ROW_VALUE = json.dumps({"organization_id": "br-bench", "note": "x" * 160}).encode()


async def raw_consumption(kafka: KafkaClient, topic: str) -> float:
    """Records/s of ``getmany`` plus ``json.loads`` of each value, over all of ``topic``."""
    ends = await end_offsets(kafka, topic)
    progress = Progress("raw consumption", sum(ends.values()))
    consumer = AIOKafkaConsumer(
        **kafka.options(),
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 << 20,
        fetch_max_bytes=32 << 20,
    )
    await consumer.start()
    try:
        started = time.perf_counter()
        consumer.assign(list(ends))
        await consumer.seek_to_beginning(*ends)
        pending = {tp for tp, end in ends.items() if end > 0}
        while pending:
            fetched = await consumer.getmany(*pending, timeout_ms=200, max_records=BATCH)
            for records in fetched.values():
                for record in records:
                    json.loads(record.value)
                progress.step(len(records))
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return progress.done / (time.perf_counter() - started)
    finally:
        await consumer.stop()


async def raw_copy(pool: asyncpg.Pool, schema: str, rows: int) -> float:
    """Rows/s of ``copy_records_to_table`` in batches of :data:`BATCH` into a scratch table."""
    progress = Progress("raw PostgreSQL COPY", rows)
    async with pool.acquire() as conn:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        await conn.execute(
            f'CREATE TABLE "{schema}".scratch (seq bigint PRIMARY KEY, key text, value bytea)'
        )
        started = time.perf_counter()
        for first in range(0, rows, BATCH):
            batch = [(i, f"event-{i}", ROW_VALUE) for i in range(first, min(first + BATCH, rows))]
            async with conn.transaction():
                await conn.copy_records_to_table("scratch", schema_name=schema, records=batch)
            progress.step(len(batch))
        return rows / (time.perf_counter() - started)
