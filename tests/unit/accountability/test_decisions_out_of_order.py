"""People's decisions (问责决定) recorded late (补录) and out of their order: the same
deadlines, misses and proposals as recorded in the order of their days.

Expected outcomes were written BY HAND before running, from the seed (沪开大委〔2017〕48号)
四 — 对思想上不重视、工作不得力的，要提出批评，限期整改; 对带有普遍性的问题或特别突出的问题…
通报…约谈…督促各单位引起重视、抓紧整改; 问题没有及时解决，造成不良影响和严重后果的…诫勉
谈话、通报批评、取消年度评优评先资格 —, the policy (v1: 批评 sets 30 days; 通报、约谈 15 days
from the decision; the top rung none; a rung's deadline replaces the one running; 限期未整改
follows the criticism's deadline only, cleared by DutyFulfilledLate, RectificationAccepted
or CaseClosed) and the project's rules: the system proposes, people decide (a decision
weighed the grounds known when it was taken; one found after it is put to people); the day
decides, not the order of recording.

The case (as test_case_steps_recording_order): br-1 (secretary p-1 王丽) misses its 2018-Q2
支部党员大会: reminded 07-03, overdue 07-11 (批评, rectify by 08-10); on what was registered,
the tick of 08-11 finds the deadline passed and proposes 通报、约谈 to 组织部 (限期未整改).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.duties import DutyFulfilledLate
from contracts.events.enums import Ground
from contracts.events.oversight import AccountabilityDecided, CaseClosed, RectificationAccepted
from services.accountability.domain.models import Case
from tests.unit.accountability.builders import Run, duty, envelope
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    LATE,
    ON_ITS_DAY,
    Out,
    _case,
    _decided,
    _out,
    _record,
    _serious,
    _three_overdue_for_p1,
)
from tests.unit.accountability.test_decision_recorded_late import (
    MISSED,
    NOTICE,
    TOP_PROPOSED,
    _committee,
)
from tests.unit.accountability.test_grounds_dated import FIRST, Q1, _proposals
from tests.unit.accountability.test_ladder_clauses import TOP, _overdue_run
from tests.unit.duties import test_contact_point_recorded_late as contact
from tests.unit.duties import test_visits_to_own_contact_point as own

pytestmark = pytest.mark.unit

TOP_RUNG: Out = ("AccountabilityProposed", ["p-1"], ["serious_consequence"], TOP_PROPOSED)


def _second(day: date, committee: bool) -> AccountabilityDecided:
    """dw-2, dated ``day``: 通报、约谈 for p-1 by 组织部, or the top rung by 党委."""
    decided = _committee(day) if committee else _decided(day, NOTICE, ["p-1"])
    return decided.model_copy(update={"decision_id": "dw-2"})


def _proposed(run: Run) -> list[Out]:
    return [row for row in _out(run) if row[0] == "AccountabilityProposed"]


def _ends(case: Case) -> tuple[object, ...]:
    """What the case ends as, its decisions by day (recorded in either order)."""
    decided = sorted((d.decided_on, d.decision_id, d.measures) for d in case.decisions)
    return (case.status, case.level, case.rectify_by, case.missed_on, case.missed_deadline,
            case.serious, sorted(case.grounds), case.person_ids, decided)  # fmt: skip


def _text_of(run: Run, decision_id: str, kind: str) -> str:
    [data] = [o.envelope.data for o in run.outputs if o.envelope.type == f"zeren.{kind}"
              and getattr(o.envelope.data, "decision_id", None) == decision_id]  # fmt: skip
    assert isinstance(data, AccountabilityAction)
    return data.text_zh


# ── 1. two decisions recorded late, the second recorded dated earlier ─────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize("committee", [False, True], ids=["department", "committee"])
def test_two_decisions_recorded_out_of_their_order(order: str, committee: bool) -> None:
    """dw-1: 组织部 decides 通报、约谈 for p-1 on 08-05, before the criticism's deadline (08-10).
    dw-2, dated 08-25: 通报、约谈 for p-1 again by 组织部 (department), or the top rung by 党委
    (committee). Recorded on their days (1), or both late (2, 补录): dw-2 on 09-01, then dw-1
    on 09-03. The committee determines serious consequences on 09-10.

    By hand, (1): on 08-05 dw-1 brings the case to rung 3 and sets its deadline, 15 days:
    08-20, replacing 08-10 (never missed). 08-20 passes unrectified: the tick of 08-21 finds
    it missed (问题没有及时解决; no rung follows rung 3's deadline by itself, so nothing is
    proposed). dw-2 on 08-25: department: rung 3 again, no higher: it sets no deadline (none
    runs); committee: the top rung, no deadline. 09-10: department: a deadline missed and
    serious consequences: the top rung proposed to 党委 naming p-1 (ground serious_consequence);
    committee: the case is at the top already, nothing proposed.
    (2): 08-11 the 通报、约谈 proposal on 限期未整改 (on what was registered). When dw-1 is
    recorded (09-03), its day places it before dw-2: it replaced the deadline of 08-10 (that
    miss does not hold: its text says “限期未整改”不成立, with 2018年8月10日 and its own deadline
    2018年8月20日), and its deadline, 08-20, ran until dw-2's day (08-25, department: dw-2
    raised nothing, so 08-20 is the deadline that ran and was missed; committee: dw-2 came
    after it had passed): missed on 08-20, as in (1). 09-10 as in (1). Both orders end alike:
    OPEN, the rung dw-2 leaves it at, no deadline running, 08-20 missed, serious, grounds
    [serious_consequence] (department, the top proposal's) or none (committee), p-1.
    """
    run = _overdue_run()
    first, second = (
        _decided(date(2018, 8, 5), NOTICE, ["p-1"]),
        _second(date(2018, 8, 25), committee),
    )
    if order == ON_ITS_DAY:
        _record(run, first, "decided-1", date(2018, 8, 5))
        _record(run, second, "decided-2", date(2018, 8, 25))
    else:
        _record(run, second, "decided-2", date(2018, 9, 1))
        _record(run, first, "decided-1", date(2018, 9, 3))
    _serious(run, date(2018, 9, 10))
    run.until(date(2018, 10, 31))

    top = [] if committee else [TOP_RUNG]
    assert _proposed(run) == (top if order == ON_ITS_DAY else [MISSED, *top])
    assert _ends(_case(run)) == (
        "open", "admonishment" if committee else "notice_interview", None, date(2018, 8, 20),
        True, True, [] if committee else ["serious_consequence"], ["p-1"],
        [(date(2018, 8, 5), "dw-1", NOTICE),
         (date(2018, 8, 25), "dw-2", TOP if committee else NOTICE)],
    )  # fmt: skip
    if order == LATE:
        said = _text_of(run, "dw-1", "NoticeCirculated")
        for part in ("2018年8月10日", "“限期未整改”不成立", "2018年8月20日"):
            assert part in said, said


# ── 2. a decision recorded after the case was resolved ───────────────────────────────


def _resolution(kind: str, day: date) -> Payload:
    if kind == "accepted":
        return RectificationAccepted(organization_id="br-1", case_id=CASE, accepted_on=day)
    if kind == "closed":
        return CaseClosed(
            organization_id="br-1", case_id=CASE, closed_on=day, reason="经研究，予以结案"
        )
    return duty(DutyFulfilledLate, "br-1", charged_person_ids=["p-1"], fulfilled_on=day,
                evidence_event_ids=["held"])  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize(
    ("kind", "resolved_on"),
    [("accepted", date(2018, 8, 18)), ("closed", date(2018, 8, 18)),
     ("fulfilled", date(2018, 8, 18)), ("accepted", date(2018, 8, 22))],
)  # fmt: skip
def test_a_decision_recorded_after_the_case_was_resolved(
    order: str, kind: str, resolved_on: date
) -> None:
    """组织部 decides 通报、约谈 for p-1 on 08-05 (dw-1), before the criticism's deadline
    (08-10); the case ends on ``resolved_on`` (组织部 accepts the rectification, closes the
    case, or the duty is fulfilled late), recorded that day; the committee determines
    serious consequences on 09-03. dw-1 recorded on its day (1) or on 08-25 (2, 补录),
    after the case was resolved.

    By hand, (1): dw-1 replaces 08-10 with its own deadline, 08-20. Resolved on 08-18: in
    time (the policy's cleared_by), no deadline missed: the determination of 09-03 proposes
    nothing (四: 没有及时解决 AND 严重后果). Resolved on 08-22: 08-20 was missed (found 08-21;
    nothing proposed for it), so 09-03 proposes the top rung to 党委 naming p-1 (ground
    serious_consequence). (2): 08-11 the 限期未整改 proposal; the resolution of 08-18 or
    08-22, after 08-10, leaves that miss standing on what was registered. dw-1 recorded on
    08-25 shows 08-10 was replaced on 08-05 (“限期未整改”不成立, the case no longer cites
    it); its deadline 08-20 then ran until the case ended: met by a resolution of 08-18 (no
    miss; 09-03 proposes nothing), missed by one of 08-22 (missed on 08-20; 09-03 proposes
    the top rung), as in (1). The case ends alike: resolved (closed), rung 3, no deadline,
    missed on 08-20 or not at all, serious, p-1.
    """
    run = _overdue_run()
    decided = _decided(date(2018, 8, 5), NOTICE, ["p-1"])
    if order == ON_ITS_DAY:
        _record(run, decided, "decided", date(2018, 8, 5))
    _record(run, _resolution(kind, resolved_on), "resolved", resolved_on)
    if order == LATE:
        _record(run, decided, "decided", date(2018, 8, 25))
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 12, 31))

    late = resolved_on > date(2018, 8, 20)
    top = [TOP_RUNG] if late else []
    assert _proposed(run) == (top if order == ON_ITS_DAY else [MISSED, *top])
    assert _ends(_case(run)) == (
        "closed" if kind == "closed" else "resolved", "notice_interview", None,
        date(2018, 8, 20) if late else None, late, True,
        ["serious_consequence"] if late else [], ["p-1"], [(date(2018, 8, 5), "dw-1", NOTICE)],
    )  # fmt: skip
    if order == LATE:
        said = _text_of(run, "dw-1", "NoticeCirculated")
        assert "“限期未整改”不成立" in said, said


# ── 3. a decision dated the day a 特别突出 ground was found ───────────────────────────


def test_a_ground_found_at_the_day_s_close_stood_after_that_day_s_decisions() -> None:
    """By hand: 特别突出 counts what was let pass overdue up to the end of its day (日终: the
    proposal dated that day is made once every partition has passed it); 限期未整改 is found
    by the tick that opens its day. A decision dated that day was taken before the day's
    close, after its opening: it weighed the 限期未整改 ground, not the 特别突出 one, which
    stands from the next day."""
    day = date(2018, 6, 11)
    case = Case(case_id="c", organization_id="br-1", home_partition=0, subject_zh="“支部党员大会”",
                opened_on=date(2018, 5, 11), year=2018)  # fmt: skip
    case.add_ground(Ground.RECTIFICATION_MISSED, day)
    case.add_ground(Ground.PROMINENT, day)
    assert case.grounds_on(day) == [Ground.RECTIFICATION_MISSED]
    assert case.grounds_on(date(2018, 6, 12)) == [Ground.RECTIFICATION_MISSED, Ground.PROMINENT]


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_dated_the_day_of_a_prominent_ground(order: str) -> None:
    """br-1 lets three distinct works pass, overdue 05-11 (_three_overdue_for_p1). 组织部
    decides 通报、约谈 for p-1 on its Q1 meeting case on 05-11 (dw-1), recorded that day
    before its close (1) or on 05-20 (2, 补录).

    By hand (the conservative reading: a decision weighed what its deciders could know; the
    特别突出 count is made at the day's close, 日终, after anything decided that day): (1) dw-1
    takes 通报、约谈 on Q1 citing no ground (none stood) and sets 05-26 (15 days, replacing
    06-10); at 05-11's close the 特别突出 count finds Q1 at rung 3 already: nothing proposed on
    Q1 (the two other cases get theirs). (2) the 05-12 tick proposes 通报、约谈 on Q1 too
    (dated 05-11, 特别突出, naming p-1). dw-1 recorded on 05-20 did not weigh that ground (found
    after it): its measures cite no ground, as in (1); it took the very rung the proposal
    asks, so the proposal was overtaken by it: the case no longer cites 特别突出 and dw-1's
    text says so (2018年5月11日, 不再另行研究). Both: 05-26 passes unrectified (missed; rung 3's
    deadline proposes nothing by itself); Q1 ends OPEN, rung 3, no deadline, missed on 05-26,
    no grounds, p-1.
    """
    decided = _decided(date(2018, 5, 11), NOTICE, ["p-1"], Q1)
    if order == ON_ITS_DAY:
        run = _three_overdue_for_p1([envelope(decided, "decided", date(2018, 5, 11))])
    else:
        run = _three_overdue_for_p1()
        _record(run, decided, "decided", date(2018, 5, 20))
    run.until(date(2018, 7, 31))

    assert _proposals(run) == ([] if order == ON_ITS_DAY else [FIRST])
    measures = ("NoticeCirculated", "InterviewRequired")
    taken = [(a.decision_id, [str(g) for g in a.grounds]) for a in run.actions()
             if a.case_id == Q1 and type(a).__name__ in measures]  # fmt: skip
    assert taken == [("dw-1", []), ("dw-1", [])]
    if order == LATE:
        said = _text_of(run, "dw-1", "NoticeCirculated")
        for part in ("2018年5月11日", "不再另行研究"):
            assert part in said, said
    assert _ends(_case(run, Q1)) == (
        "open", "notice_interview", None, date(2018, 5, 26), True, False, [], ["p-1"],
        [(date(2018, 5, 11), "dw-1", NOTICE)],
    )  # fmt: skip


# ── 4. a fulfilment taken back after the criticism ───────────────────────────────────


@pytest.mark.parametrize(
    "assigned", [None, date(2019, 1, 20), date(2019, 2, 15)], ids=["its day", "late", "later"]
)
def test_a_fulfilment_taken_back_continues_the_criticism(assigned: date | None) -> None:
    """Through both folds (test_contact_point_recorded_late): br-1 is 党委委员 p-n's contact
    point (联系点) from 2018-02-01; he visits br-2 on 2018-03-10 and on 2018-12-20, the
    latter recorded on 2019-01-10 (补录). No visit to his 联系点 (三、（八）; catalog:
    限本人经ContactPointAssigned确定的组织). The assignment is recorded on its day, on
    2019-01-20 (late) or on 2019-02-15 (later).

    By hand, on its day: reminded 2018-11-01 (提醒), overdue 2019-01-01: 提出批评，限期整改
    (CriticismIssued naming p-n, rectify by 01-31); 01-31 passes unrectified: 通报、约谈 proposed
    on 02-01 naming p-n (限期未整改). Late: as far as the criticism; the visits counted on
    01-10 end the case (CaseResolved, true that day); the assignment of 01-20 takes them back
    (owed again: reminded 01-21, overdue afresh 03-22 after the respite duties gives). The
    case continues where it was (四's ladder: the criticism was made and its 限期 told to
    p-n; the 补录 shows nothing was rectified by it): at the criticism, its deadline 01-31
    running again, so 通报、约谈 proposed on 02-01 naming p-n, as on its day; the overdue of
    03-22 takes nothing more (the criticism was taken). Later: the same, but the deadline
    had passed while the case stood resolved: the first tick after the reopening (the
    reminder of 02-16) finds it passed: 通报、约谈 proposed on 02-17 naming p-n.

    CORRECTED after running: 02-16, not 02-17: the duties service forwards the reminder its
    tick of 02-16 caused before that tick, so the tick of 02-16 is the first after the
    reopening.
    """
    visits = [own._visit("br-2", date(2018, 3, 10)),
              (date(2019, 1, 10), own._visit("br-2", date(2018, 12, 20))[1])]  # fmt: skip
    facts = [own._assigned("br-1", contact.BR1_ON, assigned), *visits]
    mine = [(kind, day) for kind, day, persons in contact._measures(facts, date(2019, 6, 30))
            if persons == ("p-n",)]  # fmt: skip
    head = [("ReminderIssued", date(2018, 11, 1)), ("CriticismIssued", date(2019, 1, 1))]
    resolved = [] if assigned is None else [("CaseResolved", date(2019, 1, 10))]
    proposed_on = date(2019, 2, 16) if assigned == date(2019, 2, 15) else date(2019, 2, 1)
    assert mine == [*head, *resolved, ("AccountabilityProposed", proposed_on)]
