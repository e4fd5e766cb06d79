"""Composition root of the accountability service (问责服务): ``python -m services.accountability``.

Wires the pure fold to the shared runtime: the PostgreSQL pool and schema,
the batch consume loop over ``zeren.duties.v2`` (its only input), the outbox
relay to ``zeren.accountability.v2`` and the HTTP queries. The output topic
is created with the input's partition count, since every output goes to the
partition number of its input. Over a log written under subtree placement
(``ZEREN_PLACEMENT=subtree``) it decides on the partitions apart, as one of any
number of instances, its lanes waiting for each other at each day's close
(:mod:`services.accountability.adapters.lane`).
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import cast

import asyncpg
from fastapi import FastAPI

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from services.accountability.adapters.http import http_app
from services.accountability.adapters.lane import AccountabilityLane, DayClose, stored_ledger
from services.accountability.adapters.projection import AccountabilityProjection
from services.accountability.domain.queries import merged
from services.accountability.domain.state import Ledger
from services.common.access.config import AccessConfig
from services.common.access.guard import Guard
from services.common.lanes import Lanes
from services.common.lifecycle import run_service
from services.common.service import fold_topics, run_fold_service, run_lane_service
from services.common.settings import Settings, service_settings
from services.common.stored_lanes import StoredLanes

MIGRATIONS = Path(__file__).parent / "sql"


async def run(
    settings: Settings, port: int, stop: asyncio.Event, access: AccessConfig, *, apart: bool = False
) -> None:
    """Run until ``stop`` is set: consume, relay, serve queries; ``apart``: decide on the
    partitions Kafka assigns this instance, each on its own."""
    duties, accountability, partitions = await fold_topics(
        settings, DUTIES_TOPIC, ACCOUNTABILITY_TOPIC
    )
    if apart:
        await run_lanes(settings, port, stop, access, (duties, accountability), partitions)
        return
    projection = AccountabilityProjection(partitions, accountability)
    await run_fold_service(
        settings,
        name="accountability",
        input_topic=duties,
        projection=projection,
        migrations=MIGRATIONS,
        http=lambda _, guard: http_app(lambda: projection.ledger, guard),
        port=port,
        stop=stop,
        access=access,
        paused=lambda: projection.ledger.sequencer.ahead(),
        held=lambda: len(projection.ledger.sequencer.held),
    )


async def run_lanes(
    settings: Settings,
    port: int,
    stop: asyncio.Event,
    access: AccessConfig,
    topics: tuple[str, str],
    partitions: int,
) -> None:
    """One instance among those deciding on a subtree-placed log's partitions
    (``ZEREN_PLACEMENT=subtree``): its lanes wait for each other at each day's close
    (:class:`DayClose`); its queries merge every lane's ledger (the others' as last
    committed, read from PostgreSQL)."""
    duties, accountability = topics
    schema = settings.schema("accountability")

    def http(pool: asyncpg.Pool, guard: Guard, lanes: Lanes) -> FastAPI:
        stored = StoredLanes(pool, schema, partitions, partial(stored_ledger, partitions))

        async def current() -> Ledger:
            held = {p: cast(AccountabilityLane, lane).ledger
                    for p, lane in lanes.projections().items()}  # fmt: skip
            return merged(held | await stored.states(held), partitions)

        return http_app(current, guard)

    await run_lane_service(
        settings,
        name="accountability",
        input_topic=duties,
        lane=lambda partition: AccountabilityLane(partition, partitions, accountability),
        migrations=MIGRATIONS,
        http=http,
        port=port,
        stop=stop,
        access=access,
        between=lambda pool: DayClose(pool, schema, partitions),
    )


def main() -> None:
    env, settings = service_settings("accountability")
    access = AccessConfig.from_env()
    access.sources_or_exit("accountability")
    apart = env.placement == "subtree"
    run_service(lambda stop: run(settings, env.accountability_port, stop, access, apart=apart))
