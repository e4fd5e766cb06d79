"""The demo's organization department records its decisions through the real registry.

The accountability service's query API (over a ledger holding four cases of
``br-1``) tells the department what is open; the department's step waits
for the services to settle, then submits with the organization department's
token. Every event is accepted into the log once, dated the clock's day; the
same step again submits the very same events, judged duplicates.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
import uvicorn

from contracts.events.enums import DecidingBody
from contracts.events.enums import Rung as RungLevel
from deploy.process import free_port
from services.accountability.adapters.http import http_app
from services.accountability.domain.models import Case, DecisionRecord
from services.accountability.domain.state import Ledger
from services.cli.demo import wait_http
from services.cli.demo_feed import CampusProducers, Department, Feeder
from services.common.lifecycle import QuietServer
from services.simulator.department import COMMITTEE_SHARE, NOTICE_SHARE, SERIOUS_SHARE, share
from tests.access import demo_guard
from tests.integration.registry.conftest import RunningRegistry, read_all

DAY = date(2018, 4, 1)
TOP = [RungLevel.ADMONISHMENT, RungLevel.NOTIFIED_CRITICISM, RungLevel.AWARD_ELIGIBILITY_REVOKED]


def _chosen(purpose: str, below: float) -> str:
    """The first ``case-<purpose>-<n>`` the department chooses for ``purpose``."""
    ids = (f"case-{purpose}-{n}" for n in itertools.count())
    return next(case_id for case_id in ids if share(purpose, case_id) < below)


def _decision(body: DecidingBody, measures: list[RungLevel]) -> DecisionRecord:
    return DecisionRecord(
        decision_id=f"earlier-{body.value}",
        decided_by=body,
        decided_on=date(2018, 3, 20),
        meeting="党委常委会2018年第3次会议",
        measures=measures,
        person_ids=["p-1"],
        event_id=f"e-earlier-{body.value}",
    )


def _case(case_id: str, **fields: Any) -> Case:
    base: dict[str, Any] = {
        "case_id": case_id,
        "organization_id": "br-1",
        "home_partition": 0,
        "subject_zh": "“支部委员会会议”（2018年1月）",
        "opened_on": date(2018, 2, 2),
        "year": 2018,
        "person_ids": ["p-1"],
        "level": "criticism",
    }
    return Case.model_validate(base | fields)


def _ledger() -> Ledger:
    """Four open cases: one of each choice the department makes."""
    ledger = Ledger.empty(partitions=1)
    notice = _decision(
        DecidingBody.ORGANIZATION_DEPARTMENT, [RungLevel.NOTICE, RungLevel.INTERVIEW]
    )
    for case in (
        _case(_chosen("notice", NOTICE_SHARE), proposed=["notice_interview"]),
        _case(_chosen("serious", SERIOUS_SHARE), missed_deadline=True),
        _case(
            _chosen("committee", COMMITTEE_SHARE),
            proposed=["notice_interview", "admonishment"],
            missed_deadline=True,
            serious=True,
            decisions=[notice],
        ),
        _case(
            "case-reviewed",
            level="admonishment",
            decisions=[_decision(DecidingBody.PARTY_COMMITTEE, TOP)],
        ),
    ):
        ledger.save_case(case)
    return ledger


@pytest.fixture
async def accountability_url() -> AsyncIterator[str]:
    """The accountability query API over :func:`_ledger`, served on a free port."""
    ledger = _ledger()
    port = free_port()
    app = http_app(lambda: ledger, demo_guard())
    server = QuietServer(uvicorn.Config(app, port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    url = f"http://127.0.0.1:{port}"
    await wait_http(f"{url}/healthz", timeout_s=30)
    yield url
    server.should_exit = True
    await asyncio.wait_for(task, 10)


@pytest.mark.timeout(120)
async def test_the_departments_decisions_enter_the_log_once_dated_the_clocks_day(
    registry: RunningRegistry, accountability_url: str
) -> None:
    topics = await registry.open_university()
    producers = CampusProducers(registry.settings)
    feeder = Feeder(f"http://127.0.0.1:{registry.config.port}", producers)
    waits: list[date] = []

    async def settled() -> None:
        waits.append(DAY)

    department = Department(feeder, accountability_url, settled)
    try:
        await department(DAY)
        first = dict(feeder.sent)
        await department(DAY)
    finally:
        await feeder.close()
        await producers.stop()

    assert waits == [DAY, DAY]
    assert department.recorded == {
        "AccountabilityDecided": 4,
        "InterviewConducted": 2,
        "SeriousConsequenceDetermined": 2,
        "DecisionReviewed": 2,
    }
    assert (first["http accepted"], first["http rejected"]) == (5, 0)
    assert (feeder.sent["http duplicate"], feeder.sent["http rejected"]) == (5, 0)
    await registry.settled(received=6 + 10)
    log = await read_all(registry.settings, topics.events)
    ours = [r for r in log if r.header("ce_source") == "urn:campus:org-dept"]
    assert sorted(r.header("ce_type") or "" for r in ours) == [
        "zeren.AccountabilityDecided",
        "zeren.AccountabilityDecided",
        "zeren.DecisionReviewed",
        "zeren.InterviewConducted",
        "zeren.SeriousConsequenceDetermined",
    ]
    assert len({r.header("ce_id") for r in ours}) == 5
    assert all(b'"2018-04-01"' in (r.value or b"") for r in ours)
