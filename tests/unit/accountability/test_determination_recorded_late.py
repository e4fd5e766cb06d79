"""A determination of serious consequences (造成严重后果) recorded late (补录): the ground of
the top rung is dated by the facts, not by the day the determination was registered.

Expected outcomes were written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四
— 对不认真履行职责，责任范围内党建工作存在的问题没有及时解决，造成不良影响和严重后果的，要对
领导班子和相关责任人进行诫勉谈话，予以通报批评，并取消党组织及其负责人年度评优评先资格 —,
the policy (v1: the top rung's one trigger is ``determined``: a rectification deadline of the
case passed unrectified AND serious consequences determined by the committee, both, never
one alone; proposed to 党委, 问责条例 第三条 集体决定) and the project's rules: the system
proposes, people decide; the day decides, not the order of recording (the same facts recorded
in another order give the same proposals, naming the same persons).

What the tests take 'known' to mean: the committee's determination is a fact of its own day
(``determined_on``, 认定日期), people's act, not the system's registering of it. A decision
dated on or after that day was taken with the determination made (the department acts under
the committee, 党委领导; a same-day decision is taken as weighing it, as every ground people
or a day's first tick raise: only a count made at the day's close is not). The ground of the
top rung arises on the day both hold: the later of the determination's day and the day the
deadline was found passed (the day after it, when the tick finds it missed). A proposal is
dated the day the system makes it (on what it has registered), as everywhere else.

The case (as test_case_steps_recording_order): br-1 (secretary p-1 王丽) misses its 2018-Q2
支部党员大会: reminded 07-03, overdue 07-11 (批评, rectify by 08-10); the tick of 08-11 finds
the deadline passed and proposes 通报、约谈 to 组织部 (限期未整改).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import AccountabilityProposed
from contracts.events.base import Payload
from contracts.events.enums import DecidingBody, Ground, Office, ReviewOutcome
from contracts.events.oversight import DecisionReviewed
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.models import Case
from tests.unit.accountability.builders import Run, envelope
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    LATE,
    ON_ITS_DAY,
    _case,
    _decided,
    _record,
    _serious,
)
from tests.unit.accountability.test_decision_recorded_late import MISSED, NOTICE
from tests.unit.accountability.test_decisions_out_of_order import _proposed, _resolution
from tests.unit.accountability.test_ladder_clauses import _overdue_run

pytestmark = pytest.mark.unit

SERIOUS = Ground.SERIOUS_CONSEQUENCE
BOTH = ["rectification_missed", "serious_consequence"]
#: The top rung's proposal, to 党委 naming p-1 on both grounds.
TOP = ("AccountabilityProposed", ["p-1"], BOTH,
       ["admonishment", "notified_criticism", "award_eligibility_revoked"])  # fmt: skip


def _to_the_committee(run: Run) -> list[AccountabilityProposed]:
    """The top rung's proposals (to 党委), in order."""
    return [
        action
        for action in run.actions()
        if isinstance(action, AccountabilityProposed)
        and action.proposed_to is DecidingBody.PARTY_COMMITTEE
    ]


def _arose(case: Case, ground: Ground) -> date | None:
    """The day the case holds ``ground`` to have arisen (None: it does not cite it)."""
    return next((raised.on for raised in case.raised if raised.ground == ground), None)


def _cites(proposal: AccountabilityProposed, *days: str) -> None:
    for day in days:
        assert day in proposal.text_zh, proposal.text_zh


# ── 1. dated before a decision of 通报、约谈, recorded after it ─────────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_determination_dated_before_a_decision_recorded_after_it(order: str) -> None:
    """The committee determines serious consequences on 08-15; 组织部 decides 通报、约谈 for p-1
    on 08-20 (recorded that day). The determination is recorded on 08-15 (1) or on 08-25 (2,
    补录). 组织部's decision is upheld on review on 09-20 (DecisionReviewed).

    By hand: both conditions of 四 hold from 08-15 (08-10 passed, found on 08-11; determined
    08-15): the ground serious_consequence arises on 08-15 in both orders. (1) The top rung
    is proposed to 党委 on 08-15 naming p-1 (grounds: rectification_missed,
    serious_consequence); the decision of 08-20 takes rung 3 only (组织部 cannot take the top
    rung): the proposal stands. (2) The decision's measures, sent on 08-20, cite what was
    registered; the determination recorded on 08-25 proposes the top rung then, the same
    proposal (党委, p-1, both grounds): the decision did not take it. The determination was
    made before the decision: the decision weighed it. The review (09-20) of the decision of
    08-20 cites the grounds it weighed, both, in both orders. Both proposals cite the
    deadline passed (2018年8月10日) and the determination (2018年8月15日).
    """
    run = _overdue_run()
    determined = date(2018, 8, 15)
    if order == ON_ITS_DAY:
        _serious(run, determined)
    _record(run, _decided(date(2018, 8, 20), NOTICE, ["p-1"]), "decided", date(2018, 8, 20))
    if order == LATE:
        _serious(run, determined, recorded=date(2018, 8, 25))
    upheld = DecisionReviewed(organization_id="br-1", case_id=CASE, decision_id="dw-1",
                              outcome=ReviewOutcome.UPHELD, reviewed_on=date(2018, 9, 20),
                              reason="复查维持原决定")  # fmt: skip
    _record(run, upheld, "reviewed", date(2018, 9, 20))
    run.until(date(2018, 10, 31))

    assert _proposed(run) == [MISSED, TOP]
    [top] = _to_the_committee(run)
    assert top.decided_on == (determined if order == ON_ITS_DAY else date(2018, 8, 25))
    _cites(top, "2018年8月10日", "2018年8月15日")
    assert _arose(_case(run), SERIOUS) == determined
    [review] = [a for a in run.actions() if type(a).__name__ == "DecisionReviewConcluded"]
    assert [str(g) for g in review.grounds] == BOTH


# ── 2. dated before the deadline was missed, recorded after ────────────────────────────


def _succeeded(run: Run) -> None:
    """p-1 leaves the secretary's office on 08-07; p-3 张华 is appointed on 08-08 (both
    recorded on their day): before 08-10 passes."""
    left = OfficeHolderLeftOffice(organization_id="br-1", person_id="p-1",
                                  office=Office.SECRETARY, left_on=date(2018, 8, 7))  # fmt: skip
    run.on(date(2018, 8, 7), envelope(left, "left-p-1", date(2018, 8, 7)))
    came = OfficeHolderAppointed(organization_id="br-1", person_id="p-3", person_name="张华",
                                 office=Office.SECRETARY,
                                 appointed_on=date(2018, 8, 8))  # fmt: skip
    run.on(date(2018, 8, 8), envelope(came, "appoint-p-3", date(2018, 8, 8)))


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_determination_dated_before_the_deadline_passed(order: str) -> None:
    """The committee determines serious consequences on 08-05, before the criticism's
    deadline (08-10); recorded on 08-05 (1) or on 08-20 (2, 补录). The secretary changes
    before the deadline (:func:`_succeeded`: p-1 leaves 08-07, p-3 from 08-08).

    By hand: on 08-05 the problem is not yet 没有及时解决: nothing is proposed then (四 asks
    both). The deadline passes; the tick of 08-11 finds it missed: 通报、约谈 is proposed
    naming whoever answers that day, the secretary p-3 (整改期限届满时的责任人,
    ``missed.answering_now``), not p-1, who left before. The top rung's ground arises on 08-11,
    the later of 08-05 and 08-11, in both orders, and its proposal names p-3, who answered
    when both held: (1) proposed on 08-11 by the tick; (2) proposed on 08-20, when the
    determination is recorded. Both cite the deadline (2018年8月10日) and the
    determination (2018年8月5日).
    """
    run = _overdue_run()
    determined = date(2018, 8, 5)
    if order == ON_ITS_DAY:
        _serious(run, determined)
    _succeeded(run)
    if order == LATE:
        _serious(run, determined, recorded=date(2018, 8, 20))
    run.until(date(2018, 10, 31))

    assert [row[:3] for row in _proposed(run)] == [
        ("AccountabilityProposed", ["p-3"], ["rectification_missed"]),
        ("AccountabilityProposed", ["p-3"], BOTH),
    ]
    [top] = _to_the_committee(run)
    assert top.decided_on == (date(2018, 8, 11) if order == ON_ITS_DAY else date(2018, 8, 20))
    _cites(top, "2018年8月10日", "2018年8月5日")
    assert _arose(_case(run), SERIOUS) == date(2018, 8, 11)


# ── 3. dated after a step that met the deadline, recorded before that step ─────────────


def _around_the_determination(
    order: str, step: tuple[Payload, date], determined: date, late: date
) -> Run:
    """The case of :func:`_overdue_run` with a step of its day (``step``: the step and its
    day) recorded on it (1) or on ``late`` (2, 补录), after the determination of
    ``determined`` (recorded that day), ticked to the year's end."""
    run = _overdue_run()
    payload, its_day = step
    if order == ON_ITS_DAY:
        _record(run, payload, "step", its_day)
    _serious(run, determined)
    if order == LATE:
        _record(run, payload, "step", late)
    run.until(date(2018, 12, 31))
    return run


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize("kind", ["accepted", "closed"])
def test_a_determination_before_the_step_that_met_the_deadline_is_recorded(
    order: str, kind: str
) -> None:
    """组织部 accepts the rectification (or closes the case) on 08-05, within the criticism's
    deadline (08-10); the committee determines serious consequences on 09-03 (recorded that
    day). The step is recorded on 08-05 (1) or on 09-10 (2, 补录), after the determination.

    By hand: no deadline of the case passed unrectified: the problem was solved in time,
    四's first condition fails, whatever the consequences. (1) The case ends on 08-05;
    nothing is proposed, not on 09-03 either. (2) On what was registered, 08-10 passed
    (通报、约谈 proposed on 08-11) and on 09-03 the top rung is proposed to 党委 naming p-1
    (both grounds). The step recorded on 09-10 shows the deadline met: neither
    限期未整改 nor 问题没有及时解决 holds. The case ends citing no ground and proposing
    nothing (no decision was recorded: the proposals are withdrawn, ``ground_gone``), and
    its resolution says that the grounds of the proposals made no longer hold, naming the
    top rung's (“问题没有及时解决”). Both end alike: no deadline missed, serious determined.
    """
    step = (_resolution(kind, date(2018, 8, 5)), date(2018, 8, 5))
    run = _around_the_determination(order, step, date(2018, 9, 3), date(2018, 9, 10))

    assert _proposed(run) == ([] if order == ON_ITS_DAY else [MISSED, TOP])
    case = _case(run)
    ended = (case.grounds, case.proposed, case.missed_deadline, case.serious)
    assert ended == ([], [], False, True)
    assert [raised.ground for raised in case.raised] == []
    if order == LATE:
        [resolved] = [a for a in run.actions() if type(a).__name__ == "CaseResolved"]
        for said in ("“限期未整改”不成立", "“问题没有及时解决”不成立", "不再成立"):
            assert said in resolved.text_zh, resolved.text_zh


# ── 4. a decision recorded late replaces the deadline the ground rested on ─────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_recorded_late_moves_the_day_both_hold(order: str) -> None:
    """组织部 decides 通报、约谈 for p-1 on 08-05, before the criticism's deadline (08-10),
    recorded on 08-05 (1) or on 08-25 (2, 补录); the committee determines serious
    consequences on 08-15 (recorded that day).

    By hand (policy v1: a decided rung's deadline, 15 days, replaces the one running):
    (1) 08-10 is replaced by 08-20 and never missed; on 08-15 nothing is unsolved in time
    yet: nothing proposed. 08-20 passes unrectified (found 08-21; no rung follows rung 3's
    deadline by itself): both hold from 08-21, the top rung is proposed then to 党委 naming
    p-1 on serious_consequence alone, citing 2018年8月20日 and 2018年8月15日. (2) On what
    was registered, 通报、约谈 is proposed on 08-11 (限期未整改) and the top rung on 08-15
    (08-10 missed, determined 08-15). The decision recorded on 08-25 shows 08-10 replaced:
    限期未整改 does not hold (its text says so); but its own deadline, 08-20, ran out
    unrectified before it was recorded: the problem was not solved in time all the same,
    so the top rung's proposal stands (nothing says it no longer holds, none is made
    again), its ground dated 08-21 once the tick finds 08-20 missed, as in (1). Both end
    citing serious_consequence alone, arisen on 08-21.
    """
    step = (_decided(date(2018, 8, 5), NOTICE, ["p-1"]), date(2018, 8, 5))
    run = _around_the_determination(order, step, date(2018, 8, 15), date(2018, 8, 25))

    alone = ("AccountabilityProposed", ["p-1"], ["serious_consequence"], TOP[3])
    assert _proposed(run) == ([alone] if order == ON_ITS_DAY else [MISSED, TOP])
    [top] = _to_the_committee(run)
    assert top.decided_on == (date(2018, 8, 21) if order == ON_ITS_DAY else date(2018, 8, 15))
    _cites(top, "2018年8月15日")
    case = _case(run)
    assert case.grounds == [SERIOUS]
    assert _arose(case, SERIOUS) == date(2018, 8, 21)
    assert not any("“问题没有及时解决”不成立" in a.text_zh for a in run.actions())
