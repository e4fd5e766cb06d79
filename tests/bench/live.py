"""Live latency: the three services running, a steady rate of submissions offered.

Load design. The offered submissions are a simulated university's campus
stream over its first ``WINDOW_MONTHS`` months (the university is scaled so
that the window holds ``rate × seconds`` submissions), in submission order,
with the clock following the stream: before the first submission of a new
day the registry's clock is advanced to it (time is compressed, so deadline
ticks arrive about once a second and their work competes with the offered
load: a pessimistic live test). Warm-up, not timed: the structure
(organizations, members, office holders) and the first tick. Evidence
recorded in time yields ``DutyFulfilled``; careless units' late recordings
(补录 after the grace) of an overdue duty yield ``DutyFulfilledLate`` and,
clearing the criticism, ``CaseResolved`` — the accountability samples. (A
clock jump over the whole window was tried first: every unit is then overdue,
the "widespread" rule lifts every case to 通报/约谈, which late evidence does
not clear, and no accountability event follows a submission.) The clock is
advanced over HTTP while earlier submissions may still wait in the intake
topic; those are then judged a day later, as a slow campus system's would be.

A submission's duty latency runs from its send to the first duty event whose
``cause_event_id`` is its id; its accountability latency, to the first
accountability event decided on one of those duty events: the last of its
``evidence_event_ids``, which is the event the decision was taken on (the
earlier ids are the case's history: counting them would time a resolution
that waited for another submission's evidence against this one). Both as
received by a consumer in this process.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
from collections.abc import Sequence
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field
from datetime import date

import asyncpg
from aiokafka import AIOKafkaConsumer

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from services.common.kafka_admin import ensure_zeren_topics
from services.common.outbox import new_producer
from services.common.settings import Settings
from services.simulator import Submission, generate
from services.simulator.history import DEFAULT_START, EVENTS_PER_YEAR_AT_SCALE_1
from tests.bench.children import (
    ACCOUNTABILITY,
    DUTIES,
    REGISTRY,
    Child,
    UnavailableError,
    advance_clock,
    caught_up,
    driven_clock,
    running,
    submit_in_order,
)
from tests.bench.history import SEED, split_structure, structured
from tests.bench.workspace import end_offsets

WINDOW_MONTHS = 2
SETTLE_SECONDS = 900.0
#: After the last send, how long the outputs may take to arrive.
DRAIN_SECONDS = 60.0


@dataclass(frozen=True)
class Stream:
    """The warm-up (the university's structure) and the submissions offered live."""

    structure: list[Submission]
    offered: list[Submission]

    @classmethod
    def simulate(cls, count: int) -> Stream:
        per_year = count * 12 / WINDOW_MONTHS
        stream = generate(SEED, DEFAULT_START, 1, 1.2 * per_year / EVENTS_PER_YEAR_AT_SCALE_1)
        structure, rest = split_structure(stream)
        return cls(structure, list(itertools.islice(rest, count)))

    @property
    def first_day(self) -> date:
        return (self.structure or self.offered)[0].submit_on


@dataclass
class Tracker:
    """Matches the duty and accountability events to the submissions that caused them."""

    sent: dict[str, float] = field(default_factory=dict)
    duty: dict[str, float] = field(default_factory=dict)
    accountability: dict[str, float] = field(default_factory=dict)
    cause_of: dict[str, str] = field(default_factory=dict)

    def on_duty(self, event_id: str, value: bytes, now: float) -> None:
        cause = json.loads(value).get("cause_event_id")
        if cause in self.sent:
            self.cause_of[event_id] = cause
            self.duty.setdefault(cause, now - self.sent[cause])

    def on_accountability(self, value: bytes, now: float) -> None:
        evidence = json.loads(value).get("evidence_event_ids") or []
        cause = self.cause_of.get(evidence[-1]) if evidence else None
        if cause is not None:
            self.accountability.setdefault(cause, now - self.sent[cause])


@dataclass(frozen=True)
class Latency:
    """Percentiles of one latency, in milliseconds, and the number of samples."""

    samples: int
    p50: float | None
    p95: float | None
    p99: float | None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        if len(seconds) < 2:
            return cls(len(seconds), None, None, None)
        cuts = statistics.quantiles([s * 1000 for s in seconds], n=100, method="inclusive")
        return cls(len(seconds), cuts[49], cuts[94], cuts[98])


@dataclass(frozen=True)
class Live:
    offered: int
    offered_rate: float
    duty: Latency
    accountability: Latency


async def follow(consumer: AIOKafkaConsumer, duties: str, tracker: Tracker) -> None:
    """Feed every duty and accountability record to ``tracker`` until cancelled."""
    while True:
        fetched = await consumer.getmany(timeout_ms=50)
        now = time.perf_counter()
        for tp, records in fetched.items():
            for r in records:
                if tp.topic == duties:
                    ce_id = dict(r.headers).get("ce_id", b"").decode()
                    tracker.on_duty(ce_id, r.value, now)
                else:
                    tracker.on_accountability(r.value, now)


async def offer(
    registry: Child, offered: Sequence[Submission], rate: int, tracker: Tracker
) -> float:
    """Send ``offered`` at ``rate`` per second, the clock following; return the rate reached."""
    settings = registry.settings
    messages = [structured(settings, s) for s in offered]
    producer = new_producer(settings.kafka)
    await producer.start()
    try:
        started, today = time.perf_counter(), offered[0].submit_on
        for i, (submission, m) in enumerate(zip(offered, messages, strict=True)):
            if submission.submit_on > today:
                today = submission.submit_on
                await advance_clock(registry, today)
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tracker.sent[submission.envelope.id] = time.perf_counter()
            await producer.send(m.topic, m.value, key=m.key, headers=m.headers)
        await producer.flush()
        return len(offered) / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def settle(pool: asyncpg.Pool, children: Sequence[Child], within: float) -> bool:
    """Wait until every child (upstream first) has caught up; False after ``within`` s."""
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if all([await caught_up(pool, child) for child in children]):
            return True
        await asyncio.sleep(0.5)
    return False


async def warm_up(pool: asyncpg.Pool, children: Sequence[Child], stream: Stream) -> None:
    """The structure in (over HTTP, in order) and the clock at the first offered day;
    wait until settled."""
    registry = children[0]
    print(f"  warm-up: {len(stream.structure):,} structure events", flush=True)
    await advance_clock(registry, stream.first_day)
    await submit_in_order(registry, stream.structure)
    if not await settle(pool, children[:1], SETTLE_SECONDS):
        raise UnavailableError("the registry did not take the structure in")
    await advance_clock(registry, stream.offered[0].submit_on)
    started = time.perf_counter()
    if not await settle(pool, children, SETTLE_SECONDS):
        raise UnavailableError(f"the services did not settle within {SETTLE_SECONDS:.0f}s")
    print(f"  warm-up: settled in {time.perf_counter() - started:.1f}s", flush=True)


async def tracking_consumer(settings: Settings) -> AIOKafkaConsumer:
    """A consumer positioned at the current end of the duties and accountability topics."""
    topics = [settings.topic(DUTIES_TOPIC), settings.topic(ACCOUNTABILITY_TOPIC)]
    ends = [tp for topic in topics for tp in await end_offsets(settings.kafka, topic)]
    consumer = AIOKafkaConsumer(**settings.kafka.options(), enable_auto_commit=False)
    await consumer.start()
    consumer.assign(ends)
    await consumer.seek_to_end(*ends)
    for tp in ends:
        await consumer.position(tp)
    return consumer


async def live(pool: asyncpg.Pool, settings: Settings, rate: int, seconds: int) -> Live:
    """Offer ``rate`` submissions/s for ``seconds`` to the running services; their latencies."""
    await ensure_zeren_topics(settings)
    stream = Stream.simulate(rate * seconds)
    tracker = Tracker()
    async with AsyncExitStack() as stack:
        clock = driven_clock(stream.first_day)
        children = [await stack.enter_async_context(running(REGISTRY, settings, clock))]
        for service in (DUTIES, ACCOUNTABILITY):
            children.append(await stack.enter_async_context(running(service, settings)))
        await warm_up(pool, children, stream)
        consumer = await tracking_consumer(settings)
        stack.push_async_callback(consumer.stop)
        following = asyncio.create_task(follow(consumer, settings.topic(DUTIES_TOPIC), tracker))
        try:
            print(f"  offering {len(stream.offered):,} submissions at {rate:,}/s", flush=True)
            achieved = await offer(children[0], stream.offered, rate, tracker)
            await settle(pool, children, DRAIN_SECONDS)
            await asyncio.sleep(1.0)  # the last outputs reach the tracking consumer
        finally:
            following.cancel()
            with suppress(asyncio.CancelledError):
                await following
    return Live(
        len(stream.offered),
        achieved,
        Latency.of(list(tracker.duty.values())),
        Latency.of(list(tracker.accountability.values())),
    )
