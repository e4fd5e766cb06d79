"""A rectification deadline that binds nobody: nobody answers for missing it. A review
that cancels a decision's 通报、约谈 (撤销; 变更 keeping neither) voids the deadline the
decision set; so does a decision recorded late (补录) showing that a later one set none;
and a closure or acceptance dated before a deadline met it, however late recorded.

Expected outcomes, written by hand before the change, from the seed (沪开大委〔2017〕48号)
四 (提出批评，限期整改; 通报…约谈…督促各单位…抓紧整改), the policy (批评 sets 30 days,
通报、约谈 15 days from the decision, replacing the one running) and the rule that the
holders of the answering office on the day a rung's deadline passes answer for the
rectification (整改期限届满时的责任人, ``missed.answering_now``): a review that keeps none
of the measures of the rung whose deadline the decision set ends that deadline (撤销:
the measures asked nothing); a tick that found it passed named its day's holders on a
deadline that, cancelled, binds nobody. Found by a property with reviews recorded late
(seeds 3, 24, 48 of 60): the case named the successor who took office after the
criticism's deadline, for the cancelled decision's deadline only.

The case: br-1 (secretary p-1, committee member p-2) misses its 2018-Q2 支部党员大会:
criticised on 07-11, 限期整改 to 08-10; missed, 通报、约谈 proposed on 08-11 (限期未整改)
naming p-1, who held the office on 08-10. On 08-25 p-1 leaves the office and p-3 is
appointed secretary. 组织部 decides 通报、约谈 for p-1 on 09-02 (dw-1): rectify by 09-17.

1. A review of 09-15 revokes dw-1. Recorded that day, the deadline ends on it (通报、约谈经
   复查不再执行，整改期限终止): the case names p-1 to the end. Recorded on 09-28 (补录), the
   tick of 09-18 finds 09-17 passed and names p-3; the review then voids it: the case
   names p-1 again and no longer p-3, and p-3 is told (ResponsiblePersonsCorrected).
   Both orders end alike: p-1 named, the criticism's deadline (08-10) missed.
2. A review of 09-24 revokes dw-1 after 09-17 passed (p-3 named on 09-18): as the
   deadline binds nobody, the case names p-1 again and no longer p-3; the same if dw-1 is
   entered on 10-10 (补录, after its deadline) and the review recorded on 09-30 waits for
   it.
3. A review that changes dw-1 to 通报 only keeps a measure of the rung: its deadline
   stands, and 09-17 passing unrectified names p-3, whenever the review is recorded.
4. (Seeds 99, 193 with office changes recorded late too.) No handover; the committee
   determines serious consequences on 08-01; 组织部 decides 通报、约谈 for p-1 on 08-10,
   the criticism's deadline day (dw-1 replaces it: rectify by 08-25); a review of 08-20
   revokes dw-1. On time nothing is missed: the criticism's deadline was replaced, the
   decision's ended before it passed, so the top rung (四: 问题没有及时解决 and 造成严重
   后果, both) is never proposed. dw-1 entered on 09-05 (after 08-25), the review
   recorded on 08-22 waiting for it: the tick of 08-11 found 08-10 passed and proposed
   the top rung; dw-1 shows 08-10 replaced, and its own 08-25, run out by 09-05, keeps
   问题没有及时解决 until a tick finds it missed; the review then ends it before it
   passed: no deadline missed, the top rung's ground goes, the case stands as on time.
5. (Seed 146 of the same property with closures too.) A decision of a rung no higher,
   taken after the case stood at a higher one, sets no deadline; recorded before the
   higher one (补录), it did, and a tick found it passed. The handover as above, on
   09-01; the committee determines serious consequences on 08-05, so the top rung is
   proposed on 08-11 too; the committee decides it for p-1 on 08-20 (dw-1, no
   deadline: the top rung has none); 组织部 decides 通报、约谈 for p-1 on 08-27 (dw-2).
   On time dw-2 raises nothing and sets no deadline: the case names p-1. dw-2 recorded
   on its day and dw-1 on 09-20: dw-2 set 09-11, whose passing named p-3; dw-1 shows
   that dw-2 set none: the case names p-1 again and no longer p-3, as on time.
6. (Seen while writing 5.) The case as in 1, no review: a closure (结案) or an acceptance
   (整改验收) of the case dated 09-10, before dw-1's deadline. Recorded that day, the case
   ends (closed, or resolved) naming p-1. Recorded on 09-28, after the tick of 09-18
   named p-3: 09-17 was met after all (the case ended before it passed), so its naming
   does not hold; the case ends naming p-1, and p-3 is told. (A case ended by people
   keeps the persons it named when it ended: here, whom it named on 09-10.)
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.accountability import ResponsiblePersonsCorrected
from contracts.events.base import Payload
from contracts.events.enums import Ground, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    CaseClosed,
    DecisionReviewed,
    RectificationAccepted,
)
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.models import Case
from tests.unit.accountability.builders import Run
from tests.unit.accountability.test_case_steps_recording_order import (
    CASE,
    _case,
    _decided,
    _record,
    _serious,
)
from tests.unit.accountability.test_decision_recorded_late import _committee
from tests.unit.accountability.test_ladder_clauses import _overdue_run

pytestmark = pytest.mark.unit

HANDOVER = date(2018, 8, 25)
DECIDED = date(2018, 9, 2)
NOTICE = [Rung.NOTICE, Rung.INTERVIEW]


def _handed_over() -> Run:
    """The case, p-1 handing the office to p-3 on 08-25, and dw-1 waiting to be recorded."""
    run = _overdue_run()
    for n, step in enumerate(_handover(HANDOVER)):
        _record(run, step, f"handover-{n}", HANDOVER)
    assert _case(run).person_ids == ["p-1"]
    return run


def _handover(day: date) -> list[Payload]:
    """p-1 leaves the office of secretary on ``day``, p-3 appointed to it."""
    return [OfficeHolderLeftOffice(organization_id="br-1", person_id="p-1",
                                   office=Office.SECRETARY, left_on=day),
            OfficeHolderAppointed(organization_id="br-1", person_id="p-3", person_name="赵六",
                                  office=Office.SECRETARY, appointed_on=day)]  # fmt: skip


def _review(
    day: date, outcome: ReviewOutcome, measures: list[Rung] | None = None
) -> DecisionReviewed:
    return DecisionReviewed(organization_id="br-1", case_id=CASE, decision_id="dw-1",
                            outcome=outcome, reviewed_on=day, measures=measures or [],
                            reason="复查")  # fmt: skip


def _run(steps: list[tuple[Payload, date]]) -> Run:
    """:func:`_handed_over`, then ``steps`` each recorded on its day given, to 10-31."""
    run = _handed_over()
    for n, (step, recorded) in enumerate(sorted(steps, key=lambda s: s[1])):
        _record(run, step, f"step-{n}", recorded)
    run.until(date(2018, 10, 31))
    return run


def _ends(case: Case) -> tuple[object, ...]:
    return (case.status, case.person_ids, case.missed_on, case.grounds, case.rectify_by)


def _corrections(run: Run) -> list[tuple[list[str], list[str]]]:
    return [
        (list(data.withdrawn_person_ids or []), list(data.added_person_ids or []))
        for data in (o.envelope.data for o in run.outputs)
        if isinstance(data, ResponsiblePersonsCorrected)
    ]


def test_a_revocation_before_the_deadline_recorded_after_it_names_p1_again() -> None:
    decision = (_decided(DECIDED, NOTICE, ["p-1"]), DECIDED)
    revoked = _review(date(2018, 9, 15), ReviewOutcome.REVOKED)
    on_time = _run([decision, (revoked, date(2018, 9, 15))])
    late = _run([decision, (revoked, date(2018, 9, 28))])

    assert _case(on_time).person_ids == ["p-1"]
    assert _corrections(on_time) == []
    assert _ends(_case(late)) == _ends(_case(on_time))
    assert _case(late).missed_on == date(2018, 8, 10)
    assert _corrections(late) == [(["p-3"], ["p-1"])]


def test_a_revocation_after_the_deadline_names_p1_again() -> None:
    decision = _decided(DECIDED, NOTICE, ["p-1"])
    revoked = _review(date(2018, 9, 24), ReviewOutcome.REVOKED)
    on_time = _run([(decision, DECIDED), (revoked, date(2018, 9, 24))])
    waiting = _run([(decision, date(2018, 10, 10)), (revoked, date(2018, 9, 30))])

    assert _case(on_time).person_ids == ["p-1"]
    assert _corrections(on_time) == [(["p-3"], ["p-1"])]
    assert _ends(_case(waiting)) == _ends(_case(on_time))


def test_a_change_keeping_the_notice_keeps_its_deadline() -> None:
    decision = (_decided(DECIDED, NOTICE, ["p-1"]), DECIDED)
    changed = _review(date(2018, 9, 15), ReviewOutcome.CHANGED, [Rung.NOTICE])
    on_time = _run([decision, (changed, date(2018, 9, 15))])
    late = _run([decision, (changed, date(2018, 9, 28))])

    assert _case(on_time).person_ids == ["p-3"]
    assert _ends(_case(late)) == _ends(_case(on_time))


def test_a_revoked_decision_s_deadline_run_out_when_entered_leaves_nothing_unsolved() -> None:
    def run(decision_recorded: date, review_recorded: date) -> Case:
        run = _overdue_run()
        _serious(run, date(2018, 8, 1))
        decision = _decided(date(2018, 8, 10), NOTICE, ["p-1"])
        revoked = _review(date(2018, 8, 20), ReviewOutcome.REVOKED)
        steps = [(decision, decision_recorded), (revoked, review_recorded)]
        for n, (step, recorded) in enumerate(sorted(steps, key=lambda s: s[1])):
            _record(run, step, f"step-{n}", recorded)
        run.until(date(2018, 10, 31))
        return _case(run)

    on_time, late = (
        run(date(2018, 8, 10), date(2018, 8, 20)),
        run(date(2018, 9, 5), date(2018, 8, 22)),
    )

    assert (on_time.missed_deadline, on_time.grounds, on_time.serious) == (False, [], True)
    assert _ends(late) == _ends(on_time)
    assert Ground.SERIOUS_CONSEQUENCE not in late.grounds


def test_a_higher_decision_recorded_late_voids_the_deadline_of_a_lower_one() -> None:
    def run(top_recorded: date) -> Run:
        run = _overdue_run()
        _serious(run, date(2018, 8, 5))
        notice = _decided(date(2018, 8, 27), NOTICE, ["p-1"])
        steps: list[tuple[Payload, date]] = [
            (_committee(date(2018, 8, 20)), top_recorded),
            (notice.model_copy(update={"decision_id": "dw-2"}), date(2018, 8, 27)),
            *((step, date(2018, 9, 1)) for step in _handover(date(2018, 9, 1))),
        ]
        for n, (step, recorded) in enumerate(sorted(steps, key=lambda s: s[1])):
            _record(run, step, f"step-{n}", recorded)
        run.until(date(2018, 10, 31))
        return run

    on_time, late = run(date(2018, 8, 20)), run(date(2018, 9, 20))

    assert _case(on_time).person_ids == ["p-1"]
    assert _ends(_case(late)) == _ends(_case(on_time))
    assert _corrections(late) == [(["p-3"], ["p-1"])]


@pytest.mark.parametrize("ended_by", ["closure", "acceptance"])
def test_a_case_ended_before_the_decision_s_deadline_recorded_after_it_names_p1(
    ended_by: str,
) -> None:
    day = date(2018, 9, 10)
    step: Payload = (
        CaseClosed(organization_id="br-1", case_id=CASE, closed_on=day, reason="结案")
        if ended_by == "closure"
        else RectificationAccepted(organization_id="br-1", case_id=CASE, accepted_on=day)
    )
    decision = (_decided(DECIDED, NOTICE, ["p-1"]), DECIDED)
    on_time, late = _run([decision, (step, day)]), _run([decision, (step, date(2018, 9, 28))])

    assert _case(on_time).person_ids == ["p-1"]
    assert _ends(_case(late)) == _ends(_case(on_time))
    assert _corrections(late) == [(["p-3"], ["p-1"])]
