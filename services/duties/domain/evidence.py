"""Crediting evidence (履行佐证): a fact fulfils the instances it evidences.

A periodic duty is credited for the period containing the fact's own date
(``dated_by``), not the day it was recorded; a term duty for the running
term; a within-days duty for the trigger its correlated field names. Evidence
of an instance already overdue yields ``DutyFulfilledLate``; the overdue
event stays in the log. Evidence with ``min_total`` adds its field (学时) to
the instance's tally, which fulfils it once it reaches the minimum.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from contracts.catalog import (
    CreditedBy,
    Duty,
    Evidence,
    Period,
    PeriodicCadence,
    Scope,
    TermCadence,
    WithinDaysCadence,
)
from contracts.envelope import Envelope
from contracts.events.duties import DutyFulfilled, DutyFulfilledLate
from contracts.events.enums import Office
from services.duties.domain.emit import duty_event
from services.duties.domain.matching import fact_day, matches, performed_on, text_of, value_of
from services.duties.domain.obligations import member_owes, office_of, open_instance, owes
from services.duties.domain.rules import Rules
from services.duties.domain.state import LIVE, DutyState, Instance, Status, Unit, instance_key


def credit(state: DutyState, env: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """Credit ``env``, read from ``partition``, to every instance it evidences of the units
    folded there (:meth:`DutyState.owns`); return the resulting status events."""
    outputs: list[Envelope] = []
    for duty_id in rules.may_evidence(env.data):
        routing = rules.latest(duty_id)
        routed = _matching_spec(routing, env, rules)
        if routed is None:
            continue
        for unit, instance, duty in _targets(state, env, partition, rules, routing, routed):
            spec = routed if duty is routing else _matching_spec(duty, env, rules)
            if spec is not None:
                outputs += _record(state, unit, instance, duty, spec, env)
    return outputs


def _matching_spec(duty: Duty, env: Envelope, rules: Rules) -> Evidence | None:
    for spec in rules.evidence_of(duty, type(env.data).__name__):
        if matches(spec, env.data):
            return spec
    return None


def _targets(
    state: DutyState, env: Envelope, partition: int, rules: Rules, routing: Duty, spec: Evidence
) -> Iterator[tuple[Unit, Instance, Duty]]:
    """The instances ``env`` may credit, found by the newest statement of the duty (``routing``)."""
    duty_id = routing.id
    if isinstance(routing.cadence, WithinDaysCadence):
        correlated = _correlated(state, env, rules, routing.cadence, duty_id, spec)
        yield from (target for target in correlated if state.owns(target[0], partition))
        return
    for unit in _credited_units(state, env, routing, spec):
        if not state.owns(unit, partition):
            continue
        if isinstance(routing.cadence, TermCadence):
            for instance in _live(unit, duty_id):
                if instance.period_start <= fact_day(spec, env):
                    yield unit, instance, rules.duty(instance.catalog_version, duty_id)
        elif isinstance(routing.cadence, PeriodicCadence) and _may_owe(unit, routing, env, spec):
            found = _periodic(state, unit, env, rules, routing.cadence, duty_id, spec)
            if found is not None:
                yield found


def _credited_units(state: DutyState, env: Envelope, routing: Duty, spec: Evidence) -> list[Unit]:
    """The organizations whose instances ``env`` may credit (see :class:`Evidence`).

    The one the fact names, or, credited by the office holder, every organization
    of the duty's kinds where the person the fact names holds one of its offices.
    """
    if spec.credited_by is CreditedBy.ORGANIZATION:
        unit = state.units.get(text_of(env.data, spec.organization_field) or "")
        return [] if unit is None else [unit]
    person = text_of(env.data, spec.person_field or "") or ""
    holding = (
        unit
        for unit in state.units.values()
        if unit.kind in routing.applies_to.kinds and office_of(unit, routing, person) is not None
    )
    return sorted(holding, key=lambda unit: unit.organization_id)


def _may_owe(unit: Unit, duty: Duty, env: Envelope, spec: Evidence) -> bool:
    """False when the fact's member cannot owe the duty: it is for members with a
    registry fact (quarterly dues) and the member has none. Saves finding the period
    for every monthly payment."""
    condition = duty.applies_to.members
    if condition is None or not condition.with_fact:
        return True
    member = unit.members.get(text_of(env.data, spec.member_field or "") or "")
    return member is not None and condition.fact.event in member.facts


def _live(unit: Unit, duty_id: str) -> Iterator[Instance]:
    for instance in unit.instances():
        if instance.duty_id == duty_id and instance.status in LIVE:
            yield instance


def _periodic(
    state: DutyState,
    unit: Unit,
    env: Envelope,
    rules: Rules,
    cadence: PeriodicCadence,
    duty_id: str,
    spec: Evidence,
) -> tuple[Unit, Instance, Duty] | None:
    period, catalog = rules.period_of(cadence.kind, fact_day(spec, env))
    duty = rules.find(catalog, duty_id) if catalog is not None else None
    if catalog is None or duty is None or not owes(unit, duty, period, evidenced=True):
        return None
    who: str | None = None
    office: Office | None = None
    if duty.applies_to.scope is Scope.OFFICE:
        who = text_of(env.data, spec.person_field or "")
        office = office_of(unit, duty, who or "")
        if office is None:
            return _held_before(unit, duty, period, who)
    elif duty.applies_to.scope is Scope.MEMBER:
        who = text_of(env.data, spec.member_field or "")
        member = unit.members.get(who or "")
        if member is None or not member_owes(member, duty, period):
            return None
    instance = open_instance(state, unit, duty, catalog.version, period, (who, office))
    return None if instance is None else (unit, instance, duty)


def _held_before(
    unit: Unit, duty: Duty, period: Period, who: str | None
) -> tuple[Unit, Instance, Duty] | None:
    """Evidence about a person who no longer holds the duty's office credits the instance
    still owed from when they did (a parent's late evaluation of a former secretary's
    report): it opens none."""
    instance = unit.find(instance_key(duty.id, period.id, who)) if who else None
    if instance is None or instance.status not in LIVE:
        return None
    return unit, instance, duty


def _correlated(
    state: DutyState,
    env: Envelope,
    rules: Rules,
    cadence: WithinDaysCadence,
    duty_id: str,
    spec: Evidence,
) -> Iterator[tuple[Unit, Instance, Duty]]:
    value = text_of(env.data, cadence.correlate.evidence_field)
    day = fact_day(spec, env)
    for org, key in list(state.correlations.get(f"{duty_id}|{value}", [])):
        unit = state.units[org]
        instance = unit.find(key)
        if instance is not None and instance.period_start <= day:
            yield unit, instance, rules.duty(instance.catalog_version, duty_id)


def _record(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, spec: Evidence, env: Envelope
) -> list[Envelope]:
    if env.id in instance.evidence or instance.status is Status.WAIVED:
        return []
    instance.evidence.append(env.id)
    if spec.min_total is not None:
        instance.tally = (instance.tally or Decimal(0)) + _amount(env, spec.min_total.field)
    outputs: list[Envelope] = []
    if instance.status in LIVE and _suffices(instance, spec):
        on = performed_on(spec, env)
        in_time = instance.status is Status.OPEN and fact_day(spec, env) <= instance.due_on
        instance.status = Status.FULFILLED if in_time else Status.FULFILLED_LATE
        instance.fulfilled_on = on
        event_class = DutyFulfilled if in_time else DutyFulfilledLate
        outputs.append(duty_event(event_class, state, unit, instance, duty, env, fulfilled_on=on))
    state.put(unit, instance)
    return outputs


def _amount(env: Envelope, field: str) -> Decimal:
    value = value_of(env.data, field)
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(0)


def _suffices(instance: Instance, spec: Evidence) -> bool:
    """Enough facts (``min_count``) and, with ``min_total``, enough of their sum (学时)."""
    if len(instance.evidence) < spec.min_count:
        return False
    total = spec.min_total
    return total is None or (instance.tally or Decimal(0)) >= total.at_least
