"""How far each service has got: its stored offsets against the ends of its input topics.

Read-only monitoring for the CLI (the services themselves never read each
other's tables): every service keeps ``consumer_offsets`` and ``outbox`` in
its own schema (services/common/sql/000_runtime.sql).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.migrations import quote_schema


@dataclass(frozen=True)
class Lag:
    """What a service has yet to consume and to publish."""

    service: str
    behind: int
    unpublished: int

    @property
    def settled(self) -> bool:
        return self.behind == 0 and self.unpublished == 0


async def end_offsets(kafka: KafkaClient, topic: str) -> dict[int, int]:
    """The next offset to be written, per partition of ``topic``."""
    counts = await partition_counts(kafka, [topic])
    consumer = AIOKafkaConsumer(**kafka.options(), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(counts.get(topic, 0))]
        ends = await consumer.end_offsets(partitions)
        return {tp.partition: offset for tp, offset in ends.items()}
    finally:
        await consumer.stop()


async def lag(
    pool: asyncpg.Pool, kafka: KafkaClient, service: str, schema: str, topics: Sequence[str]
) -> Lag:
    """How many records of ``topics`` the service in ``schema`` has not consumed yet."""
    ends = {(t, p): end for t in topics for p, end in (await end_offsets(kafka, t)).items()}
    q = quote_schema(schema)
    async with pool.acquire() as conn:
        exists = await conn.fetchval("SELECT to_regclass($1)", f"{schema}.consumer_offsets")
        if exists is None:
            return Lag(service, sum(ends.values()), 0)
        rows = await conn.fetch(
            f"SELECT topic, partition, next_offset FROM {q}.consumer_offsets"
            " WHERE topic = ANY($1::text[])",
            list(topics),
        )
        unpublished = await conn.fetchval(f"SELECT count(*) FROM {q}.outbox")
    done = {(r["topic"], r["partition"]): r["next_offset"] for r in rows}
    behind = sum(max(0, end - done.get(tp, 0)) for tp, end in ends.items())
    return Lag(service, behind, int(unpublished))


async def wait_settled(
    measure: Callable[[], Awaitable[list[Lag]]],
    *,
    timeout_s: float,
    report: Callable[[list[Lag]], None],
    quiet_polls: int = 3,
) -> list[Lag]:
    """Poll ``measure`` until every service is settled ``quiet_polls`` times in a row."""
    deadline = time.monotonic() + timeout_s
    calm = 0
    while True:
        lags = await measure()
        report(lags)
        calm = calm + 1 if all(x.settled for x in lags) else 0
        if calm >= quiet_polls:
            return lags
        if time.monotonic() > deadline:
            behind = ", ".join(f"{x.service} {x.behind}/{x.unpublished}" for x in lags)
            message = "services did not catch up in time (服务未能按时处理完毕)"
            raise TimeoutError(f"{message}: {behind}")
        await asyncio.sleep(1.0)
