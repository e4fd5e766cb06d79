"""Crediting evidence (履行佐证): a fact fulfils the instances it evidences.

A periodic duty is credited for the period containing the fact's own date
(``dated_by``), not the day it was recorded; a term duty for the running
term; a within-days duty for the trigger its correlated field names. Evidence
of an instance already overdue yields ``DutyFulfilledLate``; the overdue
event stays in the log. The department's own act done by the deadline
(``by_the_department``: 整改验收) recorded after it yields ``DutyFulfilled``: the
overdue did not hold, the recording delay being the department's. Evidence
with ``min_total`` adds its field (学时) to the instance's tally, which fulfils
it once it reaches the minimum. Evidence
counted only at the person's assigned organizations (``assigned_by``: a visit to
a 联系点) counts at one assigned by its day, or anywhere before any was; a
visit elsewhere is kept, and counts once an assignment recorded later (补录)
makes it one to a contact point.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

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
from contracts.events.duties import DutyFulfilled, DutyFulfilledLate, DutyWaived
from contracts.events.enums import Office
from contracts.events.oversight import CaseAction
from contracts.events.structure import OfficeHolderAppointed, OrganizationEstablished
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import LIVE, EarlyEvidence, Instance, Status, instance_key
from services.duties.domain.matching import fact_day, matches, performed_on, text_of, value_of
from services.duties.domain.obligations import (
    answers_its_period,
    applies,
    deadlines,
    done_on_a_day,
    due_by_rule,
    evaluated_instead,
    evaluates_the_account,
    evidenced_by_dues,
    holder_owes,
    member_owes,
    office_of,
    office_on,
    open_instance,
    owed_instead,
    owes,
    resume,
    set_aside,
    took_office_before,
)
from services.duties.domain.periods import ONE_DAY, month_of, shifted
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

#: Days after its own day that evidence of a duty due by a deadline the trigger names
#: (整改期限, ``deadline_field``) is kept awaiting its trigger: such a deadline has no
#: bound (see :func:`_last_due`).
AWAITING_DAYS = 366


def credit(state: DutyState, env: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """Credit ``env``, read from ``partition``, to every instance it evidences of the units
    folded there (:meth:`DutyState.owns`); return the resulting status events. An
    assignment (联系点确定) is recorded first (:func:`_assign`)."""
    outputs = _assign(state, env, partition, rules)
    for duty_id in rules.may_evidence(env.data):
        routing = rules.latest(duty_id)
        routed = _matching_spec(routing, env, rules)
        if routed is None:
            continue
        for unit, instance, duty in _targets(state, env, partition, rules, routing, routed):
            spec = routed if duty is routing else _matching_spec(duty, env, rules)
            if spec is not None:
                outputs += _record(state, unit, instance, duty, spec, env, rules)
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
        taken = [target for target in correlated if state.owns(target[0], partition)]
        if not taken:
            _await_trigger(state, env, partition, rules, routing, spec)
        yield from taken
        return
    units = _credited_units(state, env, routing, spec)
    periodic = isinstance(routing.cadence, PeriodicCadence)
    by_the_holder = periodic and spec.credited_by is CreditedBy.OFFICE_HOLDER
    person = text_of(env.data, spec.person_field or "") or ""
    at, day = text_of(env.data, spec.organization_field), fact_day(spec, env)
    elsewhere = not _at_assigned(state, spec, person, at, day)
    unassigned = _none_assigned(state, spec, person, day)
    if by_the_holder and (elsewhere or unassigned or _kept_for_an_office(spec, held=bool(units))):
        _keep_for_the_person(state, env, rules, routing, spec)
    if elsewhere:
        return
    for unit in units:
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
    of the duty's kinds where the person the fact names holds one of its offices (a
    secretary of two branches trained once is trained for both); with
    ``before_office``, also the one the fact names, which keeps it for an office taken
    there later in the period or credits what its former holder still owes.
    """
    named = state.units.get(text_of(env.data, spec.organization_field) or "")
    if spec.credited_by is CreditedBy.ORGANIZATION:
        return [] if named is None else [named]
    person = text_of(env.data, spec.person_field or "") or ""
    holding = {unit.organization_id: unit for unit in _held_by(state, routing, person)}
    if spec.before_office and named is not None and named.kind in routing.applies_to.kinds:
        holding[named.organization_id] = named
    return [holding[org] for org in sorted(holding)]


def _held_by(state: DutyState, duty: Duty, person: str) -> Iterator[Unit]:
    """The organizations of the duty's kinds where ``person`` holds one of its offices."""
    for unit in state.units.values():
        if unit.kind in duty.applies_to.kinds and office_of(unit, duty, person) is not None:
            yield unit


def _held_here(state: DutyState, duty: Duty, person: str, partition: int) -> list[Unit]:
    """The organizations folded in ``partition`` where ``person`` holds one of the duty's
    offices (:func:`_held_by`), in id order (a restart's order too)."""
    held = [unit for unit in _held_by(state, duty, person) if state.owns(unit, partition)]
    return sorted(held, key=lambda unit: unit.organization_id)


def _at_assigned(state: DutyState, spec: Evidence, person: str, at: str | None, day: date) -> bool:
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


def _none_assigned(state: DutyState, spec: Evidence, person: str, day: date) -> bool:
    """Whether a fact of ``spec`` by ``person`` on ``day`` counts only because the log knows
    no organization assigned to them by then (:func:`_at_assigned`): an assignment dated
    by then, recorded later (补录), takes it back (:func:`_take_back`)."""
    by = spec.assigned_by
    return by is not None and not _assigned_by(state, by.event, person, day)


def _assigned_by(state: DutyState, event: str, person: str, day: date) -> set[str]:
    """The organizations a fact of ``event`` had assigned to ``person`` by ``day``."""
    assigned = state.assigned.get(_assignment_slot(event, person), {})
    return {organization for organization, on in assigned.items() if on <= day}


def _assignment_slot(event: str, person: str) -> str:
    return f"{event}|{person}"


def _assign(state: DutyState, env: Envelope, partition: int, rules: Rules) -> list[Envelope]:
    """联系点确定: record the organization ``env`` assigns to a person, as of its day, for the
    duties whose evidence counts only at the person's assigned ones (``assigned_by``);
    then take back the facts it shows were done elsewhere than those, counted while the
    log knew none assigned by their day (:func:`_take_back`), and credit the person's
    facts kept because they were done elsewhere (:func:`_targets`) and done there on or
    after that day (补录: the contact point recorded after the visits). Either way the
    verdict is the one of the facts recorded on their days."""
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
    back the facts kept for them (:func:`_keep_for_the_person`) that no longer count where
    they were done (:func:`_at_assigned`): counted while the log knew no organization
    assigned to them by their day, they were done elsewhere than the one an assignment
    recorded later (补录) dates before them. An instance said fulfilled that no longer has
    enough is owed again (:func:`_owed_again`). An archived one is settled (已归档) and
    left as it was."""
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
    done (:func:`_at_assigned`), by any statement of its event."""
    specs = rules.evidence_of(duty, early.event)
    return any(_at_assigned(state, spec, person, early.about, early.dated) for spec in specs)


def _uncount(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, taken: list[EarlyEvidence]
) -> None:
    """Take ``taken`` back from ``instance``'s facts (visits: counted, not summed); a
    fulfilled instance they no longer suffice for is owed again (:func:`_owed_again`)."""
    gone = {early.event_id for early in taken}
    instance.evidence = [event_id for event_id in instance.evidence if event_id not in gone]
    specs = [spec for spec in duty.evidence if spec.event in {e.event for e in taken}]
    done = instance.status in (Status.FULFILLED, Status.FULFILLED_LATE)
    if done and not any(_suffices(instance, spec, 0) for spec in specs):
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
    """Credit to ``person``'s live instances of ``duty`` folded here the facts kept for
    them (:func:`_keep_for_the_person`) done at ``at`` from ``on`` (the ``assignment``), as
    of their own day, if done in office (:func:`office_on`); caused by ``cause``."""
    person, at, on = assignment
    outputs: list[Envelope] = []
    for unit in _held_here(state, duty, person, partition):
        for instance in [i for i in _live(unit, duty.id) if i.person_id == person]:
            statement = rules.duty(instance.catalog_version, duty.id)
            for early in state.awaiting.get(instance.key, []):
                specs = rules.evidence_of(statement, early.event)
                there = early.about == at and early.dated >= on
                if specs and there and office_on(unit, statement, person, early.dated):
                    fact = _as_credit(early)
                    outputs += _count(state, unit, instance, statement, specs[0], fact, cause)
    return outputs


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
    """The instance of the period containing the fact's day that ``env`` credits, opened if
    owed: by the unit (:func:`owes`), and, about an office holder, by the holder who did
    it (:func:`holder_owes`), or by the member it names. A fact of a period the holder
    took the office too late to owe opens none: their own, done on a day (a December
    visit), or their account of it (the 述职 of a year they did not hold the office, by a
    successor appointed after its reminder day: no account of the office's year by its
    holder, it releases no one, :func:`_relieved`). The parent's evaluation naming a holder
    whose own was released for a predecessor's report credits the one owed instead, of the
    report given (:func:`owed_instead`)."""
    period, catalog = rules.period_of(cadence.kind, fact_day(spec, env))
    duty = rules.find(catalog, duty_id) if catalog is not None else None
    if catalog is None or duty is None or not owes(unit, duty, period, evidenced=True):
        return None
    who: str | None = None
    office: Office | None = None
    if duty.applies_to.scope is Scope.OFFICE:
        who = text_of(env.data, spec.person_field or "") or ""
        office = _office_then(unit, duty, who, spec, env)
        if office is None:
            governing = _matching_spec(duty, env, rules) if who else None
            counts_before = governing is not None and governing.before_office
            if not counts_before and office_of(unit, duty, who) is not None:
                return None  # done before the present holder took the office: not theirs
            held = _held_before(state, unit, duty, period, who, governing)
            if held is None and governing is not None and _kept_for_an_office(governing):
                _remember(state, unit, duty, period, who, env, governing)
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


def _office_then(unit: Unit, duty: Duty, who: str, spec: Evidence, env: Envelope) -> Office | None:
    """The duty's office ``who`` held in ``unit`` when the fact ``env`` was done
    (:func:`office_on`), whichever order the log recorded the fact and the appointment
    in: a visit, a talk, a 党课 done before the appointment is not the office holder's,
    recorded before it (kept only where it counts before the office, ``before_office``,
    and credited by :func:`credit_early`) or after it. A fact dated by the period it is
    for (the year's 述职) is the office's account of that period: the office held now."""
    if not done_on_a_day(spec):
        return office_of(unit, duty, who)
    return office_on(unit, duty, who, fact_day(spec, env))


def _kept_for_an_office(spec: Evidence, *, held: bool = False) -> bool:
    """Whether a fact of ``spec`` about a person who holds none of the duty's offices
    (``held``: they hold one in some unit, for evidence credited by the office holder
    wherever they serve) is kept for an office they may hold then (:func:`credit_early`):
    one counting before the office (``before_office``: a training, kept even while in
    office, for an office taken in another unit), or one done on a day by a person not in
    office (a visit, a talk, a 党课), in case the registry records an appointment dated by
    then later (补录)."""
    if spec.before_office:
        return True
    return not held and spec.person_field is not None and done_on_a_day(spec)


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
    holder of that year after they left also credits their instance waived on leaving
    (免除 before it fell due): the year's report is given, by the holder who owed it
    then, and the successor who owed it in their place is released (:func:`_relieved`).
    Evidence counting before the office (``before_office``) about the present holder, done
    before they took it, credits the instance their appointment made them owe for its
    period, as it would have when the appointment found it kept (:func:`credit_early`)."""
    instance = unit.find(instance_key(duty.id, period.id, who)) if who else None
    if instance is None:
        return None
    if instance.status is Status.WAIVED and spec is not None and answers_its_period(spec):
        resume(state, unit, instance, (instance.due_on, instance.remind_on))
    if instance.status not in LIVE:
        return None
    return unit, instance, duty


def _remember(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    period: Period,
    who: str,
    env: Envelope,
    spec: Evidence,
) -> None:
    """Keep evidence about ``who``, who holds none of the duty's offices in ``unit`` yet,
    for ``period`` (:func:`_kept_for_an_office`), until the rule's deadline of the period
    (:func:`due_by_rule`): an appointment recorded late may open it until it is settled
    (已归档). What was kept for periods settled since is let go."""
    fact = _credited(spec, env)
    unit.early = {key: kept for key, kept in unit.early.items() if not unit.settled(kept[0].until)}
    slot = unit.early.setdefault(instance_key(duty.id, period.id, who), [])
    _keep(slot, env, fact, due_by_rule(duty, period.end))
    state.touch(unit)


def _keep(
    kept: list[EarlyEvidence], env: Envelope, fact: Credit, until: date, about: str | None = None
) -> bool:
    """Add ``env``, counted as ``fact``, to the evidence ``kept`` for an instance not open
    yet, unless it is there; whether it was added."""
    if any(early.event_id == env.id for early in kept):
        return False
    event = type(env.data).__name__
    kept.append(EarlyEvidence(event=event, until=until, about=about, **fact._asdict()))
    return True


def _hold(
    state: DutyState,
    slot: str,
    env: Envelope,
    fact: Credit,
    until: date,
    about: str | None = None,
) -> None:
    """Keep ``env`` under ``slot`` of :attr:`DutyState.awaiting` (:func:`_keep`), its
    document written back if it was added."""
    kept = list(state.awaiting.get(slot, []))
    if _keep(kept, env, fact, until, about):
        state.keep_awaiting(slot, kept)


def _keep_for_the_person(
    state: DutyState, env: Envelope, rules: Rules, duty: Duty, spec: Evidence
) -> None:
    """个人的任职前佐证: a fact about a person that counts for their period in every unit
    where they hold the duty's office (a training, a visit: ``credited_by:
    office_holder``), kept for an office (:func:`_kept_for_an_office`), is kept for the
    person and period, under ``duty|period|person`` in :attr:`DutyState.awaiting`, so
    that an office they take (or are recorded to have taken) later finds it
    (:func:`credit_early`); let go with the rest of it once no instance it could credit
    can open. A fact counted only at the person's assigned organizations is kept with
    the one it was done at (``about``), and so is one done elsewhere than those, in case
    an assignment recorded later makes it count (:func:`_assign`)."""
    assert isinstance(duty.cadence, PeriodicCadence)
    person = text_of(env.data, spec.person_field or "")
    if not person:
        return
    fact = _credited(spec, env)
    period, _ = rules.period_of(duty.cadence.kind, fact.dated)
    at = text_of(env.data, spec.organization_field) if spec.assigned_by else None
    until = due_by_rule(duty, period.end)  # the period may open until it is settled
    _hold(state, instance_key(duty.id, period.id, person), env, fact, until, at)


def credit_early(
    state: DutyState, unit: Unit, person: str, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """任职前的佐证: the evidence kept about ``person`` before the log knew them to hold an
    office of ``unit`` (:func:`_remember`), or kept for them wherever recorded
    (:func:`_keep_for_the_person`), credited to their instances open now, as of its own
    day, where it counts (:func:`_count_early`: done in the office they hold since the
    appointment ``cause``, or counting before it); the outputs are caused by ``cause``. A
    fact counted already counts once (:func:`_count`)."""
    outputs: list[Envelope] = []
    for key in sorted(unit.early):
        instance = unit.find(key)
        if instance is None or instance.person_id != person:
            continue
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        for early in unit.early.pop(key):
            outputs += _count_early(state, unit, instance, duty, early, cause, rules)
        state.touch(unit)
    for instance in list(unit.instances()):
        kept = state.awaiting.get(instance.key, []) if instance.person_id == person else []
        if kept and instance.status in LIVE:
            duty = rules.duty(instance.catalog_version, instance.duty_id)
            for early in kept:
                outputs += _count_early(state, unit, instance, duty, early, cause, rules)
    return outputs


def _count_early(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    early: EarlyEvidence,
    cause: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """Count ``early`` for ``instance`` if it is the office holder's: done in the office
    they hold (:func:`office_on`: a visit by a 党委委员 whose appointment was recorded
    late, 补录, or one made as 委员 by a 委员 made 副书记 the same day, 同日转任), or of
    evidence counting before the office (``before_office``: the year's training). A fact
    done before (a visit before becoming 党委委员) is not, as when recorded after the
    appointment (:func:`_office_then`); nor one done elsewhere than the person's
    assigned organizations then (:func:`_at_assigned`: a visit to a branch not their
    联系点)."""
    person = instance.person_id or ""

    def counts(spec: Evidence) -> bool:
        in_office = spec.before_office or office_on(unit, duty, person, early.dated) is not None
        return in_office and _at_assigned(state, spec, person, early.about, early.dated)

    spec = next((s for s in rules.evidence_of(duty, early.event) if counts(s)), None)
    if spec is None:
        return []
    return _count(state, unit, instance, duty, spec, _as_credit(early), cause)


def _as_credit(early: EarlyEvidence) -> Credit:
    return Credit(early.event_id, early.dated, early.done_on, early.amount)


def _await_trigger(
    state: DutyState, env: Envelope, partition: int, rules: Rules, duty: Duty, spec: Evidence
) -> None:
    """先于触发事实记录的佐证: keep evidence of the within-days ``duty`` that no instance
    folded here took (the registry records the appointment after the contact point, the
    application after the talk), under ``duty|correlation`` and, for a step on a finding,
    with the unit it is about, so that the trigger, once recorded, finds it
    (:func:`credit_awaiting`). Kept only where a trigger may yet come
    (:func:`_trigger_may_come`), until no instance it may credit can open
    (:meth:`DutyState.let_go_awaiting`)."""
    cadence = duty.cadence
    assert isinstance(cadence, WithinDaysCadence)
    value = text_of(env.data, cadence.correlate.evidence_field)
    about = _case_unit(env)
    if value is None or not _trigger_may_come(state, partition, duty, cadence, value, about):
        return
    fact = _credited(spec, env)
    until = _last_due(rules, duty.id, fact.dated, spec)
    _hold(state, f"{duty.id}|{value}", env, fact, until, about)


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
    named = [state.units[about]] if about in state.units else []
    units = state.units.values() if about is None else named
    here = [unit for unit in units if state.owns(unit, partition) and applies(unit, duty)]
    if trigger.event == OfficeHolderAppointed.__name__ and duty.applies_to.scope is Scope.OFFICE:
        return not any(office_of(unit, duty, value) is not None for unit in here) and bool(here)
    return bool(here)


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
    trigger ``cause`` was recorded (:func:`_await_trigger`) credited to it, as of its own
    day, in the order it was recorded, while the instance is live (once fulfilled,
    later evidence is not its own, as when recorded after it). What is dated before the
    instance's span (beyond what :func:`_counts_from` allows), or is about another unit,
    does not count (:func:`_correlated`). The evidence stays kept: another trigger may yet
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
            outputs += _count(state, unit, instance, duty, specs[0], _as_credit(early), cause)
    return outputs


def _counts_from(duty: Duty, spec: Evidence, instance: Instance) -> date:
    """The first day a fact of ``spec`` counts for the within-days ``instance``: its
    span's first day (a talk before the application was received is no talk with an
    applicant), or, for evidence counting before it (``before_office``: 任职前确定的联系点),
    the span's ``days`` before it, and then as of that first day (:func:`_as_of_span`).

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
    about = _case_unit(env)
    for org, key in list(state.correlations.get(f"{duty_id}|{value}", [])):
        if about is not None and org != about:
            continue
        unit = state.units[org]
        instance = unit.find(key)
        if instance is None:
            continue
        duty = rules.duty(instance.catalog_version, duty_id)
        counted = _matching_spec(duty, env, rules)
        if counted is not None and _counts_from(duty, counted, instance) <= day:
            yield unit, instance, duty


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


class Credit(NamedTuple):
    """One fact counted for an instance: its id, the day it evidences, the day it was
    done, and what it adds to a ``min_total`` (学时)."""

    event_id: str
    dated: date
    done_on: date
    amount: Decimal | None


def _credited(spec: Evidence, env: Envelope) -> Credit:
    """What ``env`` counts as evidence of ``spec``."""
    amount = _amount(env, spec.min_total.field) if spec.min_total else None
    return Credit(env.id, fact_day(spec, env), performed_on(spec, env), amount)


def _record(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    spec: Evidence,
    env: Envelope,
    rules: Rules,
) -> list[Envelope]:
    outputs = _count(state, unit, instance, duty, spec, _credited(spec, env), env)
    about_a_holder = duty.applies_to.scope is Scope.OFFICE
    if outputs and about_a_holder and instance.status is not Status.OPEN:
        outputs += _relieved(state, unit, instance, duty, spec, env, rules)
    return outputs


def _relieved(
    state: DutyState,
    unit: Unit,
    done: Instance,
    duty: Duty,
    spec: Evidence,
    cause: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """The period ``done`` answers for the office (:func:`answers_its_period`: the year's
    述职) is no later holder's to answer: a successor appointed by the reminder day owes
    the year only in place of a predecessor who left without giving it, never once the
    predecessor gave it (whichever was recorded first: see
    :func:`services.duties.domain.obligations.answered`). Their instance still owed is
    released (免除); silently while nothing was said of it (not yet reminded), as it was
    never theirs, else with ``DutyWaived``, which closes what was said. A holder who took
    the office before ``done``'s (:func:`took_office_before`) is not released: each
    answers for his own 述职, and a successor's report is no account of a predecessor's
    year, neither of one missed in office (overdue before they left), which only their
    own report, however late, fulfils, nor of one whose leaving the log has yet to
    record (补录), which that record waives by its day. The parent's evaluation follows
    the report (:func:`_evaluated_instead`)."""
    if not answers_its_period(spec):
        return []
    outputs: list[Envelope] = []
    reason = f"本期已由{done.person_id}履行"
    reporter = (done.person_id, done.office)
    for instance in list(_live(unit, duty.id)):
        if instance.period != done.period or instance.person_id in (None, done.person_id):
            continue
        if not took_office_before(unit, reporter, (instance.person_id, instance.office)):
            continue
        outputs += _release(state, unit, instance, duty, cause, reason)
        if not evaluates_the_account(duty):
            outputs += _evaluated_instead(state, unit, done, instance, cause, rules)
    return outputs


def _release(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    cause: Envelope,
    reason: str,
    report_given_by: str | None = None,
) -> list[Envelope]:
    """免除 ``instance`` for ``reason`` (:func:`set_aside`): silently while nothing was said
    of it (not yet reminded), as it was never owed, else with ``DutyWaived``, which closes
    what was said. Unlike a waiver of what was owed until then (已离任, 撤销:
    :func:`services.duties.domain.structure.waive`, always said)."""
    said = instance.reminded or instance.status is Status.OVERDUE
    set_aside(state, unit, instance, reason, report_given_by=report_given_by)
    if not said:
        return []
    return [duty_event(DutyWaived, state, unit, instance, duty, cause, reason=reason)]


def _evaluated_instead(
    state: DutyState,
    unit: Unit,
    reporter: Instance,
    released: Instance,
    cause: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """述职并接受评议: the parent's evaluation of the office's year (:func:`evaluates_the_account`,
    问题清单第31题) is of the report given. ``released`` owed the year's report only in
    ``reporter``'s place and gave none: the evaluation still owed about him is released with
    his report (本期述职已由…作出), and the one about ``reporter`` is owed instead, again as it
    stood if it was waived when they left (no report of theirs was then due), reminded
    afresh: a parent that never evaluates is found overdue about the report given, and
    answers for it (charged to the parent), never about a holder who gave none."""
    outputs: list[Envelope] = []
    reason = evaluated_instead(reporter.person_id or "")
    for owed in list(unit.instances(since_year=released.period_end.year)):
        if owed.person_id != released.person_id or owed.period != released.period:
            continue
        evaluation = rules.duty(owed.catalog_version, owed.duty_id)
        if owed.status not in LIVE or not evaluates_the_account(evaluation):
            continue
        given = unit.find(instance_key(owed.duty_id, owed.period, reporter.person_id))
        if given is None:
            continue
        outputs += _release(state, unit, owed, evaluation, cause, reason, reporter.person_id)
        if given.status is Status.WAIVED:
            resume(state, unit, given, (given.due_on, given.remind_on))
    return outputs


def _count(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    spec: Evidence,
    fact: Credit,
    cause: Envelope,
) -> list[Envelope]:
    """Count ``fact`` for ``instance``, as of its span's first day if done before it
    (:func:`_as_of_span`); fulfil it once the facts suffice, in time if the fact's own
    day is by the deadline."""
    if fact.event_id in instance.evidence or instance.status is Status.WAIVED:
        return []
    fact = _as_of_span(instance, fact)
    not_owed = _months_not_owed(unit, instance, spec)
    if not_owed and month_of(fact.dated) in not_owed:
        return []  # a month not owed here (paid to the former organization, exempt): counted below
    instance.evidence.append(fact.event_id)
    if fact.amount is not None:
        instance.tally = (instance.tally or Decimal(0)) + fact.amount
    outputs = _fulfil(state, unit, instance, duty, spec, len(not_owed), fact, cause)
    state.put(unit, instance)
    return outputs


def _as_of_span(instance: Instance, fact: Credit) -> Credit:
    """``fact`` counted as of ``instance``'s first day if done before it: a contact point
    assigned before the appointment is the 党委成员's from the day they took office
    (:func:`_counts_from`), so the duty is fulfilled on that day, not before it was owed."""
    start = instance.period_start
    return fact._replace(dated=max(fact.dated, start), done_on=max(fact.done_on, start))


def _fulfil(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    spec: Evidence,
    not_owed: int,
    fact: Credit,
    cause: Envelope,
) -> list[Envelope]:
    """Fulfil the live ``instance`` once its facts suffice (:func:`_suffices`), as of
    ``fact``: in time if nothing said it overdue and ``fact``'s own day is by the rule's
    deadline (:func:`due_by_rule`; an instance opened late is judged later, but a talk
    held after the month the rule gives was not held in time, nor a 述职 submitted after
    it: :func:`_own_day`). The unit's own fact recorded after the grace is its miss; the
    department's act (``by_the_department``: 整改验收) is judged by its own day alone,
    so one done by the deadline and recorded after the overdue (补录) fulfils in time."""
    if instance.status not in LIVE or not _suffices(instance, spec, not_owed):
        return []
    on = fact.done_on
    done_in_time = _own_day(spec, fact) <= due_by_rule(duty, instance.period_end)
    in_time = done_in_time and (instance.status is Status.OPEN or spec.by_the_department)
    instance.status = Status.FULFILLED if in_time else Status.FULFILLED_LATE
    instance.fulfilled_on = on
    event_class = DutyFulfilled if in_time else DutyFulfilledLate
    return [duty_event(event_class, state, unit, instance, duty, cause, fulfilled_on=on)]


def _own_day(spec: Evidence, fact: Credit) -> date:
    """The day deciding whether ``fact`` was done in time: the day it was done where the
    fact says (a meeting's ``held_on``, whose day places it too; a 述职's 报送日期,
    ``Evidence.done_on``), not the year it reports on; the first day of its period for a
    fact that says no day (a month's dues)."""
    return fact.done_on if spec.done_on is not None else fact.dated


def credit_not_owed(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, cause: Envelope, today: date
) -> list[Envelope]:
    """免交党费 recorded for some months of a live dues period (a quarter, 按季度交纳): once
    those months are not owed, the months paid may be all it still needs, and it is
    fulfilled on ``today`` (the record's day), caused by ``cause``: in time if nothing said
    it overdue, else late, as for any fact recorded after that (三、（四） 按时足额: each
    month owed paid once)."""
    spec = next((spec for spec in duty.evidence if evidenced_by_dues((spec,))), None)
    if spec is None:
        return []
    not_owed = len(_months_not_owed(unit, instance, spec))
    outputs = _fulfil(
        state, unit, instance, duty, spec, not_owed, Credit("", today, today, None), cause
    )
    if outputs:
        state.put(unit, instance)
    return outputs


def _amount(env: Envelope, field: str) -> Decimal:
    value = value_of(env.data, field)
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(0)


def _months_not_owed(unit: Unit, instance: Instance, spec: Evidence) -> list[str]:
    """The months of a member's dues period (``DuesPaid``) the branch is not owed
    (``Member.months_not_owed``): paid to the former organization before the transfer in
    (党费交至月份), or exempt (免交党费). A quarter partly not owed (按季度交纳) is owed for
    its other months only, so those count among its three (三、（四） 按时足额: each month
    paid once)."""
    member = unit.members.get(instance.member_id or "")
    if member is None or not evidenced_by_dues((spec,)):
        return []
    return member.months_not_owed(instance.period_start, instance.period_end)


def _suffices(instance: Instance, spec: Evidence, not_owed: int) -> bool:
    """Enough facts (``min_count``, counting ``not_owed`` months of dues not owed here) and,
    with ``min_total``, enough of their sum (学时)."""
    if len(instance.evidence) + not_owed < spec.min_count:
        return False
    total = spec.min_total
    return total is None or (instance.tally or Decimal(0)) >= total.at_least
