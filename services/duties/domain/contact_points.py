"""联系点: evidence counted only at the organizations assigned to the person.

Evidence counted only at the person's assigned organizations (``assigned_by``:
a 党委成员's visit to a 联系点) counts at one assigned by its day, or anywhere
before any was; a visit elsewhere is kept, and counts once an assignment
recorded later (补录) makes it one to a contact point (:func:`assign`). Such an
assignment also takes back (不再计入) the visits counted while the log knew no
contact point by their day that were done elsewhere; an instance they no
longer suffice for is owed again. Either way the verdict is the one of the
facts recorded on their days.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import Duty, Evidence
from contracts.envelope import Envelope
from services.duties.domain.counting import as_credit, count_fact, held_by, live_instances, suffices
from services.duties.domain.instances import EarlyEvidence, Instance, Status
from services.duties.domain.matching import text_of, value_of
from services.duties.domain.obligations import deadlines, office_on, resume
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def _held_here(state: DutyState, duty: Duty, person: str, partition: int) -> list[Unit]:
    """The organizations folded in ``partition`` where ``person`` holds one of the duty's
    offices (:func:`held_by`), in id order."""
    return [unit for unit in held_by(state, duty, person) if state.owns(unit, partition)]


def at_assigned(state: DutyState, spec: Evidence, person: str, at: str | None, day: date) -> bool:
    """只计本人联系点: whether a fact of ``spec`` by ``person`` done at ``at`` on ``day``
    counts where it was done. Yes when ``spec`` counts anywhere (no ``assigned_by``), when
    ``at`` was assigned to the person by ``day`` (one of several: any counts), and when
    none was yet (or the log records none): the duty to assign one (90 days) answers for
    a missing 联系点, and a visit is not held against the visitor a second time for it.
    A visit to a branch before it became the person's contact point, while they had
    another, is no visit to their 联系点. Not knowing where it was done (kept by older
    code), it counts."""
    if spec.assigned_by is None or at is None:
        return True
    by_then = _assigned_by(state, spec.assigned_by.event, person, day)
    return not by_then or at in by_then


def none_assigned(state: DutyState, spec: Evidence, person: str, day: date) -> bool:
    """Whether a fact of ``spec`` by ``person`` on ``day`` counts only because the log knows
    no organization assigned to them by then (:func:`at_assigned`): an assignment dated
    by then, recorded later (补录), takes it back (:func:`_take_back`)."""
    by = spec.assigned_by
    return by is not None and not _assigned_by(state, by.event, person, day)


def _assigned_by(state: DutyState, event: str, person: str, day: date) -> set[str]:
    """The organizations a fact of ``event`` had assigned to ``person`` by ``day``."""
    assigned = state.assigned.get(_assignment_slot(event, person), {})
    return {organization for organization, on in assigned.items() if on <= day}


def _assignment_slot(event: str, person: str) -> str:
    return f"{event}|{person}"


def assign(state: DutyState, env: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """联系点确定: record the organization ``env`` assigns to a person, as of its day, for the
    duties whose evidence counts only at the person's assigned ones (``assigned_by``); then
    take back the facts it shows were done elsewhere than those, counted while the log knew
    none assigned by their day (:func:`_take_back`), and credit the person's facts kept
    because they were done elsewhere (:func:`~services.duties.domain.evidence._targets`) and
    done there on or after that day (补录: the contact point recorded after the visits).
    Either way the verdict is the one of the facts recorded on their days."""
    event = type(env.data).__name__
    outputs: list[Envelope] = []
    for duty in rules.assigning(event):
        for spec in duty.evidence:
            if spec.assigned_by is None or spec.assigned_by.event != event:
                continue
            person = text_of(env.data, spec.person_field or "")
            at = text_of(env.data, spec.organization_field)
            on = value_of(env.data, spec.assigned_by.field)
            if person and at and isinstance(on, date):
                state.assign(_assignment_slot(event, person), at, on)
                _take_back(state, partition, rules, duty, person)
                outputs += _credit_kept_at(state, partition, rules, duty, (person, at, on), env)
    return outputs


def _take_back(state: DutyState, partition: int, rules: Rules, duty: Duty, person: str) -> None:
    """不再计入: from ``person``'s instances of ``duty`` folded here and still in memory, take
    back the facts kept for them (:func:`~services.duties.domain.early.keep_for_the_person`)
    that no longer count where they were done (:func:`at_assigned`): counted while the log
    knew no organization assigned to them by their day, they were done elsewhere than the
    one an assignment recorded later (补录) dates before them. An instance said fulfilled that
    no longer has enough is owed again (:func:`_owed_again`). An archived one is settled
    (已归档) and left as it was."""
    for unit in _held_here(state, duty, person, partition):
        mine = [i for i in unit.instances() if (i.duty_id, i.person_id) == (duty.id, person)]
        for instance in mine:
            statement = rules.duty(instance.catalog_version, duty.id)
            kept = {early.event_id: early for early in state.awaiting.get(instance.key, [])}
            taken = [
                kept[event_id]
                for event_id in instance.evidence
                if event_id in kept
                and not _still_counts(state, rules, statement, person, kept[event_id])
            ]
            if taken:
                _uncount(state, unit, instance, statement, taken)


def _still_counts(
    state: DutyState, rules: Rules, duty: Duty, person: str, early: EarlyEvidence
) -> bool:
    """Whether the kept fact ``early`` by ``person`` still counts for ``duty`` where it was
    done (:func:`at_assigned`), by any statement of its event."""
    specs = rules.evidence_of(duty, early.event)
    return any(at_assigned(state, spec, person, early.about, early.dated) for spec in specs)


def _uncount(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, taken: list[EarlyEvidence]
) -> None:
    """Take ``taken`` back from ``instance``'s facts (visits: counted, not summed); a
    fulfilled instance they no longer suffice for is owed again (:func:`_owed_again`)."""
    gone = {early.event_id for early in taken}
    instance.evidence = [event_id for event_id in instance.evidence if event_id not in gone]
    specs = [spec for spec in duty.evidence if spec.event in {e.event for e in taken}]
    done = instance.status in (Status.FULFILLED, Status.FULFILLED_LATE)
    if done and not any(suffices(instance, spec, 0) for spec in specs):
        _owed_again(state, unit, instance, duty)
    else:
        state.put(unit, instance)


def _owed_again(state: DutyState, unit: Unit, instance: Instance, duty: Duty) -> None:
    """履行不再成立: ``instance`` said fulfilled is owed again, open, as an instance a late
    fact opens is (:func:`services.duties.domain.obligations.deadlines`): reminded afresh,
    as the fulfilment closed what was said of it, and, its deadline passed before the
    record showed it owed, due after its grace (at least its reminder lead) from the
    partition's day, so that no one is found overdue at once by a 补录. Judged by the
    rule's deadline whether a fact credited later was done in time."""
    today = state.clock.get(unit.partition, instance.period_end)
    instance.fulfilled_on = None
    resume(state, unit, instance, deadlines(duty, instance.span(), today))


def _credit_kept_at(
    state: DutyState,
    partition: int,
    rules: Rules,
    duty: Duty,
    assignment: tuple[str, str, date],
    cause: Envelope,
) -> list[Envelope]:
    """Credit to ``person``'s live instances of ``duty`` folded here the facts kept for them
    (:func:`~services.duties.domain.early.keep_for_the_person`) done at ``at`` from ``on``
    (the ``assignment``), as of their own day, if done in office (:func:`office_on`); caused
    by ``cause``."""
    person, at, on = assignment
    outputs: list[Envelope] = []
    for unit in _held_here(state, duty, person, partition):
        for instance in [i for i in live_instances(unit, duty.id) if i.person_id == person]:
            statement = rules.duty(instance.catalog_version, duty.id)
            for early in state.awaiting.get(instance.key, []):
                specs = rules.evidence_of(statement, early.event)
                there = early.about == at and early.dated >= on
                if specs and there and office_on(unit, statement, person, early.dated):
                    fact = as_credit(early)
                    outputs += count_fact(state, unit, instance, statement, specs[0], fact, cause)
    return outputs
