"""The order the consume loop hands fetched records to the pipeline in."""

from __future__ import annotations

import pytest
from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord

from services.common.consumer import batches, in_log_time
from services.common.pipeline import InputRecord

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


def test_a_full_fetch_is_one_batch_a_shorter_one_starts_small_and_doubles() -> None:
    records = [InputRecord("t", 0, offset, None, b"") for offset in range(1000)]
    assert [len(b) for b in batches(records[:500], 500, 200)] == [500]
    assert [len(b) for b in batches(records, 5000, 200)] == [200, 400, 400]
    assert [len(b) for b in batches(records[:150], 5000, 200)] == [150]
    assert [r.offset for b in batches(records, 5000, 200) for r in b] == list(range(1000))
    assert list(batches([], 5000, 200)) == []
