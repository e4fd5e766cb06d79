"""The batch consume loop: ``getmany``, seek to the offsets stored in PostgreSQL.

Kafka's committed offsets are not used for correctness (the consumer has no
group; it assigns every partition of its input topics itself). One instance per
service; scaling out by partition is future work (see the README).
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from services.common import chain_check
from services.common.kafka_admin import partition_counts
from services.common.kafka_client import KafkaClient
from services.common.observability import record_batch, record_poll
from services.common.pipeline import InputRecord, Pipeline, input_record

log = logging.getLogger("zeren.consumer")
#: What one ``getmany`` returns: each partition's records, in offset order.
Fetched = Mapping[TopicPartition, list[ConsumerRecord[bytes, bytes]]]


async def assign_from_stored_offsets(
    consumer: AIOKafkaConsumer, kafka: KafkaClient, pipeline: Pipeline, topics: Sequence[str]
) -> list[TopicPartition]:
    """Assign all partitions of ``topics`` and seek each to its stored next offset."""
    counts = await partition_counts(kafka, topics)
    missing = [t for t in topics if t not in counts]
    if missing:
        raise RuntimeError(f"topics {missing} not found (主题不存在)")
    partitions = [TopicPartition(t, p) for t in topics for p in range(counts[t])]
    consumer.assign(partitions)
    stored = await pipeline.stored_offsets()
    for tp in partitions:
        if (tp.topic, tp.partition) in stored:
            consumer.seek(tp, stored[(tp.topic, tp.partition)])
        else:
            await consumer.seek_to_beginning(tp)
    return partitions


async def consume(
    kafka: KafkaClient,
    topics: Sequence[str],
    pipeline: Pipeline,
    *,
    on_commit: Callable[[int], None] = lambda n: None,
    stop: asyncio.Event | None = None,
    max_records: int = 5000,
    near_head_batch: int = 200,
    paused: Callable[[], set[int]] = set,
    closes: Callable[[InputRecord], bool] = lambda record: True,
) -> None:
    """Run until ``stop`` is set: the fetched records in log-time order, a transaction a batch.

    A fetch that, with what is left behind it, makes fewer than ``max_records``
    is near the head of the log: records that piled up behind a long batch. Its
    first ``near_head_batch`` records are committed on their own, so the oldest
    leave without waiting for the newest, and each following batch is twice the
    one before. Catching up (a replay), a fetch is one transaction, partition
    after partition.

    After each batch, the partition numbers ``paused`` returns are paused and
    the others resumed (back-pressure: see ``Sequencer.ahead``).

    ``closes`` names the records after which the pipeline may have something to
    release (a sequencer's clock marks: :func:`~services.common.sequencer.may_release`).
    A batch is committed up to its last such record; the records after it would
    only be held, so they are carried into the next batch instead of taking a
    transaction of their own (see :func:`up_to_last_close`), or committed as they
    are when a fetch comes back empty.
    """
    consumer = AIOKafkaConsumer(
        **kafka.options(),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        # 1 MiB per partition: batches mix the partitions, so less waits in a sequencer.
        max_partition_fetch_bytes=1 << 20,
        fetch_max_bytes=32 << 20,
    )
    await consumer.start()
    try:
        assigned = await assign_from_stored_offsets(consumer, kafka, pipeline, topics)
        check_chain = await chain_check.anchored(consumer, assigned)
        reached = {tp: await consumer.position(tp) for tp in assigned}
        carried: list[InputRecord] = []

        async def commit(batch: list[InputRecord]) -> None:
            if batch:
                check_chain(batch)
                began = time.perf_counter()
                await pipeline.apply(batch)
                committed(batch, time.perf_counter() - began, reached, consumer)
                on_commit(len(batch))

        while stop is None or not stop.is_set():
            split: Iterable[list[InputRecord]]
            try:
                fetched = await consumer.getmany(timeout_ms=200, max_records=max_records)
            except UnicodeDecodeError as error:
                around = await read_around_unreadable(consumer, reached, error, max_records)
                count, split = len(around), [around]
                reached.update({TopicPartition(r.topic, r.partition): r.offset + 1 for r in around})
            else:
                count = sum(len(records) for records in fetched.values())
                reached.update({tp: rs[-1].offset + 1 for tp, rs in fetched.items() if rs})
                if count + lag_after(consumer, fetched) >= max_records:
                    split = [in_partition_order(fetched)]
                else:
                    split = doubling(in_log_time(fetched), near_head_batch)
            record_poll(lags(consumer, reached))
            for piece in split:
                batch, carried = up_to_last_close([*carried, *piece], closes, max_records)
                await commit(batch)
            if not count:
                # A whole fetch came back empty: no mark is on its way, so what is
                # carried is committed as it is (what was read never waits for long).
                batch, carried = carried, []
                await commit(batch)
            else:
                ahead = paused()
                consumer.pause(*(tp for tp in assigned if tp.partition in ahead))
                consumer.resume(*(tp for tp in assigned if tp.partition not in ahead))
    finally:
        await consumer.stop()


async def read_around_unreadable(
    consumer: AIOKafkaConsumer,
    reached: Mapping[TopicPartition, int],
    error: UnicodeDecodeError,
    limit: int,
) -> list[InputRecord]:
    """Up to about ``limit`` records of each partition, those aiokafka cannot read among them.

    aiokafka decodes header names as UTF-8 inside ``getmany``; one that is not
    raises out of it, and the records of the same call are lost to the caller
    though their partitions' positions moved on. So every partition is sought
    back to what was handed out (``reached``) and read on its own; where reading
    raises, it goes on a record at a time up to the record that raises, which
    comes back as an :class:`InputRecord` that says it is ``unreadable`` (its
    bytes cannot be had through the client), and reading resumes after it.
    """
    log.warning("a record's headers are not readable (%s): reading around it", error.reason)
    for tp, offset in reached.items():
        consumer.seek(tp, offset)
    found: list[InputRecord] = []
    for tp in reached:
        while len(found) < limit:
            try:
                fetched = await consumer.getmany(tp, timeout_ms=200, max_records=limit)
            except UnicodeDecodeError:
                found += await _up_to_unreadable(consumer, tp)
                continue
            if not fetched:
                break
            found += [input_record(r) for r in fetched[tp]]
    return found


async def _up_to_unreadable(consumer: AIOKafkaConsumer, tp: TopicPartition) -> list[InputRecord]:
    """The records of ``tp`` a record at a time, up to the first that cannot be read,
    which is at the partition's position when reading it raises."""
    found: list[InputRecord] = []
    while True:
        try:
            # A second's wait: the records must be fetched again after the raise.
            fetched = await consumer.getmany(tp, timeout_ms=1000, max_records=1)
        except UnicodeDecodeError:
            offset = await consumer.position(tp)
            reason = "the Kafka client cannot read the record: a header name is not UTF-8"
            found.append(InputRecord(tp.topic, tp.partition, offset, None, None, (), reason))
            consumer.seek(tp, offset + 1)
            return found
        if not fetched:  # the record that raised was not reached again: read on as usual
            return found
        found += [input_record(r) for r in fetched[tp]]


def lags(
    consumer: AIOKafkaConsumer, reached: Mapping[TopicPartition, int]
) -> dict[tuple[str, int], int]:
    """Records of each partition not yet handed out, as far as the last fetch responses
    told (partitions without a response yet are left out)."""
    found = {}
    for tp, offset in reached.items():
        highwater = consumer.highwater(tp)
        if highwater is not None:
            found[(tp.topic, tp.partition)] = max(0, highwater - offset)
    return found


def committed(
    batch: Sequence[InputRecord],
    seconds: float,
    reached: Mapping[TopicPartition, int],
    consumer: AIOKafkaConsumer,
) -> None:
    """A batch is committed: its metrics and its INFO line (counts, time, lag)."""
    record_batch(len(batch), seconds)
    partitions = sorted({r.partition for r in batch})
    log.info(
        "batch committed",
        extra={
            "records": len(batch),
            "partitions": partitions,
            "ms": round(seconds * 1000, 1),
            "lag": sum(lags(consumer, reached).values()),
        },
    )


def lag_after(consumer: AIOKafkaConsumer, fetched: Fetched) -> int:
    """How many records the fetched partitions hold past this fetch, as far as the last
    fetch responses told (their high watermarks)."""
    return sum(
        max(0, (consumer.highwater(tp) or 0) - records[-1].offset - 1)
        for tp, records in fetched.items()
        if records
    )


def up_to_last_close(
    records: list[InputRecord], closes: Callable[[InputRecord], bool], limit: int
) -> tuple[list[InputRecord], list[InputRecord]]:
    """``records`` cut after the last one that ``closes``: (to commit now, to carry).

    All of them are committed once they reach ``limit``, closed or not, so that
    what is carried stays bounded (and a log without marks still moves).
    """
    if len(records) >= limit:
        return records, []
    for i in range(len(records) - 1, -1, -1):
        if closes(records[i]):
            return records[: i + 1], records[i + 1 :]
    return [], records


def doubling(records: list[InputRecord], first: int) -> Iterator[list[InputRecord]]:
    """``records`` as batches of ``first``, twice that, and so on (see :func:`consume`)."""
    start, size = 0, first
    while start < len(records):
        yield records[start : start + size]
        start, size = start + size, 2 * size


def in_partition_order(fetched: Fetched) -> list[InputRecord]:
    """The fetched records partition after partition, each in offset order."""
    return [input_record(r) for tp in sorted(fetched, key=_by_partition) for r in fetched[tp]]


def in_log_time(fetched: Fetched) -> list[InputRecord]:
    """The fetched records merged across partitions by append time, each partition's
    in offset order: a batch cut from the front then holds every partition's first
    clock marks, which is what a sequencer needs to release the records before them."""
    partitions = [fetched[tp] for tp in sorted(fetched, key=_by_partition)]
    return [input_record(r) for r in heapq.merge(*partitions, key=lambda r: r.timestamp)]


def _by_partition(tp: TopicPartition) -> tuple[str, int]:
    return tp.topic, tp.partition
