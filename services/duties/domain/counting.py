"""Counting a fact for a duty instance (计入) and fulfilling it (履行).

A fact counts for an instance as a :class:`Credit`: the day it evidences, the
day it was done and what it adds to a ``min_total``. Evidence of an instance
already overdue yields ``DutyFulfilledLate``; the overdue event stays in the
log. The department's own act done by the deadline (``by_the_department``:
整改验收) recorded after it yields ``DutyFulfilled``: the overdue did not hold,
the recording delay being the department's. Evidence with ``min_total`` adds
its field (学时) to the instance's tally, which fulfils it once it reaches the
minimum. A fact for an instance not open yet is kept
(:class:`~services.duties.domain.instances.EarlyEvidence`: :func:`keep`,
:func:`hold`) and counted once it opens (:func:`as_credit`). Here too are the
look-ups every way of crediting shares: the statement of evidence a fact
meets, a duty's live instances, the units where a person holds its office.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from contracts.catalog import Duty, Evidence
from contracts.envelope import Envelope
from contracts.events.duties import DutyFulfilled, DutyFulfilledLate
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import LIVE, EarlyEvidence, Instance, Status
from services.duties.domain.matching import fact_day, matches, performed_on, value_of
from services.duties.domain.obligations import evidenced_by_dues, office_of
from services.duties.domain.periods import due_by_rule, month_of
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


class Credit(NamedTuple):
    """One fact counted for an instance: its id, the day it evidences, the day it was
    done, and what it adds to a ``min_total`` (学时)."""

    event_id: str
    dated: date
    done_on: date
    amount: Decimal | None


def credited(spec: Evidence, env: Envelope) -> Credit:
    """What ``env`` counts as evidence of ``spec``."""
    amount = _amount(env, spec.min_total.field) if spec.min_total else None
    return Credit(env.id, fact_day(spec, env), performed_on(spec, env), amount)


def as_credit(early: EarlyEvidence) -> Credit:
    """What the kept fact ``early`` counts as for an instance open since it was kept."""
    return Credit(early.event_id, early.dated, early.done_on, early.amount)


def _amount(env: Envelope, field: str) -> Decimal:
    value = value_of(env.data, field)
    return Decimal(value) if isinstance(value, int | Decimal) else Decimal(0)


def count_fact(
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
    (:func:`~services.duties.domain.awaiting._counts_from`), so the duty is fulfilled on
    that day, not before it was owed."""
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
    """Fulfil the live ``instance`` once its facts suffice (:func:`suffices`), as of
    ``fact``: in time if nothing said it overdue and ``fact``'s own day is by the rule's
    deadline (:func:`due_by_rule`; an instance opened late is judged later, but a talk
    held after the month the rule gives was not held in time, nor a 述职 submitted after
    it: :func:`_own_day`). The unit's own fact recorded after the grace is its miss; the
    department's act (``by_the_department``: 整改验收) is judged by its own day alone,
    so one done by the deadline and recorded after the overdue (补录) fulfils in time."""
    if instance.status not in LIVE or not suffices(instance, spec, not_owed):
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


def suffices(instance: Instance, spec: Evidence, not_owed: int) -> bool:
    """Enough facts (``min_count``, counting ``not_owed`` months of dues not owed here) and,
    with ``min_total``, enough of their sum (学时)."""
    if len(instance.evidence) + not_owed < spec.min_count:
        return False
    total = spec.min_total
    return total is None or (instance.tally or Decimal(0)) >= total.at_least


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


def keep(
    kept: list[EarlyEvidence], env: Envelope, fact: Credit, until: date, about: str | None = None
) -> bool:
    """Add ``env``, counted as ``fact``, to the evidence ``kept`` for an instance not open
    yet, unless it is there; whether it was added."""
    if any(early.event_id == env.id for early in kept):
        return False
    event = type(env.data).__name__
    kept.append(EarlyEvidence(event=event, until=until, about=about, **fact._asdict()))
    return True


def hold(
    state: DutyState,
    slot: str,
    env: Envelope,
    fact: Credit,
    until: date,
    about: str | None = None,
) -> None:
    """Keep ``env`` under ``slot`` of :attr:`DutyState.awaiting` (:func:`keep`), its
    document written back if it was added."""
    kept = list(state.awaiting.get(slot, []))
    if keep(kept, env, fact, until, about):
        state.keep_awaiting(slot, kept)


def matching_spec(duty: Duty, env: Envelope, rules: Rules) -> Evidence | None:
    """The first statement of evidence of ``duty`` for ``env``'s event that ``env`` meets
    (None: it evidences none)."""
    for spec in rules.evidence_of(duty, type(env.data).__name__):
        if matches(spec, env.data):
            return spec
    return None


def live_instances(unit: Unit, duty_id: str) -> Iterator[Instance]:
    """``unit``'s instances of ``duty_id`` still owed (:data:`LIVE`: open or overdue), in
    deadline-year order, then key order."""
    for instance in unit.instances():
        if instance.duty_id == duty_id and instance.status in LIVE:
            yield instance


def held_by(state: DutyState, duty: Duty, person: str) -> Iterator[Unit]:
    """The organizations of the duty's kinds where ``person`` holds one of its offices, in
    id order (a restart's order too)."""
    for org in sorted(state.holding.get(person, ())):
        unit = state.units[org]
        if unit.kind in duty.applies_to.kinds and office_of(unit, duty, person) is not None:
            yield unit
