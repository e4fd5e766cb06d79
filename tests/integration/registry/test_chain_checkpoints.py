"""The registry serves its daily checkpoints by month (GET /v1/chain/checkpoints) on the
real broker: as written, after a restart, and after its state is rebuilt from the log.

A registry (driven clock, its key and the auditors' file in a temporary folder)
writes April 2018 and the first of May. Each month's checkpoints are the ones
in the auditors' file, verify against the published key, and come back the
same once the registry restarts, and once its schema is dropped and it
rebuilds its state from ``zeren.events.v1``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from contracts.chain import Head, merkle_root, statement, verify_signature
from deploy.process import free_port
from services.common.migrations import drop_schema
from services.common.settings import Settings
from services.registry.config import RegistryConfig
from tests.integration.registry.conftest import chained, running_registry, university

pytestmark = pytest.mark.integration
MONTHS = ("2018-03", "2018-04", "2018-05")


async def _served(settings: Settings, db: asyncpg.Pool, config: RegistryConfig) -> Any:
    """The checkpoints of :data:`MONTHS`, and the public key, from a registry started anew."""
    async with running_registry(settings, db, replace(config, port=free_port())) as registry:
        months = {
            m: (await registry.http.get("/v1/chain/checkpoints", params={"month": m})).json()
            for m in MONTHS
        }
        key = (await registry.http.get("/v1/chain/public-key")).json()["public_key"]
    return months, key


async def test_the_months_checkpoints_are_served_and_survive_restart_and_rebuild(
    settings: Settings, db: asyncpg.Pool, tmp_path: Path
) -> None:
    config = chained(tmp_path)
    async with running_registry(settings, db, config) as registry:
        assert (await registry.advance("2018-04-01")).status_code == 200
        assert (await registry.submit(university()))["accepted"] == 6
        assert (await registry.advance("2018-05-01")).status_code == 200
        await registry.settled(6)
        refused = await registry.http.get("/v1/chain/checkpoints", params={"month": "2018-4"})
        assert refused.status_code == 422
        assert refused.json()["detail"]["code"] == "query.bad_month"
        assert "月份" in refused.json()["detail"]["message_zh"]
        written = {
            m: (await registry.http.get("/v1/chain/checkpoints", params={"month": m})).json()
            for m in MONTHS
        }
        key = bytes.fromhex((await registry.http.get("/v1/chain/public-key")).json()["public_key"])

    april = written["2018-04"]["checkpoints"]
    assert [c["date"] for c in april] == [f"2018-04-{d:02d}" for d in range(1, 31)]
    assert [c["id"] for c in written["2018-05"]["checkpoints"]] == ["checkpoint:2018-05-01"]
    assert written["2018-03"] == {"month": "2018-03", "checkpoints": []}
    kept = [json.loads(line) for line in config.checkpoints_path().read_text().splitlines()]
    assert april + written["2018-05"]["checkpoints"] == kept  # as the auditors keep them
    counts = []
    for checkpoint in april:
        heads = [
            Head(h["partition"], h["count"], bytes.fromhex(h["digest"]))
            for h in checkpoint["partitions"]
        ]
        assert checkpoint["root"] == merkle_root(heads).hex()
        message = statement(checkpoint["date"], heads, merkle_root(heads))
        assert verify_signature(key, message, bytes.fromhex(checkpoint["signature"]))
        counts.append(sum(h.count for h in heads))
    assert counts == sorted(counts)  # the log grew day by day
    assert counts[-1] > counts[0]

    assert await _served(settings, db, config) == (written, key.hex())  # restarted
    async with db.acquire() as conn:
        await drop_schema(conn, settings.schema("registry"))
    assert await _served(settings, db, config) == (written, key.hex())  # rebuilt from the log
