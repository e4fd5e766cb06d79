"""A member is flagged for months without organizational life only if the branch held some.

Scenarios written by hand before running. Sources: 党章第九条 (党员如果没有正当理由，连续六个月
不参加党的组织生活 … 就被认为是自行脱党; the branch decides, the system only flags); the
catalog's member rule ``absent_six_months`` (six months in a row, flagged at the first tick
after the sixth, once per run, ``judged_once_recorded``: judged on the branch's own
attendance record from the first month it kept one); 三会一课 (支部党员大会 每季度, 党小组会
and 党课 on their cadences: the branch's duties, owed by the unit).

Decided: a member cannot fail to take part in organizational life that was not held; that
is 正当理由 for him, and the branch's own failure (its 三会一课 duties, found overdue by the
unit's duties). A run of months without the member's attendance is flagged only if the
branch held organizational life — recorded the attendance of any member — in at least one
month of the run that the member did not attend. Months in which the branch recorded no one
still count in the run: a branch meeting quarterly flags a member who missed its meetings
over six months.

Each story: ``br-1`` (secretary p-1) under gb-1 and cmt, from 2018-01-01, the log's first
day; attendances recorded on their day; ticked daily.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from services.accountability.domain import queries
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days, through_both

pytestmark = pytest.mark.unit

BR = "br-1"
ABSENT = "absent_six_months"

#: A flag: (member, first day of its months, last day).
Flag = tuple[str, date, date]


def _attended(member: str, on: date) -> members.OrganizationalLifeAttended:
    return members.OrganizationalLifeAttended(
        organization_id=BR, member_id=member, meeting_id=f"mtg-{on}", attended_on=on
    )


def _absent_flags(
    roll: dict[str, date], attended: dict[str, list[date]], last: date
) -> tuple[list[Flag], list[Flag]]:
    """br-1 with ``roll`` (member: on the roll from), each member attending on the days
    ``attended`` names, ticked to ``last``: the absent flags raised (MemberSituationFlagged),
    and those standing at the end (after accountability)."""
    history = a_branch()
    for member, since in roll.items():
        history.member(member, since, org=BR)
    facts = [(day, _attended(member, day)) for member, days in attended.items() for day in days]
    ledger = Ledger.empty(1)
    outputs, _ = through_both(on_their_days(history, BEGINNING, facts, last), ledger)
    raised = [
        (e.data.member_id, e.data.since, e.data.period_end)  # type: ignore[attr-defined]
        for e in outputs
        if type(e.data).__name__ == "MemberSituationFlagged" and e.data.situation == ABSENT  # type: ignore[attr-defined]
    ]
    kept = queries.list_flags(ledger, unit=BR, member=True, standing=True)
    standing = [(f.member_id, f.since, f.due_on) for f in kept if f.situation == ABSENT]
    return raised, standing  # type: ignore[return-value]


def test_months_the_branch_held_no_organizational_life_flag_no_one() -> None:
    """Expected (the decided rule; 党章第九条 没有正当理由): the facts of
    test_attendance_record_began's on-time story. m-1, m-2, m-3 on the roll from 2018-01-01,
    m-4 from 2019-03-01. br-1 records m-1's attendance of 2018-01-12 (its record begins
    January 2018), then no one's until May 2019; from then m-1 and m-2 attend on the 12th of
    every month, m-3 and m-4 never. Ticked to 2020-01-05.

    Months br-1 held organizational life: January 2018, May–December 2019.

    - m-1: February 2018–April 2019 without attending, but br-1 held nothing in any of those
      months → no flag (before: flagged February–July 2018 at the 2018-08-01 tick).
    - m-2 and m-3: January–June 2018 without attending, and they missed January's meeting
      → flagged at the 2018-07-01 tick, 2018-01-01 to 2018-06-30, as before. (m-3's run
      goes on to December 2019: once per run, not again.)
    - m-4: March–August 2019, br-1 held May–August → flagged at the 2019-09-01 tick.

    Raised and standing: m-2, m-3 for January–June 2018; m-4 for March–August 2019."""
    monthly = [date(2019, month, 12) for month in range(5, 13)]
    roll = {"m-1": BEGINNING, "m-2": BEGINNING, "m-3": BEGINNING, "m-4": date(2019, 3, 1)}
    attended = {"m-1": [date(2018, 1, 12), *monthly], "m-2": monthly}
    raised, standing = _absent_flags(roll, attended, date(2020, 1, 5))

    expected = [
        ("m-2", date(2018, 1, 1), date(2018, 6, 30)),
        ("m-3", date(2018, 1, 1), date(2018, 6, 30)),
        ("m-4", date(2019, 3, 1), date(2019, 8, 31)),
    ]
    assert raised == expected
    assert standing == expected


def test_a_branch_meeting_quarterly_flags_a_member_missing_its_meetings() -> None:
    """Expected (支部党员大会 每季度; 党章第九条): m-1 and m-2 on the roll from 2018-01-01; br-1
    meets once a quarter, on 2018-03-20, 06-20, 09-20 and 12-20, m-1 attending each, m-2
    none. Ticked to 2019-01-05. br-1's record begins March 2018 (January and February are
    unknown, not silent).

    - m-2: March–August 2018 without attending, and he missed the meetings of March and
      June → flagged at the 2018-09-01 tick, 2018-03-01 to 2018-08-31 (the months without
      a meeting count in his run); his run goes on to December: once, not again.
    - m-1: attends every quarter, his runs two months long → no flag."""
    meetings = [date(2018, month, 20) for month in (3, 6, 9, 12)]
    roll = {"m-1": BEGINNING, "m-2": BEGINNING}
    raised, standing = _absent_flags(roll, {"m-1": meetings}, date(2019, 1, 5))

    expected = [("m-2", date(2018, 3, 1), date(2018, 8, 31))]
    assert raised == expected
    assert standing == expected


def test_a_member_missing_six_monthly_meetings_is_flagged() -> None:
    """Expected (党章第九条, as before: pinned): m-1 and m-2 on the roll from 2018-01-01; br-1
    meets on the 10th of every month of 2018, m-1 attending each; m-2 attends in January
    and from August. Ticked to 2018-12-05.

    - m-2: February–July 2018 without attending, each month a meeting he missed → flagged
      at the 2018-08-01 tick, 2018-02-01 to 2018-07-31.
    - m-1: no flag."""
    monthly = [date(2018, month, 10) for month in range(1, 13)]
    roll = {"m-1": BEGINNING, "m-2": BEGINNING}
    attended = {"m-1": monthly, "m-2": [monthly[0], *monthly[7:]]}
    raised, standing = _absent_flags(roll, attended, date(2018, 12, 5))

    expected = [("m-2", date(2018, 2, 1), date(2018, 7, 31))]
    assert raised == expected
    assert standing == expected
