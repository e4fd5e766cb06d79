"""The parent's 述职评议 is of the report given for the year, naming its reporter.

Expected outcomes written by hand from the seed and the catalog before running.
三、（八）: 各基层党组织书记…每年向学校党委书面述职并接受评议; 问题清单第31题: 开展下级党组织
书记述职评议考核工作 (``parent.branch_work_report_evaluation.yearly``, evidence
``WorkReportEvaluated``, charged to the parent gb-1, secretary p-g1). For 2018 the 述职
(``unit.secretary_work_report.yearly``) is due 2019-01-31, reminded on 01-01; its
evaluation due 2019-02-28, reminded on 01-29. ``p-1`` (A) is br-1's secretary from
2018-01-01; ``p-2`` (B) succeeds him.

A leaves on 2018-11-15, before the year's reminder day: his 述职 and its evaluation are
waived that day (已离任). B, appointed on 11-20, owes the year in his place, and the parent
owes the evaluation of B's report (test_report_of_the_year 2). A reports for 2018 himself
after leaving: the year's account is given by the holder of that year, and B, who owed it
only in A's place, is released (本期已由p-1履行, test_report_of_the_year 3).

The report the parent is to evaluate is then A's: 述职并接受评议, the one who reported is
evaluated. B gave no report; the evaluation owed about him is released with his report
(本期述职已由p-1作出), and the one about A (waived when he left, as no report of his was
then due) is owed again as it stood: due 02-28, reminded when its reminder day comes (or
on the next day's tick if it has passed). The parent that never evaluates is found overdue
for A's evaluation: the case names A as the one whose report was not evaluated, and is
charged to gb-1 and its secretary p-g1, who owed it (the right party answers); B is named
by no status of the evaluation after his release.

1. A reports on 2019-01-10, before the evaluation's reminder day: B's evaluation, never
   reminded, is released silently. A's is reminded on 01-29 and found overdue on 03-01.
2. A reports late, on 2019-02-10 (B found overdue on 02-01 for the report): B's
   evaluation, reminded on 01-29, is released with ``DutyWaived`` (本期述职已由p-1作出);
   A's is reminded on the next tick (02-11) and found overdue on 03-01.
3. As 1, but A's leaving is recorded only on 2019-02-20 (补录): the day decides, not the
   order of recording. A's evaluation, still owed when he reports, is B's no more (B's,
   never reminded, is released silently); the leaving, recorded later, does not waive it,
   as the report it is of was given: reminded on 01-29, overdue on 03-01, as in 1.
4. As 1, but gb-1 records its evaluation of br-1's 2018 述职 naming B, the secretary in
   office (02-20; the registry accepts it, B held the office in 2018): it is the parent's
   evaluation of the office's year, of the one report given, and fulfils the evaluation
   owed (A's), in time. Found overdue for an evaluation it made, gb-1 would be criticised
   wrongly (a wrong verdict against p-g1, the worst defect).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events.accountability import AccountabilityAction
from tests.unit.duties.builders import of_type
from tests.unit.duties.work_reports import (
    EVALUATION,
    REPORT,
    A,
    B,
    case_actions,
    evaluation,
    leaves,
    outputs,
    report,
    statuses,
    takes,
)

pytestmark = pytest.mark.unit


def measures(found: list[Envelope]) -> list[AccountabilityAction]:
    """The accountability actions about br-1's 2018 evaluation, from the duties outputs."""
    return [
        action
        for action in case_actions(found)
        if isinstance(action, AccountabilityAction)
        and (action.duty_id, action.period) == (EVALUATION, "2018")
    ]


def test_1_the_evaluation_owed_is_of_the_predecessor_s_report() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyOverdue", A, date(2019, 3, 1)),
    ]
    [overdue] = of_type(found, "DutyOverdue", duty_id=EVALUATION, period="2018")
    charged = (overdue.data.charged_organization_id, overdue.data.charged_person_ids)
    assert charged == ("gb-1", ["p-g1"])
    taken = measures(found)
    assert taken
    for action in taken:
        assert (action.organization_id, action.person_ids) == ("gb-1", ["p-g1"])
        assert action.person_id in (None, "p-g1")
        assert B not in action.text_zh


def test_2_a_report_given_after_the_reminder_releases_the_successor_s_evaluation() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 2, 10), report(A, date(2019, 2, 10))),
    )

    assert statuses(found, REPORT, B) == [
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyOverdue", B, date(2019, 2, 1)),
        ("DutyWaived", B, date(2019, 2, 10)),
    ]
    assert statuses(found, EVALUATION) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", B, date(2019, 1, 29)),
        ("DutyWaived", B, date(2019, 2, 10)),
        ("DutyDueSoon", A, date(2019, 2, 11)),
        ("DutyOverdue", A, date(2019, 3, 1)),
    ]
    [released] = of_type(found, "DutyWaived", duty_id=EVALUATION, person_id=B, period="2018")
    assert released.data.reason == "本期述职已由p-1作出"


def test_3_a_leaving_recorded_late_leaves_the_evaluation_of_the_report_given() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15), recorded=date(2019, 2, 20)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyOverdue", A, date(2019, 3, 1)),
    ]


def test_4_an_evaluation_naming_the_successor_is_the_evaluation_of_the_year() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
        (date(2019, 2, 20), evaluation(B, date(2019, 2, 20))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyFulfilled", A, date(2019, 2, 20)),
    ]
    assert {type(action).__name__ for action in measures(found)} <= {
        "ReminderIssued",
        "CaseResolved",
    }
