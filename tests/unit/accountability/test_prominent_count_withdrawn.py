"""特别突出 proposed on a count an overdue recorded later leaves (补录).

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
对带有普遍性的问题或特别突出的问题…通报…约谈 — as the policy reads it (三 distinct works
overdue within twelve months on the unit's record), and the project's rules "the system
proposes, people decide" and "the right party answers".

The calendar (``finding_year``: br-1 under gb-1 under cmt, secretary p-1): the department's
inspection finds a problem on 07-10, deadline 09-30; br-1 holds no Q3 支部党员大会 nor 党课
(overdue 10-16). Nothing accepts the finding by 09-30: DutyOverdue on 10-01. On 10-16 br-1
has three distinct works overdue (the finding's rectification, the Q3 meeting, the Q3 党课):
特别突出, 通报、约谈 proposed on the Q3 meeting's and 党课's cases naming p-1. Then on 10-20
the department records (补录) its acceptance of the rectification dated 09-25, within the
deadline: the finding's overdue did not hold and leaves br-1's and p-1's records
(test_finding_acceptance_recorded_late). br-1 has then two works overdue: the count the
特别突出 proposals rest on no longer holds.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight
from contracts.events.base import Payload
from contracts.events.enums import DecidingBody, Ground, Rung
from services.accountability.domain.models import Case
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    LECTURE,
    MEETING,
    both_folds,
    finding,
    held,
    proposals_citing,
)
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

RECORDED = date(2018, 10, 20)
NO_LONGER = "该项依据不再成立"


def _accepted(accepted_on: date) -> Payload:
    return make(oversight.RectificationAccepted, organization_id="br-1",
                finding_id=INSPECTION[1], accepted_on=accepted_on)  # fmt: skip


def _decided(day: date) -> Payload:
    return make(oversight.AccountabilityDecided, organization_id="br-1", case_id=MEETING,
                decision_id="dw-1", decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
                meeting="组织部部务会", decided_on=day, measures=[Rung.NOTICE],
                person_ids=["p-1"])  # fmt: skip


def _notes_on(case: Case, day: date) -> list[str]:
    return [step.what for step in case.history if step.on == day]


def test_an_undecided_prominent_proposal_whose_count_fell_below_three() -> None:
    """By hand: 通报、约谈 (特别突出) proposed on 10-16/10-17 on MEETING and LECTURE, naming
    p-1 (三 works). On 10-20 the finding's overdue leaves the records; neither proposal is
    decided: each case says on 10-20, in Chinese, that the 特别突出 ground of the proposal
    made on it no longer holds (此前以此为依据提出的问责建议，该项依据不再成立), and no
    longer cites Ground.PROMINENT. No new proposal is made on 10-20. The proposal resting
    on nothing any more, the criticisms' deadline (11-15) passing unrectified is put to
    people on its own on 11-16 (限期未整改, 通报、约谈 naming p-1), as had 特别突出 never
    been proposed (test_finding_acceptance_recorded_late)."""
    facts = [*held(11), (FOUND, finding(INSPECTION)), (RECORDED, _accepted(date(2018, 9, 25)))]
    _, outputs, ledger = both_folds(facts)
    proposed = proposals_citing(outputs, Ground.PROMINENT)
    assert sorted(key for key, _, _ in proposed) == sorted([LECTURE, MEETING])
    assert all(day < RECORDED and named == ["p-1"] for _, named, day in proposed)
    for key in (MEETING, LECTURE):
        case = ledger.cases[key]
        assert Ground.PROMINENT not in case.grounds, case.grounds
        said = _notes_on(case, RECORDED)
        assert any("特别突出" in what and NO_LONGER in what for what in said), said
    missed = proposals_citing(outputs, Ground.RECTIFICATION_MISSED)
    assert sorted(missed) == sorted((k, ["p-1"], date(2018, 11, 16)) for k in (MEETING, LECTURE))


def test_a_decided_prominent_proposal_is_left_as_people_decided() -> None:
    """By hand: as above, but the department decides 通报 on MEETING on 10-18, naming p-1
    (people decided). On 10-20 MEETING keeps its decision and its ground (the decision
    weighed it on its day) and only notes that the count the 特别突出 ground rested on no
    longer holds (不再成立); LECTURE, undecided, drops the ground as above."""
    decided = date(2018, 10, 18)
    facts = [*held(11), (FOUND, finding(INSPECTION)), (decided, _decided(decided)),
             (RECORDED, _accepted(date(2018, 9, 25)))]  # fmt: skip
    _, _, ledger = both_folds(facts)
    meeting, lecture = ledger.cases[MEETING], ledger.cases[LECTURE]
    assert [d.decision_id for d in meeting.decisions] == ["dw-1"]
    assert Ground.PROMINENT in meeting.grounds
    assert any("特别突出" in w and "不再成立" in w for w in _notes_on(meeting, RECORDED))
    assert Ground.PROMINENT not in lecture.grounds
    assert any(NO_LONGER in w for w in _notes_on(lecture, RECORDED))


def test_a_count_still_three_after_the_withdrawal_changes_nothing() -> None:
    """Pin: br-1 also misses its September 主题党日 (held(8): none after August; due 10-07,
    overdue 10-08), so on 10-16 it has four works overdue. The finding's overdue leaving on
    10-20 leaves three within twelve months: 特别突出 still holds; the proposals stand, the
    cases keep Ground.PROMINENT and say nothing of it on 10-20."""
    facts = [*held(8), (FOUND, finding(INSPECTION)), (RECORDED, _accepted(date(2018, 9, 25)))]
    _, outputs, ledger = both_folds(facts)
    assert {MEETING, LECTURE} <= {key for key, _, _ in proposals_citing(outputs, Ground.PROMINENT)}
    for key in (MEETING, LECTURE):
        case = ledger.cases[key]
        assert Ground.PROMINENT in case.grounds
        assert not any("特别突出" in w for w in _notes_on(case, RECORDED))
