"""A diligent branch holds every meeting the duty catalog asks of it (认真履职的支部)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from contracts.events.activities import MeetingHeld
from services.simulator import Habits, Submission, University
from services.simulator.periods import month_starts, period_starting
from tests.unit.simulator.helpers import meeting_duties

pytestmark = pytest.mark.unit

YEAR = 2019


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_diligent_branch_and_its_groups_hold_the_catalog_meetings(
    stream: list[Submission], university: University, habits: Habits, index: int
) -> None:
    diligent = [b for b in university.branches if habits.is_diligent(b.id) and b.children]
    branch = diligent[index]
    for org in [branch, *university.groups_of(branch)]:
        meetings = [
            s.envelope.data
            for s in stream
            if isinstance(s.envelope.data, MeetingHeld) and s.envelope.subject == org.id
        ]
        duties = meeting_duties(org, date(YEAR, 1, 1))
        assert duties, f"the catalog asks meetings of {org.id}"
        for duty, cadence, kind in duties:
            for first in month_starts(date(YEAR, 1, 1), date(YEAR, 12, 1)):
                period = period_starting(cadence, first)
                if period is None:
                    continue
                held = Counter(m.kind for m in meetings if period.start <= m.held_on <= period.end)
                assert held[kind] >= duty.evidence[0].min_count, f"{org.id} {duty.id} {period.id}"
