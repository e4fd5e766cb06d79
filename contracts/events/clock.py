"""Time and rules events (时钟与规则版本), published by the registry or an operator.

They concern no single organization, so their envelope subject is not an
organization id:

* ``ClockTicked`` and ``ClockBeat``: ``partition:<n>``, the partition the
  tick or beat is written to (the registry writes one to every partition and
  picks the partition explicitly, not by key);
* ``CatalogVersionAdopted`` and ``PolicyVersionAdopted``: ``system``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from contracts.events.base import Payload, Title, Version, example

SYSTEM_SUBJECT = "system"
MAX_PARTITIONS = 1024


def partition_subject(partition: int) -> str:
    """The subject of a clock tick written to ``partition``."""
    return f"partition:{partition}"


def tick_id(day: dt.date, partition: int) -> str:
    """The deterministic id of the tick for ``day`` on ``partition``."""
    return f"tick:{day.isoformat()}:{partition}"


class ClockTicked(Payload):
    """A day passed on the log's clock (时钟推进), one tick per partition."""

    model_config = example({"date": "2018-04-01", "partition": 0})

    date: dt.date = Field(description="The day that has begun; earlier days are over (日期).")
    partition: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition of zeren.events.v1 the tick is on (分区)."
    )

    def expected_subject(self) -> str:
        """``partition:<n>``."""
        return partition_subject(self.partition)


class ClockBeat(Payload):
    """A beat of the log within a day (日内节拍), one per partition, numbered from 1.

    The registry writes a beat to every partition shortly after it appended
    facts, so that consumers which fold the partitions in lock-step can
    decide those facts without waiting for the next day's tick. Beats move
    no time: the day is still ``date``.
    """

    model_config = example({"date": "2018-04-01", "beat": 1, "partition": 0})

    date: dt.date = Field(description="The day the beat falls in (日期).")
    beat: int = Field(ge=1, description="The beat's number within the day, from 1 (节拍序号).")
    partition: int = Field(
        ge=0, lt=MAX_PARTITIONS, description="Partition of zeren.events.v1 the beat is on (分区)."
    )

    def expected_subject(self) -> str:
        """``partition:<n>``."""
        return partition_subject(self.partition)


class RulesVersionAdopted(Payload):
    """Base of adoptions of a versioned rule set (规则版本启用)."""

    version: Version = Field(description="Version identifier (版本号).")
    effective_from: dt.date = Field(description="First day the version applies (生效日期).")
    title: Title | None = Field(default=None, description="Human-readable title (名称).")

    def expected_subject(self) -> str:
        """``system``: rule sets apply to every organization."""
        return SYSTEM_SUBJECT


class CatalogVersionAdopted(RulesVersionAdopted):
    """A version of the duty catalog was adopted (责任清单版本启用)."""

    model_config = example(
        {
            "version": "2017.1",
            "effective_from": "2017-10-20",
            "title": "沪开大委〔2017〕48号 责任清单",
        }
    )


class PolicyVersionAdopted(RulesVersionAdopted):
    """A version of the accountability policy was adopted (问责规则版本启用)."""

    model_config = example(
        {
            "version": "2017.1",
            "effective_from": "2017-10-20",
            "title": "沪开大委〔2017〕48号 责任追究",
        }
    )


EVENTS = (ClockTicked, ClockBeat, CatalogVersionAdopted, PolicyVersionAdopted)
