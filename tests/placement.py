"""A log as the registry writes it under subtree placement, for tests and the bench.

The facts keep their order; each goes to the partitions the registry's
placement picks, after the announcements it calls for (``UnitPlaced``,
``StructureShared``), as ``IntakeProjection`` appends them. Ticks, beats and
checkpoints stay on the partition they were written to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from contracts.envelope import Envelope
from contracts.events.chain import ChainCheckpointed
from contracts.events.clock import ClockBeat, ClockTicked
from services.registry.domain.placement import announced_on
from services.registry.domain.state import RegistryState
from tests.unit.duties.builders import History

#: What the registry writes to a partition of its own choosing, never by placement.
PER_PARTITION = (ClockTicked, ClockBeat, ChainCheckpointed)


def subtree_registry(partitions: int) -> RegistryState:
    """A new registry writing its log under subtree placement."""
    state = RegistryState()
    state.place_by_subtree(partitions)
    return state


def placed_log(
    log: Iterable[tuple[Envelope, int]], registry: RegistryState
) -> Iterator[tuple[Envelope, int]]:
    """``log`` ((envelope, partition) in log order, written under key placement) as
    ``registry`` writes it (each fact recorded as the registry records it)."""
    for env, partition in log:
        if isinstance(env.data, PER_PARTITION):
            yield env, partition
            continue
        registry.record(env)
        announced, targets = registry.place(env, env.recordedtime or env.time)
        yield from ((a, announced_on(a)) for a in announced)
        yield from ((env, p) for p in targets)


def placed_logs(
    facts: Iterable[Envelope], partitions: int, first: date, last: date
) -> dict[int, list[Envelope]]:
    """Each partition's log as the registry writes ``facts`` under subtree placement,
    between every partition's daily ticks from ``first`` to ``last``: each fact in order,
    after its day's ticks (one dated before ``first``, before them all)."""
    clock = History()
    ordered: list[tuple[date, int, int, Envelope, int]] = []
    for day in range((last - first).days + 1):
        for p in range(partitions):
            tick = clock.tick(first + timedelta(days=day), p)
            ordered.append((tick.time.date(), 0, p, tick, p))
    for n, env in enumerate(facts):
        ordered.append((max(env.time.date(), first), 1, n, env, 0))
    ordered.sort(key=lambda item: item[:3])
    logs: dict[int, list[Envelope]] = {p: [] for p in range(partitions)}
    log = ((env, p) for *_, env, p in ordered)
    for env, p in placed_log(log, subtree_registry(partitions)):
        logs[p].append(env)
    return logs
