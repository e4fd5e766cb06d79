"""A review (申诉、复查结论) recorded before the decision it reviews waits for it.

Expected outcomes, written by hand before the change. The registry does not know the
decisions, so it accepts a review whatever decision it names; the department may enter a
decision late (补录), after the review of it. Before, such a review was noted on the case
as not applied and never looked at again: once the decision was entered, its measures
stood, a loss of award eligibility (取消年度评优评先资格) the review had revoked included,
against the unit and its secretary. The day decides, not the order of recording: a
review waits for its decision and is applied when the decision is recorded, as it would
have been had the decision been entered on its day.

The case (as test_decision_recorded_late): br-1 (secretary p-1) misses its 2018-Q2
支部党员大会: criticised 07-11 with 限期整改 to 08-10; missed, 通报、约谈 proposed on 08-11
(限期未整改); the committee determines serious consequences on 09-03: the top rung
proposed (seed 四: 问题没有及时解决，造成不良影响和严重后果的…诫勉谈话，予以通报批评，并
取消党组织及其负责人年度评优评先资格). The committee decides it for p-1 on 10-10 (dw-1).

1. A review of 11-20 revokes dw-1 (撤销); recorded that day, dw-1 entered on 11-25.
   Between the two, nothing is taken or restored; the review is listed under br-1 as not
   applied yet (暂未执行), naming the decision. On 11-25 dw-1's measures are taken
   (诫勉谈话、通报批评、取消评优 for p-1), then the review: its conclusion, and the
   eligibility of br-1 and p-1 for 2018 restored as of 11-20, as when dw-1 is recorded on
   its day; dw-1 reads revoked; the list of br-1 is empty again.
2. A review that changes dw-1 to 诫勉谈话 and 通报批评 only (变更, eligibility dropped) on
   11-01, and one upholding what is left on 12-01, both recorded on their days, dw-1
   entered on 12-10: both applied in the order of their days (eligibility restored as of
   11-01), as on time.
3. A review naming a decision under the department's own number (zzb-2018-12), whose case
   no case is yet, recorded before that decision: it waits (the case id named), and is
   applied when the decision opens its case: eligibility restored.
4. A review naming a decision never entered stays listed (暂未执行) and changes nothing.
5. The service restarted between the review and the decision (its ledger saved and
   restored): as 1.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.enums import ReviewOutcome, Rung
from contracts.events.oversight import AccountabilityDecided, DecisionReviewed
from services.accountability.domain.queries import find_case, list_unapplied
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import Run
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    _out,
    _record,
    _serious,
)
from tests.unit.accountability.test_decision_recorded_late import _committee
from tests.unit.accountability.test_ladder_clauses import _overdue_run
from tests.unit.stored import stored

pytestmark = pytest.mark.unit

DECIDED = date(2018, 10, 10)
TOP_TAKEN = ["AdmonishmentRequired", "NotifiedCriticismIssued", "AwardEligibilityRevoked"]
OWN_NUMBER = "zzb-2018-12"


def _proposed_top() -> Run:
    run = _overdue_run()
    run.until(date(2018, 9, 2))
    _serious(run, date(2018, 9, 3))
    return run


def _review(
    day: date, outcome: ReviewOutcome, measures: list[Rung] | None = None, case: str = CASE
) -> DecisionReviewed:
    return DecisionReviewed(organization_id="br-1", case_id=case, decision_id="dw-1",
                            outcome=outcome, reviewed_on=day, measures=measures or [],
                            reason="复查")  # fmt: skip


def _kinds(run: Run, since: int = 0) -> list[str]:
    return [row[0] for row in _out(run)[since:]]


def _eligibility_steps(run: Run) -> list[str]:
    steps = {"AwardEligibilityRevoked", "DecisionReviewConcluded", "AwardEligibilityRestored"}
    return [kind for kind in _kinds(run) if kind in steps]


def _eligibility(run: Run) -> list[tuple[str, date | None]]:
    return [(r.subject_id, r.restored_on) for r in run.ledger.eligibility.get(2018, [])]


def _reviewed(run: Run, case: str = CASE) -> list[tuple[str, str | None]]:
    found = find_case(run.ledger, case)
    assert found is not None
    return [(d.decision_id, d.reviewed) for d in found.decisions]


Step = DecisionReviewed | AccountabilityDecided


def _both_orders(steps: list[tuple[Step, date]]) -> list[Run]:
    """The run with ``steps`` recorded on their days, and with the decision entered last
    (on the day given), each after :func:`_proposed_top`."""
    runs = []
    for late in (False, True):
        run = _proposed_top()
        ordered = sorted(steps, key=lambda s: (s[1] if late else _day(s[0]), _day(s[0])))
        for n, (step, recorded) in enumerate(ordered):
            _record(run, step, f"step-{n}-{type(step).__name__}", recorded if late else _day(step))
        runs.append(run)
    return runs


def _day(step: Step) -> date:
    return step.reviewed_on if isinstance(step, DecisionReviewed) else step.decided_on


def test_a_revoking_review_recorded_first_restores_the_eligibility() -> None:
    run = _proposed_top()
    since = len(run.outputs)
    _record(run, _review(date(2018, 11, 20), ReviewOutcome.REVOKED), "reviewed", date(2018, 11, 20))

    assert _kinds(run, since) == []
    assert _eligibility(run) == []
    [kept] = list_unapplied(run.ledger, "br-1")
    assert (kept.event_id, kept.event_type, kept.case_id) == ("reviewed", "DecisionReviewed", CASE)
    assert "复查所列决定（dw-1）未见记录，暂未执行" in kept.reason_zh

    _record(run, _committee(DECIDED), "decided", date(2018, 11, 25))

    assert _kinds(run, since) == [*TOP_TAKEN, "DecisionReviewConcluded", "AwardEligibilityRestored"]
    assert _eligibility(run) == [("br-1", date(2018, 11, 20)), ("p-1", date(2018, 11, 20))]
    assert _reviewed(run) == [("dw-1", "revoked")]
    assert list_unapplied(run.ledger, "br-1") == []


def test_a_revoking_review_ends_as_on_time() -> None:
    steps: list[tuple[Step, date]] = [(_committee(DECIDED), date(2018, 11, 25)),
             (_review(date(2018, 11, 20), ReviewOutcome.REVOKED), date(2018, 11, 20))]  # fmt: skip
    on_time, late = _both_orders(steps)

    assert _eligibility_steps(late) == _eligibility_steps(on_time) == [
        "AwardEligibilityRevoked", "DecisionReviewConcluded", "AwardEligibilityRestored",
    ]  # fmt: skip
    assert _eligibility(late) == _eligibility(on_time) == [
        ("br-1", date(2018, 11, 20)), ("p-1", date(2018, 11, 20))
    ]  # fmt: skip
    assert _reviewed(late) == _reviewed(on_time)


def test_two_reviews_waiting_are_applied_in_the_order_of_their_days() -> None:
    changed = _review(date(2018, 11, 1), ReviewOutcome.CHANGED,
                      [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM])  # fmt: skip
    upheld = _review(date(2018, 12, 1), ReviewOutcome.UPHELD)
    steps: list[tuple[Step, date]] = [(changed, date(2018, 11, 1)), (upheld, date(2018, 12, 1)),
             (_committee(DECIDED), date(2018, 12, 10))]  # fmt: skip
    on_time, late = _both_orders(steps)

    assert _eligibility_steps(late) == _eligibility_steps(on_time) == [
        "AwardEligibilityRevoked", "DecisionReviewConcluded", "AwardEligibilityRestored",
        "DecisionReviewConcluded",
    ]  # fmt: skip
    assert _eligibility(late) == _eligibility(on_time) == [
        ("br-1", date(2018, 11, 1)), ("p-1", date(2018, 11, 1))
    ]  # fmt: skip
    assert _reviewed(late) == _reviewed(on_time) == [("dw-1", "upheld")]


def test_a_review_of_a_decision_opening_its_own_case_waits_for_it() -> None:
    run = _proposed_top()
    review = _review(date(2018, 11, 20), ReviewOutcome.REVOKED, case=OWN_NUMBER)
    _record(run, review, "reviewed", date(2018, 11, 20))
    [kept] = list_unapplied(run.ledger, "br-1")
    assert kept.case_id == OWN_NUMBER
    assert "暂未执行" in kept.reason_zh

    decided = _committee(DECIDED).model_copy(update={"case_id": OWN_NUMBER})
    _record(run, decided, "decided", date(2018, 11, 25))

    assert _reviewed(run, OWN_NUMBER) == [("dw-1", "revoked")]
    assert _eligibility(run) == [("br-1", date(2018, 11, 20)), ("p-1", date(2018, 11, 20))]
    assert list_unapplied(run.ledger, "br-1") == []


def test_a_review_of_a_decision_never_entered_stays_listed_and_changes_nothing() -> None:
    run = _proposed_top()
    since = len(run.outputs)
    _record(run, _review(date(2018, 11, 20), ReviewOutcome.REVOKED), "reviewed", date(2018, 11, 20))
    run.until(date(2018, 12, 31))

    assert "DecisionReviewConcluded" not in _kinds(run, since)
    assert [s.event_id for s in list_unapplied(run.ledger, "br-1")] == ["reviewed"]
    restored = Ledger.restore(1, stored(run.ledger.take_changes()))
    assert list_unapplied(restored) == list_unapplied(run.ledger)


def test_a_review_waiting_is_kept_across_a_restart() -> None:
    run = _proposed_top()
    _record(run, _review(date(2018, 11, 20), ReviewOutcome.REVOKED), "reviewed", date(2018, 11, 20))
    run.ledger = Ledger.restore(1, stored(run.ledger.take_changes()))
    assert [s.review for s in list_unapplied(run.ledger)] == [
        _review(date(2018, 11, 20), ReviewOutcome.REVOKED)
    ]  # fmt: skip

    _record(run, _committee(DECIDED), "decided", date(2018, 11, 25))

    assert _eligibility(run) == [("br-1", date(2018, 11, 20)), ("p-1", date(2018, 11, 20))]
    assert list_unapplied(run.ledger) == []
