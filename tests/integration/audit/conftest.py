"""The audited system: a simulated year through the real duties and accountability services.

Module-scoped (one run feeds every audit test): fresh topics (suffix) and
schemas (prefix); ``python -m services.duties`` and ``python -m
services.accountability`` as child processes. The log is written month by
month, each month once the duties service has consumed the previous one (as
in production, where the service follows the registry day by day), first up
to the ticks that begin ``UNTIL + 1``; what the live duties service then
shows is captured over HTTP; then the rest of the year follows.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC, topic
from services.cli.progress import lag, wait_settled
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema, lane_schemas
from services.common.settings import Settings
from tests.access import DEMO_HEADERS
from tests.conftest import Infra
from tests.integration.audit.history import Log, by_month, organizations, simulated_log
from tests.integration.duties.kafka_io import publish
from tests.integration.fold_services import fold_services
from tests.placement import placed_log, subtree_registry

ROOT = Path(__file__).resolve().parents[3]
#: The day replayed and compared with what the live system showed then.
UNTIL = date(2018, 6, 30)
YEAR = UNTIL.year


@dataclass(frozen=True)
class Scenario:
    """The audited system after the whole year, and what it showed on ``UNTIL``."""

    settings: Settings
    organizations: list[str]
    matrices: dict[str, list[dict[str, Any]]]
    compliance: dict[str, Any]
    #: The duties service's lane schemas (partitions folded apart; none: one fold).
    lanes: int


async def _settled(settings: Settings, pool: asyncpg.Pool) -> None:
    inputs = {"duties": EVENTS_TOPIC, "accountability": DUTIES_TOPIC}

    async def measure() -> list[Any]:
        return [
            await lag(pool, settings.kafka, name, settings.schema(name), [settings.topic(t)])
            for name, t in inputs.items()
        ]

    await wait_settled(measure, timeout_s=90, report=lambda lags: None)


async def _follow(settings: Settings, pool: asyncpg.Pool, log: Log) -> None:
    """Write ``log`` a month at a time, each once the duties service has caught up."""
    events = settings.topic(EVENTS_TOPIC)
    for month in by_month(log):
        await publish(settings.kafka, events, month)
        async with asyncio.timeout(60):
            while True:
                duties = await lag(
                    pool, settings.kafka, "duties", settings.schema("duties"), [events]
                )
                if duties.settled:
                    break
                await asyncio.sleep(0.1)


async def _live_views(port: int, orgs: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=DEMO_HEADERS
    ) as client:
        matrices = {
            org: (await client.get(f"/v1/units/{org}/duties", params={"year": YEAR})).json()
            for org in orgs
        }
        report = (await client.get("/v1/compliance", params={"year": YEAR})).json()
    return matrices, report


async def _run(infra: Infra, logs: Path, subtree: bool) -> AsyncIterator[Scenario]:
    """The simulated year through the services, written under key or subtree placement."""
    tag = uuid.uuid4().hex[:8]
    settings = infra.settings(f".audit{tag}", f"a{tag}_")
    await ensure_zeren_topics(settings)
    partitions = topic(EVENTS_TOPIC).partitions
    before, after = simulated_log(partitions, UNTIL + timedelta(days=1))
    orgs = organizations(before + after)
    if subtree:
        registry = subtree_registry(partitions)
        before, after = list(placed_log(before, registry)), list(placed_log(after, registry))
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=2)
    assert pool is not None
    try:
        with fold_services(settings, logs, "subtree" if subtree else "key") as ports:
            port = ports["duties"]
            await _follow(settings, pool, before)
            await _settled(settings, pool)
            matrices, report = await _live_views(port, orgs)
            await _follow(settings, pool, after)
            await _settled(settings, pool)
        async with pool.acquire() as conn:
            lanes = len(await lane_schemas(conn, settings.schema("duties")))
        yield Scenario(settings, orgs, matrices, report, lanes)
    finally:
        async with pool.acquire() as conn:
            for lane in await lane_schemas(conn, settings.schema("duties")):
                await drop_schema(conn, lane)
            for service in ("duties", "accountability"):
                await drop_schema(conn, settings.schema(service))
        await pool.close()


@pytest.fixture(scope="module")
async def scenario(
    infra: Infra, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Scenario]:
    async for ran in _run(infra, tmp_path_factory.mktemp("audit-logs"), subtree=False):
        yield ran


@pytest.fixture(scope="module")
async def placed_scenario(
    infra: Infra, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Scenario]:
    """The same year written under subtree placement (issue 26), the duties service
    folding each partition in a lane of its own."""
    async for ran in _run(infra, tmp_path_factory.mktemp("placed-logs"), subtree=True):
        yield ran
