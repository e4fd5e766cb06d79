"""Composition root of the duties service (责任状态服务).

``python -m services.duties`` consumes zeren.events.v1, folds it into duty
state (schema ``duties``), relays the outbox to zeren.duties.v2 and serves the
queries on ``ZEREN_DUTIES_PORT`` (default 8102; 0 picks a free port).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC
from services.common.access.config import AccessConfig
from services.common.lifecycle import run_service
from services.common.service import fold_topics, run_fold_service
from services.common.settings import Settings, service_settings
from services.duties.adapters.archive import NOT_ARCHIVED, reader
from services.duties.adapters.http import create_app
from services.duties.adapters.projection import DutiesProjection

SQL = Path(__file__).parent / "sql"


async def run(settings: Settings, port: int, stop: asyncio.Event, access: AccessConfig) -> None:
    """Run the consume loop, the relay and the HTTP queries until ``stop`` is set."""
    events, duties, partitions = await fold_topics(settings, EVENTS_TOPIC, DUTIES_TOPIC)
    projection = DutiesProjection(duties, partitions)
    schema = settings.schema("duties")
    await run_fold_service(
        settings,
        name="duties",
        input_topic=events,
        projection=projection,
        migrations=SQL,
        http=lambda pool, guard: create_app(lambda: projection.state, guard, reader(pool, schema)),
        port=port,
        stop=stop,
        access=access,
        paused=lambda: projection.sequencer.ahead(),
        held=lambda: len(projection.sequencer.held),
        restore_where=NOT_ARCHIVED,
    )


def main() -> None:
    env, settings = service_settings("duties")
    access = AccessConfig.from_env()
    access.sources_or_exit("duties")
    run_service(lambda stop: run(settings, env.duties_port, stop, access))
