"""Facts recorded late (补录) or out of order, from the facts to the measures.

Expected outcomes written by hand before running, from the seed (沪开大委〔2017〕48号)
四, DOMAIN.md and the system's own stated rule for late facts: "the day decides, not
the order of recording" (a late leaving, dissolution or move is judged "as if it had
been recorded on time", and a waived overdue leaves the records the 特别突出 rule
counts). Calendar of ``a_branch()`` (br-1 under gb-1 under cmt, secretaries p-1,
p-g1, p-cmt): 主题党日 monthly, due the 7th of the next month; 支部党员大会 and 党课
quarterly, due 15 days after the quarter (Q1: 04-15, reminded 04-01); criticism the
day after the deadline with 30 days to rectify (四: 提出批评，限期整改); 通报、约谈
proposed on 特别突出 (three distinct works overdue within twelve months) or
限期未整改; the top rung only on a missed deadline AND a determined serious
consequence, decided by the committee.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, members, oversight, structure
from contracts.events.accountability import (
    AccountabilityAction,
    CaseResolved,
    ResponsiblePersonsCorrected,
)
from contracts.events.base import Payload
from services.accountability.domain import queries
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.models import Flag
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
from tests.unit.duties.builders import History, fold, make, of_type

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
LECTURE = "branch.party_lecture.quarterly"
THEME_DAY = "branch.theme_party_day.monthly"
VACANCY = "unit.secretary_vacancy.filled"
Row = tuple[str, str, str | None, str | None, list[str], date]


def _meeting(kind: str, held_on: date, chair: str = "p-1", org: str = "br-1") -> Payload:
    return make(
        activities.MeetingHeld,
        organization_id=org,
        meeting_id=f"m-{kind}-{held_on}",
        kind=kind,
        held_on=held_on,
        expected_attendees=10,
        present_attendees=9,
        topic="学习",
        chaired_by=chair,
    )


def _theme_days(months: range, year: int = 2018) -> list[tuple[date, Payload]]:
    """br-1's 主题党日 held and recorded on the 20th of each month in ``months``."""
    return [(date(year, m, 20), _meeting("theme_party_day", date(year, m, 20))) for m in months]


def _rows(outputs: list[Envelope], org: str = "br-1") -> list[Row]:
    rows = []
    for env in outputs:
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.organization_id == org:
            kind = env.type.removeprefix("zeren.")
            rows.append((kind, org, data.duty_id, data.period, data.person_ids, env.time.date()))
    return rows


def _about(rows: list[Row], duty: str, period: str) -> list[tuple[str, list[str], date]]:
    return [(k, p, day) for k, _, d, per, p, day in rows if (d, per) == (duty, period)]


def _works(ledger: Ledger, key: str) -> set[str]:
    return {work for _, work in ledger.overdue.get(key, [])}


# ── 1. a meeting held in time, recorded after the overdue and the criticism ────────


def test_a_meeting_held_in_time_recorded_late_leaves_no_overdue_on_the_record() -> None:
    """br-1 holds every 主题党日 and the Q1 党课 on time; its Q1 支部党员大会 was held
    on 03-10 (before the deadline 04-15) but recorded only on 04-20 (补录).

    By hand: on what was registered the meeting is reminded (04-01) and criticised
    (04-16, naming p-1; 四: 提出批评，限期整改 — right on what the log had). The record
    of 04-20 shows the duty done in time: the case ends that day (整改到位 / 已履行);
    no 限期未整改 proposal follows on 05-17; the criticism stays on record. By the day
    (not the order of recording), the meeting was not let pass, so it leaves br-1's and
    p-1's records for 特别突出 (as a late dissolution's waived overdue does).
    Observable: June's 主题党日 is missed (overdue 07-08) and the Q2 党课 (overdue
    07-16): two distinct works within twelve months, so no 特别突出 proposal on 07-17.

    CORRECTED after running (my expectation was wrong): the catalog's grace is the
    tolerance for late recording (contracts/catalog/models.py: "how long late recording
    is tolerated (grace_days)"; tests/unit/duties/test_fold.py: late evidence yields
    DutyFulfilledLate and the overdue stays). Recording after the grace is itself the
    miss, so the meeting stays on br-1's and p-1's records and with June's 主题党日 and
    the Q2 党课 makes three works: 特别突出 is proposed on 07-17 for the 党课, naming p-1.
    """
    facts = [
        *_theme_days(range(1, 6)),
        (date(2018, 3, 15), _meeting("party_lecture", date(2018, 3, 15))),
        (date(2018, 4, 20), _meeting("branch_general_meeting", date(2018, 3, 10))),
        (date(2018, 6, 20), _meeting("branch_general_meeting", date(2018, 6, 20))),
    ]
    ledger = Ledger.empty(1)
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2018, 7, 31), ledger))

    assert _about(rows, MEETING, "2018-Q1") == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-1"], date(2018, 4, 16)),
        ("CaseResolved", ["p-1"], date(2018, 4, 20)),
    ]
    proposed = [r for r in rows if r[0] == "AccountabilityProposed"]
    assert proposed == [
        ("AccountabilityProposed", "br-1", LECTURE, "2018-Q2", ["p-1"], date(2018, 7, 17))
    ]
    assert _works(ledger, "br-1") == _works(ledger, "br-1|p-1") == {MEETING, LECTURE, THEME_DAY}


def test_a_late_meeting_record_after_a_prominent_proposal() -> None:
    """br-1 records nothing in Q1 except, on 04-20, its 支部党员大会 held on 03-10.

    By hand: on 04-16 three distinct works are overdue on what was registered (主题党日
    since 02-08, the meeting, the 党课), so 通报、约谈 is proposed (特别突出, 四) for the
    meeting and the 党课 on 04-17, naming p-1. On 04-20 the meeting's case ends (held
    in time), and by the day decides the meeting leaves br-1's record: two works
    remain. The 党课's proposal, still undecided, rests on a count that no longer
    holds; the system must say so on that case (its history notes the lapsed ground),
    since people decide on the grounds they are given.

    CORRECTED after running: as in the test above, recording after the grace is the
    miss (grace = tolerated recording delay), so the meeting stays counted and the
    党课's proposal keeps a true ground: nothing is noted on the 党课's case on 04-20.
    """
    facts = [(date(2018, 4, 20), _meeting("branch_general_meeting", date(2018, 3, 10)))]
    ledger = Ledger.empty(1)
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2018, 4, 30), ledger))

    assert ("AccountabilityProposed", ["p-1"], date(2018, 4, 17)) in _about(
        rows, LECTURE, "2018-Q1"
    )
    assert ("CaseResolved", ["p-1"], date(2018, 4, 20)) in _about(rows, MEETING, "2018-Q1")
    assert MEETING in _works(ledger, "br-1")
    lecture = ledger.cases[duty_case_id("br-1", LECTURE, "2018-Q1")]
    assert lecture.is_open
    assert not any(step.on == date(2018, 4, 20) for step in lecture.history)


# ── 2. evidence recorded after a decision ─────────────────────────────────────────


def _notice_and_interview(case: str) -> Payload:
    """The department's decision of 04-25 on br-1's case: 通报、约谈 for p-1."""
    return make(
        oversight.AccountabilityDecided,
        organization_id="br-1",
        case_id=case,
        decision_id="d-1",
        decided_by="organization_department",
        meeting="组织部部务会",
        decided_on=date(2018, 4, 25),
        measures=["notice", "interview"],
        person_ids=["p-1"],
    )


def test_evidence_recorded_after_the_decision_ends_the_case_and_leaves_the_decision() -> None:
    """As above (no Q1 record), the department decides 通报、约谈 on the meeting's case on
    04-25 for p-1 (AccountabilityDecided); on 05-01 the meeting held on 03-10 is recorded.

    By hand: the decision's measures (NoticeCirculated, InterviewRequired) are issued on
    04-25 and never withdrawn by the system (问责条例 第三条: people decide; a review
    is a DecisionReviewed). The late record ends the case on 05-01 (DutyFulfilledLate
    clears the criticism's deadline), its text stating the day held (2018年3月10日);
    no further measure or proposal about the meeting follows to 06-30.
    """
    case = duty_case_id("br-1", MEETING, "2018-Q1")
    decided = _notice_and_interview(case)
    facts = [
        (date(2018, 4, 25), decided),
        (date(2018, 5, 1), _meeting("branch_general_meeting", date(2018, 3, 10))),
    ]
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30))
    about = _about(_rows(outputs), MEETING, "2018-Q1")
    assert about == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-1"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-1"], date(2018, 4, 17)),
        ("NoticeCirculated", ["p-1"], date(2018, 4, 25)),
        ("InterviewRequired", ["p-1"], date(2018, 4, 25)),
        ("CaseResolved", ["p-1"], date(2018, 5, 1)),
    ]
    [resolved] = [
        e.data for e in outputs if isinstance(e.data, CaseResolved) and e.data.duty_id == MEETING
    ]
    assert "2018年3月10日" in resolved.text_zh


def test_a_leaving_recorded_after_the_decision_leaves_the_decision_to_its_deciders() -> None:
    """As above, the department decides 通报、约谈 on the meeting's case on 04-25 for p-1;
    on 05-01 the HR system records that p-1 left br-1's secretaryship on 03-20, before
    the meeting fell due (04-15).

    By hand: the decision's measures of 04-25 stand (问责条例 第三条: people decide; the
    system withdraws no decision). p-1 did not owe the meeting when it fell due, so the
    case names p-1 no longer for what comes next (the brief: the right party answers),
    and says so (责任人更正) on 05-01; the correction must not read as if the decided
    通报 were corrected: it says that the decision stands and that adjusting it is for
    the body that took it (决定机关). The overdue leaves p-1's own record.
    """
    case = duty_case_id("br-1", MEETING, "2018-Q1")
    decided = _notice_and_interview(case)
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2018, 3, 20))  # fmt: skip
    ledger = Ledger.empty(1)
    facts = [(date(2018, 4, 25), decided), (date(2018, 5, 1), left)]
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 5, 31), ledger)
    assert _about(_rows(outputs), MEETING, "2018-Q1") == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-1"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-1"], date(2018, 4, 17)),
        ("NoticeCirculated", ["p-1"], date(2018, 4, 25)),
        ("InterviewRequired", ["p-1"], date(2018, 4, 25)),
        ("ResponsiblePersonsCorrected", [], date(2018, 5, 1)),
    ]
    [corrected] = [
        e.data
        for e in outputs
        if isinstance(e.data, ResponsiblePersonsCorrected) and e.data.duty_id == MEETING
    ]
    assert corrected.withdrawn_person_ids == ["p-1"]
    assert "已于2018年3月20日离任" in corrected.text_zh
    assert "已作出的问责决定不因本次更正而改变，是否调整由决定机关决定" in corrected.text_zh
    assert MEETING not in _works(ledger, "br-1|p-1")
    [decision] = ledger.cases[case].decisions
    assert decision.person_ids == ["p-1"]


def test_a_year_already_judged_keeps_its_revocation_until_people_review_it() -> None:
    """The 2018 Q4 支部党员大会 (due 2019-01-15) of br-1, held on 2018-12-10, is recorded on
    2019-02-25. Meanwhile: criticised 01-16 (to 02-15); the committee determines a
    serious consequence on 02-01; 02-16 the deadline passes: 通报、约谈 (限期未整改) and the
    top rung are proposed; on 02-20 the committee decides 诫勉、通报批评、取消2018年度评优
    评先资格 for br-1 and p-1.

    By hand: the award year is the period's, 2018. The late record ends the case (its
    text names the day held) but does not restore the eligibility: a decision is undone
    only by a review (DecisionReviewed → AwardEligibilityRestored; 问责条例 第三条), so
    no AwardEligibilityRestored follows, and br-1's 2018 revocation stays.
    """
    history = a_branch()
    facts: list[tuple[date, Payload]] = [
        (date(2018, m, 20), _meeting("theme_party_day", date(2018, m, 20))) for m in range(1, 13)
    ] + [(date(2019, m, 20), _meeting("theme_party_day", date(2019, m, 20))) for m in (1, 2)]
    for _q, day in ((1, date(2018, 3, 10)), (2, date(2018, 6, 10)), (3, date(2018, 9, 10))):
        facts += [
            (day, _meeting("branch_general_meeting", day)),
            (day, _meeting("party_lecture", day)),
        ]
    facts.append((date(2018, 12, 11), _meeting("party_lecture", date(2018, 12, 11))))
    case = duty_case_id("br-1", MEETING, "2018-Q4")
    serious = make(
        oversight.SeriousConsequenceDetermined,
        organization_id="br-1",
        case_id=case,
        determined_on=date(2019, 2, 1),
        description="长期不开展组织生活",
    )
    decided = make(
        oversight.AccountabilityDecided,
        organization_id="br-1",
        case_id=case,
        decision_id="d-2",
        decided_by="party_committee",
        meeting="党委会",
        decided_on=date(2019, 2, 20),
        measures=["admonishment", "notified_criticism", "award_eligibility_revoked"],
        person_ids=["p-1"],
    )
    facts += [
        (date(2019, 2, 1), serious),
        (date(2019, 2, 20), decided),
        (date(2019, 2, 25), _meeting("branch_general_meeting", date(2018, 12, 10))),
    ]
    ledger = Ledger.empty(1)
    outputs = from_the_facts(history, BEGINNING, facts, date(2019, 3, 31), ledger)
    about = _about(_rows(outputs), MEETING, "2018-Q4")
    kinds = [k for k, _, _ in about]
    assert "AwardEligibilityRevoked" in kinds
    assert about[-1] == ("CaseResolved", ["p-1"], date(2019, 2, 25))
    assert "AwardEligibilityRestored" not in kinds
    revoked = [(r.subject, r.subject_id, r.restored_on) for r in ledger.eligibility[2018]]
    assert revoked == [("organization", "br-1", None), ("person", "p-1", None)]


# ── 3. a leaving recorded late: the person's own record ───────────────────────────


def test_a_late_leaving_takes_the_works_off_the_leaver_s_own_record() -> None:
    """p-1 left br-1's secretaryship on 03-01 and p-2 took it on 03-05; both recorded on
    04-20 (补录). br-1 holds every 主题党日 but neither the Q1 meeting nor the 党课
    (overdue 04-16, named p-1 on what was registered; test_late_leaving covers the
    correction). p-2 leaves on 06-01 and p-1 is appointed again that day; Q2's meeting
    and 党课 are held; June's 主题党日 is not (overdue 07-08, p-1's).

    By hand: p-1 answered for one work (June's 主题党日): the meeting and the 党课 were
    p-2's (every measure names who owed the duty AT THE TIME). On 07-08 br-1 has three
    distinct works overdue within twelve months, so the unit is proposed for 通报、约谈
    on June's 主题党日 (特别突出), but the proposal names nobody: p-1 did not let three
    pass, and "a successor is not proposed for what a predecessor let pass" holds the
    other way round too. The two works leave p-1's own record. (p-2 is not named for them
    either: an appointment recorded late names nobody on measures already taken.)
    """
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id="br-1",
        person_id="p-1",
        office="secretary",
        left_on=date(2018, 3, 1),
    )
    p2_in = make(
        structure.OfficeHolderAppointed,
        organization_id="br-1",
        person_id="p-2",
        person_name="李强",
        office="secretary",
        appointed_on=date(2018, 3, 5),
    )
    p2_out = make(
        structure.OfficeHolderLeftOffice,
        organization_id="br-1",
        person_id="p-2",
        office="secretary",
        left_on=date(2018, 6, 1),
    )
    p1_in = make(
        structure.OfficeHolderAppointed,
        organization_id="br-1",
        person_id="p-1",
        person_name="王丽",
        office="secretary",
        appointed_on=date(2018, 6, 1),
    )
    facts = [
        *_theme_days(range(1, 6)),
        (date(2018, 4, 20), left),
        (date(2018, 4, 20), p2_in),
        (date(2018, 6, 1), p2_out),
        (date(2018, 6, 1), p1_in),
        (date(2018, 6, 10), _meeting("branch_general_meeting", date(2018, 6, 10), "p-1")),
        (date(2018, 6, 11), _meeting("party_lecture", date(2018, 6, 11), "p-1")),
    ]
    ledger = Ledger.empty(1)
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2018, 7, 31), ledger))

    assert ("ResponsiblePersonsCorrected", [], date(2018, 4, 20)) in _about(
        rows, MEETING, "2018-Q1"
    )
    june = _about(rows, THEME_DAY, "2018-06")
    assert ("AccountabilityProposed", [], date(2018, 7, 9)) in june
    assert _works(ledger, "br-1|p-1") == {THEME_DAY}


def test_a_leaving_recorded_after_a_prominent_proposal_leaves_the_miss_unnamed() -> None:
    """br-1 records nothing in 2018 (every duty missed); p-1 left its secretaryship on
    2018-11-16, recorded only on 2019-02-25, and nobody is appointed. Its 2018 年度党建
    工作总结 (yearly, grace 31: due 2019-01-31) is reminded on 01-01 and criticised on
    02-01 (30 days: 03-03), and on 02-02 通报、约谈 is proposed on it (特别突出: p-1's own
    record, as registered, shows many works overdue), all naming p-1 on what was
    registered.

    By hand: the leaving of 02-25 shows p-1 was not in office when the summary fell due,
    so the case names him no longer (责任人更正, 02-25). When the criticism's deadline
    passes (03-03, 限期未整改), the office is vacant and nobody answers for the
    rectification; p-1 is not named again on the ground that his own record was
    特别突出: 相关责任人 of that ground are among those who owed this duty, and he never
    did (the brief: the right party answers). The case ends naming nobody.
    """
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2018, 11, 16))  # fmt: skip
    ledger = Ledger.empty(1)
    summary = "unit.work_summary.yearly"
    facts = [(date(2019, 2, 25), left)]
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2019, 3, 31), ledger))
    assert _about(rows, summary, "2018") == [
        ("ReminderIssued", ["p-1"], date(2019, 1, 1)),
        ("CriticismIssued", ["p-1"], date(2019, 2, 1)),
        ("AccountabilityProposed", ["p-1"], date(2019, 2, 2)),
        ("ResponsiblePersonsCorrected", [], date(2019, 2, 25)),
    ]
    case = ledger.cases[duty_case_id("br-1", summary, "2018")]
    assert case.is_open
    assert case.missed_deadline
    assert case.person_ids == []


# ── 4. an appointment recorded late ──────────────────────────────────────────────


def test_an_appointment_recorded_late_ends_the_vacancy_case_and_its_overdue() -> None:
    """p-1 leaves br-1 on 01-10 (recorded that day); p-2 is appointed on 02-01 but
    recorded only on 04-20 (补录). gb-1 owes the vacancy filled within 90 days (due
    04-10): on what was registered it is reminded (03-11) and criticised (04-11, naming
    p-g1). By hand: the record shows it filled on 02-01, in time: gb-1's case ends on
    04-20, no 限期未整改 proposal follows (05-12), and by the day the vacancy leaves
    gb-1's and p-g1's 特别突出 records.

    CORRECTED after running: the appointment is the duty's evidence, and recording it
    after the 90 days is the miss (the grace is the recording tolerance, as for
    meetings), so the vacancy stays on gb-1's and p-g1's records; the case still ends on
    04-20 and no 限期未整改 proposal follows.
    """
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id="br-1",
        person_id="p-1",
        office="secretary",
        left_on=date(2018, 1, 10),
    )
    appointed = make(
        structure.OfficeHolderAppointed,
        organization_id="br-1",
        person_id="p-2",
        person_name="李强",
        office="secretary",
        appointed_on=date(2018, 2, 1),
    )
    ledger = Ledger.empty(1)
    facts = [(date(2018, 1, 10), left), (date(2018, 4, 20), appointed)]
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30), ledger), "gb-1")
    vacancy = [(k, p, day) for k, _, d, _, p, day in rows if d == VACANCY]
    assert vacancy == [
        ("ReminderIssued", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", ["p-g1"], date(2018, 4, 11)),
        ("CaseResolved", ["p-g1"], date(2018, 4, 20)),
    ]
    assert VACANCY in _works(ledger, "gb-1")
    assert VACANCY in _works(ledger, "gb-1|p-g1")


def test_an_appointment_recorded_late_names_the_successor_on_later_measures() -> None:
    """As above, br-1's own duties: with p-1 gone from 01-10 and p-2 unknown until 04-20,
    February's 主题党日 (overdue 03-08) names nobody on what was registered. p-2 held the
    office from 02-01, so when the criticism's deadline passes (04-07 → 04-08, before
    the record) the proposal names nobody; March's (criticised 04-08, deadline 05-08)
    passes after the record: the 限期未整改 proposal of 05-09 names p-2 (the holder that
    day; README: "when a rectification deadline passes, whoever holds it that day").
    """
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id="br-1",
        person_id="p-1",
        office="secretary",
        left_on=date(2018, 1, 10),
    )
    appointed = make(
        structure.OfficeHolderAppointed,
        organization_id="br-1",
        person_id="p-2",
        person_name="李强",
        office="secretary",
        appointed_on=date(2018, 2, 1),
    )
    facts = [(date(2018, 1, 10), left), (date(2018, 4, 20), appointed)]
    rows = _rows(from_the_facts(a_branch(), BEGINNING, facts, date(2018, 5, 31)))
    assert ("AccountabilityProposed", [], date(2018, 4, 8)) in _about(rows, THEME_DAY, "2018-02")
    march = _about(rows, THEME_DAY, "2018-03")
    assert ("CriticismIssued", [], date(2018, 4, 8)) in march
    assert [
        p for k, p, day in march if k == "AccountabilityProposed" and day == date(2018, 5, 9)
    ] == [["p-2"]]


# ── 5. a member's transfer out recorded late ─────────────────────────────────────


def _transferred_out(on: date) -> Payload:
    return make(
        members.MemberTransferredOut,
        organization_id="br-1",
        member_id="m-1",
        to_organization="某街道党委",
        transferred_on=on,
    )


def _suspended(on: date) -> Payload:
    return make(
        members.MembershipSuspended,
        organization_id="br-1",
        member_id="m-1",
        suspended_on=on,
        reason="失去联系满六个月",
        ground="lost_contact",
    )


def _member_history(
    recorded_out: date,
    left: Payload | None = None,
    last: date = date(2018, 9, 30),
    more: tuple[tuple[date, Payload], ...] = (),
) -> tuple[list[Envelope], list[Envelope], Ledger]:
    """m-1 joins br-1 on 2018-01-01, pays January's dues, leaves br-1's roll (``left``; by
    default transfers out on 02-01); the leaving is recorded on ``recorded_out``, ``more``
    facts on their days. Duties and accountability outputs to ``last``."""
    history = a_branch()
    history.member("m-1", BEGINNING, org="br-1")
    dues = make(
        members.DuesPaid,
        organization_id="br-1",
        member_id="m-1",
        month="2018-01",
        amount="30.00",
        paid_on=date(2018, 1, 15),
    )
    out = left or _transferred_out(date(2018, 2, 1))
    facts: list[tuple[date, Payload]] = [(date(2018, 1, 15), dues), (recorded_out, out), *more]
    on_their_days(history, BEGINNING, facts, last)
    _, duty_outputs = fold(history.events)
    ledger = Ledger.empty(1)
    decided = [
        out.envelope
        for offset, env in enumerate(duty_outputs)
        for out in fold_case(ledger, Delivery(0, env, offset))
    ]
    return duty_outputs, decided, ledger


def _flags_of_m1(ledger: Ledger, standing: bool | None = None) -> list[Flag]:
    return [
        f
        for f in queries.list_flags(ledger, unit="br-1", member=True, standing=standing)
        if f.member_id == "m-1"
    ]


def test_a_transfer_out_recorded_late_waives_the_dues_found_overdue_meanwhile() -> None:
    """m-1 transferred out of br-1 on 02-01 (dues paid to January, 党费交至转出当月), but
    the transfer is recorded on 08-15 (补录). On what was registered, February to July
    have no dues: on 08-01 m-1 is flagged to the branch (党章第九条, six months) and
    the months are overdue. By hand (the day decides, as for a departure recorded
    late, which "still waives a duty found overdue meanwhile"): from 02-01 m-1 owed
    br-1 no dues; on 08-15 every month from February is waived. Recorded on time
    (02-01) nothing is owed or flagged: the comparison. So the flag raised on 08-01
    (since 02-01, the day he left) no longer stands: from 08-15 br-1 keeps no standing
    flag about m-1; the one raised stays in the ledger, withdrawn on 08-15 by the
    transfer's record, saying he transferred out on 2018年2月1日 and that the flag no
    longer stands (此情况提示不再成立). The flag stood from 08-01 to 08-14."""
    on_time_duties, _, on_time = _member_history(date(2018, 2, 1))
    assert not of_type(on_time_duties, "MemberSituationFlagged")
    assert not on_time.flags.get("br-1")
    assert not of_type(on_time_duties, "DutyOverdue", member_id="m-1")

    duty_outputs, _, _ = _member_history(date(2018, 8, 15))
    flagged = of_type(duty_outputs, "MemberSituationFlagged", member_id="m-1")
    assert [f.time.date() for f in flagged] == [date(2018, 8, 1)]
    overdue = {o.data.period for o in of_type(duty_outputs, "DutyOverdue", member_id="m-1")}
    waived = {o.data.period for o in of_type(duty_outputs, "DutyWaived", member_id="m-1")}
    assert overdue
    assert overdue <= waived

    [transfer] = of_type(duty_outputs, "MemberTransferredOut")  # forwarded
    before = Ledger.empty(1)
    for offset, env in enumerate(duty_outputs[: duty_outputs.index(transfer)]):
        fold_case(before, Delivery(0, env, offset))
    assert [(f.flagged_on, f.since) for f in _flags_of_m1(before, standing=True)] == [
        (date(2018, 8, 1), date(2018, 2, 1))
    ]
    _, _, ledger = _member_history(date(2018, 8, 15))
    assert _flags_of_m1(ledger, standing=True) == []
    [withdrawn] = _flags_of_m1(ledger)
    assert (withdrawn.situation, withdrawn.since) == ("dues_unpaid_six_months", date(2018, 2, 1))
    assert withdrawn.withdrawn_on == date(2018, 8, 15)
    assert withdrawn.withdrawn_by == transfer.id
    assert withdrawn.withdrawn_zh is not None
    assert "2018年2月1日转出组织关系" in withdrawn.withdrawn_zh
    assert withdrawn.withdrawn_zh.endswith("此情况提示不再成立")
    assert _flags_of_m1(ledger, standing=False) == [withdrawn]


def test_a_suspension_recorded_late_withdraws_the_flag_raised_meanwhile() -> None:
    """m-1's membership was suspended (停止党籍) on 03-10, recorded on 08-20 (补录); he paid
    dues for January only. By hand: on what was registered, February to July have no dues
    and on 08-01 m-1 is flagged to br-1 (党章第九条, since 02-01). Recorded on time, m-1
    is off the roll from 03-10 and the run of six months never completes on it: no flag
    would have been raised. So on 08-20 the flag is withdrawn (it was raised after he left
    the roll, though its months began before): br-1 keeps no standing flag about m-1, and
    the withdrawn one says he was suspended on 2018年3月10日 (停止党籍) and no longer
    stands. No flag about m-1 is raised after the record."""
    suspended = _suspended(date(2018, 3, 10))
    on_time_duties, _, _ = _member_history(date(2018, 3, 10), suspended)
    assert not of_type(on_time_duties, "MemberSituationFlagged")

    duty_outputs, _, ledger = _member_history(date(2018, 8, 20), suspended)
    flagged = of_type(duty_outputs, "MemberSituationFlagged", member_id="m-1")
    assert [(f.time.date(), f.data.since) for f in flagged] == [
        (date(2018, 8, 1), date(2018, 2, 1))
    ]
    assert _flags_of_m1(ledger, standing=True) == []
    [withdrawn] = _flags_of_m1(ledger)
    assert withdrawn.withdrawn_on == date(2018, 8, 20)
    assert withdrawn.withdrawn_zh is not None
    assert "2018年3月10日停止党籍" in withdrawn.withdrawn_zh


def test_a_transfer_out_after_the_flag_s_months_leaves_the_flag_standing() -> None:
    """m-1 pays dues for January only and transfers out on 08-10 (after the flag), recorded
    on 08-20. By hand: February to July were his months on br-1's roll without dues; on
    08-01 he is flagged (党章第九条, since 02-01), truly: recorded on time the flag is
    raised all the same, and the transfer may be the branch's answer to it. The flag
    stands after the record: kept for br-1, not withdrawn; February to June (due the
    10th of the next month, before he left) stay overdue, none waived."""
    duty_outputs, _, ledger = _member_history(
        date(2018, 8, 20), _transferred_out(date(2018, 8, 10))
    )
    [standing] = _flags_of_m1(ledger, standing=True)
    assert (standing.flagged_on, standing.since) == (date(2018, 8, 1), date(2018, 2, 1))
    assert standing.withdrawn_on is None
    assert standing.withdrawn_zh is None
    assert _flags_of_m1(ledger) == [standing]
    overdue = {o.data.period for o in of_type(duty_outputs, "DutyOverdue", member_id="m-1")}
    waived = {o.data.period for o in of_type(duty_outputs, "DutyWaived", member_id="m-1")}
    months = {f"2018-0{m}" for m in range(2, 7)}
    assert months <= overdue
    assert not months & waived


@pytest.mark.parametrize(
    ("suspended_on", "stands"), [(date(2018, 7, 11), False), (date(2018, 7, 12), True)]
)
def test_a_suspension_recorded_late_and_the_lost_contact_flag(
    suspended_on: date, stands: bool
) -> None:
    """m-1 lost contact with br-1 on 01-10 (recorded that day); the 失联 watch runs 183
    days and flags him on 07-12 (可停止党籍). His suspension (停止党籍) is recorded on
    07-25 (补录). By hand: suspended on 07-11, the day before the flag, recorded on time
    it would have cleared the watch: the flag raised on 07-12 no longer stands and is
    withdrawn on 07-25, saying he was suspended on 2018年7月11日. Suspended on 07-12, the
    day the flag was raised (recorded on time, after that day's tick: the flag is raised
    all the same, and the suspension is the branch's answer to it), the flag stands.
    Either way, off the roll from July, m-1 is not flagged for dues on 08-01."""
    lost = make(
        members.MemberLostContact,
        organization_id="br-1",
        member_id="m-1",
        since=date(2018, 1, 10),
    )
    suspended = _suspended(suspended_on)
    duty_outputs, _, ledger = _member_history(
        date(2018, 7, 25), suspended, more=((date(2018, 1, 10), lost),)
    )
    flagged = of_type(duty_outputs, "MemberSituationFlagged", member_id="m-1")
    assert [(f.time.date(), f.data.situation.value) for f in flagged] == [
        (date(2018, 7, 12), "may_suspend_membership")
    ]
    [kept] = _flags_of_m1(ledger)
    assert kept.stands is stands
    assert _flags_of_m1(ledger, standing=True) == ([kept] if stands else [])
    if not stands:
        assert kept.withdrawn_on == date(2018, 7, 25)
        assert kept.withdrawn_zh is not None
        assert "2018年7月11日停止党籍" in kept.withdrawn_zh


# ── 6. two facts of the same day, recorded in either order ──────────────────────


@pytest.mark.parametrize("moved_first", [True, False])
def test_a_move_and_an_evaluation_of_the_same_day_in_either_order(moved_first: bool) -> None:
    """br-1's secretary p-br reported for 2018 on 2018-12-30; on 2019-02-20 br-1 is moved
    from gb-1 to gb-2 and its secretary's report evaluated (WorkReportEvaluated), both
    recorded that day, in either order. By hand: the evaluation, due 02-28, is done in
    time (四, 三、(八) 述职评议); nobody is criticised or proposed for it; gb-1's
    reminder case (01-29) ends on 02-20 in both orders; gb-2 gets no measure."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", BEGINNING)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", BEGINNING)
    history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
    history.unit("br-1", "branch", "gb-1", "p-br", BEGINNING, category="faculty")
    report = make(
        activities.WorkReportSubmitted,
        organization_id="br-1",
        person_id="p-br",
        office="secretary",
        year=2018,
        submitted_to="gb-1",
        submitted_on=date(2018, 12, 30),
    )
    moved = make(
        structure.OrganizationReparented,
        organization_id="br-1",
        parent_id="gb-2",
        reparented_on=date(2019, 2, 20),
    )
    evaluated = make(
        activities.WorkReportEvaluated,
        organization_id="br-1",
        person_id="p-br",
        year=2018,
        grade="good",
        evaluated_on=date(2019, 2, 20),
    )
    same_day = [moved, evaluated] if moved_first else [evaluated, moved]
    facts: list[tuple[date, Payload]] = [(date(2018, 12, 30), report)]
    facts += [(date(2019, 2, 20), fact) for fact in same_day]
    outputs = from_the_facts(history, BEGINNING, facts, date(2019, 4, 30))
    evaluation = "parent.branch_work_report_evaluation.yearly"
    measures = [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.time.date())  # type: ignore[attr-defined]
        for e in outputs
        if getattr(e.data, "duty_id", None) == evaluation
        and getattr(e.data, "period", "") == "2018"
    ]
    assert measures == [
        ("ReminderIssued", "gb-1", date(2019, 1, 29)),
        ("CaseResolved", "gb-1", date(2019, 2, 20)),
    ]
