"""Where the log keeps each organization (分区归属), published by the registry.

Under subtree placement the registry writes all the facts of a top-level unit
(a 党总支 or 二级党组织) and its subtree to one partition, its home, so that a
consumer can fold each partition on its own. It decides the home when the
unit is established and records it with ``UnitPlaced``, one copy per
partition (like the clock's ticks), before the unit's first fact. A log with
no ``UnitPlaced`` was written under key placement (by the subject's hash).

When a unit is moved under a parent folded on another partition, the
registry brings the parent's structure to the unit's partition with
``StructureShared`` (its later structure facts follow there), so that the
unit answers through its new parent where it is folded.
"""

from __future__ import annotations

from pydantic import Field

from contracts.events.base import Day, Id, Payload, example
from contracts.events.clock import MAX_PARTITIONS, partition_subject
from contracts.events.enums import BranchCategory, Office, OrganizationKind


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


class SharedHolder(Payload):
    """One current office holder of a shared unit (现任)."""

    person_id: Id = Field(description="Id of the office holder (任职人).")
    office: Office = Field(description="The office held (职务).")


class StructureShared(Payload):
    """A unit's structure as the registry knows it, brought to a partition where a unit it
    heads is folded (共享结构): the parent a moved unit answers through."""

    model_config = example(
        {
            "organization_id": "gb-arts",
            "home": 0,
            "kind": "general_branch",
            "parent_id": "pc-university",
            "established_on": "2017-09-01",
            "holders": [{"person_id": "p-20001", "office": "secretary"}],
            "partition": 1,
        }
    )

    organization_id: Id = Field(description="Id of the organization shared (党组织).")
    home: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition that holds its facts (归属分区)."
    )
    kind: OrganizationKind = Field(description="Kind of organization (组织类型).")
    category: BranchCategory | None = Field(
        default=None, description="Branch category, for branches (支部类别)."
    )
    parent_id: Id | None = Field(default=None, description="Id of its higher organization.")
    established_on: Day = Field(description="Day of establishment (成立日期).")
    dissolved_on: Day | None = Field(default=None, description="Day dissolved, if (撤销日期).")
    holders: list[SharedHolder] = Field(
        max_length=200, description="Its current office holders (现任)."
    )
    partition: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition of zeren.events.v1 this copy is on (分区)."
    )

    def expected_subject(self) -> str:
        """``partition:<n>``: written to the partition that needs it."""
        return partition_subject(self.partition)


EVENTS: tuple[type[Payload], ...] = (UnitPlaced, StructureShared)
