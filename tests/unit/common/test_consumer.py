"""The order the consume loop hands fetched records to the pipeline in."""

from __future__ import annotations

from typing import cast

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from contracts.events.clock import ClockBeat
from contracts.events.structure import OrganizationEstablished
from contracts.types import event_type_of
from services.common.consumer import (
    doubling,
    in_log_time,
    in_partition_order,
    lag_after,
    up_to_last_close,
)
from services.common.pipeline import InputRecord
from services.common.sequencer import may_release

pytestmark = pytest.mark.unit


def _record(partition: int, offset: int, timestamp: int) -> ConsumerRecord[bytes, bytes]:
    value = f"{partition}@{offset}".encode()
    return ConsumerRecord("t", partition, offset, timestamp, 0, None, value, None, 0, 0, [])


def test_partitions_are_merged_by_append_time_each_in_offset_order() -> None:
    fetched = {
        TopicPartition("t", 1): [_record(1, 7, 100), _record(1, 8, 300), _record(1, 9, 300)],
        TopicPartition("t", 0): [_record(0, 4, 200), _record(0, 5, 300), _record(0, 6, 50)],
    }
    merged = [(r.partition, r.offset) for r in in_log_time(fetched)]
    # Partition 0's last record is stamped earlier than its others (clocks move back):
    # it stays behind them, and equal times go in partition order.
    assert merged == [(1, 7), (0, 4), (0, 5), (0, 6), (1, 8), (1, 9)]
    assert [r.value for r in in_log_time(fetched)][:2] == [b"1@7", b"0@4"]


def test_nothing_fetched_is_nothing_to_apply() -> None:
    assert in_log_time({}) == []


def test_near_the_head_batches_start_small_and_double() -> None:
    records = [InputRecord("t", 0, offset, None, b"") for offset in range(1000)]
    assert [len(b) for b in doubling(records, 200)] == [200, 400, 400]
    assert [len(b) for b in doubling(records[:150], 200)] == [150]
    assert [r.offset for b in doubling(records, 200) for r in b] == list(range(1000))
    assert list(doubling([], 200)) == []


def _typed(offset: int, event_type: str | None) -> InputRecord:
    headers = [] if event_type is None else [("ce_type", event_type.encode())]
    return InputRecord("t", 0, offset, None, b"", headers)


BEAT, FACT = event_type_of(ClockBeat), event_type_of(OrganizationEstablished)


def test_only_a_clock_mark_or_an_untyped_record_may_release_held_ones() -> None:
    assert may_release(_typed(0, BEAT))
    assert not may_release(_typed(0, FACT))
    assert may_release(_typed(0, None))  # structured mode: its type is in its value


def test_a_batch_is_committed_up_to_its_last_mark_and_the_rest_is_carried() -> None:
    records = [_typed(0, FACT), _typed(1, BEAT), _typed(2, FACT), _typed(3, BEAT), _typed(4, FACT)]
    now, carried = up_to_last_close(records, may_release, 5000)
    assert [r.offset for r in now] == [0, 1, 2, 3]
    assert [r.offset for r in carried] == [4]
    assert up_to_last_close(records[4:], may_release, 5000) == ([], records[4:])
    assert up_to_last_close([], may_release, 5000) == ([], [])


def test_what_is_carried_is_committed_once_it_reaches_the_limit() -> None:
    facts = [_typed(offset, FACT) for offset in range(3)]
    assert up_to_last_close(facts, may_release, 3) == (facts, [])
    assert up_to_last_close(facts[:2], may_release, 3) == ([], facts[:2])


class _Watermarks:
    """The one consumer method :func:`lag_after` asks: the last high watermark seen."""

    def __init__(self, marks: dict[TopicPartition, int | None]) -> None:
        self.marks = marks

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.marks[tp]


def test_the_lag_after_a_fetch_counts_what_its_partitions_hold_beyond_it() -> None:
    zero, one, two = (TopicPartition("t", p) for p in range(3))
    fetched = {
        zero: [_record(0, 10, 1), _record(0, 11, 2)],  # read to 12 of 100: 88 behind
        one: [_record(1, 5, 1)],  # the end of the partition
        two: [],
    }
    marks: dict[TopicPartition, int | None] = {zero: 100, one: 6, two: 500}
    assert lag_after(cast(AIOKafkaConsumer, _Watermarks(marks)), fetched) == 88
    unknown: dict[TopicPartition, int | None] = {zero: None, one: 6, two: None}
    assert lag_after(cast(AIOKafkaConsumer, _Watermarks(unknown)), fetched) == 0


def test_catching_up_the_partitions_follow_one_another() -> None:
    fetched = {
        TopicPartition("t", 1): [_record(1, 7, 100)],
        TopicPartition("t", 0): [_record(0, 4, 200), _record(0, 5, 300)],
    }
    assert [(r.partition, r.offset) for r in in_partition_order(fetched)] == [
        (0, 4),
        (0, 5),
        (1, 7),
    ]
