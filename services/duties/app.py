"""Composition root of the duties service (责任状态服务).

``python -m services.duties`` consumes zeren.events.v1, folds it into duty
state (schema ``duties``), relays the outbox to zeren.duties.v1 and serves the
queries on ``ZEREN_DUTIES_PORT`` (default 8102; 0 picks a free port).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

import asyncpg
import uvicorn

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC, topic
from services.common.consumer import consume
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.outbox import OutboxRelay, new_producer
from services.common.pipeline import Pipeline
from services.common.settings import Settings
from services.duties.adapters.http import create_app
from services.duties.adapters.projection import DutiesProjection

SQL = Path(__file__).parent / "sql"
DEFAULT_PORT = 8102

log = logging.getLogger("services.duties")


async def run(settings: Settings, port: int = DEFAULT_PORT) -> None:
    """Run the consume loop, the relay and the HTTP queries until cancelled."""
    await ensure_topics(
        settings.kafka_bootstrap,
        [
            TopicSpec(settings.topic(t.name), t.partitions, configs=t.config)
            for t in (topic(EVENTS_TOPIC), topic(DUTIES_TOPIC))
        ],
    )
    pool = await asyncpg.create_pool(settings.database_url, min_size=2, max_size=4)
    producer = new_producer(settings.kafka_bootstrap)
    await producer.start()
    try:
        projection = DutiesProjection(settings.topic(DUTIES_TOPIC))
        pipeline = Pipeline(pool, settings.schema("duties"), projection)
        await pipeline.prepare(SQL)
        relay = OutboxRelay(pool, settings.schema("duties"), producer)
        server = uvicorn.Server(
            uvicorn.Config(create_app(lambda: projection.state), port=port, log_level="warning")
        )
        await asyncio.gather(
            consume(
                settings.kafka_bootstrap,
                [settings.topic(EVENTS_TOPIC)],
                pipeline,
                on_commit=lambda _: relay.wake(),
            ),
            relay.run(),
            server.serve(),
        )
    finally:
        await producer.stop()
        await pool.close()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    port = int(os.environ.get("ZEREN_DUTIES_PORT", DEFAULT_PORT))
    asyncio.run(run(Settings.load(), port))
