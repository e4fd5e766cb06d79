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
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.events import activities as a
from tests.access import DEMO_HEADERS
from tests.integration.conftest import RunningServices, wait_status, zeren_wait
from tests.integration.registry.conftest import DEMO, body, event, payload, produce, university

pytestmark = pytest.mark.timeout(240)


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


async def test_each_service_is_alive_ready_and_measured_until_postgres_stops(
    services: RunningServices,
) -> None:
    urls, pg, settings, logs = services
    async with httpx.AsyncClient(timeout=10) as http:
        for url in urls.values():
            await wait_status(http, f"{url}/readyz", 200, within=90)
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
            refused = await wait_status(http, f"{url}/readyz", 503, within=60)
            assert refused.json()["checks"]["database"] is False, name
        await asyncio.sleep(3)  # the relays have noticed by now: they wait, nothing exits
        for name, url in urls.items():
            assert (await http.get(f"{url}/healthz")).status_code == 200, name
            assert (await http.get(f"{url}/readyz")).status_code == 503, name


async def test_zeren_wait_returns_once_a_submission_is_folded_by_every_service(
    services: RunningServices,
) -> None:
    urls, _, _, state = services
    heard = payload(a.ReportHeard, organization_id="gb-1", reporting_organization_id="br-1",
                    heard_on="2018-04-02", topic="branch_building")  # fmt: skip
    async with httpx.AsyncClient(timeout=10, headers=DEMO_HEADERS) as http:
        for url in urls.values():
            await wait_status(http, f"{url}/readyz", 200, within=90)
        recorded = (state / "services.env").read_text(encoding="utf-8")
        assert recorded == "".join(f"ZEREN_{n.upper()}_URL={u}\n" for n, u in urls.items())
        advanced = await http.post(
            f"{urls['registry']}/v1/clock/advance", json={"to": "2018-04-02"}
        )
        assert advanced.status_code == 200, advanced.text
        facts = [*university(), event(heard, "wait-report")]
        answer = (await http.post(f"{urls['registry']}/v1/events", json=body(facts))).json()
        assert answer["accepted"] == len(facts), answer

        await zeren_wait(state)

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
