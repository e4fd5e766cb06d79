"""Accountability lanes folded in step, in process (issue 26).

:func:`decide_in_lanes`: each partition of the duties topic is folded by a ledger of
its own (``Ledger.lane``), as a lane of the service would fold it, and the lanes
exchange their parts at each day's close (``services.accountability.domain.exchange``):
every lane folds up to its next tick, tells its part for the day before, takes
every other lane's part, and only then folds the tick.

:class:`LanesInStep`: the lanes as the service runs them (``AccountabilityLane``), fed
records and released as the service's ``DayClose`` releases them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any, cast

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from services.accountability.adapters.lane import AccountabilityLane
from services.accountability.domain.decide import fold
from services.accountability.domain.exchange import DayPart, close_day, take_part
from services.accountability.domain.measures import Emitted
from services.accountability.domain.state import Ledger
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.common.sequencer import Delivery
from tests.unit.stored import stored


def decide_in_lanes(
    streams: Mapping[int, Sequence[Envelope]],
    partitions: int,
    *,
    restarted: bool = False,
    ledgers: dict[int, Ledger] | None = None,
) -> Iterator[tuple[int, Emitted]]:
    """(lane, output) of every lane folding its stream, the lanes in step day by day;
    if ``restarted``, each lane's ledger is stored and restored after every record.
    ``ledgers``, if given, receives each lane's ledger once every stream is folded."""
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
    if ledgers is not None:
        ledgers.update((lane, folded.ledger) for lane, folded in lanes.items())


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


class LanesInStep:
    """Accountability lanes as the service runs them, one per partition of ``records``:
    each is fed ``batch`` records at a time, also while it waits (a consumer reads on), and
    released once every other lane has told the day it waits for, as ``DayClose`` releases
    it. After each step ``keep`` gets the lane's changes (what the pipeline would write);
    if ``restarted``, the lane is then stored, restored, and reads on from its stored
    position (the held tick, if it waits)."""

    def __init__(
        self,
        records: Mapping[int, Sequence[InputRecord]],
        partitions: int,
        out_topic: str,
        *,
        batch: int = 1,
        restarted: bool = False,
        keep: Callable[[Mapping[str, Any]], None] = lambda _: None,
    ) -> None:
        self.records, self.partitions, self.out_topic = records, partitions, out_topic
        self.batch, self.restarted, self.keep = batch, restarted, keep
        self.lanes = {p: AccountabilityLane(p, partitions, out_topic) for p in records}
        self.saved: dict[int, dict[str, Any]] = {p: {} for p in records}
        self.at = dict.fromkeys(records, 0)
        self.waits = self.releases = 0

    def run(self) -> list[OutboxRecord]:
        """Every lane's outputs, once none has records left or waits."""
        outputs: list[OutboxRecord] = []
        moved = True
        while moved:
            moved = False
            for p in self.lanes:
                lane = self.lanes[p]
                for record in self.records[p][self.at[p] : self.at[p] + self.batch]:
                    outputs += lane.handle(record)
                    self.at[p] += 1
                    moved = True
                parts = self._parts(p)
                if parts is not None:
                    outputs += lane.release(parts)
                    self.releases += 1
                    moved = True
                self._stored(p)
        assert all(lane.waiting is None for lane in self.lanes.values()), "a lane still waits"
        return outputs

    def _parts(self, p: int) -> list[DayPart] | None:
        """The other lanes' parts for the day lane ``p`` waits for (None: not all told)."""
        day = self.lanes[p].waiting
        if day is None:
            return None
        self.waits += 1
        parts = [other.told.get(day) for q, other in self.lanes.items() if q != p]
        told = [part for part in parts if part is not None]
        return told if len(told) == len(parts) else None

    def _stored(self, p: int) -> None:
        lane = self.lanes[p]
        changes = lane.take_changes()
        self.keep(changes)
        if self.restarted:
            resume = lane.holding().get(p, self.at[p])
            self.saved[p] = stored(self.saved[p] | changes)
            self.lanes[p] = AccountabilityLane(p, self.partitions, self.out_topic)
            self.lanes[p].restore(self.saved[p])
            self.at[p] = resume
