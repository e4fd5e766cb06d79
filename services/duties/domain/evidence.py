"""Crediting evidence (履行佐证): a fact fulfils the instances it evidences.

A periodic duty is credited for the period containing the fact's own date
(``dated_by``), not the day it was recorded; a term duty for the running
term; a within-days duty for the trigger its correlated field names. This
module finds the instances a fact credits, opening a periodic one if owed, and
:mod:`~services.duties.domain.counting` counts the fact for each. A fact
recorded before its trigger waits for it (先于触发:
:mod:`~services.duties.domain.awaiting`); one about a person the log does not
know in office yet is kept for the office (任职前: :mod:`~services.duties.domain.early`);
one counted only at the person's 联系点 is judged where it was done
(:mod:`~services.duties.domain.contact_points`); a year's 述职 given answers
for the office, and the parent's 述职评议 follows it
(:mod:`~services.duties.domain.work_reports`).
"""

from __future__ import annotations

from collections.abc import Iterator

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
from contracts.events.enums import Office
from services.duties.domain.awaiting import await_trigger, correlated_instances, correlation_of
from services.duties.domain.contact_points import assign, at_assigned, none_assigned
from services.duties.domain.counting import (
    count_fact,
    credited,
    held_by,
    live_instances,
    matching_spec,
)
from services.duties.domain.early import (
    keep_for_the_person,
    kept_for_an_office,
    kept_for_the_office,
    remember,
)
from services.duties.domain.instances import LIVE, Instance, Status, instance_key
from services.duties.domain.matching import fact_day, text_of
from services.duties.domain.obligations import (
    answers_its_period,
    done_on_a_day,
    holder_owes,
    member_owes,
    office_of,
    office_on,
    open_instance,
    owed_instead,
    owes,
    resume,
)
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit
from services.duties.domain.work_reports import relieved


def credit(state: DutyState, env: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """Credit ``env``, read from ``partition``, to every instance it evidences of the units
    folded there (:meth:`DutyState.owns`); return the resulting status events. An
    assignment (联系点确定) is recorded first (:func:`assign`)."""
    outputs = assign(state, env, partition, rules)
    for duty_id in rules.may_evidence(env.data):
        routing = rules.latest(duty_id)
        routed = matching_spec(routing, env, rules)
        if routed is None:
            continue
        for unit, instance, duty in _targets(state, env, partition, rules, routing, routed):
            spec = routed if duty is routing else matching_spec(duty, env, rules)
            if spec is not None:
                outputs += _record(state, unit, instance, duty, spec, env, rules)
    return outputs


def _targets(
    state: DutyState, env: Envelope, partition: int, rules: Rules, routing: Duty, spec: Evidence
) -> Iterator[tuple[Unit, Instance, Duty]]:
    """The instances ``env`` may credit, found by the newest statement of the duty (``routing``)."""
    duty_id = routing.id
    if isinstance(routing.cadence, WithinDaysCadence):
        value = correlation_of(state, env, routing.cadence, duty_id)
        correlated = correlated_instances(state, env, rules, value, duty_id, spec)
        # Not a waived one (已离任): the evidence waits for an appointment recorded later
        # that may continue it (同日转任).
        taken = [
            (unit, instance, duty)
            for unit, instance, duty in correlated
            if state.owns(unit, partition) and instance.status is not Status.WAIVED
        ]
        if not taken:
            await_trigger(state, env, partition, rules, routing, spec, value)
        yield from taken
        return
    units = _credited_units(state, env, routing, spec)
    periodic = isinstance(routing.cadence, PeriodicCadence)
    by_the_holder = periodic and spec.credited_by is CreditedBy.OFFICE_HOLDER
    person = text_of(env.data, spec.person_field or "") or ""
    at, day = text_of(env.data, spec.organization_field), fact_day(spec, env)
    elsewhere = not at_assigned(state, spec, person, at, day)
    unassigned = none_assigned(state, spec, person, day)
    if by_the_holder and (elsewhere or unassigned or kept_for_an_office(spec, held=bool(units))):
        keep_for_the_person(state, env, rules, routing, spec)
    if elsewhere:
        return
    for unit in units:
        if not state.owns(unit, partition):
            continue
        if isinstance(routing.cadence, TermCadence):
            for instance in live_instances(unit, duty_id):
                if instance.period_start <= fact_day(spec, env):
                    yield unit, instance, rules.duty(instance.catalog_version, duty_id)
        elif isinstance(routing.cadence, PeriodicCadence) and _may_owe(unit, routing, env, spec):
            found = _periodic(state, unit, env, rules, routing.cadence, duty_id, spec)
            if found is not None:
                yield found


def _credited_units(state: DutyState, env: Envelope, routing: Duty, spec: Evidence) -> list[Unit]:
    """The organizations whose instances ``env`` may credit (see :class:`Evidence`).

    The one the fact names, or, credited by the office holder, every organization
    of the duty's kinds where the person the fact names holds one of its offices (a
    secretary of two branches trained once is trained for both); with
    ``before_office``, also the one the fact names, which keeps it for an office taken
    there later in the period or credits what its former holder still owes.
    """
    named = state.units.get(text_of(env.data, spec.organization_field) or "")
    if spec.credited_by is CreditedBy.ORGANIZATION:
        return [] if named is None else [named]
    person = text_of(env.data, spec.person_field or "") or ""
    holding = {unit.organization_id: unit for unit in held_by(state, routing, person)}
    if spec.before_office and named is not None and named.kind in routing.applies_to.kinds:
        holding[named.organization_id] = named
    return [holding[org] for org in sorted(holding)]


def _may_owe(unit: Unit, duty: Duty, env: Envelope, spec: Evidence) -> bool:
    """False when the fact's member cannot owe the duty: it is for members with a
    registry fact (quarterly dues) and the member has none. Saves finding the period
    for every monthly payment."""
    condition = duty.applies_to.members
    if condition is None or not condition.with_fact:
        return True
    member = unit.members.get(text_of(env.data, spec.member_field or "") or "")
    return member is not None and condition.fact.event in member.facts


def _periodic(
    state: DutyState,
    unit: Unit,
    env: Envelope,
    rules: Rules,
    cadence: PeriodicCadence,
    duty_id: str,
    spec: Evidence,
) -> tuple[Unit, Instance, Duty] | None:
    """The instance of the period containing the fact's day that ``env`` credits, opened if
    owed: by the unit (:func:`owes`), and, about an office holder, by the holder who did
    it (:func:`holder_owes`), or by the member it names. A fact of a period the holder
    took the office too late to owe opens none: their own, done on a day (a December
    visit), or their account of it (the 述职 of a year they did not hold the office, by a
    successor appointed after its reminder day: no account of the office's year by its
    holder, it releases no one, :func:`relieved`). The parent's evaluation naming a holder
    whose own was released for a predecessor's report credits the one owed instead, of the
    report given (:func:`owed_instead`)."""
    period, catalog = rules.period_of(cadence.kind, fact_day(spec, env))
    duty = rules.find(catalog, duty_id) if catalog is not None else None
    if catalog is None or duty is None:
        return None
    if not _owed(unit, duty, period):
        if kept_for_the_office(unit, duty):
            remember(state, unit, duty, period, None, env, spec)
        return None
    who: str | None = None
    office: Office | None = None
    if duty.applies_to.scope is Scope.OFFICE:
        who = text_of(env.data, spec.person_field or "") or ""
        office = _office_then(unit, duty, who, spec, env)
        if office is None:
            governing = matching_spec(duty, env, rules) if who else None
            counts_before = governing is not None and governing.before_office
            if not counts_before and office_of(unit, duty, who) is not None:
                return None  # done before the present holder took the office: not theirs
            held = _held_before(state, unit, duty, period, who, governing)
            if held is None and governing is not None and kept_for_an_office(governing):
                remember(state, unit, duty, period, who, env, governing)
            return held
        if not holder_owes(unit, duty, period, who):
            return None  # a period they do not owe (appointed too late)
    elif duty.applies_to.scope is Scope.MEMBER:
        who = text_of(env.data, spec.member_field or "")
        member = unit.members.get(who or "")
        if member is None or not member_owes(member, duty, period):
            return None
    instance = open_instance(state, unit, duty, catalog.version, period, (who, office))
    if instance is not None and instance.status is Status.WAIVED:
        instance = owed_instead(unit, instance) or instance  # the evaluation of the year
    return None if instance is None else (unit, instance, duty)


def _owed(unit: Unit, duty: Duty, period: Period) -> bool:
    """The unit owes ``period`` of ``duty`` (:func:`owes`, a visit showing its members in
    difficulty), or owed it on the period's first day, whose tick opened the instance,
    still live: a duty owed only with an office (设委员的: the 支部委员会) is owed for a
    month begun with a 委员, and a meeting held in it counts for it, also recorded after
    he left (the month is not owed again by the structure of the day of the record)."""
    opened = unit.find(instance_key(duty.id, period.id, None))
    live = opened is not None and opened.status in LIVE
    return live or owes(unit, duty, period, evidenced=True)


def _office_then(unit: Unit, duty: Duty, who: str, spec: Evidence, env: Envelope) -> Office | None:
    """The duty's office ``who`` held in ``unit`` when the fact ``env`` was done
    (:func:`office_on`), whichever order the log recorded the fact and the appointment in: a
    visit, a talk, a 党课 done before the appointment is not the office holder's, recorded
    before it (kept only where it counts before the office, ``before_office``, and credited
    by :func:`~services.duties.domain.early.credit_early`) or after it. A fact dated by the
    period it is for (the year's 述职) is the office's account of that period: the office held
    now."""
    if not done_on_a_day(spec):
        return office_of(unit, duty, who)
    return office_on(unit, duty, who, fact_day(spec, env))


def _held_before(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    period: Period,
    who: str | None,
    spec: Evidence | None,
) -> tuple[Unit, Instance, Duty] | None:
    """Evidence about a person who no longer holds the duty's office credits the instance
    still owed from when they did (a parent's late evaluation of a former secretary's
    report): it opens none. A fact answering its period for the office
    (:func:`answers_its_period`: the year's 述职, 每年向学校党委书面述职) given by the
    holder of that year after they left also credits their instance waived on leaving (免除
    before it fell due): the year's report is given, by the holder who owed it then, and the
    successor who owed it in their place is released (:func:`relieved`). Evidence counting
    before the office (``before_office``) about the present holder, done before they took
    it, credits the instance their appointment made them owe for its period, as it would
    have when the appointment found it kept
    (:func:`~services.duties.domain.early.credit_early`)."""
    instance = unit.find(instance_key(duty.id, period.id, who)) if who else None
    if instance is None:
        return None
    if instance.status is Status.WAIVED and spec is not None and answers_its_period(spec):
        resume(state, unit, instance, (instance.due_on, instance.remind_on))
    if instance.status not in LIVE:
        return None
    return unit, instance, duty


def _record(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    spec: Evidence,
    env: Envelope,
    rules: Rules,
) -> list[Envelope]:
    outputs = count_fact(state, unit, instance, duty, spec, credited(spec, env), env)
    about_a_holder = duty.applies_to.scope is Scope.OFFICE
    if outputs and about_a_holder and instance.status is not Status.OPEN:
        outputs += relieved(state, unit, instance, duty, spec, env, rules)
    return outputs
