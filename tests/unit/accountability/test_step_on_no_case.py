"""A step naming a case no case is: kept under the unit it names, not applied (未予执行).

Expected outcomes, written by hand before the change. The organization department
records its steps through the registry (seed 四: the system proposes, people decide),
which does not know the accountability service's cases: a decision, determination,
review, closure, interview record or acceptance whose case id no case has (a digit
mistyped) is accepted at intake. Before, it acted on nothing and left no trace: the
department, having recorded the committee's decision, had no sign that nothing was
taken. Nothing is lost now: the service keeps each such step under the unit it names,
with why (…所列案件（…）未见于…的问责案件，未予执行), and lists them
(``GET /v1/unapplied``); it changes nothing else.

- br-1 (secretary p-1) let its 2018-Q2 支部党员大会 pass: overdue on 07-11, criticised
  with 限期整改 to 08-10; missed, 通报、约谈 proposed on 08-11.
- 09-03 to 09-08: each of the six steps names br-1 and ``case-…0000``, a case id of the
  system's form that no case has. No measure is taken (no NoticeCirculated,
  InterviewRequired), no case is opened, br-1's case is unchanged (open, not serious,
  no note of them); br-1's list holds the six, by day, each with its event, the id it
  named and why.
- The same decision read again (a restart reads its event once more): listed once.
- A closure naming br-1's real case with br-2 as its unit is noted on the case, as
  before (不是本案责任单位): the case is held, so it is not listed, under br-2 or br-1.
- A decision under the department's own number (zzb-2018-12, a problem found outside
  the system) opens a case of its own, as before, and is not listed.
- The ledger saved and restored lists the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from contracts.events.enums import DecidingBody, InterviewKind, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseAction,
    CaseClosed,
    DecisionReviewed,
    InterviewConducted,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import find_case, list_unapplied
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import Run, envelope
from tests.unit.accountability.test_ladder_clauses import CASE, _names, _overdue_run
from tests.unit.stored import stored

pytestmark = pytest.mark.unit

NO_CASE = "case-00000000-0000-5000-8000-000000000000"
DAY = date(2018, 9, 3)


def _steps(case: str, org: str = "br-1") -> list[CaseAction]:
    """The six steps on ``case``, naming ``org``, dated :data:`DAY`."""
    about: dict[str, Any] = {"organization_id": org, "case_id": case}
    decided = {**about, "decided_by": DecidingBody.ORGANIZATION_DEPARTMENT, "meeting": "部务会"}
    return [
        AccountabilityDecided(**decided, decision_id="dw-9", decided_on=DAY,
                              measures=[Rung.NOTICE, Rung.INTERVIEW], person_ids=["p-1"]),
        SeriousConsequenceDetermined(**about, determined_on=DAY, description="造成严重后果"),
        DecisionReviewed(**about, decision_id="dw-9", outcome=ReviewOutcome.UPHELD,
                         reviewed_on=DAY, reason="复查"),
        CaseClosed(**about, closed_on=DAY, reason="已整改"),
        InterviewConducted(**about, person_id="p-1", kind=InterviewKind.INTERVIEW,
                           conducted_on=DAY),
        RectificationAccepted(**about, accepted_on=DAY),
    ]  # fmt: skip


def _slipped() -> Run:
    run = _overdue_run()
    run.until(DAY - timedelta(days=1))
    assert _names(run) == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed"]
    for n, step in enumerate(_steps(NO_CASE)):
        run.on(DAY + timedelta(days=n), envelope(step, f"slip-{n}", DAY + timedelta(days=n)))
    return run


def test_each_step_naming_no_case_is_kept_and_changes_nothing() -> None:
    run = _slipped()

    assert _names(run) == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed"]
    assert sorted(run.ledger.cases) == [CASE]
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.OPEN
    assert not case.serious
    assert not any(entry.event_id.startswith("slip-") for entry in case.history)
    kept = list_unapplied(run.ledger, "br-1")
    assert [(s.event_id, s.event_type, s.case_id, s.recorded_on) for s in kept] == [
        (f"slip-{n}", kind, NO_CASE, DAY + timedelta(days=n))
        for n, kind in enumerate([
            "AccountabilityDecided", "SeriousConsequenceDetermined", "DecisionReviewed",
            "CaseClosed", "InterviewConducted", "RectificationAccepted",
        ])
    ]  # fmt: skip
    assert kept[0].reason_zh == f"决定所列案件（{NO_CASE}）未见于br-1的问责案件，未予执行"
    assert [s.reason_zh.split("所列")[0] for s in kept] == [
        "决定", "严重后果认定", "复查结论", "结案", "约谈记录", "整改验收"
    ]  # fmt: skip
    assert list_unapplied(run.ledger, "br-2") == []


def test_a_step_read_again_is_kept_once() -> None:
    run = _slipped()
    again = envelope(_steps(NO_CASE)[0], "slip-0", DAY)
    run.on(DAY + timedelta(days=7), again)

    assert [s.event_id for s in list_unapplied(run.ledger)].count("slip-0") == 1
    assert _names(run) == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed"]


def test_a_held_case_named_with_another_unit_is_noted_on_it_not_listed() -> None:
    run = _overdue_run()
    closure = _steps(CASE, org="br-2")[3]
    run.on(DAY, envelope(closure, "closed-br-2", DAY))

    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.OPEN
    assert "不是本案责任单位" in case.history[-1].what
    assert list_unapplied(run.ledger) == []


def test_a_decision_under_the_department_s_own_number_opens_its_case() -> None:
    run = _overdue_run()
    decided = _steps("zzb-2018-12")[0]
    run.on(DAY, envelope(decided, "decided-zzb", DAY))

    assert find_case(run.ledger, "zzb-2018-12") is not None
    assert _names(run)[-2:] == ["NoticeCirculated", "InterviewRequired"]
    assert list_unapplied(run.ledger) == []


def test_the_restored_ledger_lists_the_same() -> None:
    run = _slipped()
    saved = stored(run.ledger.take_changes())
    assert len(saved["unapplied:br-1"]) == 6
    restored = Ledger.restore(1, saved)

    assert list_unapplied(restored) == list_unapplied(run.ledger)
