"""Calendar helpers (日历): months, years and the duty periods that start on a month's first day."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from contracts.catalog import CATALOGS, DutyCatalog, Period

#: Periodic cadences, in the order their evidence is produced each month.
CADENCES = ("yearly", "semester", "quarterly", "monthly")


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years`` years (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_starts(start: date, end: date) -> Iterator[date]:
    """First days of the months from ``start``'s month to ``end``'s month."""
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = add_months(month, 1)


def catalog_for(day: date) -> DutyCatalog:
    """The catalog in force on ``day``; the first version for days before it (试行前)."""
    current = [c for c in CATALOGS if c.effective_from <= day]
    return current[-1] if current else CATALOGS[0]


def period_starting(cadence: str, first: date) -> Period | None:
    """The ``cadence`` period that starts on ``first`` (a month's first day), if one does."""
    last = month_end(first)
    if cadence == "monthly":
        return Period(id=f"{first:%Y-%m}", start=first, end=last)
    if cadence == "quarterly" and first.month % 3 == 1:
        quarter = first.month // 3 + 1
        return Period(
            id=f"{first.year}-Q{quarter}", start=first, end=month_end(add_months(first, 2))
        )
    if cadence == "yearly" and first.month == 1:
        return Period(id=str(first.year), start=first, end=date(first.year, 12, 31))
    if cadence == "semester":
        semester = catalog_for(first).settings.academic_calendar.semester_containing(first)
        return semester if semester.start == first else None
    return None
