"""What an operator asks of a running service (运行状态): alive, ready, keeping up.

Every service answers, without a token, at the same paths:

* ``/healthz``: the process answers (alive); nothing else is checked, so an
  orchestrator restarts only a process that no longer answers;
* ``/readyz``: PostgreSQL answers, Kafka answers, the consume loop polled
  within :data:`LOOP_STALE_SECONDS` and the outbox relay process runs;
  200 when all hold, else 503 with each check's result;
* ``/metrics``: Prometheus' text format: consumer lag per partition, outbox
  depth, batch size and latency, records held by the sequencer, rejections by
  code. They carry counts and codes, never a person's data;
* ``/v1/progress``: per input partition the position processed and the
  partition's end, and whether the service has caught up (处理进度, see
  :mod:`services.common.progress`): what ``zeren wait`` asks.

The metrics are process-wide (prometheus-client's default registry): the
consume loop, the pipeline and the registry's intake record into them as
they go; the outbox depth and the held records are read when scraped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

from services.common.kafka_client import KafkaClient
from services.common.migrations import quote_schema
from services.common.progress import progress

#: The consume loop polls at least every 200 ms; this long without a poll, it is stuck.
LOOP_STALE_SECONDS = 30.0
#: How long a readiness check may take before it counts as failed.
CHECK_TIMEOUT_SECONDS = 3.0

CONSUMER_LAG = Gauge(
    "zeren_consumer_lag_records",
    "Records of the input partition not yet read (high watermark minus position)",
    ["topic", "partition"],
)
BATCH_RECORDS = Histogram(
    "zeren_batch_records",
    "Input records per committed batch",
    buckets=(1, 10, 50, 100, 500, 1000, 5000, 20000),
)
BATCH_SECONDS = Histogram(
    "zeren_batch_seconds",
    "Time to fold and commit one batch",
    buckets=(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
REJECTIONS = Counter(
    "zeren_rejections", "Submissions the registry rejected, by issue code", ["code"]
)
OUTBOX_DEPTH = Gauge("zeren_outbox_depth", "Outbox rows not yet published to Kafka")
SEQUENCER_HELD = Gauge(
    "zeren_sequencer_held_records", "Input records the sequencer holds until the clock passes"
)
LAST_POLL = Gauge("zeren_consume_last_poll_seconds", "Unix time of the consume loop's last poll")


class Heartbeat:
    """When the consume loop last polled Kafka (monotonic seconds; None: not yet)."""

    def __init__(self) -> None:
        self.at: float | None = None

    def beat(self) -> None:
        self.at = time.monotonic()
        LAST_POLL.set_to_current_time()

    def fresh(self) -> bool:
        return self.at is not None and time.monotonic() - self.at < LOOP_STALE_SECONDS


#: The process's one consume loop.
CONSUME_LOOP = Heartbeat()


def record_poll(lags: Mapping[tuple[str, int], int]) -> None:
    """After a poll of the consume loop: its heartbeat and the lag per (topic, partition)."""
    CONSUME_LOOP.beat()
    for (topic, partition), lag in lags.items():
        CONSUMER_LAG.labels(topic, str(partition)).set(lag)


def record_batch(records: int, seconds: float) -> None:
    """A committed batch: how many input records, how long it took."""
    BATCH_RECORDS.observe(records)
    BATCH_SECONDS.observe(seconds)


@dataclass
class Probe:
    """The checks behind ``/readyz`` and the gauges read at each scrape of ``/metrics``."""

    pool: asyncpg.Pool
    kafka: KafkaClient
    schema: str
    relay_running: Callable[[], bool]
    held: Callable[[], int] = lambda: 0
    #: The service's name and its input topics, for ``/v1/progress``.
    service: str = ""
    inputs: Sequence[str] = ()
    #: Extra checks by name (e.g. the registry's failed transaction).
    more: dict[str, Callable[[], bool]] = field(default_factory=dict)
    #: The schemas whose outboxes ``/metrics`` adds up (default: ``schema``'s; a service
    #: folding its partitions apart: its lanes').
    outboxes: Callable[[], Sequence[str]] | None = None

    async def readiness(self) -> dict[str, bool]:
        """Each check's result: database, kafka, consume_loop, relay (and ``more``)."""
        checks = {
            "database": await _within(self._database()),
            "kafka": await _within(self._kafka()),
            "consume_loop": CONSUME_LOOP.fresh(),
            "relay": self.relay_running(),
        }
        return checks | {name: check() for name, check in self.more.items()}

    async def scrape(self) -> bytes:
        """The metrics in Prometheus' text format, the scrape-time gauges read now."""
        SEQUENCER_HELD.set(self.held())
        try:
            schemas = [self.schema] if self.outboxes is None else self.outboxes()
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS), self.pool.acquire() as conn:
                depth = 0
                for schema in schemas:
                    q = quote_schema(schema)
                    depth += await conn.fetchval(f"SELECT count(*) FROM {q}.outbox")
            OUTBOX_DEPTH.set(depth)
        except (OSError, TimeoutError, asyncpg.PostgresError):
            pass  # the last depth stays; /readyz tells the database is gone
        return generate_latest()

    async def _database(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.fetchval("SELECT 1")

    async def _kafka(self) -> None:
        admin = AIOKafkaAdminClient(**self.kafka.options(), request_timeout_ms=2000)
        await admin.start()
        try:
            await admin.describe_cluster()
        finally:
            await admin.close()


async def _within(check: Awaitable[None]) -> bool:
    """``check`` ended without an error within :data:`CHECK_TIMEOUT_SECONDS`."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            await check
    except Exception:  # any failure means not ready; the check says which
        return False
    return True


def mount_probes(app: FastAPI, probe: Probe) -> None:
    """``/readyz`` and ``/metrics`` on ``app`` (open: no token); ``/healthz`` is every
    app's already (:func:`services.common.access.guard.guarded_app`)."""

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        checks = await probe.readiness()
        ready = all(checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        return Response(await probe.scrape(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/v1/progress")
    async def progress_of_service() -> JSONResponse:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS * 3):
                found = await progress(
                    probe.pool, probe.kafka, probe.service, probe.schema, probe.inputs
                )
        except (OSError, TimeoutError, KafkaError, asyncpg.PostgresError) as error:
            detail = {
                "code": "progress.unavailable",
                "message_en": f"Kafka or PostgreSQL did not answer: {type(error).__name__}",
                "message_zh": "Kafka 或 PostgreSQL 无应答，暂无法给出处理进度",
            }
            return JSONResponse({"detail": detail}, status_code=503)
        return JSONResponse(found.as_json())
