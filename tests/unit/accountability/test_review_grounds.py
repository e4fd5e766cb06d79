"""A review (申诉、复查) of a decision cites the grounds that decision weighed.

Written by hand before running, from the seed (沪开大委〔2017〕48号) 四 and the project's
rule that a decision weighed the grounds of its own day (``Case.grounds_on``): a ground
the system raised after the decision (a serious consequence determined later, 造成严重
后果, which proposes the next rung to the committee) is that proposal's matter, not the
decision's, and a review of the decision does not cite it either.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import AccountabilityAction
from contracts.events.enums import ReviewOutcome, Rung
from contracts.events.oversight import DecisionReviewed
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    _decided,
    _record,
    _serious,
)
from tests.unit.accountability.test_ladder_clauses import _overdue_run

pytestmark = pytest.mark.unit


def test_a_review_cites_the_grounds_its_decision_weighed() -> None:
    """br-1 (secretary p-1) misses its 2018-Q2 meeting: criticised 07-11 (rectify by
    08-10); the deadline passes, 通报、约谈 is proposed on 08-11 (限期未整改). 组织部 decides
    通报、约谈 for p-1 on 08-20 (recorded that day): its measures cite
    [rectification_missed]. The committee determines serious consequences on 09-03: the
    top rung is proposed on [rectification_missed, serious_consequence]. On 09-20 a review
    revokes the decision of 08-20.

    By hand: the review's conclusion (DecisionReviewConcluded) is about the decision of
    08-20 and cites what it weighed, [rectification_missed]; not serious_consequence,
    which arose on 09-03 and stands on the top-rung proposal, still undecided."""
    run = _overdue_run()
    _record(run, _decided(date(2018, 8, 20), [Rung.NOTICE, Rung.INTERVIEW], ["p-1"]),
            "decided", date(2018, 8, 20))  # fmt: skip
    _serious(run, date(2018, 9, 3))
    reviewed = DecisionReviewed(organization_id="br-1", case_id=CASE, decision_id="dw-1",
                                outcome=ReviewOutcome.REVOKED, reviewed_on=date(2018, 9, 20),
                                reason="复查认定原决定依据不足")  # fmt: skip
    _record(run, reviewed, "reviewed", date(2018, 9, 20))

    cited = {
        emitted.envelope.type.removeprefix("zeren."): [str(g) for g in data.grounds]
        for emitted in run.outputs
        if isinstance(data := emitted.envelope.data, AccountabilityAction)
    }
    assert cited["NoticeCirculated"] == ["rectification_missed"]
    assert cited["AccountabilityProposed"] == ["rectification_missed", "serious_consequence"]
    assert cited["DecisionReviewConcluded"] == ["rectification_missed"]
