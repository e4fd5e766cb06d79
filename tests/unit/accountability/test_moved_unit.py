"""A unit moved under another parent (隶属关系调整), from the facts to the measures.

Expected outcomes, written from the seed and the catalog before running. br-1, a branch
of gb-1 since 2018, has its secretary ``p-br``; its 2018 述职评议 (三、（八）, the duty
``parent.branch_work_report_evaluation.yearly``) is owed by its parent, whose secretary
answers (due 2019-02-28: the year's end and 59 days; reminded 30 days before). The
units record nothing else, so by 2019-03-01 each general branch has let more than three
distinct duties pass within twelve months: the overdue evaluation is also proposed for
通报、约谈 as 特别突出 (四), to the department, on the same day as the criticism.

- Moved on 2019-03-10, after the deadline: gb-1 was reminded (01-29), criticised
  (03-01, 四: 提出批评，限期整改 to 03-31) and proposed (特别突出) for the evaluation it
  let pass, naming its secretary ``p-g1``. The evaluation recorded on 03-20 fulfils the
  duty late, now charged to gb-2; it ends gb-1's case that day (整改到位). Nothing is
  proposed against gb-1 when 03-31 passes (限期未整改), and gb-2, which owed nothing
  overdue, gets no measure.
- Moved on 2019-02-10, between the reminder and the deadline: the overdue of 03-01 is
  gb-2's (criticism and proposal naming ``p-g2``); gb-1's reminder case ends when the duty passes to
  gb-2 (转由gb-2承担), and the late evaluation ends gb-2's case.
"""

from __future__ import annotations

from datetime import date

from contracts.events import activities, structure
from tests.unit.accountability.builders import from_the_facts
from tests.unit.duties.builders import History, make

EVALUATION = "parent.branch_work_report_evaluation.yearly"


def _measures(moved_on: date) -> list[tuple[str, str, list[str], date]]:
    """(action, unit charged, persons named, day) of every measure about br-1's 2018 evaluation."""
    history = History()
    on = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-cmt", on)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", on)
    history.unit("gb-2", "general_branch", "cmt", "p-g2", on)
    history.unit("br-1", "branch", "gb-1", "p-br", on, category="faculty")
    moved = make(
        structure.OrganizationReparented,
        organization_id="br-1",
        parent_id="gb-2",
        reparented_on=moved_on,
    )
    evaluated = make(
        activities.WorkReportEvaluated,
        organization_id="br-1",
        person_id="p-br",
        year=2018,
        grade="good",
        evaluated_on=date(2019, 3, 20),
    )
    decided = from_the_facts(history, on, [(moved_on, moved), (evaluated.evaluated_on, evaluated)],
                             date(2019, 4, 30))  # fmt: skip
    return [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.data.person_ids, e.time.date())  # type: ignore[attr-defined]
        for e in decided
        if getattr(e.data, "duty_id", None) == EVALUATION
        and getattr(e.data, "period", "") == "2018"
    ]


def test_moved_after_the_deadline_the_late_evaluation_ends_the_former_parent_s_case() -> None:
    assert _measures(date(2019, 3, 10)) == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2019, 1, 29)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2019, 3, 1)),
        ("AccountabilityProposed", "gb-1", ["p-g1"], date(2019, 3, 1)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2019, 3, 20)),
    ]


def test_moved_before_the_deadline_the_new_parent_answers_for_the_overdue() -> None:
    assert _measures(date(2019, 2, 10)) == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2019, 1, 29)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2019, 3, 1)),
        ("CriticismIssued", "gb-2", ["p-g2"], date(2019, 3, 1)),
        ("AccountabilityProposed", "gb-2", ["p-g2"], date(2019, 3, 1)),
        ("CaseResolved", "gb-2", ["p-g2"], date(2019, 3, 20)),
    ]
