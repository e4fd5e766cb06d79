"""A decision (问责决定) recorded late (补录) gives the outcome it gives on its day.

Each scenario is run twice: (1) every step recorded on its own day; (2) the decision
recorded late, after a tick that has since acted on what was registered. Expected
outcomes were written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
对思想上不重视、工作不得力的，要提出批评，限期整改; …通报…约谈…; 问题没有及时解决，造成不良
影响和严重后果的…诫勉谈话、通报批评、取消年度评优评先资格 —, the policy (v1: 批评 sets 30
days; 通报、约谈 sets 15 days from the decision; the top rung sets none; a rung's deadline
set replaces the one running) and the project's rules: the system proposes, people
decide; the day decides, not the order of recording; no proposal stands against a
person without the case saying that its ground no longer holds.

The case (as test_case_steps_recording_order): br-1 (secretary p-1 王丽) misses its
2018-Q2 支部党员大会: reminded 07-03, overdue 07-11 (批评, rectify by 08-10); on what was
registered, the tick of 08-11 finds the deadline passed and proposes 通报、约谈 to 组织部
(限期未整改) naming p-1.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import AccountabilityAction
from contracts.events.enums import DecidingBody, Rung
from contracts.events.oversight import AccountabilityDecided, RectificationAccepted
from services.accountability.domain.queries import award_eligibility
from tests.unit.accountability.builders import Run
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    LATE,
    ON_ITS_DAY,
    Out,
    _case,
    _decided,
    _final,
    _out,
    _record,
    _serious,
)
from tests.unit.accountability.test_ladder_clauses import TOP, _overdue_run

pytestmark = pytest.mark.unit

NOTICE = [Rung.NOTICE, Rung.INTERVIEW]
#: The proposal the tick of 08-11 makes on what was registered (2).
MISSED: Out = ("AccountabilityProposed", ["p-1"], ["rectification_missed"],
               ["notice", "interview"])  # fmt: skip
TOP_PROPOSED = ["admonishment", "notified_criticism", "award_eligibility_revoked"]


def _text(run: Run, kind: str) -> str:
    [data] = [o.envelope.data for o in run.outputs if o.envelope.type == f"zeren.{kind}"]
    assert isinstance(data, AccountabilityAction)
    return data.text_zh


def _noted(run: Run) -> str:
    return "\n".join(step.what for step in _case(run).history)


def _committee(day: date) -> AccountabilityDecided:
    return AccountabilityDecided(organization_id="br-1", case_id=CASE, decision_id="dw-1",
                                 decided_by=DecidingBody.PARTY_COMMITTEE,
                                 meeting="党委常委会", decided_on=day, measures=TOP,
                                 person_ids=["p-1"])  # fmt: skip


# ── 1. the decision's deadline replaces the criticism's ─────────────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_before_the_deadline_replaces_it(order: str) -> None:
    """组织部 decides 通报、约谈 for p-1 on 08-09, before the criticism's deadline (08-10);
    recorded on 08-09 (1) or on 08-15 (2, 补录). 组织部 accepts the rectification on 08-20
    (recorded that day); the committee determines serious consequences on 09-03.

    By hand: (1) the decision takes 通报、约谈 (NoticeCirculated, InterviewRequired for p-1,
    citing no ground: none stood on 08-09) and sets rung 3's deadline, 15 days: 08-24,
    replacing the criticism's; 08-10 is never missed. The acceptance of 08-20 is within
    08-24 (policy: RectificationAccepted clears it): RESOLVED, nothing missed, so the
    determination of 09-03 proposes nothing (四: 没有及时解决 AND 严重后果).
    (2) 08-11: 通报、约谈 proposed on 限期未整改 naming p-1 (right on what was registered).
    08-15: the decision of 08-09 shows the deadline of 08-10 was replaced: the measures
    are taken as in (1), citing no ground; their text and the case say that the 限期未整改
    ground (2018年8月10日) does not hold and that the proposal made on it no longer has
    that ground; the deadline is 08-24 (2018年8月24日). Then as in (1): resolved on 08-20,
    no top rung on 09-03. Both end alike: RESOLVED, level notice_interview, no missed
    deadline, serious, no grounds, p-1, the decision of 08-09.
    """
    run = _overdue_run()
    decided = _decided(date(2018, 8, 9), NOTICE, ["p-1"])
    _record(run, decided, "decided", date(2018, 8, 9) if order == ON_ITS_DAY else date(2018, 8, 15))
    accepted = RectificationAccepted(organization_id="br-1", case_id=CASE,
                                     accepted_on=date(2018, 8, 20))  # fmt: skip
    _record(run, accepted, "accepted", date(2018, 8, 20))
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 12, 31))

    taken: list[Out] = [("NoticeCirculated", ["p-1"], [], []),
                        ("InterviewRequired", ["p-1"], [], [])]  # fmt: skip
    resolved: Out = ("CaseResolved", ["p-1"], [], [])
    if order == ON_ITS_DAY:
        assert _out(run, 2) == [*taken, resolved]
        assert "补录" not in _text(run, "NoticeCirculated")
    else:
        assert _out(run, 2) == [MISSED, *taken, resolved]
        for said in ("2018年8月10日", "2018年8月24日", "“限期未整改”不成立", "不再成立"):
            assert said in _text(run, "NoticeCirculated"), _text(run, "NoticeCirculated")
            assert said in _noted(run)
    assert _case(run).missed_on is None
    assert _final(_case(run)) == (
        "resolved", "notice_interview", None, False, True, [], ["p-1"],
        [("dw-1", date(2018, 8, 9), NOTICE, ["p-1"])],
    )  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize(
    ("decided_on", "its_deadline"),
    [(date(2018, 8, 9), date(2018, 8, 24)), (date(2018, 7, 20), date(2018, 8, 4))],
)
def test_the_decision_s_own_deadline_missed_still_counts(
    order: str, decided_on: date, its_deadline: date
) -> None:
    """As above, with no acceptance: 组织部 decides 通报、约谈 for p-1 on ``decided_on``
    (08-09, or 07-20), recorded that day (1) or on 08-15 (2, 补录); its deadline
    (``its_deadline``: 15 days, 08-24 or 08-04, the latter already passed when the
    decision is recorded late) passes unrectified; serious consequences determined 09-03.

    By hand: the decision's deadline replaced the criticism's (08-10) and is the one the
    case missed (问题没有及时解决): no rung follows rung 3's deadline by itself (policy:
    限期未整改 follows the criticism's only), so nothing is proposed when it passes; the
    determination of 09-03 then proposes the top rung to 党委, naming p-1, on the ground
    of the serious consequence, in both orders. (2) also has the 08-11 proposal made on
    what was registered, its ground said no longer to hold. Both end alike: OPEN, level
    notice_interview, no deadline running, the deadline ``its_deadline`` missed, serious,
    grounds [serious_consequence], p-1.
    """
    run = _overdue_run()
    recorded = decided_on if order == ON_ITS_DAY else date(2018, 8, 15)
    _record(run, _decided(decided_on, NOTICE, ["p-1"]), "decided", recorded)
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 10, 31))

    taken: list[Out] = [("NoticeCirculated", ["p-1"], [], []),
                        ("InterviewRequired", ["p-1"], [], [])]  # fmt: skip
    top: Out = ("AccountabilityProposed", ["p-1"], ["serious_consequence"], TOP_PROPOSED)
    assert _out(run, 2) == ([*taken, top] if order == ON_ITS_DAY else [MISSED, *taken, top])
    assert _case(run).missed_on == its_deadline
    assert _final(_case(run)) == (
        "open", "notice_interview", None, True, True, ["serious_consequence"], ["p-1"],
        [("dw-1", decided_on, NOTICE, ["p-1"])],
    )  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_top_rung_decision_before_the_deadline_ends_it(order: str) -> None:
    """党委 decides the top rung (诫勉谈话、通报批评、取消评优评先资格) for p-1 on 08-05, before the
    criticism's deadline (08-10); recorded on 08-05 (1) or 08-15 (2, 补录); serious
    consequences determined 09-03.

    By hand: the top rung sets no deadline (policy: no rectification_days), so the
    criticism's ends with it on 08-05 and is never missed. (1) the three measures for p-1
    (no ground then), nothing on 08-11, nothing on 09-03 (no deadline missed: 四 asks
    没有及时解决 AND 严重后果; the rung is taken anyway). (2) the 08-11 proposal of 通报、约谈
    (限期未整改) on what was registered; on 08-15 the same three measures, their text and
    the case saying that 限期未整改 does not hold and the proposal's ground no longer does;
    nothing on 09-03. The loss of award eligibility is taken once (br-1 and p-1). Both end
    alike: OPEN, level admonishment, no deadline, none missed, serious, no grounds.
    """
    run = _overdue_run()
    recorded = date(2018, 8, 5) if order == ON_ITS_DAY else date(2018, 8, 15)
    _record(run, _committee(date(2018, 8, 5)), "decided", recorded)
    _serious(run, date(2018, 9, 3))
    run.until(date(2018, 10, 31))

    taken: list[Out] = [("AdmonishmentRequired", ["p-1"], [], []),
                        ("NotifiedCriticismIssued", ["p-1"], [], []),
                        ("AwardEligibilityRevoked", ["p-1"], [], [])]  # fmt: skip
    assert _out(run, 2) == (taken if order == ON_ITS_DAY else [MISSED, *taken])
    if order == LATE:
        for said in ("2018年8月10日", "“限期未整改”不成立", "不再成立"):
            assert said in _text(run, "AdmonishmentRequired")
            assert said in _noted(run)
    lost = award_eligibility(run.ledger, 2018)
    assert [(o["organization_id"], len(o["revocations"])) for o in lost["organizations"]] == [
        ("br-1", 1)
    ]
    assert [(p["person_id"], len(p["revocations"])) for p in lost["persons"]] == [("p-1", 1)]
    assert _final(_case(run)) == (
        "open", "admonishment", None, False, True, [], ["p-1"],
        [("dw-1", date(2018, 8, 5), TOP, ["p-1"])],
    )  # fmt: skip


# ── 2. a proposal the decision had already taken ────────────────────────────────────


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_proposal_overtaken_by_a_decision_recorded_late(order: str) -> None:
    """The criticism's deadline (08-10) is missed (通报、约谈 proposed 08-11, 限期未整改). 党委
    decides the top rung for p-1 on 09-01, recorded on 09-01 (1) or on 09-10 (2, 补录);
    the committee's determination of serious consequences is dated and recorded 09-03.

    By hand: (1) the three measures for p-1 on 09-01, citing 限期未整改 (the ground that
    stood); on 09-03 the case is at the top rung already: nothing is proposed (a rung is
    proposed once, never one the case has reached). (2) on 09-03, on what was registered,
    the top rung is proposed to 党委 naming p-1 (限期未整改 and 严重后果). On 09-10 the
    decision of 09-01 shows it had taken that rung before: the three measures are taken
    once, as in (1), citing 限期未整改 only; their text and the case say that the proposal
    of 2018年9月3日 was overtaken by the decision of 党委 of 2018年9月1日 (不再另行研究). No
    second proposal, no measure twice: br-1 and p-1 lose the 2018 eligibility once. Both
    end alike: OPEN, level admonishment, a deadline missed, serious, grounds
    [rectification_missed], p-1.
    """
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    if order == ON_ITS_DAY:
        _record(run, _committee(date(2018, 9, 1)), "decided", date(2018, 9, 1))
    _serious(run, date(2018, 9, 3))
    if order == LATE:
        _record(run, _committee(date(2018, 9, 1)), "decided", date(2018, 9, 10))
    run.until(date(2018, 10, 31))

    cited = ["rectification_missed"]
    taken: list[Out] = [("AdmonishmentRequired", ["p-1"], cited, []),
                        ("NotifiedCriticismIssued", ["p-1"], cited, []),
                        ("AwardEligibilityRevoked", ["p-1"], cited, [])]  # fmt: skip
    top: Out = ("AccountabilityProposed", ["p-1"], [*cited, "serious_consequence"], TOP_PROPOSED)
    assert _out(run, 3) == (taken if order == ON_ITS_DAY else [top, *taken])
    if order == LATE:
        for said in ("2018年9月3日", "2018年9月1日", "不再另行研究"):
            assert said in _text(run, "AdmonishmentRequired"), _text(run, "AdmonishmentRequired")
            assert said in _noted(run)
    else:
        assert "补录" not in _text(run, "AdmonishmentRequired")
    lost = award_eligibility(run.ledger, 2018)
    assert [(o["organization_id"], len(o["revocations"])) for o in lost["organizations"]] == [
        ("br-1", 1)
    ]
    assert [(p["person_id"], len(p["revocations"])) for p in lost["persons"]] == [("p-1", 1)]
    assert _final(_case(run)) == (
        "open", "admonishment", None, True, True, cited, ["p-1"],
        [("dw-1", date(2018, 9, 1), TOP, ["p-1"])],
    )  # fmt: skip
