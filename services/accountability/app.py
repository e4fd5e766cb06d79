"""Composition root of the accountability service (问责服务): ``python -m services.accountability``.

Wires the pure fold to the shared runtime: the PostgreSQL pool and schema,
the batch consume loop over ``zeren.duties.v1`` (its only input), the outbox
relay to ``zeren.accountability.v1`` and the HTTP queries. The output topic
is created with the input's partition count, since every output goes to the
partition number of its input.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, topic
from services.accountability.adapters.http import http_app
from services.accountability.adapters.projection import AccountabilityProjection
from services.common.kafka_admin import TopicSpec, ensure_topics, partition_counts
from services.common.lifecycle import run_service
from services.common.service import run_fold_service
from services.common.settings import Settings

MIGRATIONS = Path(__file__).parent / "sql"
#: Port of the HTTP queries; ``ZEREN_ACCOUNTABILITY_PORT`` overrides it.
DEFAULT_PORT = 8083


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
    projection = AccountabilityProjection(partitions, accountability)
    await run_fold_service(
        settings,
        schema=settings.schema("accountability"),
        input_topic=duties,
        projection=projection,
        migrations=MIGRATIONS,
        http=http_app(lambda: projection.ledger),
        port=port,
        stop=stop,
    )


def main() -> None:
    port = int(os.environ.get("ZEREN_ACCOUNTABILITY_PORT", DEFAULT_PORT))
    run_service(lambda stop: run(Settings.load(), port, stop))
