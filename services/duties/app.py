"""Composition root of the duties service (责任状态服务).

``python -m services.duties`` consumes zeren.events.v1, folds it into duty
state (schema ``duties``), relays the outbox to zeren.duties.v2 and serves the
queries on ``ZEREN_DUTIES_PORT`` (default 8102; 0 picks a free port). Over a
log written under subtree placement (``ZEREN_PLACEMENT=subtree``) it folds the
partitions apart, as one of any number of instances (:mod:`services.common.lanes`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import cast

import asyncpg
from fastapi import FastAPI

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC
from services.common.access.config import AccessConfig
from services.common.access.guard import Guard
from services.common.lanes import Lanes
from services.common.lifecycle import run_service
from services.common.migrations import lane_schema
from services.common.service import fold_topics, run_fold_service, run_lane_service
from services.common.settings import Settings, service_settings
from services.common.stored_lanes import StoredLanes
from services.duties.adapters.archive import NOT_ARCHIVED, ArchiveReader, across, reader
from services.duties.adapters.http import create_app
from services.duties.adapters.lane import DutiesLane
from services.duties.adapters.projection import DutiesProjection
from services.duties.domain.documents import restore
from services.duties.domain.queries import owned
from services.duties.domain.state import DutyState

SQL = Path(__file__).parent / "sql"


async def run(
    settings: Settings, port: int, stop: asyncio.Event, access: AccessConfig, *, apart: bool = False
) -> None:
    """Run the consume loop, the relay and the HTTP queries until ``stop`` is set;
    ``apart``: fold the partitions Kafka assigns this instance, each on its own."""
    events, duties, partitions = await fold_topics(settings, EVENTS_TOPIC, DUTIES_TOPIC)
    if apart:
        await run_lanes(settings, port, stop, access, (events, duties), partitions)
        return
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


async def run_lanes(
    settings: Settings,
    port: int,
    stop: asyncio.Event,
    access: AccessConfig,
    topics: tuple[str, str],
    partitions: int,
) -> None:
    """One instance among those of a subtree-placed log (``ZEREN_PLACEMENT=subtree``): it
    folds the partitions it holds and answers queries for all of them (the others' lanes
    as last committed, read from PostgreSQL)."""
    events, duties = topics
    schema = settings.schema("duties")

    def http(pool: asyncpg.Pool, guard: Guard, lanes: Lanes) -> FastAPI:
        stored = StoredLanes(
            pool, schema, partitions, lambda _, saved: restore(saved), NOT_ARCHIVED
        )

        async def current() -> DutyState:
            held = {p: cast(DutiesLane, lane).state for p, lane in lanes.projections().items()}
            return owned(held | await stored.states(held))

        def archives() -> list[ArchiveReader]:
            return [reader(pool, lane_schema(schema, p)) for p in range(partitions)]

        return create_app(current, guard, across(archives))

    await run_lane_service(
        settings,
        name="duties",
        input_topic=events,
        lane=lambda partition: DutiesLane(partition, duties),
        migrations=SQL,
        http=http,
        port=port,
        stop=stop,
        access=access,
        restore_where=NOT_ARCHIVED,
    )


def main() -> None:
    env, settings = service_settings("duties")
    access = AccessConfig.from_env()
    access.sources_or_exit("duties")
    apart = env.placement == "subtree"
    run_service(lambda stop: run(settings, env.duties_port, stop, access, apart=apart))
