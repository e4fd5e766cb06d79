"""Date arithmetic in the duties fold never raises, whatever day a stored event bears (issue 22).

The contracts now refuse days after 2200-12-31, but a log written before could hold
an election whose term ends 9999-12-30 and an extension to 9999-12-31: that pair
stopped the duties service for good with an OverflowError. The payloads here are
built past validation (``model_construct``), as such a log would give them.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import structure
from services.duties.domain.periods import shifted
from tests.unit.duties.builders import BRANCH, GENERAL_BRANCH, History, fold, of_type

pytestmark = pytest.mark.unit
ELECTION = "org.election.term"


def test_shifted_holds_at_the_ends_of_the_calendar() -> None:
    assert shifted(date(2018, 1, 31), 1) == date(2018, 2, 1)
    assert shifted(date(9999, 12, 30), 30) == date.max
    assert shifted(date(1, 1, 2), -5) == date.min


def test_a_term_ending_9999_then_extended_is_folded_without_overflow() -> None:
    history = History()
    history.branch(term_ends_on=date(2018, 6, 30))
    history.ticks(date(2018, 1, 1), date(2018, 1, 3))
    history.add(
        structure.ElectionHeld.model_construct(
            organization_id=BRANCH, held_on=date(2018, 1, 4), term_ends_on=date(9999, 12, 30)
        ),
        date(2018, 1, 4),
    )
    history.add(
        structure.TermExtensionApproved.model_construct(
            organization_id=BRANCH,
            approved_on=date(2018, 1, 5),
            extended_until=date(9999, 12, 31),
            approved_by=GENERAL_BRANCH,
            reason="测试",
        ),
        date(2018, 1, 5),
    )
    history.ticks(date(2018, 1, 4), date(2018, 1, 10))
    _, outputs = fold(history.events)
    assert of_type(outputs, "DutyOverdue", duty_id=ELECTION) == []
    assert [e.data.period for e in of_type(outputs, "DutyFulfilled", duty_id=ELECTION)] == [
        "term:2018-06-30"
    ]
