"""Within-days duties (限期事项): a fact opens a duty due N days later or by its deadline.

E.g. an application for membership opens the applicant talk (30 days), an
inspection finding opens its rectification (by ``rectification_deadline``,
serving the finding's own problem-list question), a member away at a fixed
place opens the transfer of membership (six months from ``since``), which
the member's return waives (``waived_by``), and an appointment to the 党委 opens the
member's contact point (联系点, 90 days from ``appointed_on``) unless the person already
sits on it (:func:`_already_subject`). Evidence recorded before its trigger (先于触发事实
记录的佐证: the contact point before the registry records the appointment) fulfils the
instance as it opens (:func:`services.duties.domain.awaiting.credit_awaiting`); evidence
dated before the trigger's day counts only where the catalog says so (``before_office``: a
contact point decided with the nomination, see
:func:`services.duties.domain.awaiting._counts_from`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from contracts.catalog import Duty, Scope, WithinDaysCadence
from contracts.envelope import Envelope
from contracts.events import structure
from contracts.events.enums import Office
from services.duties.domain.awaiting import credit_awaiting
from services.duties.domain.instances import LIVE, Instance, Status
from services.duties.domain.matching import as_day, own_day, passes, text_of, value_of
from services.duties.domain.obligations import (
    Subject,
    applies,
    continues,
    office_of,
    open_instance,
)
from services.duties.domain.periods import shifted, within_period
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.structure import SUSPENDED_ZH, waive
from services.duties.domain.units import Unit


def open_triggered(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Open the within-days instances that ``env`` triggers (opening emits no event) and
    credit them the evidence recorded before ``env`` (:func:`credit_awaiting`): return the
    status events that crediting yields.

    Each duty as the catalog in force on the day its span counts from states it
    (:func:`_governing`). A trigger recorded after its span's deadline (补录: the
    application recorded months after it was received) is judged after a respite from
    the partition's day (:func:`services.duties.domain.obligations.deadlines`)."""
    if not rules.triggers(type(env.data).__name__):
        return []
    unit = state.units.get(env.subject)
    if unit is None or unit.dissolved_on is not None:
        return []
    today = state.clock.get(unit.partition)
    outputs: list[Envelope] = []
    for duty, version, counted in _governing(env, rules):
        cadence = duty.cadence
        assert isinstance(cadence, WithinDaysCadence)
        if not applies(unit, duty) or not all(passes(w, env.data) for w in cadence.trigger.where):
            continue
        if cadence.trigger.only_when_vacated and not _vacates(unit, env):
            continue
        if _already_subject(unit, duty, env) or _entered_before(unit, duty, env):
            continue
        question_field = cadence.trigger.question_field
        question = value_of(env.data, question_field) if question_field else None
        instance = open_instance(
            state,
            unit,
            duty,
            version,
            within_period(env.id, counted, _deadline(cadence, env, counted)),
            _subject(duty, env),
            correlation=text_of(env.data, cadence.correlate.trigger_field),
            questions=(question,) if isinstance(question, int) else None,
            opened_on=today,
        )
        if instance is not None:
            outputs += credit_awaiting(state, unit, instance, duty, env, rules)
            outputs += _cleared_before(state, unit, instance, duty, env, rules)
            outputs += _suspended_before(state, unit, instance, env, rules)
    return outputs


def _suspended_before(
    state: DutyState, unit: Unit, instance: Instance, env: Envelope, rules: Rules
) -> list[Envelope]:
    """A member's duty opened by a fact recorded late (补录: the 外出), falling due on or
    after the day of a suspension (停止党籍), is waived as it opens: he owes the unit nothing
    falling due from that day, and recorded in the order of their days, the suspension
    would have waived it. The suspension is the one the log has him under now, or, for a
    member restored since (恢复党籍), one between the day the span began and his restoration
    (:func:`_restored_within`)."""
    if instance.status not in LIVE:
        return []
    suspension = unit.suspended.get(instance.member_id or "")
    if suspension is not None and instance.due_on < suspension.suspended_on:
        return []
    if suspension is None and not _restored_within(unit, instance):
        return []
    return waive(state, unit, [instance], env, rules, SUSPENDED_ZH)


def _restored_within(unit: Unit, instance: Instance) -> bool:
    """Whether the member of ``instance`` was restored (恢复党籍) after its span began, or is
    on the roll since then only: he had been suspended on a day after it began
    (:meth:`~services.duties.domain.roll.Member.back_after`). Which day his record may not
    tell; the duty is judged waived by it, as the suspension would have waived it unless
    it fell due before."""
    member = unit.members.get(instance.member_id or "")
    return member is not None and member.back_after(instance.period_start) is not None


def _cleared_before(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, env: Envelope, rules: Rules
) -> list[Envelope]:
    """A fact that waives a member's duty (``waived_by``: 返回) recorded before its trigger
    (the 外出 recorded late, 补录), dated within the span, by its deadline, waives the
    instance as it opens, as it would have had the two been recorded in order. The day is
    the one the member's record keeps (``Member.facts``)."""
    cadence = duty.cadence
    assert isinstance(cadence, WithinDaysCadence)
    member = unit.members.get(instance.member_id or "")
    if member is None or instance.status not in LIVE:
        return []
    for name in cadence.waived_by:
        day = member.facts.get(name)
        if day is not None and instance.period_start <= day <= instance.due_on:
            return waive(state, unit, [instance], env, rules, f"情形已消除：{name}（{day}）")
    return []


def _governing(env: Envelope, rules: Rules) -> Iterator[tuple[Duty, str, date]]:
    """Each within-days duty an event of ``env``'s type opens, as the catalog version in
    force on the day its span counts from states it, with that version and day.

    That day is the one the catalog names (``counted_from``: 收到入党申请书之日), else the
    fact's own (事实日期, :func:`~contracts.events.fact_dates.fact_date`: the finding's
    发现日期), else the envelope's time (发生时间). A source may date the envelope the day
    it records the fact (补录); the rules of that day are not those the fact fell under,
    as a period is judged by the version in force on its first day, and what was done
    for the fact between its day and then must count. A duty keeps its cadence across
    versions, so the newest statement says which field counts."""
    for statement in rules.triggered_in_any(type(env.data).__name__):
        cadence = statement.cadence
        assert isinstance(cadence, WithinDaysCadence)
        named = as_day(value_of(env.data, cadence.counted_from or ""))
        counted = named or own_day(env)
        catalog = rules.in_force(counted)
        duty = rules.find(catalog, statement.id) if catalog is not None else None
        if catalog is not None and duty is not None:
            yield duty, catalog.version, counted


def _vacates(unit: Unit, env: Envelope) -> bool:
    """Whether the departure ``env`` leaves its office without holder (still listed now:
    the fold retires the holder after the triggers)."""
    office, person = text_of(env.data, "office"), text_of(env.data, "person_id")
    holders = unit.holders.get(Office(office), []) if office else []
    return all(holder == person for holder in holders)


def _already_subject(unit: Unit, duty: Duty, env: Envelope) -> bool:
    """Whether the appointment ``env`` finds its person already holding one of the offices
    of ``duty``, an office holder's duty in ``unit``: then it opens nothing.

    党委成员联系点 (三、（八）) is one contact point per 党委成员, however many committee
    offices they hold and however often re-elected (连任): a 委员 made 副书记 too is the
    same 党委成员, also when the log records the leaving of the 委员 seat before the 副书记
    appointment of that day (:func:`continues`). A person who left every office of the
    duty and is appointed again another day is a new 党委成员 and owes it again (离任
    waived what was still open; one found overdue before they left stays owed). The
    triggers run before the appointment is registered.
    """
    fact = env.data
    if not isinstance(fact, structure.OfficeHolderAppointed):
        return False
    if duty.applies_to.scope is not Scope.OFFICE:
        return False
    holds = office_of(unit, duty, fact.person_id) is not None
    return holds or continues(unit, duty, fact.person_id, fact.appointed_on)


def _entered_before(unit: Unit, duty: Duty, env: Envelope) -> bool:
    """Whether the finding ``env`` enters (问题编号) opened ``duty`` at ``unit`` already: a
    number names one problem of its unit, with one rectification duty, as the
    accountability service keeps one case per finding, its first deadline governing. The
    same finding entered again (another system, the record sent anew, or keyed again with
    another deadline) opens nothing."""
    cadence = duty.cadence
    assert isinstance(cadence, WithinDaysCadence)
    if cadence.correlate.trigger_field != "finding_id":
        return False
    number = text_of(env.data, "finding_id")
    return any(i.duty_id == duty.id and i.correlation == number for i in unit.instances())


def _deadline(cadence: WithinDaysCadence, env: Envelope, start: date) -> date:
    if cadence.deadline_field is not None:
        deadline = value_of(env.data, cadence.deadline_field)
        if isinstance(deadline, date):
            return deadline
    return shifted(start, cadence.days or 0)


def _subject(duty: Duty, env: Envelope) -> Subject:
    if duty.applies_to.scope is Scope.MEMBER:
        return text_of(env.data, "member_id"), None
    if duty.applies_to.scope is Scope.OFFICE:
        office = text_of(env.data, "office")
        return text_of(env.data, "person_id"), Office(office) if office else None
    return None, None


def waive_cleared(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Waive the live within-days instances a ``waived_by`` fact ends (免除, e.g. 返回) on
    or before their deadline. Judged by the fact's own day (事实日期, the payload's), not
    by the status: one recorded late (补录) waives an instance found overdue meanwhile, as
    recorded on its day it would have; an instance whose deadline passed before the fact
    stays overdue."""
    outputs: list[Envelope] = []
    day = own_day(env)
    for duty_id, field in rules.waived_by(type(env.data).__name__):
        value = text_of(env.data, field)
        for org, key in list(state.correlations.get(f"{duty_id}|{value}", [])):
            unit = state.units[org]
            instance = unit.find(key)
            if instance is None or instance.status not in LIVE or org != env.subject:
                continue
            if instance.status is Status.OVERDUE and day > instance.due_on:
                continue
            reason = f"情形已消除：{type(env.data).__name__}（{day}）"
            outputs += waive(state, unit, [instance], env, rules, reason)
    return outputs
