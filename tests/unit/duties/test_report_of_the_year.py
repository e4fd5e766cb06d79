"""The year's 述职 is the account of the office's year by whoever held the office then.

Expected outcomes, written by hand from the seed and the catalog before running.
三、（八）: 各基层党组织书记要切实履行所在单位、部门第一责任人的职责，每年向学校党委书面述职
并接受评议 (``unit.secretary_work_report.yearly``, evidence ``WorkReportSubmitted`` dated by
its ``year``): for 2018, due 2019-01-31 (the year's end plus 31 days' grace), reminded on
2019-01-01 (30 days before). 四 / 问题清单第31题: the parent organizes the 述职评议
(``parent.branch_work_report_evaluation.yearly``, ``WorkReportEvaluated``, charged to the
parent): due 2019-02-28 (59 days' grace), reminded on 2019-01-29. br-1's parent is gb-1
(secretary p-g1). ``p-1`` (A) is br-1's secretary from 2018-01-01; ``p-2`` (B) succeeds.

1. A leaves without reporting.
   (a) on 2019-01-10, before the 2018 述职 falls due (01-31): reminded on 01-01, waived
       when he leaves (已离任); the parent's evaluation of it (not yet reminded) too. B,
       appointed on 01-20, after the year and its reminder day, owes nothing of 2018; B's
       report for 2018 (02-10) and gb-1's evaluation of it (02-20) credit nothing.
   (b) on 2019-02-05, after it fell due: overdue on 02-01, A's (missed in office). B,
       appointed on 01-20 (beside A) or on 02-06 (after him), reports for 2018 on 02-10:
       no status of 2018 names B, and A's overdue stays (not waived). Only A's own report
       answers it: given after leaving (03-01), fulfilled late (逾期补履行). The evaluation
       of A's report: reminded to gb-1 on 01-29, waived when A leaves (02-05).
2. A leaves on 2018-11-15, before the year's reminder day (2019-01-01): his 2018 述职 and
   its evaluation are waived that day, unreminded. B, appointed on 11-20 (by the reminder
   day), owes the year in his place: reminded 01-01, reports 01-15, fulfilled; gb-1 is
   reminded of B's evaluation on 01-29 and evaluates on 02-20, fulfilled.
3. As in 2, but A himself reports for 2018 after leaving: the year's account is given by
   the holder of that year, so A's waived instance is fulfilled and B, who owed it only in
   A's place, is released (免除, 本期已由p-1履行):
   (a) recorded on 2019-01-10, before the deadline: B is released before being found
       overdue. The evaluation is of the report given (述职并接受评议): B's, not yet
       reminded, is released with his report, and A's is owed again as it stood
       (test_evaluation_of_the_report_given): gb-1 is reminded of it on 01-29, and its
       evaluation of A's report (02-20) fulfils it.
   (b) submitted on 01-10 but recorded on 02-10 (补录), after B was found overdue (02-01):
       B is released then, his overdue waived.

Decided (1a, 1b): the 述职 is the secretary's own account of how they carried out the
first responsibility that year (围绕履行第一责任人职责…述职并接受评议): a successor appointed
after the year's reminder day did not hold the office in the year and owes none of it
(as :func:`appointed_in_time` rules for their appointment), so their report for it is no
account of the office's year by its holder: it opens and credits nothing, and releases
no one. A predecessor's overdue was missed in office; it stays theirs, and only their own
report, however late, fulfils it (late). The right party answers: B is never named for
A's year, and A's failure is neither waived nor turned into a fulfilment on B's report.

Decided (3): a successor appointed by the reminder day owes the year only in place of a
predecessor who left without giving it; the predecessor's own report for the year, given
after leaving, is that year's account and releases the successor, even when recorded after
the successor was found overdue: as with a departure recorded late, what the log found
meanwhile is withdrawn (免除). The release is the same for a report given in time and
recorded late as for one given late; whether it was given in time is decided by its own
day (``submitted_on``: tests/unit/duties/test_report_day_and_reporter.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.duties.builders import of_type
from tests.unit.duties.work_reports import (
    EVALUATION,
    REPORT,
    A,
    B,
    evaluation,
    leaves,
    outputs,
    report,
    statuses,
    takes,
)

pytestmark = pytest.mark.unit


def test_1a_due_after_leaving_is_waived_and_a_late_appointee_owes_nothing() -> None:
    found = outputs(
        leaves(A, date(2019, 1, 10)),
        takes(B, date(2019, 1, 20)),
        (date(2019, 2, 10), report(B, date(2019, 2, 10))),
        (date(2019, 2, 20), evaluation(B, date(2019, 2, 20))),
    )

    assert statuses(found, REPORT) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyWaived", A, date(2019, 1, 10)),
    ]
    assert statuses(found, EVALUATION) == [("DutyWaived", A, date(2019, 1, 10))]


@pytest.mark.parametrize("appointed_on", [date(2019, 1, 20), date(2019, 2, 6)])
def test_1b_a_report_missed_in_office_is_not_answered_by_the_successor(
    appointed_on: date,
) -> None:
    found = outputs(
        takes(B, appointed_on),
        leaves(A, date(2019, 2, 5)),
        (date(2019, 2, 10), report(B, date(2019, 2, 10))),
    )

    assert statuses(found, REPORT) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
    ]
    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyWaived", A, date(2019, 2, 5)),
    ]


def test_1b_only_the_holder_s_own_report_answers_their_overdue() -> None:
    found = outputs(
        leaves(A, date(2019, 2, 5)),
        takes(B, date(2019, 2, 6)),
        (date(2019, 2, 10), report(B, date(2019, 2, 10))),
        (date(2019, 3, 1), report(A, date(2019, 3, 1))),
    )

    assert statuses(found, REPORT) == [
        ("DutyDueSoon", A, date(2019, 1, 1)),
        ("DutyOverdue", A, date(2019, 2, 1)),
        ("DutyFulfilledLate", A, date(2019, 3, 1)),
    ]


def test_2_leaving_before_the_reminder_day_hands_the_year_to_the_successor() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 15), report(B, date(2019, 1, 15))),
        (date(2019, 2, 20), evaluation(B, date(2019, 2, 20))),
    )

    assert statuses(found, REPORT) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyFulfilled", B, date(2019, 1, 15)),
    ]
    assert statuses(found, EVALUATION) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", B, date(2019, 1, 29)),
        ("DutyFulfilled", B, date(2019, 2, 20)),
    ]
    [evaluated] = of_type(found, "DutyFulfilled", duty_id=EVALUATION)
    assert (evaluated.data.charged_organization_id, evaluated.data.charged_person_ids) == (
        "gb-1",
        ["p-g1"],
    )


def test_3a_the_predecessor_s_report_after_leaving_releases_the_successor() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
        (date(2019, 2, 20), evaluation(A, date(2019, 2, 20))),
    )

    assert statuses(found, REPORT) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyFulfilled", A, date(2019, 1, 10)),
        ("DutyWaived", B, date(2019, 1, 10)),
    ]
    assert statuses(found, EVALUATION) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyFulfilled", A, date(2019, 2, 20)),
    ]
    released = [o.data.reason for o in of_type(found, "DutyWaived", person_id=B, period="2018")]
    assert released == ["本期已由p-1履行"]


def test_3b_the_predecessor_s_report_recorded_late_releases_the_overdue_successor() -> None:
    found = outputs(
        leaves(A, date(2018, 11, 15)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 2, 10), report(A, date(2019, 1, 10))),
    )

    assert statuses(found, REPORT) == [
        ("DutyWaived", A, date(2018, 11, 15)),
        ("DutyDueSoon", B, date(2019, 1, 1)),
        ("DutyOverdue", B, date(2019, 2, 1)),
        ("DutyFulfilled", A, date(2019, 2, 10)),
        ("DutyWaived", B, date(2019, 2, 10)),
    ]
