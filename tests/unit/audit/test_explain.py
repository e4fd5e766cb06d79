"""The chain behind a criticism: actions, duty, period, clauses, evidence found and missing."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.envelope import Envelope
from contracts.events.accountability import (
    AccountabilityProposed,
    AdmonishmentRequired,
    CriticismIssued,
    ReminderIssued,
)
from contracts.events.duties import DutyDueSoon, DutyOverdue
from contracts.events.enums import DecidingBody, Ground, Rung
from services.audit.explain import (
    Explanation,
    action_of,
    case_actions,
    catalog_duty,
    chain_duty_events,
    policy_rung,
    render,
    status_of,
    tally,
)
from tests.unit.accountability.builders import QUARTERLY, duty, envelope
from tests.unit.duties.builders import BRANCH, History

CASE = "case-br-q2"


def action(kind: type[CriticismIssued | ReminderIssued], rung: Rung, day: date) -> Envelope:
    payload = kind(
        organization_id=BRANCH,
        case_id=CASE,
        rung=rung,
        policy_version="v1",
        clause="实施细则 四",
        title_zh="关于支部党员大会的通知",
        text_zh="未召开支部党员大会。",
        evidence_event_ids=["overdue-q2"],
        duty_id=QUARTERLY,
        period="2018-Q2",
        decided_on=day,
    )
    return envelope(payload, f"{rung.value}-q2", day)


def facts() -> list[Envelope]:
    """A June meeting of the wrong kind, and the general meeting recorded after the deadline."""
    history = History()
    history.meeting("theme_party_day", date(2018, 6, 5))
    history.meeting("branch_general_meeting", date(2018, 6, 20), recorded=date(2018, 8, 1))
    return [env for env, _ in history.events]


def log_days() -> dict[str, date]:
    """The log's day each fact entered it: the general meeting only on 1 August."""
    first, late = facts()
    return {first.id: date(2018, 6, 5), late.id: date(2018, 8, 1)}


def explanation() -> Explanation:
    actions = [
        action(ReminderIssued, Rung.REMINDER, date(2018, 7, 1)),
        action(CriticismIssued, Rung.CRITICISM, date(2018, 7, 16)),
    ]
    overdue = duty(DutyOverdue, BRANCH, "2018-Q2", evidence_event_ids=[])
    duty_log = [
        envelope(duty(DutyDueSoon, BRANCH, "2018-Q2"), "due-q2", date(2018, 7, 1)),
        envelope(overdue, "overdue-q2", date(2018, 7, 16)),
        envelope(duty(DutyOverdue, "br-other", "2018-Q2"), "other", date(2018, 7, 16)),
    ]
    chain = chain_duty_events(case_actions(actions, "criticism-q2"), duty_log)
    found = catalog_duty(chain)
    assert found is not None
    return Explanation(
        CASE, actions, chain, found, [], [], tally(found, status_of(chain[-1]), facts(), log_days())
    )


def test_an_event_id_or_a_case_id_finds_every_action_of_the_case() -> None:
    actions = explanation().actions
    assert case_actions(actions, "criticism-q2") == case_actions(actions, CASE) == list(actions)
    assert case_actions(actions, "nothing") == []


def test_the_chain_holds_the_cited_duty_event_and_the_item_s_other_statuses() -> None:
    assert [env.id for env in explanation().duty_events] == ["due-q2", "overdue-q2"]


def test_a_fact_recorded_after_the_deadline_leaves_the_evidence_missing() -> None:
    (only,) = explanation().tallies
    assert [env.id for env in only.found] == ["MeetingHeld-1"]
    assert only.late(only.found[0])
    assert only.missing == 1


def test_the_criticism_cites_the_policy_rung_of_its_measure() -> None:
    rung = policy_rung(action_of(explanation().actions[1]))
    assert rung is not None
    assert rung.id == "criticism"


def test_the_rendering_quotes_duty_period_clauses_and_the_missing_evidence() -> None:
    result = explanation()
    text = render(result)
    assert result.duty is not None
    assert f"案件 case {CASE}" in text
    assert f"责任事项 duty {QUARTERLY} 支部党员大会" in text
    assert "周期 period 2018-Q2 (2018-04-01 – 2018-06-30), 截止 due 2018-07-10" in text
    assert f"「{result.duty.clause.excerpt_zh}」" in text
    assert "批评" in text
    assert "MeetingHeld where kind=branch_general_meeting: need ≥1 by 2018-07-10" in text
    assert "缺 missing 1" in text
    assert "recorded late 2018-08-01 逾期补录" in text


def test_a_proposal_and_a_decision_say_why_who_and_who_decided() -> None:
    case: dict[str, Any] = {
        "organization_id": BRANCH,
        "case_id": CASE,
        "rung": Rung.ADMONISHMENT,
        "policy_version": "v1",
        "clause": "实施细则 四",
        "person_ids": ["p-1"],
    }
    proposed = AccountabilityProposed(
        **case,
        title_zh="建议",
        text_zh="整改期限已过，经认定造成严重后果，建议诫勉谈话。",
        grounds=[Ground.RECTIFICATION_MISSED, Ground.SERIOUS_CONSEQUENCE],
        measures=[Rung.ADMONISHMENT],
        proposed_to=DecidingBody.PARTY_COMMITTEE,
        decided_on=date(2018, 9, 5),
    )
    decided = AdmonishmentRequired(
        **case,
        title_zh="诫勉谈话",
        text_zh="经党委决定，诫勉谈话。",
        decision_id="dw-1",
        decided_by=DecidingBody.PARTY_COMMITTEE,
        decided_on=date(2018, 9, 20),
    )
    actions = [envelope(proposed, "proposed", date(2018, 9, 5))]
    actions.append(envelope(decided, "decided", date(2018, 9, 20)))
    text = render(Explanation(CASE, actions, [], None, [], [], []))

    assert "情形 grounds: 限期未整改、问题没有及时解决，经认定造成不良影响和严重后果" in text
    assert "(rectification_missed, serious_consequence)" in text
    assert "责任人 persons: p-1" in text
    assert "决定 decision dw-1: 党委 (party_committee) 2018-09-20" in text
    assert "理由 reasoning: 整改期限已过，经认定造成严重后果，建议诫勉谈话。" in text
