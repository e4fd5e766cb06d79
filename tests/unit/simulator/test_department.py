"""The simulated organization department and committee acting on proposals (组织部、党委)."""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

import pytest

from contracts.events.enums import DecidingBody, InterviewKind, ReviewOutcome
from contracts.events.enums import Rung as RungLevel
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    InterviewConducted,
    SeriousConsequenceDetermined,
)
from services.accountability.domain.models import Case, CaseStatus, DecisionRecord
from services.simulator import Submission
from services.simulator.department import (
    ALL_MEASURES_SHARE,
    COMMITTEE_SHARE,
    NOTICE_SHARE,
    SERIOUS_SHARE,
    respond,
    share,
)

pytestmark = pytest.mark.unit

TODAY = date(2019, 3, 1)
TOP = [RungLevel.ADMONISHMENT, RungLevel.NOTIFIED_CRITICISM, RungLevel.AWARD_ELIGIBILITY_REVOKED]


def _ids(purpose: str, below: float, chosen: bool) -> str:
    """The first case id whose ``purpose`` share is below ``below`` (``chosen``) or not."""
    return next(
        f"case-{n}" for n in itertools.count() if (share(purpose, f"case-{n}") < below) is chosen
    )


def _case(case_id: str, **fields: Any) -> Case:
    base: dict[str, Any] = {
        "case_id": case_id,
        "organization_id": "br-edu-faculty-1",
        "home_partition": 0,
        "subject_zh": "“支部党员大会”（2018年第二季度）",
        "opened_on": date(2018, 7, 1),
        "year": 2018,
        "person_ids": ["p-1", "p-2"],
        "level": "criticism",
    }
    return Case.model_validate(base | fields)


def _decision(body: DecidingBody, measures: list[RungLevel], **fields: Any) -> DecisionRecord:
    base: dict[str, Any] = {
        "decision_id": f"d-{body.value}",
        "decided_by": body,
        "decided_on": date(2019, 2, 1),
        "meeting": "党委常委会2019年第2次会议",
        "measures": measures,
        "person_ids": ["p-1"],
        "event_id": "e-1",
    }
    return DecisionRecord.model_validate(base | fields)


def _data(submissions: list[Submission]) -> list[Any]:
    return [s.envelope.data for s in submissions]


def test_the_department_records_notice_and_interviews_for_a_chosen_proposal() -> None:
    case_id = _ids("notice", NOTICE_SHARE, chosen=True)
    recorded = respond([_case(case_id, proposed=["notice_interview"])], TODAY)

    decided, *interviews = _data(recorded)
    assert isinstance(decided, AccountabilityDecided)
    assert decided.decided_by is DecidingBody.ORGANIZATION_DEPARTMENT
    assert decided.measures == [RungLevel.NOTICE, RungLevel.INTERVIEW]
    assert (decided.case_id, decided.person_ids, decided.decided_on) == (
        case_id,
        ["p-1", "p-2"],
        TODAY,
    )
    assert [(i.person_id, i.kind, i.conducted_on) for i in interviews] == [
        ("p-1", InterviewKind.INTERVIEW, TODAY),
        ("p-2", InterviewKind.INTERVIEW, TODAY),
    ]
    assert all(isinstance(i, InterviewConducted) and i.case_id == case_id for i in interviews)
    assert {(s.channel, s.envelope.source, s.submit_on) for s in recorded} == {
        ("http", "urn:campus:org-dept", TODAY)
    }
    assert recorded[0].envelope.id == f"org-dept-notice-{case_id}"


@pytest.mark.parametrize(
    "fields",
    [
        {"proposed": ["notice_interview"], "chosen": False},
        {"proposed": ["notice_interview"], "decided": DecidingBody.ORGANIZATION_DEPARTMENT},
        {"proposed": ["notice_interview"], "status": CaseStatus.RESOLVED},
        {"proposed": []},
    ],
    ids=["not chosen", "decided already", "not open", "not proposed"],
)
def test_the_department_leaves_other_cases_alone(fields: dict[str, Any]) -> None:
    case_id = _ids("notice", NOTICE_SHARE, chosen=fields.pop("chosen", True))
    body = fields.pop("decided", None)
    decisions = [] if body is None else [_decision(body, [RungLevel.NOTICE, RungLevel.INTERVIEW])]
    assert respond([_case(case_id, decisions=decisions, **fields)], TODAY) == []


def test_a_few_cases_past_their_deadline_are_determined_serious() -> None:
    chosen = _ids("serious", SERIOUS_SHARE, chosen=True)
    passed = _ids("serious", SERIOUS_SHARE, chosen=False)
    cases = [
        _case(chosen, missed_deadline=True),
        _case(passed, missed_deadline=True),
        _case(chosen + "-in-time"),  # share differs, but no deadline missed anyway
    ]
    recorded = _data(respond(cases, TODAY))

    assert len(recorded) == 1
    assert isinstance(recorded[0], SeriousConsequenceDetermined)
    assert (recorded[0].case_id, recorded[0].determined_on) == (chosen, TODAY)
    assert respond([_case(chosen, missed_deadline=True, serious=True)], TODAY) == []


def test_the_committee_decides_a_chosen_top_rung_proposal_at_its_meeting() -> None:
    all_three = next(
        f"case-{n}"
        for n in itertools.count()
        if share("committee", f"case-{n}") < COMMITTEE_SHARE
        and share("measures", f"case-{n}") < ALL_MEASURES_SHARE
    )
    two = next(
        f"case-{n}"
        for n in itertools.count()
        if share("committee", f"case-{n}") < COMMITTEE_SHARE
        and share("measures", f"case-{n}") >= ALL_MEASURES_SHARE
    )
    proposed = {"proposed": ["notice_interview", "admonishment"], "serious": True}
    cases = [_case(all_three, **proposed), _case(two, **proposed)]
    decided = [
        d
        for d in _data(respond(cases, TODAY))
        if isinstance(d, AccountabilityDecided) and d.decided_by is DecidingBody.PARTY_COMMITTEE
    ]

    by_case = {d.case_id: d for d in decided}
    assert by_case.keys() == {all_three, two}
    assert by_case[all_three].measures == TOP
    assert by_case[two].measures == TOP[:2]
    assert {d.meeting for d in decided} == {"党委常委会2019年第3次会议"}
    assert all(d.person_ids == ["p-1"] and d.decided_on == TODAY for d in decided)


def test_the_committee_does_not_decide_twice_nor_unchosen_cases() -> None:
    chosen = _ids("committee", COMMITTEE_SHARE, chosen=True)
    not_chosen = _ids("committee", COMMITTEE_SHARE, chosen=False)
    decided = _decision(DecidingBody.PARTY_COMMITTEE, TOP[:2], decided_on=TODAY)
    cases = [
        _case(chosen, proposed=["admonishment"], decisions=[decided]),
        _case(not_chosen, proposed=["admonishment"]),
    ]
    assert not any(isinstance(d, AccountabilityDecided) for d in _data(respond(cases, TODAY)))


def _decided_case(case_id: str, measures: list[RungLevel], **fields: Any) -> Case:
    decision = _decision(
        DecidingBody.PARTY_COMMITTEE, measures, decision_id=f"dw-{case_id}", **fields
    )
    return _case(
        case_id,
        proposed=["admonishment"],
        decisions=[decision],
        level="admonishment",
        status=CaseStatus.RESOLVED,
    )


def test_exactly_one_decision_that_took_eligibility_is_revoked_on_review() -> None:
    cases = [_decided_case(f"case-{n}", TOP) for n in range(6)]
    cases += [_decided_case("case-kept", TOP[:2]), _decided_case("case-today", TOP)]
    cases[-1].decisions[0].decided_on = TODAY  # decided today: not reviewed the same day
    reviews = [d for d in _data(respond(cases, TODAY)) if isinstance(d, DecisionReviewed)]

    assert len(reviews) == 1
    review = reviews[0]
    expected = min((f"case-{n}" for n in range(6)), key=lambda c: share("review", c))
    assert (review.case_id, review.decision_id) == (expected, f"dw-{expected}")
    assert (review.outcome, review.reviewed_on, review.measures) == (
        ReviewOutcome.REVOKED,
        TODAY,
        [],
    )


def test_no_second_review_once_one_was_recorded() -> None:
    cases = [_decided_case(f"case-{n}", TOP) for n in range(3)]
    cases[2].decisions[0].reviewed = "revoked"
    assert not any(isinstance(d, DecisionReviewed) for d in _data(respond(cases, TODAY)))


def test_the_shares_are_spread_evenly() -> None:
    shares = [share("notice", f"case-{n}") for n in range(4000)]
    assert all(0 <= s < 1 for s in shares)
    assert 0.47 < sum(s < 0.5 for s in shares) / len(shares) < 0.53
    assert 0.08 < sum(s < 0.1 for s in shares) / len(shares) < 0.12


@pytest.mark.parametrize("seed", range(5))
def test_the_answer_depends_on_the_cases_not_on_their_order(seed: int) -> None:
    cases = [
        _case(
            f"case-{n}",
            proposed=["notice_interview", "admonishment"][: n % 3],
            missed_deadline=n % 2 == 0,
            serious=n % 3 == 2,
        )
        for n in range(60)
    ]
    shuffled = list(cases)
    random.Random(seed).shuffle(shuffled)
    first, again = respond(cases, TODAY), respond(shuffled, TODAY)

    assert first
    assert [s.envelope for s in first] == [s.envelope for s in again]
    assert len({s.envelope.id for s in first}) == len(first)
    assert all(s.envelope.id.startswith("org-dept-") for s in first)
