"""The 述职's own day, and whose 述职 it is.

Expected outcomes written by hand from the seed and the catalog before running.
三、（八）: 各基层党组织书记要切实履行所在单位、部门第一责任人的职责，每年向学校党委书面述职
并接受评议 (``unit.secretary_work_report.yearly``: ``WorkReportSubmitted`` placed in the
year it reports on, ``year``; 报送日期 ``submitted_on``). For 2018: due 2019-01-31 (the
year's end plus 31 days' grace), reminded on 2019-01-01. 问题清单第31题 (开展下级党组织书记
述职评议考核工作，并对党组织书记履职情况作出总体评价): the parent evaluates
(``parent.branch_work_report_evaluation.yearly``, ``WorkReportEvaluated``, 评议日期
``evaluated_on``), due 2019-02-28, reminded on 2019-01-29. ``a_branch()``: br-1 under
gb-1 (secretary p-g1); ``p-1`` (A) is br-1's secretary from 2018-01-01.

1. The report's own day decides whether it was given in time, and is the day the duty
   was done (履行日期), as a meeting's ``held_on`` is (matching.performed_on; the day field
   the registry checks, ``FACT_DATE``: ``submitted_on``, ``evaluated_on``):
   (a) A reports on 2019-01-20, recorded on 02-10 (补录), after the tick found it overdue
       (02-01). As for a meeting held in time and recorded after the grace (the grace is
       the tolerated recording delay: tests/unit/accountability/test_late_record_clauses,
       test_cadence_clauses), the overdue stays and the record fulfils it late; but it
       was done on 01-20: ``fulfilled_on`` 2019-01-20, and the case ends "已于2019年1月20日
       履行到位" (not the day of recording, 02-10).
   (b) gb-1 evaluates A's report (given 01-20) on 02-20, recorded on 03-05 after the
       evaluation's overdue (03-01): fulfilled late, ``fulfilled_on`` 2019-02-20.
   (c) br-1 is recorded late (补录 on 2019-02-15, established 2018-01-01, A its secretary
       since then): its 2018 述职 is opened on 02-15 with its grace from then (due 03-18,
       ``deadlines``), and A reports on 03-01. The rule's deadline (01-31) had passed:
       "Whether it was done in time is still judged by the rule's own deadline"
       (obligations.deadlines), as a talk held after its month is late. Fulfilled late,
       on 03-01, and never overdue.
2. Each holder answers for his own 述职. B (p-2) is appointed secretary on 2018-12-01, by
   the reminder day, so he owes 2018 too (任职 in time: obligations.appointed_in_time).
   (a) A is still registered (no leaving). Neither reports by 01-31: both overdue on
       02-01. B reports on 02-10: B's is fulfilled late; A's overdue stays A's (B's report
       is no account of A's year: the right party answers). A leaves on 02-20, after the
       deadline: missed in office, it stays (structure._left_office).
   (b) As (a), but A had left on 2018-11-30, recorded only on 2019-02-20 (补录). B's
       report on 02-10 still releases nothing of A; the leaving, recorded on 02-20, waives
       A's 述职 (left before it fell due: 已离任（2018-11-30）), judged by its day.
   (c) Guard, the decided rule of test_report_of_the_year (3): the earlier holder's report
       answers the year for the office, and B, who owes it only in A's place, is released.
       A (leaving on 11-30 recorded late, as in b) reports on 01-10: A's fulfilled, B's
       released that day (本期已由p-1履行), before being found overdue.
   (d) The same the other way round in the log: A leaves on 2018-04-30; B is appointed on
       06-01 and reports on 2019-01-10 (fulfilled); C (p-3)'s appointment of 2018-05-01,
       before B's, is recorded only on 2019-01-15 (补录). B's report answers nothing of
       C's year: C owes his own 2018 述职, which the log could show only from 01-15, so
       with its grace from then (obligations.deadlines: due 02-15, reminded 01-16);
       not given, overdue on 02-16.
3. The parent's evaluation of a former secretary's 述职. A leaves on 2019-02-05, after his
   report fell due (overdue 02-01, his) and before the evaluation does (02-28): the
   evaluation is waived that day (structure._left_office: "those owed about them (the
   parent's evaluation of a 述职 no longer due)"). A reports late, on 02-10.
   The evaluation is of 党组织书记 (问题清单第31题: 对党组织书记履职情况作出总体评价), owed
   about the secretary's office (``scope: office``); A no longer holds it. gb-1 is not
   found overdue on 03-01 for not evaluating a former secretary (no flag against p-g1);
   if it evaluates A anyway on 02-20, that is recorded, in time (its day by 02-28).
   A waiver raises no flag against anyone: not a wrong verdict. Kept as a guard.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import CaseResolved
from tests.unit.duties.builders import appointed, of_type
from tests.unit.duties.work_reports import (
    EVALUATION,
    REPORT,
    A,
    B,
    C,
    case_actions,
    evaluation,
    fulfilled_on,
    leaves,
    outputs,
    recorded_late,
    report,
    statuses,
    takes,
)

pytestmark = pytest.mark.unit


# ── 1. the report's own day ─────────────────────────────────────────────────────────


def test_1a_a_report_given_in_time_and_recorded_late_was_done_on_its_day() -> None:
    found = outputs((date(2019, 2, 10), report(A, date(2019, 1, 20))))

    assert statuses(found, REPORT) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
        ("DutyFulfilledLate", A, date(2019, 2, 10)),
    ]
    assert fulfilled_on(found, REPORT) == [date(2019, 1, 20)]
    actions = case_actions(found)
    [resolved] = [a for a in actions if isinstance(a, CaseResolved) and a.duty_id == REPORT]
    assert resolved.reason == "已于2019年1月20日履行到位"


def test_1b_an_evaluation_recorded_late_was_done_on_its_day() -> None:
    found = outputs(
        (date(2019, 1, 20), report(A, date(2019, 1, 20))),
        (date(2019, 3, 5), evaluation(A, date(2019, 2, 20))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyOverdue", A, date(2019, 3, 1)),
        ("DutyFulfilledLate", A, date(2019, 3, 5)),
    ]
    assert fulfilled_on(found, EVALUATION) == [date(2019, 2, 20)]


def test_1c_a_report_given_after_the_rule_s_deadline_is_late_in_a_year_opened_late() -> None:
    history, after = recorded_late(date(2019, 2, 15)), date(2019, 2, 16)
    found = outputs((date(2019, 3, 1), report(A, date(2019, 3, 1))), history=history, first=after)

    assert [s for s in statuses(found, REPORT) if s[0] != "DutyDueSoon"] == [
        ("DutyFulfilledLate", A, date(2019, 3, 1)),
    ]
    assert fulfilled_on(found, REPORT) == [date(2019, 3, 1)]


# ── 2. each holder answers for his own 述职 ─────────────────────────────────────────


def test_2a_a_later_holder_s_report_does_not_answer_for_the_earlier_holder() -> None:
    found = outputs(
        takes(B, date(2018, 12, 1)),
        (date(2019, 2, 10), report(B, date(2019, 2, 10))),
        leaves(A, date(2019, 2, 20)),
    )

    assert statuses(found, REPORT, A) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
    ]
    assert statuses(found, REPORT, B) == [
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyOverdue", B, date(2019, 2, 1)),
        ("DutyFulfilledLate", B, date(2019, 2, 10)),
    ]


def test_2b_a_leaving_recorded_late_waives_the_leaver_s_own_not_the_other_s_report() -> None:
    found = outputs(
        takes(B, date(2018, 12, 1)),
        (date(2019, 2, 10), report(B, date(2019, 2, 10))),
        leaves(A, date(2018, 11, 30), recorded=date(2019, 2, 20)),
    )

    assert statuses(found, REPORT, A) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
        ("DutyWaived", A, date(2019, 2, 20)),
    ]
    [waived] = of_type(found, "DutyWaived", duty_id=REPORT, person_id=A, period="2018")
    assert waived.data.reason == "已离任（2018-11-30）"


def test_2c_the_earlier_holder_s_report_releases_the_later_one() -> None:
    found = outputs(
        takes(B, date(2018, 12, 1)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
        leaves(A, date(2018, 11, 30), recorded=date(2019, 2, 20)),
    )

    assert statuses(found, REPORT, A) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyFulfilled", A, date(2019, 1, 10)),
    ]
    assert statuses(found, REPORT, B) == [
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyWaived", B, date(2019, 1, 10)),
    ]
    [released] = of_type(found, "DutyWaived", duty_id=REPORT, person_id=B, period="2018")
    assert released.data.reason == "本期已由p-1履行"


def test_2d_a_later_holder_s_report_does_not_answer_for_an_earlier_one_recorded_late() -> None:
    found = outputs(
        leaves(A, date(2018, 4, 30)),
        takes(B, date(2018, 6, 1)),
        (date(2019, 1, 10), report(B, date(2019, 1, 10))),
        (date(2019, 1, 15), appointed("br-1", C, "secretary", date(2018, 5, 1))),
    )

    assert statuses(found, REPORT, B) == [
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyFulfilled", B, date(2019, 1, 10)),
    ]
    assert statuses(found, REPORT, C) == [
        ("DutyDueSoon", C, date(2019, 1, 16)),
        ("DutyOverdue", C, date(2019, 2, 16)),
    ]


# ── 3. the evaluation of a former secretary's 述职 ───────────────────────────────────


def test_3_a_former_secretary_s_late_report_owes_the_parent_no_evaluation() -> None:
    found = outputs(
        leaves(A, date(2019, 2, 5)),
        (date(2019, 2, 10), report(A, date(2019, 2, 10))),
    )

    assert statuses(found, REPORT) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
        ("DutyFulfilledLate", A, date(2019, 2, 10)),
    ]
    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyWaived", A, date(2019, 2, 5)),
    ]


def test_3_the_parent_may_still_evaluate_a_former_secretary_s_report() -> None:
    found = outputs(
        leaves(A, date(2019, 2, 5)),
        (date(2019, 2, 10), report(A, date(2019, 2, 10))),
        (date(2019, 2, 20), evaluation(A, date(2019, 2, 20))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyWaived", A, date(2019, 2, 5)),
        ("DutyFulfilled", A, date(2019, 2, 20)),
    ]
    assert fulfilled_on(found, EVALUATION) == [date(2019, 2, 20)]
