"""Accountability lanes folded in step, in process (issue 26).

Each partition of the duties topic is folded by a ledger of its own
(``Ledger.lane``), as a lane of the service would fold it, and the lanes
exchange their parts at each day's close (``services.accountability.domain.exchange``):
every lane folds up to its next tick, tells its part for the day before, takes
every other lane's part, and only then folds the tick.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any, cast

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from services.accountability.domain.decide import fold
from services.accountability.domain.exchange import close_day, take_part
from services.accountability.domain.measures import Emitted
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.stored import stored


def decide_in_lanes(
    streams: Mapping[int, Sequence[Envelope]], partitions: int, *, restarted: bool = False
) -> Iterator[tuple[int, Emitted]]:
    """(lane, output) of every lane folding its stream, the lanes in step day by day;
    if ``restarted``, each lane's ledger is stored and restored after every record."""
    lanes = {lane: _Lane(Ledger.empty(partitions, lane), restarted) for lane in streams}
    at = dict.fromkeys(streams, 0)
    while any(at[lane] < len(stream) for lane, stream in streams.items()):
        ticks: dict[int, ClockTicked] = {}
        for lane, stream in streams.items():
            while at[lane] < len(stream) and not isinstance(stream[at[lane]].data, ClockTicked):
                yield from lanes[lane].fold(stream, at)
            if at[lane] < len(stream):
                ticks[lane] = cast(ClockTicked, stream[at[lane]].data)
        days = {tick.date for tick in ticks.values()}
        assert len(days) <= 1, f"lanes out of step: ticks of {sorted(days)}"
        parts = [
            close_day(lanes[lane].ledger, tick.date - timedelta(days=1))
            for lane, tick in ticks.items()
        ]
        for lane in ticks:
            for part in parts:
                take_part(lanes[lane].ledger, part)
            yield from lanes[lane].fold(streams[lane], at)


class _Lane:
    """One lane's ledger and, if ``restarted``, what the pipeline would have stored."""

    def __init__(self, ledger: Ledger, restarted: bool) -> None:
        self.ledger, self.restarted, self.saved = ledger, restarted, dict[str, Any]()

    def fold(self, stream: Sequence[Envelope], at: dict[int, int]) -> Iterator[tuple[int, Emitted]]:
        lane = self.ledger.lane
        assert lane is not None
        offset = at[lane]
        at[lane] += 1
        for out in fold(self.ledger, Delivery(lane, stream[offset], offset)):
            yield lane, out
        if self.restarted:
            self.saved |= self.ledger.take_changes()
            kept = stored(self.saved)
            self.ledger = Ledger.restore(self.ledger.partitions, kept, lane)
