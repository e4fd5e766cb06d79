"""What a case is, and who answers for it (seed 四; 问责条例 第三条 分清责任).

Expected outcomes, written from the rules before running:
- Member duties (党费, 组织关系转接, 失联) never enter an organization's ladder: one
  member's missed month of dues makes no case and no measure for the branch.
- The yearly self-check is one obligation per unit and year: its missed
  questions make one case and one criticism, not one per question.
- A duty charged to the parent (the committee's secretary exchange with a
  general-branch secretary) makes a case of the committee, naming the
  committee's office holder, never the general branch or its secretary.
- A duty charged to the owner's office (the committee secretary's exchange with a
  department head) never names the head talked with, even with the secretary vacant.
- An office with two holders (two 委员) names both.
- The award year is the year the duty's period belongs to.
- An office holder's own duty (个人职责) is that holder's case: of two 党委委员 owing
  their 2018 visits (三、（八）), the one who visited is reminded and released, the
  one who did not is reminded and then criticised (四: 提出批评，限期整改, 30 days),
  alone.
- The persons named are those who owed the duty when it fell due or overdue: a
  branch secretary replaced between the reminder and the deadline is reminded;
  the new secretary, in office at the deadline, is criticised.
- A secretary's own duty waived when they left office (免除) does not close the
  successor's: the successor's overdue training is criticised.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events.accountability import CriticismIssued
from contracts.events.duties import (
    DutyDueSoon,
    DutyFulfilled,
    DutyFulfilledLate,
    DutyOverdue,
    DutyStatus,
    DutyWaived,
)
from contracts.events.enums import Office
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.models import award_year
from tests.unit.accountability.builders import Run, duty, envelope, tick


def _names(run: Run) -> list[str]:
    return [name for name, _ in run.types()]


def test_a_member_s_missed_month_makes_no_organization_case() -> None:
    run = Run()
    run.send(tick(date(2018, 2, 10)))
    dues = duty(DutyOverdue, "br-1", "2018-01", "member.dues.monthly", member_id="m-1")
    run.send(envelope(dues, "over-dues-m-1", date(2018, 2, 11)))
    run.until(date(2018, 12, 31))

    assert run.outputs == []
    assert run.ledger.cases == {}


def test_the_self_check_is_one_case_per_unit_and_year() -> None:
    run = Run()
    run.send(tick(date(2019, 1, 31)))
    for question in range(1, 25):
        missed = duty(
            DutyOverdue,
            "gb-1",
            "2018",
            f"self_check.q{question:02d}",
            period_start=date(2018, 1, 1),
            period_end=date(2018, 12, 31),
            due_on=date(2019, 1, 31),
        )
        run.send(envelope(missed, f"over-q{question}", date(2019, 2, 1)))
    run.until(date(2019, 2, 1))

    assert _names(run) == ["CriticismIssued"]
    (case,) = run.ledger.cases.values()
    assert case.duty_id == "self_check"
    assert len(case.outstanding) == 24
    assert "年度自查" in case.subject_zh


def test_a_duty_charged_to_the_committee_charges_the_committee_s_office_holder() -> None:
    run = Run()
    run.send(tick(date(2018, 2, 10)))
    head = OfficeHolderAppointed(
        organization_id="pc-1",
        person_id="p-head",
        person_name="赵部长",
        office=Office.ORGANIZATION_DEPARTMENT_HEAD,
        appointed_on=date(2017, 1, 1),
    )
    run.send(envelope(head, "appoint-head", date(2018, 2, 10)))
    exchange = duty(
        DutyOverdue,
        "gb-1",
        "2017-S1",
        "committee.secretary_exchange.semester",
        period_start=date(2017, 9, 1),
        period_end=date(2018, 1, 31),
        due_on=date(2018, 2, 10),
        office=Office.SECRETARY,
        person_id="p-gb-secretary",  # the counterpart, whom the duty is about
        charged_organization_id="pc-1",
        charged_person_ids=["p-head"],
    )
    run.send(envelope(exchange, "over-exchange", date(2018, 2, 11)))
    run.until(date(2018, 2, 11))

    (criticism,) = run.actions()
    assert criticism.organization_id == "pc-1"
    assert criticism.person_ids == ["p-head"]
    assert "p-gb-secretary" not in criticism.text_zh
    assert "赵部长" in criticism.text_zh
    assert "涉及gb-1" in criticism.text_zh
    (case,) = run.ledger.cases.values()
    assert case.subject_organization_id == "gb-1"
    assert case.year == 2017  # September–January counts for the year of its middle


def test_the_head_talked_with_never_answers_for_the_exchange() -> None:
    run = Run()
    run.send(tick(date(2018, 9, 15)))
    spring = {"period_start": date(2018, 2, 1), "period_end": date(2018, 8, 31)}
    heads = "committee.department_head_exchange.semester"
    # the head is the counterpart; the committee's secretary is vacant
    exchange = duty(DutyOverdue, "pc-1", "2017-S2", heads, due_on=date(2018, 9, 15),
                    office=Office.PARTY_DEPARTMENT_HEAD, person_id="p-head", **spring)  # fmt: skip
    run.send(envelope(exchange, "over-heads", date(2018, 9, 16)))
    run.until(date(2018, 9, 16))

    (criticism,) = run.actions()
    assert criticism.organization_id == "pc-1"
    assert criticism.person_ids == []


def test_two_committee_members_are_both_named() -> None:
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    for person_id, name in [("p-1", "王丽"), ("p-2", "李强")]:
        appointed = OfficeHolderAppointed(
            organization_id="br-1",
            person_id=person_id,
            person_name=name,
            office=Office.COMMITTEE_MEMBER,
            appointed_on=date(2017, 9, 1),
        )
        run.send(envelope(appointed, f"appoint-{person_id}", date(2018, 5, 1)))
    missed = duty(
        DutyOverdue,
        "br-1",
        "2018-04",
        "branch.theme_party_day.monthly",
        charged_person_ids=["p-1", "p-2"],
    )
    run.send(envelope(missed, "over-1", date(2018, 5, 11)))
    run.until(date(2018, 5, 11))

    (criticism,) = run.actions()
    assert criticism.person_ids == ["p-1", "p-2"]
    assert "王丽（p-1）、李强（p-2）" in criticism.text_zh


def test_award_year_of_each_kind_of_period() -> None:
    def year(period: str, start: date, end: date) -> int:
        return award_year(period, start, end)

    assert year("2018-12", date(2018, 12, 1), date(2018, 12, 31)) == 2018
    assert year("2018-Q4", date(2018, 10, 1), date(2018, 12, 31)) == 2018
    assert year("2018", date(2018, 1, 1), date(2018, 12, 31)) == 2018
    assert year("2018-S1", date(2018, 9, 1), date(2019, 1, 31)) == 2018
    assert year("2018-S2", date(2019, 2, 1), date(2019, 8, 31)) == 2019
    assert year("term:2021-06-30", date(2018, 7, 1), date(2021, 6, 30)) == 2021
    assert year("within:ev-1", date(2018, 12, 20), date(2019, 1, 19)) == 2018


def _own(kind: type[DutyStatus], duty_id: str, office: Office, person: str, **extra: Any) -> Any:
    """A status of ``person``'s own 2018 duty (个人职责) as the duties service names it."""
    year = {
        "period_start": date(2018, 1, 1),
        "period_end": date(2018, 12, 31),
        "due_on": date(2018, 12, 31),
    }
    return duty(kind, "pc-1", "2018", duty_id, office=office, person_id=person,
                charged_person_ids=[person], **year, **extra)  # fmt: skip


def _who(run: Run) -> list[tuple[str, list[str]]]:
    return [(type(a).__name__, a.person_ids) for a in run.actions()]


def test_each_committee_member_answers_for_their_own_visits() -> None:
    visits, member = "committee_member.contact_point.visits", Office.COMMITTEE_MEMBER
    run = Run()
    run.send(tick(date(2018, 12, 1)))
    for person in ("p-1", "p-2"):
        run.send(envelope(_own(DutyDueSoon, visits, member, person), f"soon-{person}",
                          date(2018, 12, 1)))  # fmt: skip
    visited = _own(DutyFulfilled, visits, member, "p-1", fulfilled_on=date(2018, 12, 10),
                   evidence_event_ids=["visit-p-1"])  # fmt: skip
    run.on(date(2018, 12, 10), envelope(visited, "done-p-1", date(2018, 12, 10)))
    run.on(date(2019, 1, 1), envelope(_own(DutyOverdue, visits, member, "p-2"), "over-p-2",
                                      date(2019, 1, 1)))  # fmt: skip

    assert _who(run) == [
        ("ReminderIssued", ["p-1"]),
        ("ReminderIssued", ["p-2"]),
        ("CaseResolved", ["p-1"]),
        ("CriticismIssued", ["p-2"]),
    ]
    criticism = run.actions()[-1]
    assert isinstance(criticism, CriticismIssued)
    assert "p-1" not in criticism.text_zh
    assert criticism.rectify_by == date(2019, 1, 31)  # overdue on 2019-01-01, 30 days


def test_the_secretary_in_office_at_the_deadline_answers_for_it() -> None:
    run = Run()
    run.send(tick(date(2018, 5, 5)))
    monthly = "branch.theme_party_day.monthly"
    soon = duty(DutyDueSoon, "br-1", "2018-04", monthly, charged_person_ids=["p-old"])
    run.send(envelope(soon, "soon", date(2018, 5, 5)))
    # p-old left office on 05-07 and p-new took it on 05-08, before the deadline (05-10)
    late = duty(DutyOverdue, "br-1", "2018-04", monthly, charged_person_ids=["p-new"])
    run.on(date(2018, 5, 11), envelope(late, "over", date(2018, 5, 11)))

    assert _who(run) == [("ReminderIssued", ["p-old"]), ("CriticismIssued", ["p-new"])]


def test_a_predecessor_s_waived_duty_leaves_the_successor_s_open() -> None:
    training, secretary = "unit.secretary_training.yearly", Office.SECRETARY
    run = Run()
    run.send(tick(date(2018, 12, 1)))
    run.send(envelope(_own(DutyDueSoon, training, secretary, "p-old"), "soon-old",
                      date(2018, 12, 1)))  # fmt: skip
    waived = _own(DutyWaived, training, secretary, "p-old", reason="已离任")
    run.on(date(2018, 12, 5), envelope(waived, "waived-old", date(2018, 12, 5)))
    late = _own(DutyOverdue, training, secretary, "p-new")
    run.on(date(2019, 1, 1), envelope(late, "over-new", date(2019, 1, 1)))

    assert _who(run) == [
        ("ReminderIssued", ["p-old"]),
        ("CaseResolved", ["p-old"]),
        ("CriticismIssued", ["p-new"]),
    ]


EVALUATION = "parent.branch_work_report_evaluation.yearly"  # 三、（八）, charged to the parent


def _evaluation(kind: type[DutyStatus], parent: str, holder: str, **extra: Any) -> Any:
    """br-1's 2018 述职评议, owed by its parent (due 2019-02-28, 59 days of grace)."""
    return duty(
        kind,
        "br-1",
        "2018",
        EVALUATION,
        period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31),
        due_on=date(2019, 2, 28),
        office=Office.SECRETARY,
        charged_organization_id=parent,
        charged_person_ids=[holder],
        **({"person_id": "p-br"} | extra),
    )


def _resolved(run: Run) -> list[str]:
    return [org for name, org in run.types() if name == "CaseResolved"]


def test_the_former_parent_s_case_ends_when_the_moved_unit_s_duty_is_done() -> None:
    """br-1 moved from gb-1 to gb-2 (隶属关系调整) on 2019-03-10, after gb-1 let br-1's
    2018 evaluation go overdue (criticised 03-01, 限期整改 to 03-31). The duties service
    charges the duty to the parent of the day, so the evaluation recorded on 03-20 comes
    charged to gb-2. It fulfils the one duty gb-1 was criticised for: gb-1's case is
    resolved that day (整改到位), and nothing is proposed against gb-1 when 03-31 passes."""
    run = Run()
    run.send(tick(date(2019, 2, 28)))
    run.send(envelope(_evaluation(DutyOverdue, "gb-1", "p-g1"), "over", date(2019, 3, 1)))
    late = _evaluation(DutyFulfilledLate, "gb-2", "p-g2", fulfilled_on=date(2019, 3, 20))
    run.on(date(2019, 3, 20), envelope(late, "late", date(2019, 3, 20)))
    run.until(date(2019, 4, 30))

    assert _names(run) == ["CriticismIssued", "CaseResolved"]
    assert _resolved(run) == ["gb-1"]
    assert "履行到位" in run.actions()[-1].text_zh


def test_a_parent_reminded_before_the_move_is_released_from_the_duty() -> None:
    """gb-1 was reminded on 2019-01-29 of br-1's 2018 evaluation; br-1 moved to gb-2 before
    the deadline, and the overdue of 03-01 is gb-2's (criticised, naming gb-2's secretary).
    gb-1 never failed the duty: its reminder case ends when the duty passes to gb-2, and
    the late evaluation then resolves gb-2's case alone."""
    run = Run()
    run.send(tick(date(2019, 1, 29)))
    run.send(envelope(_evaluation(DutyDueSoon, "gb-1", "p-g1"), "due", date(2019, 1, 29)))
    run.until(date(2019, 2, 28))
    run.send(envelope(_evaluation(DutyOverdue, "gb-2", "p-g2"), "over", date(2019, 3, 1)))
    late = _evaluation(DutyFulfilledLate, "gb-2", "p-g2", fulfilled_on=date(2019, 3, 20))
    run.on(date(2019, 3, 20), envelope(late, "late", date(2019, 3, 20)))
    run.until(date(2019, 4, 30))

    assert _who(run) == [
        ("ReminderIssued", ["p-g1"]),
        ("CaseResolved", ["p-g1"]),
        ("CriticismIssued", ["p-g2"]),
        ("CaseResolved", ["p-g2"]),
    ]
    assert _resolved(run) == ["gb-1", "gb-2"]
    assert "gb-2" in run.actions()[1].text_zh  # 转由gb-2承担


def test_the_same_parent_s_cases_about_two_holders_stay_apart() -> None:
    """br-1 had two secretaries in 2018 (p-br, then p-br2), and gb-1 owes the evaluation of
    each (三、（八）): two cases of gb-1, one per holder. The reminder about p-br2 is no move
    of br-1 to another parent and leaves the case about p-br open; each is criticised when
    overdue."""
    run = Run()
    run.send(tick(date(2019, 1, 29)))
    for person in ("p-br", "p-br2"):
        due = _evaluation(DutyDueSoon, "gb-1", "p-g1", person_id=person)
        run.send(envelope(due, f"due-{person}", date(2019, 1, 29)))
    run.until(date(2019, 2, 28))
    for person in ("p-br", "p-br2"):
        over = _evaluation(DutyOverdue, "gb-1", "p-g1", person_id=person)
        run.send(envelope(over, f"over-{person}", date(2019, 3, 1)))
    run.until(date(2019, 3, 2))

    assert _names(run) == ["ReminderIssued"] * 2 + ["CriticismIssued"] * 2
