"""A run the branch held nothing in at first is flagged once it holds a meeting he misses.

Scenarios written by hand before running. Sources: 党章第九条 (党员如果没有正当理由，连续六个月
不参加党的组织生活 … 就被认为是自行脱党; the branch decides, the system only flags); the
catalog's member rule ``absent_six_months`` (six months in a row, once per run,
``judged_once_recorded``); test_held_organizational_life (a run is flagged only if the branch
held 组织生活 in one of its months that the member missed).

Decided: a run of months without the member's attendance is flagged once, in the first month
M in which he has six silent months in a row ending with M and those six contain a month the
branch held 组织生活 in. A branch that holds nothing for six months and then meets again
therefore flags a member who stays away from its meetings: before, a run was flagged only
in the month its count was exactly six, and a run whose first six months the branch held
nothing in was never flagged however long it went on.

Each story: ``br-1`` (secretary p-1) under gb-1 and cmt, from 2018-01-01, the log's first
day; m-1 and m-2 on the roll from then; ticked daily.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from tests.unit.accountability.builders import BEGINNING, MemberFlag, a_branch, member_flags

pytestmark = pytest.mark.unit

BR = "br-1"
ABSENT = "absent_six_months"
#: br-1 meets on the 12th of every month from August 2018 to July 2019, m-1 attending.
FROM_AUGUST = [date(2018 + (month > 12), (month - 1) % 12 + 1, 12) for month in range(8, 20)]


def _attended(member: str, on: date) -> members.OrganizationalLifeAttended:
    return members.OrganizationalLifeAttended(
        organization_id=BR, member_id=member, meeting_id=f"mtg-{on}", attended_on=on
    )


def _flags(
    facts: list[tuple[date, members.OrganizationalLifeAttended]],
) -> tuple[list[MemberFlag], list[MemberFlag]]:
    """m-1 and m-2 on br-1's roll, ``facts`` recorded on their days, ticked to 2019-08-05:
    the absent flags raised, and those standing at the end."""
    history = a_branch()
    for member in ("m-1", "m-2"):
        history.member(member, BEGINNING, org=BR)
    return member_flags(history, facts, date(2019, 8, 5), BR, ABSENT)


def _on_time(
    member: str, days: list[date]
) -> list[tuple[date, members.OrganizationalLifeAttended]]:
    return [(day, _attended(member, day)) for day in days]


def test_a_member_missing_the_meetings_after_six_empty_months_is_flagged() -> None:
    """Expected (党章第九条; decided rule above): m-1 and m-2 attend on 2018-01-12 (br-1's
    record begins January 2018); br-1 holds nothing February–July 2018 (six months); from
    August it meets on the 12th of every month, m-1 attending, m-2 never.

    - m-2: silent from February 2018 to July 2019. July 2018 ends six silent months,
      February–July, br-1 held nothing in → no flag then. August ends six more,
      March–August, with August's meeting he missed → flagged at the 2018-09-01 tick,
      2018-03-01 to 2018-08-31 (before: never flagged). His run goes on to July 2019:
      flagged once, not again.
    - m-1: February–July 2018 silent, nothing held → no flag; attends from August.

    Raised and standing: m-2 for March–August 2018."""
    january = date(2018, 1, 12)
    facts = [*_on_time("m-1", [january, *FROM_AUGUST]), *_on_time("m-2", [january])]
    raised, standing = _flags(facts)

    expected = [("m-2", date(2018, 3, 1), date(2018, 8, 31))]
    assert raised == expected
    assert standing == expected


def test_a_branch_whose_record_begins_after_empty_months_judges_from_it() -> None:
    """Expected (pinned, as before; the catalog's ``judged_once_recorded``: judged from the
    first month the branch recorded an attendance): br-1 records nothing January–June
    2018, then meets on the 12th of every month from July 2018 to July 2019, m-1
    attending, m-2 never. Its record begins July 2018: January–June are unknown, not
    silent, so not part of any run.

    - m-2: July–December 2018, six months with meetings he missed → flagged at the
      2019-01-01 tick, 2018-07-01 to 2018-12-31; his run goes on to July 2019: once.
    - m-1: no flag."""
    raised, standing = _flags(_on_time("m-1", [date(2018, 7, 12), *FROM_AUGUST]))

    expected = [("m-2", date(2018, 7, 1), date(2018, 12, 31))]
    assert raised == expected
    assert standing == expected


def test_a_late_attendance_moves_the_flag_to_the_first_meeting_missed_after() -> None:
    """Expected (党章第九条; the same rule for runs judged again on a fact recorded late,
    补录): as the first story, but m-2's attendance of 2018-01-12 is recorded only on
    2018-10-15.

    - At the 2018-07-01 tick m-2 is silent January–June 2018, having missed January's
      meeting (m-1's attendance recorded) → flagged, 2018-01-01 to 2018-06-30.
    - The late record shows he attended in January: that flag no longer stands (withdrawn
      by accountability), and his months are judged again as the ticks would have judged
      them: February–July held nothing, March–August holds August's meeting he missed →
      flagged on 2018-10-15, 2018-03-01 to 2018-08-31 (before: no flag; the run was never
      flagged again). Not again for the rest of his run.

    Raised: January–June, then March–August 2018; standing: March–August 2018."""
    january = date(2018, 1, 12)
    late = (date(2018, 10, 15), _attended("m-2", january))
    raised, standing = _flags([*_on_time("m-1", [january, *FROM_AUGUST]), late])

    assert raised == [
        ("m-2", date(2018, 1, 1), date(2018, 6, 30)),
        ("m-2", date(2018, 3, 1), date(2018, 8, 31)),
    ]
    assert standing == [("m-2", date(2018, 3, 1), date(2018, 8, 31))]
