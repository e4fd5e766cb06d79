"""Three accountability instances decide on a subtree-placed log; one is killed (issue 26).

The simulated university's history, written as the registry writes it under subtree
placement, is folded by the duties service (one instance, its lanes all in one) twice on
the real broker and database, each run with its own topics and schemas. Its duty events
are then decided on by the accountability service: once by one instance
(``ZEREN_PLACEMENT=subtree``: it holds every partition's lane), once by three instances
in one consumer group, one of which gets ``kill -9`` once Kafka has given each of them
partitions. The lanes wait for each other at every day's close, through their schemas,
whichever instance holds them; Kafka moves the dead instance's partitions to the others,
which restore those lanes from what it last committed (a lane killed while it waited
reads its held tick again).

The accountability events, deduplicated by id as a consumer does, must be identical
between the runs, each on the same partition; what a surviving instance's queries show
(cases, flags, lost award eligibility: its own lanes merged with the others' read from
PostgreSQL) must be what the single instance showed; and ``zeren audit verify`` (the
whole log replayed in one sequenced fold of every partition) must find the emitted
events equal. The expected decisions themselves are the domain's, written from the seed
in ``tests/unit/accountability/test_lanes.py``; this test proves the runtime keeps them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC
from deploy.process import free_port
from services.audit.verify import verify
from services.common.migrations import drop_schema, lane_schemas
from services.common.progress import Progress, progress
from services.common.settings import Settings
from tests.access import DEMO_HEADERS
from tests.conftest import Infra
from tests.integration.duties.folding import until_folded
from tests.integration.duties.kafka_io import deduplicated, read_all
from tests.integration.duties.simulated import PARTITIONS, university
from tests.integration.instances import (
    Children,
    all_hold_lanes,
    closed,
    lane_settings,
    prepare,
    stop,
)
from tests.placement import placed_log, subtree_registry

EVENTS = int(os.environ.get("ZEREN_LANES_EVENTS", "60000"))
INSTANCES = [f"instance-{i}" for i in range(3)]


async def _decided(db: asyncpg.Pool, settings: Settings) -> Progress:
    """How far the accountability lanes are: a lane that holds records back at a day's
    close has not processed them."""
    inputs = [settings.topic(DUTIES_TOPIC)]
    return await progress(
        db, settings.kafka, "accountability", settings.schema("accountability"), inputs
    )


async def _until_decided(db: asyncpg.Pool, settings: Settings) -> None:
    """Until every duty event is decided on and every decision published."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = await _decided(db, settings)
        if found.caught_up and found.partitions:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"accountability stuck at {await _decided(db, settings)}")


async def _views(port: int, years: list[int]) -> dict[str, Any]:
    """What an instance's queries show: every case, the flags, the steps not applied, each
    year's lost eligibility."""
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=DEMO_HEADERS, timeout=60
    ) as client:
        shown = {
            "cases": (await client.get("/v1/cases")).json(),
            "flags": (await client.get("/v1/flags")).json(),
            "unapplied": (await client.get("/v1/unapplied")).json(),
        }
        for year in years:
            shown[str(year)] = (await client.get(f"/v1/award-eligibility/{year}")).json()
    return shown


async def test_three_instances_one_killed_decide_as_one(
    infra: Infra, db: asyncpg.Pool, tmp_path: Path
) -> None:
    placed = placed_log(university(EVENTS).events, subtree_registry(PARTITIONS))
    log = closed(list(placed), PARTITIONS)
    alone, three = lane_settings(infra), lane_settings(infra)
    try:
        with Children(tmp_path) as children:
            await asyncio.gather(*(prepare(infra, s, log, PARTITIONS) for s in (alone, three)))
            duties = [
                children.start(s, f"duties-{n}", free_port()) for n, s in enumerate((alone, three))
            ]
            for settings in (alone, three):
                await until_folded(db, settings, len(log), drained=True, timeout_s=300)
            stop(duties)

            port = free_port()
            single = children.start(alone, "alone", port, "accountability")
            await _until_decided(db, alone)
            years = sorted({env.time.year for env, _ in log})
            shown = await _views(port, years)
            stop([single])

            ports = [free_port() for _ in INSTANCES]
            instances = [
                children.start(three, name, p, "accountability")
                for name, p in zip(INSTANCES, ports, strict=True)
            ]
            await all_hold_lanes(tmp_path, INSTANCES)
            before = await _decided(db, three)
            instances[0].send_signal(signal.SIGKILL)
            instances[0].wait()
            assert not before.caught_up, "decided before the kill: make the history longer"
            await _until_decided(db, three)
            answers = [await _views(p, years) for p in ports[1:]]  # each for every partition
            stop(instances[1:])
        verdict = await verify(three)  # the whole log replayed in one sequenced fold

        expected = await read_all(infra.kafka, alone.topic(ACCOUNTABILITY_TOPIC))
        got = await read_all(infra.kafka, three.topic(ACCOUNTABILITY_TOPIC))
        kinds = {kind for _, _, kind, _ in expected}
        assert {"zeren.ReminderIssued", "zeren.AccountabilityProposed"} <= kinds
        assert len(expected) == len({event_id for _, event_id, _, _ in expected})
        assert deduplicated(got) == deduplicated(expected)
        assert len(shown["cases"]) > 0
        assert answers == [shown, shown]
        assert verdict.equal, [c.topic for c in verdict.comparisons if not c.equal]
        survivors = [(tmp_path / f"{name}.log").read_text() for name in INSTANCES[1:]]
        assert sum(text.count("lane opened") for text in survivors) > PARTITIONS - 2
    finally:
        async with db.acquire() as conn:
            for settings in (alone, three):
                for service in ("duties", "accountability"):
                    for lane in await lane_schemas(conn, settings.schema(service)):
                        await drop_schema(conn, lane)
                    await drop_schema(conn, settings.schema(service))
