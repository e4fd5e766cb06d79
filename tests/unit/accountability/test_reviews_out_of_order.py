"""Two reviews of one decision (申诉、复查结论) recorded out of the order of their days.

Expected outcomes, written by hand before the change. What the decision reads after its
reviews (``DecisionRecord.reviewed``, shown on the workbench's 通报 page as 复查：…) is the
conclusion of its latest review by day, or 撤销 once any review revoked it (a revoked
decision has nothing left to review: a later review is not applied). The day decides,
not the order of recording (补录): before, the review recorded last gave its conclusion,
so a review of 11-01 entered after one of 12-01 left the decision reading as the earlier
review concluded (property: ``with_reviews`` with two reviews of a decision, 5 of 40
histories).

The case (as test_review_before_decision): br-1 (secretary p-1), the top rung proposed
on 09-03 (seed 四: 问题没有及时解决，造成不良影响和严重后果的…诫勉谈话，予以通报批评，并
取消党组织及其负责人年度评优评先资格); the committee decides it for p-1 on 10-10 (dw-1),
recorded that day.

1. A review of 11-01 changes dw-1 to 诫勉谈话 and 通报批评 (变更, eligibility dropped); one
   of 12-01 upholds what is left (维持). On their days: dw-1 reads 维持 (upheld), the
   eligibility of br-1 and p-1 restored as of 11-01. The 11-01 review entered on 12-05,
   after the 12-01 one: the same.
2. A review of 11-01 upholds dw-1; one of 12-01 changes it. On their days: 变更
   (changed), eligibility restored as of 12-01. The 11-01 review entered on 12-05: the
   same (the earlier upholding does not take the change back).
3. A review of 11-01 revokes dw-1 (撤销); one of 12-01 upholds it. On their days the
   12-01 review is not applied (已于复查中撤销): dw-1 reads 撤销, eligibility restored as of
   11-01. The 11-01 review entered on 12-05: the same reading and eligibility.
4. A review of 11-01 changes dw-1 to 诫勉谈话 and 通报批评 (eligibility dropped); one of
   12-01 revokes it. On their days: dw-1 reads 撤销, eligibility restored as of 11-01 (the
   change cancelled it). The 11-01 change entered on 12-05, after the revocation: dated
   before it, it is applied as of its day, not refused as 已于复查中撤销: the same reading
   and eligibility (property: ``with_reviews``, seed 663, restored as of the revocation).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.enums import ReviewOutcome, Rung
from tests.unit.accountability.test_decision_recorded_late import _committee
from tests.unit.accountability.test_review_before_decision import (
    DECIDED,
    Step,
    _both_orders,
    _eligibility,
    _review,
    _reviewed,
)

pytestmark = pytest.mark.unit

EARLY, LATE, ENTERED = date(2018, 11, 1), date(2018, 12, 1), date(2018, 12, 5)
CHANGED = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM]


def _ends(first: ReviewOutcome, second: ReviewOutcome) -> tuple[list[object], list[object]]:
    """The decision's reading and the eligibility at the end, with the review of 11-01
    recorded on its day and entered on 12-05 after the one of 12-01."""
    early = _review(EARLY, first, CHANGED if first is ReviewOutcome.CHANGED else None)
    late = _review(LATE, second, CHANGED if second is ReviewOutcome.CHANGED else None)
    steps: list[tuple[Step, date]] = [(_committee(DECIDED), DECIDED), (early, ENTERED)]
    on_time, entered_late = _both_orders([*steps, (late, LATE)])
    return (
        [_reviewed(on_time), _eligibility(on_time)],
        [_reviewed(entered_late), _eligibility(entered_late)],
    )


def test_a_change_then_an_upholding_reads_upheld_whatever_the_order() -> None:
    on_time, late = _ends(ReviewOutcome.CHANGED, ReviewOutcome.UPHELD)
    restored = [("br-1", EARLY), ("p-1", EARLY)]
    assert on_time == late == [[("dw-1", "upheld")], restored]


def test_an_upholding_then_a_change_reads_changed_whatever_the_order() -> None:
    on_time, late = _ends(ReviewOutcome.UPHELD, ReviewOutcome.CHANGED)
    restored = [("br-1", LATE), ("p-1", LATE)]
    assert on_time == late == [[("dw-1", "changed")], restored]


def test_a_revocation_then_an_upholding_reads_revoked_whatever_the_order() -> None:
    on_time, late = _ends(ReviewOutcome.REVOKED, ReviewOutcome.UPHELD)
    restored = [("br-1", EARLY), ("p-1", EARLY)]
    assert on_time == late == [[("dw-1", "revoked")], restored]


def test_a_change_then_a_revocation_restores_as_of_the_change_whatever_the_order() -> None:
    on_time, late = _ends(ReviewOutcome.CHANGED, ReviewOutcome.REVOKED)
    restored = [("br-1", EARLY), ("p-1", EARLY)]
    assert on_time == late == [[("dw-1", "revoked")], restored]
