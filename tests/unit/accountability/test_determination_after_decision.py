"""A determination of serious consequences (造成严重后果) dated before the committee's decision
of the top rung and recorded after it (补录): the decision weighed it, whatever the order.

Expected outcomes were written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四
— 对不认真履行职责，责任范围内党建工作存在的问题没有及时解决，造成不良影响和严重后果的，要对
领导班子和相关责任人进行诫勉谈话，予以通报批评，并取消党组织及其负责人年度评优评先资格 —,
the policy (v1: the top rung's one trigger is ``determined``, both conditions; proposed to
党委, 问责条例 第三条 集体决定) and the project's rules: the system proposes, people decide;
the day decides, not the order of recording (the same facts in any order: the same grounds,
with the same days). A decision weighed the grounds that stood on its day
(``Case.grounds_on``): so say its measures and any review of it (申诉、复查). A rung a
decision took is not proposed again for a ground that arose before that decision: the
decision overtook the proposal (不再另行研究, as ``actions._overtaken`` says of one made).

The case (as test_determination_recorded_late): br-1 (secretary p-1 王丽) misses its 2018-Q2
支部党员大会: reminded 07-03, overdue 07-11 (批评, rectify by 08-10); the tick of 08-11 finds
the deadline passed and proposes 通报、约谈 to 组织部 (限期未整改, arisen 08-11).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.enums import Ground, ReviewOutcome
from tests.unit.accountability.test_case_steps_recording_order import (
    LATE,
    ON_ITS_DAY,
    _case,
    _out,
    _record,
    _serious,
)
from tests.unit.accountability.test_decision_recorded_late import MISSED, _committee, _noted
from tests.unit.accountability.test_decisions_out_of_order import _proposed
from tests.unit.accountability.test_determination_recorded_late import BOTH, TOP, _arose
from tests.unit.accountability.test_ladder_clauses import _overdue_run, _review

pytestmark = pytest.mark.unit

#: Both recorded late (补录): the determination first, then the decision.
BOTH_LATE = "both late"


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE, BOTH_LATE])
def test_a_determination_dated_before_the_top_rung_decision_recorded_after_it(
    order: str,
) -> None:
    """The committee determines serious consequences on 08-15; 党委 decides the top rung
    (诫勉谈话、通报批评、取消年度评优评先资格) for p-1 on 08-20 (dw-1); the decision is upheld
    on review on 09-20 (recorded that day). Recorded: (1) each on its day; (2) the decision
    on 08-20, the determination on 08-25 (补录, after the decision); (3) the determination
    on 08-25, the decision on 09-01 (both 补录).

    By hand: both conditions of 四 hold from 08-15 (08-10 passed, found 08-11; determined
    08-15): the ground serious_consequence arises on 08-15 in every order, and the decision
    of 08-20 weighed it and 限期未整改 (08-11): the case ends citing both, with those days,
    and the review of 09-20 cites both (BOTH), in every order.
    (1) The top rung is proposed to 党委 on 08-15 naming p-1 on both grounds; the decision's
    measures on 08-20 cite both. (3) The same proposal on 08-25 (on what was registered);
    the decision recorded on 09-01 cites both. (2) The decision's measures, sent on 08-20,
    cite what was registered then (限期未整改 only). The determination recorded on 08-25
    proposes nothing: the top rung was taken by 党委 on 08-20, after the ground arose, so a
    proposal would ask people what they decided already; the case says the determination
    of 08-15 was weighed by that decision, 不再另行研究.
    """
    run = _overdue_run()
    determined, decided = date(2018, 8, 15), date(2018, 8, 20)
    if order == ON_ITS_DAY:
        _serious(run, determined)
    if order != BOTH_LATE:
        _record(run, _committee(decided), "decided", decided)
    if order != ON_ITS_DAY:
        _serious(run, determined, recorded=date(2018, 8, 25))
    if order == BOTH_LATE:
        _record(run, _committee(decided), "decided", date(2018, 9, 1))
    _review(run, ReviewOutcome.UPHELD, date(2018, 9, 20))
    run.until(date(2018, 10, 31))

    assert _proposed(run) == ([MISSED] if order == LATE else [MISSED, TOP])
    case = _case(run)
    assert sorted(case.grounds) == BOTH
    days = (_arose(case, Ground.RECTIFICATION_MISSED), _arose(case, Ground.SERIOUS_CONSEQUENCE))
    assert days == (date(2018, 8, 11), date(2018, 8, 15))
    measures = [row for row in _out(run) if row[0] == "AdmonishmentRequired"]
    assert measures == [
        ("AdmonishmentRequired", ["p-1"], ["rectification_missed"] if order == LATE else BOTH, [])
    ]
    [review] = [a for a in run.actions() if type(a).__name__ == "DecisionReviewConcluded"]
    assert [str(g) for g in review.grounds] == BOTH
    if order == LATE:
        assert "不再另行研究" in _noted(run), _noted(run)
