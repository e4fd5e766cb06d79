"""Reading ``zeren.events.v1`` directly: the whole log (rebuild) or its tail (outbox check).

Both read every partition up to the end offsets seen when reading starts;
the registry is the log's only writer, so nothing is appended meanwhile.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.pipeline import InputRecord


async def read_topic(
    kafka: KafkaClient, topic: str, *, last: int | None = None, batch: int = 5000
) -> AsyncIterator[list[InputRecord]]:
    """Batches of ``topic``'s records: all of them, or the ``last`` of each partition."""
    counts = await partition_counts(kafka, [topic])
    partitions = [TopicPartition(topic, p) for p in range(counts[topic])]
    consumer = AIOKafkaConsumer(**kafka.options(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        begin = await consumer.beginning_offsets(partitions)
        end = await consumer.end_offsets(partitions)
        for tp in partitions:
            start = begin[tp] if last is None else max(begin[tp], end[tp] - last)
            consumer.seek(tp, start)
        pending = {tp for tp in partitions if end[tp] > begin[tp]}
        while pending:
            fetched = await consumer.getmany(*pending, timeout_ms=500, max_records=batch)
            records = [
                InputRecord(r.topic, r.partition, r.offset, r.key, r.value, list(r.headers))
                for tp in sorted(fetched, key=lambda t: t.partition)
                for r in fetched[tp]
                if r.offset < end[tp]
            ]
            pending = {tp for tp in pending if await consumer.position(tp) < end[tp]}
            if records:
                yield records
    finally:
        await consumer.stop()


async def log_is_empty(kafka: KafkaClient, topic: str) -> bool:
    """Whether ``topic`` holds no record at all."""
    async for _ in read_topic(kafka, topic, last=1):
        return False
    return True
