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

import json
from datetime import date

import pytest

from contracts.events import members
from services.duties.domain.documents import restore, take_changed
from services.duties.domain.state import UNIT
from tests.unit.accountability.builders import (
    BEGINNING,
    MemberFlag,
    a_branch,
    member_flags,
    on_their_days,
    through_both,
)
from tests.unit.duties.builders import fold

pytestmark = pytest.mark.unit

BR = "br-1"
ABSENT = "absent_six_months"


def _attended(member: str, on: date) -> members.OrganizationalLifeAttended:
    return members.OrganizationalLifeAttended(
        organization_id=BR, member_id=member, meeting_id=f"mtg-{on}", attended_on=on
    )


def _absent_flags(
    roll: dict[str, date], attended: dict[str, list[date]], last: date
) -> tuple[list[MemberFlag], list[MemberFlag]]:
    """br-1 with ``roll`` (member: on the roll from), each member attending on the days
    ``attended`` names, ticked to ``last``: the absent flags raised (MemberSituationFlagged),
    and those standing at the end (after accountability)."""
    history = a_branch()
    for member, since in roll.items():
        history.member(member, since, org=BR)
    facts = [(day, _attended(member, day)) for member, days in attended.items() for day in days]
    return member_flags(history, facts, last, BR, ABSENT)


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


def test_an_attendance_recorded_late_flags_no_run_the_branch_held_nothing_in() -> None:
    """Expected (党章第九条; the same rule for runs judged again on a fact recorded late,
    补录): m-1 and m-2 on the roll from 2018-01-01; both attend on 2018-01-10 (recorded that
    day); m-2 alone attended on 2018-03-10, recorded on 2018-10-15; no one else attends.
    Ticked to 2018-12-05. br-1 held 组织生活 in January and March 2018.

    - At the 2018-08-01 tick (March not yet recorded), m-1's and m-2's February–July 2018
      had no month br-1 was known to hold anything in → no flag.
    - m-2's March attendance, recorded late, has his months judged again: April–September
      2018, six months without attending, br-1 held nothing in → no flag (before: flagged
      then, caused by the late record, as well as February–July at the tick).
    - m-1 is not judged again on m-2's fact: February–July 2018 (which now shows a meeting he
      missed, March) stays unflagged; later ticks see a run of more than six months.

    Raised: none."""
    roll = {"m-1": BEGINNING, "m-2": BEGINNING}
    history = a_branch()
    for member, since in roll.items():
        history.member(member, since, org=BR)
    january = date(2018, 1, 10)
    facts = [
        (january, _attended("m-1", january)),
        (january, _attended("m-2", january)),
        (date(2018, 10, 15), _attended("m-2", date(2018, 3, 10))),
    ]
    outputs, _ = through_both(on_their_days(history, BEGINNING, facts, date(2018, 12, 5)))

    raised = [
        e
        for e in outputs
        if type(e.data).__name__ == "MemberSituationFlagged" and e.data.situation == ABSENT  # type: ignore[attr-defined]
    ]
    assert raised == []


def test_a_document_stored_by_older_code_is_judged_as_before() -> None:
    """Expected (stored documents: a unit stored before ``Unit.held_months`` does not know
    which months its branch held 组织生活; its runs are judged as then): m-1 and m-2 on the
    roll from 2018-01-01; m-2 alone attends on 2018-01-10; the state is stored and restored
    after the 2018-03-05 tick, its unit document without ``held_months`` (as older code
    stored it); ticked on to 2018-08-05.

    - m-1: January–June 2018, he missed January's meeting → flagged at the 2018-07-01 tick
      (either document).
    - m-2: February–July 2018, no month br-1 held anything in. Restored from the document
      that knows it: no flag. From the older document: unknown, judged as before → flagged
      at the 2018-08-01 tick, 2018-02-01 to 2018-07-31."""
    history = a_branch()
    for member in ("m-1", "m-2"):
        history.member(member, BEGINNING, org=BR)
    facts = [(date(2018, 1, 10), _attended("m-2", date(2018, 1, 10)))]
    events = on_their_days(history, BEGINNING, facts, date(2018, 8, 5)).events
    cut = next(n for n, (env, _) in enumerate(events) if env.id == "tick:2018-03-05:0") + 1

    def flags(older: bool) -> list[tuple[str, date]]:
        state, _ = fold(events[:cut])
        stored = {key: json.loads(doc) for key, doc in take_changed(state).items() if doc}
        if older:
            del stored[f"{UNIT}{BR}"]["held_months"]
        _, outputs = fold(events[cut:], state=restore(stored))
        return [
            (e.data.member_id, e.data.since)  # type: ignore[attr-defined]
            for e in outputs
            if type(e.data).__name__ == "MemberSituationFlagged" and e.data.situation == ABSENT  # type: ignore[attr-defined]
        ]

    assert flags(older=False) == [("m-1", date(2018, 1, 1))]
    assert flags(older=True) == [("m-1", date(2018, 1, 1)), ("m-2", date(2018, 2, 1))]
