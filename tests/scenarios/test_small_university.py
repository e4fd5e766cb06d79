"""The scenario of ``small_university_2018`` end to end on the real broker and database.

The registry (driven clock) takes the campus systems' submissions over HTTP;
``python -m services.duties`` and ``python -m services.accountability`` run as
child processes on fresh topics and schemas. The clock is moved day by day to
each submission's day, then to the scenario's last day; once both services
have consumed everything, their outputs are read from Kafka and checked
against the expectations written from the seed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from contracts.bindings import decode
from contracts.envelope import Envelope, new_envelope
from contracts.events.accountability import AccountabilityAction, SituationFlag, SituationFlagNoted
from contracts.events.duties import MemberSituationFlagged
from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, EVENTS_TOPIC
from contracts.types import EVENT_TYPES
from services.cli.progress import lag, wait_settled
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.common.settings import Settings
from services.registry.adapters.log import read_topic
from services.registry.app import run
from tests.access import DEMO_HEADERS
from tests.conftest import Infra
from tests.integration.fold_services import fold_services
from tests.integration.registry.conftest import (
    DEMO,
    driven,
    fresh_settings,
    wait_healthy,
)
from tests.scenarios import small_university_2018 as scenario

ROOT = Path(__file__).resolve().parents[2]
MEASURES_BY_DECISION = {
    "NoticeCirculated",
    "InterviewRequired",
    "AdmonishmentRequired",
    "NotifiedCriticismIssued",
    "AwardEligibilityRevoked",
}


@dataclass(frozen=True)
class Outcome:
    """What the scenario produced: accountability actions, the flags accountability told
    (情况提示) and duty statuses, by log order."""

    actions: list[Envelope]
    told: list[Envelope]
    duties: list[Envelope]
    eligibility: dict[str, Any]
    flags: list[dict[str, Any]]


def _envelope(n: int, fact: scenario.Fact) -> Envelope:
    payload = EVENT_TYPES[f"zeren.{fact.type}"].model_validate_json(json.dumps(fact.fields))
    at = datetime.combine(fact.day, time(10), UTC)
    return new_envelope(payload, id=f"scenario-{n:04d}", source=DEMO, time=at)


async def _feed(http: httpx.AsyncClient) -> None:
    """Each day's submissions once the clock is at that day; then the clock to the end."""
    numbered = list(enumerate(scenario.facts()))
    for day, group in itertools.groupby(numbered, key=lambda item: item[1].day):
        response = await http.post("/v1/clock/advance", json={"to": day.isoformat()})
        assert response.status_code == 200, response.text  # never a fact sent late
        body = [_envelope(n, fact).model_dump(mode="json", exclude_none=True) for n, fact in group]
        answer = await http.post("/v1/events", json=body)
        assert answer.status_code == 200, answer.text
        assert answer.json()["accepted"] == len(body), answer.text
    await http.post("/v1/clock/advance", json={"to": scenario.LAST_DAY.isoformat()})


async def _settled(settings: Settings, pool: asyncpg.Pool) -> None:
    inputs = {"duties": EVENTS_TOPIC, "accountability": DUTIES_TOPIC}
    auditor = settings.as_auditor()

    async def measure() -> list[Any]:
        return [
            await lag(pool, auditor.kafka, name, settings.schema(name), [settings.topic(t)])
            for name, t in inputs.items()
        ]

    await wait_settled(measure, timeout_s=240, report=lambda lags: None, quiet_polls=5)


async def _answer(port: int, path: str) -> Any:
    """A service's JSON answer, once its HTTP interface is up (it starts after its fold)."""
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=url, headers=DEMO_HEADERS, timeout=60) as http:
        async with asyncio.timeout(60):
            while True:
                try:
                    return (await http.get(path)).raise_for_status().json()
                except httpx.TransportError:
                    await asyncio.sleep(0.5)


async def _read(settings: Settings, topic: str) -> list[Envelope]:
    return [
        decode(r.value, r.headers)
        async for batch in read_topic(settings.as_auditor().kafka, settings.topic(topic))
        for r in batch
    ]


@pytest.fixture(scope="module")
async def outcome(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Outcome]:
    settings = fresh_settings(infra)
    await ensure_zeren_topics(settings)
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=2)
    assert pool is not None
    config = driven()
    stop = asyncio.Event()
    registry = asyncio.create_task(run(settings, config, stop))
    try:
        with fold_services(settings, tmp_path_factory.mktemp("scenario-logs")) as ports:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{config.port}", headers=DEMO_HEADERS, timeout=60
            ) as http:
                await wait_healthy(http, registry)
                await _feed(http)
            await _settled(settings, pool)
            eligibility = await _answer(ports["accountability"], "/v1/award-eligibility/2018")
            flags = await _answer(ports["accountability"], "/v1/flags?year=2018&member=true")
        published = await _read(settings, ACCOUNTABILITY_TOPIC)
        actions = [e for e in published if isinstance(e.data, AccountabilityAction)]
        told = [e for e in published if isinstance(e.data, SituationFlag)]
        assert len(actions) + len(told) == len(published)
        duties = await _read(settings, DUTIES_TOPIC)
        yield Outcome(actions, told, duties, eligibility, flags)
    finally:
        stop.set()
        await asyncio.wait_for(registry, 30)
        async with pool.acquire() as conn:
            for service in ("registry", "duties", "accountability"):
                await drop_schema(conn, settings.schema(service))
        await pool.close()


def _action(env: Envelope) -> AccountabilityAction:
    assert isinstance(env.data, AccountabilityAction)
    return env.data


def _of_case(outcome: Outcome, case_id: str) -> list[AccountabilityAction]:
    return [a for a in map(_action, outcome.actions) if a.case_id == case_id]


def _measure(action: AccountabilityAction) -> scenario.Measure:
    decided_on = action.decided_on
    assert decided_on is not None
    name = type(action).__name__
    return scenario.Measure(name, decided_on, action.organization_id, tuple(action.person_ids))


@pytest.mark.timeout(600)
@pytest.mark.parametrize("case_id", sorted(scenario.EXPECTED))
def test_the_scenario_s_cases_take_the_expected_steps(outcome: Outcome, case_id: str) -> None:
    got = _of_case(outcome, case_id)
    steps = "\n".join(f"{type(a).__name__} {a.decided_on} {a.grounds} {a.text_zh}" for a in got)
    assert [_measure(a) for a in got] == scenario.EXPECTED[case_id], steps
    proposals = [a for a in got if type(a).__name__ == "AccountabilityProposed"]
    assert [list(p.grounds) for p in proposals] == scenario.EXPECTED_GROUNDS


def test_award_eligibility_follows_the_committee_s_decisions_only(outcome: Outcome) -> None:
    lost = outcome.eligibility
    assert [o["organization_id"] for o in lost["organizations"]] == (
        scenario.ELIGIBILITY_2018["organizations"]
    )
    assert [p["person_id"] for p in lost["persons"]] == scenario.ELIGIBILITY_2018["persons"]
    assert [r["subject_id"] for r in lost["restored"]] == scenario.ELIGIBILITY_2018["restored"]


def test_no_measure_above_criticism_without_a_recorded_decision(outcome: Outcome) -> None:
    decided = [a for a in map(_action, outcome.actions) if type(a).__name__ in MEASURES_BY_DECISION]
    assert decided, "the scenario records decisions"
    assert {a.decision_id for a in decided} == scenario.DECISIONS
    proposals = [
        a for a in map(_action, outcome.actions) if type(a).__name__ == "AccountabilityProposed"
    ]
    assert proposals
    assert all(p.grounds for p in proposals)


def test_member_duties_raise_flags_never_a_unit_s_case(outcome: Outcome) -> None:
    assert not [a for a in map(_action, outcome.actions) if (a.duty_id or "").startswith("member.")]
    flags = [e.data for e in outcome.duties if isinstance(e.data, MemberSituationFlagged)]
    six_months = [f for f in flags if f.duty_id == "member.art9.six_months_without_dues"]
    assert [(f.organization_id, f.member_id) for f in six_months] == scenario.SIX_MONTHS_FLAGS
    kept = [
        (f["organization_id"], f["member_id"], f["decides"], f["person_ids"])
        for f in outcome.flags
        if f["duty_id"] == "member.art9.six_months_without_dues"
    ]
    assert kept == scenario.SIX_MONTHS_FLAGS_KEPT
    noted = [e.data for e in outcome.told if isinstance(e.data, SituationFlagNoted)]
    told = [
        (f.organization_id, f.member_id, f.decides, f.person_ids)
        for f in noted
        if f.duty_id == "member.art9.six_months_without_dues"
    ]
    assert told == scenario.SIX_MONTHS_FLAGS_KEPT  # told to who must decide, once each


def test_each_committee_member_answers_for_his_own_contact_point(outcome: Outcome) -> None:
    criticisms = [
        (a.organization_id, list(a.person_ids), a.decided_on)
        for a in map(_action, outcome.actions)
        if type(a).__name__ == "CriticismIssued" and a.duty_id == scenario.CONTACT_POINT
    ]
    assert sorted(criticisms) == sorted(scenario.CONTACT_POINT_CRITICISMS)


def test_the_committee_answers_for_its_own_exchange_with_a_general_branch(
    outcome: Outcome,
) -> None:
    about_exchange = [a for a in map(_action, outcome.actions) if a.duty_id == scenario.EXCHANGE]
    criticisms = [
        (a.organization_id, list(a.person_ids), a.decided_on)
        for a in about_exchange
        if type(a).__name__ == "CriticismIssued" and a.period == "2017-S2"
    ]
    assert criticisms == [scenario.EXCHANGE_CRITICISM]
    assert all(a.organization_id == "cmt" for a in about_exchange)
    assert all("p-g1" not in a.person_ids for a in about_exchange)
