"""Answering a criticism (整改验收): half the missed unit duties are made up and accepted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contracts.catalog import PeriodicCadence, Scope
from contracts.events.enums import SelfCheckAnswer
from contracts.events.oversight import RectificationAccepted, SelfCheckAnswered
from services.accountability.domain.cases import duty_case_id
from services.simulator import Habits, Submission, University, rectification
from services.simulator.history import DEFAULT_START, generate
from services.simulator.periods import CADENCES, catalog_for, month_starts, period_starting
from tests.unit.simulator.conftest import END, SEED

pytestmark = pytest.mark.unit


def _answers(stream: list[Submission]) -> list[RectificationAccepted]:
    found = [s.envelope.data for s in stream if isinstance(s.envelope.data, RectificationAccepted)]
    return [a for a in found if a.case_id is not None]


def _criticisms(university: University) -> dict[str, date]:
    """Each case id a missed unit duty can get, with the day of its criticism (deadline + 1)."""
    days: dict[str, date] = {}
    for first in month_starts(DEFAULT_START, END):
        for cadence in CADENCES:
            period = period_starting(cadence, first)
            duties = [] if period is None else catalog_for(first).duties
            for duty in duties:
                assert period is not None
                if (
                    isinstance(duty.cadence, PeriodicCadence)
                    and duty.cadence.kind == cadence
                    and duty.applies_to.scope is Scope.ORGANIZATION
                ):
                    day = period.end + timedelta(days=duty.grace_days + 1)
                    for org in university.organizations:
                        days[duty_case_id(org, duty.id, period.id)] = day
    return days


def test_answers_come_from_the_department_on_cases_of_missed_unit_duties_in_time(
    stream: list[Submission], university: University, habits: Habits
) -> None:
    answers = _answers(stream)
    criticized = _criticisms(university)

    assert answers
    assert {a.organization_id for a in answers} <= set(habits.careless) | set(habits.stopped)
    for answer in answers:
        assert answer.case_id in criticized
        # 所涉单位: the unit's own case (the registry refuses a step on a case without it
        # from a unit answering for others: ref.subject_unnamed)
        assert answer.subject_organization_id == answer.organization_id
        # 5–25 days after the criticism: within its 30 days to rectify (限期整改)
        assert 5 <= (answer.accepted_on - criticized[answer.case_id]).days <= 25
    sources = {s.source for s in stream if s.envelope.data in answers}
    assert sources == {"org-dept"}


def test_answers_add_facts_and_change_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    answered = list(generate(SEED, DEFAULT_START, 1))
    monkeypatch.setattr(rectification, "ANSWERED", 0.0)
    unanswered = list(generate(SEED, DEFAULT_START, 1))

    answers = _answers(answered)
    assert answers
    assert not _answers(unanswered)
    rest = [s.envelope for s in answered if s.envelope.data not in answers]
    assert rest == [s.envelope for s in unanswered]


def test_half_the_problems_self_checks_find_are_accepted_after_the_answer(
    stream: list[Submission],
) -> None:
    payloads = [s.envelope.data for s in stream]
    found = {
        a.finding_id: a
        for a in payloads
        if isinstance(a, SelfCheckAnswered) and a.answer is not SelfCheckAnswer.YES
    }
    accepted = [
        a for a in payloads if isinstance(a, RectificationAccepted) and a.finding_id in found
    ]

    assert found
    assert all(a.rectification_deadline is not None for a in found.values())
    assert 0.3 < len(accepted) / len(found) < 0.7
    for acceptance in accepted:
        answer = found[acceptance.finding_id]
        assert acceptance.organization_id == answer.organization_id
        assert (acceptance.accepted_on - answer.answered_on).days >= 20
