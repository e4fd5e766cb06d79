"""Structure (组织架构) as the log tells it: units, office holders, members, terms.

``register`` runs before evidence is credited (a new unit, holder or member
can be credited at once); ``retire`` after (a secretary who leaves still
triggers the vacancy; a member transferred out still fulfils the transfer).
Dissolving a unit waives the instances falling due from that day on (also those
found overdue before a late record); a member leaving waives their open
instances and those found overdue that fell due after they left (a late record); an
office holder leaving waives their own duties not yet due on the
day they left, and, recorded late, the periods begun since with no holder of an office
the unit owes a duty only with (设委员的: :func:`_not_owed_without`). Moving a unit
charges its new parent with what falls due from the day of the move. The
registry's record of members in difficulty, or a recorded visit to one, decides
whether the unit owes the visits (:func:`record_needy`). A member's exemption from
dues (免交党费) waives his dues of the months it covers, also those found overdue before
a late record (:func:`_exempted`); so does the branch's consent to dues by quarter for
his monthly dues, and he owes the quarters instead (:func:`_by_quarter`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from contracts.catalog import (
    ChargedTo,
    Duty,
    MemberRule,
    Period,
    Scope,
    TermCadence,
    WithinDaysCadence,
)
from contracts.envelope import Envelope, new_envelope
from contracts.events import activities, members, structure
from contracts.events.base import Payload
from contracts.events.duties import DutyOverdue, DutyWaived
from contracts.events.enums import Office
from contracts.events.placement import StructureShared
from services.common.ids import derived_id
from services.duties.domain.awaiting import credit_awaiting
from services.duties.domain.counting import credit_not_owed
from services.duties.domain.early import credit_early, credit_kept_for_the_office
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import LIVE, Deferred, Instance, Status
from services.duties.domain.matching import event_day, value_of
from services.duties.domain.member_flags import flag_runs_again
from services.duties.domain.member_runs import RETURNED, WENT_AWAY
from services.duties.domain.obligations import (
    answered,
    applies,
    appointed_in_time,
    carry_on,
    continues,
    deadlines,
    evidenced_by_dues,
    holds_in_time,
    member_owes,
    of_the_report_given,
    office_on,
    open_instance,
    open_member_periods,
    open_newly_owed,
    period_not_owed,
    release,
    resume,
    set_aside,
)
from services.duties.domain.periods import (
    add_years,
    due_by_rule,
    month_of,
    month_start,
    months_between,
    shifted,
    term_period,
)
from services.duties.domain.roll import (
    DUES_PAID,
    RESTORED,
    TRANSFERRED_OUT,
    DuesExemption,
    Member,
)
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.terms import flag_extension, flag_term_length
from services.duties.domain.units import HeldLeaving, Suspension, Unit

Handler = Callable[[DutyState, Envelope, Rules], list[Envelope]]
#: Why a suspended member's duties are waived (停止党籍).
SUSPENDED_ZH = "党员已停止党籍"
#: Why a member's duties are waived once he transferred out (组织关系转出).
TRANSFERRED_ZH = "党员组织关系已转出"
#: The facts by which a member leaves a unit's roll: 转出, 停止党籍, 党员减少 (去世、出党).
LEAVING = (members.MemberTransferredOut, members.MembershipSuspended, members.MembershipEnded)


def establish(state: DutyState, env: Envelope, partition: int) -> None:
    """成立党组织: a new unit, folded on the partition its facts travel on (its home: see
    :meth:`DutyState.home_of`). A root's establishment reaches every partition under
    subtree placement and is kept once."""
    fact = env.data
    assert isinstance(fact, structure.OrganizationEstablished)
    if fact.organization_id in state.units:
        return
    home = state.home_of(fact.organization_id, fact.parent_id, partition)
    state.add_unit(_new_unit(fact, home))


def _new_unit(record: structure.OrganizationEstablished | StructureShared, home: int) -> Unit:
    return Unit(
        organization_id=record.organization_id,
        kind=record.kind,
        category=record.category,
        parent_id=record.parent_id,
        established_on=record.established_on,
        partition=home,
    )


def share(state: DutyState, env: Envelope, rules: Rules) -> None:
    """A parent's structure read away from its home (共享结构: a root's, or the parent of a
    unit moved here): its office holders, existence and dissolution (its establishment is
    kept by :func:`establish`), which the units here answer through (charged to the
    parent). Its duties are folded on its home only: nothing opens, closes or is emitted
    here."""
    fact = env.data
    if isinstance(fact, structure.OfficeHolderAppointed):
        register(state, env)
    elif isinstance(fact, structure.OfficeHolderLeftOffice) and env.subject in state.units:
        _vacate(state, state.units[env.subject], fact)
    elif isinstance(fact, structure.OrganizationDissolved) and env.subject in state.units:
        _mark_dissolved(state, state.units[env.subject], fact)


def term_ended(env: Envelope) -> list[Envelope]:
    """补录已结束的任期: the leaving that a past term entered in one fact says (``left_on``),
    as a fact of its own, folded right after the appointment: the term is then what its
    appointment and its leaving, entered one after the other, would make it, without its
    person holding the office alongside today's holder in between. Its id is derived from
    the fact's, so the outputs it causes have ids of their own."""
    fact = env.data
    if not isinstance(fact, structure.OfficeHolderAppointed) or fact.left_on is None:
        return []
    leaving = structure.OfficeHolderLeftOffice(
        organization_id=fact.organization_id,
        person_id=fact.person_id,
        office=fact.office,
        left_on=fact.left_on,
    )
    return [
        new_envelope(
            leaving,
            id=derived_id(env.id, "left"),
            source=env.source,
            time=env.time,
            subject=env.subject,
            recordedtime=env.recordedtime,
        )
    ]


def register(state: DutyState, env: Envelope) -> None:
    """Office holders and members who join (任职, 接收/转入党员, 恢复党籍)."""
    fact, unit = env.data, state.units.get(env.subject)
    if unit is None:
        return
    if isinstance(fact, structure.OfficeHolderAppointed):
        if fact.person_id not in unit.holders.get(fact.office, []):
            unit.take_office(fact.office, fact.person_id, fact.appointed_on)
            state.note_holders(unit, [fact.person_id])
        state.touch(unit)
    elif isinstance(fact, _JOINING):
        if _gone_since(state, unit, fact):
            return
        joined = _joined_on(fact)
        known_on = state.clock.get(unit.partition)
        # 党费交至月份: what the letter of introduction of a transfer in says was paid.
        paid = fact.dues_paid_through if isinstance(fact, members.MemberTransferredIn) else None
        member = Member(
            since=joined,
            known_on=known_on,
            probationary=_probationary(fact),
            dues_paid_through=paid,
        )
        kept = unit.members.setdefault(fact.member_id, member)
        if kept is not member and isinstance(fact, members.MembershipRestored):
            # 恢复党籍 of a member the log still has on the roll: the suspension it ends is
            # yet to be recorded (补录), and then ends on this day (:func:`_member_left`).
            kept.keep_latest(RESTORED, fact.restored_on)
        state.touch_member(unit, fact.member_id)
    elif isinstance(fact, members.MemberConfirmed) and fact.member_id in unit.members:
        unit.members[fact.member_id].probationary = False  # 预备党员转正
        state.touch_member(unit, fact.member_id)


def _gone_since(
    state: DutyState,
    unit: Unit,
    fact: members.MemberAdmittedAsProbationary
    | members.MemberTransferredIn
    | members.MembershipRestored,
) -> bool:
    """Whether ``fact`` is a 恢复党籍 recorded after the transfer out that followed it (补录:
    the log had him on the roll when the transfer was recorded, the suspension yet to be
    recorded): he left the roll for good on the transfer's day, and in the order of the
    days he was on it from the restoration until then only, months the log had him on it
    already. Any other joining starts a new time on the roll (``Unit.transferred_out``)."""
    left_on = unit.transferred_out.get(fact.member_id)
    if left_on is None:
        return False
    if isinstance(fact, members.MembershipRestored) and fact.restored_on <= left_on:
        return True
    del unit.transferred_out[fact.member_id]
    state.touch_left(unit, fact.member_id)
    return False


#: Facts by which a member joins a unit's roll: admission, transfer in, restored membership.
_JOINING = (
    members.MemberAdmittedAsProbationary,
    members.MemberTransferredIn,
    members.MembershipRestored,
)


def _probationary(
    fact: members.MemberAdmittedAsProbationary
    | members.MemberTransferredIn
    | members.MembershipRestored,
) -> bool:
    """预备党员 on joining: admitted as one, or transferred in or restored as one (the
    letter of introduction or the decision says so)."""
    if isinstance(fact, members.MemberTransferredIn | members.MembershipRestored):
        return fact.probationary is True
    return isinstance(fact, members.MemberAdmittedAsProbationary)


def _joined_on(
    fact: members.MemberAdmittedAsProbationary
    | members.MemberTransferredIn
    | members.MembershipRestored,
) -> date:
    if isinstance(fact, members.MemberAdmittedAsProbationary):
        return fact.admitted_on
    if isinstance(fact, members.MemberTransferredIn):
        return fact.transferred_on
    return fact.restored_on


def retire(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Departures and appointments, dissolution, reparenting, members in difficulty and
    terms; the waivers and the newly owed periods they cause."""
    unit = state.units.get(env.subject)
    if unit is None:
        return []
    handler = _RETIRING.get(type(env.data))
    outputs = handler(state, env, rules) if handler else []
    outputs += _terms(state, unit, env, rules)
    return outputs


def _dissolved(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """撤销: the duties falling due on or after the day of dissolution are not owed. Judged
    by that day, not by the status: a dissolution recorded late (补录) also waives a duty
    found overdue meanwhile."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, structure.OrganizationDissolved)
    _mark_dissolved(state, unit, fact)
    reason = f"党组织已撤销（{fact.dissolved_on}）"
    state.close_deferred(unit)
    return waive(state, unit, _owed_from(unit, fact.dissolved_on, rules), env, rules, reason)


def _owed_from(unit: Unit, day: date, rules: Rules) -> list[Instance]:
    """The unit's open instances and those found overdue that fell due on or after ``day``
    (:func:`_overdue_since`): what a fact ending them on ``day`` waives."""
    return [*_overdue_since(unit, day, rules), *unit.open_instances()]


def _overdue_since(unit: Unit, day: date, rules: Rules) -> list[Instance]:
    """The unit's instances found overdue that fell due on or after ``day``: what a fact
    dated ``day`` but recorded late (补录) changes as if it had been recorded on time. Each
    fell due on its rule's own deadline (:func:`due_by_rule`), also one judged later, with
    its grace again (a 委员 recorded late): a failure before ``day`` stays one."""

    def fell_due(instance: Instance) -> date:
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        return min(instance.due_on, due_by_rule(duty, instance.period_end))

    return [
        instance
        for instance in unit.instances(since_year=day.year)
        if instance.status is Status.OVERDUE and fell_due(instance) >= day
    ]


def take_shared(state: DutyState, shared: StructureShared, partition: int) -> None:
    """共享结构: a unit folded on another partition, as the registry knows it, kept here for
    the units that answer through it (a unit moved under it). It is never owned here; its
    later structure facts visit (:func:`share`)."""
    unit = state.units.get(shared.organization_id)
    if unit is None:
        unit = _new_unit(shared, shared.home)
        state.add_unit(unit)
    elif state.owns(unit, partition):
        return
    before = unit.in_office()
    unit.holders = {}
    for holder in shared.holders:
        unit.holders.setdefault(holder.office, []).append(holder.person_id)
    state.note_holders(unit, before + [holder.person_id for holder in shared.holders])
    unit.dissolved_on = shared.dissolved_on
    state.touch(unit)


def _mark_dissolved(state: DutyState, unit: Unit, fact: structure.OrganizationDissolved) -> None:
    unit.dissolved_on = fact.dissolved_on
    state.touch(unit)


def _vacate(state: DutyState, unit: Unit, fact: structure.OfficeHolderLeftOffice) -> bool:
    """The person leaves the office, if they hold it; whether they did."""
    if fact.person_id not in unit.holders.get(fact.office, []):
        return False
    unit.leave_office(fact.office, fact.person_id, fact.left_on)
    state.note_holders(unit, [fact.person_id])
    state.touch(unit)
    return True


def _left_office(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """离任: the unit's duties about the person as an office holder whose deadline they
    did not see pass in office are waived, unless they still hold an office the duty
    applies to: their own (个人职责: a secretary who left in January is not reminded or
    criticised for that year's training or 述职), and those owed about them (the parent's
    evaluation of a 述职 no longer due; not of one they gave in a successor's place, which
    the evaluation follows: :func:`of_the_report_given`). A duty whose deadline passed
    before they left was missed in office and stays. Judged by the day their tenure of
    the duty ended (the leaving's, or a later one of a chain: :func:`_ended_by_leaving`),
    not by the status: a departure recorded late still waives a duty found overdue
    meanwhile.
    The day is kept (:attr:`Unit.left_office`): an appointment of theirs dated that day,
    to another office of the duty, continues the tenure and owes the waived duties as
    they stood (:func:`_continued`)."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, structure.OfficeHolderLeftOffice)
    if _vacate(state, unit, fact):  # a leaving of an office not held continues nothing
        unit.left_office.setdefault(fact.office, {})[fact.person_id] = fact.left_on
    theirs = _ended_by_leaving(unit, fact.person_id, fact.left_on, rules)
    now = [(i, end) for i, end in theirs if not _continuable(rules, i, fact.office)]
    if len(now) < len(theirs):
        held = HeldLeaving(person_id=fact.person_id, left_on=fact.left_on, event_id=env.id)
        unit.held_leavings.append(held)
        state.touch(unit)
    outputs = _waive_left(state, unit, now, env, rules)
    return outputs + _not_owed_without(state, unit, fact, env, rules)


def _not_owed_without(
    state: DutyState,
    unit: Unit,
    fact: structure.OfficeHolderLeftOffice,
    env: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """设委员的: a duty the unit owes only with an office (``only_with_office``: the 支部委员会
    of a branch with a 委员) is owed for a period whose first day found the office held
    (:func:`owes`, judged by the tick that opens it). A leaving recorded late (补录) comes
    after the ticks that opened the periods begun since the day of the leaving: those
    whose first day found no one in the office (:meth:`Unit.office_held_on`: a present
    holder, or one whose leaving was recorded first though it came later) were never
    owed, and are released (免除) as the leaving recorded on its day would have left them
    unopened: silently while nothing was said of them, else with ``DutyWaived``, which
    closes what was said (:func:`release`). A period begun while it was held stays owed,
    missed or not."""
    office, day = fact.office, fact.left_on
    reason = f"{day}起未设{office.label_zh}"
    outputs: list[Envelope] = []
    for instance in list(unit.instances(since_year=day.year)):
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        begun = instance.period_start
        if (
            instance.status in LIVE
            and duty.applies_to.only_with_office is office
            and begun >= day
            and not unit.office_held_on(office, begun)
        ):
            outputs += release(state, unit, instance, duty, env, reason, vacant_from=day)
    return outputs


def _ended_by_leaving(
    unit: Unit, person: str, left_on: date, rules: Rules
) -> list[tuple[Instance, date]]:
    """``person``'s live duties as an office holder of ``unit`` whose deadline they did not
    see pass in office, each with the day their tenure of the duty ended: ``left_on``, or
    the last leaving of a chain of the duty's offices held that day and left since
    (:meth:`Unit.tenure_end`, a chain recorded out of order), now that they hold none of
    them held already that day (:func:`office_on`: one taken the same day continues the
    tenure, 同日转任). One taken on a later day is a new tenure, which owes only what it is
    in time for (:func:`holds_in_time`), and the leaving does not end it: the log may
    record the leaving with it, or after it (补录), or judge the leaving only once the day
    is over (:func:`waive_held`), when a 副书记 who left on 10-18 is 书记 since 11-06 and
    owes that year's 述职."""

    def ends(instance: Instance) -> date | None:
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        end = unit.tenure_end(duty.applies_to.offices, person, left_on)
        held = office_on(unit, duty, person, end) is not None
        owed = held or holds_in_time(unit, duty, instance.span(), person)
        about_holder = duty.applies_to.scope is Scope.OFFICE
        ended = about_holder and not owed and end <= instance.due_on
        return end if ended and not of_the_report_given(unit, instance) else None

    return [
        (instance, end)
        for instance in unit.instances()
        if instance.status in LIVE
        and instance.person_id == person
        and left_on <= instance.due_on
        and (end := ends(instance)) is not None
    ]


def _continuable(rules: Rules, instance: Instance, left: Office) -> bool:
    """Whether another office than ``left`` owes ``instance``'s duty, so that an appointment
    to it the day of the leaving would continue the tenure (同日转任)."""
    offices = rules.duty(instance.catalog_version, instance.duty_id).applies_to.offices
    return any(office is not left for office in offices)


def waive_held(state: DutyState, unit: Unit, tick: Envelope, rules: Rules) -> list[Envelope]:
    """The day of the leavings recorded since the last tick is over (``tick``): what each
    ended and no appointment of that day continued (同日转任, recorded after the leaving)
    is waived now (已离任), citing the leaving. The fold cannot see, at a leaving, the
    appointment that follows it in the log; so a 委员 made 副书记, the leaving recorded
    first, is told no waiver, as in the appointment-first order. An appointment recorded
    on a later day comes too late: it continues the tenure, owing again what was waived
    (:func:`_continued`)."""
    outputs: list[Envelope] = []
    for held in unit.held_leavings:
        ended = _ended_by_leaving(unit, held.person_id, held.left_on, rules)
        cited = held.event_id
        outputs += _waive_left(state, unit, ended, tick, rules, caused_by=cited)
    if unit.held_leavings:
        unit.held_leavings = []
        state.touch(unit)
    return outputs


def _waive_left(
    state: DutyState,
    unit: Unit,
    ended: list[tuple[Instance, date]],
    cause: Envelope,
    rules: Rules,
    *,
    caused_by: str | None = None,
) -> list[Envelope]:
    """已离任: waive (:func:`waive`) what a leaving ended, each instance by the day its
    tenure ended, saying so to people (:func:`_left_reason`) and naming the day apart
    (:attr:`Instance.left_on`), by which an appointment that day takes the waiver back
    (:func:`_continued`)."""
    outputs: list[Envelope] = []
    for day in sorted({end for _, end in ended}):
        theirs = [instance for instance, end in ended if end == day]
        reason = _left_reason(day)
        outputs += waive(
            state, unit, theirs, cause, rules, reason, caused_by=caused_by, left_on=day
        )
    return outputs


def _left_reason(day: date) -> str:
    """Why a holder's duty is waived when they leave on ``day`` (免除的理由). Said to people
    only: the waiver names the day apart (:attr:`Instance.left_on`), so its words may
    change."""
    return f"已离任（{day}）"


def _continued(state: DutyState, unit: Unit, env: Envelope, rules: Rules) -> list[Envelope]:
    """同日转任: the person appointed left an office here the same day (a 委员 made 副书记,
    the leaving recorded first). For each duty of both offices they never stopped owing
    it: what that leaving waived is owed again as it stood (:func:`carry_on`), not
    reminded again nor given a new deadline, also when the appointment comes after the
    period's reminder day (which would make a new holder owe nothing of it), and the
    evidence of a within-days duty recorded meanwhile, kept while the log showed them
    gone (:func:`~services.duties.domain.awaiting.await_trigger`: the contact point
    taken), is credited to it. The leaving is then forgotten: it served its one
    appointment. What it waived is known by the day the waiver names
    (:attr:`Instance.left_on`), not by its reason's words."""
    fact = env.data
    assert isinstance(fact, structure.OfficeHolderAppointed)
    person, on = fact.person_id, fact.appointed_on
    outputs: list[Envelope] = []
    for instance in list(unit.instances()):
        if instance.person_id != person or instance.status is not Status.WAIVED:
            continue
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        about = fact.office in duty.applies_to.offices and continues(unit, duty, person, on)
        if about and instance.left_on == on:
            carry_on(state, unit, instance)
            if isinstance(duty.cadence, WithinDaysCadence):
                outputs += credit_awaiting(state, unit, instance, duty, env, rules)
    if any(person in left for left in unit.left_office.values()):
        unit.left_office = {
            office: others
            for office, left in unit.left_office.items()
            if (others := {who: day for who, day in left.items() if who != person})
        }
        state.touch(unit)
    return outputs


def _reparented(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """隶属关系调整: from the day of the move the duties owed about the unit are the new
    parent's. One the log already found overdue, but which fell due on or after that day
    (a move recorded late, 补录), was the new parent's to do: it is overdue again,
    charged to the new parent. One overdue before the move stays the former parent's."""
    fact = env.data
    assert isinstance(fact, structure.OrganizationReparented)
    unit = state.units[env.subject]
    unit.parent_id, unit.parent_since = fact.parent_id, fact.reparented_on
    state.touch(unit)
    outputs: list[Envelope] = []
    for instance in _overdue_since(unit, fact.reparented_on, rules):
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        if duty.charged_to is ChargedTo.PARENT:
            outputs.append(duty_event(DutyOverdue, state, unit, instance, duty, env))
    return outputs


def _member_left(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """组织关系转出 / 停止党籍 / 党员减少 (去世、出党): the member owes the unit nothing
    falling due from the day they left. Their open instances are waived, and, judged by
    that day, not by the status, those found overdue that fell due on or after it: a
    leaving recorded late (补录) waives the months the log found unpaid meanwhile, as
    recorded on time it would have (as :func:`_dissolved` and :func:`_left_office` do).
    One overdue before they left stays. A suspended member's signals are kept from then
    on (``Unit.suspended``). An ended membership is read as a transfer out for good, and
    ends every watch over the member (:func:`_ended`)."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, LEAVING)
    if isinstance(fact, members.MembershipEnded):
        _ended(state, unit, fact)
    if fact.member_id not in unit.members:
        _transferred_while_suspended(state, unit, fact)
        return []
    state.open_deferred(unit, fact.member_id)
    if isinstance(fact, members.MembershipSuspended):
        restored = unit.members[fact.member_id].facts.get(RESTORED)
        if restored is not None and restored > fact.suspended_on:
            return _suspended_until(state, unit, fact, restored, env, rules)
        _keep_signals(state, unit, fact)
    if isinstance(fact, members.MembershipSuspended):
        left_on, reason = fact.suspended_on, SUSPENDED_ZH
    else:
        left_on, reason = _gone(fact)
        unit.transferred_out[fact.member_id] = left_on
        state.touch_left(unit, fact.member_id)
    return _off_the_roll_from(state, unit, fact.member_id, left_on, reason, env, rules)


def _gone(fact: members.MemberTransferredOut | members.MembershipEnded) -> tuple[date, str]:
    """The day a member left the roll for another or for good, and why (for waivers)."""
    if isinstance(fact, members.MembershipEnded):
        return fact.ended_on, f"党员已{fact.end.predicate_zh}"
    return fact.transferred_on, TRANSFERRED_ZH


def _ended(state: DutyState, unit: Unit, fact: members.MembershipEnded) -> None:
    """党员减少 (去世、出党): no watch runs over the member any more, nor starts for him,
    whatever its opening fact's day (``Unit.ended``): there is no membership left for the
    branch to suspend or remove (第二十四条)."""
    unit.ended[fact.member_id] = fact.ended_on
    unit.watches = [w for w in unit.watches if w.member_id != fact.member_id]
    state.touch(unit)


def _off_the_roll_from(
    state: DutyState,
    unit: Unit,
    member_id: str,
    left_on: date,
    reason: str,
    env: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """The member leaves the unit's roll on ``left_on``; what he owed falling due from that
    day is waived for ``reason`` (:func:`_member_left`)."""
    unit.drop_member(member_id)
    state.touch_member(unit, member_id)
    if not unit.members and not unit.roll_emptied:
        unit.roll_emptied = True  # the last one left: its size is known (none)
        state.touch(unit)
    theirs = [i for i in _owed_from(unit, left_on, rules) if i.member_id == member_id]
    return waive(state, unit, theirs, env, rules, reason)


def _transferred_while_suspended(
    state: DutyState,
    unit: Unit,
    fact: members.MemberTransferredOut | members.MembershipSuspended | members.MembershipEnded,
) -> None:
    """组织关系转出 (or 去世、出党) recorded while the log has the member suspended (停止党籍):
    kept with the suspension (``Suspension.transferred_on``) for a restoration recorded
    later (补录), after which he leaves the roll again on that day
    (:func:`_restored_then_left`)."""
    suspension = unit.suspended.get(fact.member_id)
    if not isinstance(fact, members.MembershipSuspended) and suspension is not None:
        suspension.transferred_on = _gone(fact)[0]
        state.touch(unit)


def _restored_then_left(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """恢复党籍 recorded after the transfer out that followed it (补录: the log had him
    suspended when the transfer was recorded): on the roll from the restoration until the
    transfer's day, as recorded in date order, and off it since."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, members.MembershipRestored)
    member = unit.members.get(fact.member_id)
    left_on = None if member is None else member.facts.pop(TRANSFERRED_OUT, None)
    if left_on is None:
        return []
    state.touch_member(unit, fact.member_id)
    if left_on < fact.restored_on:
        return []
    state.open_deferred(unit, fact.member_id)
    return _off_the_roll_from(state, unit, fact.member_id, left_on, TRANSFERRED_ZH, env, rules)


def _keep_signals(state: DutyState, unit: Unit, fact: members.MembershipSuspended) -> None:
    """Keep the suspended member's signals from the month of the suspension on
    (``Unit.suspended``) for his restoration: those already noted (a suspension recorded
    late, 补录, after a month he attended), and those recorded while he is off the roll
    (:func:`~services.duties.domain.members.count_while_suspended`)."""
    first = month_of(fact.suspended_on)
    signals = unit.members[fact.member_id].signals.items()
    kept = {rule_id: [month for month in months if month >= first] for rule_id, months in signals}
    unit.suspended[fact.member_id] = Suspension(suspended_on=fact.suspended_on, signals=kept)
    state.touch(unit)


def _suspended_until(
    state: DutyState,
    unit: Unit,
    fact: members.MembershipSuspended,
    restored: date,
    env: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """停止党籍 recorded after the restoration (恢复党籍) that ended it (补录): the member
    was off the roll from ``fact.suspended_on`` until ``restored`` and is on it again, as
    had the two been recorded in the order of their days. He owed nothing of the periods
    the log opened before the restoration that fell due on or after the suspension (the
    ticks opening them would have found him off the roll, or the suspension waived them):
    those open or found overdue are waived. His months are counted from the restoration
    (``Member.since``), and 党章第九条 judged again by them; the suspension itself reaches
    accountability, which withdraws the flags raised after it but those about his months
    after the restoration. His 外出 and 返回 dated before the restoration are forgotten: they
    were of his time on the roll the suspension ended (recorded in date order, the
    restoration starts his record anew), and one kept would leave him away for good."""
    member_id = fact.member_id
    before = unit.members[member_id]
    facts = {
        name: day
        for name, day in before.facts.items()
        if name not in (WENT_AWAY, RETURNED) or day >= restored
    }
    unit.members[member_id] = before.model_copy(update={"since": restored, "facts": facts})
    state.touch_member(unit, member_id)
    owed = _owed_from(unit, fact.suspended_on, rules)
    theirs = [i for i in owed if i.member_id == member_id and i.period_start <= restored]
    reason = f"{SUSPENDED_ZH}（{fact.suspended_on}至{restored}）"
    outputs = waive(state, unit, theirs, env, rules, reason)
    judged = flag_runs_again(state, unit, member_id, before, env, rules, lambda _: True)
    return outputs + list(judged.flags)


def _exempted(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """免交党费 (2008 党费规定: 生活确有困难的党员，经党支部研究、报上一级党委批准，可以少交或
    免交党费): the member owes the branch no dues for the months exempt, whenever the
    exemption was approved or recorded. The months decide, not the order of recording:
    the member's dues periods wholly exempt that the log already opened are waived,
    those it found overdue included (补录, as :func:`_member_left` waives what fell due
    after a late transfer); a quarter partly exempt whose other months were paid is
    fulfilled (:func:`credit_not_owed`); the periods not yet opened, or opened and not
    yet reminded (:class:`Deferred`), are not owed; and 党章第九条 is judged again for the
    months already evaluated (:func:`flag_runs_again`). Restated with its last month, the
    exemption ends: the months after it are owed again from the periods not yet reminded
    on; those whose reminder day has passed are not opened afresh (nor said overdue)."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, members.DuesExemptionApproved)
    member = unit.members.get(fact.member_id)
    if member is None:
        return []
    before = member.model_copy(update={"dues_exempt": list(member.dues_exempt)})
    member.exempt(DuesExemption(first_month=fact.first_month, last_month=fact.last_month))
    reason = f"经上级党委批准免交党费（{fact.months_zh}）"
    outputs = _dues_changed(state, env, fact.member_id, reason, rules)
    judged = flag_runs_again(state, unit, fact.member_id, before, env, rules, _read_dues)
    return outputs + list(judged.flags)


def _read_dues(rule: MemberRule) -> bool:
    """Whether ``rule`` reads the months a member owes no dues: signalled by dues paid."""
    return rule.signalled_by(DUES_PAID)


def _by_quarter(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """经党支部同意按季度交纳党费 (2008 党费规定: 党员应按月交纳党费；因特殊情况经党支部同意可按
    季度交纳): from the quarter of ``first_month`` the member's dues fall due by quarter,
    whenever the branch agreed or the registry recorded it (the condition of the dues
    duties counts from that month: :meth:`Member.meets`). Recorded late (补录), or agreed
    for months already past, what the log said of those months as months is settled as
    :func:`_exempted` settles it: his monthly dues still owed (open, or found overdue) are
    waived, not owed as months; the months he had paid as months are paid (按月已交:
    judged when paid, each counted once among its quarter's three, 三、（四） 按时足额);
    and the quarters the ticks have opened since are owed by him
    (:func:`open_member_periods`), from the record's day for one whose deadline passed.
    A quarter falls due no earlier than any of its months, so governing from
    ``first_month``, even one before the consent, never judges him more harshly than the
    monthly rule did. 党章第九条 is not judged again: the consent says when dues fall due,
    not that months unpaid had a 正当理由; the months of the quarter running at the record
    are judged when it ends, as for a consent recorded on time (a flag that counted one of
    them is accountability's to withdraw: :mod:`services.accountability.domain.flags`).
    A consent restating the rhythm from a quarter an earlier one governs already changes
    nothing: the member pays by quarter from the earliest month any consent names
    (:func:`services.duties.domain.members.record_fact`)."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, members.QuarterlyDuesApproved)
    member = unit.members.get(fact.member_id)
    first = month_start(fact.first_month)
    if member is None or member.facts.get(type(fact).__name__, first) < first:
        return []
    paid = _paid_months(member, fact.first_month, rules)
    member.paid_by_month = sorted({*member.paid_by_month, *paid})
    reason = f"经党支部同意按季度交纳党费（{fact.months_zh}）"
    outputs = _dues_changed(state, env, fact.member_id, reason, rules)
    open_member_periods(state, unit, fact.member_id, type(fact).__name__, first, rules)
    return outputs


def _paid_months(member: Member, first_month: str, rules: Rules) -> list[str]:
    """The months from ``first_month`` the member has paid (``DuesPaid.month``), as the
    member rules signalled by dues paid note them (the months kept there: all those of a
    quarter not yet settled)."""
    signals = rules.signals(DUES_PAID)
    kept = (member.signals.get(rule_id, []) for rule_id, field in signals if field == "month")
    return sorted({month for months in kept for month in months if month >= first_month})


def _dues_changed(
    state: DutyState, env: Envelope, member_id: str, reason: str, rules: Rules
) -> list[Envelope]:
    """The months ``member_id`` owes dues for, or their rhythm, changed (``env``: 免交党费,
    按季度交纳 recorded): the months decide, not the order of recording. His dues periods
    the log already opened and still owed (open, or found overdue: 补录, as
    :func:`_member_left` waives what fell due after a late transfer) that he no longer
    owes (:func:`member_owes`) are waived for ``reason``; a quarter owed for fewer months,
    whose other months were paid, is fulfilled (:func:`credit_not_owed`); the periods not
    yet reminded (:class:`Deferred`) are noted afresh."""
    unit = state.units[env.subject]
    member = unit.members[member_id]
    state.touch_member(unit, member_id)
    _note_not_owed(state, unit, member_id, member, rules)
    outputs: list[Envelope] = []
    today = state.clock.get(unit.partition, event_day(env))
    for instance in list(unit.instances()):
        if instance.member_id != member_id or instance.status not in LIVE:
            continue
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        if not evidenced_by_dues(duty.evidence):
            continue
        if not member_owes(member, duty, instance.span()):
            outputs += waive(state, unit, [instance], env, rules, reason)
        else:
            outputs += credit_not_owed(state, unit, instance, duty, env, today)
    return outputs


def _note_not_owed(
    state: DutyState, unit: Unit, member_id: str, member: Member, rules: Rules
) -> None:
    """Note afresh whether ``member_id`` owes each dues period opened and not yet reminded
    (``Deferred.not_owed_by``): his months not owed changed."""
    noted: list[Deferred] = []
    for deferred in unit.deferred:
        duty = rules.duty(deferred.catalog_version, deferred.duty_id)
        others = [who for who in deferred.not_owed_by if who != member_id]
        if period_not_owed(member, duty, deferred.period):
            others.append(member_id)
        if tuple(sorted(others)) != deferred.not_owed_by:
            deferred = deferred.model_copy(update={"not_owed_by": tuple(sorted(others))})
        noted.append(deferred)
    if noted != unit.deferred:
        unit.deferred = noted
        state.touch_calendar(unit)


def record_needy(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """困难党员: the unit owes the visits for every period in which it had members in
    difficulty; recorded now, the running periods are owed (and the fact's own, if
    recorded late). Recording none later waives nothing: the period still had them.
    """
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, activities.NeedyMembersRecorded)
    unit.needy_members = fact.needy_members > 0
    state.touch(unit)
    if unit.needy_members:
        open_newly_owed(state, unit, fact.recorded_on, rules, _needs_needy_members)
    return []


def _needs_needy_members(duty: Duty, period: Period) -> bool:
    return duty.applies_to.only_with_needy_members


def _took_office(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """任职 mid-period: the new holder owes the running periods' duties about the office
    (their 个人职责, such as the year's training and 述职, and those owed about them, such
    as the parent's evaluation of that 述职) if they took office within the period and by
    its reminder day; a period's holders on its first day were opened by the ticks. A
    successor thus answers for the year their predecessor left (离任 waives the
    predecessor's), but not for a year the predecessor's own 述职 already answered
    (:func:`answered`), and never for a period before their appointment: one recorded in
    advance (appointed 1 January, recorded in December) owes nothing of the year it was
    recorded in, as recorded on its day it would not. A holder who left and is appointed
    again owes the period again (:func:`resume`). What they did for those periods
    before taking office, where it counts (a training), and what they did in office
    before the registry recorded the appointment (补录: a 党委委员's visits), is credited
    now (:func:`credit_early`)."""
    fact, unit = env.data, state.units[env.subject]
    assert isinstance(fact, structure.OfficeHolderAppointed)

    def about_the_office(duty: Duty, period: Period) -> bool:
        about = duty.applies_to.scope is Scope.OFFICE and fact.office in duty.applies_to.offices
        due_on, _ = deadlines(duty, period)
        in_time = appointed_in_time(duty, period, fact.appointed_on)
        # A past term (补录) owes no period falling due after it ended: its leaving would
        # waive what nobody was ever told about.
        seen_due = fact.left_on is None or due_on < fact.left_on
        answering = answered(unit, duty, period, (person, fact.office))
        return about and in_time and seen_due and answering is None

    on, person = fact.appointed_on, fact.person_id
    # A past term (补录) ended: it continues no tenure.
    outputs = _continued(state, unit, env, rules) if fact.left_on is None else []
    open_newly_owed(state, unit, on, rules, about_the_office, resumed=person)
    _owed_with(state, unit, fact, rules)
    outputs += credit_early(state, unit, person, env, rules)
    return outputs + credit_kept_for_the_office(state, unit, fact.office, env, rules)


def _owed_with(
    state: DutyState, unit: Unit, fact: structure.OfficeHolderAppointed, rules: Rules
) -> None:
    """设委员的, the appointment's side of :func:`_not_owed_without`: a duty the unit owes
    only with an office is owed for a period whose first day found the office held
    (:func:`owes`, judged by the tick that opens it). An appointment comes after the
    tick of its own day, and one recorded late (补录) after the ticks that opened the
    periods begun since its day, which found the office empty: those it held from their
    first day (a 委员 appointed on the 1st holds that month) are owed, as ticks after
    the appointment would have had them opened (without a new grace while their
    deadline has not passed); what was done for them meanwhile was kept
    (:func:`~services.duties.domain.early.kept_for_the_office`) and is credited by the
    caller. Those a leaving recorded late released for want of a holder
    (:attr:`~services.duties.domain.instances.Instance.vacant_from`) are owed again the
    same way (:func:`resume`): the leaving showed the office empty only because the
    appointment was not yet known."""
    on, ended = fact.appointed_on, fact.left_on
    today = state.clock.get(unit.partition, on)

    def held_from_its_start(duty: Duty, period: Period) -> bool:
        held = on <= period.start and (ended is None or period.start < ended)
        return duty.applies_to.only_with_office is fact.office and held

    for month in months_between(on, today):
        open_newly_owed(state, unit, month_start(month), rules, held_from_its_start)
    for instance in list(unit.instances(since_year=on.year)):
        if instance.status is not Status.WAIVED or instance.vacant_from is None:
            continue
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        if held_from_its_start(duty, instance.span()):
            resume(state, unit, instance, deadlines(duty, instance.span(), today))


_RETIRING: dict[type[Payload], Handler] = {
    activities.NeedyMembersRecorded: record_needy,
    structure.OfficeHolderAppointed: _took_office,
    structure.OrganizationDissolved: _dissolved,
    structure.OfficeHolderLeftOffice: _left_office,
    structure.OrganizationReparented: _reparented,
    members.MemberTransferredOut: _member_left,
    members.MembershipSuspended: _member_left,
    members.MembershipEnded: _member_left,
    members.MembershipRestored: _restored_then_left,
    members.DuesExemptionApproved: _exempted,
    members.QuarterlyDuesApproved: _by_quarter,
}


def waive(
    state: DutyState,
    unit: Unit,
    instances: list[Instance],
    cause: Envelope,
    rules: Rules,
    reason: str,
    *,
    caused_by: str | None = None,
    left_on: date | None = None,
) -> list[Envelope]:
    """免除: mark ``instances`` waived (:func:`set_aside`) and say why, also of one never
    reminded: owed until then, it is waived (已离任, 撤销), where a release of what was
    never owed is said only if something was (:func:`release`). ``caused_by``: the id of
    the fact that waived them, when ``cause`` is the tick that says so
    (:func:`waive_held`). ``left_on``: the day their holder left, when that is why
    (已离任: :func:`_continued` takes the waiver back by it)."""
    outputs = []
    cited = {"cause_event_id": caused_by} if caused_by else {}
    for instance in instances:
        set_aside(state, unit, instance, reason, left_on=left_on)
        duty = rules.duty(instance.catalog_version, instance.duty_id)
        outputs.append(
            duty_event(DutyWaived, state, unit, instance, duty, cause, reason=reason, **cited)
        )
    return outputs


def _terms(state: DutyState, unit: Unit, env: Envelope, rules: Rules) -> list[Envelope]:
    """任期: a fact naming a term end opens the election duty; an approved extension moves it.

    A term or an extension the rules in force do not allow is kept as recorded
    and flagged to the higher organization (:mod:`services.duties.domain.terms`).
    A term is governed by the catalog in force on the day it began
    (:func:`_term_begins`), not on the day the fact was recorded: v2's terms apply
    to new terms, a running one keeps the rules it began under, also when recorded
    late (补录). A term begun before the first version takes that version (the
    pre-2018 任期 rules it carries), in force while the term ran.
    """
    name = type(env.data).__name__
    if not rules.names_terms(name):
        return []
    catalog = rules.in_force(max(_term_begins(env), rules.first_effective))
    if catalog is None or unit.dissolved_on is not None:
        return []
    outputs: list[Envelope] = []
    for duty, cadence in rules.term_duties(catalog):
        if not applies(unit, duty):
            continue
        if any(ref.event == name for ref in cadence.term_ends):
            outputs += _new_term(state, unit, duty, cadence, env, catalog.version, rules)
        elif cadence.extended_by.event == name:
            outputs += _extended(state, unit, duty, cadence, env, catalog.version, rules)
    return outputs


def _new_term(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    cadence: TermCadence,
    env: Envelope,
    version: str,
    rules: Rules,
) -> list[Envelope]:
    """本届任期: the term from the day it began to the end the fact names, or, naming
    none, for the fact's ``term_years`` or the default years of ``version`` (the
    rules in force when it began). The term's period starts then, so an election
    held within it counts for it even if held before the unit was recorded (按期换届).
    A term the fact began, an election's or an establishment's first, is judged by the
    term rule in force on that day (:func:`flag_term_length`), also one recorded late."""
    start = _term_begins(env)
    name = type(env.data).__name__
    ends = [value_of(env.data, ref.field) for ref in cadence.term_ends if ref.event == name]
    end = next((e for e in ends if isinstance(e, date)), None)
    if end is None:
        years = value_of(env.data, "term_years")
        default = rules.version(version).settings.term_years.get(unit.kind)
        length = years if isinstance(years, int) else default
        if length is None:
            return []
        end = shifted(add_years(start, length), -1)
    unit.term_start, unit.term_ends_on, unit.term_regular_end = start, end, end
    state.touch(unit)
    instance = open_instance(state, unit, duty, version, term_period(start, end))
    if instance is None or type(env.data) not in _TERM_BEGINS:
        return []
    return flag_term_length(state, unit, instance, duty, env, (start, end), rules.in_force(start))


#: The field of a fact naming a term end that says when that term began (任期起算).
_TERM_BEGINS: dict[type[Payload], str] = {
    structure.ElectionHeld: "held_on",  # 换届选举: the new term starts at the election
    structure.OrganizationEstablished: "established_on",  # 成立: its first term
}


def _term_begins(env: Envelope) -> date:
    """The day the term ``env`` names began: the fact's own date (the election, the
    establishment), not the day it was recorded, which is later for a fact recorded
    late (补录); the day it was recorded for a fact that names no such date (an
    extension, 延期换届, moves the end of a running term)."""
    field = _TERM_BEGINS.get(type(env.data))
    day = value_of(env.data, field) if field is not None else None
    return day if isinstance(day, date) else event_day(env)


def _extended(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    cadence: TermCadence,
    env: Envelope,
    version: str,
    rules: Rules,
) -> list[Envelope]:
    """延期换届: the approved date is kept as approved; beyond the limit it is flagged.
    The election the approval delays is waived: the open one, and one found overdue since
    the approval's day if the approval was recorded late (补录). An approval given after
    the deadline passed leaves that miss."""
    until = value_of(env.data, cadence.extended_by.field)
    if not isinstance(until, date) or unit.term_ends_on is None:
        return []
    given = value_of(env.data, "approved_on")
    approved = given if isinstance(given, date) else event_day(env)
    waived = [i for i in _owed_from(unit, approved, rules) if i.duty_id == duty.id]
    outputs = waive(state, unit, waived, env, rules, f"延期换届已批准，延至{until}")
    instance = open_instance(
        state, unit, duty, version, term_period(unit.term_start or until, until)
    )
    regular_end = unit.term_regular_end or unit.term_ends_on
    unit.term_ends_on = until
    state.touch(unit)
    if instance is not None:
        outputs += flag_extension(state, unit, instance, duty, cadence, env, regular_end)
    return outputs
