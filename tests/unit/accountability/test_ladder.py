"""The ladder of seed section 四 on one case: reminder, criticism, notice and interview,
admonishment; inhibition, resolution and the serious-consequence path.

Thresholds come from policy v1 (in force 2017-10-20): criticism sets 30 days to
rectify, notice/interview 15 days; a missed criticism deadline is cleared only by
DutyFulfilledLate, RectificationAccepted or CaseClosed, a missed interview deadline
only by RectificationAccepted or CaseClosed; "prominent" is 3 overdue duties in 12 months.
"""

from __future__ import annotations

from datetime import date

from contracts.events.duties import DutyDueSoon, DutyFulfilled, DutyFulfilledLate, DutyOverdue
from contracts.events.enums import Office
from contracts.events.oversight import (
    CaseClosed,
    InspectionFindingRecorded,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.decide import case_id
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import award_eligibility, find_case
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, tick

OVERDUE_DAY = date(2018, 7, 11)  # 2018-Q2 ends 06-30, grace 10 days: overdue on the 07-11 tick
CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
ADMONISHMENT = ["AdmonishmentRequired", "NotifiedCriticismIssued", "AwardEligibilityRevoked"]


def _overdue_run() -> Run:
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    run.send(
        envelope(
            OfficeHolderAppointed(
                organization_id="br-1",
                person_id="p-1",
                person_name="王丽",
                office=Office.SECRETARY,
                appointed_on=date(2017, 9, 1),
            ),
            "appoint-p-1",
            date(2018, 7, 1),
        )
    )
    run.send(envelope(duty(DutyDueSoon, "br-1"), "due-br-1", date(2018, 7, 3)))
    run.days(date(2018, 7, 2), OVERDUE_DAY)
    run.send(envelope(duty(DutyOverdue, "br-1"), "over-br-1", OVERDUE_DAY))
    run.days(date(2018, 7, 12), date(2018, 7, 12))
    return run


def _names(run: Run) -> list[str]:
    return [name for name, _ in run.types()]


def test_reminder_then_criticism_with_the_policy_deadline() -> None:
    run = _overdue_run()

    assert _names(run) == ["ReminderIssued", "CriticismIssued"]
    reminder, criticism = run.actions()
    assert reminder.model_dump()["rung"] == "reminder"
    assert "支部党员大会" in reminder.text_zh
    assert "2018年第二季度" in reminder.text_zh
    assert "王丽" in reminder.text_zh
    assert "2018年7月10日前完成" in reminder.text_zh
    assert criticism.model_dump()["rectify_by"] == date(2018, 8, 10)  # 07-11 + 30 days
    assert criticism.policy_version == "v1"
    assert criticism.clause == "实施细则 四"
    assert criticism.person_id == "p-1"
    assert criticism.case_id == CASE
    assert criticism.evidence_event_ids == ["due-br-1", "over-br-1"]
    assert "2018年8月10日前整改到位" in criticism.text_zh


def test_missed_deadlines_climb_to_admonishment_and_revoke_award_eligibility() -> None:
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 10))
    assert _names(run)[2:] == []  # the deadline day itself is not over yet
    run.days(date(2018, 8, 11), date(2018, 8, 26))
    assert _names(run)[2:] == ["NoticeCirculated", "InterviewRequired"]
    run.days(date(2018, 8, 27), date(2018, 8, 27))  # 08-11 + 15 days = 08-26 has passed

    assert _names(run)[4:] == ADMONISHMENT
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert [p["person_id"] for p in lost["persons"]] == ["p-1"]


def test_late_fulfilment_resolves_a_criticised_case() -> None:
    run = _overdue_run()
    late = duty(DutyFulfilledLate, "br-1", fulfilled_on=date(2018, 7, 20))
    run.send(envelope(late, "late-br-1", date(2018, 7, 20)))
    run.days(date(2018, 7, 13), date(2018, 9, 30))

    assert _names(run) == ["ReminderIssued", "CriticismIssued", "CaseResolved"]
    resolved = run.actions()[-1]
    assert resolved.model_dump()["rung"] == "criticism"
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.RESOLVED


def test_reminded_duty_fulfilled_in_time_resolves_the_reminder() -> None:
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    run.send(envelope(duty(DutyDueSoon, "br-1"), "due-br-1", date(2018, 7, 1)))
    run.send(envelope(duty(DutyFulfilled, "br-1"), "done-br-1", date(2018, 7, 2)))
    run.days(date(2018, 7, 2), date(2018, 7, 3))

    assert _names(run) == ["ReminderIssued", "CaseResolved"]


def test_after_an_interview_late_fulfilment_by_its_deadline_resolves() -> None:
    """The problem was solved (问题已解决) before the interview's deadline: no admonishment."""
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))  # criticism deadline missed
    late = duty(DutyFulfilledLate, "br-1", fulfilled_on=date(2018, 8, 15))
    run.send(envelope(late, "late-br-1", date(2018, 8, 15)))
    run.days(date(2018, 8, 12), date(2018, 12, 31))

    assert _names(run)[2:] == ["NoticeCirculated", "InterviewRequired", "CaseResolved"]
    assert run.actions()[-1].evidence_event_ids[-1] == "late-br-1"


def test_after_an_interview_a_solution_after_its_deadline_comes_too_late() -> None:
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 31))  # criticism and interview deadlines missed
    late = duty(DutyFulfilledLate, "br-1", fulfilled_on=date(2018, 9, 1))
    run.send(envelope(late, "late-br-1", date(2018, 9, 1)))
    run.days(date(2018, 9, 1), date(2018, 12, 31))

    names = _names(run)
    assert names[2:5] == ["NoticeCirculated", "InterviewRequired", "AdmonishmentRequired"]
    assert "AwardEligibilityRevoked" in names


def test_prominent_unit_skips_criticism_and_later_events_do_not_step_down() -> None:
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    monthly = "branch.committee_meeting.monthly"
    for event_id, month in [("a", "2018-02"), ("b", "2018-03"), ("c", "2018-04"), ("d", "2018-04")]:
        overdue = duty(DutyOverdue, "br-1", month, monthly)
        run.send(envelope(overdue, f"over-{event_id}", date(2018, 5, 1)))
    run.days(date(2018, 5, 2), date(2018, 5, 2))

    # The third overdue duty within 12 months makes the unit 特别突出: its case goes
    # straight to notice and interview (the higher rung inhibits the criticism);
    # the repeated overdue event appends to that case and emits nothing.
    assert _names(run) == [
        "CriticismIssued",
        "CriticismIssued",
        "NoticeCirculated",
        "InterviewRequired",
    ]


def test_serious_consequence_on_an_open_case_then_nothing_is_restored() -> None:
    run = _overdue_run()
    serious = SeriousConsequenceDetermined(
        organization_id="br-1",
        case_id=CASE,
        determined_on=date(2018, 7, 20),
        description="长期不开展组织生活，造成党员失管失教",
    )
    run.send(envelope(serious, "serious-br-1", date(2018, 7, 20)))
    accepted = RectificationAccepted(
        organization_id="br-1", case_id=CASE, accepted_on=date(2018, 9, 1)
    )
    run.send(envelope(accepted, "accept-br-1", date(2018, 9, 1)))
    run.days(date(2018, 7, 13), date(2018, 12, 31))

    assert _names(run)[2:] == [*ADMONISHMENT, "CaseResolved"]
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert lost["organizations"][0]["revocations"][0]["case_id"] == CASE


def test_serious_consequence_without_a_case_opens_one() -> None:
    run = Run()
    run.send(tick(date(2018, 11, 1)))
    serious = SeriousConsequenceDetermined(
        organization_id="br-2", determined_on=date(2018, 11, 2), description="党费管理使用违规"
    )
    run.send(envelope(serious, "serious-br-2", date(2018, 11, 2)))
    closed = CaseClosed(
        organization_id="br-2",
        case_id=case_id("serious", "br-2", "serious-br-2"),
        closed_on=date(2018, 12, 1),
        reason="已问责到位",
    )
    run.send(envelope(closed, "close-br-2", date(2018, 12, 1)))
    run.days(date(2018, 11, 2), date(2018, 12, 2))

    assert _names(run) == [*ADMONISHMENT, "CaseResolved"]
    assert [o["organization_id"] for o in award_eligibility(run.ledger, 2018)["organizations"]] == [
        "br-2"
    ]


def test_inspection_finding_case_follows_its_rectification_duty() -> None:
    run = Run()
    run.send(tick(date(2018, 7, 10)))
    finding = InspectionFindingRecorded(
        organization_id="br-1",
        finding_id="insp-7",
        question=18,
        description="二季度未召开支部党员大会",
        found_on=date(2018, 7, 10),
        rectification_deadline=date(2018, 9, 30),
    )
    run.send(envelope(finding, "finding-7", date(2018, 7, 10)))
    rectify = duty(
        DutyOverdue,
        "br-1",
        duty_id="oversight.finding.rectified",
        period="within:finding-7",
        period_start=date(2018, 7, 10),
        period_end=date(2018, 9, 30),
        due_on=date(2018, 9, 30),
    )
    run.send(envelope(rectify, "over-finding-7", date(2018, 10, 1)))
    accepted = RectificationAccepted(
        organization_id="br-1", finding_id="insp-7", accepted_on=date(2018, 10, 9)
    )
    run.send(envelope(accepted, "accept-7", date(2018, 10, 9)))
    run.days(date(2018, 7, 11), date(2018, 7, 11))

    finding_case = case_id("finding", "br-1", "insp-7")
    assert [(name, a.case_id) for name, a in zip(_names(run), run.actions(), strict=True)] == [
        ("CriticismIssued", finding_case),
        ("CaseResolved", finding_case),
    ]
