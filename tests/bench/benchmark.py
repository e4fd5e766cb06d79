"""Zeren's benchmark (issue 8): the stages, the figures and the command line; see ``run.py``."""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from contracts.topics import EVENTS_TOPIC
from services.common.kafka_admin import ensure_zeren_topics, partition_counts
from services.common.kafka_client import KafkaClient
from services.common.settings import Settings
from services.simulator import Submission, generate_n
from tests.bench import report
from tests.bench.children import (
    ACCOUNTABILITY,
    CPROFILE_SUFFIX,
    DUTIES,
    REGISTRY,
    Service,
    UnavailableError,
)
from tests.bench.history import SEED, Target, logged, produce, routed
from tests.bench.limits import raw_consumption, raw_copy
from tests.bench.live import Latency, Live, live
from tests.bench.progress import Progress
from tests.bench.replays import Replay, pooled, registry_intake, replay
from tests.bench.report import Figure
from tests.bench.workspace import Workspace
from tests.placement import subtree_registry

T = TypeVar("T")
MB = 1 << 20
INTAKE_MAX = 200_000
RAW = "raw consumption"
DUTIES_MIN, DUTIES_SHARE = 50_000, 0.5
ACCOUNTABILITY_MIN = 100_000
INTAKE_MIN = 20_000
LIVE_P99_MAX_MS = 500.0
RSS_GROWTH_MAX = 1.5
#: Two duties processes over a subtree-placed log keep at least this share of raw (issue 26).
TWO_PROCESSES_SHARE = 0.75
SUBTREE = {"ZEREN_PLACEMENT": "subtree"}
#: The chained intake keeps at least this share of the unchained one's rate (issue 27).
CHAIN_SHARE_MIN = 0.9
UNCHAINED = {"ZEREN_CHAIN": "off"}
#: Where ``--profile`` writes its report.
PROFILES = report.RESULTS.parent
#: The profilers ``--profiler`` offers.
PYINSTRUMENT, CPROFILE = "pyinstrument", "cprofile"


@dataclass(frozen=True)
class Bracket:
    """Raw consumption measured right before and right after one timed stage.

    The machine's speed drifts (shared cores: by 2.6x within one hour), so a
    stage is compared with the mean of the two, not with a figure taken minutes
    earlier.
    """

    before: float | UnavailableError
    after: float | UnavailableError

    @property
    def measured(self) -> list[float]:
        return [r for r in (self.before, self.after) if isinstance(r, float)]

    @property
    def limit(self) -> float | None:
        return statistics.fmean(self.measured) if self.measured else None

    def describe(self) -> str:
        return "raw before/after " + "/".join(
            f"{r:,.0f}" if isinstance(r, float) else "—" for r in (self.before, self.after)
        )


@dataclass(frozen=True)
class Results:
    """What each stage measured, or why it could not."""

    copy: float | UnavailableError
    duties: Replay | UnavailableError
    accountability: Replay | UnavailableError
    duties_tenth: Replay | UnavailableError
    intake: Replay | UnavailableError
    #: The same intake with the log's hash chain switched off (``ZEREN_CHAIN=off``); both
    #: intakes are two runs pooled (:func:`intakes`).
    intake_unchained: Replay | UnavailableError
    live: Live | UnavailableError
    #: Raw consumption around the duties replay, the accountability replay, the intake.
    brackets: tuple[Bracket, Bracket, Bracket]
    #: The duties replay of the history written under subtree placement, in lanes.
    scale_out: ScaleOut | UnavailableError

    @property
    def raws(self) -> list[float]:
        """Every raw consumption measured (the one between the two replays once)."""
        duties, accountability, intake = self.brackets
        shared = [duties.before, duties.after, accountability.after, intake.before, intake.after]
        return [r for r in shared if isinstance(r, float)]


async def attempt(label: str, work: Awaitable[T]) -> T | UnavailableError:
    """Run one stage; a stage that cannot run is reported, not fatal to the others."""
    print(f"== {label}", flush=True)
    started = time.perf_counter()
    try:
        result = await work
    except Exception as error:  # any failure of one stage: report it, run the rest
        reason = error if isinstance(error, UnavailableError) else UnavailableError(repr(error))
        print(f"  unavailable: {reason}", flush=True)
        return reason
    print(f"  done in {time.perf_counter() - started:.1f}s", flush=True)
    return result


def skipped(flag: str) -> UnavailableError:
    return UnavailableError(f"skipped ({flag})")


async def load_history(
    kafka: KafkaClient, n: int, targets: list[tuple[Settings, int]], subtree: bool = False
) -> None:
    """Write the first ``facts`` events of the N-event history to each target's log topic
    (``subtree``: as the registry writes it under subtree placement)."""
    for settings, _ in targets:
        await ensure_zeren_topics(settings)
    topics = [(settings.topic(EVENTS_TOPIC), facts) for settings, facts in targets]
    partitions = (await partition_counts(kafka, [topics[0][0]]))[topics[0][0]]
    progress = Progress("history", n)
    started = time.perf_counter()
    sent = await produce(
        kafka,
        routed(
            logged(
                progress.wrap(generate_n(SEED, n)),
                partitions,
                chained=True,
                placement=subtree_registry(partitions) if subtree else None,
            ),
            [Target(topic, facts) for topic, facts in topics],
        ),
    )
    print(f"  {sent:,} records (facts, ticks, checkpoints) in {time.perf_counter() - started:.1f}s")


@dataclass(frozen=True)
class ScaleOut:
    """The duties replay of the subtree-placed history by one and by two processes (issue
    26: each folds the partitions Kafka assigns it, in lanes), raw consumption of that
    topic around each."""

    one: Replay | UnavailableError
    two: Replay | UnavailableError
    around_one: Bracket
    around_two: Bracket


async def scale_out(ws: Workspace, pool: asyncpg.Pool, n: int) -> ScaleOut:
    """Write the history under subtree placement, then replay it with 1 and 2 processes
    (the second run on the same topic, with schemas of its own)."""
    placed = ws.settings("placed")
    await load_history(ws.kafka, n, [(placed, n)], subtree=True)
    events = placed.topic(EVENTS_TOPIC)

    def raw() -> Awaitable[float | UnavailableError]:
        return attempt("raw consumption (subtree placement)", raw_consumption(ws.kafka, events))

    before = await raw()
    one = await attempt("duties replay, subtree placement, 1 process",
                        replay(pool, DUTIES, placed, SUBTREE))  # fmt: skip
    between = await raw()
    again = placed.namespaced(placed.topic_suffix, f"{ws.tag}_placed2_")
    two = await attempt("duties replay, subtree placement, 2 processes",
                        replay(pool, DUTIES, again, SUBTREE, instances=2))  # fmt: skip
    return ScaleOut(one, two, Bracket(before, between), Bracket(between, await raw()))


def scale_out_figures(result: ScaleOut | UnavailableError) -> list[Figure]:
    """The two replays against raw consumption, and the second's speed-up (information)."""
    if isinstance(result, UnavailableError):
        return [Figure("duties replay, 2 processes", None, "events/s", note=f"{result}")]
    one = throughput("duties replay, subtree, 1 process", result.one, result.around_one, 0,
                     DUTIES_SHARE)  # fmt: skip
    two = throughput("duties replay, subtree, 2 processes", result.two, result.around_two, 0,
                     TWO_PROCESSES_SHARE)  # fmt: skip
    if not isinstance(result.one, Replay) or not isinstance(result.two, Replay):
        return [one, two]
    gain = Figure("duties replay, 2 processes vs 1", result.two.rate, "events/s",
                  result.one.rate, "1 process", note="info")  # fmt: skip
    return [one, two, gain, *_cpu("1 process", result.one), *_cpu("2 processes", result.two)]


def _cpu(name: str, replay: Replay) -> list[Figure]:
    """The machine's CPU during ``replay``, busy share and parts (information)."""
    if replay.cpu is None:
        return []
    split = replay.cpu
    busy = 100 * split.share(split.busy)
    return [Figure(f"machine busy, subtree, {name}", busy, "%", note=f"info; {split.note}")]


async def measure(ws: Workspace, pool: asyncpg.Pool, args: argparse.Namespace) -> Results:
    n: int = args.events
    main, tenth = ws.settings("replay"), ws.settings("tenth")
    print(f"== history: {n:,} events, seed {SEED}, topics *.{ws.tag}.*", flush=True)
    await load_history(ws.kafka, n, [(main, n)] + ([] if args.quick else [(tenth, n // 10)]))
    events = main.topic(EVENTS_TOPIC)

    def raw() -> Awaitable[float | UnavailableError]:
        return attempt("raw consumption", raw_consumption(ws.kafka, events))

    copy = await attempt("raw PostgreSQL COPY", raw_copy(pool, f"{ws.tag}_limits", n))
    profile = functools.partial(profile_path, args.profile, profiler=args.profiler)
    raw_first = await raw()
    duties = await attempt("duties replay", replay(pool, DUTIES, main, profile=profile(DUTIES)))
    raw_between = await raw()
    accountability = await attempt(
        "accountability replay",
        replay(pool, ACCOUNTABILITY, main, profile=profile(ACCOUNTABILITY)),
    )
    raw_after = await raw()
    duties_tenth = (
        skipped("--quick")
        if args.quick
        else await attempt("duties replay at N/10", replay(pool, DUTIES, tenth))
    )
    intake: Replay | UnavailableError
    unchained: Replay | UnavailableError
    if args.skip_intake:
        intake = unchained = skipped("--skip-intake")
        around_intake = Bracket(intake, intake)
    else:
        raw_before_intake = await raw()
        m = min(n, INTAKE_MAX)
        intake, unchained = await intakes(pool, ws, list(generate_n(SEED, m)), profile(REGISTRY))
        around_intake = Bracket(raw_before_intake, await raw())
    brackets = (Bracket(raw_first, raw_between), Bracket(raw_between, raw_after), around_intake)
    latency = (
        skipped("--skip-live")
        if args.skip_live
        else await attempt(
            f"live latency at {args.rate:,}/s for {args.seconds}s",
            live(pool, ws.settings("live"), args.rate, args.seconds),
        )
    )
    scaled = skipped("--skip-scale-out") if args.skip_scale_out else await scale_out(ws, pool, n)
    return Results(
        copy, duties, accountability, duties_tenth, intake, unchained, latency, brackets, scaled
    )


async def intakes(
    pool: asyncpg.Pool, ws: Workspace, submissions: list[Submission], profile: Path | None
) -> tuple[Replay | UnavailableError, Replay | UnavailableError]:
    """The registry's intake with the chain and without it, each run twice in the order
    unchained, chained, chained, unchained (the machine's drift in speed cancels out
    to first order); each arm's runs pooled. The first chained run is the profiled one."""
    runs: dict[bool, list[Replay | UnavailableError]] = {True: [], False: []}
    m = len(submissions)
    for i, chained in enumerate((False, True, True, False)):
        label = f"registry intake of {m:,} submissions" + ("" if chained else " without the chain")
        runs[chained].append(
            await attempt(
                f"{label} ({i + 1} of 4)",
                registry_intake(
                    pool,
                    ws.settings(f"intake{i}"),
                    submissions,
                    profile if i == 1 else None,
                    extra=None if chained else UNCHAINED,
                ),
            )
        )
    return pooled_arm(runs[True]), pooled_arm(runs[False])


def pooled_arm(runs: list[Replay | UnavailableError]) -> Replay | UnavailableError:
    """The arm's runs pooled, or why one of them could not run."""
    failed = [r for r in runs if isinstance(r, UnavailableError)]
    return failed[0] if failed else pooled([r for r in runs if isinstance(r, Replay)])


def profile_path(
    profiled: str | None, service: Service, profiler: str = PYINSTRUMENT
) -> Path | None:
    """Where the profile of ``service``'s replay goes, if it is the one ``--profile`` named
    (its suffix chooses the profiler: see :func:`~tests.bench.children.command`)."""
    if service.name != profiled:
        return None
    suffix = CPROFILE_SUFFIX if profiler == CPROFILE else ".txt"
    return PROFILES / f"profile-{service.name}{suffix}"


def throughput(
    name: str,
    result: Replay | UnavailableError,
    raw: Bracket,
    least: float,
    share: float,
) -> Figure:
    """A replay rate against raw consumption around it: at least ``least``/s and
    ``share`` of raw."""
    limit = raw.limit
    target = f">= {least:,.0f}/s" + (f" and >= {share}x raw" if share else "")
    if isinstance(result, UnavailableError):
        return Figure(name, None, "events/s", limit, RAW, target, note=f"unavailable: {result}")
    rate = result.rate
    ok = rate >= least and (not share or limit is None or rate >= share * limit)
    note = f"{result.records:,} records in {result.seconds:.1f}s"
    if result.rejected is not None:
        note += f", {result.rejected:,} rejected"
    if result.profile is not None:
        note += f", profiled (slowed): {result.profile}"
    note += f"; {raw.describe()}"
    return Figure(name, rate, "events/s", limit, RAW, target, ok, note)


def chain_cost(
    chained: Replay | UnavailableError, unchained: Replay | UnavailableError
) -> list[Figure]:
    """The registry's intake rate with the log's hash chain against without it, and the
    CPU each spent per record (the registry and its relay; information)."""
    name, target = "registry intake with/without the chain", f">= {CHAIN_SHARE_MIN}x"
    if not isinstance(chained, Replay) or not isinstance(unchained, Replay):
        reason = chained if isinstance(chained, UnavailableError) else unchained
        return [Figure(name, None, "events/s", target=target, note=f"unavailable: {reason}")]
    ok = chained.rate >= CHAIN_SHARE_MIN * unchained.rate
    note = f"{chained.records:,} records in {chained.seconds:.1f}s vs {unchained.seconds:.1f}s"
    rate = Figure(name, chained.rate, "events/s", unchained.rate, "unchained", target, ok, note)
    if chained.cpu_per_record is None or unchained.cpu_per_record is None:
        return [rate]
    cpu = Figure(
        "registry CPU per record with/without the chain", chained.cpu_per_record, "us",
        unchained.cpu_per_record, "unchained", note="info; the registry and its relay",
    )  # fmt: skip
    return [rate, cpu]


def limit_figure(name: str, value: float | UnavailableError, unit: str) -> Figure:
    if isinstance(value, UnavailableError):
        return Figure(name, None, unit, note=f"unavailable: {value}")
    return Figure(name, value, unit, note="limit")


def raw_figure(raws: list[float]) -> Figure:
    """Raw consumption over the run: the mean, and the spread of its measurements."""
    if not raws:
        return Figure(RAW, None, "events/s", note="unavailable")
    spread = f"limit; mean of {len(raws)}, {min(raws):,.0f}-{max(raws):,.0f}"
    return Figure(RAW, statistics.fmean(raws), "events/s", note=spread)


def memory(results: Results) -> list[Figure]:
    """Peak RSS of each replay, and the duties replay's growth from N/10 to N."""
    figures = [
        Figure(f"{name} peak RSS", r.peak_rss / MB, "MB", note="info")
        for name, r in (
            ("duties replay", results.duties),
            ("accountability replay", results.accountability),
            ("registry intake", results.intake),
        )
        if isinstance(r, Replay)
    ]
    full, tenth = results.duties, results.duties_tenth
    target = f"<= {RSS_GROWTH_MAX}x"
    if isinstance(full, Replay) and isinstance(tenth, Replay):
        ok = full.peak_rss <= RSS_GROWTH_MAX * tenth.peak_rss
        growth = Figure(
            "duties peak RSS, N vs N/10", full.peak_rss / MB, "MB", tenth.peak_rss / MB,
            "N/10", target, ok,
        )  # fmt: skip
    else:
        reason = full if isinstance(full, UnavailableError) else tenth
        growth = Figure(
            "duties peak RSS, N vs N/10", None, "MB", target=target, note=f"unavailable: {reason}"
        )
    return [*figures, growth]


def latencies(result: Live | UnavailableError) -> list[Figure]:
    """p50/p95/p99 of submission → duty event and submission → accountability event."""
    target = f"p99 <= {LIVE_P99_MAX_MS:.0f} ms"
    if isinstance(result, UnavailableError):
        return [Figure("live p99 submission -> accountability", None, "ms", target=target,
                       note=f"unavailable: {result}")]  # fmt: skip
    offered = f"offered {result.offered:,} at {result.offered_rate:,.0f}/s"
    return [
        *_percentiles("submission -> duty", result.duty, offered, None),
        *_percentiles("submission -> accountability", result.accountability, offered, target),
    ]


def _percentiles(what: str, latency: Latency, offered: str, target: str | None) -> list[Figure]:
    note = f"{latency.samples:,} samples; {offered}"
    rows = [
        Figure(f"live p50 {what}", latency.p50, "ms", note=note),
        Figure(f"live p95 {what}", latency.p95, "ms", note=note),
    ]
    if target is None:
        return [*rows, Figure(f"live p99 {what}", latency.p99, "ms", note=note)]
    ok = None if latency.p99 is None else latency.p99 <= LIVE_P99_MAX_MS
    return [*rows, Figure(f"live p99 {what}", latency.p99, "ms", target=target, ok=ok, note=note)]


def figures(results: Results) -> list[Figure]:
    duties, accountability, intake = results.brackets
    return [
        raw_figure(results.raws),
        limit_figure("raw PostgreSQL COPY", results.copy, "rows/s"),
        throughput("duties replay", results.duties, duties, DUTIES_MIN, DUTIES_SHARE),
        throughput(
            "accountability replay", results.accountability, accountability, ACCOUNTABILITY_MIN, 0
        ),
        throughput("registry intake", results.intake, intake, INTAKE_MIN, 0),
        *chain_cost(results.intake, results.intake_unchained),
        *scale_out_figures(results.scale_out),
        *memory(results),
        *latencies(results.live),
    ]


async def bench(args: argparse.Namespace) -> list[Figure]:
    ws = Workspace.create()
    pool = await asyncpg.create_pool(ws.base.database_url, min_size=1, max_size=4)
    try:
        return figures(await measure(ws, pool, args))
    finally:
        if args.keep:
            print(f"kept topics *.{ws.tag}.* and schemas {ws.tag}_*")
        else:
            topics, schemas = await ws.remove(pool)
            print(f"removed {len(topics)} topics and {len(schemas)} schemas of {ws.tag}")
        await pool.close()


def parse(usage: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=usage, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the history")
    parser.add_argument("--rate", type=int, default=2000, help="live submissions per second")
    parser.add_argument("--seconds", type=int, default=60, help="length of the live stage")
    parser.add_argument("--skip-live", action="store_true", help="skip the live latency stage")
    parser.add_argument("--quick", action="store_true", help="skip the N/10 memory replay")
    parser.add_argument(
        "--skip-intake",
        action="store_true",
        help="skip the registry's four intake runs (about half the time at N = 200,000)",
    )
    parser.add_argument(
        "--skip-scale-out",
        action="store_true",
        help="skip the replays of the subtree-placed history by one and two processes",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench topics and schemas")
    parser.add_argument(
        "--profile",
        choices=[s.name for s in (DUTIES, ACCOUNTABILITY, REGISTRY)],
        help="run that service's replay (or intake) under the profiler; its report goes to "
        f"{PROFILES}/profile-<service>.txt (.prof for cProfile) and its figure is slowed",
    )
    parser.add_argument(
        "--profiler",
        choices=[PYINSTRUMENT, CPROFILE],
        default=PYINSTRUMENT,
        help="pyinstrument: wall-clock samples, a text report; cprofile: every call counted, "
        "a pstats file (python -m pstats)",
    )
    return parser.parse_args()


def parameters(args: argparse.Namespace) -> dict[str, Any]:
    return {**vars(args), "intake_events": min(args.events, INTAKE_MAX), "seed": SEED}


def main(usage: str) -> None:
    args = parse(usage)
    results = asyncio.run(bench(args))
    print()
    print(report.table(results))
    print(f"written to {report.write(results, parameters(args))}")
    print(report.summary(results))
