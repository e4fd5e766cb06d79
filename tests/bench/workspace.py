"""Where one bench run lives: its topic suffixes, schema prefixes and their removal.

Every stage gets its own ``Settings`` (suffix ``.bench<unix>.<stage>``, prefix
``bench<unix>_<stage>_``), so no stage's service rebuilds from another's log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.migrations import drop_schema
from services.common.settings import Settings


@dataclass(frozen=True)
class Workspace:
    """The infrastructure of ``make up`` and the tag naming this run's topics and schemas."""

    base: Settings
    tag: str

    @classmethod
    def create(cls) -> Workspace:
        return cls(Settings.load(), f"bench{int(time.time())}")

    @property
    def kafka(self) -> KafkaClient:
        return self.base.kafka

    def settings(self, stage: str) -> Settings:
        """The settings of ``stage``: fresh topics and schemas of its own."""
        return self.base.namespaced(f".{self.tag}.{stage}", f"{self.tag}_{stage}_")

    async def remove(self, pool: asyncpg.Pool) -> tuple[list[str], list[str]]:
        """Delete this run's topics and drop its schemas; return their names."""
        admin = AIOKafkaAdminClient(**self.kafka.options())
        await admin.start()
        try:
            topics = [t for t in await admin.list_topics() if f".{self.tag}." in t]
            if topics:
                await admin.delete_topics(topics)
        finally:
            await admin.close()
        async with pool.acquire() as conn:
            schemas = [
                r["nspname"]
                for r in await conn.fetch(
                    "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)",
                    f"{self.tag}_",
                )
            ]
            for schema in schemas:
                await drop_schema(conn, schema)
        return topics, schemas


async def end_offsets(kafka: KafkaClient, topic: str) -> dict[TopicPartition, int]:
    """The end offset of every partition of ``topic``."""
    counts = await partition_counts(kafka, [topic])
    partitions = [TopicPartition(topic, p) for p in range(counts[topic])]
    consumer = AIOKafkaConsumer(**kafka.options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return ends
    finally:
        await consumer.stop()


async def topic_size(kafka: KafkaClient, topic: str) -> int:
    """How many records ``topic`` holds (it is never compacted or truncated here)."""
    return sum((await end_offsets(kafka, topic)).values())
