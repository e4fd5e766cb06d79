"""People's steps on a case in either recording order: on their day, or late (补录).

Each scenario is run twice: (1) every step recorded on its own day; (2) the people's
step recorded late, after a tick that has since passed a deadline. Expected outcomes
were written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 — 对思想上
不重视、工作不得力的，要提出批评，限期整改; 对带有普遍性的问题或特别突出的问题…通报…约谈;
问题没有及时解决，造成不良影响和严重后果的…诫勉谈话、通报批评、取消年度评优评先资格 —,
the policy (v1: 限期未整改 after the criticism is cleared by DutyFulfilledLate,
RectificationAccepted or CaseClosed; the criticism's notice asks 整改到位并报组织部验收)
and the project's rules: the system proposes, people decide; the day decides, not the
order of recording; no proposal stands against a person without saying that its
ground no longer holds.

Already covered elsewhere (not repeated here): acceptance in time recorded on its day
(test_ladder_clauses ``test_rectification_accepted_in_time_stops_every_rung``), a
closure after the deadline then a determination (test_decision_clauses
``test_a_determination_after_closure_still_proposes_to_the_committee``), a decision
not to act followed by a missed deadline, recorded on its day (test_ladder_clauses
``test_a_department_decision_to_take_no_measure_does_not_bury_a_later_missed_deadline``).

The case (as test_ladder_clauses): br-1 (secretary p-1 王丽, committee member p-2) misses
its 2018-Q2 支部党员大会: reminded 07-03, overdue 07-11 (批评, rectify by 08-10); the
deadline passing proposes 通报、约谈 to 组织部 on 08-11.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import activities
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.enums import DecidingBody, Ground, InterviewKind, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseClosed,
    InterviewConducted,
    RectificationAccepted,
    RectificationReported,
    SeriousConsequenceDetermined,
)
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.queries import find_case
from services.common.ids import case_id
from tests.unit.accountability.builders import (
    BEGINNING,
    QUARTERLY,
    Run,
    a_branch,
    envelope,
    from_the_facts,
    works_overdue,
)
from tests.unit.accountability.test_ladder_clauses import TAKEN_ONLY_BY_DECISION, _overdue_run
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
DEPARTMENT = DecidingBody.ORGANIZATION_DEPARTMENT
ON_ITS_DAY, LATE = "on its day", "late"
#: (event type, person_ids, grounds, measures proposed) of an output.
Out = tuple[str, list[str], list[str], list[str]]


def _out(run: Run, since: int = 0) -> list[Out]:
    rows = []
    for emitted in run.outputs[since:]:
        data = emitted.envelope.data
        assert isinstance(data, AccountabilityAction)
        measures = [str(m) for m in getattr(data, "measures", [])]
        kind = emitted.envelope.type.removeprefix("zeren.")
        rows.append((kind, list(data.person_ids), [str(g) for g in data.grounds], measures))
    return rows


def _case(run: Run, key: str = CASE) -> Case:
    case = find_case(run.ledger, key)
    assert case is not None
    return case


def _final(case: Case) -> tuple[object, ...]:
    """What a case ends as, whatever the order its steps were recorded in."""
    decided = [(d.decision_id, d.decided_on, d.measures, d.person_ids) for d in case.decisions]
    return (
        case.status,
        case.level,
        case.rectify_by,
        case.missed_deadline,
        case.serious,
        sorted(case.grounds),
        case.person_ids,
        decided,
    )


def _record(run: Run, step: Payload, event_id: str, recorded: date) -> None:
    run.on(recorded, envelope(step, event_id, recorded))


def _serious(run: Run, day: date, key: str = CASE, recorded: date | None = None) -> None:
    """The committee determines serious consequences on ``day`` (认定日期), recorded that
    day or on ``recorded`` (补录)."""
    serious = SeriousConsequenceDetermined(organization_id="br-1", case_id=key,
                                           determined_on=day, description="失管失教")  # fmt: skip
    _record(run, serious, f"serious-{day}", recorded or day)


def _decided(
    day: date, measures: list[Rung], persons: list[str], key: str = CASE
) -> AccountabilityDecided:
    return AccountabilityDecided(organization_id="br-1", case_id=key, decision_id="dw-1",
                                 decided_by=DEPARTMENT, meeting="组织部部务会", decided_on=day,
                                 measures=measures, person_ids=persons)  # fmt: skip


def _resolved_text(run: Run) -> str:
    [resolved] = [o.envelope.data for o in run.outputs if o.envelope.type == "zeren.CaseResolved"]
    assert isinstance(resolved, AccountabilityAction)
    return resolved.text_zh


# ── a. the acceptance in time, recorded after the deadline ───────────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_an_acceptance_in_time_recorded_late_leaves_no_missed_deadline(order: str) -> None:
    """组织部 accepts br-1's rectification on 08-05 (RectificationAccepted, accepted_on
    08-05), within the criticism's 30 days (to 08-10); the committee later determines
    serious consequences (09-03). Recorded on its day (1) or on 08-20 (2, 补录).

    By hand: (1) the case is resolved on 08-05 (整改已验收; policy: the acceptance clears
    the criticism's deadline) and nothing follows; the 09-03 determination finds a
    problem solved in time: no top rung (四 asks 问题没有及时解决 AND 严重后果).
    (2) On what was registered, 08-10 passed unaccepted: 通报、约谈 is proposed on 08-11
    naming p-1 (限期未整改; right on what the log had). The acceptance of 08-20 shows the
    deadline was met: the case ends RESOLVED as in (1), and its resolution says that the
    ground of the proposal (限期未整改, 2018年8月10日) no longer holds and names no
    such ground; the case keeps no missed deadline, so the 09-03 determination proposes
    nothing, as in (1). Both: the resolution names p-1; nothing above criticism taken.
    """
    run = _overdue_run()
    accepted = RectificationAccepted(organization_id="br-1", case_id=CASE,
                                     accepted_on=date(2018, 8, 5))  # fmt: skip
    recorded = date(2018, 8, 5) if order == ON_ITS_DAY else date(2018, 8, 20)
    _record(run, accepted, "accepted", recorded)
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 12, 31))

    resolved: Out = ("CaseResolved", ["p-1"], [], [])
    if order == ON_ITS_DAY:
        assert _out(run, 2) == [resolved]
    else:
        proposed = ("AccountabilityProposed", ["p-1"], ["rectification_missed"],
                    ["notice", "interview"])  # fmt: skip
        assert _out(run, 2) == [proposed, resolved]
        text = _resolved_text(run)
        for said in ("2018年8月5日", "2018年8月10日", "限期未整改", "不再成立"):
            assert said in text, text
    assert not TAKEN_ONLY_BY_DECISION & {kind for kind, *_ in _out(run)}
    assert _final(_case(run)) == (CaseStatus.RESOLVED, "criticism", None, False, True, [],
                                  ["p-1"], [])  # fmt: skip


# ── b. the unit's report instead of the acceptance ─────────────────────────────────


MEETING = "branch.general_meeting.quarterly"


def _meeting(kind: str, held_on: date) -> Payload:
    return make(activities.MeetingHeld, organization_id="br-1", meeting_id=f"m-{kind}-{held_on}",
                kind=kind, held_on=held_on, expected_attendees=10, present_attendees=9,
                topic="学习", chaired_by="p-1")  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize("accepted", [False, True])
def test_the_unit_s_report_is_not_the_acceptance(order: str, accepted: bool) -> None:
    """Through both folds (a_branch: br-1 holds every 主题党日 and its Q1 党课 on time, not
    its Q1 支部党员大会: reminded 04-01, criticised 04-16, rectify by 05-16). br-1 reports
    its rectification (RectificationReported, reported_on 05-10); with ``accepted``
    组织部 accepts it on 05-14 (RectificationAccepted). Both recorded on their day (1) or
    on 05-20 (2, 补录).

    By hand: what counts as rectified is the department's acceptance (the criticism asks
    整改到位并报组织部验收; policy cleared_by: DutyFulfilledLate, RectificationAccepted,
    CaseClosed; the duties catalog takes RectificationAccepted as a finding's evidence),
    not the unit's own report. Report only: in both orders 通报、约谈 is proposed on 05-17
    naming p-1 (限期未整改) and the case stays open: the same rows. With the acceptance:
    (1) the case ends on 05-14, nothing proposed; (2) the proposal of 05-17 is made on
    what was registered and the case ends on 05-20, its resolution saying the
    限期未整改 ground no longer holds.
    """
    report = make(RectificationReported, organization_id="br-1",
                  case_id=duty_case_id("br-1", MEETING, "2018-Q1"), reported_on=date(2018, 5, 10),
                  summary="已补开支部党员大会")  # fmt: skip
    acceptance = make(RectificationAccepted, organization_id="br-1",
                      case_id=duty_case_id("br-1", MEETING, "2018-Q1"),
                      accepted_on=date(2018, 5, 14))  # fmt: skip
    theme_days = [(date(2018, m, 20), _meeting("theme_party_day", date(2018, m, 20)))
                  for m in range(1, 6)]  # fmt: skip
    facts: list[tuple[date, Payload]] = [
        *theme_days,
        (date(2018, 3, 15), _meeting("party_lecture", date(2018, 3, 15))),
    ]
    late = order == LATE
    facts.append((date(2018, 5, 20) if late else date(2018, 5, 10), report))
    if accepted:
        facts.append((date(2018, 5, 20) if late else date(2018, 5, 14), acceptance))
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30))
    rows = [
        (e.type.removeprefix("zeren."), e.data.person_ids, e.time.date())  # type: ignore[attr-defined]
        for e in outputs
        if getattr(e.data, "duty_id", None) == MEETING
        and getattr(e.data, "period", None) == "2018-Q1"
    ]
    head = [("ReminderIssued", ["p-1"], date(2018, 4, 1)),
            ("CriticismIssued", ["p-1"], date(2018, 4, 16))]  # fmt: skip
    proposed = ("AccountabilityProposed", ["p-1"], date(2018, 5, 17))
    if not accepted:
        assert rows == [*head, proposed]
    elif not late:
        assert rows == [*head, ("CaseResolved", ["p-1"], date(2018, 5, 14))]
    else:
        assert rows == [*head, proposed, ("CaseResolved", ["p-1"], date(2018, 5, 20))]
        [resolved] = [e for e in outputs if e.type == "zeren.CaseResolved"
                      and getattr(e.data, "duty_id", None) == MEETING]  # fmt: skip
        assert "不再成立" in resolved.data.text_zh  # type: ignore[attr-defined]


# ── c. a decision recorded late ────────────────────────────────────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_recorded_after_a_later_rung_s_proposal(order: str) -> None:
    """通报、约谈 proposed 08-11; 组织部 decides 通报、约谈 for p-1 on 08-20 (15 days: to
    09-04), recorded on 08-20 (1) or on 09-10 (2, 补录); the committee determines
    serious consequences on 09-03.

    By hand: the decision of 08-20 decided rung 3 only, on the ground it had then
    (限期未整改): its measures cite that ground, not the determination made after it;
    the top rung rests on a missed deadline (08-10) and the determination (09-03), both
    facts whatever the decision: it is proposed to 党委 on 09-03 in both orders, naming
    p-1, and stands (nothing of it taken). The decision is applied to rung 3 as decided
    — NoticeCirculated and InterviewRequired for p-1, dated 08-20 — in both orders; the
    case ends alike (level notice_interview, its 09-04 deadline passed, no further
    proposal: no rung follows rung 3's deadline by itself).
    """
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    decided = _decided(date(2018, 8, 20), [Rung.NOTICE, Rung.INTERVIEW], ["p-1"])
    if order == ON_ITS_DAY:
        _record(run, decided, "decided", date(2018, 8, 20))
    _serious(run, date(2018, 9, 3))
    if order == LATE:
        _record(run, decided, "decided", date(2018, 9, 10))
    run.until(date(2018, 10, 31))

    top = ("AccountabilityProposed", ["p-1"], ["rectification_missed", "serious_consequence"],
           ["admonishment", "notified_criticism", "award_eligibility_revoked"])  # fmt: skip
    taken: list[Out] = [("NoticeCirculated", ["p-1"], ["rectification_missed"], []),
             ("InterviewRequired", ["p-1"], ["rectification_missed"], [])]  # fmt: skip
    assert sorted(_out(run, 3)) == sorted([top, *taken])
    decided_on = {a.decided_on for a in run.actions()[3:] if a.decision_id == "dw-1"}
    assert decided_on == {date(2018, 8, 20)}
    case = _case(run)
    assert _final(case) == (
        CaseStatus.OPEN, "notice_interview", None, True, True,
        ["rectification_missed", "serious_consequence"], ["p-1"],
        [("dw-1", date(2018, 8, 20), [Rung.NOTICE, Rung.INTERVIEW], ["p-1"])],
    )  # fmt: skip


def _three_overdue_for_p1(that_day: Iterable[Envelope] = ()) -> Run:
    """br-1 (secretary p-1, named) lets three distinct works pass, overdue 05-11: three
    criticisms (rectify by 06-10) and three 特别突出 proposals of 通报、约谈 on 05-12;
    ``that_day``: steps recorded on 05-11 after the overdue, before the day's close."""
    works = [("branch.committee_meeting.monthly", "2018-04", ["p-1"]),
             ("branch.theme_party_day.monthly", "2018-04", ["p-1"]),
             (QUARTERLY, "2018-Q1", ["p-1"])]  # fmt: skip
    return works_overdue(works, date(2018, 5, 11), that_day)


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_not_to_act_recorded_after_a_new_ground(order: str) -> None:
    """特别突出: 通报、约谈 proposed on br-1's Q1 meeting case on 05-12 (naming p-1). 组织部
    decides on 05-20 to take no measure (不予问责, measures []), recorded on 05-20 (1) or
    on 06-15 (2, 补录). The criticism's deadline (06-10) passes unrectified.

    By hand (README: a rung is proposed again when a new ground arises after a decision;
    the day decides, not the order of recording): the decision of 05-20 weighed the
    特别突出 ground only; 限期未整改 (06-10) arose after it. (1) a new proposal of 通报、
    约谈 on 06-11 with ground rectification_missed, naming p-1 (as test_ladder_clauses
    already shows). (2) on 06-11 the proposal of 05-12 is still undecided on what was
    registered, so no second one is made then; once the decision of 05-20 is recorded
    (06-15) it is known to predate the new ground: the same proposal (通报、约谈,
    grounds prominent and rectification_missed, naming p-1) is made then. Both orders
    end with the decision recorded and one proposal after it.

    CORRECTED after running: a 特别突出 proposal is dated the day the count was reached
    (05-11, the overdue day; sent with 05-12's tick), not 05-12.
    """
    run = _three_overdue_for_p1()
    q1 = case_id("duty", "br-1", QUARTERLY, "2018-Q1", "")
    decided = _decided(date(2018, 5, 20), [], [], q1)
    _record(
        run, decided, "decided", date(2018, 5, 20) if order == ON_ITS_DAY else date(2018, 6, 15)
    )
    run.until(date(2018, 7, 31))
    after = [
        (a.decided_on, a.person_ids, [str(g) for g in a.grounds])
        for a in run.actions()
        if a.case_id == q1 and type(a).__name__ == "AccountabilityProposed"
    ]
    again = date(2018, 6, 11) if order == ON_ITS_DAY else date(2018, 6, 15)
    assert after == [
        (date(2018, 5, 11), ["p-1"], ["prominent"]),
        (again, ["p-1"], ["prominent", "rectification_missed"]),
    ]


# ── d. the closure recorded after the deadline it came before ───────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_closure_before_the_deadline_recorded_late(order: str) -> None:
    """组织部 closes the case on 08-05 (CaseClosed, closed_on 08-05), before the criticism's
    deadline (08-10); recorded on 08-05 (1) or on 08-20 (2, 补录). The committee
    determines serious consequences on 09-03.

    By hand: (1) CLOSED on 08-05, nothing after (a closed case has nothing to rectify).
    (2) the 08-11 proposal is made on what was registered; on 08-20 the case ends CLOSED
    and the resolution says the 限期未整改 ground no longer holds (the case was closed
    before its deadline). In neither order is a deadline missed: the determination of
    09-03 proposes nothing (四: 没有及时解决 AND 严重后果), unlike a closure after the
    deadline (test_decision_clauses). Both end alike.
    """
    run = _overdue_run()
    closed = CaseClosed(organization_id="br-1", case_id=CASE, closed_on=date(2018, 8, 5),
                        reason="经研究，予以结案")  # fmt: skip
    _record(run, closed, "closed", date(2018, 8, 5) if order == ON_ITS_DAY else date(2018, 8, 20))
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 12, 31))
    names = [kind for kind, *_ in _out(run, 2)]
    assert names == (["CaseResolved"] if order == ON_ITS_DAY else
                     ["AccountabilityProposed", "CaseResolved"])  # fmt: skip
    if order == LATE:
        assert "不再成立" in _resolved_text(run)
    assert _final(_case(run)) == (CaseStatus.CLOSED, "criticism", None, False, True, [],
                                  ["p-1"], [])  # fmt: skip


# ── e. the interview recorded after the deadline that followed it ────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_an_interview_held_in_time_recorded_late(order: str) -> None:
    """组织部 decides 约谈 for p-1 on 08-15 (rung 3's 15 days: to 08-30); the interview is
    held on 08-25 (InterviewConducted), recorded on 08-25 (1) or 09-10 (2, 补录).

    By hand: the system sets no deadline on an interview (InterviewConducted changes no
    rung; rung 3's 15 days are for the rectification 约谈 urges: 督促…抓紧整改). In both
    orders: InterviewRequired for p-1 and nothing after — no proposal for a missed
    interview, none for the passed 08-30 deadline (no rung follows rung 3's by itself);
    the case notes 2018年8月25日约谈：王丽（p-1）; it ends alike.
    """
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    _record(run, _decided(date(2018, 8, 15), [Rung.INTERVIEW], ["p-1"]), "decided",
            date(2018, 8, 15))  # fmt: skip
    held = InterviewConducted(organization_id="br-1", case_id=CASE, person_id="p-1",
                              kind=InterviewKind.INTERVIEW,
                              conducted_on=date(2018, 8, 25))  # fmt: skip
    _record(run, held, "held", date(2018, 8, 25) if order == ON_ITS_DAY else date(2018, 9, 10))
    run.until(date(2018, 12, 31))
    assert [kind for kind, *_ in _out(run, 3)] == ["InterviewRequired"]
    assert _out(run, 3)[0][1] == ["p-1"]
    assert any("2018年8月25日约谈：王丽（p-1）" in step.what for step in _case(run).history)
    assert _final(_case(run)) == (
        CaseStatus.OPEN, "notice_interview", None, True, False, ["rectification_missed"],
        ["p-1"], [("dw-1", date(2018, 8, 15), [Rung.INTERVIEW], ["p-1"])],
    )  # fmt: skip
    assert Ground.RECTIFICATION_MISSED in _case(run).grounds
