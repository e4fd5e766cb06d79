"""What accountability lanes tell each other at each day's close (日终跨分区汇总, issue 26).

A lane folds one partition of ``zeren.duties.v2`` alone (``Ledger.lane``). Two
rules look across partitions: 普遍性 counts every unit owing a duty in a period,
and 特别突出 counts what a unit let pass overdue, which for a parent charged
about units on several partitions (the committee) is folded on several. Both
are weighed only once a day has closed in every partition (``decide._tick``).

So, when a lane reaches the tick of day ``d + 1``, before folding it, it tells
the others what it changed up to there (:func:`close_day`: its records of duties
let pass and its units in each duty group, a :class:`DayPart` for day ``d``),
and folds that tick only once it has taken every other lane's part for ``d``
(:func:`take_part`). Every lane then weighs the day on the same facts as the
single fold, which folds every partition through that tick before it weighs
the day; each lane acts on its own cases only. Lanes exchange unit ids, not
counts: a unit charged on several partitions is one unit.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field

from services.accountability.domain.models import Elsewhere, GroupPart
from services.accountability.domain.state import (
    DAYS,
    ELSEWHERE,
    GROUP,
    OVERDUE,
    TOLD_GROUP,
    TOLD_RECORD,
    UNSHARED,
    Ledger,
    told_key,
)


class DayPart(BaseModel):
    """One lane's part of a day's close: its records and groups changed since its last
    part, in full (an empty record: none any more)."""

    lane: int
    day: date
    records: dict[str, list[tuple[date, str]]] = Field(default_factory=dict)
    groups: dict[str, GroupPart] = Field(default_factory=dict)


def close_day(ledger: Ledger, day: date) -> DayPart:
    """The lane's part for ``day``: call it when the tick of the next day arrives,
    before folding that tick."""
    assert ledger.lane is not None, "only a lane tells its part"
    part = DayPart(lane=ledger.lane, day=day)
    for key in sorted(ledger.unshared):
        if key.startswith(OVERDUE):
            name = key.removeprefix(OVERDUE)
            part.records[name] = list(ledger.overdue.get(name, ()))
        elif key.startswith(GROUP):
            name = key.removeprefix(GROUP)
            group = ledger.groups[name]
            part.groups[name] = GroupPart(
                duty_id=group.duty_id,
                period=group.period,
                due_on=group.due_on,
                fulfilled=set(group.fulfilled),
                overdue=set(group.overdue),
            )
    ledger.unshared = set()
    ledger.touch(UNSHARED)
    return part


def take_part(ledger: Ledger, part: DayPart) -> None:
    """Keep another lane's part: its records and groups replace what it told before, and
    its partition counts as past ``part.day`` for the rules that wait for every one."""
    if part.lane == ledger.lane:
        return
    there = ledger.elsewhere.setdefault(part.lane, Elsewhere())
    for key, entries in part.records.items():
        if entries:
            there.records[key] = entries
        else:
            there.records.pop(key, None)
        ledger.touch(ELSEWHERE, told_key(part.lane, TOLD_RECORD, key))
    for key, group in part.groups.items():
        there.groups[key] = group
        ledger.known_group(group.duty_id, group.period, group.due_on)
        ledger.touch(ELSEWHERE, told_key(part.lane, TOLD_GROUP, key))
    past = part.day + timedelta(days=1)
    ledger.days[part.lane] = max(ledger.days.get(part.lane, past), past)
    ledger.touch(DAYS)
