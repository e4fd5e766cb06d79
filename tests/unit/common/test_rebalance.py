"""Lanes follow Kafka's assignment: no partition is read before its lane is open and sought.

Expected, from the consumer's side, when partitions 0, 1 and 2 are assigned to an instance
holding lanes 1 and 5: lane 5 is closed; the partitions without a lane (0, 2) are paused
before any lane is opened, so that the consumer fetches nothing for them while a lane is
restored; each lane is then opened in order, the consumer sought to the lane's position,
and only then is its partition resumed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import pytest
from aiokafka import TopicPartition

from services.common.lanes import Lanes, _Rebalance

pytestmark = pytest.mark.unit
TOPIC = "zeren.events.v2"


class _Consumer:
    """Records what the listener asks of the consumer."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def pause(self, *tps: TopicPartition) -> None:
        self.calls.append(("pause", sorted(tp.partition for tp in tps)))

    def resume(self, *tps: TopicPartition) -> None:
        self.calls.append(("resume", sorted(tp.partition for tp in tps)))

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.calls.append(("seek", tp.partition, offset))


class _Lanes:
    """Lanes held by partition; opening one seeks to 100 + its partition."""

    def __init__(self, consumer: _Consumer, held: set[int]) -> None:
        self.consumer, self.held = consumer, dict.fromkeys(held, object())

    async def close(self, partition: int) -> None:
        self.consumer.calls.append(("close", partition))
        del self.held[partition]

    async def held_or_open(self, topic: str, partition: int, seek: Callable[[int], None]) -> None:
        self.consumer.calls.append(("open", partition))
        seek(100 + partition)
        self.held[partition] = object()


def test_new_partitions_are_paused_until_their_lane_is_open_and_sought() -> None:
    consumer = _Consumer()
    lanes = _Lanes(consumer, {1, 5})
    listener = _Rebalance(consumer, cast(Lanes, lanes), TOPIC)
    asyncio.run(listener.on_partitions_assigned({TopicPartition(TOPIC, p) for p in (2, 0, 1)}))

    assert consumer.calls == [
        ("close", 5),
        ("pause", [0, 2]),
        ("open", 0), ("seek", 0, 100), ("resume", [0]),
        ("open", 1), ("seek", 1, 101), ("resume", [1]),
        ("open", 2), ("seek", 2, 102), ("resume", [2]),
    ]  # fmt: skip
    assert set(lanes.held) == {0, 1, 2}
