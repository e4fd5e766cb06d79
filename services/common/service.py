"""A fold service (duties, accountability): one input topic through the pipeline and
the HTTP queries in one process, its outbox relay in another, until ``stop`` is set."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import uvicorn
from fastapi import FastAPI

from contracts.topics import topic
from services.common.access.config import AccessConfig
from services.common.access.guard import Guard
from services.common.consumer import consume
from services.common.db import batch_pool
from services.common.kafka_admin import TopicSpec, ensure_topics, partition_counts
from services.common.lanes import Between, Lanes, consume_lanes
from services.common.lifecycle import QuietServer, run_parts
from services.common.memory import tune_collector
from services.common.observability import Probe, mount_probes
from services.common.pipeline import Pipeline, Projection
from services.common.relay import RelayProcess
from services.common.sequencer import may_release
from services.common.settings import Settings


async def fold_topics(settings: Settings, source: str, sink: str) -> tuple[str, str, int]:
    """The actual input and output topic names and the input's partition count.

    Both topics are created when missing, the output with the input's partition
    count, since every output goes to the partition number of its input; an
    existing output with fewer partitions is refused.
    """
    inp, out = settings.topic(source), settings.topic(sink)
    spec = topic(source)
    await ensure_topics(settings.kafka, [TopicSpec(inp, spec.partitions, configs=spec.config)])
    partitions = (await partition_counts(settings.kafka, [inp]))[inp]
    await ensure_topics(settings.kafka, [TopicSpec(out, partitions, configs=topic(sink).config)])
    have = (await partition_counts(settings.kafka, [out]))[out]
    if have < partitions:
        raise RuntimeError(
            f"{out} has {have} partitions, {inp} has {partitions}: outputs go to "
            "the input's partition number (输出主题分区数不足)"
        )
    return inp, out, partitions


async def run_fold_service(
    settings: Settings,
    *,
    name: str,
    input_topic: str,
    projection: Projection,
    migrations: Path,
    http: Callable[[asyncpg.Pool, Guard], FastAPI],
    port: int,
    stop: asyncio.Event,
    access: AccessConfig,
    paused: Callable[[], set[int]] = set,
    held: Callable[[], int] = lambda: 0,
    restore_where: str = "TRUE",
) -> None:
    """Migrate and restore, then consume, relay and serve until ``stop`` is set.

    ``name`` is the service's (its schema is ``settings.schema(name)``);
    ``http`` builds the query API given the service's connection pool and the
    guard of its routes (``access``: the principals file, TLS, the rate limit);
    ``paused`` names the input partitions to pause after a batch (back-pressure);
    ``held`` counts the records the sequencer holds (``/metrics``; see
    :mod:`services.common.observability` for ``/healthz``, ``/readyz``);
    ``restore_where`` selects the stored rows to restore (see :class:`Pipeline`).
    """
    schema = settings.schema(name)
    async with _serving(settings, name, port, access) as (pool, guard, serve):
        pipeline = Pipeline(pool, schema, projection, restore_where)
        await pipeline.prepare(migrations)
        tune_collector()
        relay = RelayProcess(settings, schema)
        probe = Probe(pool, settings.kafka, schema, relay.running, held, service=name,
                      inputs=[input_topic])  # fmt: skip
        intake = consume(
            settings.kafka,
            [input_topic],
            pipeline,
            stop=stop,
            paused=paused,
            closes=may_release,
        )
        await serve(http(pool, guard), probe, stop, [intake], [relay.run()])


async def run_lane_service(
    settings: Settings,
    *,
    name: str,
    input_topic: str,
    lane: Callable[[int], Projection],
    migrations: Path,
    http: Callable[[asyncpg.Pool, Guard, Lanes], FastAPI],
    port: int,
    stop: asyncio.Event,
    access: AccessConfig,
    restore_where: str = "TRUE",
    between: Callable[[asyncpg.Pool], Between] | None = None,
) -> None:
    """As :func:`run_fold_service`, but this instance folds the partitions Kafka assigns it
    in the service's consumer group, each in a lane of its own (:mod:`services.common.lanes`);
    ``lane`` makes one partition's projection; ``between``, given the pool, what runs
    between fetches (lanes that wait for each other)."""
    schema = settings.schema(name)
    async with _serving(settings, name, port, access) as (pool, guard, serve):
        lanes = Lanes(settings, pool, schema, lane, migrations=migrations,
                      restore_where=restore_where)  # fmt: skip
        await lanes.prepare()
        probe = Probe(pool, settings.kafka, schema, lanes.relays_running, service=name,
                      inputs=[input_topic], outboxes=lanes.schemas)  # fmt: skip
        hook = None if between is None else between(pool)
        intake = consume_lanes(settings, input_topic, name, lanes, stop=stop, between=hook)
        await serve(http(pool, guard, lanes), probe, stop, [intake], [])


Parts = Sequence[Coroutine[Any, Any, object]]
#: Serves the query API with its probes while the parts run (see :func:`run_parts`).
Serve = Callable[[FastAPI, Probe, asyncio.Event, Parts, Parts], Awaitable[None]]


@asynccontextmanager
async def _serving(
    settings: Settings, name: str, port: int, access: AccessConfig
) -> AsyncIterator[tuple[asyncpg.Pool, Guard, Serve]]:
    """The service's pool and guard, and how to serve its API while its parts run."""
    guard = Guard.from_config(access, access.sources_file().current)
    pool = await batch_pool(settings.database_url, min_size=2, max_size=4)

    async def serve(
        app: FastAPI, probe: Probe, stop: asyncio.Event, graceful: Parts, endless: Parts
    ) -> None:
        mount_probes(app, probe)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", **access.uvicorn_tls()
        )
        await run_parts(stop, QuietServer(config), graceful, endless)

    try:
        yield pool, guard, serve
    finally:
        await pool.close()
