"""Crash and loss: SIGKILL in the middle of intake, and a dropped schema rebuilt from the log."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from contracts.envelope import Envelope
from contracts.events import activities as a
from services.audit.chain import audit_chain
from services.common.migrations import drop_schema
from services.common.pipeline import InputRecord
from services.common.settings import Settings
from services.registry.adapters.chain import public_key_file
from services.registry.app import run
from services.registry.config import RegistryConfig
from tests.access import DEMO_HEADERS
from tests.integration.registry.conftest import (
    binary,
    body,
    driven,
    event,
    payload,
    produce,
    read_all,
    registry_topics,
    settled,
    transfer,
    university,
    wait_healthy,
)

REPO = Path(__file__).resolve().parents[3]
BRANCHES = ("br-1", "br-2")


def meetings(n: int) -> list[Envelope]:
    """``n`` meetings, alternating between two branches, numbered in submission order."""
    return [
        event(
            payload(a.MeetingHeld, organization_id=BRANCHES[i % 2], meeting_id=f"c-{i:04d}",
                    kind="branch_committee_meeting", held_on="2018-03-12",
                    expected_attendees=5, present_attendees=5, topic="学习"),
            f"c-{i:04d}",
        )
        for i in range(n)
    ]  # fmt: skip


def assert_each_meeting_once_in_order(log: list[InputRecord], n: int = 1000) -> None:
    """The log holds each of the ``n`` :func:`meetings` once, each branch's in submission order."""
    held = [r for r in log if r.header("ce_type") == "zeren.MeetingHeld"]
    assert len(held) == n
    assert len({r.header("ce_id") for r in held}) == n
    for branch in BRANCHES:
        numbers = [
            json.loads(r.value or b"")["meeting_id"] for r in held if r.key == branch.encode()
        ]
        assert numbers == sorted(numbers)
        assert len(numbers) == n // len(BRANCHES)


async def _placement(pool: asyncpg.Pool, schema: str) -> object:
    """The registry's stored placement (None: key placement)."""
    async with pool.acquire() as conn:
        value = await conn.fetchval(
            f'SELECT value FROM "{schema}".state WHERE key = $1', "placement"
        )
    return None if value is None else json.loads(value)


@contextmanager
def registry_process(
    settings: Settings, config: RegistryConfig
) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, **settings.as_env(), **config.as_env()}
    process = subprocess.Popen([sys.executable, "-m", "services.registry"], cwd=REPO, env=env)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


async def journal_reaches(pool: asyncpg.Pool, schema: str, size: int) -> int:
    """Poll the journal closely until it holds ``size`` rows; return how many it holds."""
    async with asyncio.timeout(60), pool.acquire() as conn:
        while True:
            if await conn.fetchval("SELECT to_regclass($1)", f"{schema}.submissions"):
                count = int(await conn.fetchval(f'SELECT count(*) FROM "{schema}".submissions'))
                if count >= size:
                    return count
            await asyncio.sleep(0.005)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("subtree", [False, True], ids=["key", "subtree"])
async def test_thousand_events_twice_and_a_sigkill_give_each_event_once_in_order(
    settings: Settings, db: asyncpg.Pool, subtree: bool
) -> None:
    config = replace(driven(), batch=20, subtree=subtree)
    schema, topics = settings.schema("registry"), registry_topics(settings)
    headers = DEMO_HEADERS
    wanted = meetings(1000)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{config.port}", headers=headers
    ) as http:
        with registry_process(settings, config) as first:
            await wait_healthy(http)
            await http.post("/v1/clock/advance", json={"to": "2018-04-01"})
            assert (await http.post("/v1/events", json=body(university()))).json()["accepted"] == 6
            await produce(settings, [binary(e) for e in wanted * 2])
            judged = await journal_reaches(db, schema, 200)
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        assert judged < 2006, "the registry finished before the kill: nothing was tested"

        with registry_process(settings, config):
            await wait_healthy(http)
            summary = await settled(http, db, schema, received=2006)

    assert summary == {"accepted": 1006, "duplicate": 1000, "rejected": 0, "received": 2006}
    assert_each_meeting_once_in_order(await read_all(settings, topics.events))
    # The relay that chains the log died with its registry: the chain goes on unbroken.
    public_key = bytes.fromhex(public_key_file(config.key_path).read_text().strip())
    chain = await audit_chain(settings.as_auditor(), topic=topics.events, public_key=public_key)
    assert chain.intact, chain.problems
    assert chain.checkpoints >= 1


@pytest.mark.timeout(90)
@pytest.mark.parametrize("subtree", [False, True], ids=["key", "subtree"])
async def test_a_dropped_schema_is_rebuilt_from_the_log(
    settings: Settings, db: asyncpg.Pool, subtree: bool
) -> None:
    config = replace(driven(), subtree=subtree)

    async def session() -> tuple[object, dict[str, Any], dict[str, object]]:
        stop = asyncio.Event()
        task = asyncio.create_task(run(settings, config, stop))
        headers = DEMO_HEADERS
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{config.port}", headers=headers
        ) as http:
            await wait_healthy(http, task)
            await http.post("/v1/clock/advance", json={"to": "2018-04-01"})
            facts = [*university(), *meetings(4), *transfer()]
            result = (await http.post("/v1/events", json=body(facts))).json()
            tree = (await http.get("/v1/organizations")).json()
            branch = (await http.get("/v1/organizations/br-1")).json()
            member = (await http.get("/v1/members/m-1")).json()
        stop.set()
        await asyncio.wait_for(task, 30)
        return tree, {"br-1": branch, "m-1": member}, result

    tree, records, first = await session()
    assert first["accepted"] == 13
    assert records["m-1"]["organization_id"] == "br-1"  # transferred from br-2
    placement = await _placement(db, settings.schema("registry"))
    assert (placement is not None) == subtree
    async with db.acquire() as conn:
        await drop_schema(conn, settings.schema("registry"))
    rebuilt_tree, rebuilt_records, again = await session()

    assert rebuilt_tree == tree
    assert rebuilt_records == records
    assert await _placement(db, settings.schema("registry")) == placement
    assert again["duplicate"] == 13  # accepted ids came back from the log
    log = await read_all(settings, registry_topics(settings).events)
    assert sum(r.header("ce_type") == "zeren.ClockTicked" for r in log) == 6  # the clock too
