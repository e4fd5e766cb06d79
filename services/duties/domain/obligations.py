"""Who owes what (责任主体): applicability of a duty to a unit and opening instances."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from contracts.catalog import ChargedTo, Duty, Evidence, Period, PeriodicCadence, Scope
from contracts.catalog.event_fields import FieldKind, field_spec
from contracts.envelope import Envelope
from contracts.events.duties import DutyWaived
from contracts.events.enums import Office
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Deferred, Instance, Status, instance_key
from services.duties.domain.periods import PERIOD_KINDS, due_by_rule, months_between, shifted
from services.duties.domain.roll import DUES_PAID, Member
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

#: (person or member id, office) of one instance; (None, None) for the organization itself.
Subject = tuple[str | None, Office | None]


def applies(unit: Unit, duty: Duty) -> bool:
    """适用对象: the unit's kind and branch category are among the duty's."""
    scope = duty.applies_to
    if unit.kind not in scope.kinds:
        return False
    return not scope.categories or unit.category in scope.categories


def owes(unit: Unit, duty: Duty, period: Period, *, evidenced: bool = False) -> bool:
    """The unit owes ``duty`` for ``period``.

    It must exist on the period's first day (established by then, not yet
    dissolved), the duty must be in effect from that day, a duty restricted
    to units with some office (``only_with_office``) needs a holder, and one
    restricted to units with members in difficulty needs the registry to say
    so (:func:`services.duties.domain.structure.record_needy`) or, when
    ``evidenced``, a visit to one of them (走访慰问困难党员) to show it: a visit
    recorded before the registry's record of the members still counts.
    """
    if not applies(unit, duty) or duty.effective_from > period.start:
        return False
    if unit.established_on > period.start:
        return False
    if unit.dissolved_on is not None and unit.dissolved_on <= period.start:
        return False
    if duty.applies_to.only_with_needy_members and not (unit.needy_members or evidenced):
        return False
    required = duty.applies_to.only_with_office
    return required is None or unit.holder(required) is not None


def member_owes(member: Member, duty: Duty, period: Period) -> bool:
    """A member meets the duty's member condition on the period's first day (按季度交纳党费)
    and owes the branch some month of the period (:func:`period_not_owed`)."""
    condition = duty.applies_to.members
    if period_not_owed(member, duty, period):
        return False
    if condition is None:
        return True
    return member.meets(condition.fact.event, condition.with_fact, period.start)


def period_not_owed(member: Member, duty: Duty, period: Period) -> bool:
    """``duty`` is evidenced by dues paid (``DuesPaid``) and the branch is owed no month of
    ``period`` by the member (``Member.months_not_owed``): each was paid to the former
    organization before the transfer in, as the letter of introduction (组织关系介绍信) says
    (党费交至月份: paid in advance, 2008 党费规定), or is exempt (免交党费: 生活确有困难…经党支部
    研究、报上一级党委批准). Such a period is not owed here (三、（四） 按时足额缴纳党费: what is
    owed, once)."""
    if not evidenced_by_dues(duty.evidence):
        return False
    not_owed = member.months_not_owed(period.start, period.end)
    return bool(not_owed) and len(not_owed) == len(months_between(period.start, period.end))


def evidenced_by_dues(evidence: tuple[Evidence, ...]) -> bool:
    """Whether ``evidence`` is dues paid for a month (``DuesPaid``), which the months of a
    letter's 党费交至月份 stand for."""
    return bool(evidence) and all(spec.event == DUES_PAID for spec in evidence)


def subjects(unit: Unit, duty: Duty) -> Iterator[Subject]:
    """The instances' subjects: the unit, or each holder of the duty's offices.

    Member duties have none here: their instances are deferred (:func:`defer_members`).
    """
    scope = duty.applies_to.scope
    if scope is Scope.MEMBER:
        raise ValueError(f"{duty.id}: member duties are deferred, not opened per subject")
    if scope is Scope.ORGANIZATION:
        yield None, None
        return
    for office in duty.applies_to.offices:
        for person in unit.holders.get(office, []):
            yield person, office


def office_of(unit: Unit, duty: Duty, person_id: str) -> Office | None:
    """The duty's office ``person_id`` holds in ``unit``, if any."""
    for office in duty.applies_to.offices:
        if person_id in unit.holders.get(office, []):
            return office
    return None


def continues(unit: Unit, duty: Duty, person_id: str, day: date) -> bool:
    """同日转任: whether ``person_id`` left an office of ``duty`` in ``unit`` on ``day``, so
    that an appointment of theirs dated that day to another of its offices continues their
    tenure (a 委员 made 副书记 is the same 党委成员 on every day), whichever of the two facts
    the log records first."""
    return any(unit.left_on(office, person_id) == day for office in duty.applies_to.offices)


def office_on(unit: Unit, duty: Duty, person_id: str, day: date) -> Office | None:
    """The duty's office ``person_id`` holds in ``unit`` and held already on ``day``
    (:meth:`Unit.held_on`), if any: a fact they did before taking it is not the office
    holder's (a visit before becoming 党委委员 is no 党委委员's visit to a 联系点). A holder
    who took it the day they left another office of the duty (同日转任: a 委员 made 副书记)
    held the duty's offices since they took the one they left."""
    for office in duty.applies_to.offices:
        if unit.held_on(office, person_id, day, duty.applies_to.offices):
            return office
    return None


def appointed_in_time(duty: Duty, period: Period, appointed_on: date | None) -> bool:
    """任职 in time to owe ``period``'s duties about the office (个人职责): by the period's
    end and its reminder day, so that the holder can be told (即将到期) before it falls
    due. ``None``: held since the unit's establishment (:attr:`Unit.took_office`), on
    every day of a period the unit owes."""
    if appointed_on is None:
        return True
    _, remind_on = deadlines(duty, period)
    return appointed_on <= min(period.end, remind_on)


def holder_owes(unit: Unit, duty: Duty, period: Period, person: str) -> bool:
    """Whether ``person`` owes ``period`` of ``duty`` about their office in ``unit``: an
    instance of theirs is there already (opened by the ticks for a holder on the period's
    first day, or by their appointment, and kept when they moved to another of the
    duty's offices), or they hold one of its offices taken in time
    (:func:`appointed_in_time`). A 委员 appointed after the year's reminder day owes
    nothing of that year, and a visit they make anyway opens none of it; nor does a
    secretary's 述职 for a year whose reminder day passed before they took the office."""
    if unit.find(instance_key(duty.id, period.id, person)) is not None:
        return True
    return holds_in_time(unit, duty, period, person)


def holds_in_time(unit: Unit, duty: Duty, period: Period, person: str) -> bool:
    """Whether ``person`` holds one of ``duty``'s offices in ``unit``, taken in time to owe
    ``period`` (:func:`appointed_in_time`)."""
    return any(
        person in unit.holders.get(office, [])
        and appointed_in_time(duty, period, unit.took_office.get(office, {}).get(person))
        for office in duty.applies_to.offices
    )


def open_instance(
    state: DutyState,
    unit: Unit,
    duty: Duty,
    version: str,
    period: Period,
    subject: Subject = (None, None),
    *,
    correlation: str | None = None,
    questions: tuple[int, ...] | None = None,
    opened_on: date | None = None,
    resumed: bool = False,
) -> Instance | None:
    """The instance of ``duty`` for ``period`` and ``subject``, opened if new; by a tick
    or a late fact on ``opened_on``, its deadline runs from then at the earliest
    (:func:`deadlines`). ``resumed``: the subject takes the office again (再次任职), so
    an instance of theirs waived when they left it is owed again (:func:`resume`).

    None when it is not in memory and its period is archived (settled: 已归档, see
    :func:`settled`).
    """
    who, office = subject
    member = who if duty.applies_to.scope is Scope.MEMBER else None
    person = who if member is None else None
    existing = unit.find(instance_key(duty.id, period.id, who))
    if existing is not None:
        if resumed and existing.status is Status.WAIVED:
            resume(state, unit, existing, deadlines(duty, period, opened_on))
        return existing
    due_on, remind_on = deadlines(duty, period, opened_on)
    if settled(unit, duty, period, due_on):
        return None
    instance = Instance(
        duty_id=duty.id,
        period=period.id,
        period_start=period.start,
        period_end=period.end,
        due_on=due_on,
        remind_on=remind_on,
        catalog_version=version,
        office=office,
        person_id=person,
        member_id=member,
        correlation=correlation,
        questions=questions,
    )
    state.put(unit, instance)
    return instance


def settled(unit: Unit, duty: Duty, period: Period, due_on: date) -> bool:
    """Whether ``period`` of ``duty``, no instance of which is in memory, is settled for
    ``unit`` (已归档): nothing opens for it, whoever owes it and however late the fact.

    Judged by the rule's own deadline (:func:`due_by_rule`) wherever an instance of the
    period may have been opened and archived since: a span (限期), however late its
    trigger, and a calendar period the ticks have opened already (a fact recorded late
    that makes its duty owed again: members in difficulty dated back into it, the same
    holder's re-election). Only the store holds such an instance: a new one would be
    stored under its key, its status (fulfilled, or overdue and said so) lost and judged
    again. The evidence awaiting a trigger is let go on the same terms
    (:meth:`services.duties.domain.state.DutyState.let_go_awaiting`). A calendar period
    the ticks open for the first time (a unit recorded late, 补录) had no instance to
    archive: it is judged by its deadline from the day it is opened (``due_on``,
    :func:`deadlines`).
    """
    cadence = duty.cadence
    first = isinstance(cadence, PeriodicCadence) and period.end > unit.opened.get(
        cadence.kind, date.min
    )
    return unit.settled(due_on if first else due_by_rule(duty, period.end))


def resume(state: DutyState, unit: Unit, instance: Instance, deadline: tuple[date, date]) -> None:
    """重新任职: an instance waived when its holder left (免除, 已离任) is owed again, open,
    once the same holder takes the office again for its period (换届 and re-elected the
    next day): they owe the year as any holder appointed by its reminder day does, and
    what it counted before they left (a training's 学时) still counts. Reminded afresh
    (its waiver closed what was said of it); a deadline passed meanwhile runs from
    ``deadline`` (:func:`deadlines`, for a re-appointment recorded late). So is an
    instance said fulfilled whose facts a 联系点 recorded late takes back (履行不再成立:
    :func:`services.duties.domain.evidence.credit`)."""
    unit.release(instance)  # its deadline's year may move
    instance.reminded = False
    instance.due_on = max(instance.due_on, deadline[0])
    instance.remind_on = max(instance.remind_on, deadline[1])
    carry_on(state, unit, instance)


def carry_on(state: DutyState, unit: Unit, instance: Instance) -> None:
    """An instance waived when its holder left (已离任) owed again as it stood: its
    deadline, and the reminder already given (not repeated), are those of the tenure the
    holder never left (:func:`continues`), and so is what it counted (a visit)."""
    instance.status, instance.reason = Status.OPEN, None
    instance.report_given_by = instance.left_on = instance.vacant_from = None
    state.put(unit, instance)


def set_aside(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    reason: str,
    *,
    report_given_by: str | None = None,
    left_on: date | None = None,
    vacant_from: date | None = None,
) -> None:
    """免除 ``instance`` for ``reason`` (免除的理由, said to people), owed again only by
    :func:`carry_on`. What the fold finds the waiver by again is named apart, never read
    from ``reason``'s words: ``report_given_by``, the predecessor whose report of the
    period the evaluation is of instead (:func:`evaluated_instead`); ``left_on``, the day
    its holder left (已离任), which an appointment that day continues (同日转任);
    ``vacant_from``, the day the office a duty needs fell vacant (设委员的), which a
    late appointment to it may show held after all. Every other waiver names none.
    Whether it is said (``DutyWaived``) is the caller's rule."""
    instance.status, instance.reason = Status.WAIVED, reason
    instance.report_given_by, instance.left_on = report_given_by, left_on
    instance.vacant_from = vacant_from
    state.put(unit, instance)


def release(
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Duty,
    cause: Envelope,
    reason: str,
    report_given_by: str | None = None,
    vacant_from: date | None = None,
) -> list[Envelope]:
    """免除 ``instance`` for ``reason`` (:func:`set_aside`): silently while nothing was said
    of it (not yet reminded), as it was never owed, else with ``DutyWaived``, which closes
    what was said. Unlike a waiver of what was owed until then (已离任, 撤销:
    :func:`services.duties.domain.structure.waive`, always said)."""
    said = instance.reminded or instance.status is Status.OVERDUE
    set_aside(
        state, unit, instance, reason, report_given_by=report_given_by, vacant_from=vacant_from
    )
    if not said:
        return []
    return [duty_event(DutyWaived, state, unit, instance, duty, cause, reason=reason)]


def answers_its_period(spec: Evidence) -> bool:
    """One fact of ``spec`` naming the period it is for (``dated_by`` a year or a month,
    not a day on which something was done) answers that period for the office: the
    year's 述职 (``WorkReportSubmitted`` ``year``: 每年向学校党委书面述职, 三、（八）) or its
    evaluation. It is the office's account of its year, given once, by whoever held the
    office then: a successor appointed late in the year owes it only in place of a
    predecessor who left without giving it (never for a year the predecessor reported);
    one appointed after the year's reminder day did not hold the office in it, and their
    report for it answers nothing (:func:`holder_owes`). A fact done on a day (a
    training, a visit, a lecture) is its doer's own: it answers for no one else."""
    if spec.min_count != 1 or spec.min_total is not None:
        return False
    return not done_on_a_day(spec)


def evaluates_the_account(duty: Duty) -> bool:
    """Whether ``duty`` is the parent's evaluation of an office holder's account of the
    period (述职评议: 开展下级党组织书记述职评议考核工作, 问题清单第31题): owed about the holder,
    charged to the parent, which performs it, and answered once for the period
    (:func:`answers_its_period`). It is of the account given (述职并接受评议: the one who
    reported is evaluated), and follows it
    (:func:`services.duties.domain.work_reports._evaluated_instead`)."""
    about_a_holder = duty.applies_to.scope is Scope.OFFICE and duty.charged_to is ChargedTo.PARENT
    return about_a_holder and all(answers_its_period(spec) for spec in duty.evidence)


def evaluated_instead(reporter: str) -> str:
    """Why the evaluation owed about a successor is released (免除) once ``reporter``, who
    held the office before him, gave the year's report in his place: the evaluation is
    of ``reporter``'s report (:func:`evaluates_the_account`). Said to people only: the
    release names ``reporter`` apart (:attr:`Instance.report_given_by`), so its words may
    change."""
    return f"本期述职已由{reporter}作出"


def of_the_report_given(unit: Unit, instance: Instance) -> bool:
    """Whether the evaluation ``instance`` (:func:`evaluates_the_account`) is of the report
    its holder gave in a successor's place, the successor's evaluation released for it
    (:func:`evaluated_instead`): it is owed about that report, whether or not the holder
    still holds the office, and their leaving, recorded late (补录), waives it no more
    than one recorded before the report did."""
    reporter = instance.person_id
    others = _same_period(unit, instance)
    return reporter is not None and any(other.report_given_by == reporter for other in others)


def owed_instead(unit: Unit, released: Instance) -> Instance | None:
    """The evaluation owed in place of ``released`` (:func:`evaluated_instead`), about the
    holder whose report released its holder (:attr:`Instance.report_given_by`), if any.
    The parent's evaluation recorded about the released holder, who gave no report (the
    secretary in office named), is its evaluation of the office's year, of the one report
    given: it counts for the evaluation owed, and the parent is never found overdue for
    one it made."""
    reporter = released.report_given_by
    for given in _same_period(unit, released):
        if reporter is not None and given.person_id == reporter:
            return given
    return None


def _same_period(unit: Unit, instance: Instance) -> Iterator[Instance]:
    """The unit's instances of ``instance``'s duty and period, whoever they are about."""
    for other in unit.instances(since_year=instance.period_end.year):
        if (other.duty_id, other.period) == (instance.duty_id, instance.period):
            yield other


def done_on_a_day(spec: Evidence) -> bool:
    """Whether a fact of ``spec`` is dated by the day it was done (``held_on``, a visit's,
    a training's), not by the year or month it is for (a 述职's ``year``)."""
    return field_spec(spec.event, spec.dated_by).kind is FieldKind.DATE


def answered(unit: Unit, duty: Duty, period: Period, appointee: Subject) -> Instance | None:
    """An instance of ``duty`` for ``period`` already fulfilled by a fact that answers the
    period for the office (:func:`answers_its_period`: a predecessor's 述职 of the year),
    if any: no successor owes that period. Only a holder who took the office before
    ``appointee`` is their predecessor (:func:`took_office_before`): an earlier holder
    recorded late (补录) owes their own account, whatever a later one gave."""
    if not all(answers_its_period(spec) for spec in duty.evidence):
        return None
    done = (Status.FULFILLED, Status.FULFILLED_LATE)
    for instance in unit.instances(since_year=period.end.year):
        same = instance.duty_id == duty.id and instance.period == period.id
        given = same and instance.status in done and instance.person_id is not None
        if given and took_office_before(unit, (instance.person_id, instance.office), appointee):
            return instance
    return None


def took_office_before(unit: Unit, first: Subject, then: Subject) -> bool:
    """Whether the holder ``first`` took their office in ``unit`` before ``then`` took
    theirs (:attr:`Unit.took_office`, kept for a holder who left; one not listed held it
    since the unit's establishment). The office's account of its period (the year's 述职)
    is the earlier holder's: a later one owes it only in their place (任职 by the reminder
    day, the predecessor gone without giving it), and never answers for them, also while
    the log registers both at once (a leaving recorded late, 补录)."""
    return _took_on(unit, first) < _took_on(unit, then)


def _took_on(unit: Unit, subject: Subject) -> date:
    person, office = subject
    took = unit.took_office.get(office, {}).get(person) if person and office else None
    return took or date.min


def open_newly_owed(
    state: DutyState,
    unit: Unit,
    on: date,
    rules: Rules,
    selected: Callable[[Duty, Period], bool],
    *,
    resumed: str | None = None,
) -> None:
    """Open the ``selected`` duties' instances of the periods containing ``on`` (the day
    of a fact that makes a duty apply mid-period: members in difficulty recorded in March
    owe that year's visit) and today (the fact may be recorded late), which the ticks have
    already opened without them. A period whose deadline passed before today gets its
    grace again from today (:func:`deadlines`): nothing could show it before the fact;
    one archived since opens nothing (:func:`settled`).
    ``resumed``: the holder appointed again, whose instances waived on leaving are owed
    again (:func:`resume`).

    Periods the ticks have yet to open are left to them; periods before the log began
    are not judged (see :func:`services.duties.domain.ticks.open_periods`).
    """
    began = state.began.get(unit.partition)
    today = state.clock.get(unit.partition, on)
    for day in sorted({on, today}):
        for kind in PERIOD_KINDS:
            period, catalog = rules.period_of(kind, day)
            opened = unit.opened.get(kind)
            if began is None or opened is None or period.start < began or period.end > opened:
                continue
            for duty in rules.periodic(catalog, kind) if catalog else ():
                if duty.applies_to.scope is Scope.MEMBER or not selected(duty, period):
                    continue
                if owes(unit, duty, period):
                    assert catalog is not None
                    for subject in _owing(unit, duty, period):
                        again = resumed is not None and subject[0] == resumed
                        open_instance(
                            state,
                            unit,
                            duty,
                            catalog.version,
                            period,
                            subject,
                            opened_on=today,
                            resumed=again,
                        )


def _owing(unit: Unit, duty: Duty, period: Period) -> Iterator[Subject]:
    """The subjects owing ``period`` of ``duty`` as the unit stands: the unit itself, or
    each holder of the duty's offices who took one in time (:func:`holds_in_time`). A
    委员 appointed after the year's reminder day owes nothing of it, also when another's
    earlier appointment, recorded after theirs (补录), opens the year for the office."""
    for subject in subjects(unit, duty):
        person = subject[0]
        if person is None or holds_in_time(unit, duty, period, person):
            yield subject


def deadlines(duty: Duty, period: Period, opened_on: date | None = None) -> tuple[date, date]:
    """截止日期 (period end plus grace) and the reminder day before it.

    A period that ended before the log judged it (``opened_on``: a unit established
    before it was recorded, 补录, which could record nothing until then, a fact that
    makes a duty owed recorded late, or a trigger recorded after its span) gets from
    that day its grace, and at least its reminder lead, instead: judging it at once
    would find overdue what no one could show, and the unit is reminded (即将到期) before
    it is judged, which a grace of 0 days (限期事项) would not allow. Whether it was done
    in time is still judged by the rule's own deadline (:func:`due_by_rule`).
    """
    if opened_on is None or opened_on <= period.end:
        due_on = due_by_rule(duty, period.end)
    else:
        due_on = shifted(opened_on, max(duty.grace_days, duty.reminder_lead_days))
    return due_on, shifted(due_on, -duty.reminder_lead_days)


def defer_members(
    state: DutyState, unit: Unit, duty: Duty, version: str, period: Period, today: date
) -> None:
    """Open a member duty's period for ``unit`` on ``today``'s tick, its instances deferred.

    Nothing is noted when no member owes it (see :class:`Deferred`); the members who owe
    no month of it (:func:`period_not_owed`: paid to their former organization, or exempt)
    are noted as not owing it.
    """
    due_on, remind_on = deadlines(duty, period)
    condition = duty.applies_to.members
    deferred = Deferred(
        duty_id=duty.id,
        period=period,
        due_on=due_on,
        remind_on=remind_on,
        catalog_version=version,
        opened_on=today,
        member_fact=condition.fact.event if condition else None,
        with_fact=condition.with_fact if condition else False,
        not_owed_by=tuple(
            sorted(who for who, m in unit.members.items() if period_not_owed(m, duty, period))
        ),
    )
    if any(deferred.owed_by(who, member) for who, member in unit.members.items()):
        state.defer(unit, deferred)


def open_member_periods(
    state: DutyState, unit: Unit, member_id: str, fact: str, since: date, rules: Rules
) -> None:
    """Open ``member_id``'s instances of the member duties owed by members with the
    registry fact ``fact`` (``with_fact``: 按季度交纳党费 once the branch agreed), for the
    periods from ``since`` (the day the fact counts from) that the ticks have already
    opened: recorded late (补录), or agreed for months already past, it came after the tick
    that found who owes them. A period whose deadline passed before today gets its grace
    from today (:func:`deadlines`: nothing could show it owed before the record); one
    archived since opens nothing (:func:`settled`); one the member owes no month of
    (:func:`member_owes`) is not his. Periods before the log began are not judged, those
    the ticks have yet to open are left to them (:func:`defer_members`)."""
    member, began = unit.members[member_id], state.began.get(unit.partition)
    today = state.clock.get(unit.partition, since)
    for kind in PERIOD_KINDS:
        opened, day = unit.opened.get(kind), since
        while began is not None and opened is not None and day <= opened:
            period, catalog = rules.period_of(kind, day)
            day = shifted(period.end, 1)
            if catalog is None or period.start < max(began, member.since):
                continue
            for duty in rules.periodic(catalog, kind):
                condition = duty.applies_to.members
                if condition is None or not condition.with_fact or condition.fact.event != fact:
                    continue
                if owes(unit, duty, period) and member_owes(member, duty, period):
                    subject = (member_id, None)
                    open_instance(
                        state, unit, duty, catalog.version, period, subject, opened_on=today
                    )
