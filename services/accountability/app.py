"""Composition root of the accountability service (问责服务): ``python -m services.accountability``.

Wires the pure fold to the shared runtime: the PostgreSQL pool and schema,
the batch consume loop over ``zeren.duties.v1`` (its only input), the outbox
relay to ``zeren.accountability.v1`` and the HTTP queries. The output topic
is created with the input's partition count, since every output goes to the
partition number of its input.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import asyncpg
import uvicorn

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, topic
from services.accountability.adapters.http import http_app
from services.accountability.adapters.projection import AccountabilityProjection
from services.common.consumer import consume
from services.common.kafka_admin import TopicSpec, ensure_topics, partition_counts
from services.common.lifecycle import QuietServer, run_parts, run_service
from services.common.outbox import OutboxRelay, new_producer
from services.common.pipeline import Pipeline
from services.common.settings import Settings

MIGRATIONS = Path(__file__).parent / "sql"
#: Port of the HTTP queries; ``ZEREN_ACCOUNTABILITY_PORT`` overrides it.
DEFAULT_PORT = 8083

log = logging.getLogger(__name__)


async def topics(settings: Settings) -> tuple[str, str, int]:
    """The input and output topic names and the input's partition count (both ensured)."""
    duties, accountability = settings.topic(DUTIES_TOPIC), settings.topic(ACCOUNTABILITY_TOPIC)
    spec = topic(DUTIES_TOPIC)
    await ensure_topics(
        settings.kafka_bootstrap, [TopicSpec(duties, spec.partitions, configs=spec.config)]
    )
    partitions = (await partition_counts(settings.kafka_bootstrap, [duties]))[duties]
    out = topic(ACCOUNTABILITY_TOPIC)
    await ensure_topics(
        settings.kafka_bootstrap, [TopicSpec(accountability, partitions, configs=out.config)]
    )
    have = (await partition_counts(settings.kafka_bootstrap, [accountability]))[accountability]
    if have < partitions:
        raise RuntimeError(
            f"{accountability} has {have} partitions, {duties} has {partitions}: outputs go to "
            "the input's partition number (输出主题分区数不足)"
        )
    return duties, accountability, partitions


async def run(settings: Settings, port: int, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set: consume, relay, serve queries."""
    duties, accountability, partitions = await topics(settings)
    pool = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=4)
    assert pool is not None
    projection = AccountabilityProjection(partitions, accountability)
    pipeline = Pipeline(pool, settings.schema("accountability"), projection)
    await pipeline.prepare(MIGRATIONS)
    producer = new_producer(settings.kafka_bootstrap)
    await producer.start()
    relay = OutboxRelay(pool, settings.schema("accountability"), producer)
    server = QuietServer(
        uvicorn.Config(
            http_app(lambda: projection.ledger), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    try:
        intake = consume(
            settings.kafka_bootstrap,
            [duties],
            pipeline,
            on_commit=lambda _: relay.wake(),
            stop=stop,
        )
        await run_parts(stop, server, [intake], [relay.run()])
    finally:
        await producer.stop()
        await pool.close()


def main() -> None:
    port = int(os.environ.get("ZEREN_ACCOUNTABILITY_PORT", DEFAULT_PORT))
    run_service(lambda stop: run(Settings.load(), port, stop))
