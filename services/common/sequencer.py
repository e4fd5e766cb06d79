"""Lock-step ordering of the partitions (分区同步排序): one order of facts for every run.

Zeren's topics are partitioned by organization, and a consumer sees the
partitions interleaved differently on every run (and after every restart).
Decisions that look across organizations (普遍性问题) would then depend on
that interleaving. The sequencer removes it: each partition's records are
cut into segments, each ending with a clock mark (``ClockTicked``, mark
(day, 0), or ``ClockBeat``, mark (day, beat)); a segment is held until
every partition has received a mark at least as late as its end, and the
released segments are folded in the order (mark, partition, offset). That
order is a function of the log alone, so the outputs are too.

The price is latency: a fact is decided once the next mark has reached every
partition (the registry beats every partition shortly after appending facts,
and ticks every partition each day).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic_core import to_json

from contracts.envelope import Envelope, parse_envelope
from contracts.events.clock import ClockBeat, ClockTicked
from contracts.types import event_type_of
from services.common.pipeline import InputRecord

HELD = "held:"
CLOCK = "sequencer"

#: A point of the log's clock (时钟标记): (day, beat), a day's tick being beat 0.
Mark = tuple[date, int]
#: Before any mark.
NO_MARK: Mark = (date.min, -1)
#: Records a partition may hold beyond the slowest partition's mark before it is paused.
HOLD_LIMIT = 2000


#: The CloudEvents types of the clock marks.
MARK_TYPES = frozenset(event_type_of(model) for model in (ClockTicked, ClockBeat))


def may_release(record: InputRecord) -> bool:
    """Whether offering ``record`` may release anything: a clock mark, or a record
    whose type is not in its headers (structured mode: known only once decoded).
    Any other record is only held (see :meth:`Sequencer.offer`)."""
    kind = record.header("ce_type")
    return kind is None or kind in MARK_TYPES


def mark_of(env: Envelope) -> Mark | None:
    """The clock mark ``env`` is, None for any other event."""
    data = env.data
    if isinstance(data, ClockTicked):
        return data.date, 0
    if isinstance(data, ClockBeat):
        return data.date, data.beat
    return None


@dataclass(frozen=True)
class Delivery:
    """One input event, the partition it was read from and its offset there (投递)."""

    partition: int
    envelope: Envelope
    #: The record's offset in its partition (-1: not read from Kafka, never re-read).
    offset: int = -1


@dataclass
class Segment:
    """A run of one partition's held records; closed by the mark ``end`` (None: open)."""

    end: Mark | None = None
    keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Frontier:
    """Where a partition's released records end (已放行边界): a restart resumes here,
    with ``mark`` the partition's latest mark up to there and ``seq`` the number of
    the next record."""

    mark: Mark
    seq: int


@dataclass
class Sequencer:
    """Holds each partition's records until all partitions have caught up.

    ``held`` maps each held record's key to its delivery; ``segments`` lists,
    per partition and in offset order, the segments those keys fall into, so
    a release pops whole segments from the front and never rescans.

    Held records are not stored: what is stored is each partition's
    :class:`Frontier`, and the consumer stores the Kafka offset of a partition's
    first held record (:meth:`holding`) as its position, so after a restart the
    held records are read again and offered again, in their partition's order.
    Offered again from the frontier, they release nothing before the last of
    them (a partition's marks only rise: see :meth:`offer`), so the sequencer
    ends where it was. ``stored`` are records held under the earlier scheme,
    one ``held:`` entry each: restored, and deleted once released.
    """

    partitions: int
    received: dict[int, Mark] = field(default_factory=dict)
    held: dict[str, Delivery] = field(default_factory=dict)
    segments: dict[int, deque[Segment]] = field(default_factory=dict)
    next_seq: dict[int, int] = field(default_factory=dict)
    frontier: dict[int, Frontier] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)

    def take_changed(self) -> set[str]:
        """The keys changed since the last call (their entries are to be written now)."""
        changed, self.changed = self.changed, set()
        return changed

    def offer(self, delivery: Delivery) -> list[Delivery]:
        """Hold ``delivery``; return every delivery that can now be folded, in order.

        A partition's latest mark only rises: a mark earlier than one already
        received closes its segment but does not move the partition back.
        """
        p = delivery.partition
        if not 0 <= p < self.partitions:
            raise ValueError(f"partition {p} outside 0..{self.partitions - 1} (分区越界)")
        seq = self.next_seq.get(p, 0)
        self.next_seq[p] = seq + 1
        mark = self._hold(p, held_key(p, seq), delivery)
        if mark is None:
            return []  # nothing closed and the watermark stands: nothing new to release
        self.received[p] = max(mark, self.received.get(p, NO_MARK))
        return self._release()

    def holding(self) -> dict[int, int]:
        """Per partition holding records read from Kafka: the offset of the first one."""
        first: dict[int, int] = {}
        for p, queue in self.segments.items():
            offsets = (
                self.held[key].offset
                for segment in queue
                for key in segment.keys
                if key not in self.stored
            )
            offset = next(offsets, -1)
            if offset >= 0:
                first[p] = offset
        return first

    def _hold(self, p: int, key: str, delivery: Delivery) -> Mark | None:
        self.held[key] = delivery
        queue = self.segments.setdefault(p, deque())
        if not queue or queue[-1].end is not None:
            queue.append(Segment())
        queue[-1].keys.append(key)
        mark = queue[-1].end = mark_of(delivery.envelope)
        return mark

    def _release(self) -> list[Delivery]:
        """Pop the segments ending on or before the watermark, in (end, partition) order."""
        if len(self.received) < self.partitions:
            return []
        watermark = min(self.received.values())
        ready = [
            (end, p, keys) for p in sorted(self.segments) for end, keys in self._due(p, watermark)
        ]
        ready.sort(key=lambda r: (r[0], r[1]))
        released = [self.held.pop(key) for _, _, keys in ready for key in keys]
        for end, p, keys in ready:
            self._advance(p, end, keys)
        return released

    def _advance(self, p: int, end: Mark, keys: list[str]) -> None:
        """Move ``p``'s frontier past its released segment ``keys``, closed by ``end``."""
        stored = [key for key in keys if key in self.stored]
        self.stored.difference_update(stored)
        self.changed.update(stored)  # their entries are deleted
        if stored and stored[-1] == keys[-1]:
            return  # restored with the frontier already past them
        after = Frontier(end, parse_held_key(keys[-1])[1] + 1)
        before = self.frontier.get(p, after)
        self.frontier[p] = Frontier(max(after.mark, before.mark), max(after.seq, before.seq))
        self.changed.add(CLOCK)

    def _due(self, p: int, watermark: Mark) -> list[tuple[Mark, list[str]]]:
        """Pop the leading segments of ``p`` closed by a mark on or before ``watermark``."""
        queue, due = self.segments[p], []
        while queue and (end := queue[0].end) is not None and end <= watermark:
            due.append((end, queue.popleft().keys))
        return due

    def ahead(self, limit: int = HOLD_LIMIT) -> set[int]:
        """Partitions to pause (背压): holding over ``limit`` records, past the slowest's mark.

        A consumer reads partitions unevenly (a fetch is bounded in bytes, not in
        days); what one partition holds waits for the others, in memory. The
        partitions at the slowest mark are never paused, so the log keeps moving.
        """
        slowest = min(self.received.get(p, NO_MARK) for p in range(self.partitions))
        return {
            p
            for p, queue in self.segments.items()
            if self.received.get(p, NO_MARK) > slowest
            and sum(len(segment.keys) for segment in queue) > limit
        }

    def entry(self, key: str) -> bytes | None:
        """The stored form of ``key``, JSON-encoded (None: deleted)."""
        if key != CLOCK:
            return None  # a stored held record, released
        frontiers = sorted(self.frontier.items())
        return to_json(
            {
                "received": {str(p): mark_text(f.mark) for p, f in frontiers if f.mark != NO_MARK},
                "next_seq": {str(p): f.seq for p, f in frontiers},
            }
        )

    @classmethod
    def restored(cls, partitions: int, entries: Mapping[str, Any]) -> Sequencer:
        """The sequencer saved in ``entries`` (its ``clock`` and any ``held:`` keys; others
        ignored): at its frontiers, the records it held to be offered again."""
        sequencer = cls(partitions)
        clock = entries.get(CLOCK)
        if clock is not None:
            received = {int(p): parse_mark(text) for p, text in clock["received"].items()}
            for p, seq in ((int(p), int(n)) for p, n in clock["next_seq"].items()):
                sequencer.frontier[p] = Frontier(received.get(p, NO_MARK), seq)
                sequencer.next_seq[p] = seq
            sequencer.received = received
        for (p, _), key in sorted((parse_held_key(k), k) for k in entries if k.startswith(HELD)):
            envelope = parse_envelope(json.dumps(entries[key], ensure_ascii=False))
            sequencer._hold(p, key, Delivery(p, envelope))
            sequencer.stored.add(key)
        return sequencer


def mark_text(mark: Mark) -> str:
    """``2018-04-01`` for a tick, ``2018-04-01#3`` for a beat."""
    day, beat = mark
    return day.isoformat() + (f"#{beat}" if beat else "")


def parse_mark(text: str) -> Mark:
    day, _, beat = text.partition("#")
    return date.fromisoformat(day), int(beat or 0)


def held_key(partition: int, seq: int) -> str:
    return f"{HELD}{partition}:{seq:012d}"


def parse_held_key(key: str) -> tuple[int, int]:
    partition, seq = key.removeprefix(HELD).split(":")
    return int(partition), int(seq)


def is_sequencer_key(key: str) -> bool:
    """True for the state entries the sequencer owns (its clock and held records)."""
    return key == CLOCK or key.startswith(HELD)
