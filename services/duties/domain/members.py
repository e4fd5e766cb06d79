"""Member rules (党员情况提示): months without a signal, e.g. dues (党章第九条).

A member rule names the facts that count as a member's signal for a month
(``DuesPaid.month``, ``OrganizationalLifeAttended.attended_on``). When the
log's clock completes a month, a member whose last ``consecutive_months``
months (since joining, and for a rule ``judged_once_recorded`` since the unit
first recorded such a signal) have no signal is flagged once for that run of
months, with the rule's ``situation``. The system flags; it never decides removal.

Member facts (``record_fact``) are the registry facts a member duty's
condition names, e.g. the branch's consent to quarterly dues.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import Duty, MemberRule
from contracts.envelope import Envelope
from contracts.events.duties import MemberSituationFlagged
from services.duties.domain.emit import duty_event
from services.duties.domain.matching import as_day, value_of
from services.duties.domain.periods import (
    ONE_DAY,
    month_of,
    month_start,
    next_month,
    previous_month,
)
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState, Instance, Member, Unit

KEPT_MONTHS = 24


def record_signal(state: DutyState, env: Envelope, rules: Rules) -> None:
    """Note the month a member rule's signal (e.g. dues paid) is for."""
    signals = rules.signals(type(env.data).__name__)
    unit = state.units.get(env.subject)
    if not signals or unit is None:
        return
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    if member is None:
        return
    # Every catalog version restating a rule names its pair again; noting a month twice
    # changes nothing, so each pair is looked at once.
    for rule_id, field in dict.fromkeys(signals):
        day = as_day(value_of(env.data, field))
        if day is not None:
            months = member.signals.setdefault(rule_id, [])
            month = month_of(day)
            if month not in months:
                months.append(month)
                months.sort()
                unit.note_signal(rule_id, month, member_id)
                began = unit.signals_began.get(rule_id)
                if began is None or month < began:
                    unit.signals_began[rule_id] = month
                    state.touch(unit)
                for dropped in months[:-KEPT_MONTHS]:
                    unit.forget_signal(rule_id, dropped, member_id)
                del months[:-KEPT_MONTHS]
                state.touch_member(unit, member_id)


def record_fact(state: DutyState, env: Envelope, rules: Rules) -> None:
    """Note a registry fact a member duty's condition names (e.g. quarterly dues agreed)."""
    name = type(env.data).__name__
    field = rules.member_fact_field(name)
    unit = state.units.get(env.subject)
    if field is None or unit is None:
        return
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    day = as_day(value_of(env.data, field))
    if member is not None and day is not None:
        member.facts[name] = day
        state.touch_member(unit, member_id)


def flag_members(
    state: DutyState, unit: Unit, today: date, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """Evaluate the member rules for each month completed since the last evaluation."""
    completed = previous_month(month_of(today))
    if unit.rules_month is None:
        unit.rules_evaluated(completed)
        state.touch_calendar(unit)
    outputs: list[Envelope] = []
    month = unit.rules_month or completed
    while month < completed:
        month = next_month(month)
        catalog = rules.in_force(month_start(month))
        for rule in catalog.member_rules if catalog else ():
            assert catalog is not None
            for member_id in sorted(_silent_for(unit, rule, month)):
                flag = _flag(state, unit, member_id, rule, catalog.version, month, cause)
                outputs.append(flag)
        unit.rules_evaluated(month)
        state.touch_calendar(unit)
    return outputs


def _silent_for(unit: Unit, rule: MemberRule, month: str) -> list[str]:
    """The unit's members whose run of silent months reaches the rule's length at ``month``.

    Most members have the month's signal, and the month-first tick evaluates
    every member of the university: those the index (``Unit.signalled``) names
    are passed over without being looked at.
    """
    signalled = unit.signalled.get(month, {}).get(rule.id, set())
    if len(signalled) == len(unit.members):
        return []  # the index names members only: it names them all
    began = unit.signals_began.get(rule.id) if rule.judged_once_recorded else None
    if rule.judged_once_recorded and (began is None or began > month):
        return []  # the unit records no such signal yet: its silence says nothing
    return [
        member_id
        for member_id in unit.members.keys() - signalled
        if _silent_months(unit.members[member_id], rule, month, began) == rule.consecutive_months
    ]


def _silent_months(member: Member, rule: MemberRule, month: str, began: str | None) -> int:
    """How many months up to ``month`` in a row (since joining, and since ``began``
    when given) have no signal (at most limit+1)."""
    signalled = member.signals.get(rule.id, [])
    count = 0
    # A signalled month ends the run whether or not it is before joining: look at it first.
    while month not in signalled and count <= rule.consecutive_months:
        if month_start(month) < member.since or (began is not None and month < began):
            break
        count += 1
        month = previous_month(month)
    return count


def _flag(
    state: DutyState,
    unit: Unit,
    member_id: str,
    rule: MemberRule,
    version: str,
    month: str,
    cause: Envelope,
) -> Envelope:
    first = month_start(month)
    for _ in range(rule.consecutive_months - 1):
        first = month_start(previous_month(month_of(first)))
    end = month_start(next_month(month)) - ONE_DAY
    run = Instance(
        duty_id=rule.id,
        period=month,
        period_start=first,
        period_end=end,
        due_on=end,
        remind_on=end,
        catalog_version=version,
        member_id=member_id,
    )
    return duty_event(
        MemberSituationFlagged, state, unit, run, rule, cause, situation=rule.situation, since=first
    )


def flag_overdue_member_duty(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, cause: Envelope
) -> list[Envelope]:
    """An overdue member duty whose catalog entry says so also flags the member
    (``overdue_flags``, e.g. 外出未转接)."""
    if duty.overdue_flags is None or instance.member_id is None:
        return []
    return [
        duty_event(
            MemberSituationFlagged,
            state,
            unit,
            instance,
            duty,
            cause,
            situation=duty.overdue_flags,
            since=instance.period_start,
        )
    ]
