"""A log as the registry writes it under subtree placement, for tests and the bench.

The facts keep their order; each goes to the partitions
:class:`~services.registry.domain.placement.Placement` picks, after the
``UnitPlaced`` copies its establishment calls for (as
``IntakeProjection`` appends them). Ticks, beats and checkpoints stay on the
partition they were written to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from contracts.envelope import Envelope
from contracts.events.chain import ChainCheckpointed
from contracts.events.clock import ClockBeat, ClockTicked
from services.registry.domain.placement import Placement

#: What the registry writes to a partition of its own choosing, never by placement.
PER_PARTITION = (ClockTicked, ClockBeat, ChainCheckpointed)


def placed_log(
    log: Iterable[tuple[Envelope, int]], placement: Placement
) -> Iterator[tuple[Envelope, int]]:
    """``log`` ((envelope, partition) in log order, written under key placement) as the
    registry writes it under ``placement``."""
    for env, partition in log:
        if isinstance(env.data, PER_PARTITION):
            yield env, partition
            continue
        copies, targets = placement.place(env, env.recordedtime or env.time)
        yield from ((copy, p) for p, copy in enumerate(copies))
        yield from ((env, p) for p in targets)
