"""Three duties instances fold a subtree-placed log; one is killed mid-replay (issue 26).

The simulated university's history, written as the registry writes it under
subtree placement, is folded twice on the real broker and database, each run
with its own topics and schemas: once by one instance (``ZEREN_PLACEMENT=subtree``:
it holds every partition's lane), once by three instances in one consumer group,
one of which gets ``kill -9`` once Kafka has given each of them partitions. Kafka
moves the dead instance's partitions to the others, which restore those lanes
from what it last committed. The duty events, deduplicated by id as a consumer
does, and every lane's stored documents must be identical; each surviving
instance's queries, which read the lanes it does not hold from PostgreSQL,
must show what the single instance showed; and ``zeren audit verify`` (the
whole log replayed in one sequenced fold, with the accountability service run
beside the three) must find the emitted events equal.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from contracts.topics import DUTIES_TOPIC
from deploy.process import free_port
from services.audit.verify import verify
from services.common.migrations import drop_schema, lane_schema, lane_schemas, quote_schema
from services.common.settings import Settings
from tests.access import DEMO_HEADERS
from tests.conftest import Infra
from tests.integration.duties.folding import folded, until_folded
from tests.integration.duties.kafka_io import deduplicated, read_all
from tests.integration.duties.simulated import PARTITIONS, university
from tests.integration.instances import (
    Children,
    all_hold_lanes,
    closed,
    lane_settings,
    prepare,
    settled,
    stop,
)
from tests.placement import placed_log, subtree_registry

ROOT = Path(__file__).resolve().parents[3]
EVENTS = int(os.environ.get("ZEREN_LANES_EVENTS", "60000"))
LANES = range(PARTITIONS)


async def _views(port: int, years: list[int]) -> dict[str, Any]:
    """What an instance's queries show: the overdue duties and each year's compliance."""
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", headers=DEMO_HEADERS, timeout=60
    ) as client:
        shown = {"overdue": (await client.get("/v1/duties/overdue")).json()}
        for year in years:
            report = await client.get("/v1/compliance", params={"year": year})
            shown[str(year)] = report.json()
    return shown


def _differences(expected: Any, got: Any) -> Any:
    """Where an instance's answer differs from what the single instance showed, for a
    failure to say what: the differing keys of a mapping, the entries only one side of a
    list has (three of each), or both values (None: equal)."""
    if expected == got:
        return None
    if isinstance(expected, dict) and isinstance(got, dict):
        keys = sorted(expected.keys() | got.keys())
        return {
            k: _differences(expected.get(k), got.get(k))
            for k in keys
            if expected.get(k) != got.get(k)
        }
    if isinstance(expected, list) and isinstance(got, list):
        missing = [e for e in expected if e not in got][:3]
        return {"missing": missing, "extra": [e for e in got if e not in expected][:3]}
    return {"expected": expected, "got": got}


async def _documents(db: asyncpg.Pool, settings: Settings) -> list[tuple[int, str, str]]:
    found = []
    async with db.acquire() as conn:
        for partition in LANES:
            q = quote_schema(lane_schema(settings.schema("duties"), partition))
            rows = await conn.fetch(f"SELECT key, value::text AS v FROM {q}.state ORDER BY key")
            found += [(partition, r["key"], r["v"]) for r in rows]
    return found


async def test_three_instances_one_killed_decide_as_one(
    infra: Infra, db: asyncpg.Pool, tmp_path: Path
) -> None:
    log = closed(
        list(placed_log(university(EVENTS).events, subtree_registry(PARTITIONS))), PARTITIONS
    )
    alone, three = lane_settings(infra), lane_settings(infra)
    try:
        await asyncio.gather(
            prepare(infra, alone, log, PARTITIONS), prepare(infra, three, log, PARTITIONS)
        )

        ports = [free_port() for _ in range(4)]
        with Children(tmp_path) as children:
            single = children.start(alone, "alone", ports[0])
            await until_folded(db, alone, len(log), drained=True, timeout_s=240)
            years = sorted({env.time.year for env, _ in log})
            shown = await _views(ports[0], years)
            stop([single])

            instances = [children.start(three, f"instance-{i}", ports[i + 1]) for i in range(3)]
            accountability = children.start(three, "accountability", free_port(), "accountability")
            await all_hold_lanes(tmp_path, [f"instance-{i}" for i in range(3)])
            done, _ = await folded(db, three)
            instances[0].send_signal(signal.SIGKILL)
            instances[0].wait()
            assert done < len(log), "the replay ended before the kill: make the history longer"
            await until_folded(db, three, len(log), drained=True, timeout_s=240)
            answers = [await _views(port, years) for port in ports[2:]]  # each for every partition
            await settled(db, three, "accountability", DUTIES_TOPIC)
            stop([*instances[1:], accountability])
        verdict = await verify(three)  # the whole log replayed in one sequenced fold

        expected = await read_all(infra.kafka, alone.topic(DUTIES_TOPIC))
        got = await read_all(infra.kafka, three.topic(DUTIES_TOPIC))
        assert len(expected) > EVENTS // 2  # the history owes and decides
        assert len(expected) == len({event_id for _, event_id, _, _ in expected})
        assert deduplicated(got) == deduplicated(expected)
        assert await _documents(db, three) == await _documents(db, alone)
        assert len(shown["overdue"]) > 0
        assert [_differences(shown, answer) for answer in answers] == [None, None]
        assert verdict.equal, [c.topic for c in verdict.comparisons if not c.equal]
        survivors = [(tmp_path / f"instance-{i}.log").read_text() for i in (1, 2)]
        assert sum(text.count("lane opened") for text in survivors) > PARTITIONS - 2
    finally:
        async with db.acquire() as conn:
            for settings in (alone, three):
                for lane in await lane_schemas(conn, settings.schema("duties")):
                    await drop_schema(conn, lane)
                await drop_schema(conn, settings.schema("duties"))
                await drop_schema(conn, settings.schema("accountability"))
