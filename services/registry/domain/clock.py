"""The log's clock (日志时钟): one ``ClockTicked`` per day and partition, never backwards.

The registry's position is the last day that has begun (``today``). Moving
the clock to a later day emits every missing day in order. The very first
move starts at ``start`` when one is configured (and not after the target),
otherwise at the target day itself: the log's time begins there.

Within a day, a ``ClockBeat`` on every partition (日内节拍) closes what was
appended since the last tick or beat (``pending``): consumers that fold the
partitions in lock-step decide those facts then, not at the next midnight.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Envelope, new_envelope
from contracts.events.clock import ClockBeat, ClockTicked, tick_id

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: CloudEvents source of everything the registry itself publishes.
REGISTRY_SOURCE = "urn:zeren:registry"
#: Days after ``today`` a fact may still be dated (the day boundary is fuzzy across systems).
TOLERANCE = timedelta(days=1)


class ClockBackwardsError(ValueError):
    """The clock never goes back (时钟不能倒退)."""


class Clock(BaseModel):
    """The registry's clock position (时钟位置): the last day that has begun, if any."""

    model_config = ConfigDict(frozen=True)

    today: date | None = None
    #: Beats written since ``today`` began.
    beat: int = 0
    #: Facts were appended since the last tick or beat.
    pending: bool = False

    def days_until(self, target: date, start: date | None = None) -> list[date]:
        """The days to tick to reach ``target``, in order; empty when not ahead of ``today``."""
        if self.today is None:
            first = start if start is not None and start <= target else target
        else:
            first = self.today + timedelta(days=1)
        return [first + timedelta(days=n) for n in range((target - first).days + 1)]

    def latest_allowed(self) -> date | None:
        """The latest date a fact may carry (``today`` + tolerance); None before the first tick."""
        return None if self.today is None else self.today + TOLERANCE


def shanghai_day(now: datetime) -> date:
    """The calendar day in Asia/Shanghai at the aware instant ``now``."""
    return now.astimezone(SHANGHAI).date()


def beat_id(day: date, beat: int, partition: int) -> str:
    """The deterministic id of beat ``beat`` of ``day`` on ``partition``."""
    return f"beat:{day.isoformat()}:{beat}:{partition}"


def beats(day: date, beat: int, partitions: int, recorded: datetime) -> list[Envelope]:
    """The ``ClockBeat`` envelopes numbered ``beat`` of ``day``, one per partition."""
    return [
        new_envelope(
            ClockBeat(date=day, beat=beat, partition=p),
            id=beat_id(day, beat, p),
            source=REGISTRY_SOURCE,
            time=recorded,
            recordedtime=recorded,
        )
        for p in range(partitions)
    ]


def ticks(day: date, partitions: int, recorded: datetime) -> list[Envelope]:
    """The ``ClockTicked`` envelopes of ``day``, one per partition, in partition order."""
    began = datetime.combine(day, time(), SHANGHAI)
    return [
        new_envelope(
            ClockTicked(date=day, partition=p),
            id=tick_id(day, p),
            source=REGISTRY_SOURCE,
            time=began,
            recordedtime=recorded,
        )
        for p in range(partitions)
    ]
