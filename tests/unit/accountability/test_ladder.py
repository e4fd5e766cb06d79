"""The ladder of seed section 四 on one case: the system proposes, people decide.

Expected outcomes, written from the seed and policy v1 (in force 2017-10-20):
- 提醒 before the deadline and 提出批评，限期整改 (30 days) on an overdue duty are
  the system's own (四: 对思想上不重视、工作不得力的，要提出批评，限期整改).
- 通报、约谈 only for a 普遍性 or 特别突出 problem (四: 对带有普遍性的问题或特别突出的问题…
  通报…约谈); a missed rectification deadline is 特别突出. The system proposes
  (AccountabilityProposed to 组织部); NoticeCirculated/InterviewRequired exist
  only once the organization department records what it did.
- 诫勉谈话、通报批评、取消年度评优评先资格 only where a problem was not solved in time
  *and* 造成不良影响和严重后果 was determined (四: 对不认真履行职责…没有及时解决，造成不良
  影响和严重后果的); proposed to 党委, taken only by its recorded decision
  (问责条例 第三条 集体决定), for the unit and the persons decided.
- A review (申诉、复查) that revokes the decision restores the eligibility.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyDueSoon, DutyFulfilled, DutyFulfilledLate, DutyOverdue
from contracts.events.enums import DecidingBody, Ground, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseClosed,
    DecisionReviewed,
    InspectionFindingRecorded,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import award_eligibility, find_case, list_unapplied
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, tick

OVERDUE_DAY = date(2018, 7, 11)  # 2018-Q2 ends 06-30, grace 10 days: overdue on the 07-11 tick
CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]
ADMONISHMENT = ["AdmonishmentRequired", "NotifiedCriticismIssued", "AwardEligibilityRevoked"]


def _overdue_run() -> Run:
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    for person_id, name, office in [
        ("p-1", "王丽", Office.SECRETARY),
        ("p-2", "李强", Office.COMMITTEE_MEMBER),
    ]:
        appointed = OfficeHolderAppointed(
            organization_id="br-1",
            person_id=person_id,
            person_name=name,
            office=office,
            appointed_on=date(2017, 9, 1),
        )
        run.send(envelope(appointed, f"appoint-{person_id}", date(2018, 7, 1)))
    due = duty(DutyDueSoon, "br-1", charged_person_ids=["p-1"])
    run.send(envelope(due, "due-br-1", date(2018, 7, 3)))
    run.days(date(2018, 7, 2), OVERDUE_DAY)
    run.send(
        envelope(duty(DutyOverdue, "br-1", charged_person_ids=["p-1"]), "over-br-1", OVERDUE_DAY)
    )
    run.days(date(2018, 7, 12), date(2018, 7, 12))
    return run


def _names(run: Run) -> list[str]:
    return [name for name, _ in run.types()]


def _decide(
    run: Run,
    measures: list[Rung],
    persons: list[str],
    day: date,
    body: DecidingBody = DecidingBody.PARTY_COMMITTEE,
    decision: str = "dw-1",
    org: str = "br-1",
) -> None:
    decided = AccountabilityDecided(
        organization_id=org,
        case_id=CASE,
        decision_id=decision,
        decided_by=body,
        meeting="党委常委会2018年第9次会议",
        decided_on=day,
        measures=measures,
        person_ids=persons,
    )
    run.on(day, envelope(decided, f"decided-{decision}", day))


def _serious(run: Run, day: date) -> None:
    serious = SeriousConsequenceDetermined(
        organization_id="br-1",
        case_id=CASE,
        determined_on=day,
        description="长期不开展组织生活，造成党员失管失教",
    )
    run.on(day, envelope(serious, "serious-br-1", day))


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
    assert criticism.decided_on == OVERDUE_DAY
    assert criticism.policy_version == "v1"
    assert criticism.clause == "实施细则 四"
    assert criticism.person_ids == ["p-1"]
    assert criticism.case_id == CASE
    assert criticism.evidence_event_ids == ["due-br-1", "over-br-1"]
    assert "2018年8月10日前整改到位" in criticism.text_zh
    assert "提请党委组织部研究通报、约谈" in criticism.text_zh


def test_overdue_is_decided_the_day_after_the_deadline_even_before_that_tick() -> None:
    """The duties service may forward the overdue status before the tick that caused it."""
    run = Run()
    run.send(tick(date(2018, 7, 10)))
    run.send(envelope(duty(DutyOverdue, "br-1"), "over-br-1", date(2018, 7, 11)))
    run.until(date(2018, 7, 11))

    (criticism,) = run.actions()
    assert criticism.decided_on == date(2018, 7, 11)
    assert criticism.model_dump()["rectify_by"] == date(2018, 8, 10)


def test_a_missed_deadline_is_proposed_to_the_department_and_nothing_more_happens() -> None:
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 10))
    assert _names(run)[2:] == []  # the deadline day itself is not over yet
    run.days(date(2018, 8, 11), date(2018, 12, 31))

    assert _names(run)[2:] == ["AccountabilityProposed"]
    proposal = run.actions()[2]
    assert proposal.model_dump()["measures"] == ["notice", "interview"]
    assert proposal.model_dump()["proposed_to"] == "organization_department"
    assert proposal.grounds == ["rectification_missed"]
    assert "属限期未整改" in proposal.text_zh
    assert "作出决定前，不采取上述措施" in proposal.text_zh
    assert award_eligibility(run.ledger, 2018)["organizations"] == []


@pytest.mark.parametrize(("successor", "named"), [("p-3", ["p-3"]), (None, [])])
def test_a_missed_rectification_names_who_held_the_office_at_its_deadline(
    successor: str | None, named: list[str]
) -> None:
    """By hand (四): the criticism of 07-11 names p-1, secretary then, rectify by 08-10.
    p-1 leaves office on 07-20; p-3 takes it on 07-25 (or nobody does). On 08-11 the
    rectification is overdue: 通报、约谈 is proposed naming p-3, secretary through the
    deadline (with the office vacant, nobody: the unit answers), never p-1."""
    run = _overdue_run()
    left = OfficeHolderLeftOffice(organization_id="br-1", person_id="p-1",
                                  office=Office.SECRETARY, left_on=date(2018, 7, 20))  # fmt: skip
    run.on(date(2018, 7, 20), envelope(left, "p-1-left", date(2018, 7, 20)))
    if successor is not None:
        appointed = OfficeHolderAppointed(organization_id="br-1", person_id=successor,
                                          person_name="赵敏", office=Office.SECRETARY,
                                          appointed_on=date(2018, 7, 25))  # fmt: skip
        run.on(date(2018, 7, 25), envelope(appointed, "p-3-in", date(2018, 7, 25)))
    run.until(date(2018, 8, 11))

    assert [(name, a.person_ids) for name, a in zip(_names(run), run.actions(), strict=True)] == [
        ("ReminderIssued", ["p-1"]),
        ("CriticismIssued", ["p-1"]),
        ("AccountabilityProposed", named),
    ]
    case = find_case(run.ledger, CASE)
    assert case is not None
    who = "赵敏（p-3）" if successor else "（职务空缺）"
    assert f"整改期限届满时的责任人：{who}" in [step.what for step in case.history]


def test_the_department_records_the_notice_and_interview_it_decided() -> None:
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 12))
    _decide(
        run,
        [Rung.NOTICE, Rung.INTERVIEW],
        ["p-1"],
        date(2018, 8, 20),
        DecidingBody.ORGANIZATION_DEPARTMENT,
    )

    assert _names(run)[2:] == ["AccountabilityProposed", "NoticeCirculated", "InterviewRequired"]
    notice = run.actions()[3]
    assert notice.decision_id == "dw-1"
    assert notice.decided_by is DecidingBody.ORGANIZATION_DEPARTMENT
    assert notice.decided_on == date(2018, 8, 20)
    assert "经党委组织部（党委常委会2018年第9次会议）于2018年8月20日决定" in notice.text_zh
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.rectify_by == date(2018, 9, 4)  # 08-20 + 15 days


def test_the_department_cannot_record_the_committee_s_measures() -> None:
    with pytest.raises(ValidationError, match="party committee"):
        AccountabilityDecided(
            organization_id="br-1",
            case_id=CASE,
            decision_id="x",
            decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
            meeting="部务会",
            decided_on=date(2018, 9, 1),
            measures=[Rung.AWARD_ELIGIBILITY_REVOKED],
        )


def test_determination_without_a_missed_deadline_proposes_nothing() -> None:
    run = _overdue_run()
    _serious(run, date(2018, 7, 20))
    accepted = RectificationAccepted(
        organization_id="br-1", case_id=CASE, accepted_on=date(2018, 8, 1)
    )
    run.on(date(2018, 8, 1), envelope(accepted, "accept-br-1", date(2018, 8, 1)))
    run.until(date(2018, 12, 31))

    assert _names(run)[2:] == ["CaseResolved"]
    assert award_eligibility(run.ledger, 2018)["organizations"] == []


def test_unsolved_and_determined_is_proposed_to_the_committee_which_decides() -> None:
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))  # the criticism deadline (08-10) passes
    _serious(run, date(2018, 9, 3))
    assert _names(run)[2:] == ["AccountabilityProposed", "AccountabilityProposed"]
    top = run.actions()[3]
    assert top.decided_on == date(2018, 9, 3)
    assert top.model_dump()["measures"] == [m.value for m in TOP]
    assert top.model_dump()["proposed_to"] == "party_committee"
    assert top.grounds == ["rectification_missed", "serious_consequence"]
    assert award_eligibility(run.ledger, 2018)["organizations"] == []

    # The committee decides admonishment and loss of eligibility for the secretary only.
    _decide(run, [Rung.ADMONISHMENT, Rung.AWARD_ELIGIBILITY_REVOKED], ["p-1"], date(2018, 9, 20))

    assert _names(run)[4:] == ["AdmonishmentRequired", "AwardEligibilityRevoked"]
    revoked = run.actions()[-1]
    assert revoked.person_ids == ["p-1"]
    assert revoked.model_dump()["year"] == 2018
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert [p["person_id"] for p in lost["persons"]] == ["p-1"]
    assert lost["organizations"][0]["revocations"][0]["decision_id"] == "dw-1"


def _reviewed(outcome: ReviewOutcome, reason: str, **kept: object) -> Run:
    """The top rung decided on 09-20 for p-1 and p-2, then reviewed on 11-05."""
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))
    _serious(run, date(2018, 9, 3))
    _decide(run, TOP, ["p-1", "p-2"], date(2018, 9, 20))
    reviewed = DecisionReviewed.model_validate(
        {
            "organization_id": "br-1",
            "case_id": CASE,
            "decision_id": "dw-1",
            "outcome": outcome,
            "reviewed_on": date(2018, 11, 5),
            "reason": reason,
            **kept,
        }
    )
    run.on(date(2018, 11, 5), envelope(reviewed, "review-1", date(2018, 11, 5)))
    return run


def test_a_review_that_revokes_the_decision_restores_eligibility() -> None:
    run = _reviewed(ReviewOutcome.REVOKED, "复查认定会议记录已另行报送")

    assert _names(run)[-2:] == ["DecisionReviewConcluded", "AwardEligibilityRestored"]
    assert [a.decided_on for a in run.actions()[-2:]] == [date(2018, 11, 5)] * 2
    restored = run.actions()[-1]
    assert restored.person_ids == ["p-1", "p-2"]
    assert "恢复" in restored.text_zh
    lost = award_eligibility(run.ledger, 2018)
    assert lost["organizations"] == []
    assert lost["persons"] == []
    assert len(lost["restored"]) == 3  # the unit and two persons, kept on record


def test_a_review_that_changes_the_persons_restores_only_those_left_out() -> None:
    run = _reviewed(ReviewOutcome.CHANGED, "李强不分管该项工作", measures=TOP, person_ids=["p-1"])

    lost = award_eligibility(run.ledger, 2018)
    assert [p["person_id"] for p in lost["persons"]] == ["p-1"]
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert [r["subject_id"] for r in lost["restored"]] == ["p-2"]


def test_a_decision_naming_another_unit_is_not_executed() -> None:
    """The right party answers: a decision is taken on the case's own unit only."""
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))
    _serious(run, date(2018, 9, 3))
    _decide(run, TOP, ["p-9"], date(2018, 9, 20), org="br-2")

    assert "AwardEligibilityRevoked" not in _names(run)
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert "不是本案责任单位" in case.history[-1].what


def test_a_human_action_naming_another_unit_is_not_applied_to_the_case() -> None:
    """The right party answers, for every human action on a case: br-1's case missed its
    criticism deadline (08-10) and was proposed to the department. A determination of
    serious consequences (严重后果认定), a review, an acceptance of the rectification and a
    closure that name br-2 with br-1's case id are noted on the case and change nothing:
    no proposal of the top rung against br-1, the case stays open. The same
    determination naming br-1 then proposes the top rung to the committee (四)."""
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))
    assert _names(run)[2:] == ["AccountabilityProposed"]
    day = date(2018, 9, 3)
    about = {"organization_id": "br-2", "case_id": CASE}
    elsewhere = [
        SeriousConsequenceDetermined(**about, determined_on=day, description="造成严重后果"),
        RectificationAccepted(**about, accepted_on=day),
        CaseClosed(**about, closed_on=day, reason="已整改"),
        DecisionReviewed(
            organization_id="br-2",
            case_id=CASE,
            decision_id="dw-1",
            outcome=ReviewOutcome.REVOKED,
            reviewed_on=day,
            reason="复查",
        ),
    ]
    for n, action in enumerate(elsewhere):
        run.on(day + timedelta(days=n), envelope(action, f"elsewhere-{n}", day))

    assert _names(run)[2:] == ["AccountabilityProposed"]
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.OPEN
    assert not case.serious
    notes = [entry.what for entry in case.history if "不是本案责任单位" in entry.what]
    assert len(notes) == len(elsewhere)

    _serious(run, date(2018, 9, 7))
    assert _names(run)[2:] == ["AccountabilityProposed", "AccountabilityProposed"]
    assert run.actions()[-1].model_dump()["proposed_to"] == "party_committee"


def test_an_action_naming_another_unit_the_case_is_about_is_not_applied() -> None:
    """The right party answers: br-1's case is about br-1 itself. A closure that names
    the right unit but says the case is about br-2 (所涉单位) is noted, not applied: it
    was meant for another case, and under subtree placement it would have been placed
    where br-2's cases are kept. Naming br-1, or no unit, it closes the case."""
    run = _overdue_run()
    day = date(2018, 9, 3)
    wrong = CaseClosed(organization_id="br-1", subject_organization_id="br-2", case_id=CASE,
                       closed_on=day, reason="已整改")  # fmt: skip
    run.on(day, envelope(wrong, "closed-wrong", day))
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.OPEN
    assert "所列所涉单位br-2不是本案所涉单位，未予执行" in case.history[-1].what

    right = wrong.model_copy(update={"subject_organization_id": "br-1"})
    run.on(day + timedelta(days=1), envelope(right, "closed-right", day))
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.status is CaseStatus.CLOSED


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


def test_prominent_counts_distinct_duties_not_months() -> None:
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    monthly = "branch.committee_meeting.monthly"
    for event_id, month in [("a", "2018-02"), ("b", "2018-03"), ("c", "2018-04")]:
        overdue = duty(DutyOverdue, "br-1", month, monthly)
        run.send(envelope(overdue, f"over-{event_id}", date(2018, 5, 11)))
    run.days(date(2018, 5, 2), date(2018, 5, 2))

    # Three months of one duty are one duty: three criticisms, no 特别突出.
    assert _names(run) == ["CriticismIssued"] * 3


def test_prominent_unit_gets_a_proposal_for_each_case_of_the_day_it_reached_three() -> None:
    """By hand (四: 提出批评，限期整改; 特别突出: 3 distinct duties overdue within 12 months):
    on 05-11 br-1 let three distinct duties pass (April's 支部委员会 and 主题党日, the first
    quarter's 支部党员大会). Each is criticised that day. Counted to the end of 05-11 the branch
    let three pass, so each of the three cases is proposed for 通报、约谈 as 特别突出,
    dated 05-11, once every partition has passed that day (the 05-12 tick): which of the
    day's overdue duties was read last does not decide whom the proposals reach."""
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    duties = ["branch.committee_meeting.monthly", "branch.theme_party_day.monthly"]
    for event_id, duty_id in zip("ab", duties, strict=True):
        overdue = duty(DutyOverdue, "br-1", "2018-04", duty_id)
        run.send(envelope(overdue, f"over-{event_id}", date(2018, 5, 11)))
    run.send(envelope(duty(DutyOverdue, "br-1", "2018-Q1"), "over-c", date(2018, 5, 11)))
    run.until(date(2018, 5, 11))
    assert _names(run) == ["CriticismIssued"] * 3

    run.until(date(2018, 5, 12))

    assert _names(run)[3:] == ["AccountabilityProposed"] * 3
    proposals = run.actions()[3:]
    assert {p.duty_id for p in proposals} == {
        "branch.committee_meeting.monthly",
        "branch.theme_party_day.monthly",
        "branch.general_meeting.quarterly",
    }
    for proposal in proposals:
        assert proposal.grounds == ["prominent"]
        assert proposal.decided_on == date(2018, 5, 11)
        assert "该单位近期逾期未完成3项不同工作" in proposal.text_zh


def _of(run: Run, person: str) -> list[tuple[str, AccountabilityAction]]:
    """(event type, action) of every output naming ``person``."""
    return [
        (n, a) for n, a in zip(_names(run), run.actions(), strict=True) if person in a.person_ids
    ]


def test_prominent_counts_a_holder_s_own_duties_for_their_own_case() -> None:
    """By hand (四, 特别突出: 3 distinct duties overdue within 12 months): the committee
    let its 2018-Q2 and Q3 中心组学习 and 党群工作例会 pass (p-sec answers); p-m's own 2018
    contact-point visits (三、（八）) are the committee's third distinct duty, overdue on
    2019-01-01. p-m is criticised for their visits, not proposed for the committee's
    record (one duty of theirs), and proposed only once the criticism's 30 days pass.
    On 01-11 a fourth duty of the committee's is overdue: 通报、约谈 is proposed for that
    case, naming p-sec, and its grounds list the four duties by title. On 02-01 p-sec's
    own 2018 党课 is overdue: the fourth p-sec answered for, proposed too (该同志)."""
    run = Run()
    run.send(tick(date(2018, 10, 10)))
    study = "unit.central_group_study.quarterly"
    meeting = "committee.party_mass_work_meeting.quarterly"
    for n, (duty_id, quarter) in enumerate([(study, "2018-Q2"), (meeting, "2018-Q3")]):
        late = duty(DutyOverdue, "pc-1", quarter, duty_id, charged_person_ids=["p-sec"])
        run.on(date(2018, 10, 11 + n), envelope(late, f"over-{n}", date(2018, 10, 11 + n)))
    year = {"period_start": date(2018, 1, 1), "period_end": date(2018, 12, 31)}
    visits = duty(DutyOverdue, "pc-1", "2018", "committee_member.contact_point.visits",
                  office=Office.COMMITTEE_MEMBER, person_id="p-m", charged_person_ids=["p-m"],
                  due_on=date(2018, 12, 31), **year)  # fmt: skip
    run.on(date(2019, 1, 1), envelope(visits, "over-visits", date(2019, 1, 1)))
    budget = duty(DutyOverdue, "pc-1", "2018", "committee.budget.yearly",
                  charged_person_ids=["p-sec"], due_on=date(2019, 1, 10), **year)  # fmt: skip
    run.on(date(2019, 1, 11), envelope(budget, "over-budget", date(2019, 1, 11)))

    lecture = duty(DutyOverdue, "pc-1", "2018", "secretary.party_lecture.yearly",
                   office=Office.SECRETARY, person_id="p-sec", charged_person_ids=["p-sec"],
                   due_on=date(2019, 1, 31), **year)  # fmt: skip
    run.on(date(2019, 2, 1), envelope(lecture, "over-lecture", date(2019, 2, 1)))

    assert [(name, a.grounds) for name, a in _of(run, "p-m")] == [
        ("CriticismIssued", []),
        ("AccountabilityProposed", [Ground.RECTIFICATION_MISSED]),  # 30 days passed, 02-01
    ]
    unit, own = [a for a in run.actions() if Ground.PROMINENT in a.grounds]
    assert (unit.duty_id, unit.person_ids) == ("committee.budget.yearly", ["p-sec"])
    assert "该单位近期逾期未完成4项不同工作" in unit.text_zh
    assert "党委委员走访基层联系点" in unit.text_zh
    assert (own.duty_id, own.person_ids) == ("secretary.party_lecture.yearly", ["p-sec"])
    assert "该同志近期逾期未完成4项不同工作" in own.text_zh
    assert "党委委员走访基层联系点" not in own.text_zh


def test_prominent_grounds_name_findings_and_the_self_check_not_ids() -> None:
    """The work a unit let pass is listed by what it is: a finding's rectification by its
    number (问题整改（insp-7）), the self-check as 年度自查; only that of the last 12
    months."""
    run = Run()
    run.send(tick(date(2017, 11, 10)))
    long_ago = duty(DutyOverdue, "br-1", "2017-10", "branch.committee_meeting.monthly")
    run.on(date(2017, 11, 11), envelope(long_ago, "over-2017", date(2017, 11, 11)))
    finding = InspectionFindingRecorded(organization_id="br-1", finding_id="insp-7",
                                        question=18, description="二季度未召开支部党员大会",
                                        found_on=date(2018, 7, 10),
                                        rectification_deadline=date(2018, 9, 30))  # fmt: skip
    run.on(date(2018, 7, 10), envelope(finding, "finding-7", date(2018, 7, 10)))
    rectify = duty(DutyOverdue, "br-1", "within:finding-7", "oversight.finding.rectified",
                   period_start=date(2018, 7, 10), period_end=date(2018, 9, 30),
                   due_on=date(2018, 9, 30))  # fmt: skip
    run.on(date(2018, 10, 1), envelope(rectify, "over-finding-7", date(2018, 10, 1)))
    for n in range(1, 3):
        check = duty(DutyOverdue, "br-1", "2018", f"self_check.q{n:02d}",
                     period_start=date(2018, 1, 1), period_end=date(2018, 12, 31),
                     due_on=date(2019, 1, 31))  # fmt: skip
        run.on(date(2019, 2, 1), envelope(check, f"over-q{n}", date(2019, 2, 1)))
    late = duty(DutyOverdue, "br-1", "2019-01", "branch.theme_party_day.monthly")
    run.on(date(2019, 2, 11), envelope(late, "over-theme", date(2019, 2, 11)))

    [proposal] = [a for a in run.actions() if Ground.PROMINENT in a.grounds]
    assert proposal.duty_id == "branch.theme_party_day.monthly"
    assert "该单位近期逾期未完成3项不同工作（主题党日、问题整改（insp-7）、年度自查）" in (
        proposal.text_zh
    )


def test_serious_consequence_without_a_case_proposes_nothing_by_itself() -> None:
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

    assert _names(run) == []
    assert award_eligibility(run.ledger, 2018)["organizations"] == []


def test_a_step_on_a_system_case_not_held_opens_none() -> None:
    """Expected by hand: br-2 has no case. A determination and a 通报 decision naming the
    id of a case the system would open (br-1's quarterly case: held by a ledger folding
    br-1, kept where br-1 is folded) act on nothing here: no case is opened under that
    id, no measure taken (the right party answers: one fold of every partition would
    find br-1's case and refuse a step naming br-2); both are kept under br-2 as not
    applied (未予执行). A decision under the department's own number (zzb-2018-12: a
    problem found outside the system) opens a case of its own and its 通报 is taken, as
    before."""
    run = Run()
    run.send(tick(date(2018, 11, 1)))
    serious = SeriousConsequenceDetermined(
        organization_id="br-2", case_id=CASE, determined_on=date(2018, 11, 2),
        description="党费管理使用违规",
    )  # fmt: skip
    run.until(date(2018, 11, 2))
    run.send(envelope(serious, "serious-br-2", date(2018, 11, 2)))
    for key in (CASE, "zzb-2018-12"):
        decided = AccountabilityDecided(
            organization_id="br-2", case_id=key, decision_id=f"dw-{key}",
            decided_by=DecidingBody.ORGANIZATION_DEPARTMENT, meeting="组织部部务会",
            decided_on=date(2018, 11, 2), measures=[Rung.NOTICE], person_ids=[],
        )  # fmt: skip
        run.send(envelope(decided, f"decided-{key}", date(2018, 11, 2)))
    run.until(date(2018, 11, 3))

    assert sorted(run.ledger.cases) == ["zzb-2018-12"]
    assert _names(run) == ["NoticeCirculated"]
    assert run.actions()[0].case_id == "zzb-2018-12"
    kept = [(s.event_id, s.case_id) for s in list_unapplied(run.ledger, "br-2")]
    assert kept == [(f"decided-{CASE}", CASE), ("serious-br-2", CASE)]  # a day's, by id


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
