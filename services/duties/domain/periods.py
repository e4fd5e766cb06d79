"""Periods (考核周期): months, quarters, semesters of the academic calendar (校历), years.

Period ids follow docs/event-names.md: ``2018-03``, ``2018-Q2``, ``2018-S1``,
``2018``, ``term:2018-06-30`` and ``within:<event id>``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from contracts.catalog import AcademicCalendar, Duty, Period

PeriodKind = Literal["monthly", "quarterly", "semester", "yearly"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("monthly", "quarterly", "semester", "yearly")
ONE_DAY = timedelta(days=1)


def shifted(day: date, days: int) -> date:
    """``day`` moved by ``days``, held at the calendar's ends (a deadline past ``date.max``
    never comes): date arithmetic on a stored day never raises (issue 22: a term ending
    9999-12-30 extended by days stopped the duties service with an OverflowError)."""
    try:
        return day + days * ONE_DAY
    except OverflowError:
        return date.max if days > 0 else date.min


def due_by_rule(duty: Duty, end: date) -> date:
    """The deadline the rule sets for a period ending on ``end``: its end plus the grace
    (宽限), however late the log judged it (``obligations.deadlines``). A fact dated after
    it was not done in time (一个月内谈话: a talk held after the month is late)."""
    return shifted(end, duty.grace_days)


def _month_end(year: int, month: int) -> date:
    if (year, month) == (date.max.year, 12):
        return date.max
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - ONE_DAY


def period_containing(kind: PeriodKind, day: date, calendar: AcademicCalendar) -> Period:
    """The ``kind`` period (每月/每季度/每学期/每年) that contains ``day``."""
    if kind == "monthly":
        return Period(
            id=month_of(day),
            start=day.replace(day=1),
            end=_month_end(day.year, day.month),
        )
    if kind == "quarterly":
        return quarter_containing(day)
    if kind == "semester":
        return calendar.semester_containing(day)
    return Period(id=str(day.year), start=date(day.year, 1, 1), end=date(day.year, 12, 31))


def quarter_containing(day: date) -> Period:
    """The calendar quarter (季度) that contains ``day``."""
    quarter = (day.month - 1) // 3 + 1
    first = 3 * quarter - 2
    return Period(
        id=f"{day.year}-Q{quarter}",
        start=date(day.year, first, 1),
        end=_month_end(day.year, first + 2),
    )


def add_years(day: date, years: int) -> date:
    """``years`` after ``day`` (28 February for 29 February), at most ``date.max``."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def term_period(start: date, end: date) -> Period:
    """The term (任期) ending on ``end``: an election is due by then."""
    return Period(id=f"term:{end.isoformat()}", start=min(start, end), end=end)


def counted_year(period: str, start: date, end: date) -> int:
    """The year a period's instance is counted in (统计年度): a term (``term:…``) in the
    year the election falls due, its end, not the year the term began; any other
    period in the year it begins."""
    return end.year if period.startswith("term:") else start.year


#: The prefixes of the periods that are not calendar periods: a term, a span (限期).
NOT_CALENDAR = ("term:", "within:")


def calendar_period(period: str) -> bool:
    """Whether ``period`` is a month, quarter, semester or year (每月/季/学期/年)."""
    return not period.startswith(NOT_CALENDAR)


def within_period(trigger_event_id: str, start: date, end: date) -> Period:
    """The span (限期) opened by the trigger event ``trigger_event_id``."""
    return Period(id=f"within:{trigger_event_id}", start=start, end=max(start, end))


@lru_cache(maxsize=4096)  # a member fact's month is read up to three times
def month_start(month: str) -> date:
    """The first day of a ``YYYY-MM`` month."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def month_of(day: date) -> str:
    """The ``YYYY-MM`` month of ``day`` (one shared string per month: members keep many)."""
    return _month_text(day.year, day.month)


@lru_cache(maxsize=4096)
def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@lru_cache(maxsize=4096)  # asked per unit on every tick
def previous_month(month: str) -> str:
    """The ``YYYY-MM`` month before ``month``."""
    return month_of(month_start(month) - ONE_DAY)


def months_between(start: date, end: date) -> list[str]:
    """The ``YYYY-MM`` months from ``start``'s to ``end``'s, in order."""
    months, month, last = [], month_of(start), month_of(end)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


@lru_cache(maxsize=4096)
def next_month(month: str) -> str:
    """The ``YYYY-MM`` month after ``month``."""
    start = month_start(month)
    return month_of(_month_end(start.year, start.month) + ONE_DAY)
