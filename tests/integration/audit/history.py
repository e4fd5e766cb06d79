"""A simulated year written to ``zeren.events.v1`` the way the registry writes it (模拟日志).

Each day begins with the registry's ``ClockTicked`` on every partition, then
that day's submissions of :func:`services.simulator.generate`, stamped with
their recording time, keyed by subject and placed by the key's murmur2 hash
(the producer's default partitioner). The log can be cut after the ticks
that begin a given day, to feed the services up to that day first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from aiokafka.partitioner import DefaultPartitioner

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from services.registry.adapters.projection import clock_partition
from services.registry.domain.clock import ticks
from services.simulator import generate
from services.simulator.history import SHANGHAI

#: (envelope, partition) in log order.
Log = list[tuple[Envelope, int]]

SEED, START, SCALE = 1, date(2018, 1, 1), 0.1


def simulated_log(partitions: int, cut: date) -> tuple[Log, Log]:
    """The year's log, split after the ticks that begin ``cut`` (before and from then on)."""
    submissions = list(generate(SEED, START, years=1, scale=SCALE))
    by_day: dict[date, list[Envelope]] = {}
    for s in submissions:
        by_day.setdefault(s.submit_on, []).append(s.envelope)
    choose = DefaultPartitioner()
    all_partitions = list(range(partitions))
    before: Log = []
    after: Log = []
    day, last = submissions[0].submit_on, submissions[-1].submit_on + timedelta(days=2)
    while day <= last:
        noon = datetime.combine(day, time(12), SHANGHAI)
        ticked = [(t, clock_partition(t)) for t in ticks(day, partitions, noon)]
        facts = [
            (env.recorded_at(noon), choose(env.subject.encode(), all_partitions, all_partitions))
            for env in by_day.get(day, [])
        ]
        (before if day <= cut else after).extend(ticked)
        (before if day < cut else after).extend(facts)
        day += timedelta(days=1)
    return before, after


def by_month(log: Log) -> list[Log]:
    """``log`` cut before the ticks that begin each month (as the registry writes it over time)."""
    slices: list[Log] = [[]]
    for env, partition in log:
        tick = env.data
        if isinstance(tick, ClockTicked) and tick.partition == 0 and tick.date.day == 1:
            slices.append([])
        slices[-1].append((env, partition))
    return [s for s in slices if s]


def organizations(log: Sequence[tuple[Envelope, int]]) -> list[str]:
    """The organization ids the log names as subjects (ticks excepted)."""
    return sorted({env.subject for env, _ in log if not env.subject.startswith("partition:")})
