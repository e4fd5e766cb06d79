"""The services under test as child processes: spawn, sample RSS, follow, stop.

Progress is read from the service's own runtime tables (``consumer_offsets``
and ``outbox``), never from its internals, so any service on the shared
Pipeline can be measured the same way.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import httpx
import psutil

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC, source_intake_topic
from deploy.kafka_security import registered_sources
from deploy.process import free_port
from services.cli.demo_feed import HTTP_BATCH
from services.common.access.client import DEMO_TOKEN, bearer, demo_token
from services.common.migrations import lane_schemas, quote_schema
from services.common.settings import Settings
from services.simulator import Submission
from tests.bench.workspace import topic_size

RSS_INTERVAL = 0.2
POLL_INTERVAL = 0.2
#: A service that makes no progress for this long is reported as stalled.
STALL_SECONDS = 120.0
STOP_SECONDS = 15.0
LOGS = Path(__file__).parent / "results" / "logs"


class UnavailableError(RuntimeError):
    """A stage could not be measured (the service is missing, crashed or stalled)."""


@dataclass(frozen=True)
class Service:
    """A Zeren service as the bench runs it: module, input topics, HTTP port variable."""

    name: str
    input_topics: tuple[str, ...]
    port_variable: str

    def schema(self, settings: Settings) -> str:
        return settings.schema(self.name)

    def inputs(self, settings: Settings) -> list[str]:
        return [settings.topic(t) for t in self.input_topics]


#: The registry reads each campus system's own intake topic.
REGISTRY = Service(
    "registry",
    tuple(source_intake_topic(s) for s in registered_sources()),
    "ZEREN_REGISTRY_PORT",
)
DUTIES = Service("duties", (EVENTS_TOPIC,), "ZEREN_DUTIES_PORT")
ACCOUNTABILITY = Service("accountability", (DUTIES_TOPIC,), "ZEREN_ACCOUNTABILITY_PORT")


class Child:
    """One running service process, in its own session, logging to a file."""

    def __init__(
        self,
        service: Service,
        settings: Settings,
        extra: Mapping[str, str],
        profile: Path | None = None,
        instance: int = 1,
    ) -> None:
        """``profile``: run the service profiled, its report written there (see :func:`command`);
        ``instance``: which of several instances of the service this is (its log's name)."""
        self.service, self.settings, self.port = service, settings, free_port()
        LOGS.mkdir(parents=True, exist_ok=True)
        name = service.name if instance == 1 else f"{service.name}_{instance}"
        self.log = LOGS / f"{settings.schema_prefix}{name}.log"
        env = {
            **os.environ,
            **settings.as_env(),
            service.port_variable: str(self.port),
            "PYTHONUNBUFFERED": "1",
            "ZEREN_DEMO": "1",  # the bundled demo principals, whose tokens the bench presents
            # the bench measures the services, not the rate limit nor TLS
            "ZEREN_RATE_PER_SECOND": "0",
            "ZEREN_TLS_CERT": "",
            "ZEREN_TLS_KEY": "",
            **extra,
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                command(service, profile),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=env,
            )
        self.started = time.perf_counter()
        self.peak_rss = 0

    def failure(self) -> UnavailableError | None:
        """Why the process is gone, if it is."""
        code = self.proc.poll()
        if code is None:
            return None
        tail = " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-3:])
        return UnavailableError(f"{self.service.name} exited with {code}: {tail[-400:]}")

    async def sample_rss(self) -> None:
        """Keep :attr:`peak_rss` up to date until cancelled or the process ends."""
        with suppress(psutil.NoSuchProcess):
            process = psutil.Process(self.proc.pid)
            while True:
                self.peak_rss = max(self.peak_rss, process.memory_info().rss)
                await asyncio.sleep(RSS_INTERVAL)

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time (user and system) of the child, and of its running descendants (its
        relays)."""
        process = psutil.Process(self.proc.pid)
        descendants = process.children(recursive=True)
        return sum(process.cpu_times()[:2]), sum(sum(p.cpu_times()[:2]) for p in descendants)

    def stop(self) -> None:
        """SIGTERM to the child's session, then SIGKILL if it does not end."""
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(STOP_SECONDS)


#: A profile written to a file with this suffix is cProfile's (``pstats``), not pyinstrument's.
CPROFILE_SUFFIX = ".prof"


def command(service: Service, profile: Path | None = None) -> list[str]:
    """The command line of ``service``'s process, profiled if ``profile`` is given: under
    cProfile for a ``.prof`` file (every call counted and timed, for ``pstats``), else
    under pyinstrument (wall-clock samples every millisecond, a text report); either is
    written at the process's exit."""
    module = ["-m", f"services.{service.name}"]
    if profile is None:
        return [sys.executable, *module]
    if profile.suffix == CPROFILE_SUFFIX:
        return [sys.executable, "-m", "cProfile", "-o", str(profile), *module]
    report = ["--renderer", "text", "--outfile", str(profile)]
    return [sys.executable, "-m", "pyinstrument", "--interval", "0.001", *report, *module]


@asynccontextmanager
async def running(
    service: Service,
    settings: Settings,
    extra: Mapping[str, str] | None = None,
    profile: Path | None = None,
    instance: int = 1,
) -> AsyncIterator[Child]:
    """A child running ``service`` with its RSS sampled; always stopped on exit."""
    child = Child(service, settings, extra or {}, profile, instance)
    sampler = asyncio.create_task(child.sample_rss())
    try:
        yield child
    finally:
        sampler.cancel()
        child.stop()


async def consumed(pool: asyncpg.Pool, child: Child) -> tuple[int, bool]:
    """Records of its input the child has committed, and whether its outbox is empty; a
    service that folds its partitions apart keeps both in its lanes' schemas."""
    schema = child.service.schema(child.settings)
    topics = child.service.inputs(child.settings)
    async with pool.acquire() as conn:
        done, empty = 0, True
        for each in await lane_schemas(conn, schema) or [schema]:
            q = quote_schema(each)
            try:
                done += await conn.fetchval(
                    f"SELECT coalesce(sum(next_offset), 0) FROM {q}.consumer_offsets"
                    " WHERE topic = ANY($1::text[])",
                    topics,
                )
                pending = await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {q}.outbox)")
            except (asyncpg.UndefinedTableError, asyncpg.InvalidSchemaNameError):
                return 0, False  # not migrated yet
            empty = empty and not pending
    return int(done), empty


async def caught_up(pool: asyncpg.Pool, child: Child) -> bool:
    """Whether the child has consumed its whole input topic and published its outbox."""
    failure = child.failure()
    if failure is not None:
        raise failure
    kafka = child.settings.kafka
    end = sum([await topic_size(kafka, topic) for topic in child.service.inputs(child.settings)])
    done, empty = await consumed(pool, child)
    return done >= end and empty


async def drained(pool: asyncpg.Pool, child: Child, end: int, *others: Child) -> float:
    """Wait until ``child`` (with ``others``, instances of the same service) consumed ``end``
    records and emptied its outbox; seconds since ``child`` was spawned."""
    last, last_change = -1, time.perf_counter()
    while True:
        for each in (child, *others):
            failure = each.failure()
            if failure is not None:
                raise failure
        done, empty = await consumed(pool, child)
        if done >= end and empty:
            return time.perf_counter() - child.started
        if done != last:
            last, last_change = done, time.perf_counter()
        elif time.perf_counter() - last_change > STALL_SECONDS:
            raise UnavailableError(f"{child.service.name} stalled at {done:,} of {end:,} records")
        await asyncio.sleep(POLL_INTERVAL)


async def advance_clock(child: Child, day: date) -> None:
    """Drive a registry child's clock to ``day`` (waiting for its HTTP interface first)."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{child.port}") as http:
        while True:
            failure = child.failure()
            if failure is not None:
                raise failure
            with suppress(httpx.TransportError):
                if (await http.get("/healthz")).status_code == 200:
                    break
            await asyncio.sleep(POLL_INTERVAL)
        reply = await http.post(
            "/v1/clock/advance",
            json={"to": day.isoformat()},
            headers=bearer(DEMO_TOKEN),
            timeout=STALL_SECONDS,
        )
        reply.raise_for_status()


async def submit_in_order(child: Child, submissions: Sequence[Submission]) -> None:
    """POST ``submissions`` to a registry child in their order, as runs of one source.

    Through the intake topics they would be read partition by partition, so an
    organization's facts could be judged before its parent organization exists.
    """
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{child.port}", timeout=STALL_SECONDS
    ) as http:
        for source, run in itertools.groupby(submissions, key=lambda s: s.envelope.source):
            bodies = [s.envelope.model_dump_json(exclude_none=True).encode() for s in run]
            for start in range(0, len(bodies), HTTP_BATCH):
                reply = await http.post(
                    "/v1/events",
                    content=b"[" + b",".join(bodies[start : start + HTTP_BATCH]) + b"]",
                    headers={**bearer(demo_token(source)), "Content-Type": "application/json"},
                )
                reply.raise_for_status()


def driven_clock(first: date) -> dict[str, str]:
    """Registry settings for a clock that starts at ``first`` and moves only when told."""
    return {"ZEREN_CLOCK": "driven", "ZEREN_CLOCK_START": first.isoformat()}
