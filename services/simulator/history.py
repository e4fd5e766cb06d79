"""The simulated history (模拟历史): every campus system's submissions, in submission order.

``generate`` loads the structure the day before ``start``, then walks month
by month: the month's happenings (``Life``), then the evidence of every
periodic duty whose period starts that month (``evidence_facts``). Facts wait
in a queue ordered by submission day (the fact's day plus its recording
delay, 补录) and leave it once no later fact can be submitted before them, so
the stream is sorted by ``submit_on`` (stable: same-day facts keep their
production order). Ids are ``<source>-<n>`` in stream order, and the
envelope's ``time`` is the fact's day in Asia/Shanghai.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Literal, NamedTuple, cast
from zoneinfo import ZoneInfo

from contracts.catalog import PeriodicCadence
from contracts.envelope import Envelope, new_envelope
from services.simulator.campus import Campus
from services.simulator.evidence import evidence_facts
from services.simulator.facts import CHANNELS, Fact
from services.simulator.habits import choose_habits
from services.simulator.life import Life
from services.simulator.periods import (
    CADENCES,
    add_months,
    add_years,
    catalog_for,
    month_starts,
    period_starting,
)
from services.simulator.structure import structure_facts
from services.simulator.university import Size, build_university

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_START = date(2018, 1, 1)
#: Events of the default university over one year, to size ``generate_n`` (measured).
EVENTS_PER_YEAR_AT_SCALE_1 = 37_000

Channel = Literal["kafka", "http"]


class Submission(NamedTuple):
    """One event as a campus system publishes it (提交): day, channel, system, envelope."""

    submit_on: date
    channel: Channel
    source: str
    envelope: Envelope


class _Queue:
    """Facts waiting for their submission day; everything outside the window is dropped."""

    def __init__(self, start: date, end: date) -> None:
        self.start = start
        self.end = end
        self.heap: list[tuple[date, int, Fact]] = []
        self.order = itertools.count()
        self.ids: Counter[str] = Counter()

    def push(self, facts: Iterable[Fact], not_before: date, *, window: bool = True) -> None:
        for fact in facts:
            if fact.on < not_before:
                raise ValueError(f"fact of {fact.on} produced after {not_before}: order lost")
            if not window or self.start <= fact.on <= self.end:
                submit_on = fact.on + timedelta(days=fact.delay)
                heapq.heappush(self.heap, (submit_on, next(self.order), fact))

    def pop_before(self, day: date) -> Iterator[Submission]:
        """Submissions due before ``day``, in order."""
        while self.heap and self.heap[0][0] < day:
            submit_on, _, fact = heapq.heappop(self.heap)
            yield self.submission(submit_on, fact)

    def submission(self, submit_on: date, fact: Fact) -> Submission:
        number = 0
        if fact.event_id is None:
            self.ids[fact.source] += 1
            number = self.ids[fact.source]
        moment = datetime.combine(fact.on, time(8 + number % 10, number * 7 % 60), SHANGHAI)
        envelope = new_envelope(
            fact.model.model_validate(fact.fields, strict=False),
            id=fact.event_id or f"{fact.source}-{number}",
            source=f"urn:campus:{fact.source}",
            time=moment,
        )
        return Submission(submit_on, cast(Channel, CHANNELS[fact.source]), fact.source, envelope)


def generate(
    seed: int, start: date = DEFAULT_START, years: int = 3, scale: Size | float = 1.0
) -> Iterator[Submission]:
    """The campus systems' submissions from the day before ``start`` over ``years`` years."""
    end = add_years(start, years) - timedelta(days=1)
    university = build_university(seed, start, scale)
    campus = Campus(university, choose_habits(university, seed, start, end), seed)
    queue = _Queue(start, end)
    queue.push(structure_facts(university, seed, start), date.min, window=False)
    yield from queue.pop_before(start)
    life = Life(campus, seed, end)
    queue.push(life.plan(), start)
    for first in month_starts(start, end):
        queue.push(life.month(first), first)
        catalog = catalog_for(first)
        for cadence in CADENCES:
            period = period_starting(cadence, first)
            if period is None:
                continue
            for duty in catalog.duties:
                if isinstance(duty.cadence, PeriodicCadence) and duty.cadence.kind == cadence:
                    queue.push(evidence_facts(campus, duty, period), first)
        life.settle(first)
        yield from queue.pop_before(add_months(first, 1))
    yield from queue.pop_before(date.max)


def generate_n(
    seed: int, n: int, start: date = DEFAULT_START, years: int = 3
) -> Iterator[Submission]:
    """Exactly ``n`` submissions (for benchmarks): a university scaled to produce a few more."""
    scale = max(0.1, 1.2 * n / (EVENTS_PER_YEAR_AT_SCALE_1 * years))
    produced = 0
    for submission in itertools.islice(generate(seed, start, years, scale), n):
        produced += 1
        yield submission
    if produced < n:
        raise ValueError(f"only {produced} events for {n} requested: raise the estimate")
