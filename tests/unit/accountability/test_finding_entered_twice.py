"""A finding entered twice under its number (问题编号) is one problem with one deadline.

Expected outcomes, written by hand before the change. A finding's number names one
problem of its unit: the accountability service keeps one case per number and unit
(its first entry's 整改期限 governs; a second entry changes nothing there). The duties
service opened a rectification duty per entry: the same finding entered again (another
campus system, the same record sent under a new event id, or re-keyed with another
deadline) was reminded and found overdue twice, the unit's duties listing two
rectifications and its on-time rate counting two misses for one problem, and an entry
with a later deadline left a second duty the case does not know.

br-1 (secretary p-1, ``finding_year``): inspection finding insp-1 found 07-10, deadline
09-30, entered that day.

1. Entered again, the same, on 08-01: one reminder (09-23), one overdue (10-01) of the
   finding's rectification duty, as when entered once.
2. Entered again on 08-01 with a deadline of 10-31: the same as 1 (the first deadline
   governs in both services; nothing due 10-31); accepted on 10-20: fulfilled late once.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.accountability.finding_year import FOUND, INSPECTION, both_folds, finding, held
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

AGAIN = date(2018, 8, 1)


def _duty(facts: list[tuple[date, Payload]]) -> list[tuple[str, str, str]]:
    """(type, day, due) of the finding's rectification duty's outputs."""
    duties, _, _ = both_folds([*held(12), (FOUND, finding(INSPECTION)), *facts])
    return [(e.type.removeprefix("zeren."), str(e.time.date()), str(e.data.due_on))
            for e in duties if isinstance(e.data, DutyStatus)
            and e.data.duty_id == INSPECTION[2]]  # fmt: skip


def _extended() -> Payload:
    return make(oversight.InspectionFindingRecorded, organization_id="br-1",
                finding_id=INSPECTION[1], question=18, description="支部“三会一课”记录不完整",
                found_on=FOUND, rectification_deadline=date(2018, 10, 31))  # fmt: skip


ONCE = [("DutyDueSoon", "2018-09-23", "2018-09-30"), ("DutyOverdue", "2018-10-01", "2018-09-30")]


def test_the_same_finding_entered_again_is_owed_once() -> None:
    assert _duty([]) == ONCE
    assert _duty([(AGAIN, finding(INSPECTION))]) == ONCE


def test_a_finding_entered_again_with_a_later_deadline_keeps_the_first() -> None:
    assert _duty([(AGAIN, _extended())]) == ONCE
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=INSPECTION[1], accepted_on=date(2018, 10, 20))  # fmt: skip
    late = [*ONCE, ("DutyFulfilledLate", "2018-10-20", "2018-09-30")]
    assert _duty([(AGAIN, _extended()), (date(2018, 10, 20), accepted)]) == late
