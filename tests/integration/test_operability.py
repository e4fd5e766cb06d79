"""An operator's view of the three services, as ``zeren services run`` starts them:
``/healthz``, ``/readyz`` and ``/metrics`` at the same paths on each; a rejection counted
by its code; PostgreSQL stopped turns ``/readyz`` to 503 while the services stay up
(alive, waiting for the database, with nothing new to fold). An integrator's view:
``zeren wait`` returns once a submission has gone through all three (``/v1/progress``).

The services get a PostgreSQL of their own (stopped by the test) and the session's Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.events import activities as a
from deploy.postgres_local import LocalPostgres
from deploy.process import free_port
from services.cli.supervisor import SERVICES, plan, supervise
from services.common.access.sources_file import DEMO_SOURCES, load_sources
from services.common.kafka_admin import ensure_zeren_topics
from services.common.settings import Settings
from tests.access import DEMO_HEADERS
from tests.conftest import Infra, local_postgres_home
from tests.integration.registry.conftest import DEMO, body, event, payload, produce, university

pytestmark = pytest.mark.timeout(240)


async def _wait_status(
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


async def _metrics_once(http: httpx.AsyncClient, url: str, wanted: str) -> str:
    """``url``'s metrics once they hold ``wanted`` (within 30 s)."""
    async with asyncio.timeout(30):
        while True:
            text = (await http.get(f"{url}/metrics")).text
            if wanted in text:
                return text
            await asyncio.sleep(0.2)


def _events(log: Path) -> list[dict[str, Any]]:
    """The JSON lines of a service's log (a traceback's lines, if any, are not JSON)."""
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            found.append(json.loads(line))
    return found


@pytest.fixture
async def services(
    infra: Infra, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[dict[str, str], LocalPostgres, Settings, Path]]:
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


async def test_each_service_is_alive_ready_and_measured_until_postgres_stops(
    services: tuple[dict[str, str], LocalPostgres, Settings, Path],
) -> None:
    urls, pg, settings, logs = services
    async with httpx.AsyncClient(timeout=10) as http:
        for url in urls.values():
            await _wait_status(http, f"{url}/readyz", 200, within=90)
            alive = await http.get(f"{url}/healthz")
            assert (alive.status_code, alive.json()) == (200, {"status": "alive"})
            ready = (await http.get(f"{url}/readyz")).json()
            assert ready["checks"] == {
                **dict.fromkeys(("database", "kafka", "consume_loop", "relay"), True),
                **({"transactions": True} if url == urls["registry"] else {}),
            }

        await produce(settings, [(None, b"not a cloudevent", [])], DEMO)
        metrics = await _metrics_once(http, urls["registry"], 'zeren_rejections_total{code="')
        assert "zeren_batch_records_count" in metrics
        assert "zeren_batch_records_count 0.0" not in metrics
        for url in urls.values():
            text = (await http.get(f"{url}/metrics")).text
            for name in (
                "zeren_consumer_lag_records{",
                "zeren_outbox_depth ",
                "zeren_batch_seconds_bucket",
                "zeren_sequencer_held_records ",
            ):
                assert name in text, (url, name)

        registry_log = _events(logs / "registry.log")
        rejected = next(e for e in registry_log if e["event"] == "submission rejected")
        assert rejected["level"] == "warning"
        assert rejected["codes"]
        assert f'code="{rejected["codes"][0]}"' in metrics
        batch = next(e for e in registry_log if e["event"] == "batch committed")
        assert batch["records"] >= 1
        assert batch["ms"] >= 0

        pg.stop()
        for name, url in urls.items():
            refused = await _wait_status(http, f"{url}/readyz", 503, within=60)
            assert refused.json()["checks"]["database"] is False, name
        await asyncio.sleep(3)  # the relays have noticed by now: they wait, nothing exits
        for name, url in urls.items():
            assert (await http.get(f"{url}/healthz")).status_code == 200, name
            assert (await http.get(f"{url}/readyz")).status_code == 503, name


async def test_zeren_wait_returns_once_a_submission_is_folded_by_every_service(
    services: tuple[dict[str, str], LocalPostgres, Settings, Path],
) -> None:
    urls, _, _, state = services
    heard = payload(a.ReportHeard, organization_id="gb-1", reporting_organization_id="br-1",
                    heard_on="2018-04-02", topic="branch_building")  # fmt: skip
    async with httpx.AsyncClient(timeout=10, headers=DEMO_HEADERS) as http:
        for url in urls.values():
            await _wait_status(http, f"{url}/readyz", 200, within=90)
        recorded = (state / "services.env").read_text(encoding="utf-8")
        assert recorded == "".join(f"ZEREN_{n.upper()}_URL={u}\n" for n, u in urls.items())
        advanced = await http.post(
            f"{urls['registry']}/v1/clock/advance", json={"to": "2018-04-02"}
        )
        assert advanced.status_code == 200, advanced.text
        facts = [*university(), event(heard, "wait-report")]
        answer = (await http.post(f"{urls['registry']}/v1/events", json=body(facts))).json()
        assert answer["accepted"] == len(facts), answer

        waited = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("zeren")), "wait", "--timeout", "120",
            env={**os.environ, "ZEREN_STATE_DIR": str(state)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(waited.communicate(), 180)
        assert waited.returncode == 0, (out.decode(), err.decode())
        assert "all services have caught up" in out.decode()

        # Caught up means folded: no waiting here, the state is there to read.
        for name, url in urls.items():
            progress = (await http.get(f"{url}/v1/progress")).json()
            assert progress["caught_up"], (name, progress)
            assert progress["partitions"], name
        duties = (await http.get(f"{urls['duties']}/v1/units/gb-1/duties",
                                 params={"year": 2018})).json()  # fmt: skip
        report = [
            d for d in duties if d["duty_id"] == "general_branch.branch_building_report.semester"
        ]
        assert [d["evidence_event_ids"] for d in report if d["status"] == "fulfilled"], report
