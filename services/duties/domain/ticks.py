"""Time from the log (时钟): a ``ClockTicked`` opens periods and passes deadlines.

For the units on the tick's partition: periods that have begun are opened;
an open instance whose deadline is over becomes overdue (``DutyOverdue``);
one inside its reminder lead is reminded once (``DutyDueSoon``); the member
rules are evaluated for each completed month, a branch's composition on each
month's first day, and member watches whose days are over flag their members.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import Scope
from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from contracts.events.duties import DutyDueSoon, DutyOverdue
from services.duties.domain.composition import flag_composition
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance, Status
from services.duties.domain.member_flags import flag_members, flag_overdue_member_duty
from services.duties.domain.obligations import (
    defer_members,
    open_instance,
    owes,
    set_aside,
    subjects,
)
from services.duties.domain.periods import ONE_DAY, PERIOD_KINDS, calendar_period
from services.duties.domain.rules import Rules
from services.duties.domain.state import BEGAN_KEY, CLOCK_KEY, DutyState
from services.duties.domain.structure import waive_held
from services.duties.domain.units import Unit
from services.duties.domain.watches import flag_due_watches

#: Why an instance of a period begun before the log is set aside undone (不予评判).
UNJUDGED = "开始记录前的期间，不予评判"


def on_tick(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Advance the partition's clock to the tick's day; return the status events due."""
    tick = env.data
    assert isinstance(tick, ClockTicked)
    state.clock[tick.partition] = tick.date
    state.changed.add(CLOCK_KEY)
    if tick.partition not in state.began:
        state.began[tick.partition] = tick.date
        state.changed.add(BEGAN_KEY)
    outputs: list[Envelope] = []
    for org in state.by_partition.get(tick.partition, []):
        unit = state.units[org]
        if tick.date.day == 1:
            state.archive_settled(unit, tick.date)
        outputs += waive_held(state, unit, env, rules)
        if unit.dissolved_on is not None or unit.established_on > tick.date:
            continue
        open_periods(state, unit, state.began[tick.partition], tick.date, rules)
        outputs += flag_members(state, unit, tick.date, env, rules)
        outputs += flag_composition(state, unit, tick.date, env, rules)
        outputs += flag_due_watches(state, unit, tick.date, env, rules)
        outputs += pass_deadlines(state, unit, tick.date, env, rules)
    if tick.date.day == 1:
        state.let_go_awaiting()
    return outputs


def open_periods(state: DutyState, unit: Unit, began: date, today: date, rules: Rules) -> None:
    """Open every periodic instance of periods that began by ``today`` (每月/季/学期/年).

    Periods that began before the log did (``began``, the partition's first
    tick) are not judged: nothing of them can be in the log.
    """
    floor = max(unit.established_on, rules.first_effective) - ONE_DAY
    for kind in PERIOD_KINDS:
        last = unit.opened.get(kind, floor)
        while last < today:
            begins = last + ONE_DAY
            period, governing = rules.period_of(kind, begins)
            catalog = governing if period.start >= began else None
            for duty in rules.periodic(catalog, kind) if catalog else ():
                if not owes(unit, duty, period):
                    continue
                assert catalog is not None
                if duty.applies_to.scope is Scope.MEMBER:
                    defer_members(state, unit, duty, catalog.version, period, today)
                    continue
                for subject in subjects(unit, duty):
                    open_instance(
                        state, unit, duty, catalog.version, period, subject, opened_on=today
                    )
            last = period.end
        if unit.opened.get(kind) != last:
            unit.opened[kind] = last
            state.touch_calendar(unit)


def pass_deadlines(
    state: DutyState, unit: Unit, today: date, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """Overdue (逾期) and due-soon (即将到期) events for the unit's open instances."""
    if unit.next_check is None or today < unit.next_check:
        return []
    state.close_deferred(unit, reminded_by=today)
    outputs: list[Envelope] = []
    walked = unit.open_instances()
    for instance in walked:
        if _before_the_log(state, unit, instance):
            _leave_unjudged(state, unit, instance, today)
            continue
        if today > instance.due_on:
            duty = rules.duty(instance.catalog_version, instance.duty_id)
            instance.status = Status.OVERDUE
            outputs.append(duty_event(DutyOverdue, state, unit, instance, duty, cause))
            outputs += flag_overdue_member_duty(state, unit, instance, duty, cause)
        elif not instance.reminded and today >= instance.remind_on:
            duty = rules.duty(instance.catalog_version, instance.duty_id)
            instance.reminded = True
            outputs.append(duty_event(DutyDueSoon, state, unit, instance, duty, cause))
        else:
            continue
        state.put(unit, instance)
    unit.next_check = unit.next_look([i for i in walked if i.status is Status.OPEN])
    return outputs


def _before_the_log(state: DutyState, unit: Unit, instance: Instance) -> bool:
    """An instance of a calendar period that began before the log did (开始记录前的期间),
    opened by evidence recorded for it: the log can show that it was done, never that
    it was not (:func:`open_periods`). A term or a span (限期) is judged by its end."""
    began = state.began[unit.partition]
    return instance.period_start < began and calendar_period(instance.period)


def _leave_unjudged(state: DutyState, unit: Unit, instance: Instance, today: date) -> None:
    """不予评判: no reminder; once its deadline has passed undone, set aside without a
    status, as a period the ticks never opened."""
    if today > instance.due_on:
        set_aside(state, unit, instance, UNJUDGED)
    elif today >= instance.remind_on:
        instance.reminded = True
        state.put(unit, instance)
