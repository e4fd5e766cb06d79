"""Composition root of the registry (登记处): the front door and sole writer of the log.

``python -m services.registry`` runs, in one process: the intake loop over
each campus system's ``zeren.intake.v1.<slug>`` (see
:mod:`~services.registry.adapters.intake_topics`), the HTTP interface and (in
``wall`` mode) the daily clock; its outbox relay runs in a process of its own
and, when the log is chained, hashes the log's records and makes the daily
checkpoints there (:mod:`services.registry.relay`). On start it migrates its
schema, rebuilds its state from ``zeren.events.v1`` when the schema is empty
but the log is not, and drops outbox rows that already reached Kafka (moving
the chain's heads past them).

After a rebuild the intake offsets are gone too: the intake topics are read
again from their beginning (it keeps a week). Submissions already in the log
are then recognised as duplicates, because the accepted (source, id) pairs are
rebuilt from the log; earlier rejections are judged again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import uvicorn

from contracts.topics import EVENTS_TOPIC, REJECTED_TOPIC
from services.common.access.config import AccessConfig
from services.common.access.guard import Guard
from services.common.access.sources import Sources
from services.common.access.sources_file import SourcesFile
from services.common.consumer import consume
from services.common.db import batch_pool
from services.common.kafka_admin import ensure_zeren_topics, partition_counts
from services.common.kafka_client import KafkaClient
from services.common.lifecycle import QuietServer, run_parts, run_service
from services.common.observability import Probe, mount_probes
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Pipeline
from services.common.relay import RelayProcess
from services.common.settings import Settings, service_settings
from services.registry.adapters import journal
from services.registry.adapters.chain import (
    SigningKey,
    chain_entries,
    is_checkpoint_due,
    mend_checkpoints,
)
from services.registry.adapters.http import create_app
from services.registry.adapters.intake_topics import IntakeTopics
from services.registry.adapters.journal import Receipt
from services.registry.adapters.log import log_is_empty, read_topic
from services.registry.adapters.outbox_check import drop_published
from services.registry.adapters.pipeline import IntakePipeline
from services.registry.adapters.projection import IntakeProjection, LogFold, RegistryTopics
from services.registry.adapters.records import beat_record, clock_record, http_record
from services.registry.config import ClockMode, ClockNotDrivenError, RegistryConfig
from services.registry.domain.checkpoints import CheckpointBook
from services.registry.domain.clock import ClockBackwardsError, shanghai_day
from services.registry.domain.organizations import Registry

log = logging.getLogger("zeren.registry")
SQL = Path(__file__).parent / "sql"
#: Rows the relay publishes at once; also how far back the outbox check looks.
RELAY_BATCH = 5000
WALL_CLOCK_POLL_SECONDS = 30.0
#: How often the principals file is looked at for changes (seconds).
SOURCES_POLL_SECONDS = 1.0


def registry_topics(settings: Settings, sources: Sources) -> RegistryTopics:
    """The registry's topic names under ``settings``' suffix: one intake topic per source."""
    return RegistryTopics(
        IntakeTopics.of((s.source for s in sources.sources), settings.topic),
        settings.topic(EVENTS_TOPIC),
        settings.topic(REJECTED_TOPIC),
    )


def now() -> datetime:
    """The wall clock, read only here (for ``recordedtime`` and the ``wall`` clock)."""
    return datetime.now(UTC)


class RegistryService:
    """The running registry: what the HTTP interface and the loops share."""

    def __init__(
        self,
        pipeline: IntakePipeline,
        sources: SourcesFile,
        config: RegistryConfig,
        public_key: bytes | None,
    ) -> None:
        """``public_key``: the key the log's checkpoints are signed with (None: unchained)."""
        self.pipeline, self.sources_file, self.config = pipeline, sources, config
        self.public_key = public_key
        self.failed = asyncio.Event()

    @property
    def registry(self) -> Registry:
        return self.pipeline.intake.state.registry

    @property
    def today(self) -> date | None:
        return self.pipeline.intake.state.clock.today

    def sources(self) -> Sources:
        """The principals as the file now says; the intake judges with the same ones."""
        current = self.sources_file.current()
        self.pipeline.intake.sources = current
        return current

    async def submit(self, documents: list[bytes], caller: str) -> list[Receipt]:
        """Judge HTTP submissions through the pipeline; return their receipts."""
        _, receipts = await self._receive([http_record(d, caller) for d in documents])
        return receipts

    async def advance_clock(self, to: date) -> int:
        """Drive the clock to ``to`` (``driven`` mode); return how many days were ticked."""
        if self.config.clock is not ClockMode.DRIVEN:
            raise ClockNotDrivenError("the clock follows the calendar (时钟由系统日历驱动)")
        return await self.move_clock(to)

    async def move_clock(self, to: date) -> int:
        """Tick every day up to ``to``, in one transaction with the clock position."""
        if self.today is not None and to < self.today:
            raise ClockBackwardsError(f"the clock is at {self.today}, not before (时钟不能倒退)")
        outputs, _ = await self._receive([clock_record(to)])
        ticked = [r for r in outputs if not is_checkpoint_due(r)]
        return len(ticked) // max(self.pipeline.intake.partitions, 1)

    @property
    def pending(self) -> bool:
        """Facts were appended since the last tick or beat."""
        return self.pipeline.intake.state.clock.pending

    async def beat(self) -> None:
        """Close the pending facts with a ``ClockBeat`` on every partition."""
        await self._receive([beat_record()])

    async def receipts(self, event_id: str, source: str | None) -> list[Receipt]:
        async with self.pipeline.pool.acquire() as conn:
            return await journal.receipts_of(conn, self.pipeline.schema, event_id, source)

    async def rejections(self, limit: int, source: str | None) -> list[Receipt]:
        async with self.pipeline.pool.acquire() as conn:
            return await journal.latest_rejections(conn, self.pipeline.schema, limit, source)

    async def counts(self) -> dict[str, int]:
        async with self.pipeline.pool.acquire() as conn:
            return await journal.outcome_counts(conn, self.pipeline.schema)

    async def checkpoints_of(self, month: str) -> list[dict[str, Any]]:
        """The log's checkpoints of ``month`` its relay wrote (or a rebuild read back)."""
        return (await self.checkpoint_book()).of_month(month)

    async def checkpoint_book(self) -> CheckpointBook:
        """The log's checkpoints as its relay saved them."""
        async with self.pipeline.pool.acquire() as conn:
            entries = await chain_entries(conn, self.pipeline.schema)
        return CheckpointBook.from_entries(entries)

    async def _receive(
        self, records: list[InputRecord]
    ) -> tuple[list[OutboxRecord], list[Receipt]]:
        """Fold ``records`` in one transaction (its commit wakes the relay)."""
        with self._fatal():
            return await self.pipeline.receive(records)

    @contextlib.contextmanager
    def _fatal(self) -> Iterator[None]:
        """A failed transaction leaves memory ahead of PostgreSQL: the process must restart."""
        try:
            yield
        except Exception:
            self.failed.set()
            raise


async def rebuild_from_log(pool: asyncpg.Pool, schema: str, kafka: KafkaClient, topic: str) -> int:
    """Fold the whole log into a fresh state and save it in one transaction."""
    fold, folded = LogFold(), 0
    async for batch in read_topic(kafka, topic):
        for record in batch:
            fold.handle(record)
        folded += len(batch)
    await Pipeline(pool, schema, fold).apply([])
    return folded


async def open_registry(
    settings: Settings, config: RegistryConfig, sources: SourcesFile, pool: asyncpg.Pool
) -> RegistryService:
    """Prepare the schema and state (rebuilding from the log if needed)."""
    principals = sources.current()
    topics, schema = registry_topics(settings, principals), settings.schema("registry")
    await ensure_zeren_topics(settings, [s.source for s in principals.sources])
    partitions = (await partition_counts(settings.kafka, [topics.events]))[topics.events]
    # Made here on first start, before the relay that signs with it reads it.
    key = SigningKey.load_or_create(config.key_path) if config.chain else None
    projection = IntakeProjection(
        principals,
        topics,
        partitions,
        now,
        config.clock_start,
        config.chain,
        subtree=config.subtree,
    )
    pipeline = IntakePipeline(pool, schema, projection, config.beat_ms / 1000)
    await pipeline.prepare(SQL)
    if projection.state.is_empty and not await log_is_empty(settings.kafka, topics.events):
        folded = await rebuild_from_log(pool, schema, settings.kafka, topics.events)
        log.warning("registry state rebuilt from %d events of %s", folded, topics.events)
        await pipeline.prepare(SQL)
    chained = topics.events if config.chain else None
    dropped = await drop_published(pool, schema, settings.kafka, RELAY_BATCH, chained)
    if dropped:
        log.warning("%d outbox rows were already published; dropped", dropped)
    service = RegistryService(pipeline, sources, config, None if key is None else key.public)
    if config.chain:
        checkpoints = config.checkpoints_path(settings.topic_suffix)
        mended = mend_checkpoints(checkpoints, (await service.checkpoint_book()).every())
        if mended:
            log.warning("%d checkpoints appended to %s: it lacked them", mended, checkpoints)
    return service


def registry_relay(settings: Settings, config: RegistryConfig) -> RelayProcess:
    """The registry's outbox relay: the one that chains the log when it is chained."""
    module = "services.registry.relay" if config.chain else RelayProcess.__module__
    schema = settings.schema("registry")
    return RelayProcess(settings, schema, RELAY_BATCH, module, config.as_env())


async def follow_calendar(service: RegistryService) -> None:
    """``wall`` mode: tick each new day of Asia/Shanghai's calendar as it begins."""
    while True:
        await service.move_clock(shanghai_day(now()))
        await asyncio.sleep(WALL_CLOCK_POLL_SECONDS)


async def watch_sources(service: RegistryService) -> None:
    """Pick up a changed principals file (tokens added, rotated, revoked) without a restart."""
    while True:
        await asyncio.sleep(SOURCES_POLL_SECONDS)
        service.sources()


async def keep_beating(service: RegistryService, every: float) -> None:
    """Within ``every`` seconds of facts being appended, close them with a beat."""
    while True:
        await asyncio.sleep(every)
        if service.pending:
            await service.beat()


async def run(
    settings: Settings,
    config: RegistryConfig,
    stop: asyncio.Event,
    access: AccessConfig | None = None,
) -> None:
    """Run the registry until ``stop`` is set or a part of it fails.

    ``access`` (default: from the environment) gives the principals file, TLS
    and the rate limit; outside demo mode a missing principals file is refused
    before anything starts.
    """
    access = access or AccessConfig.from_env()
    sources = access.sources_file()
    log.info(
        "registry on %s://%s:%d, clock %s", access.scheme, config.host, config.port, config.clock
    )
    pool = await batch_pool(settings.database_url, min_size=2, max_size=6)
    try:
        service = await open_registry(settings, config, sources, pool)
        relay = registry_relay(settings, config)
        app = create_app(service, Guard.from_config(access, service.sources), service.public_key)
        # A failed transaction leaves memory ahead of PostgreSQL: not ready until restarted.
        healthy = {"transactions": lambda: not service.failed.is_set()}
        schema = settings.schema("registry")
        intake_topics = service.pipeline.intake.topics.intake.names
        probe = Probe(pool, settings.kafka, schema, relay.running, more=healthy,
                      service="registry", inputs=intake_topics)  # fmt: skip
        mount_probes(app, probe)
        server = QuietServer(
            uvicorn.Config(
                app,
                config.host,
                config.port,
                log_level="warning",
                lifespan="off",
                **access.uvicorn_tls(),
            )
        )
        intake = consume(
            settings.kafka,
            intake_topics,
            service.pipeline,
            stop=stop,
            max_records=config.batch,
        )
        endless = [relay.run(), service.failed.wait(), watch_sources(service)]
        if config.clock is ClockMode.WALL:
            endless.append(follow_calendar(service))
        if config.beat_ms > 0:
            endless.append(keep_beating(service, config.beat_ms / 1000))
        await run_parts(stop, server, [intake], endless)
        if service.failed.is_set():
            raise RuntimeError("a registry transaction failed; restart the process (事务失败)")
    finally:
        await pool.close()


def main() -> None:
    """Entry point of ``python -m services.registry``."""
    env, settings = service_settings("registry")
    config, access = RegistryConfig.from_env(env), AccessConfig.from_env()
    access.sources_or_exit("registry")
    run_service(lambda stop: run(settings, config, stop, access))
