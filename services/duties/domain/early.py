"""任职前的佐证: evidence about a person before the log knew them to hold the office.

A fact about a person who holds none of the duty's offices yet (a training,
counting before the office: ``before_office``; a visit, a talk, a 党课 done
before the registry records an appointment dated by then: 补录) is kept: in
the unit it names (``Unit.early``: :func:`remember`) or, credited by the office
holder wherever they serve, for the person (:func:`keep_for_the_person`). The
appointment credits it to the instances it opens (:func:`credit_early`) where
it counts: done in the office or counting before it, and at the person's 联系点.
"""

from __future__ import annotations

from contracts.catalog import Duty, Evidence, Period, PeriodicCadence, Scope
from contracts.envelope import Envelope
from contracts.events.enums import Office
from services.duties.domain.contact_points import at_assigned
from services.duties.domain.counting import as_credit, count_fact, credited, hold, keep
from services.duties.domain.instances import LIVE, EarlyEvidence, Instance, instance_key
from services.duties.domain.matching import text_of
from services.duties.domain.obligations import done_on_a_day, office_on
from services.duties.domain.periods import due_by_rule
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def kept_for_an_office(spec: Evidence, *, held: bool = False) -> bool:
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


def remember(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    period: Period,
    who: str | None,
    env: Envelope,
    spec: Evidence,
) -> None:
    """Keep evidence about ``who``, who holds none of the duty's offices in ``unit`` yet,
    for ``period`` (:func:`kept_for_an_office`), or (``who`` None) of a duty the unit owes
    only with an office nobody holds (:func:`kept_for_the_office`), until the rule's
    deadline of the period (:func:`due_by_rule`): an appointment recorded late may open it
    until it is settled (已归档). What was kept for periods settled since is let go."""
    fact = credited(spec, env)
    unit.early = {key: kept for key, kept in unit.early.items() if not unit.settled(kept[0].until)}
    slot = unit.early.setdefault(instance_key(duty.id, period.id, who), [])
    keep(slot, env, fact, due_by_rule(duty, period.end))
    state.touch(unit)


def kept_for_the_office(unit: Unit, duty: Duty) -> bool:
    """Whether a fact of a duty of the unit that it owes only with an office (设委员的: the
    支部委员会), in a period not owed, is kept (:func:`remember`): nobody holds the office
    now, and an appointment recorded late (补录) may show it held on the period's first
    day (:func:`credit_kept_for_the_office`)."""
    office = duty.applies_to.only_with_office
    return (
        office is not None
        and duty.applies_to.scope is Scope.ORGANIZATION
        and unit.holder(office) is None
    )


def credit_kept_for_the_office(
    state: DutyState, unit: Unit, office: Office, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """The evidence kept while ``office`` was empty (:func:`kept_for_the_office`) credited
    to the instances an appointment to it opened (``cause``), as of its own day: a meeting
    held in a month a 委员 held the seat from its first day, recorded before the registry
    knew him (补录), counts for that month. A fact counted already counts once."""
    outputs: list[Envelope] = []
    for key in sorted(unit.early):
        instance = unit.find(key)
        if instance is None or instance.person_id is not None or instance.status not in LIVE:
            continue
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        if duty.applies_to.only_with_office is not office:
            continue
        for early in unit.early.pop(key):
            spec = next(iter(rules.evidence_of(duty, early.event)), None)
            if spec is not None:
                outputs += count_fact(state, unit, instance, duty, spec, as_credit(early), cause)
        state.touch(unit)
    return outputs


def keep_for_the_person(
    state: DutyState, env: Envelope, rules: Rules, duty: Duty, spec: Evidence
) -> None:
    """个人的任职前佐证: a fact about a person that counts for their period in every unit where they
    hold the duty's office (a training, a visit: ``credited_by: office_holder``), kept for
    an office (:func:`kept_for_an_office`), is kept for the person and period, under
    ``duty|period|person`` in :attr:`DutyState.awaiting`, so that an office they take (or
    are recorded to have taken) later finds it (:func:`credit_early`); let go with the rest
    of it once no instance it could credit can open. A fact counted only at the person's
    assigned organizations is kept with the one it was done at (``about``), and so is one
    done elsewhere than those, in case an assignment recorded later makes it count
    (:func:`~services.duties.domain.contact_points.assign`)."""
    assert isinstance(duty.cadence, PeriodicCadence)
    person = text_of(env.data, spec.person_field or "")
    if not person:
        return
    fact = credited(spec, env)
    period, _ = rules.period_of(duty.cadence.kind, fact.dated)
    at = text_of(env.data, spec.organization_field) if spec.assigned_by else None
    until = due_by_rule(duty, period.end)  # the period may open until it is settled
    hold(state, instance_key(duty.id, period.id, person), env, fact, until, at)


def credit_early(
    state: DutyState, unit: Unit, person: str, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """任职前的佐证: the evidence kept about ``person`` before the log knew them to hold an
    office of ``unit`` (:func:`remember`), or kept for them wherever recorded
    (:func:`keep_for_the_person`), credited to their instances open now, as of its own
    day, where it counts (:func:`_count_early`: done in the office they hold since the
    appointment ``cause``, or counting before it); the outputs are caused by ``cause``. A
    fact counted already counts once (:func:`count_fact`)."""
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
    they hold (:func:`office_on`: a visit by a 党委委员 whose appointment was recorded late,
    补录, or one made as 委员 by a 委员 made 副书记 the same day, 同日转任), or of evidence
    counting before the office (``before_office``: the year's training). A fact done before
    (a visit before becoming 党委委员) is not, as when recorded after the appointment
    (:func:`~services.duties.domain.evidence._office_then`); nor one done elsewhere than the
    person's assigned organizations then (:func:`at_assigned`: a visit to a branch not their
    联系点)."""
    person = instance.person_id or ""

    def counts(spec: Evidence) -> bool:
        in_office = spec.before_office or office_on(unit, duty, person, early.dated) is not None
        return in_office and at_assigned(state, spec, person, early.about, early.dated)

    spec = next((s for s in rules.evidence_of(duty, early.event) if counts(s)), None)
    if spec is None:
        return []
    return count_fact(state, unit, instance, duty, spec, as_credit(early), cause)
