"""Member rules (党员情况提示): months without a signal, e.g. dues (党章第九条).

A member rule names the facts that count as a member's signal for a month
(``DuesPaid.month``, ``OrganizationalLifeAttended.attended_on``). When the
log's clock completes a month, a member whose last ``consecutive_months``
months have no signal is flagged once for that run of months, with the rule's
``situation``. The system flags; it never decides removal.

Only months the unit's record can show count (:func:`_counted_from`): a month
it cannot show is unknown, not silent, and no run reaches back past it. Those
are the months before the member joined, before the log began (as for the
periods, :func:`services.duties.domain.ticks.open_periods`), and for a rule
``judged_once_recorded`` (the branch's own record: attendance) before the first month
the unit's record shows such a signal (:func:`_record_kept_from`: an old attendance
recorded late, 补录, does not move it back) and while the member was away (外出流动党员
take part in Party life where they are, which the branch's attendance cannot show; dues
are still paid to the branch, so that rule runs on). For such a rule, a run of months
the member did not attend is flagged only if the branch held 组织生活 in one of them
(:func:`_held_in`): a member cannot fail to take part in organizational life that was not
held (党章第九条 没有正当理由: that is his 正当理由, and the branch's own failure, its 三会一课
duties, owed by the unit); the months it held none still count in a run, so that a branch
meeting once a quarter (支部党员大会 每季度) flags a member who missed its meetings. Such a run
is flagged once, in its first month whose six make such a run (:func:`_flagged_in`): a branch
that held nothing for six months and then meets again flags the member who stays away. For a rule
signalled by dues, the months the branch is not owed (``Member.not_owed``) are not silent: paid
to the former organization before a transfer in (党费交至月份), or exempt by an approved
exemption (免交党费, a 正当理由). An exemption, a payment or an attendance of a month
already judged, or an absence or a return (外出, 返回), recorded late (补录), has the runs
judged again (:func:`flag_runs_again`): the day decides, not the order of recording. A
payment, an attendance or an absence (外出) of a month older than those judged again is
handed to accountability, which withdraws the flag it shows false (:func:`_before_rejudged`).

A month is without dues once the period its dues are payable in has ended without them
(2008 党费规定: 按月交纳, its month; 经党支部同意可按季度交纳, its quarter): a quarterly
payer's months are judged together when their quarter ends (:func:`_falling_due`), a
monthly payer's each at its month's end, neither with the dues duty's grace.

Member facts (``record_fact``) are the registry facts a member duty's
condition names, e.g. the branch's consent to quarterly dues, and those the
member rules read (:data:`RULES_READ`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from contracts.catalog import Duty, MemberRule, Period
from contracts.envelope import Envelope
from contracts.events import FORWARDED_WHEN_LATE, members
from contracts.events.duties import MemberSituationFlagged
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance
from services.duties.domain.matching import as_day, value_of
from services.duties.domain.periods import (
    ONE_DAY,
    month_of,
    month_start,
    months_between,
    next_month,
    previous_month,
    shifted,
)
from services.duties.domain.roll import DUES_PAID, Member
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

KEPT_MONTHS = 24
WENT_AWAY, RETURNED = members.MemberWentAway.__name__, members.MemberReturned.__name__
#: Facts about a member the member rules read (by event type, its dating field), kept
#: in ``Member.facts``: the member away and back (外出, 返回).
RULES_READ = {WENT_AWAY: "since", RETURNED: "returned_on"}


def record_signal(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Note the month a member rule's signal (e.g. dues paid) is for. A month the rules
    have already evaluated (补录) is judged again (:func:`_signal_judged_again`), or if
    older than the months judged again, handed on (:func:`_before_rejudged`)."""
    signals = rules.signals(type(env.data).__name__)
    unit = state.units.get(env.subject)
    if not signals or unit is None:
        return []
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    if member is None:
        return []
    judged = Judged()
    # Every catalog version restating a rule names its pair again; noting a month twice
    # changes nothing, so each pair is looked at once.
    for rule_id, field in dict.fromkeys(signals):
        day = as_day(value_of(env.data, field))
        months = member.signals.get(rule_id, [])
        if day is None or month_of(day) in months:
            continue  # no month, or one noted already: nothing changes
        month = month_of(day)
        own = _on_own_record(rules, rule_id, month)
        if unit.rules_month is None or month > unit.rules_month:
            _note(state, unit, member_id, rule_id, month, own)  # not judged yet: the usual case
            continue
        before = member.model_copy(update={"signals": {**member.signals, rule_id: [*months]}})
        _note(state, unit, member_id, rule_id, month, own)
        again = _signal_judged_again(state, unit, member_id, before, env, rules, rule_id, month)
        if _before_rejudged(state, unit, month):
            again += Judged(cleared=True)  # whether a flag named it, accountability tells
        if _done_after_judged(env, member, month, rules):
            again = Judged(cleared=again.cleared)  # 补交: told, flagging no run anew
        judged += again
    return judged.outputs(env)


def _done_after_judged(env: Envelope, member: Member, month: str, rules: Rules) -> bool:
    """Whether the signal ``env`` for ``month`` was done (paid: ``paid_on``) only after the
    rules judged the month (the first day after the period its dues were payable in: its
    month, or a quarterly payer's quarter). Such a payment (补交) is the member's answer
    to months that were without dues when judged: a flag they made stands (accountability
    keeps it, noting the payment), and the runs judged again flag nothing, which would
    cut the flagged run in two and flag its rest a second time. Attendance is done in its
    month."""
    if not isinstance(env.data, members.DuesPaid):
        return False
    return env.data.paid_on >= _judged_on(member, month, rules)


def _on_own_record(rules: Rules, rule_id: str, month: str) -> bool:
    """Whether ``rule_id``, as in force in ``month``, is judged on the branch's own record
    (``judged_once_recorded``: attendance)."""
    catalog = rules.in_force(month_start(month))
    rules_then = rules.member_rules(catalog) if catalog else ()
    return any(rule.id == rule_id and rule.judged_once_recorded for rule in rules_then)


def _note(
    state: DutyState, unit: Unit, member_id: str, rule_id: str, month: str, own: bool
) -> None:
    """Note ``month`` signalled for ``rule_id`` (its last :data:`KEPT_MONTHS` kept), and for
    a rule judged on the branch's ``own`` record, that the unit held 组织生活 then."""
    months = unit.members[member_id].signals.setdefault(rule_id, [])
    months.append(month)
    months.sort()
    unit.note_signal(rule_id, month, member_id)
    began, shown = unit.signals_began.get(rule_id), _record_kept_from(unit, month)
    if own:
        _note_held(state, unit, rule_id, month, began)
    if began is None or shown < began:
        unit.signals_began[rule_id] = shown
        state.touch(unit)
    for dropped in months[:-KEPT_MONTHS]:
        unit.forget_signal(rule_id, dropped, member_id)
    del months[:-KEPT_MONTHS]
    state.touch_member(unit, member_id)


def _note_held(state: DutyState, unit: Unit, rule_id: str, month: str, began: str | None) -> None:
    """Note that the unit held 组织生活 in ``month``: its record shows a member's signal of
    ``rule_id`` then (``Unit.held_months``, the last :data:`KEPT_MONTHS`). A unit whose record
    of the rule ``began`` with no months noted is one a document of older code stored: its
    months from the start to the later of ``month`` and the one the rules judge next are
    unknown, so counted as held (judged as before); the months after are known."""
    held = unit.held_months.get(rule_id)
    if held is None:
        last = month if unit.rules_month is None else max(month, next_month(unit.rules_month))
        known = [] if began is None else months_between(month_start(began), month_start(last))
        held = unit.held_months[rule_id] = known[-KEPT_MONTHS:]
        state.touch(unit)
    if month not in held:
        insort(held, month)
        del held[:-KEPT_MONTHS]
        state.touch(unit)


def _held_in(unit: Unit, rule: MemberRule, month: str) -> bool:
    """Whether the unit held 组织生活 in a month of ``rule``'s run ending with ``month``
    (``consecutive_months`` long, every month of it silent for the member judged): its
    record shows a signal of any member then (``Unit.held_months``). A member cannot fail to
    take part in organizational life that was not held (党章第九条 没有正当理由; the branch's
    own failure, 三会一课): a run of months the branch held none in is not flagged. True for
    a rule not judged on the branch's own record, and for months a document stored by older
    code left unknown (judged as before)."""
    held = unit.held_months.get(rule.id) if rule.judged_once_recorded else None
    if held is None:
        return True
    at = bisect_left(held, _run_from(rule, month))
    return at < len(held) and held[at] <= month


def _flagged_in(
    unit: Unit, member: Member, rule: MemberRule, month: str, floor: date, count: int
) -> bool:
    """Whether ``member``'s run of silent months is flagged in ``month``, ``count`` the
    silent months up to it (:func:`_silent_months`, at most the rule's length + 1): the first
    month of the run whose last ``consecutive_months`` are silent and contain one the unit
    held 组织生活 in (:func:`_held_in`). A run is flagged once (党章第九条 连续六个月: one run,
    one flag), but not only in its sixth month: if the branch held nothing in its first six,
    it is flagged at the first meeting he misses after. The run made such months before
    ``month`` if longer than the rule's length and the unit held 组织生活 in one of its months
    before ``month``: the last such month the unit held one in is silent back to then."""
    length = rule.consecutive_months
    if count < length or not _held_in(unit, rule, month):
        return False
    held = unit.held_months.get(rule.id) if rule.judged_once_recorded else None
    if count == length:
        return True
    if held is None:
        return False  # months a document of older code left unknown: judged as held
    at = bisect_left(held, month)
    if at == 0:
        return True
    span = len(months_between(month_start(held[at - 1]), month_start(month)))
    return _silent_months(member, rule, month, floor, span - 1) < span


def _run_from(rule: MemberRule, month: str) -> str:
    """The first month of ``rule``'s run of ``consecutive_months`` ending with ``month``."""
    for _ in range(rule.consecutive_months - 1):
        month = previous_month(month)
    return month


def _record_kept_from(unit: Unit, month: str) -> str:
    """The month from which a signal for ``month`` recorded now shows the unit kept its
    record (``Unit.signals_began``): the month itself, but no earlier than the last month
    the rules judged. A meeting at a month's end is entered in the days after the tick
    that judged it; one entered later still (补录 from old papers) shows the member
    attended, not that the branch kept a record of all its members then: the rules judged
    those months as the branch's without one, and they stay so (党章第九条 judged on the
    branch's own record), the signal counting for its own member's month alone."""
    return month if unit.rules_month is None else max(month, unit.rules_month)


def record_fact(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Note a registry fact a member duty's condition names (e.g. quarterly dues agreed)
    or a member rule reads (:data:`RULES_READ`). One of the latter for a month the rules
    have already evaluated (外出, 返回 补录) has the attendance runs judged again; a 外出
    from a month older than those is handed to accountability as such a payment is
    (:func:`_before_rejudged`). One recorded with a day before the one kept (an earlier
    trip) is not kept: the later still says whether he is away now, and the months before
    a return are not counted (:func:`_counted_from`); a 外出 of a month judged is handed
    on all the same. One of the former counts from the earliest day recorded:
    restated from a later day (a second consent to pay by quarter, from a later quarter),
    the earlier record still governs its own span, and nothing ends it."""
    name = type(env.data).__name__
    field = rules.member_fact_field(name) or RULES_READ.get(name)
    unit = state.units.get(env.subject)
    if field is None or unit is None:
        return []
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    day = as_day(value_of(env.data, field))
    if member is None or day is None:
        return []
    kept = member.facts.get(name)
    if name not in RULES_READ and kept is not None and kept <= day:
        return []  # restated: it counts from the earlier day
    if name in RULES_READ and kept is not None and day < kept:
        seen = unit.rules_month is not None and month_of(day) <= unit.rules_month
        return Judged(cleared=seen and name == WENT_AWAY).outputs(env)
    before = member.model_copy(update={"facts": dict(member.facts)})
    member.facts[name] = day
    state.touch_member(unit, member_id)
    if name not in RULES_READ or unit.rules_month is None or month_of(day) > unit.rules_month:
        return []
    judged = flag_runs_again(state, unit, member_id, before, env, rules, _read_on_return)
    if name == WENT_AWAY and _before_rejudged(state, unit, month_of(day)):
        judged += Judged(cleared=True)  # whether a flag named his months away, accountability tells
    return judged.outputs(env)


def _read_on_return(rule: MemberRule) -> bool:
    """Whether ``rule`` reads the member's being away (外出) and back (返回): those the
    branch's own record shows (``judged_once_recorded``: attendance)."""
    return rule.judged_once_recorded


def _signal_judged_again(
    state: DutyState,
    unit: Unit,
    member_id: str,
    before: Member,
    cause: Envelope,
    rules: Rules,
    rule_id: str,
    month: str,
) -> Judged:
    """A signal for ``month`` recorded after the rules evaluated it (补录: a payment or an
    attendance of a month judged silent): the months of ``rule_id`` are judged again
    (:func:`flag_runs_again`), when the run ``month`` was in, as ``before`` saw it,
    reached the rule's length. Only then can a flag have named the month, or the months
    after it make a run of their own that reaches it; most signals recorded after their
    month (dues paid the next month) were in no such run and are judged no further."""
    log_began = state.began.get(unit.partition)
    while unit.rules_month is not None and log_began is not None and month <= unit.rules_month:
        catalog = rules.in_force(month_start(month))
        rule = next((r for r in catalog.member_rules if r.id == rule_id), None) if catalog else None
        floor = None if rule is None else _judged_from(unit, rule, month, log_began)
        if rule is None or floor is None:
            return Judged()
        count = _silent_months(before, rule, month, floor)
        if count == 0:
            return Judged()
        if count >= rule.consecutive_months:
            return flag_runs_again(
                state, unit, member_id, before, cause, rules, lambda r: r.id == rule_id
            )
        month = next_month(month)
    return Judged()


def flag_members(
    state: DutyState, unit: Unit, today: date, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """Evaluate the member rules for each month completed since the last evaluation."""
    completed = previous_month(month_of(today))
    if unit.rules_month is None:
        unit.rules_evaluated(completed)
        state.touch_calendar(unit)
    outputs: list[Envelope] = []
    month = unit.rules_month or completed
    log_began = state.began[unit.partition]
    while month < completed:
        month = next_month(month)
        catalog = rules.in_force(month_start(month))
        for rule in catalog.member_rules if catalog else ():
            assert catalog is not None
            for member_id, reached in _silent_for(unit, rule, month, log_began, rules):
                flag = _flag(state, unit, member_id, rule, catalog.version, reached, cause)
                outputs.append(flag)
        unit.rules_evaluated(month)
        state.touch_calendar(unit)
    return outputs


def flag_runs_again(
    state: DutyState,
    unit: Unit,
    member_id: str,
    before: Member,
    cause: Envelope,
    rules: Rules,
    judged_again: Callable[[MemberRule], bool],
) -> Judged:
    """党章第九条 judged again by the rules ``judged_again`` names, for the months they have
    already evaluated, once a fact recorded late (补录) changed what ``member_id``'s months
    show: the months he owes no dues (免交党费 or its end), a month paid or attended, his
    being away or back (外出, 返回). A run of silent months that reached the rule's length
    with no flag standing for it is flagged now, caused by ``cause``, as the tick of the
    month after its last would have flagged it had the fact been recorded on time (the
    day decides). ``before`` is the member as the rules saw him until now.

    A run stands flagged when the earlier view flagged a month of it (:func:`_flagged_in`:
    the first whose last ``consecutive_months`` were silent and held 组织生活 in) whose
    months are all still silent; a flag whose months include one no longer silent is
    accountability's to withdraw (:mod:`services.accountability.domain.flags`):
    ``Judged.cleared`` says there is such a flag. Only the last :data:`REJUDGED_MONTHS`
    evaluated are looked at, whose counts read kept signals alone (a signal for an earlier
    month is forwarded all the same: :func:`_before_rejudged`); of those, for a rule
    signalled by dues paid, only the months judged already (a quarterly payer's quarter is
    judged when it ends: :func:`_judged_by`)."""
    member, log_began = unit.members[member_id], state.began.get(unit.partition)
    evaluated = unit.rules_month
    if evaluated is None or log_began is None:
        return Judged()
    judged: dict[str, list[_Judged]] = {}
    for month in reversed(_rejudged(evaluated, log_began)):
        catalog = rules.in_force(month_start(month))
        for rule in catalog.member_rules if catalog else ():
            floor = _judged_from(unit, rule, month, log_began)
            if floor is None or not judged_again(rule):
                continue
            if rule.signalled_by(DUES_PAID) and not _judged_by(member, month, evaluated, rules):
                continue
            assert catalog is not None
            was, now = (_silent_months(m, rule, month, floor) for m in (before, member))
            flagged_was = _flagged_in(unit, before, rule, month, floor, was)
            flagged_now = _flagged_in(unit, member, rule, month, floor, now)
            reached = now >= rule.consecutive_months and _held_in(unit, rule, month)
            judged.setdefault(rule.id, []).append(
                _Judged(month, rule, catalog.version, flagged_was, flagged_now, reached)
            )
    flags: list[Envelope] = []
    for months in judged.values():
        for run in _runs(months):
            if any(j.flagged_was for j in run):
                continue  # flagged before, and its months are all still silent: it stands
            j = run[0]
            if j.flagged_now:  # else the run was flagged before the months judged again
                flags.append(_flag(state, unit, member_id, j.rule, j.version, j.month, cause))
    cleared = any(j.flagged_was and not j.reached for js in judged.values() for j in js)
    return Judged(tuple(flags), cleared)


@dataclass(frozen=True)
class Judged:
    """What judging a member's months again found: the runs to flag now, and whether a
    run flagged before no longer stands (a month of it is no longer silent) or may (the
    month is before those judged again: :func:`_before_rejudged`)."""

    flags: tuple[Envelope, ...] = ()
    cleared: bool = False

    def __add__(self, other: Judged) -> Judged:
        return Judged((*self.flags, *other.flags), self.cleared or other.cleared)

    def outputs(self, cause: Envelope) -> list[Envelope]:
        """The flags, after ``cause`` itself if it shows a flag no longer stands and is one
        of the facts forwarded so (:data:`contracts.events.FORWARDED_WHEN_LATE`): for
        accountability to withdraw it."""
        shown = self.cleared and isinstance(cause.data, FORWARDED_WHEN_LATE)
        return [cause, *self.flags] if shown else list(self.flags)


#: Months :func:`flag_runs_again` looks back: a count reads up to seven months before its
#: own, all of them among the :data:`KEPT_MONTHS` kept.
REJUDGED_MONTHS = KEPT_MONTHS - 7


def _rejudged(evaluated: str, log_began: date) -> list[str]:
    """The months :func:`flag_runs_again` judges again once ``evaluated`` was, newest
    first: the last :data:`REJUDGED_MONTHS`, none before the log's first."""
    window = [evaluated]
    while len(window) < REJUDGED_MONTHS and window[-1] > month_of(log_began):
        window.append(previous_month(window[-1]))
    return window


def _before_rejudged(state: DutyState, unit: Unit, month: str) -> bool:
    """Whether ``month``, one of the log's, is before the months :func:`flag_runs_again`
    judges again: whether a flag raised then named it, the signals kept can no longer
    tell (its count may read months no longer kept: :data:`KEPT_MONTHS`). A payment, an
    attendance or an absence (外出) from such a month, recorded so late (补录), is forwarded
    all the same (``Judged.cleared``): accountability, which keeps the flags, withdraws the one it
    shows false, made before the flag was raised, whatever the age of its months (党章第九条:
    a false 自行脱党 flag must not stand because its months are old). The run such a month
    leaves is flagged anew only where its sixth month is among those judged again: a flag
    is the branch's prompt to act now, not a judgement on months long past."""
    log_began = state.began.get(unit.partition)
    if unit.rules_month is None or log_began is None:
        return False
    return month_of(log_began) <= month < _rejudged(unit.rules_month, log_began)[-1]


class _Judged(NamedTuple):
    """One month judged for a member rule: whether a run was flagged in it before and would
    be now (:func:`_flagged_in`), and whether, now, its last ``consecutive_months`` are
    silent and contain one the branch held 组织生活 in (:func:`_held_in`): a run flagged,
    in it or before."""

    month: str
    rule: MemberRule
    version: str
    flagged_was: bool
    flagged_now: bool
    reached: bool


def _runs(months: list[_Judged]) -> list[list[_Judged]]:
    """The runs of consecutive months that, now, make a run flagged (``_Judged.reached``),
    in order: a run of silent months may make two, if the branch held nothing for six of
    them between."""
    runs: list[list[_Judged]] = []
    previous: str | None = None
    for judged in months:
        if not judged.reached:
            previous = None
            continue
        if previous is None or next_month(previous) != judged.month:
            runs.append([])
        runs[-1].append(judged)
        previous = judged.month
    return runs


def _silent_for(
    unit: Unit, rule: MemberRule, month: str, log_began: date, rules: Rules
) -> list[tuple[str, str]]:
    """The unit's members whose run of silent months reaches the rule's length in a month
    judged at ``month``'s end (:func:`_falling_due`), each with that month, by member id.

    Most members have the month's signal, and the month-first tick evaluates
    every member of the university: those the index (``Unit.signalled``) names
    for every month that may fall due with ``month`` are passed over without being
    looked at.
    """
    signalled = set.intersection(
        *(unit.signalled.get(m, {}).get(rule.id, set()) for m in _may_fall_due(rule, month, rules))
    )
    if len(signalled) == len(unit.members):
        return []  # the index names members only: it names them all
    floor = _judged_from(unit, rule, month, log_began)
    if floor is None:
        return []  # the unit records no such signal yet: its silence says nothing
    reached: list[tuple[str, str]] = []
    for member_id in sorted(unit.members.keys() - signalled):
        member = unit.members[member_id]
        for judged in _falling_due(member, rule, month, rules):
            count = _silent_months(member, rule, judged, floor)
            if _flagged_in(unit, member, rule, judged, floor, count):
                reached.append((member_id, judged))
                break  # a run reaches its length in one month
    return reached


def _falling_due(member: Member, rule: MemberRule, month: str, rules: Rules) -> list[str]:
    """The months of ``member`` the rule judges at ``month``'s end, in order: the month; for
    a rule signalled by dues paid, the months whose dues were payable in a period ending
    with it (:func:`_payable_in`): a quarterly payer's quarter at its last month, none
    before (党章第九条 连续六个月不交纳党费: a month whose dues may still be paid in its
    quarter is not yet a month without them), less those a state stored by older code
    judged as months already (``Member.judged_by_month``)."""
    if not rule.signalled_by(DUES_PAID):
        return [month]
    period = _payable_in(member, month, rules)
    if month_of(period.end) != month:
        return []
    return [m for m in months_between(period.start, period.end) if m not in member.judged_by_month]


def _may_fall_due(rule: MemberRule, month: str, rules: Rules) -> list[str]:
    """The months any member's :func:`_falling_due` may name at ``month``'s end: the month,
    and for a rule signalled by dues paid those of each dues period ending with it."""
    catalog = rules.in_force(month_start(month))
    if not rule.signalled_by(DUES_PAID) or catalog is None:
        return [month]
    months = {month}
    for _, kind in rules.member_dues(catalog):
        period, _ = rules.period_of(kind, month_start(month))
        if month_of(period.end) == month:
            months.update(months_between(period.start, period.end))
    return sorted(months)


def _judged_by(member: Member, month: str, evaluated: str, rules: Rules) -> bool:
    """Whether 党章第九条 (months without dues) has judged ``month`` of ``member`` once
    ``evaluated`` was: if the period its dues were payable in had ended by then, or a
    state stored by older code judged it as a month (``Member.judged_by_month``)."""
    if month in member.judged_by_month:
        return True
    return _judged_on(member, month, rules) <= month_start(next_month(evaluated))


def _judged_on(member: Member, month: str, rules: Rules) -> date:
    """The day 党章第九条 judges ``month`` of ``member``: the first after the period its
    dues were payable in (:func:`_payable_in`: the month, or a quarterly payer's quarter)."""
    return shifted(_payable_in(member, month, rules).end, 1)


def _payable_in(member: Member, month: str, rules: Rules) -> Period:
    """The period the member's dues for ``month`` are payable in (2008 党费规定: 按月交纳, the
    month; 经党支部同意可按季度交纳, its quarter): that of the catalog's dues duty he owes
    for it (``member.dues.monthly``, ``member.dues.quarterly``: the one whose member
    condition he meets on the period's first day); the month under a catalog with none."""
    day = month_start(month)
    catalog = rules.in_force(day)
    for duty, kind in rules.member_dues(catalog) if catalog else ():
        period, _ = rules.period_of(kind, day)
        condition = duty.applies_to.members
        if condition is None or member.meets(
            condition.fact.event, condition.with_fact, period.start
        ):
            return period
    return rules.period_of("monthly", day)[0]


def _judged_from(unit: Unit, rule: MemberRule, month: str, log_began: date) -> date | None:
    """The first day the unit's record can show for ``rule`` at ``month``: the log's first
    day, and for a rule ``judged_once_recorded`` the first month the unit's record shows
    such a signal (``Unit.signals_began``; None: not by ``month``)."""
    began = unit.signals_began.get(rule.id) if rule.judged_once_recorded else None
    if rule.judged_once_recorded and (began is None or began > month):
        return None
    return log_began if began is None else max(log_began, month_start(began))


def _silent_months(
    member: Member, rule: MemberRule, month: str, floor: date, limit: int | None = None
) -> int:
    """How many months up to ``month`` in a row, of those the unit's record can show
    (:func:`_counted_from`), have no signal (at most ``limit`` + 1, by default the rule's
    length + 1). For a rule signalled by
    dues paid, the months the branch is not owed (``Member.not_owed``) are signalled: paid
    to the former organization before the transfer in (党费交至月份), or exempt (免交党费, a
    正当理由), so not silent (党章第九条 没有正当理由，连续六个月不交纳党费)."""
    signalled = member.signals.get(rule.id, [])
    dues = rule.signalled_by(DUES_PAID)
    first = _counted_from(member, rule, floor)
    away = _away_since(member) if rule.judged_once_recorded else None
    if away is not None and month_start(month) >= month_start(month_of(away)):
        return 0  # 外出: the branch's own record cannot show these months
    count, limit = 0, rule.consecutive_months if limit is None else limit
    # A signalled month ends the run whether or not it is counted: look at it first.
    while month not in signalled and count <= limit:
        if dues and member.not_owed(month):
            break
        if month_start(month) < first:
            break
        count += 1
        month = previous_month(month)
    return count


def _counted_from(member: Member, rule: MemberRule, floor: date) -> date:
    """The first day of the months the unit's record can show of ``member`` for ``rule``.

    No earlier than ``floor`` (the log's first day, and for a rule
    ``judged_once_recorded`` the unit's first such record) nor joining; for such a
    rule, which the branch's own records show, after the month the member came back
    from being away (外出返回: a month partly away is not the branch's to show), and
    after the month his joining was recorded, if recorded after he joined and after
    ``floor`` (转入 补录): the branch's attendance of him recorded before was of no member
    of its roll, and is not kept (:func:`record_signal`). Those months are unknown, not
    silent: his first run is judged from the month after the record."""
    if not rule.judged_once_recorded:
        return max(floor, member.since)
    returned, known = member.facts.get(RETURNED), member.known_on
    back = month_start(next_month(month_of(returned))) if returned is not None else floor
    late = known is not None and known > max(floor, member.since)
    recorded = month_start(next_month(month_of(known))) if late and known else floor
    return max(floor, member.since, back, recorded)


def _away_since(member: Member) -> date | None:
    """The day the member went away (外出), if not back since (返回)."""
    went, returned = member.facts.get(WENT_AWAY), member.facts.get(RETURNED)
    return went if went is not None and (returned is None or returned < went) else None


def _flag(
    state: DutyState,
    unit: Unit,
    member_id: str,
    rule: MemberRule,
    version: str,
    month: str,
    cause: Envelope,
) -> Envelope:
    first = month_start(_run_from(rule, month))
    end = month_start(next_month(month)) - ONE_DAY
    run = Instance(
        duty_id=rule.id,
        period=month,
        period_start=first,
        period_end=end,
        due_on=end,
        remind_on=end,
        catalog_version=version,
        member_id=member_id,
    )
    return duty_event(
        MemberSituationFlagged, state, unit, run, rule, cause, situation=rule.situation, since=first
    )


def flag_overdue_member_duty(
    state: DutyState, unit: Unit, instance: Instance, duty: Duty, cause: Envelope
) -> list[Envelope]:
    """An overdue member duty whose catalog entry says so also flags the member
    (``overdue_flags``, e.g. 外出未转接)."""
    if duty.overdue_flags is None or instance.member_id is None:
        return []
    return [
        duty_event(
            MemberSituationFlagged,
            state,
            unit,
            instance,
            duty,
            cause,
            situation=duty.overdue_flags,
            since=instance.period_start,
        )
    ]
