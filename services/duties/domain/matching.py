"""Evidence matching (佐证匹配): does a fact satisfy a duty's evidence rule, and when was it?

Everything is read from the catalog's :class:`Evidence` data (event type,
field filters, attendance ratio, dating field); no duty has its own branch.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from zoneinfo import ZoneInfo

from contracts.catalog import Evidence, FieldFilter
from contracts.envelope import Envelope
from contracts.events.base import Payload
from contracts.events.fact_dates import fact_date
from services.duties.domain.periods import month_start

SHANGHAI = ZoneInfo("Asia/Shanghai")


def value_of(payload: Payload, field: str) -> object:
    """The plain value of ``payload.field`` (enums as their string value)."""
    value = getattr(payload, field, None)
    return value.value if isinstance(value, Enum) else value


def text_of(payload: Payload, field: str) -> str | None:
    """``payload.field`` as a string id, or None when absent."""
    value = value_of(payload, field)
    return None if value is None else str(value)


def passes(condition: FieldFilter, payload: Payload) -> bool:
    """Whether ``payload`` meets one field filter (equals / one_of / greater_than)."""
    value = value_of(payload, condition.field)
    if condition.equals is not None:
        return value == condition.equals
    if condition.one_of is not None:
        return value in condition.one_of
    if condition.greater_than is not None and isinstance(value, int | Decimal):
        return Decimal(value) > condition.greater_than
    return False


def attendance_suffices(ratio: Fraction | None, payload: Payload) -> bool:
    """到会比例: present / expected attendees reaches ``ratio`` (no ratio: always)."""
    if ratio is None:
        return True
    expected = value_of(payload, "expected_attendees")
    present = value_of(payload, "present_attendees")
    if not isinstance(expected, int) or not isinstance(present, int) or expected == 0:
        return False
    return Fraction(present, expected) >= ratio


def matches(evidence: Evidence, payload: Payload) -> bool:
    """Whether ``payload`` is the kind of fact ``evidence`` asks for."""
    for condition in evidence.where:
        if not passes(condition, payload):
            return False
    return attendance_suffices(evidence.min_attendance_ratio, payload)


def as_day(value: object) -> date | None:
    """A dating value as a day: a date, the first of a ``YYYY-MM`` month, or 1 January of a year."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return month_start(value)
    if isinstance(value, int):
        return date(value, 1, 1)
    return None


def event_day(env: Envelope) -> date:
    """The day the fact happened, in Asia/Shanghai (the envelope's ``time``)."""
    return env.time.astimezone(SHANGHAI).date()


def own_day(env: Envelope) -> date:
    """The day the fact says it happened (事实日期, its payload's), else the envelope's: a
    source may date the envelope the day it records the fact (补录)."""
    return fact_date(env.data) or event_day(env)


def fact_day(evidence: Evidence, env: Envelope) -> date:
    """The day the fact evidences (``dated_by``), falling back on the event's day."""
    return as_day(value_of(env.data, evidence.dated_by)) or event_day(env)


def performed_on(evidence: Evidence, env: Envelope) -> date:
    """The day the duty was actually performed: the day the fact says it was done (its
    ``done_on`` field, a 述职's 报送日期; else its dating field when a day, a meeting's
    ``held_on``), else the event's day."""
    value = value_of(env.data, evidence.done_on or evidence.dated_by)
    return value if isinstance(value, date) else event_day(env)
