"""连续六个月: the runs of months without a signal a member rule counts (党章第九条).

A member rule names the facts that count as a member's signal for a month
(``DuesPaid.month``, ``OrganizationalLifeAttended.attended_on``); the months a
member's record shows without one, in a row, make a run, which
:mod:`~services.duties.domain.member_flags` flags once it reaches the rule's
``consecutive_months``.

Only months the unit's record can show count (:func:`_counted_from`): a month it cannot show
is unknown, not silent, and no run reaches back past it. Those are the months before the
member joined, before the log began (as for the periods,
:func:`services.duties.domain.ticks.open_periods`), and for a rule ``judged_once_recorded``
(the branch's own record: attendance) before the first month the unit's record shows such a
signal (:func:`~services.duties.domain.members._record_kept_from`: an old attendance
recorded late, 补录, does not move it back) and while the member was away (外出流动党员 take
part in Party life where they are, which the branch's attendance cannot show; dues are still
paid to the branch, so that rule runs on). For such a rule, a run of months the member did
not attend is flagged only if the branch held 组织生活 in one of them (:func:`held_in`): a
member cannot fail to take part in organizational life that was not held (党章第九条
没有正当理由: that is his 正当理由, and the branch's own failure, its 三会一课 duties, owed
by the unit); the months it held none still count in a run, so that a branch meeting once a
quarter (支部党员大会 每季度) flags a member who missed its meetings. Such a run is flagged
once, in its first month whose six make such a run (:func:`flagged_in`): a branch that held
nothing for six months and then meets again flags the member who stays away. For a rule
signalled by dues, the months the branch is not owed (``Member.not_owed``) are not silent:
paid to the former organization before a transfer in (党费交至月份), or exempt by an
approved exemption (免交党费, a 正当理由).

A month is without dues once the period its dues are payable in has ended without them
(2008 党费规定: 按月交纳, its month; 经党支部同意可按季度交纳, its quarter): a quarterly
payer's months are judged together when their quarter ends (:func:`_falling_due`), a
monthly payer's each at its month's end, neither with the dues duty's grace.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from contracts.catalog import MemberRule, Period
from contracts.events import members
from services.duties.domain.periods import (
    month_of,
    month_start,
    months_between,
    next_month,
    previous_month,
    shifted,
)
from services.duties.domain.roll import DUES_PAID, Member
from services.duties.domain.rules import Rules
from services.duties.domain.units import Unit

KEPT_MONTHS = 24


WENT_AWAY, RETURNED = members.MemberWentAway.__name__, members.MemberReturned.__name__


def held_in(unit: Unit, rule: MemberRule, month: str) -> bool:
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
    at = bisect_left(held, run_from(rule, month))
    return at < len(held) and held[at] <= month


def flagged_in(
    unit: Unit, member: Member, rule: MemberRule, month: str, floor: date, count: int
) -> bool:
    """Whether ``member``'s run of silent months is flagged in ``month``, ``count`` the
    silent months up to it (:func:`silent_months`, at most the rule's length + 1): the first
    month of the run whose last ``consecutive_months`` are silent and contain one the unit
    held 组织生活 in (:func:`held_in`). A run is flagged once (党章第九条 连续六个月: one run,
    one flag), but not only in its sixth month: if the branch held nothing in its first six,
    it is flagged at the first meeting he misses after. The run made such months before
    ``month`` if longer than the rule's length and the unit held 组织生活 in one of its months
    before ``month``: the last such month the unit held one in is silent back to then."""
    length = rule.consecutive_months
    if count < length or not held_in(unit, rule, month):
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
    return silent_months(member, rule, month, floor, span - 1) < span


def run_from(rule: MemberRule, month: str) -> str:
    """The first month of ``rule``'s run of ``consecutive_months`` ending with ``month``."""
    for _ in range(rule.consecutive_months - 1):
        month = previous_month(month)
    return month


def silent_for(
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
    floor = judged_from(unit, rule, month, log_began)
    if floor is None:
        return []  # the unit records no such signal yet: its silence says nothing
    reached: list[tuple[str, str]] = []
    for member_id in sorted(unit.members.keys() - signalled):
        member = unit.members[member_id]
        for judged in _falling_due(member, rule, month, rules):
            count = silent_months(member, rule, judged, floor)
            if flagged_in(unit, member, rule, judged, floor, count):
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


def judged_by(member: Member, month: str, evaluated: str, rules: Rules) -> bool:
    """Whether 党章第九条 (months without dues) has judged ``month`` of ``member`` once
    ``evaluated`` was: if the period its dues were payable in had ended by then, or a
    state stored by older code judged it as a month (``Member.judged_by_month``)."""
    if month in member.judged_by_month:
        return True
    return judged_on(member, month, rules) <= month_start(next_month(evaluated))


def judged_on(member: Member, month: str, rules: Rules) -> date:
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


def judged_from(unit: Unit, rule: MemberRule, month: str, log_began: date) -> date | None:
    """The first day the unit's record can show for ``rule`` at ``month``: the log's first
    day, and for a rule ``judged_once_recorded`` the first month the unit's record shows
    such a signal (``Unit.signals_began``; None: not by ``month``)."""
    began = unit.signals_began.get(rule.id) if rule.judged_once_recorded else None
    if rule.judged_once_recorded and (began is None or began > month):
        return None
    return log_began if began is None else max(log_began, month_start(began))


def silent_months(
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

    No earlier than ``floor`` (the log's first day, and for a rule ``judged_once_recorded``
    the unit's first such record) nor joining; for such a rule, which the branch's own
    records show, after the month the member came back from being away (外出返回: a month
    partly away is not the branch's to show), and after the month his joining was recorded,
    if recorded after he joined and after ``floor`` (转入 补录): the branch's attendance of
    him recorded before was of no member of its roll, and is not kept
    (:func:`~services.duties.domain.members.record_signal`). Those months are unknown, not
    silent: his first run is judged from the month after the record. A restoration (恢复党籍)
    recorded late is no such joining where the unit kept his record while he was suspended
    (``Member.kept_while_suspended``)."""
    if not rule.judged_once_recorded:
        return max(floor, member.since)
    returned, known = member.facts.get(RETURNED), member.known_on
    back = month_start(next_month(month_of(returned))) if returned is not None else floor
    late = known is not None and known > max(floor, member.since)
    late = late and not member.kept_while_suspended
    recorded = month_start(next_month(month_of(known))) if late and known else floor
    return max(floor, member.since, back, recorded)


def _away_since(member: Member) -> date | None:
    """The day the member went away (外出), if not back since (返回)."""
    went, returned = member.facts.get(WENT_AWAY), member.facts.get(RETURNED)
    return went if went is not None and (returned is None or returned < went) else None
