"""Reading a topic read-only (只读读取): no consumer group, no commits, never a write.

Every partition is read from offset 0 up to the end it had when reading
began, or, with ``until``, up to and including the first ``ClockTicked``
dated after ``until`` (the tick that ends that day on the partition).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.events.clock import ClockTicked
from contracts.types import event_type_of
from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.pipeline import InputRecord

TICK_TYPE = event_type_of(ClockTicked)

#: Per partition, its records in offset order.
Partitions = dict[int, list[InputRecord]]


def tick_date(record: InputRecord) -> date | None:
    """The day a ``ClockTicked`` record begins, None for any other record."""
    if record.header("ce_type") != TICK_TYPE or record.value is None:
        return None
    return date.fromisoformat(json.loads(record.value)["date"])


async def partition_count(kafka: KafkaClient, topic: str) -> int:
    """How many partitions ``topic`` has; fails when it does not exist."""
    counts = await partition_counts(kafka, [topic])
    if topic not in counts:
        raise LookupError(f"topic {topic} not found (主题不存在)")
    return counts[topic]


async def read_topic(
    kafka: KafkaClient,
    topic: str,
    *,
    until: date | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Partitions:
    """Every partition of ``topic`` (see the module docstring); ``progress`` gets the count read."""
    tps = [TopicPartition(topic, p) for p in range(await partition_count(kafka, topic))]
    consumer = AIOKafkaConsumer(
        **kafka.options(),
        group_id=None,
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 << 20,
        fetch_max_bytes=32 << 20,
    )
    await consumer.start()
    try:
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        read: Partitions = {tp.partition: [] for tp in tps}
        pending = {tp for tp in tps if ends[tp] > 0}
        while pending:
            fetched = await consumer.getmany(*pending, timeout_ms=500, max_records=10_000)
            for tp, records in fetched.items():
                for r in records:
                    if tp not in pending or r.offset >= ends[tp]:
                        break
                    record = InputRecord(r.topic, r.partition, r.offset, r.key, r.value, r.headers)
                    read[tp.partition].append(record)
                    if r.offset + 1 >= ends[tp] or _ends_day(record, until):
                        pending.discard(tp)
            progress(sum(map(len, read.values())))
        return read
    finally:
        await consumer.stop()


def _ends_day(record: InputRecord, until: date | None) -> bool:
    if until is None:
        return False
    day = tick_date(record)
    return day is not None and day > until
