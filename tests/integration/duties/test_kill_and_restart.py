"""SIGKILL the duties service while it folds a large history; the outputs must not change.

Two runs of ``python -m services.duties`` over the same history (each with its
own topics and schema): one uninterrupted, one killed with ``kill -9`` three
times and restarted. The duty events, deduplicated by id as a consumer does,
and the final state documents must be identical.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import asyncpg

from contracts.topics import DUTIES_TOPIC
from services.common.migrations import drop_schema, quote_schema
from services.common.settings import Settings
from tests.conftest import Infra
from tests.integration.duties.folding import until_folded
from tests.integration.duties.kafka_io import deduplicated, read_all
from tests.integration.duties.simulated import PARTITIONS, university
from tests.integration.instances import prepare

ROOT = Path(__file__).resolve().parents[3]
EVENTS = int(os.environ.get("ZEREN_DUTIES_KILL_EVENTS", "100000"))


def _settings(infra: Infra) -> Settings:
    tag = uuid.uuid4().hex[:10]
    return infra.settings(f".kill{tag}", f"k{tag}_")


def _start(settings: Settings) -> subprocess.Popen[bytes]:
    env = {**os.environ, **settings.as_env(), "ZEREN_DUTIES_PORT": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "services.duties"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _state(db: asyncpg.Pool, settings: Settings) -> list[tuple[str, str]]:
    q = quote_schema(settings.schema("duties"))
    async with db.acquire() as conn:
        rows = await conn.fetch(f"SELECT key, value::text AS value FROM {q}.state ORDER BY key")
    return [(r["key"], r["value"]) for r in rows]


async def test_kill_9_at_random_points_changes_no_output(infra: Infra, db: asyncpg.Pool) -> None:
    history = university(EVENTS).events
    calm, killed = _settings(infra), _settings(infra)
    try:
        await asyncio.gather(*(prepare(infra, s, history, PARTITIONS) for s in (calm, killed)))

        started = time.monotonic()
        process = _start(calm)
        await until_folded(db, calm, len(history), drained=True, timeout_s=150)
        elapsed = time.monotonic() - started
        process.terminate()
        process.wait()
        print(
            f"uninterrupted: {len(history)} events in {elapsed:.1f}s"
            f" = {len(history) / elapsed:.0f} events/s"
        )

        rng = random.Random()
        for fraction in sorted(rng.uniform(0.1, 0.9) for _ in range(3)):
            process = _start(killed)
            await until_folded(
                db, killed, int(fraction * len(history)), drained=False, timeout_s=150
            )
            await asyncio.sleep(rng.uniform(0, 0.3))
            process.send_signal(signal.SIGKILL)
            process.wait()
        process = _start(killed)
        await until_folded(db, killed, len(history), drained=True, timeout_s=150)
        process.terminate()
        process.wait()

        calm_out = await read_all(infra.kafka, calm.topic(DUTIES_TOPIC))
        killed_out = await read_all(infra.kafka, killed.topic(DUTIES_TOPIC))
        assert len(calm_out) == len({event_id for _, event_id, _, _ in calm_out})
        assert deduplicated(killed_out) == deduplicated(calm_out)
        assert await _state(db, killed) == await _state(db, calm)
    finally:
        async with db.acquire() as conn:
            for settings in (calm, killed):
                await drop_schema(conn, settings.schema("duties"))
