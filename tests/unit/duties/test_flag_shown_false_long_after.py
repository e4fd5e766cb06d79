"""A flag shown false by a fact recorded long after (补录, a year and a half or two years late).

Scenarios written by hand before running, each folded twice as in
``test_member_recording_order``: every fact recorded on its own day (on time), and one
fact recorded long after its day (补录). Each docstring states the flags expected and the
source.

Sources: 《中国共产党章程》第九条 (党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳
党费 … 就被认为是自行脱党: the branch decides, the system only flags; a false flag names a real
person, the worst defect); 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008, DOMAIN.md:
按月交纳; 经党支部同意可按季度交纳; back-pay, 补交): a month's dues paid within the period they
are payable in (its month, a quarterly payer's quarter) were paid, whenever the payment is
recorded; the catalog (``member_rules``: six months in a row, flagged at the first tick
after the period that makes the sixth, once per run).

Expected in every order, whatever the age of the month: a payment (or an attendance) made
before the tick that raised a flag, for a month of the flag's run, withdraws it (已撤回, with
the day of the record and why). The flag is not left standing because the months are old;
the duties service keeps a member's signals for two years (``KEPT_MONTHS``) and judges the
runs again over the last ``REJUDGED_MONTHS``, but whether a flag it raised stands is for
accountability, which keeps the flags, to say. A payment made after the flag was raised
(补交) leaves it standing, as when recorded on time (``test_member_recording_order`` S3).

Decided: a run of six silent months left after the fact, none of whose flagging months is
among the months judged again (about months two years past), is not flagged anew: the
signals it would be counted from are no longer all kept, and a flag is a prompt for the
branch to act now, not a judgement on facts long past. One whose sixth month is among them
is flagged, as for a fact recorded a few months late (S2 there; S4 here).

The common story (``test_member_recording_order``): ``br-1`` from 2018-01-01, the log's
first day; m-1 and m-2 on its roll from that day; daily ticks to the last day.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from services.accountability.domain import queries
from tests.unit.duties.builders import make
from tests.unit.duties.test_member_recording_order import (
    ABSENT,
    BR,
    DUES,
    Outcome,
    Recorded,
    _attended,
    _both,
    _paid,
)

pytestmark = pytest.mark.unit

#: Recorded about 18 months late: the month is among the signals kept, not among those
#: judged again. Recorded about 26 months late: not even among those kept.
EIGHTEEN_MONTHS, TWO_YEARS = date(2019, 12, 20), date(2020, 8, 20)
LAST = date(2020, 9, 5)


def _months(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last`` (``YYYY-MM``), in order."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year}-{month:02d}" <= last:
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _pays(member: str, first: str, last: str) -> list[Recorded]:
    """``member`` pays each month from ``first`` to ``last`` on its 20th, recorded that day."""
    days = [date(int(m[:4]), int(m[5:]), 20) for m in _months(first, last)]
    return [(day, _paid(f"{day:%Y-%m}", day, member)) for day in days]


def _attends(member: str, first: str, last: str) -> list[Recorded]:
    """``member`` attends each month from ``first`` to ``last`` on its 12th, recorded then."""
    days = [date(int(m[:4]), int(m[5:]), 12) for m in _months(first, last)]
    return [(day, _attended(day, member)) for day in days]


def _withdrawn(outcome: Outcome) -> list[tuple[str, date, date, date | None, str]]:
    """m-1's flags withdrawn (已撤回): situation, months, the day withdrawn and why."""
    kept = queries.list_flags(outcome.ledger, unit=BR, member=True, standing=False)
    return [
        (f.situation, f.since, f.due_on, f.withdrawn_on, f.withdrawn_zh or "")  # type: ignore[misc]
        for f in kept
        if f.member_id == "m-1"
    ]


@pytest.mark.parametrize("recorded", [EIGHTEEN_MONTHS, TWO_YEARS])
def test_a_payment_recorded_long_after_withdraws_the_flag_it_shows_false(recorded: date) -> None:
    """Expected (党章第九条; 2008 党费规定: 按月交纳): m-1 pays nothing January–May 2018, pays
    June on 06-20 and every month from July 2018 on the 20th. On time: January–May are
    five; no dues flag, ever. June's payment recorded on ``recorded`` (18 or 26 months
    late, 补录): at the 2018-07-01 tick January–June look silent and a flag (since 01-01, to
    06-30) is raised and told; the record shows June paid on 06-20, before that tick, so
    the flag is withdrawn on the day of the record (已撤回), saying the payment's day.
    Standing at the end in both orders: none."""
    common = _pays("m-1", "2018-07", "2020-08") + _pays("m-2", "2018-01", "2020-08")
    june = _paid("2018-06", date(2018, 6, 20))
    on_time, late = _both(common, june, date(2018, 6, 20), recorded, LAST)

    run = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.noted() == []
    assert late.noted() == [run]
    assert late.withdrawn() == [run]
    assert late.standing() == on_time.standing() == []
    [(*flag, withdrawn_on, why)] = _withdrawn(late)
    assert (tuple(flag), withdrawn_on) == (run, recorded)
    assert "于2018年6月20日交纳2018-06党费" in why


@pytest.mark.parametrize("recorded", [EIGHTEEN_MONTHS, TWO_YEARS])
def test_an_attendance_recorded_long_after_withdraws_the_absence_flag(recorded: date) -> None:
    """Expected (党章第九条: 连续六个月不参加党的组织生活; catalog: judged from the branch's
    first recorded attendance, m-2's in January 2018): m-1 pays every month; he attends
    nothing January–May 2018, attends on 06-12 and every month from July 2018 on the 12th.
    On time: five months; no absence flag. The 06-12 attendance recorded on ``recorded``
    (补录): the flag raised at 2018-07-01 (since 01-01, to 06-30) is withdrawn on the day of
    the record, saying the attendance's day. Standing at the end in both orders: none."""
    common = [
        *_pays("m-1", "2018-01", "2020-08"),
        *_attends("m-1", "2018-07", "2020-08"),
        *_attends("m-2", "2018-01", "2020-08"),
    ]
    june = _attended(date(2018, 6, 12))
    on_time, late = _both(common, june, date(2018, 6, 12), recorded, LAST)

    run = (ABSENT, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [run]
    assert late.standing() == on_time.standing() == []
    [(*flag, withdrawn_on, why)] = _withdrawn(late)
    assert (tuple(flag), withdrawn_on) == (run, recorded)
    assert "于2018年6月12日参加党的组织生活" in why


def test_a_quarterly_payment_within_its_quarter_recorded_two_years_late() -> None:
    """Expected (2008 党费规定: 经党支部同意可按季度交纳; 党章第九条): the branch agrees on
    2018-01-01 that m-1 pays by quarter from 2018-01. He pays nothing for January–April and
    June 2018; May's dues he pays on 06-25, within the second quarter, and from July 2018
    every month on the 20th. On time: January–April are four, June one; no flag. The
    payment recorded on 2020-08-20 (补录): the first tick after the second quarter
    (07-01) found January–June without dues and raised a flag (since 01-01, to 06-30); the
    record shows May paid within its quarter, before that tick, so the flag is withdrawn.
    (Paid on 06-25 by a monthly payer, it would be 补交 of May, after May was judged.)"""
    consent = make(members.QuarterlyDuesApproved, organization_id=BR, member_id="m-1",
                   approved_on=date(2018, 1, 1), first_month="2018-01")  # fmt: skip
    common = [
        (date(2018, 1, 1), consent),
        *_pays("m-1", "2018-07", "2020-08"),
        *_pays("m-2", "2018-01", "2020-08"),
    ]
    may = _paid("2018-05", date(2018, 6, 25))
    on_time, late = _both(common, may, date(2018, 6, 25), TWO_YEARS, LAST)

    run = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [run]
    assert late.standing() == on_time.standing() == []


def test_a_back_payment_recorded_two_years_late_leaves_the_flag_standing() -> None:
    """Expected (党章第九条; 2008 党费规定: 补交): m-1 pays nothing January–June 2018; on
    07-15 he pays June's dues (补交, after the 07-01 tick raised the flag since 01-01, to
    06-30), and every month from July 2018 on the 20th. On time (recorded 07-15) and
    recorded on 2020-08-20 alike, the flag stands: on its day the six months were unpaid,
    and the payment is the member's answer for the branch to weigh (the system flags,
    people decide), as for a back payment recorded a few months late."""
    common = _pays("m-1", "2018-07", "2020-08") + _pays("m-2", "2018-01", "2020-08")
    june = _paid("2018-06", date(2018, 7, 15))
    on_time, late = _both(common, june, date(2018, 7, 15), TWO_YEARS, LAST)

    run = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.standing() == late.standing() == [run]
    assert late.withdrawn() == []


def test_a_run_left_by_a_payment_two_years_late_is_not_flagged_anew() -> None:
    """Expected (党章第九条; decided, module docstring): m-1 pays March 2018 only, on 03-20,
    then nothing until 2019, and every month from January 2019 on the 20th. On time:
    January–February are two; April–December nine, flagged at the 10-01 tick (since 04-01,
    to 09-30). March's payment recorded on 2020-08-20 (补录): the flag raised at 07-01
    (since 01-01, to 06-30) is withdrawn, March having been paid before it. The run left,
    April–December 2018, ended about two years before the record and is not flagged anew.
    Standing at the end: April–September on time; none recorded late. No false flag stands
    in either order."""
    common = _pays("m-1", "2019-01", "2020-08") + _pays("m-2", "2018-01", "2020-08")
    march = _paid("2018-03", date(2018, 3, 20))
    on_time, late = _both(common, march, date(2018, 3, 20), TWO_YEARS, LAST)

    assert on_time.standing() == [(DUES, date(2018, 4, 1), date(2018, 9, 30))]
    assert late.noted() == late.withdrawn() == [(DUES, date(2018, 1, 1), date(2018, 6, 30))]
    assert late.standing() == []


def test_a_run_left_reaching_six_among_the_months_judged_again_is_flagged() -> None:
    """Expected (党章第九条; catalog: once per run): m-1 pays January–May 2018 and October
    2018 (on the 20th), nothing June–September 2018 nor November 2018–September 2019, and
    every month from October 2019. On time: June–September are four; November 2018–
    September 2019 eleven, flagged at the 2019-05-01 tick (since 2018-11-01, to 2019-04-30).
    October's payment recorded on 2020-08-20 (补录, 22 months late): the flag raised at
    2018-12-01 (since 2018-06-01, to 2018-11-30) is withdrawn, October having been paid
    before it; the run left, November 2018–September 2019, reaches six in April 2019,
    among the months judged again, and is flagged now (since 2018-11-01, to 2019-04-30).
    Standing at the end in both orders: that flag only."""
    common = [
        *_pays("m-1", "2018-01", "2018-05"),
        *_pays("m-1", "2019-10", "2020-08"),
        *_pays("m-2", "2018-01", "2020-08"),
    ]
    october = _paid("2018-10", date(2018, 10, 20))
    on_time, late = _both(common, october, date(2018, 10, 20), TWO_YEARS, LAST)

    left = (DUES, date(2018, 11, 1), date(2019, 4, 30))
    assert on_time.standing() == [left]
    assert late.withdrawn() == [(DUES, date(2018, 6, 1), date(2018, 11, 30))]
    assert late.standing() == on_time.standing()
