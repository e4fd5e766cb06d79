"""An old attendance recorded late (补录) does not move back where the branch's record begins.

Scenarios written by hand before running. Sources: 党章第九条 (党员如果没有正当理由，连续六个月
不参加党的组织生活 … 就被认为是自行脱党; the branch decides, the system only flags); the
catalog's member rule ``absent_six_months`` (duty_catalog.v1.yaml: six months in a row,
flagged at the first tick after the sixth, once per run, ``judged_once_recorded``: "count
silent months only from the first month the unit recorded any signal (a branch that keeps
no attendance yet is not judged by it)"). A branch is judged only on its own record: the
months it kept no attendance record are unknown, not months without organizational life.

The story: ``br-1`` (secretary p-1) under gb-1 and cmt, from 2018-01-01, the log's first
day. m-1, m-2 and m-3 on its roll from that day; m-4 transferred in on 2019-03-01 (recorded
that day). br-1 records no attendance at all until May 2019; from then, m-1 and m-2 attend
on the 12th of every month (recorded that day), m-3 and m-4 never. One old attendance: m-1
attended on 2018-01-12. Ticks daily to 2020-01-05 (December 2019 judged).

Decided: the branch's attendance record is trusted from the first month it kept it. An
attendance recorded in time (before the tick that judges its month, or in the month right
after, as a meeting at a month's end is usually entered) shows the branch kept its record
that month. One recorded later than that (补录 from old papers, 19 months late here) shows
that the member attended; it does not show that the branch kept a record of all its members
in that month and those after it, which the rules, when they judged them, saw without any
record: it counts for its own member's month, and moves the branch's start back no further
than the last month judged when it was recorded.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from tests.unit.accountability.builders import BEGINNING, MemberFlag, a_branch, member_flags

pytestmark = pytest.mark.unit

BR = "br-1"
ABSENT = "absent_six_months"
LAST = date(2020, 1, 5)
OLD = date(2018, 1, 12)


def _attended(member: str, on: date) -> members.OrganizationalLifeAttended:
    return members.OrganizationalLifeAttended(
        organization_id=BR, member_id=member, meeting_id=f"mtg-{on}", attended_on=on
    )


def _absent_flags(
    old: date, recorded_on: date, last: date = LAST
) -> tuple[list[MemberFlag], list[MemberFlag]]:
    """The story, ticked to ``last``, with m-1's attendance of ``old`` recorded on
    ``recorded_on``: the absent flags raised (MemberSituationFlagged), and those standing
    at the end (after accountability, which withdraws the ones a later fact shows false)."""
    history = a_branch()
    for member in ("m-1", "m-2", "m-3"):
        history.member(member, BEGINNING, org=BR)
    history.member("m-4", date(2019, 3, 1), org=BR)
    days = [date(2019, month, 12) for month in range(5, 13) if date(2019, month, 12) < last]
    monthly = [(day, _attended(member, day)) for day in days for member in ("m-1", "m-2")]
    facts = [*monthly, (recorded_on, _attended("m-1", old))]
    return member_flags(history, facts, last, BR, ABSENT)


def test_an_old_attendance_recorded_late_flags_no_one_for_months_without_a_record() -> None:
    """Expected (党章第九条; the rule: judged only from the branch's own record): m-1's
    attendance of 2018-01 recorded on 2019-08-20 (补录). br-1's record begins May 2019.

    - m-1 and m-2 attend every month from May 2019: no absent flag. In particular m-1 is
      not flagged for February–July 2018 when his late attendance has his months judged
      again: br-1 kept no record then, so those months show nothing about him.
    - m-3 never attends: May–October 2019 are the first six months the record shows him
      absent → one flag raised at the 2019-11-01 tick, since 2019-05-01, to 2019-10-31
      (not missed because months since 2018 would make his run longer than six).
    - m-4 (on the roll from 2019-03-01) never attends: the same flag, May–October 2019;
      not one at the 2019-09-01 tick for March–August 2019, whose March and April br-1
      kept no record of.

    Raised and standing: exactly m-3's and m-4's, for May–October 2019."""
    raised, standing = _absent_flags(OLD, date(2019, 8, 20))

    expected = [
        ("m-3", date(2019, 5, 1), date(2019, 10, 31)),
        ("m-4", date(2019, 5, 1), date(2019, 10, 31)),
    ]
    assert raised == expected
    assert standing == expected


def test_the_same_attendance_recorded_on_its_day_judges_from_it() -> None:
    """The on-time order (the catalog: judged from the first month the unit recorded an
    attendance): m-1's attendance of 2018-01-12 recorded that day, then nothing until May
    2019. br-1's record begins January 2018, and every month after it without an attendance
    counts in a run, flagged if br-1 held 组织生活 in one of its months (党章第九条 没有正当理由:
    test_held_organizational_life):

    - m-2 and m-3 (absent from January's meeting): January–June 2018 → flagged at the
      2018-07-01 tick.
    - m-1: February 2018–April 2019 without attending, but br-1 held nothing then: no flag
      (it was flagged February–July 2018 before the rule on months held).
    - m-3's run goes on to December 2019: flagged once per run, so not again.
    - m-4 (on the roll from 2019-03-01): March–August 2019 → flagged at the 2019-09-01 tick.

    Recorded late (the test above), the same facts flag only m-3 and m-4 for May–October
    2019: the recording order still changes m-2's and m-3's flags here."""
    raised, _ = _absent_flags(OLD, OLD)

    assert raised == [
        ("m-2", date(2018, 1, 1), date(2018, 6, 30)),
        ("m-3", date(2018, 1, 1), date(2018, 6, 30)),
        ("m-4", date(2019, 3, 1), date(2019, 8, 31)),
    ]


def test_an_attendance_recorded_in_the_month_after_counts_from_its_month() -> None:
    """Expected (the usual delay: a meeting at a month's end entered in the first days of
    the next, after the tick that judged the month): br-1 records nothing until m-1's
    attendance of 2019-04-28, recorded on 2019-05-03; m-1 and m-2 then attend monthly from
    May. br-1's record begins April 2019 as if recorded on 04-28: m-3 and m-4, never
    attending, are each flagged at the 2019-10-01 tick, since 2019-04-01, to 2019-09-30;
    m-2 is not flagged (he attends from May: April alone is one month)."""
    raised, standing = _absent_flags(date(2019, 4, 28), date(2019, 5, 3), date(2019, 10, 5))

    expected = [
        ("m-3", date(2019, 4, 1), date(2019, 9, 30)),
        ("m-4", date(2019, 4, 1), date(2019, 9, 30)),
    ]
    assert raised == standing == expected
