"""A service restarted between a record and its copy lets the copy through (下游链校验).

The outbox relay publishes at least once: after a lost ``DELETE`` it publishes
the same rows again, right after the first ones. A service that folded the first
ones and stopped before their copies starts reading at the first copy. Its chain
check must still recognise the copy (its digest follows from its own
predecessor), not stop the service on a break that is not there: the records
before the stored position are read again when the check is anchored. A forged
record in the copy's place still stops it. Real broker.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from contracts.chain import CHAIN_HEADER, genesis, record_digest
from contracts.topics import EVENTS_TOPIC
from services.common.chain_check import ChainBrokenError, anchored
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.pipeline import InputRecord, input_record
from tests.conftest import Infra
from tests.unit.chained_log import chained_log, fixed_key

pytestmark = pytest.mark.integration

#: Records of the partition the relay published again (a batch cut short).
COPIED = 2


def _one_partition() -> list[InputRecord]:
    """The longest partition of a chained log of three days."""
    partitions = chained_log(fixed_key()).partitions
    return max(partitions.values(), key=len)


def _long_partition(count: int = 3000, size: int = 1000) -> list[InputRecord]:
    """``count`` chained records of ``size`` bytes: more than one fetch (1 MiB) reads."""
    records, previous = [], genesis(0)
    for n in range(count):
        value, headers = b"%06d" % n + b"x" * size, [("ce_id", b"e-%d" % n)]
        previous = record_digest(previous, None, value, headers)
        stamped = [*headers, (CHAIN_HEADER, previous.hex().encode())]
        records.append(InputRecord("log", 0, n, None, value, stamped))
    return records


async def _topic(infra: Infra, records: Sequence[InputRecord]) -> TopicPartition:
    """A log topic of one partition holding ``records``, in order."""
    topic = f"{EVENTS_TOPIC}.anchor{uuid.uuid4().hex[:10]}"
    await ensure_topics(infra.kafka, [TopicSpec(topic, 1)])
    producer = AIOKafkaProducer(**infra.kafka.options(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for r in records:
            headers = [(k, v or b"") for k, v in r.headers]
            await producer.send_and_wait(topic, r.value, key=r.key, partition=0, headers=headers)
    finally:
        await producer.stop()
    return TopicPartition(topic, 0)


async def _check_from(infra: Infra, tp: TopicPartition, position: int) -> None:
    """Anchor a check as a service restarted at ``position`` does; check what follows."""
    consumer = AIOKafkaConsumer(**infra.kafka.options(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([tp])
        consumer.seek(tp, position)
        check = await anchored(consumer, [tp])
        assert await consumer.position(tp) == position
        fetched = await consumer.getmany(tp, timeout_ms=5000)
        following = [input_record(r) for r in fetched.get(tp, [])]
        assert [r.offset for r in following][:1] == [position]
        check(following)
    finally:
        await consumer.stop()


@pytest.mark.parametrize("long", [False, True], ids=["three-days", "several-fetches"])
async def test_a_copy_read_first_after_a_restart_passes(infra: Infra, long: bool) -> None:
    records = _long_partition() if long else _one_partition()
    copies = records[-COPIED:]
    tp = await _topic(infra, [*records, *copies])
    await _check_from(infra, tp, len(records))


async def test_a_forged_record_where_a_copy_would_be_still_stops_the_service(
    infra: Infra,
) -> None:
    records = _one_partition()
    first = records[-COPIED]
    forged = replace(first, value=(first.value or b"") + b" ")
    tp = await _topic(infra, [*records, forged, *records[-COPIED + 1 :]])
    with pytest.raises(ChainBrokenError):
        await _check_from(infra, tp, len(records))
