"""How far a service has got (处理进度): its stored positions against the ends of its inputs.

Every service keeps, in its own schema, the next offset it will read per
input partition (``consumer_offsets``) and the outputs not yet published
(``outbox``), both written in the batch's transaction. A service has caught up
(已处理完毕) when every input partition's stored position has reached the
partition's end and its outbox is empty: everything written to its inputs so
far has been folded, and everything decided from it published. A service that
folds its partitions apart keeps them in each partition's lane schema
(:func:`~services.common.migrations.lane_schemas`), read here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.migrations import lane_schemas, quote_schema


@dataclass(frozen=True)
class PartitionProgress:
    """One input partition: the next offset the service will read, and the partition's end."""

    topic: str
    partition: int
    processed: int
    end: int

    @property
    def behind(self) -> int:
        return max(0, self.end - self.processed)


@dataclass(frozen=True)
class Progress:
    """A service's progress over all its inputs, and what it has yet to publish."""

    service: str
    partitions: tuple[PartitionProgress, ...]
    unpublished: int

    @property
    def behind(self) -> int:
        return sum(p.behind for p in self.partitions)

    @property
    def caught_up(self) -> bool:
        return self.behind == 0 and self.unpublished == 0

    def as_json(self) -> dict[str, Any]:
        """The answer of ``GET /v1/progress``."""
        return {
            "service": self.service,
            "caught_up": self.caught_up,
            "behind": self.behind,
            "unpublished": self.unpublished,
            "partitions": [
                {"topic": p.topic, "partition": p.partition, "processed": p.processed,
                 "end": p.end, "behind": p.behind}
                for p in self.partitions
            ],
        }  # fmt: skip


async def end_offsets(kafka: KafkaClient, topics: Sequence[str]) -> dict[tuple[str, int], int]:
    """The next offset to be written, per partition of ``topics``."""
    counts = await partition_counts(kafka, topics)
    partitions = [TopicPartition(t, p) for t in topics for p in range(counts.get(t, 0))]
    if not partitions:
        return {}
    consumer = AIOKafkaConsumer(**kafka.options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return {(tp.topic, tp.partition): offset for tp, offset in ends.items()}


def _done(row: asyncpg.Record, lane: bool) -> int:
    """Where a partition's processing has got: a lane holds records back only while it
    waits for the other lanes at a day's close (accountability), and until then has not
    processed them; a sequenced service holds records until the log's next mark, as a
    matter of course, and counts what it read. ``row`` is read whole (``SELECT *``): a
    lane's schema being migrated may not have its ``resume_offset`` column yet."""
    read, resume = row["next_offset"], row.get("resume_offset")
    return int(read if resume is None or not lane else min(read, resume))


async def progress(
    pool: asyncpg.Pool, kafka: KafkaClient, service: str, schema: str, topics: Sequence[str]
) -> Progress:
    """The progress of the service whose tables are in ``schema`` over its input ``topics``."""
    ends = await end_offsets(kafka, topics)
    done: dict[tuple[str, int], int] = {}
    unpublished = 0
    async with pool.acquire() as conn:
        for each in [schema, *await lane_schemas(conn, schema)]:
            if await conn.fetchval("SELECT to_regclass($1)", f"{each}.consumer_offsets") is None:
                continue
            q = quote_schema(each)
            rows = await conn.fetch(
                f"SELECT * FROM {q}.consumer_offsets WHERE topic = ANY($1::text[])", list(topics)
            )
            done |= {(r["topic"], r["partition"]): _done(r, each != schema) for r in rows}
            unpublished += int(await conn.fetchval(f"SELECT count(*) FROM {q}.outbox"))
    partitions = tuple(
        PartitionProgress(topic, partition, done.get((topic, partition), 0), end)
        for (topic, partition), end in sorted(ends.items())
    )
    return Progress(service, partitions, unpublished)
