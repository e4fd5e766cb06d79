"""The accountability ladder (seed 沪开大委〔2017〕48号 四, policy v1/v2), clause by clause.

Each test's docstring states the outcome expected BY HAND from the seed and the
policy, with the clause, before the code was run. Policy v1 (2017-10-20):
  rung 1 提醒 (DutyDueSoon), automatic;
  rung 2 提出批评，限期整改 (DutyOverdue), automatic, 30 days;
  rung 3 通报、约谈: 普遍性 (>=30% and >=3 units), 特别突出 (>=3 distinct duties overdue
         within 12 months), or 限期未整改 (the criticism's deadline passed without
         DutyFulfilledLate / RectificationAccepted / CaseClosed); PROPOSED to 组织部,
         15 days once decided;
  rung 4 诫勉谈话、通报批评、取消年度评优评先资格: 问题没有及时解决 AND 造成严重后果 (committee
         determination); PROPOSED to 党委, taken only by its recorded decision.
Domain rule: the system proposes, people decide; a decision takes effect exactly as
decided; a review (申诉、复查) that cancels a loss of award eligibility restores it.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.duties import DutyDueSoon, DutyFulfilled, DutyFulfilledLate, DutyOverdue
from contracts.events.enums import DecidingBody, Ground, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    InspectionFindingRecorded,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import award_eligibility, find_case
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, tick

pytestmark = pytest.mark.unit

OVERDUE_DAY = date(2018, 7, 11)  # 2018-Q2 due 07-10: overdue on 07-11, rectify by 08-10
CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]
TAKEN_ONLY_BY_DECISION = {
    "NoticeCirculated",
    "InterviewRequired",
    "AdmonishmentRequired",
    "NotifiedCriticismIssued",
    "AwardEligibilityRevoked",
}


def _overdue_run(period: str = "2018-Q2", due: date | None = None) -> Run:
    """br-1 (secretary p-1, committee member p-2) reminded, then overdue on its quarter."""
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    for person_id, name, office in [
        ("p-1", "王丽", Office.SECRETARY),
        ("p-2", "李强", Office.COMMITTEE_MEMBER),
    ]:
        appointed = OfficeHolderAppointed(organization_id="br-1", person_id=person_id,
                                          person_name=name, office=office,
                                          appointed_on=date(2017, 9, 1))  # fmt: skip
        run.send(envelope(appointed, f"appoint-{person_id}", date(2018, 7, 1)))
    run.send(
        envelope(duty(DutyDueSoon, "br-1", charged_person_ids=["p-1"]), "due", date(2018, 7, 3))
    )
    run.days(date(2018, 7, 2), OVERDUE_DAY)
    run.send(envelope(duty(DutyOverdue, "br-1", charged_person_ids=["p-1"]), "over", OVERDUE_DAY))
    run.days(date(2018, 7, 12), date(2018, 7, 12))
    return run


def _names(run: Run) -> list[str]:
    return [name for name, _ in run.types()]


def _decide(run: Run, measures: list[Rung], persons: list[str], day: date,
            body: DecidingBody = DecidingBody.PARTY_COMMITTEE, decision: str = "dw-1",
            case: str = CASE) -> None:  # fmt: skip
    decided = AccountabilityDecided(organization_id="br-1", case_id=case, decision_id=decision,
                                    decided_by=body, meeting="会议", decided_on=day,
                                    measures=measures, person_ids=persons)  # fmt: skip
    run.on(day, envelope(decided, f"decided-{decision}", day))


def _serious(run: Run, day: date, case: str = CASE) -> None:
    serious = SeriousConsequenceDetermined(organization_id="br-1", case_id=case,
                                           determined_on=day, description="失管失教")  # fmt: skip
    run.on(day, envelope(serious, f"serious-{day}", day))


def _review(run: Run, outcome: ReviewOutcome, day: date, **kept: object) -> None:
    reviewed = DecisionReviewed.model_validate(
        {"organization_id": "br-1", "case_id": CASE, "decision_id": "dw-1", "outcome": outcome,
         "reviewed_on": day, "reason": "复查", **kept}
    )  # fmt: skip
    run.on(day, envelope(reviewed, f"review-{day}", day))


def _proposals(run: Run) -> list[tuple[list[str], list[str]]]:
    """(measures, grounds) of every proposal so far."""
    return [
        (a.model_dump()["measures"], [str(g) for g in a.grounds])
        for n, a in zip(_names(run), run.actions(), strict=True)
        if n == "AccountabilityProposed"
    ]


def _top_run() -> Run:
    """Criticism deadline (08-10) missed, serious consequence determined on 09-03."""
    run = _overdue_run()
    run.days(date(2018, 7, 13), date(2018, 8, 11))
    _serious(run, date(2018, 9, 3))
    return run


# ── rung 3: how many misses (特别突出) ─────────────────────────────────────────────

MONTHLY = ["branch.committee_meeting.monthly", "branch.theme_party_day.monthly"]


def _overdue_on(run: Run, day: date, duty_id: str, period: str, n: int) -> None:
    run.on(day, envelope(duty(DutyOverdue, "br-1", period, duty_id), f"over-{n}", day))


def test_two_distinct_duties_are_not_prominent() -> None:
    """By hand (四 特别突出; policy: min_count 3 distinct duties within 12 months): br-1
    lets 支部委员会 (2018-04, overdue 05-11) and 主题党日 (2018-05, overdue 06-11) pass:
    two distinct duties. Each is criticised (四: 提出批评，限期整改); no 通报、约谈 is
    proposed before the criticism's 30 days run out (06-10 for the first)."""
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    _overdue_on(run, date(2018, 5, 11), MONTHLY[0], "2018-04", 1)
    run.until(date(2018, 6, 10))
    assert _names(run) == ["CriticismIssued"]
    _overdue_on(run, date(2018, 6, 11), MONTHLY[1], "2018-05", 2)
    run.until(date(2018, 6, 10))
    names = _names(run)
    # 06-11: the first case's deadline (06-10) passed -> rectification_missed, not prominent.
    assert names.count("CriticismIssued") == 2
    assert all(Ground.PROMINENT not in a.grounds for a in run.actions())


def test_a_third_duty_outside_the_twelve_months_is_not_prominent() -> None:
    """By hand (四 特别突出, window 12 months): 支部委员会 2017-11 overdue 2017-12-11,
    主题党日 2018-10 overdue 2018-11-11, 支部党员大会 2018-Q4 overdue 2019-01-11. On
    2019-01-11 the window (2018-01-11, 2019-01-11] holds two distinct duties: not 特别突出.
    With the first inside the window (overdue 2018-01-12) it is three: proposed."""
    for first_day, prominent in [(date(2017, 12, 11), False), (date(2018, 1, 12), True)]:
        run = Run()
        run.send(tick(date(2017, 12, 1)))
        _overdue_on(run, first_day, MONTHLY[0], "2017-11", 1)
        _overdue_on(run, date(2018, 11, 11), MONTHLY[1], "2018-10", 2)
        q4 = duty(DutyOverdue, "br-1", "2018-Q4")
        run.on(date(2019, 1, 11), envelope(q4, "over-3", date(2019, 1, 11)))
        found = [a for a in run.actions() if Ground.PROMINENT in a.grounds]
        assert (len(found) == 1) is prominent, first_day
        if prominent:
            assert found[0].duty_id == QUARTERLY
            assert found[0].model_dump()["measures"] == ["notice", "interview"]


def test_two_holders_missing_one_duty_count_once_for_the_unit() -> None:
    """By hand (四 特别突出: distinct duties; one miss is not counted twice): br-1's
    secretary and committee member both miss their 2018 training (one duty, 三、（三）,
    overdue 2019-02-01), and br-1 lets 主题党日 2019-01 pass (overdue 02-11). The unit
    let two distinct duties pass: two criticisms of the training (one per holder), one
    of 主题党日, and no 特别突出 proposal."""
    run = Run()
    run.send(tick(date(2019, 1, 20)))
    year = {"period_start": date(2018, 1, 1), "period_end": date(2018, 12, 31),
            "due_on": date(2019, 1, 31)}  # fmt: skip
    for person, office in [("p-1", Office.SECRETARY), ("p-2", Office.COMMITTEE_MEMBER)]:
        late = duty(DutyOverdue, "br-1", "2018", "unit.secretary_training.yearly",
                    office=office, person_id=person, charged_person_ids=[person],
                    **year)  # fmt: skip
        run.send(envelope(late, f"over-{person}", date(2019, 2, 1)))
    run.until(date(2019, 2, 2))
    _overdue_on(run, date(2019, 2, 11), MONTHLY[1], "2019-01", 3)
    run.until(date(2019, 2, 20))
    assert _names(run) == ["CriticismIssued"] * 3
    assert _proposals(run) == []


# ── rung 3/4 taken only by a recorded decision ──────────────────────────────────────


def test_nothing_above_criticism_is_taken_without_a_decision() -> None:
    """By hand (domain rule: the system proposes, people decide; seed 四, 问责条例 第三条):
    br-1's criticism deadline passes (08-11: 通报、约谈 proposed), the committee determines
    serious consequences (09-03: top rung proposed), and the year runs out. Outputs:
    提醒, 批评, two proposals and nothing else; no award eligibility lost for 2018."""
    run = _top_run()
    run.until(date(2018, 12, 31))
    assert _names(run) == ["ReminderIssued", "CriticismIssued"] + ["AccountabilityProposed"] * 2
    assert not TAKEN_ONLY_BY_DECISION & set(_names(run))
    assert award_eligibility(run.ledger, 2018)["organizations"] == []
    assert _proposals(run) == [
        (["notice", "interview"], ["rectification_missed"]),
        (["admonishment", "notified_criticism", "award_eligibility_revoked"],
         ["rectification_missed", "serious_consequence"]),
    ]  # fmt: skip


def test_serious_first_then_deadline_missed_proposes_both_rungs_on_that_day() -> None:
    """By hand (四: 没有及时解决 AND 造成严重后果; policy: whichever comes second fires):
    serious consequences determined 07-20, before the criticism deadline (08-10). Nothing
    proposed until 08-11, when the deadline has passed: then 通报、约谈 (限期未整改) and
    the top rung (to 党委) are both proposed, dated 08-11; no measure taken."""
    run = _overdue_run()
    _serious(run, date(2018, 7, 20))
    run.until(date(2018, 8, 10))
    assert _names(run) == ["ReminderIssued", "CriticismIssued"]
    run.until(date(2018, 8, 12))
    assert _names(run)[2:] == ["AccountabilityProposed", "AccountabilityProposed"]
    notice, top = run.actions()[2:]
    assert notice.model_dump()["proposed_to"] == "organization_department"
    assert top.model_dump()["proposed_to"] == "party_committee"
    assert {notice.decided_on, top.decided_on} == {date(2018, 8, 11)}


def test_deciding_interview_only_takes_the_interview_only() -> None:
    """By hand (a decision takes effect exactly as decided): after the 08-11 proposal the
    department records 约谈 only, for p-1. Output: InterviewRequired naming p-1; no
    NoticeCirculated, nothing of rung 4; the case now runs the 15-day rectification of
    rung 3 (08-20 + 15 = 09-04)."""
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    _decide(run, [Rung.INTERVIEW], ["p-1"], date(2018, 8, 20), DecidingBody.ORGANIZATION_DEPARTMENT)
    assert _names(run)[3:] == ["InterviewRequired"]
    assert run.actions()[-1].person_ids == ["p-1"]
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.rectify_by == date(2018, 9, 4)


def test_deciding_interview_on_a_top_rung_proposal_revokes_no_eligibility() -> None:
    """By hand (decision exactly as decided): the top rung is proposed (09-03); the
    committee decides only 约谈 for p-1. Output: InterviewRequired only; no 2018 award
    eligibility lost, neither by br-1 nor by p-1."""
    run = _top_run()
    _decide(run, [Rung.INTERVIEW], ["p-1"], date(2018, 9, 20))
    assert _names(run)[4:] == ["InterviewRequired"]
    lost = award_eligibility(run.ledger, 2018)
    assert (lost["organizations"], lost["persons"]) == ([], [])


def test_deciding_admonishment_only_revokes_no_eligibility() -> None:
    """By hand (四 lists three measures; 问责条例: measures may be used alone; decided
    exactly): the committee decides 诫勉谈话 only, for p-1. Output: AdmonishmentRequired;
    no 通报批评, no loss of award eligibility."""
    run = _top_run()
    _decide(run, [Rung.ADMONISHMENT], ["p-1"], date(2018, 9, 20))
    assert _names(run)[4:] == ["AdmonishmentRequired"]
    assert run.actions()[-1].person_ids == ["p-1"]
    assert award_eligibility(run.ledger, 2018)["organizations"] == []


def test_award_loss_for_the_unit_only_when_no_person_is_decided() -> None:
    """By hand (decided exactly): the committee decides 取消评优评先资格 naming nobody: br-1
    loses its 2018 eligibility, no person does; no admonishment event."""
    run = _top_run()
    _decide(run, [Rung.AWARD_ELIGIBILITY_REVOKED], [], date(2018, 9, 20))
    assert _names(run)[4:] == ["AwardEligibilityRevoked"]
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert lost["persons"] == []


# ── reviews ─────────────────────────────────────────────────────────────────────


def test_a_review_dropping_the_award_measure_restores_all_eligibility() -> None:
    """By hand (复查 changed, measures kept: 诫勉谈话 only): the loss of eligibility was
    cancelled, so br-1, p-1 and p-2 are all restored for 2018 (AwardEligibilityRestored)."""
    run = _top_run()
    _decide(run, TOP, ["p-1", "p-2"], date(2018, 9, 20))
    _review(run, ReviewOutcome.CHANGED, date(2018, 11, 5), measures=[Rung.ADMONISHMENT])
    assert _names(run)[-2:] == ["DecisionReviewConcluded", "AwardEligibilityRestored"]
    lost = award_eligibility(run.ledger, 2018)
    assert (lost["organizations"], lost["persons"]) == ([], [])
    assert sorted(r["subject_id"] for r in lost["restored"]) == ["br-1", "p-1", "p-2"]


def test_a_review_keeping_the_unit_s_loss_but_no_person_restores_the_persons() -> None:
    """By hand (复查 changed: measures kept incl. 取消评优, persons kept: none): br-1 keeps
    its loss, p-1 and p-2 are restored."""
    run = _top_run()
    _decide(run, TOP, ["p-1", "p-2"], date(2018, 9, 20))
    _review(run, ReviewOutcome.CHANGED, date(2018, 11, 5),
            measures=[Rung.AWARD_ELIGIBILITY_REVOKED], person_ids=[])  # fmt: skip
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert lost["persons"] == []
    assert sorted(r["subject_id"] for r in lost["restored"]) == ["p-1", "p-2"]


def test_an_upheld_review_restores_nothing() -> None:
    """By hand (复查 upheld): the decision stands; no AwardEligibilityRestored."""
    run = _top_run()
    _decide(run, TOP, ["p-1"], date(2018, 9, 20))
    _review(run, ReviewOutcome.UPHELD, date(2018, 11, 5))
    assert _names(run)[-1] == "DecisionReviewConcluded"
    lost = award_eligibility(run.ledger, 2018)
    assert [p["person_id"] for p in lost["persons"]] == ["p-1"]
    assert lost["restored"] == []


# ── year of the award eligibility ───────────────────────────────────────────────


def test_award_loss_is_for_the_year_of_the_failure_not_of_the_decision() -> None:
    """By hand (四: 取消…年度评优评先资格; award_year: the year holding the period's middle):
    br-1 misses its 2018-Q4 支部党员大会 (due 2019-01-10, overdue 01-11, rectify by 02-10);
    the deadline passes, serious consequences are determined 2019-03-01, the committee
    decides on 2019-03-20. The loss is of the 2018 eligibility; 2019 untouched."""
    run = Run()
    run.send(tick(date(2019, 1, 1)))
    run.on(
        date(2019, 1, 11), envelope(duty(DutyOverdue, "br-1", "2018-Q4"), "q4", date(2019, 1, 11))
    )
    run.until(date(2019, 2, 12))
    q4 = case_id("duty", "br-1", QUARTERLY, "2018-Q4", "")
    _serious(run, date(2019, 3, 1), q4)
    _decide(run, TOP, [], date(2019, 3, 20), case=q4)
    revoked = [a for a in run.actions() if type(a).__name__ == "AwardEligibilityRevoked"]
    assert [a.model_dump()["year"] for a in revoked] == [2018]
    assert award_eligibility(run.ledger, 2019)["organizations"] == []
    assert [o["organization_id"] for o in award_eligibility(run.ledger, 2018)["organizations"]] == [
        "br-1"
    ]


# ── rectification in time / late evidence stop the ladder ───────────────────────────


def test_rectification_accepted_in_time_stops_every_rung() -> None:
    """By hand (四 限期整改; policy: RectificationAccepted clears the criticism's deadline):
    accepted 08-05, before 08-10: CaseResolved; no proposal when 08-10 passes; a serious
    determination after that (09-03) finds the problem solved in time: nothing."""
    run = _overdue_run()
    accepted = RectificationAccepted(
        organization_id="br-1", case_id=CASE, accepted_on=date(2018, 8, 5)
    )
    run.on(date(2018, 8, 5), envelope(accepted, "accept", date(2018, 8, 5)))
    run.until(date(2018, 9, 1))
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 12, 31))
    assert _names(run) == ["ReminderIssued", "CriticismIssued", "CaseResolved"]


def _three_overdue() -> Run:
    """br-1 lets three distinct duties pass, overdue 05-11 (特别突出), through 05-12."""
    run = Run()
    run.send(tick(date(2018, 5, 1)))
    for n, duty_id in enumerate(MONTHLY):
        run.send(
            envelope(duty(DutyOverdue, "br-1", "2018-04", duty_id), f"over-{n}", date(2018, 5, 11))
        )
    run.send(envelope(duty(DutyOverdue, "br-1", "2018-Q1"), "over-q1", date(2018, 5, 11)))
    run.until(date(2018, 5, 12))
    return run


def test_late_evidence_resolves_a_prominent_case_before_its_deadline() -> None:
    """By hand (policy: DutyFulfilledLate clears the criticism's deadline): three distinct
    duties overdue 05-11 -> three criticisms and three 特别突出 proposals (05-12). The
    quarterly meeting's evidence arrives late, 05-20: that case is resolved; when the
    criticisms' deadline (06-10) passes, no further proposal is made for any case (the
    two open ones are already proposed) and nothing is taken."""
    run = _three_overdue()
    late = duty(DutyFulfilledLate, "br-1", "2018-Q1", fulfilled_on=date(2018, 5, 20))
    run.on(date(2018, 5, 20), envelope(late, "late-q1", date(2018, 5, 20)))
    run.until(date(2018, 7, 31))
    assert _names(run) == ["CriticismIssued"] * 3 + ["AccountabilityProposed"] * 3 + [
        "CaseResolved"
    ]
    q1 = find_case(run.ledger, case_id("duty", "br-1", QUARTERLY, "2018-Q1", ""))
    assert q1 is not None
    assert q1.status is CaseStatus.RESOLVED


def test_notice_decided_then_its_fifteen_days_missed_proposes_nothing_by_itself() -> None:
    """By hand (policy: rung 3 sets 15 days; rung 4 only on 没有及时解决 AND 严重后果): the
    department records 通报、约谈 on 08-20 (rectify by 09-04); 09-04 passes unrectified:
    nothing is proposed (no rung follows 限期未整改 of rung 3); the committee then
    determines serious consequences (09-20): the top rung is proposed, not taken."""
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1"], date(2018, 8, 20),
            DecidingBody.ORGANIZATION_DEPARTMENT)  # fmt: skip
    run.until(date(2018, 9, 10))
    assert _names(run)[2:] == ["AccountabilityProposed", "NoticeCirculated", "InterviewRequired"]
    _serious(run, date(2018, 9, 20))
    assert _names(run)[5:] == ["AccountabilityProposed"]
    assert run.actions()[-1].model_dump()["proposed_to"] == "party_committee"


# ── findings: their rectification deadline is a 限期整改 ─────────────────────────────


def test_a_finding_unrectified_by_its_deadline_and_serious_is_proposed_to_the_committee() -> None:
    """By hand (四: 问题没有及时解决，造成不良影响和严重后果; policy Determined: "a rectification
    deadline of the case passed unrectified" and the committee's determination): an
    inspection finds on 07-10 a problem to rectify by 09-30 (限期整改). 09-30 passes
    unrectified (DutyOverdue 10-01, criticised). The committee determines serious
    consequences on 10-10. Both conditions hold on 10-10: the top rung is proposed to 党委
    then (not only after a second, 30-day deadline)."""
    run = Run()
    run.send(tick(date(2018, 7, 10)))
    finding = InspectionFindingRecorded(organization_id="br-1", finding_id="insp-7", question=18,
                                        description="二季度未召开支部党员大会",
                                        found_on=date(2018, 7, 10),
                                        rectification_deadline=date(2018, 9, 30))  # fmt: skip
    run.on(date(2018, 7, 10), envelope(finding, "finding-7", date(2018, 7, 10)))
    rectify = duty(DutyOverdue, "br-1", "within:finding-7", "oversight.finding.rectified",
                   period_start=date(2018, 7, 10), period_end=date(2018, 9, 30),
                   due_on=date(2018, 9, 30))  # fmt: skip
    run.on(date(2018, 10, 1), envelope(rectify, "over-finding-7", date(2018, 10, 1)))
    key = case_id("finding", "br-1", "insp-7")
    _serious(run, date(2018, 10, 10), key)
    assert _names(run) == ["CriticismIssued", "AccountabilityProposed"]
    assert run.actions()[-1].model_dump()["proposed_to"] == "party_committee"
    assert run.actions()[-1].decided_on == date(2018, 10, 10)


def test_solved_late_then_determined_serious_is_still_proposed_to_the_committee() -> None:
    """By hand (四: 问题没有及时解决，造成不良影响和严重后果 — both facts of the past): the
    criticism deadline (08-10) passes (通报、约谈 proposed 08-11); the evidence arrives late
    on 08-20 (CaseResolved); the committee determines serious consequences on 09-03. The
    problem was not solved in time and had serious consequences: the top rung is proposed
    to 党委 (a proposal, not a measure); nothing is taken."""
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    late = duty(DutyFulfilledLate, "br-1", fulfilled_on=date(2018, 8, 20))
    run.on(date(2018, 8, 20), envelope(late, "late", date(2018, 8, 20)))
    _serious(run, date(2018, 9, 3))
    assert _names(run)[2:] == ["AccountabilityProposed", "CaseResolved", "AccountabilityProposed"]
    assert run.actions()[-1].model_dump()["proposed_to"] == "party_committee"
    assert not TAKEN_ONLY_BY_DECISION & set(_names(run))


# ── one miss is one miss ────────────────────────────────────────────────────────


def test_the_same_overdue_read_again_or_repeated_later_is_one_criticism() -> None:
    """By hand (one miss, one criticism; the 30 days run from the first): br-1's overdue
    of 07-11 is delivered twice, and a repeat status with another id comes on 07-25.
    One CriticismIssued; the deadline stays 08-10; one entry on the unit's record."""
    run = _overdue_run()
    again = envelope(duty(DutyOverdue, "br-1", charged_person_ids=["p-1"]), "over", OVERDUE_DAY)
    run.send(again)
    repeat = envelope(
        duty(DutyOverdue, "br-1", charged_person_ids=["p-1"]), "over-2", date(2018, 7, 25)
    )
    run.on(date(2018, 7, 25), repeat)
    assert _names(run) == ["ReminderIssued", "CriticismIssued"]
    case = find_case(run.ledger, CASE)
    assert case is not None
    assert case.rectify_by == date(2018, 8, 10)
    assert {work for _, work in run.ledger.overdue["br-1"]} == {QUARTERLY}
    run.until(date(2018, 8, 12))
    assert _names(run)[2:] == ["AccountabilityProposed"]


def test_widespread_needs_thirty_percent_not_only_three_units() -> None:
    """By hand (四 普遍性; policy share 0.3 AND min_units 3): 3 of 11 branches overdue on the
    2018-Q2 meeting = 27 %: not widespread; three criticisms, no proposal by 07-13."""
    run = Run()
    run.days(date(2018, 6, 20), date(2018, 7, 10))
    for n in range(11):
        org = f"br-{n:02d}"
        kind, day = (DutyOverdue, OVERDUE_DAY) if n < 3 else (DutyFulfilled, date(2018, 6, 20))
        run.send(envelope(duty(kind, org), f"{kind.__name__}-{org}", day))
    run.days(OVERDUE_DAY, date(2018, 7, 13))
    assert _names(run) == ["CriticismIssued"] * 3


def test_under_policy_v2_a_decision_takes_effect_exactly_and_for_the_failure_s_year() -> None:
    """By hand (policy v2 from 2019-09-01, same ladder; 四 取消年度评优评先资格): br-1 misses
    its 2019-Q2 meeting (overdue 07-11, rectify by 08-10, v1 then); the deadline passes;
    serious consequences determined 2019-09-10 (v2): top rung proposed. The committee
    decides on 2019-09-20 诫勉谈话 and 取消评优 for p-1 only (no 通报批评): exactly
    AdmonishmentRequired and AwardEligibilityRevoked, policy v2, year 2019."""
    run = Run()
    run.send(tick(date(2019, 7, 1)))
    over = duty(DutyOverdue, "br-1", "2019-Q2", charged_person_ids=["p-1"])
    run.on(date(2019, 7, 11), envelope(over, "over-2019", date(2019, 7, 11)))
    run.until(date(2019, 8, 12))
    key = case_id("duty", "br-1", QUARTERLY, "2019-Q2", "")
    _serious(run, date(2019, 9, 10), key)
    assert _names(run) == ["CriticismIssued"] + ["AccountabilityProposed"] * 2
    _decide(run, [Rung.ADMONISHMENT, Rung.AWARD_ELIGIBILITY_REVOKED], ["p-1"],
            date(2019, 9, 20), case=key)  # fmt: skip
    assert _names(run)[3:] == ["AdmonishmentRequired", "AwardEligibilityRevoked"]
    revoked = run.actions()[-1]
    assert (revoked.policy_version, revoked.model_dump()["year"]) == ("v2", 2019)
    assert revoked.person_ids == ["p-1"]


def test_a_department_decision_to_take_no_measure_does_not_bury_a_later_missed_deadline() -> None:
    """By hand (四; policy rung 3 fires on ANY of its triggers; the system proposes, people
    decide): three distinct duties overdue 05-11: 特别突出, 通报、约谈 proposed 05-12. The
    department decides on 05-20 to take no measure (不予问责, measures []). The unit then
    lets the criticism's deadline (06-10) pass unrectified: a new ground, 限期未整改, the
    department has not weighed. Expected: a new proposal of 通报、约谈 on 06-11 with ground
    rectification_missed (the decision was taken on the 特别突出 ground alone)."""
    run = _three_overdue()
    q1 = case_id("duty", "br-1", QUARTERLY, "2018-Q1", "")
    _decide(run, [], [], date(2018, 5, 20), DecidingBody.ORGANIZATION_DEPARTMENT, case=q1)
    before = len(_proposals(run))
    run.until(date(2018, 6, 12))
    after = [
        a
        for a in run.actions()[6:]
        if a.case_id == q1 and type(a).__name__ == "AccountabilityProposed"
    ]
    assert before == 3
    assert len(after) == 1
    assert Ground.RECTIFICATION_MISSED in after[0].grounds
