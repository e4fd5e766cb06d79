"""A member away (外出流动党员) recorded late (补录), long after his going or mid-month.

Scenarios written by hand before running, each folded twice as in
``test_member_recording_order``: every fact recorded on its own day (on time), and the
外出 recorded long after it (补录, about 18 months or two years late). Each docstring states
the flags expected and the source.

Sources: 《中国共产党章程》第九条 (党员如果没有正当理由，连续六个月不参加党的组织生活 … 就被认为
是自行脱党: the branch decides, the system only flags); 《关于加强和改进流动党员管理工作的意见》
(2006: 流动党员 take part in organizational life where they are, which the branch's
attendance cannot show: being away is a 正当理由 for missing the branch's meetings); the
catalog (``member_rules``: six months in a row, counted by month, flagged at the first tick
after the sixth, once per run; attendance judged from the branch's first recorded
attendance); services/duties/domain/member_runs.py: a month partly away (the month he went, the
month he came back) is not the branch's to show, so not silent.

Expected in every order, whatever the age of the months: a flag whose months include one he
was away in does not stand (已撤回 once the 外出 is recorded); a flag of months before he went
stands; one of months after he came back stands, the 外出 recorded on time or long after
(accountability is told the returns: ``test_outing_returns_told``).

Decided (gap 2, months, not days): the month he went away counts as away however late in
the month he went, as on time (``_silent_months``): 党章第九条 counts whole months
(连续六个月), the branch's record shows months (``Unit.held_months``), not the day of each
meeting, and a month he was partly away is one he may have missed the branch's meeting with
a 正当理由; when in doubt the system does not flag. A 外出 dated on the first day of the
month after a flag's last month (the day of the tick that raised it: a day's facts follow
its tick) leaves it standing: he was at the branch all six months.

The common story (``test_flag_shown_false_long_after``): ``br-1`` from 2018-01-01, the log's
first day; m-1 and m-2 on its roll from that day; m-2 attends every month (br-1 keeps
attendance from January 2018), both pay every month; daily ticks to the last day.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from tests.unit.duties.builders import make
from tests.unit.duties.test_flag_shown_false_long_after import (
    EIGHTEEN_MONTHS,
    LAST,
    TWO_YEARS,
    _attends,
    _pays,
)
from tests.unit.duties.test_member_recording_order import (
    ABSENT,
    BR,
    Recorded,
    _attended,
    _away,
    _both,
)

pytestmark = pytest.mark.unit

FIRST_HALF = (ABSENT, date(2018, 1, 1), date(2018, 6, 30))


def _back(on: date) -> members.MemberReturned:
    """m-1 back (返回) on ``on``."""
    return make(members.MemberReturned, organization_id=BR, member_id="m-1", returned_on=on)


def _story(*m1: Recorded) -> list[Recorded]:
    """The common story, with ``m1``'s own facts (besides his dues)."""
    return [
        *_pays("m-1", "2018-01", "2020-08"),
        *_pays("m-2", "2018-01", "2020-08"),
        *_attends("m-2", "2018-01", "2020-08"),
        *m1,
    ]


@pytest.mark.parametrize("recorded", [EIGHTEEN_MONTHS, TWO_YEARS])
def test_an_absence_recorded_long_after_withdraws_the_flag_of_its_months(recorded: date) -> None:
    """Expected (党章第九条 没有正当理由; 2006 意见): m-1 is away (mobile) from 2018-01-01, the
    log's first day, and never comes back nor attends. On time: every month is away; no
    flag, ever. The 外出 recorded on ``recorded`` (补录, 18 or 26 months late): at the
    2018-07-01 tick January–June look silent and a flag (since 01-01, to 06-30) is raised;
    the silence runs on unbroken, so no other. Recorded, the 外出 shows he was away all
    those months: the flag is withdrawn on the day of the record. Standing at the end in
    both orders: none."""
    on_time, late = _both(_story(), _away(date(2018, 1, 1)), date(2018, 1, 1), recorded, LAST)

    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [FIRST_HALF]
    assert late.standing() == on_time.standing() == []


@pytest.mark.parametrize("recorded", [EIGHTEEN_MONTHS, TWO_YEARS])
def test_an_absence_recorded_long_after_leaves_the_flag_after_the_return(recorded: date) -> None:
    """Expected (same sources; member_runs.py: attendance counted again from the month after
    the return): m-1 is away from 2018-01-01, back on 2018-09-10 (recorded that day), and
    never attends. On time: January–September are away or the month of the return; October
    2018–March 2019 are six silent months, flagged at the 2019-04-01 tick; the run goes on
    unbroken, so no other. The 外出 recorded on ``recorded`` (补录, 18 or 26 months late):
    the flag of January–June 2018, raised at 2018-07-01, is withdrawn (he was away); the
    flag of October–March, months after he came back, stands. Standing at the end in both
    orders: that one.

    Once CORRECTED (in review): accountability, not told of returns, withdrew both flags,
    the true one of October–March too (it could not tell it from one of months he was
    still away in: ``test_an_absence_from_before_the_branch_s_record_withdraws_its_flag``).
    It is now told every 返回 and keeps them: a flag whose months all come after a return
    known, on or after the day he went, stands (``test_outing_returns_told``, for the other
    orders of recording)."""
    common = _story((date(2018, 9, 10), _back(date(2018, 9, 10))))
    on_time, late = _both(common, _away(date(2018, 1, 1)), date(2018, 1, 1), recorded, LAST)

    after = (ABSENT, date(2018, 10, 1), date(2019, 3, 31))
    assert on_time.standing() == [after]
    assert late.withdrawn() == [FIRST_HALF]
    assert late.standing() == [after]


def test_an_absence_from_before_the_branch_s_record_withdraws_its_flag() -> None:
    """Expected (same sources): br-1 records attendance from March 2018 only (m-2 attends
    from then); m-1 is away from 2018-01-15 and never comes back. On time: no flag (away
    throughout). The 外出 recorded on 2020-08-20 (补录): on what was registered, March–August
    2018 were six silent months from the branch's first recorded attendance, flagged at the
    2018-09-01 tick; the 外出 shows he was away all those months: the flag is withdrawn,
    though its months begin after the month he went. Standing at the end in both orders:
    none."""
    common = [*_pays("m-1", "2018-01", "2020-08"), *_pays("m-2", "2018-01", "2020-08"),
              *_attends("m-2", "2018-03", "2020-08")]  # fmt: skip
    went = date(2018, 1, 15)
    on_time, late = _both(common, _away(went), went, TWO_YEARS, LAST)

    assert on_time.standing() == []
    assert late.withdrawn() == [(ABSENT, date(2018, 3, 1), date(2018, 8, 31))]
    assert late.standing() == []


def test_an_absence_from_mid_month_recorded_late_withdraws_the_flag_of_that_month() -> None:
    """Expected (decided in the module docstring: months, not days): m-1 attends on
    2018-01-12, then nothing; he is away from 2018-07-20 and never comes back. On time:
    February–June are five silent months, July is away; no flag. The 外出 recorded on
    2020-08-20 (补录): the flag raised at 2018-08-01 (since 02-01, to 07-31) is withdrawn,
    July being a month he was partly away. Standing at the end in both orders: none."""
    common = _story((date(2018, 1, 12), _attended(date(2018, 1, 12))))
    on_time, late = _both(common, _away(date(2018, 7, 20)), date(2018, 7, 20), TWO_YEARS, LAST)

    run = (ABSENT, date(2018, 2, 1), date(2018, 7, 31))
    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [run]
    assert late.standing() == on_time.standing() == []


@pytest.mark.parametrize("recorded", [date(2018, 9, 15), TWO_YEARS])
def test_an_absence_from_the_day_of_the_tick_leaves_the_flag_standing(recorded: date) -> None:
    """Expected (党章第九条; a day's facts follow its tick): m-1 attends on 2018-01-12, then
    nothing; he is away from 2018-08-01, the day of the tick that judges July. On time
    (recorded 08-01, after that tick): February–July are six silent months he spent at the
    branch, flagged at 08-01 (since 02-01, to 07-31); from August he is away, no other. The
    外出 recorded on ``recorded`` (补录, six weeks or two years late): the same flag, and
    it stands. Standing at the end in both orders: that flag."""
    common = _story((date(2018, 1, 12), _attended(date(2018, 1, 12))))
    on_time, late = _both(common, _away(date(2018, 8, 1)), date(2018, 8, 1), recorded, LAST)

    run = (ABSENT, date(2018, 2, 1), date(2018, 7, 31))
    assert on_time.standing() == late.standing() == [run]
    assert late.withdrawn() == []


def test_an_earlier_absence_recorded_late_leaves_him_away_since_the_later() -> None:
    """Expected (党章第九条; 2006 意见; a fact recorded late about an earlier day does not
    undo what a later one showed): m-1 goes away on 2018-03-01, comes back on 04-10 and
    goes away again on 06-10 (still away), never attending. On time: March–April away or
    the month of the return, May one silent month, away from June; no flag. The first 外出
    recorded on 2018-12-10 (补录), after the later one: he is still away since 06-10, and
    no flag is raised (it would name a member away for months he was away)."""
    common = _story((date(2018, 4, 10), _back(date(2018, 4, 10))),
                    (date(2018, 6, 10), _away(date(2018, 6, 10))))  # fmt: skip
    on_time, late = _both(common, _away(date(2018, 3, 1)), date(2018, 3, 1),
                          date(2018, 12, 10), LAST)  # fmt: skip

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []
