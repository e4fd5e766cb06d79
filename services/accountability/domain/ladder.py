"""Reading the ladder (问责梯级) of the accountability policy in force.

The policy is data (``contracts/policy``): which event fires which rung, the
thresholds of the widespread (普遍性) and prominent (特别突出) rules, and which
events clear a rectification deadline (限期整改). These helpers answer the
fold's questions about it; the fold itself never names a rung.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from contracts.events.enums import Ground
from contracts.events.enums import Rung as RungLevel
from contracts.policy import (
    GROUNDS,
    AccountabilityPolicy,
    Determined,
    Prominent,
    RectificationMissed,
    Rung,
    Widespread,
)

#: What resolves a case that no rectification deadline governs yet (a reminder only):
#: the duty fulfilled, in time or late, or a rectification accepted.
FULFILMENT = frozenset({"DutyFulfilled", "DutyFulfilledLate", "RectificationAccepted"})


def order(policy: AccountabilityPolicy, level: str | None) -> int:
    """The order of rung ``level`` (0 for a case no measure has reached)."""
    return 0 if level is None else policy.rung(level).order


def fired_by(policy: AccountabilityPolicy, event: str) -> list[Rung]:
    """Rungs with an ``event`` trigger on ``event``, mildest first."""
    return list(policy.rungs_on_event.get(event, ()))


def prominent(policy: AccountabilityPolicy, event: str) -> Iterator[tuple[Rung, Prominent]]:
    """The 特别突出 triggers counting ``event``, with their rungs."""
    for rung in policy.rungs:
        for trigger in rung.triggers:
            if isinstance(trigger, Prominent) and trigger.event == event:
                yield rung, trigger


def widespread(policy: AccountabilityPolicy, event: str) -> Iterator[tuple[Rung, Widespread]]:
    """The 普遍性 triggers counting ``event``, with their rungs."""
    for rung in policy.rungs:
        for trigger in rung.triggers:
            if isinstance(trigger, Widespread) and trigger.event == event:
                yield rung, trigger


def determined(policy: AccountabilityPolicy) -> list[Rung]:
    """Rungs fired once a case is both unsolved in time and determined serious."""
    return [r for r in policy.rungs if any(isinstance(t, Determined) for t in r.triggers)]


def follow_up(
    policy: AccountabilityPolicy, level: str | None
) -> tuple[Rung, RectificationMissed] | None:
    """The rung that fires when the deadline set by ``level`` passes unrectified."""
    for rung in policy.rungs:
        for trigger in rung.triggers:
            if isinstance(trigger, RectificationMissed) and trigger.after_rung == level:
                return rung, trigger
    return None


def decided(policy: AccountabilityPolicy, measures: list[RungLevel]) -> list[Rung]:
    """The rungs whose measures a decision (问责决定) took, mildest first: its last is the
    rung it brought the case to."""
    return [rung for rung in policy.rungs if {m.value for m in rung.measures} & set(measures)]


def reached(policy: AccountabilityPolicy, measures: list[RungLevel]) -> int:
    """The order of the highest rung whose measures ``measures`` took (0: none, 不予问责)."""
    rungs = decided(policy, measures)
    return rungs[-1].order if rungs else 0


def proposing(policy: AccountabilityPolicy, ground: Ground) -> list[Rung]:
    """The rungs a ground (问责情形) fires, mildest first: those it may be proposed for."""
    return [r for r in policy.rungs if any(GROUNDS.get(t.kind) is ground for t in r.triggers)]


def grounded(policy: AccountabilityPolicy, grounds: list[Ground]) -> set[str]:
    """The rungs that ``grounds`` may be proposed for: a proposal stands only on one."""
    return {rung.id for ground in grounds for rung in proposing(policy, ground)}


def clearing_events(policy: AccountabilityPolicy, level: str | None) -> frozenset[str]:
    """Events that resolve a case at ``level`` (整改到位).

    Those that clear the deadline ``level`` set; at a rung without a follow-up
    (the top), those of the nearest milder rung that has one; below every
    deadline, :data:`FULFILMENT`.
    """
    for rung in reversed(policy.rungs):
        if rung.order > order(policy, level):
            continue
        found = follow_up(policy, rung.id)
        if found is not None:
            return frozenset(found[1].cleared_by)
    return FULFILMENT


def next_step(policy: AccountabilityPolicy, level: str | None) -> Rung | None:
    """The rung a case at ``level`` faces next (for the alert's "what happens next")."""
    found = follow_up(policy, level)
    if found is not None:
        return found[0]
    milder_than_next = [r for r in policy.rungs if r.order > order(policy, level)]
    return milder_than_next[0] if milder_than_next else None


def deadline(rung: Rung, today: date) -> date | None:
    """The rectification deadline rung ``rung`` sets when it fires on ``today``."""
    if rung.rectification_days is None:
        return None
    return today + timedelta(days=rung.rectification_days)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
