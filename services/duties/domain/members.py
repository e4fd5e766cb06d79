"""Member facts and signals recorded (党员情况): what the member rules and duties read.

A member rule's signal (dues paid, 组织生活 attended) is noted for its month
(:func:`record_signal`), and so is the unit's holding 组织生活 then. Member
facts (``record_fact``) are the registry facts a member duty's condition
names, e.g. the branch's consent to quarterly dues, and those the member rules
read (:data:`RULES_READ`). A signal or a fact recorded for a month the rules
have already judged (补录) has the runs judged again
(:mod:`~services.duties.domain.member_flags`).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from datetime import date

from contracts.catalog import MemberRule
from contracts.envelope import Envelope
from contracts.events import members
from services.duties.domain.matching import as_day, own_day, value_of
from services.duties.domain.member_flags import (
    Judged,
    before_rejudged,
    flag_runs_again,
    signal_judged_again,
)
from services.duties.domain.member_runs import KEPT_MONTHS, RETURNED, WENT_AWAY, judged_on
from services.duties.domain.periods import month_of, month_start, months_between, next_month
from services.duties.domain.roll import TRANSFERRED_OUT, Member
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

#: Facts about a member the member rules read (by event type, its dating field), kept
#: in ``Member.facts``: the member away and back (外出, 返回).
RULES_READ = {WENT_AWAY: "since", RETURNED: "returned_on"}


def record_signal(state: DutyState, env: Envelope, rules: Rules) -> list[Envelope]:
    """Note the month a member rule's signal (e.g. dues paid) is for. A month the rules
    have already evaluated is judged again (:func:`signal_judged_again`). A signal of such
    a month recorded after the day it was done (补录, :func:`_recorded_late`), or one older
    than the months judged again (:func:`before_rejudged`), is handed on too:
    accountability, which keeps the flags, withdraws one it shows false (done before the
    flag was raised). Judging again cannot always tell: it sees the months as the facts
    recorded since left them, and a back payment (补交) made after the flag, which leaves
    the flag standing, hides the run the flag named."""
    signals = rules.signals(type(env.data).__name__)
    unit = state.units.get(env.subject)
    if not signals or unit is None:
        return []
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    if member is None:
        return _off_the_roll(state, unit, env, signals)
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
        again = signal_judged_again(state, unit, member_id, before, env, rules, rule_id, month)
        if _recorded_late(state, unit, env) or before_rejudged(state, unit, month):
            again += Judged(cleared=True)  # whether a flag named it, accountability tells
        if _done_after_judged(env, member, month, rules):
            again = _flagged_after_payment(env, member, rules, again)  # 补交
        judged += again
    return judged.outputs(env)


def _off_the_roll(
    state: DutyState, unit: Unit, env: Envelope, signals: Iterable[tuple[str, str]]
) -> list[Envelope]:
    """A signal about a member not on the unit's roll (any more: 停止党籍, 转出) recorded
    after the day it was done (补录) is handed on all the same: a flag raised while he was
    on the roll may be false, and accountability, which keeps the flags, withdraws it (a
    false 自行脱党 flag must not stand because the record came after he left the roll).
    One about a member suspended from it (停止党籍) is kept for his restoration
    (:func:`count_while_suspended`)."""
    suspension = unit.suspended.get(str(value_of(env.data, "member_id")))
    if suspension is not None:
        for rule_id, field in dict.fromkeys(signals):
            day = as_day(value_of(env.data, field))
            months = suspension.signals.setdefault(rule_id, [])
            if day is not None and month_of(day) not in months:
                insort(months, month_of(day))
                del months[:-KEPT_MONTHS]
                state.touch(unit)
    return Judged(cleared=True).outputs(env) if _recorded_late(state, unit, env) else []


def count_while_suspended(state: DutyState, env: Envelope, rules: Rules) -> None:
    """恢复党籍: the signals recorded while the log had the member suspended (停止党籍), for
    the month of the restoration or later, are noted for him, as those recorded after it
    are. The registry keeps a suspended member's record, and a payment it accepted then
    is a month paid: recorded late (补录), the restoration would otherwise leave a month he
    paid after it looking silent, and a flag (党章第九条) naming it. A month before the
    restoration is not his to count (his months count from it) and is left, as is the
    unit's holding 组织生活 then. His months from the restoration are so known, however
    late it is recorded (``Member.kept_while_suspended``), and so is a 外出 or 返回 recorded
    while suspended and dated on or after it (``Suspension.facts``)."""
    if not isinstance(env.data, members.MembershipRestored):
        return  # nearly every fact: looked at first
    unit, member_id = state.units.get(env.subject), env.data.member_id
    if unit is None:
        return
    suspension = unit.suspended.pop(member_id, None)
    if suspension is None or member_id not in unit.members:
        return
    state.touch(unit)
    member = unit.members[member_id]
    member.kept_while_suspended = True
    if suspension.transferred_on is not None:
        member.keep_latest(TRANSFERRED_OUT, suspension.transferred_on)
    for name, day in suspension.facts.items():
        if day >= env.data.restored_on:
            member.facts[name] = day
    state.touch_member(unit, member_id)
    first = month_of(env.data.restored_on)
    for rule_id, months in suspension.signals.items():
        for month in months:
            if month >= first and month not in member.signals.get(rule_id, []):
                _note(state, unit, member_id, rule_id, month, _on_own_record(rules, rule_id, month))


def _recorded_late(state: DutyState, unit: Unit, env: Envelope) -> bool:
    """Whether the signal ``env`` is recorded after the day it was done (补录, its 事实日期:
    paid on ``paid_on``, attended on ``attended_on``). A flag raised between may be false;
    one recorded on its day cannot show a flag raised before it false (a back payment,
    补交, answers a flag: it does not undo it)."""
    done = own_day(env)
    return done < state.clock.get(unit.partition, done)


def _done_after_judged(env: Envelope, member: Member, month: str, rules: Rules) -> bool:
    """Whether the signal ``env`` for ``month`` was done (paid: ``paid_on``) only after the
    rules judged the month (the first day after the period its dues were payable in: its
    month, or a quarterly payer's quarter): a back payment (补交). Attendance is done in
    its month."""
    if not isinstance(env.data, members.DuesPaid):
        return False
    return env.data.paid_on >= judged_on(member, month, rules)


def _flagged_after_payment(env: Envelope, member: Member, rules: Rules, again: Judged) -> Judged:
    """Of the runs a back payment (补交, ``env``) has judged again, those the rules would
    have flagged had it been recorded on its day: the runs whose last month was judged
    after the day of payment (the tick that judged it would have seen the payment). One
    judged on or before that day is the rest of a run the payment cut in two: the months
    were without dues when judged, a flag they made stands (accountability keeps it,
    noting the payment), and flagging the rest would flag the run a second time. Whether a
    flag before the payment no longer stands, accountability tells (``cleared``)."""
    assert isinstance(env.data, members.DuesPaid)
    paid_on = env.data.paid_on
    kept = [f for f in again.flags if paid_on < judged_on(member, _month_flagged(f), rules)]
    return Judged(tuple(kept), again.cleared)


def _month_flagged(flag: Envelope) -> str:
    """The last month of the run a ``MemberSituationFlagged`` names (its period)."""
    return str(value_of(flag.data, "period"))


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
    """Note a registry fact a member duty's condition names (e.g. quarterly dues agreed) or
    a member rule reads (:data:`RULES_READ`). One of the latter for a month the rules have
    already evaluated (外出, 返回 补录) has the attendance runs judged again; a 外出 from a
    month older than those is handed to accountability as such a payment is
    (:func:`before_rejudged`), and so is one recorded after his return
    (:func:`_back_since`). One recorded with a day before the one kept (an earlier trip)
    is not kept: the later still says whether he is away now, and the months before a return
    are not counted (:func:`~services.duties.domain.member_runs._counted_from`); a 外出 of a
    month judged is handed on all the same. One of the former counts from the earliest day
    recorded: restated from a later day (a second consent to pay by quarter, from a later
    quarter), the earlier record still governs its own span, and nothing ends it."""
    name = type(env.data).__name__
    field = rules.member_fact_field(name) or RULES_READ.get(name)
    unit = state.units.get(env.subject)
    if field is None or unit is None:
        return []
    member_id = str(value_of(env.data, "member_id"))
    member = unit.members.get(member_id)
    day = as_day(value_of(env.data, field))
    if day is None:
        return []
    if member is None:
        _keep_while_suspended(state, unit, member_id, name, day)
        return _away_of_a_judged_month(unit, name, day).outputs(env)
    kept = member.facts.get(name)
    if name not in RULES_READ and kept is not None and kept <= day:
        return []  # restated: it counts from the earlier day
    if name in RULES_READ and kept is not None and day < kept:
        return _away_of_a_judged_month(unit, name, day).outputs(env)
    before = member.model_copy(update={"facts": dict(member.facts)})
    member.facts[name] = day
    state.touch_member(unit, member_id)
    if name not in RULES_READ or unit.rules_month is None or month_of(day) > unit.rules_month:
        return []
    judged = flag_runs_again(state, unit, member_id, before, env, rules, _read_on_return)
    old_month = before_rejudged(state, unit, month_of(day))
    if name == WENT_AWAY and (old_month or _back_since(before, day)):
        judged += Judged(cleared=True)  # whether a flag named his months away, accountability tells
    return judged.outputs(env)


def _keep_while_suspended(
    state: DutyState, unit: Unit, member_id: str, name: str, day: date
) -> None:
    """A 外出 or 返回 (:data:`RULES_READ`) of a member the log has suspended (停止党籍) is
    kept, the latest of each, for his restoration (:func:`count_while_suspended`): a
    restoration recorded after it (补录) and dated before it makes it a fact of his time
    on the roll (a return from the trip he made while suspended: the months before it
    are not counted)."""
    suspension = unit.suspended.get(member_id)
    if suspension is None or name not in RULES_READ:
        return
    kept = suspension.facts.get(name)
    if kept is None or kept < day:
        suspension.facts[name] = day
        state.touch(unit)


def _away_of_a_judged_month(unit: Unit, name: str, day: date) -> Judged:
    """A fact ``name`` dated ``day`` that changes nothing on the member's record, handed on
    if it is a 外出 (补录) from a month the rules have judged: an earlier trip than the one
    kept, or one about a member no longer on the unit's roll (停止党籍, 转出; as such a
    payment is, :func:`_off_the_roll`). A flag of months without organizational life may
    end in a month he was away in, and accountability, which keeps the flags, withdraws
    it."""
    judged = unit.rules_month is not None and month_of(day) <= unit.rules_month
    return Judged(cleared=name == WENT_AWAY and judged)


def _back_since(member: Member, went: date) -> bool:
    """Whether the member's record has a return (返回) on or after ``went``: recorded before
    the 外出 it ends (补录), the return already moved the months counted past those he was
    away in, so judging again sees no flag on them, raised before the return, that the
    absence shows false. Accountability, which keeps the flags and the returns, tells."""
    back = member.facts.get(RETURNED)
    return back is not None and back >= went


def _read_on_return(rule: MemberRule) -> bool:
    """Whether ``rule`` reads the member's being away (外出) and back (返回): those the
    branch's own record shows (``judged_once_recorded``: attendance)."""
    return rule.judged_once_recorded
