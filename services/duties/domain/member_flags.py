"""Member rules (党员情况提示): a run of months without a signal flagged (党章第九条).

A member rule names the facts that count as a member's signal for a month
(``DuesPaid.month``, ``OrganizationalLifeAttended.attended_on``). When the
log's clock completes a month, a member whose last ``consecutive_months``
months have no signal (:mod:`~services.duties.domain.member_runs`) is flagged
once for that run of months, with the rule's ``situation``. The system flags;
it never decides removal.

An exemption, a payment or an attendance of a month already judged, or an
absence or a return (外出, 返回), recorded late (补录), has the runs judged again
(:func:`flag_runs_again`): the day decides, not the order of recording. A
payment, an attendance or an absence (外出) of a month older than those judged
again is handed to accountability, which withdraws the flag it shows false
(:func:`before_rejudged`). An overdue member duty whose catalog entry says so
flags the member too (:func:`flag_overdue_member_duty`: 外出未转接).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from contracts.catalog import Duty, MemberRule
from contracts.envelope import Envelope
from contracts.events import FORWARDED_WHEN_LATE
from contracts.events.duties import MemberSituationFlagged
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance
from services.duties.domain.member_runs import (
    KEPT_MONTHS,
    flagged_in,
    held_in,
    judged_by,
    judged_from,
    run_from,
    silent_for,
    silent_months,
)
from services.duties.domain.periods import (
    ONE_DAY,
    month_of,
    month_start,
    next_month,
    previous_month,
)
from services.duties.domain.roll import DUES_PAID, Member
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def signal_judged_again(
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
        floor = None if rule is None else judged_from(unit, rule, month, log_began)
        if rule is None or floor is None:
            return Judged()
        count = silent_months(before, rule, month, floor)
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
            for member_id, reached in silent_for(unit, rule, month, log_began, rules):
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

    A run stands flagged when the earlier view flagged a month of it (:func:`flagged_in`:
    the first whose last ``consecutive_months`` were silent and held 组织生活 in) whose
    months are all still silent; a flag whose months include one no longer silent is
    accountability's to withdraw (:mod:`services.accountability.domain.flags`):
    ``Judged.cleared`` says there is such a flag. Only the last :data:`REJUDGED_MONTHS`
    evaluated are looked at, whose counts read kept signals alone (a signal for an earlier
    month is forwarded all the same: :func:`before_rejudged`); of those, for a rule
    signalled by dues paid, only the months judged already (a quarterly payer's quarter is
    judged when it ends: :func:`judged_by`)."""
    member, log_began = unit.members[member_id], state.began.get(unit.partition)
    evaluated = unit.rules_month
    if evaluated is None or log_began is None:
        return Judged()
    judged: dict[str, list[_Judged]] = {}
    for month in reversed(_rejudged(evaluated, log_began)):
        catalog = rules.in_force(month_start(month))
        for rule in catalog.member_rules if catalog else ():
            floor = judged_from(unit, rule, month, log_began)
            if floor is None or not judged_again(rule):
                continue
            if rule.signalled_by(DUES_PAID) and not judged_by(member, month, evaluated, rules):
                continue
            assert catalog is not None
            was, now = (silent_months(m, rule, month, floor) for m in (before, member))
            flagged_was = flagged_in(unit, before, rule, month, floor, was)
            flagged_now = flagged_in(unit, member, rule, month, floor, now)
            reached = now >= rule.consecutive_months and held_in(unit, rule, month)
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
    month is before those judged again: :func:`before_rejudged`)."""

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


def before_rejudged(state: DutyState, unit: Unit, month: str) -> bool:
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
    be now (:func:`flagged_in`), and whether, now, its last ``consecutive_months`` are
    silent and contain one the branch held 组织生活 in (:func:`held_in`): a run flagged,
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


def _flag(
    state: DutyState,
    unit: Unit,
    member_id: str,
    rule: MemberRule,
    version: str,
    month: str,
    cause: Envelope,
) -> Envelope:
    first = month_start(run_from(rule, month))
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
