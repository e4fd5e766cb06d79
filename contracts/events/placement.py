"""Where the log keeps each organization (分区归属), published by the registry.

Under subtree placement the registry writes all the facts of a top-level unit
(a 党总支 or 二级党组织) and its subtree to one partition, its home, so that a
consumer can fold each partition on its own. It decides the home when the
unit is established and records it with ``UnitPlaced``, one copy per
partition (like the clock's ticks), before the unit's first fact. A log with
no ``UnitPlaced`` was written under key placement (by the subject's hash).
"""

from __future__ import annotations

from pydantic import Field

from contracts.events.base import Id, Payload, example
from contracts.events.clock import MAX_PARTITIONS, partition_subject


class UnitPlaced(Payload):
    """An organization and the subtree it heads were given a home partition (分区归属)."""

    model_config = example({"organization_id": "gb-edu", "home": 2, "scheme": 1, "partition": 0})

    organization_id: Id = Field(description="Id of the organization placed (党组织).")
    home: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition that holds its facts (归属分区)."
    )
    scheme: int = Field(
        ge=1, le=1, description="Placement scheme: 1, by top-level unit (分区方案)."
    )
    partition: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition of zeren.events.v1 this copy is on (分区)."
    )

    def expected_subject(self) -> str:
        """``partition:<n>``: each partition has its copy, like the clock's ticks."""
        return partition_subject(self.partition)


EVENTS: tuple[type[Payload], ...] = (UnitPlaced,)
