"""Composition root of the accountability service (问责服务): ``python -m services.accountability``.

Wires the pure fold to the shared runtime: the PostgreSQL pool and schema,
the batch consume loop over ``zeren.duties.v2`` (its only input), the outbox
relay to ``zeren.accountability.v2`` and the HTTP queries. The output topic
is created with the input's partition count, since every output goes to the
partition number of its input.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from services.accountability.adapters.http import http_app
from services.accountability.adapters.projection import AccountabilityProjection
from services.common.access.config import AccessConfig
from services.common.lifecycle import run_service
from services.common.service import fold_topics, run_fold_service
from services.common.settings import Settings, service_settings

MIGRATIONS = Path(__file__).parent / "sql"


async def run(settings: Settings, port: int, stop: asyncio.Event, access: AccessConfig) -> None:
    """Run until ``stop`` is set: consume, relay, serve queries."""
    duties, accountability, partitions = await fold_topics(
        settings, DUTIES_TOPIC, ACCOUNTABILITY_TOPIC
    )
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


def main() -> None:
    env, settings = service_settings("accountability")
    access = AccessConfig.from_env()
    access.sources_or_exit("accountability")
    run_service(lambda stop: run(settings, env.accountability_port, stop, access))
