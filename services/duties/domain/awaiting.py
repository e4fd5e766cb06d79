"""先于触发事实记录的佐证: evidence of a within-days duty recorded before its trigger.

The fact evidencing a within-days duty (the contact point assigned, the talk
with an applicant, 整改验收) may be recorded before the fact that opens the
instance it evidences (the appointment, the application, the finding). It is
kept under ``duty|correlation`` while a trigger may yet come
(:func:`await_trigger`), and credited to the instance the trigger opens
(:func:`credit_awaiting`) if dated within the span it counts for
(:func:`_counts_from`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from contracts.catalog import Duty, Evidence, Scope, WithinDaysCadence
from contracts.envelope import Envelope
from contracts.events.oversight import CaseAction
from contracts.events.structure import OfficeHolderAppointed, OrganizationEstablished
from services.common.ids import finding_case_id
from services.duties.domain.counting import (
    as_credit,
    count_fact,
    credited,
    held_by,
    hold,
    matching_spec,
)
from services.duties.domain.instances import LIVE, Instance
from services.duties.domain.matching import fact_day, text_of
from services.duties.domain.obligations import applies
from services.duties.domain.periods import ONE_DAY, shifted
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

#: Days after its own day that evidence of a duty due by a deadline the trigger names
#: (整改期限, ``deadline_field``) is kept awaiting its trigger: such a deadline has no
#: bound (see :func:`_last_due`).
AWAITING_DAYS = 366


def await_trigger(
    state: DutyState,
    env: Envelope,
    partition: int,
    rules: Rules,
    duty: Duty,
    spec: Evidence,
    value: str | None,
) -> None:
    """先于触发事实记录的佐证: keep evidence of the within-days ``duty`` that no instance
    folded here took (the registry records the appointment after the contact point, the
    application after the talk), under ``duty|correlation`` and, for a step on a finding,
    with the unit it is about, so that the trigger, once recorded, finds it
    (:func:`credit_awaiting`). Kept only where a trigger may yet come
    (:func:`_trigger_may_come`), until no instance it may credit can open
    (:meth:`DutyState.let_go_awaiting`). ``value``: the correlated field's
    (:func:`correlation_of`)."""
    cadence = duty.cadence
    assert isinstance(cadence, WithinDaysCadence)
    about = _case_unit(env)
    if value is None or not _trigger_may_come(state, partition, duty, cadence, value, about):
        return
    fact = credited(spec, env)
    until = _last_due(rules, duty.id, fact.dated, spec)
    hold(state, f"{duty.id}|{value}", env, fact, until, about)


def _trigger_may_come(
    state: DutyState,
    partition: int,
    duty: Duty,
    cadence: WithinDaysCadence,
    value: str,
    about: str | None,
) -> bool:
    """Whether a trigger of ``duty`` correlated to ``value`` may yet be folded on
    ``partition`` and open an instance that evidence about ``value`` would credit.

    Not when the trigger is a departure leaving the office vacant (``only_when_vacated``):
    the evidence is the appointment filling it, and a departure recorded after it finds
    the appointee in office, so vacates nothing. Not when it is the establishment of the
    unit the value names: the registry refuses a fact about an organization not yet
    established, so none can precede it. Not when it is an appointment and the person
    already holds an office of the duty in a unit it applies to: appointed again, they
    owe nothing new (one 联系点 per 党委成员, see
    :func:`services.duties.domain.triggers.open_triggered`). Not when no unit folded here
    that the duty applies to (for a step on a finding, the unit it is about) could
    receive the trigger."""
    trigger = cadence.trigger
    if trigger.only_when_vacated:
        return False
    by_unit = cadence.correlate.trigger_field == "organization_id"
    if trigger.event == OrganizationEstablished.__name__ and by_unit:
        return False

    def here(unit: Unit) -> bool:
        named = about is None or unit.organization_id == about
        return named and state.owns(unit, partition) and applies(unit, duty)

    appointed = (
        trigger.event == OfficeHolderAppointed.__name__ and duty.applies_to.scope is Scope.OFFICE
    )
    if appointed and any(here(unit) for unit in held_by(state, duty, value)):
        return False
    units = [state.units[about]] if about in state.units else []
    return any(here(unit) for unit in (state.units.values() if about is None else units))


def _last_due(rules: Rules, duty_id: str, day: date, spec: Evidence) -> date:
    """The last day an instance of ``duty_id`` that a fact of ``day`` (of ``spec``) may
    credit can fall due, under any catalog version: its span starts by ``day`` (evidence
    dated before the span does not count), or, for evidence counting before it
    (``before_office``), ``days`` after ``day`` at the latest (:func:`_counts_from`); it is
    due ``days`` plus the grace after its start at the latest.

    A deadline the trigger names (``deadline_field``, 整改期限) has no such bound; the
    evidence is kept :data:`AWAITING_DAYS` (plus the grace) after its day. The trade-off:
    a finding recorded after that, whose deadline lies more than a year after the
    rectification accepted for it, would not be credited; rectification deadlines run
    months, not years."""
    spans = [
        _lead(statement.cadence, spec)
        + (statement.cadence.days or AWAITING_DAYS)
        + statement.grace_days
        for catalog in rules.catalogs
        if (statement := rules.find(catalog, duty_id)) is not None
        and isinstance(statement.cadence, WithinDaysCadence)
    ]
    return shifted(day, max(spans))


def _lead(cadence: WithinDaysCadence, spec: Evidence) -> int:
    """Days before its span's first day that a fact of ``spec`` counts from
    (:func:`_counts_from`): the span's ``days`` for evidence counting before it
    (``before_office``), none for the rest, or without such a span (整改期限)."""
    return cadence.days if spec.before_office and cadence.days is not None else 0


def credit_awaiting(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """先于触发事实记录的佐证: the evidence kept for ``instance``'s correlation before its
    trigger ``cause`` was recorded (:func:`await_trigger`) credited to it, as of its own
    day, in the order it was recorded, while the instance is live (once fulfilled,
    later evidence is not its own, as when recorded after it). What is dated before the
    instance's span (beyond what :func:`_counts_from` allows), or is about another unit,
    does not count (:func:`correlated_instances`). The evidence stays kept: another trigger may yet
    name the same value (an applicant applying to a second branch)."""
    outputs: list[Envelope] = []
    for early in state.awaiting.get(f"{duty.id}|{instance.correlation}", []):
        if instance.status not in LIVE:
            break
        # The duty's statement of the fact's event: the fact met the newest one when kept.
        specs = rules.evidence_of(duty, early.event)
        if not specs or early.about not in (None, unit.organization_id):
            continue
        if early.dated >= _counts_from(duty, specs[0], instance):
            outputs += count_fact(state, unit, instance, duty, specs[0], as_credit(early), cause)
    return outputs


def _counts_from(duty: Duty, spec: Evidence, instance: Instance) -> date:
    """The first day a fact of ``spec`` counts for the within-days ``instance``: its span's
    first day (a talk before the application was received is no talk with an applicant), or,
    for evidence counting before it (``before_office``: 任职前确定的联系点), the span's ``days``
    before it, and then as of that first day
    (:func:`~services.duties.domain.counting._as_of_span`).

    三、（八） asks that a 党委成员 HAVE a contact point within 90 days of taking office. The
    committee decides it with the nomination, so the assignment may be dated days before
    the appointment the registry records; nothing in the contracts ends or moves an
    assignment, so it still stands on the appointment day. The clear rule for one dated
    long before: at most the span's days before its first day counts, an older one was
    not decided for this office. One made in a former tenure (the person left every
    office of the duty, then was appointed again) ended with it: it credited that
    tenure's instance when recorded, so it is not kept for the next one
    (:func:`_trigger_may_come`)."""
    assert isinstance(duty.cadence, WithinDaysCadence)
    return instance.period_start - _lead(duty.cadence, spec) * ONE_DAY


def correlated_instances(
    state: DutyState,
    env: Envelope,
    rules: Rules,
    value: str | None,
    duty_id: str,
    spec: Evidence,
) -> Iterator[tuple[Unit, Instance, Duty]]:
    """The instances ``env`` evidences of the within-days duty ``duty_id``, each with its
    statement of the duty: the live ones its correlated field's ``value`` names
    (``DutyState.correlations``; :func:`correlation_of`), only the unit's a step on a case
    is about (:func:`_case_unit`), and only those the fact is dated late enough to count
    for (:func:`_counts_from`)."""
    day = fact_day(spec, env)
    about = _case_unit(env)
    for org, key in list(state.correlations.get(f"{duty_id}|{value}", [])):
        if about is not None and org != about:
            continue
        unit = state.units[org]
        instance = unit.find(key)
        if instance is None:
            continue
        duty = rules.duty(instance.catalog_version, duty_id)
        counted = matching_spec(duty, env, rules)
        if counted is not None and _counts_from(duty, counted, instance) <= day:
            yield unit, instance, duty


def correlation_of(
    state: DutyState, env: Envelope, cadence: WithinDaysCadence, duty_id: str
) -> str | None:
    """The value of the field the evidence ``env`` correlates by. A rectification naming
    only a case (案件编号, as the finding's alerts carry it) names the finding whose case
    that is, among the live ones of the within-days ``duty_id`` at the unit it is about:
    the accountability service acts on that case, so the finding's rectification duty is
    credited too. None if no finding of the unit has that case."""
    value = text_of(env.data, cadence.correlate.evidence_field)
    case = getattr(env.data, "case_id", None)
    if value is not None or case is None:
        return value
    about, prefix = _case_unit(env) or "", f"{duty_id}|"
    findings = (slot.removeprefix(prefix) for slot, entries in state.correlations.items()
                if slot.startswith(prefix) and any(org == about for org, _ in entries))  # fmt: skip
    return next((found for found in findings if finding_case_id(about, found) == case), None)


def _case_unit(env: Envelope) -> str | None:
    """The unit a step on a case or finding is about (整改验收), whose instance alone it may
    credit: ``subject_organization_id`` (所涉单位, for a duty charged to the parent) or
    else ``organization_id``. A problem number (问题编号) is the unit's own: two units may
    both number a problem "zc-18", and the acceptance of one's rectification must not
    fulfil the other's (the right party answers). None for other facts, which may name
    another unit than the one credited (a contact point assigned names the branch, the
    duty is the committee member's)."""
    data = env.data
    if not isinstance(data, CaseAction):
        return None
    return data.subject_organization_id or data.organization_id
