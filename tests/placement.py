"""A log as the registry writes it under subtree placement, for tests and the bench.

The facts keep their order; each goes to the partitions the registry's
placement picks, after the announcements it calls for (``UnitPlaced``,
``StructureShared``), as ``IntakeProjection`` appends them. Ticks, beats and
checkpoints stay on the partition they were written to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

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
    then every partition's daily ticks from ``first`` to ``last``."""
    logs: dict[int, list[Envelope]] = {p: [] for p in range(partitions)}
    for env, p in placed_log(((fact, 0) for fact in facts), subtree_registry(partitions)):
        logs[p].append(env)
    for p, log in logs.items():
        ticks = History()
        ticks.ticks(first, last, partition=p)
        log += [env for env, _ in ticks.events]
    return logs
