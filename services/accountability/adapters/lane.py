"""One partition of ``zeren.duties.v2`` decided alone (分区独立问责), as the projection of
a lane (:mod:`services.common.lanes`), under subtree placement (docs/scale-out.md).

The lane decides on its own cases with a ledger of its own (``Ledger.lane``), in offset
order, with no sequencer. Two rules count across partitions and wait for each day's close
(:mod:`services.accountability.domain.exchange`): when the tick of day d + 1 arrives, the
lane tells its part for d, kept as its state document ``told:<d>`` and committed with the
batch, and holds the tick and what follows (:meth:`AccountabilityLane.holding`) until
every other lane's part for d is in; :class:`DayClose` reads those from the other lanes'
schemas between batches and releases the lane. A lane restarted while it waits reads on
from the held tick and, having told already, does not tell again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any, cast

import asyncpg

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from services.accountability.adapters.projection import decoded, outbox
from services.accountability.domain.decide import fold
from services.accountability.domain.exchange import DayPart, close_day, take_part
from services.accountability.domain.state import Ledger
from services.common.lanes import Lanes
from services.common.migrations import lane_schema, quote_schema
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Projection
from services.common.sequencer import Delivery

TOLD = "told:"
#: Parts older than this are let go: lanes are never more than a day apart (a lane
#: passes the tick of d + 1 only once every lane has told d).
KEPT = timedelta(days=3)


def stored_ledger(partitions: int, partition: int, entries: Mapping[str, Any]) -> Ledger:
    """A lane's ledger as stored (its parts left out)."""
    kept = {k: v for k, v in entries.items() if not k.startswith(TOLD)}
    return Ledger.restore(partitions, kept, partition)


class AccountabilityLane:
    """The ledger of one partition; the pipeline persists what changed."""

    def __init__(self, partition: int, partitions: int, out_topic: str) -> None:
        self.partition, self.partitions, self.out_topic = partition, partitions, out_topic
        self.ledger = Ledger.empty(partitions, partition)
        #: This lane's parts (日终汇总), by the day they close.
        self.told: dict[date, DayPart] = {}
        #: The tick waiting for the other lanes' parts, and the records read after it.
        self.held: list[InputRecord] = []
        self._changed: dict[str, bytes | None] = {}

    @property
    def waiting(self) -> date | None:
        """The day whose parts the held tick waits for (None: not waiting)."""
        return max(self.told) if self.held else None

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.ledger = stored_ledger(self.partitions, self.partition, entries)
        self.told = {
            date.fromisoformat(k.removeprefix(TOLD)): DayPart.model_validate(v)
            for k, v in entries.items()
            if k.startswith(TOLD)
        }
        self.held = []

    def event_id(self, record: InputRecord) -> str | None:
        return record.header("ce_id")

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        assert record.partition == self.partition, "a lane folds its own partition only"
        if self.held:
            self.held.append(record)
            return []
        env = decoded(record)
        if env is None:
            return []
        if isinstance(env.data, ClockTicked):
            self._tell(env.data.date - timedelta(days=1))
            self.held.append(record)
            return []
        return self._fold(env, record.offset)

    def release(self, parts: Sequence[DayPart]) -> list[OutboxRecord]:
        """Take the other lanes' parts for the day waited for, fold the held tick, and read
        on through what was held (which may hold at the next tick)."""
        day = self.waiting
        assert day is not None, "a lane releases only while it waits"
        assert all(part.day == day for part in parts), "the parts of the day it waits for"
        for part in parts:
            take_part(self.ledger, part)
        (tick, *after), self.held = self.held, []
        env = decoded(tick)
        assert env is not None, "a held tick was decoded when it was held"
        outputs = self._fold(env, tick.offset)
        for read, record in enumerate(after, 1):
            outputs += self.handle(record)
            if self.held:  # the next day's tick: hold the rest with it at once
                self.held += after[read:]
                break
        return outputs

    def _fold(self, env: Envelope, offset: int) -> list[OutboxRecord]:
        return outbox(self.out_topic, fold(self.ledger, Delivery(self.partition, env, offset)))

    def _tell(self, day: date) -> None:
        """Tell the part for ``day`` unless told already (a restarted lane reads its held
        tick again), and let go of parts no lane can still wait for."""
        if day in self.told:
            return
        part = self.told[day] = close_day(self.ledger, day)
        self._changed[f"{TOLD}{day.isoformat()}"] = part.model_dump_json().encode()
        for old in [d for d in self.told if d <= day - KEPT]:
            del self.told[old]
            self._changed[f"{TOLD}{old.isoformat()}"] = None

    def holding(self) -> dict[int, int]:
        """The held tick's offset: a restart reads on from there."""
        return {self.partition: self.held[0].offset} if self.held else {}

    def take_changes(self) -> dict[str, Any | None]:
        changes: dict[str, Any | None] = {**self.ledger.take_changes(), **self._changed}
        self._changed = {}
        return changes


class DayClose:
    """The exchange between the lanes of one service (日终跨分区汇总), through PostgreSQL:
    each lane's parts are in its schema, committed with the state that produced them
    (the lanes of this instance's are read from memory)."""

    def __init__(self, pool: asyncpg.Pool, schema: str, partitions: int) -> None:
        self.pool, self.schema, self.partitions = pool, schema, partitions

    async def __call__(self, lanes: Lanes) -> set[int]:
        """Release every lane held here whose day every other lane has told, again and
        again while one is released (its part may be the one another waits for); the
        partitions still waiting."""
        released = True
        while released:
            released = False
            for partition, lane in list(lanes.held.items()):
                day = _waiting(lane.projection)
                parts = None if day is None else await self.parts(lanes, partition, day)
                if parts is not None:
                    await lanes.release(partition, partial(_release, lane.projection, parts))
                    released = True
        return {p for p, lane in lanes.held.items() if _waiting(lane.projection) is not None}

    async def parts(self, lanes: Lanes, partition: int, day: date) -> list[DayPart] | None:
        """Every other lane's part for ``day``, or None while one has not told it (or its
        lane was never opened): the lanes held here from memory (what they told is
        committed, this runs between batches), the others from their schemas."""
        here = [_lane(lane.projection).told.get(day) for p, lane in lanes.held.items()
                if p != partition]  # fmt: skip
        told = [part for part in here if part is not None]
        if len(told) < len(here):
            return None
        others = [p for p in range(self.partitions) if p != partition and p not in lanes.held]
        stored = await self._stored(others, day) if others else []
        return None if stored is None else told + stored

    async def _stored(self, partitions: list[int], day: date) -> list[DayPart] | None:
        """The parts for ``day`` of the lanes of ``partitions``, from their schemas; None
        unless every one has told it."""
        schemas = [lane_schema(self.schema, p) for p in partitions]
        async with self.pool.acquire() as conn:
            tables = [f"{schema}.state" for schema in schemas]
            opened = await conn.fetchval(
                "SELECT count(to_regclass(t)) FROM unnest($1::text[]) t", tables
            )
            if opened < len(schemas):
                return None
            union = " UNION ALL ".join(
                f"SELECT value::text FROM {quote_schema(s)}.state WHERE key = $1" for s in schemas
            )
            rows = await conn.fetch(union, f"{TOLD}{day.isoformat()}")
        if len(rows) < len(schemas):
            return None
        return [DayPart.model_validate_json(row[0]) for row in rows]


def _lane(projection: Projection) -> AccountabilityLane:
    return cast(AccountabilityLane, projection)


def _waiting(projection: Projection) -> date | None:
    return _lane(projection).waiting


def _release(projection: Projection, parts: Sequence[DayPart]) -> list[OutboxRecord]:
    return _lane(projection).release(parts)
