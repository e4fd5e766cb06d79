"""Fixtures shared by the integration tests: the three services as an operator runs them."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from deploy.postgres_local import LocalPostgres
from deploy.process import free_port
from services.cli.supervisor import SERVICES, plan, supervise
from services.common.access.sources_file import DEMO_SOURCES, load_sources
from services.common.kafka_admin import ensure_zeren_topics
from services.common.settings import Settings
from tests.conftest import Infra, local_postgres_home

#: What the ``services`` fixture yields: the base URL of each service, their PostgreSQL,
#: the settings they run with and the state folder (their logs, ``services.env``).
RunningServices = tuple[dict[str, str], LocalPostgres, Settings, Path]


@pytest.fixture
async def services(
    infra: Infra, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RunningServices]:
    """The three services on fresh topics and their own PostgreSQL: their base URLs, the
    database, the settings and the folder of their logs."""
    pg = LocalPostgres.create(local_postgres_home())
    pg.start()
    tag = uuid.uuid4().hex[:10]
    settings = replace(infra.settings(f".t{tag}", f"t{tag}_"), database_url=pg.dsn)
    await ensure_zeren_topics(settings, [s.source for s in load_sources(DEMO_SOURCES).sources])
    monkeypatch.setenv("ZEREN_CLOCK", "driven")
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))  # services.env goes there
    running = plan(tmp_path, {name: free_port() for name in SERVICES})
    stop = asyncio.Event()
    task = asyncio.create_task(supervise(settings, running, stop))
    try:
        yield {svc.name: f"http://127.0.0.1:{svc.port}" for svc in running}, pg, settings, tmp_path
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
        pg.destroy()


async def wait_status(
    http: httpx.AsyncClient, url: str, wanted: int, within: float
) -> httpx.Response:
    """The first answer of ``url`` with status ``wanted`` (no answer yet is waited for)."""
    async with asyncio.timeout(within):
        while True:
            with contextlib.suppress(httpx.TransportError):
                answer = await http.get(url)
                if answer.status_code == wanted:
                    return answer
            await asyncio.sleep(0.1)


async def zeren_wait(state: Path, timeout_s: int = 120) -> str:
    """Run ``zeren wait`` as a user does, with the addresses in ``state``; its output."""
    waited = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("zeren")), "wait", "--timeout", str(timeout_s),
        env={**os.environ, "ZEREN_STATE_DIR": str(state)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(waited.communicate(), timeout_s + 60)
    assert waited.returncode == 0, (out.decode(), err.decode())
    assert "all services have caught up" in out.decode()
    return out.decode()
