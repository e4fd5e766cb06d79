"""A member away and back (外出, 返回), whichever is recorded first and however late.

Scenarios written by hand before running, folded through both services as in
``test_outing_recorded_late`` (its common story: ``br-1`` from 2018-01-01, the log's first
day, m-1 and m-2 on its roll from that day, m-2 attending every month so that br-1 keeps
attendance from January 2018, both paying every month, daily ticks to the last day; m-1
never attends). Each docstring states the flags expected and the source.

Sources: 《中国共产党章程》第九条 (党员如果没有正当理由，连续六个月不参加党的组织生活 … 就被认为
是自行脱党: the branch decides, the system only flags, and a false flag against a member is
the worse error, a missed one the lesser); 《关于加强和改进流动党员管理工作的意见》 (2006:
流动党员 take part in organizational life where they are, which the branch's attendance
cannot show: being away is a 正当理由 for missing the branch's meetings, and he takes part
in the branch's again once back); services/duties/domain/member_runs.py: the months up to the
month he came back are not the branch's to show (a month partly away is not silent), his
attendance is counted again from the month after.

Expected, in every order: a flag of months he was away in, or may have been (no return
known between his going and the flag's months), does not stand; a flag whose months all
come after a known return, itself on or after the day he went, stands; a 返回 recorded late
that has the branch's record of him counted from a later month leaves at most one flag for
a run of silent months (one run, one flag: the catalog's ``member_rules``), the one the
on-time order raises.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.accountability.domain.state import Ledger
from tests.unit.duties.test_flag_shown_false_long_after import EIGHTEEN_MONTHS, LAST, TWO_YEARS
from tests.unit.duties.test_member_recording_order import ABSENT, Recorded, _away, _both, _run
from tests.unit.duties.test_outing_recorded_late import FIRST_HALF, _back, _story
from tests.unit.stored import stored

pytestmark = pytest.mark.unit

WENT, BACK = date(2018, 1, 1), date(2018, 9, 10)
#: October 2018–March 2019: six silent months after m-1 came back on 2018-09-10.
AFTER_THE_RETURN = (ABSENT, date(2018, 10, 1), date(2019, 3, 31))


@pytest.mark.parametrize(
    ("went_recorded", "back_recorded", "withdrawn"),
    [
        (WENT, TWO_YEARS, []),
        (date(2020, 8, 20), date(2020, 8, 15), [FIRST_HALF]),
        (date(2020, 8, 15), date(2020, 8, 20), [FIRST_HALF]),
    ],
    ids=["back-recorded-late", "back-then-away-late", "away-then-back-late"],
)
def test_the_flag_after_the_return_stands_in_every_order(
    went_recorded: date, back_recorded: date, withdrawn: list[object]
) -> None:
    """Expected (党章第九条; 2006 意见): m-1 away from 2018-01-01, back on 2018-09-10. On time:
    January–September away or the month of the return; October 2018–March 2019 six silent
    months, flagged at the 2019-04-01 tick; the run goes on unbroken, no other flag.

    The 外出 on time, the 返回 recorded on 2020-08-20 (补录): no flag until then (he was
    away); recorded, the return shows October–March six silent months, whose sixth is
    among the months judged again: flagged then. Nothing withdrawn.

    Both late, the 返回 first (2020-08-15, then the 外出 on 08-20): January–June 2018 look
    silent and are flagged at 2018-07-01, raised before the day he came back (it stands on
    the return, as it would had the return been recorded on its day); the return flags
    October–March; the 外出 withdraws January–June (he was away) and leaves October–March
    standing: its months all come after a return known, on or after the day he went.

    Both late, the 外出 first (2020-08-15, then the 返回 on 08-20): the 外出 withdraws
    January–June, the only flag; the return flags October–March.

    Standing at the end in every order: October–March alone."""
    on_time = _run(_story((WENT, _away(WENT)), (BACK, _back(BACK))), LAST)
    late = _run(_story((went_recorded, _away(WENT)), (back_recorded, _back(BACK))), LAST)

    assert on_time.standing() == [AFTER_THE_RETURN]
    assert late.standing() == [AFTER_THE_RETURN]
    assert late.withdrawn() == withdrawn


@pytest.mark.parametrize("recorded", [date(2018, 12, 10), EIGHTEEN_MONTHS])
def test_a_return_recorded_late_with_no_absence_known_leaves_one_flag_per_run(
    recorded: date,
) -> None:
    """Expected (党章第九条 连续六个月, one run one flag; 2006 意见; member_runs.py: counted again
    from the month after the return): no 外出 of m-1 is ever recorded; he is back on
    2018-05-10 and never attends. On time (the 返回 recorded 05-10): the months up to May
    are not the branch's to show (he was away for some of them, when is not known);
    June–November are six silent months, flagged at the 12-01 tick; the run goes on
    unbroken, no other flag.

    The 返回 recorded on ``recorded`` (补录, seven or nineteen months late): January–June
    look silent and are flagged at the 07-01 tick; the run goes on unbroken, no other
    flag. Recorded, the return flags June–November (its sixth month among those judged
    again), and the flag of January–June, raised after the day he came back about months
    up to it, is withdrawn: recorded on its day, the return would have had the branch's
    record of him counted from June, and that flag never raised. Two flags would name one
    run of silence twice, the first for months he may have been away in. Standing at the
    end in both orders: June–November alone."""
    back = date(2018, 5, 10)
    on_time = _run(_story((back, _back(back))), LAST)
    late = _run(_story((recorded, _back(back))), LAST)

    run = (ABSENT, date(2018, 6, 1), date(2018, 11, 30))
    assert on_time.standing() == [run]
    assert late.withdrawn() == [FIRST_HALF]
    assert late.standing() == [run]


def test_a_return_recorded_late_stretching_a_run_back_flags_it_once() -> None:
    """Expected (党章第九条; 2006 意见): m-1 away from 2018-01-01 (recorded that day), back on
    2018-03-10, never attends. On time: April–September six silent months, flagged at the
    10-01 tick, the run unbroken after. The 返回 recorded on 2018-12-10 (补录): no flag
    until then (he was away); recorded, the return stretches his months back to April and
    April–September are flagged then; the return told, that flag, of months after it,
    stands. Standing at the end in both orders: April–September alone; none withdrawn."""
    back = date(2018, 3, 10)
    on_time, late = _both(_story((WENT, _away(WENT))), _back(back), back, date(2018, 12, 10), LAST)

    run = (ABSENT, date(2018, 4, 1), date(2018, 9, 30))
    assert on_time.standing() == late.standing() == [run]
    assert late.withdrawn() == []


def test_a_return_recorded_late_leaves_the_flag_before_the_going_standing() -> None:
    """Expected (党章第九条: the months before he went were at the branch, without 正当理由):
    m-1 never attends; he goes away on 2018-08-01 (recorded that day) and is back on
    2018-09-10. On time: January–June six silent months, flagged at the 07-01 tick; July
    silent, August–September away or the month of the return; October 2018–March 2019 six
    silent months, flagged at 2019-04-01. The 返回 recorded on 2018-12-10 (补录): the same
    two flags (the second at its tick, after the record); the flag of January–June, raised
    before the day he came back, about months before he went, stands. Standing at the end
    in both orders: both; none withdrawn."""
    went = date(2018, 8, 1)
    common = _story((went, _away(went)))
    on_time, late = _both(common, _back(BACK), BACK, date(2018, 12, 10), LAST)

    assert on_time.standing() == late.standing() == [FIRST_HALF, AFTER_THE_RETURN]
    assert late.withdrawn() == []


def test_a_return_before_the_going_keeps_no_flag_of_months_away() -> None:
    """Expected (党章第九条; 2006 意见): m-1 is back on 2018-03-10 (no earlier 外出 recorded)
    and never attends; he goes away on 2018-06-01 and stays away. On time (the 外出 recorded
    06-01): April–May two silent months, away from June; no flag. The 外出 recorded on
    2020-08-20 (补录): April–September look silent, flagged at the 10-01 tick; the 外出
    withdraws it, the return known being before the day he went (it says nothing of the
    months after). Standing at the end in both orders: none."""
    back, went = date(2018, 3, 10), date(2018, 6, 1)
    common = _story((back, _back(back)))
    on_time, late = _both(common, _away(went), went, TWO_YEARS, LAST)

    assert on_time.standing() == []
    assert late.withdrawn() == [(ABSENT, date(2018, 4, 1), date(2018, 9, 30))]
    assert late.standing() == []


def test_the_returns_told_are_kept_with_the_ledger() -> None:
    """The returns accountability is told are stored and restored with its ledger: a 外出
    recorded after a restart still finds the return that keeps a flag after it standing."""
    story: list[Recorded] = _story((WENT, _away(WENT)), (BACK, _back(BACK)))
    outcome = _run(story, date(2018, 10, 5))

    saved = stored(outcome.ledger.take_changes())
    assert Ledger.restore(1, saved).returns == outcome.ledger.returns == {"br-1": {"m-1": [BACK]}}
