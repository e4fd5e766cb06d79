"""Replays: a service started on a full input topic, timed until it has caught up."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from deploy.kafka_security import registered_sources
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import quote_schema
from services.common.settings import Settings
from services.simulator import Submission
from tests.bench.children import (
    REGISTRY,
    Service,
    advance_clock,
    drained,
    driven_clock,
    running,
    submit_in_order,
)
from tests.bench.cpu import CpuSplit, Machine, ports
from tests.bench.history import last_day, produce, split_structure, structured
from tests.bench.progress import Progress
from tests.bench.workspace import topic_size


@dataclass(frozen=True)
class Replay:
    """How fast a service worked through its input, and its peak memory."""

    records: int
    seconds: float
    peak_rss: int
    #: Of the records, how many the service rejected (the registry only; None elsewhere).
    rejected: int | None = None
    #: The profiler's report, if the service ran under one (then slower than it is).
    profile: Path | None = None
    #: CPU time of the service and its relay from spawn until caught up (None: not taken).
    cpu_seconds: float | None = None
    #: The machine's CPU during the replay, by part (None: not taken).
    cpu: CpuSplit | None = None

    @property
    def rate(self) -> float:
        return self.records / self.seconds

    @property
    def cpu_per_record(self) -> float | None:
        """Microseconds of CPU per input record, if measured."""
        return None if self.cpu_seconds is None else self.cpu_seconds / self.records * 1e6


def pooled(runs: Sequence[Replay]) -> Replay:
    """Several runs of the same stage as one: records, seconds and CPU added up (so the
    rate is over them all), the highest peak, the first profile."""
    rejected = [r.rejected for r in runs if r.rejected is not None]
    cpu = [r.cpu_seconds for r in runs if r.cpu_seconds is not None]
    return Replay(
        records=sum(r.records for r in runs),
        seconds=sum(r.seconds for r in runs),
        peak_rss=max(r.peak_rss for r in runs),
        rejected=sum(rejected) if rejected else None,
        profile=next((r.profile for r in runs if r.profile is not None), None),
        cpu_seconds=sum(cpu) if len(cpu) == len(runs) else None,
    )


async def replay(
    pool: asyncpg.Pool,
    service: Service,
    settings: Settings,
    extra: Mapping[str, str] | None = None,
    profile: Path | None = None,
    instances: int = 1,
) -> Replay:
    """Spawn ``service`` on its (full) input topic (``instances`` processes of it, sharing
    its partitions); time it from spawn until caught up. The peak memory and CPU time are
    the instances' together (the first one only is profiled)."""
    end = sum([await topic_size(settings.kafka, t) for t in service.inputs(settings)])
    print(f"  {service.name}: {end:,} input records, {instances} process(es)", flush=True)
    if profile is not None:
        print(f"  profiled (slower than unprofiled): report to {profile}", flush=True)
    machine = Machine(*ports(settings))
    async with AsyncExitStack() as stack:
        children = [
            await stack.enter_async_context(
                running(service, settings, extra, profile if i == 1 else None, i)
            )
            for i in range(1, instances + 1)
        ]
        seconds = await drained(pool, children[0], end, *children[1:])
        cpu = [child.cpu_seconds() for child in children]
        own, relays = sum(c[0] for c in cpu), sum(c[1] for c in cpu)
        split = machine.split(seconds, own, relays)
        peak = sum(child.peak_rss for child in children)
        return Replay(end, seconds, peak, profile=profile, cpu_seconds=own + relays, cpu=split)


async def registry_intake(
    pool: asyncpg.Pool,
    settings: Settings,
    submissions: Sequence[Submission],
    profile: Path | None = None,
    extra: Mapping[str, str] | None = None,
) -> Replay:
    """Intake of the prefilled intake topics: validation, dedup and log append (``extra``:
    more registry settings, e.g. ``ZEREN_CHAIN=off``).

    Untimed, a first registry run drives the clock to the history's last day
    (so that no fact is rejected as dated in the future) and takes the
    university's structure in over HTTP, in order; the timed run then starts on
    the intake topic prefilled with the rest, and its rejections are counted
    (that run only is profiled, if ``profile`` is given).
    """
    await ensure_zeren_topics(settings, registered_sources())
    structure, rest = split_structure(iter(submissions))
    facts = list(rest)
    clock = {**driven_clock(submissions[0].submit_on), **(extra or {})}
    async with running(REGISTRY, settings, clock) as child:
        await advance_clock(child, last_day(submissions))
        await submit_in_order(child, structure)
        await drained(pool, child, 0)
    progress = Progress("intake prefill", len(facts))
    await produce(
        settings.kafka,
        (structured(settings, s) for s in progress.wrap(facts)),
    )
    timed = await replay(pool, REGISTRY, settings, clock, profile)
    async with pool.acquire() as conn:
        rejected = await conn.fetchval(
            f"SELECT count(*) FROM {quote_schema(REGISTRY.schema(settings))}.submissions"
            " WHERE outcome = 'rejected'"
        )
    return dataclasses.replace(timed, rejected=rejected)
