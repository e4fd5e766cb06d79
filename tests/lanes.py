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
from typing import cast

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from services.accountability.domain.decide import fold
from services.accountability.domain.exchange import close_day, take_part
from services.accountability.domain.measures import Emitted
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery


def decide_in_lanes(
    streams: Mapping[int, Sequence[Envelope]], partitions: int
) -> Iterator[tuple[int, Emitted]]:
    """(lane, output) of every lane folding its stream, the lanes in step day by day."""
    ledgers = {lane: Ledger.empty(partitions, lane) for lane in streams}
    at = dict.fromkeys(streams, 0)
    while any(at[lane] < len(stream) for lane, stream in streams.items()):
        ticks: dict[int, ClockTicked] = {}
        for lane, stream in streams.items():
            while at[lane] < len(stream) and not isinstance(stream[at[lane]].data, ClockTicked):
                yield from _fold(ledgers[lane], lane, stream, at)
            if at[lane] < len(stream):
                ticks[lane] = cast(ClockTicked, stream[at[lane]].data)
        days = {tick.date for tick in ticks.values()}
        assert len(days) <= 1, f"lanes out of step: ticks of {sorted(days)}"
        parts = [
            close_day(ledgers[lane], tick.date - timedelta(days=1)) for lane, tick in ticks.items()
        ]
        for lane in ticks:
            for part in parts:
                take_part(ledgers[lane], part)
            yield from _fold(ledgers[lane], lane, streams[lane], at)


def _fold(
    ledger: Ledger, lane: int, stream: Sequence[Envelope], at: dict[int, int]
) -> Iterator[tuple[int, Emitted]]:
    offset = at[lane]
    at[lane] += 1
    for out in fold(ledger, Delivery(lane, stream[offset], offset)):
        yield lane, out
