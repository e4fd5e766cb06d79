"""A waiver taken back (免除后恢复履行) leaves the case as had it never been said.

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四:
对带有普遍性的问题或特别突出的问题，要通过文件、会议等形式进行通报，对相关责任人进行约谈
(特别突出: three distinct works let pass overdue within twelve months, policy v1; the
system proposes 通报、约谈, people decide), and the rule that the same facts recorded in
another order give the same verdicts and proposals.

党委委员 ``p-2`` of ``pc-1`` lets three of his own duties (个人职责) pass, all overdue on
2019-01-01: the 2018 training (学时), the 2018 visits to his contact point (三、（八）) and
his contact point itself (确定基层联系点, due 2018-12-31). His own record shows three
distinct works: 特别突出 on each of the three cases, 通报、约谈 proposed naming p-2.

On 2018-12-31 he left the 委员 seat and was made 副书记 the same day (同日转任): he never
stopped owing the visits. Recorded in date order there is no waiver at all. Recorded
late, the leaving first and the appointment two days after it, the duties service says
the visits waived (免除, 已离任（2018-12-31）) on 01-16 and, once the appointment is
recorded, overdue again on 01-18 with the same deadline (owed as they stood). By hand,
once they are owed again the cases stand as in date order:

- the visits' overdue is back on p-2's and pc-1's records on its own day (01-01);
- the three cases cite 特别突出, raised on 01-01, and propose 通报、约谈 naming p-2 (the
  waiver had made the training's and the contact point's count fall to two: their
  grounds were dropped, and must come back as the count does);
- the department, told at the waiver (CaseResolved) that the visits' ground no longer
  held, is told the proposal stands again (问责建议继续有效), once; nothing is sent about
  the other two cases, whose dropped ground was only noted.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import AccountabilityProposed, CaseResolved
from contracts.events.enums import Ground
from services.accountability.domain.models import Case
from tests.unit.accountability.builders import Run
from tests.unit.accountability.owed_again import (
    OVERDUE_ON,
    VISITS,
    WAIVED_ON,
    in_date_order,
    recorded_late,
)

pytestmark = pytest.mark.unit


def _stands(case: Case) -> tuple[object, ...]:
    prominent = [raised.on for raised in case.raised if raised.ground is Ground.PROMINENT]
    return (case.status, case.grounds, prominent, case.proposed, case.person_ids, case.level)


def _by_duty(run: Run) -> dict[str | None, Case]:
    return {case.duty_id: case for case in run.ledger.cases.values()}


def test_the_reference_in_date_order() -> None:
    """The facts in date order: three proposals on 01-01, the records dated 01-01."""
    run = in_date_order()
    for case in _by_duty(run).values():
        assert case.grounds == [Ground.PROMINENT]
        assert case.proposed == ["notice_interview"]
    assert len(run.ledger.overdue["pc-1|p-2"]) == 3


def test_owed_again_the_cases_stand_as_in_date_order() -> None:
    reference, late = _by_duty(in_date_order()), _by_duty(recorded_late())
    assert {k: _stands(case) for k, case in late.items()} == {
        k: _stands(case) for k, case in reference.items()
    }
    assert late[VISITS].rectify_by == reference[VISITS].rectify_by


def test_owed_again_the_overdue_is_back_on_the_records_on_its_day() -> None:
    reference, late = in_date_order(), recorded_late()
    for key in ("pc-1", "pc-1|p-2"):
        assert sorted(late.ledger.overdue[key]) == sorted(reference.ledger.overdue[key])
        assert (OVERDUE_ON, VISITS) in late.ledger.overdue[key]


def test_owed_again_the_department_is_told_the_proposal_stands_again() -> None:
    run = recorded_late()
    after = [
        (type(action).__name__, action.duty_id, out.envelope.time.date(), action.text_zh)
        for out, action in zip(run.outputs, run.actions(), strict=True)
        if out.envelope.time.date() >= WAIVED_ON
    ]
    assert [(kind, duty_id, day) for kind, duty_id, day, _ in after] == [
        (CaseResolved.__name__, VISITS, date(2019, 1, 16)),
        (AccountabilityProposed.__name__, VISITS, date(2019, 1, 18)),
    ]
    assert "问责建议继续有效" in after[1][3], after[1][3]
    history = " ".join(step.what for step in _by_duty(run)[VISITS].history)
    assert "该项责任恢复履行" in history, history
    assert "特别突出的问题" in history, history
