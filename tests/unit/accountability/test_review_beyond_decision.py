"""A review (复查) that changes a decision keeps only what the decision took.

Expected outcomes, written by hand before the change. The contract's 变更 (``changed``)
keeps only the measures and persons it lists, of those the decision took (a review
reconsiders a decision; an appeal does not aggravate it, 申诉不加重). One listing a
measure or a person the decision did not take is bad input: before, it was applied in
part, silently (its extra measure not taken, the rest changed, the decision reading
变更, its conclusion sent), so the department could believe a loss of award eligibility
(取消年度评优评先资格) was imposed that never was. Now it is not applied at all and the case
says why (复查变更所列…非原决定所作…，未予执行), as for a review of a decision already revoked: the
department records the review again as it was concluded.

The case (as test_review_before_decision): br-1 (secretary p-1), the top rung proposed
on 09-03; 李强 (p-2), another holder of br-1, is not named by the decision.

1. The committee decides 诫勉谈话 alone for p-1 on 10-10 (dw-1). A review of 11-01
   变更 to 诫勉谈话 and 取消年度评优评先资格: not applied; nothing sent; dw-1 reads as
   decided (not reviewed); no eligibility lost; the case notes the measure named.
2. The committee decides all three top-rung measures for p-1 on 10-10. A review of 11-01
   变更 keeping 诫勉谈话 for p-2: not applied; the eligibility of br-1 and p-1 stays lost;
   the case notes p-2.
3. The same decision; a review keeping 诫勉谈话 for p-1: applied as before (变更; the
   eligibility of br-1 and p-1 restored as of 11-01).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.enums import ReviewOutcome, Rung
from services.accountability.domain.queries import find_case
from tests.unit.accountability.builders import Run
from tests.unit.accountability.test_case_steps_recording_order import CASE, _record
from tests.unit.accountability.test_decision_recorded_late import _committee
from tests.unit.accountability.test_ladder_clauses import TOP
from tests.unit.accountability.test_review_before_decision import (
    DECIDED,
    _eligibility,
    _kinds,
    _proposed_top,
    _review,
    _reviewed,
)

pytestmark = pytest.mark.unit

REVIEWED = date(2018, 11, 1)


def _reviewed_after(
    measures: list[Rung], kept: list[Rung], persons: list[str]
) -> tuple[Run, list[str]]:
    """The top rung decided with ``measures`` for p-1 on 10-10, then a review of 11-01
    changing it to ``kept`` for ``persons``; with what the review sent."""
    run = _proposed_top()
    _record(run, _committee(DECIDED).model_copy(update={"measures": measures}), "decided", DECIDED)
    review = _review(REVIEWED, ReviewOutcome.CHANGED, kept).model_copy(
        update={"person_ids": persons}
    )
    since = len(run.outputs)
    _record(run, review, "reviewed", REVIEWED)
    return run, _kinds(run, since)


def _last_note(run: Run) -> str:
    found = find_case(run.ledger, CASE)
    assert found is not None
    return found.history[-1].what


def test_a_review_adding_a_measure_is_not_applied() -> None:
    kept = [Rung.ADMONISHMENT, Rung.AWARD_ELIGIBILITY_REVOKED]
    run, sent = _reviewed_after([Rung.ADMONISHMENT], kept, ["p-1"])
    assert sent == []
    assert _reviewed(run) == [("dw-1", None)]
    assert _eligibility(run) == []
    assert _last_note(run) == (
        "复查变更所列取消年度评优评先资格非原决定（dw-1）所作，复查只保留原决定的措施和人员，未予执行"
    )


def test_a_review_naming_a_person_not_decided_is_not_applied() -> None:
    run, sent = _reviewed_after(TOP, [Rung.ADMONISHMENT], ["p-2"])
    assert sent == []
    assert _reviewed(run) == [("dw-1", None)]
    assert _eligibility(run) == [("br-1", None), ("p-1", None)]
    assert _last_note(run) == (
        "复查变更所列李强（p-2）非原决定（dw-1）所作，复查只保留原决定的措施和人员，未予执行"
    )


def test_a_review_keeping_part_of_the_decision_is_applied() -> None:
    run, sent = _reviewed_after(TOP, [Rung.ADMONISHMENT], ["p-1"])
    assert sent == ["DecisionReviewConcluded", "AwardEligibilityRestored"]
    assert _reviewed(run) == [("dw-1", "changed")]
    assert _eligibility(run) == [("br-1", REVIEWED), ("p-1", REVIEWED)]
