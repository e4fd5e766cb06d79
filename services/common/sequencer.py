"""Lock-step ordering of the partitions (分区同步排序): one order of facts for every run.

``zeren.duties.v1`` is partitioned by organization, and a consumer sees the
partitions interleaved differently on every run (and after every restart).
Decisions that look across organizations (普遍性问题) would then depend on
that interleaving. The sequencer removes it: each partition's records are
cut into segments, each ending with a ``ClockTicked``; a segment is held
until every partition has received a tick of at least its end date, and the
released segments are folded in the order (tick date, partition, offset).
That order is a function of the log alone, so the outputs are too.

The price is latency: a fact is decided once the next tick has reached every
partition (the registry ticks every partition each day).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contracts.envelope import Envelope, parse_envelope
from contracts.events.clock import ClockTicked

HELD = "held:"
CLOCK = "clock"


@dataclass(frozen=True)
class Delivery:
    """One input event and the partition it was read from (投递)."""

    partition: int
    envelope: Envelope


@dataclass
class Sequencer:
    """Holds each partition's records until all partitions have caught up."""

    partitions: int
    received: dict[int, date] = field(default_factory=dict)
    held: dict[int, dict[int, Envelope]] = field(default_factory=dict)
    next_seq: dict[int, int] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    def offer(self, delivery: Delivery) -> list[Delivery]:
        """Hold ``delivery``; return every delivery that can now be folded, in order."""
        p, env = delivery.partition, delivery.envelope
        if not 0 <= p < self.partitions:
            raise ValueError(f"partition {p} outside 0..{self.partitions - 1} (分区越界)")
        seq = self.next_seq.get(p, 0)
        self.next_seq[p] = seq + 1
        self.held.setdefault(p, {})[seq] = env
        self.changed.update({held_key(p, seq), CLOCK})
        if isinstance(env.data, ClockTicked):
            self.received[p] = env.data.date
        return self._release()

    def _release(self) -> list[Delivery]:
        if len(self.received) < self.partitions:
            return []
        watermark = min(self.received.values())
        segments: list[tuple[date, int, list[Envelope]]] = []
        for p in sorted(self.held):
            segments.extend((end, p, envs) for end, envs in self._complete_segments(p, watermark))
        segments.sort(key=lambda s: (s[0], s[1]))
        return [Delivery(p, env) for _, p, envs in segments for env in envs]

    def _complete_segments(self, p: int, watermark: date) -> list[tuple[date, list[Envelope]]]:
        """Pop the held segments of ``p`` that end with a tick on or before ``watermark``."""
        segments: list[tuple[date, list[Envelope]]] = []
        current: list[Envelope] = []
        pending: list[int] = []
        done: list[int] = []
        for seq, env in self.held[p].items():
            if isinstance(env.data, ClockTicked) and env.data.date > watermark:
                break
            current.append(env)
            pending.append(seq)
            if isinstance(env.data, ClockTicked):
                segments.append((env.data.date, current))
                done += pending
                current, pending = [], []
        for seq in done:
            del self.held[p][seq]
            self.changed.add(held_key(p, seq))
        return segments

    def entry(self, key: str) -> Any | None:
        """The stored form of ``key`` (None: deleted)."""
        if key == CLOCK:
            return {
                "received": {str(p): d.isoformat() for p, d in sorted(self.received.items())},
                "next_seq": {str(p): n for p, n in sorted(self.next_seq.items())},
            }
        p, seq = parse_held_key(key)
        env = self.held.get(p, {}).get(seq)
        return None if env is None else env.model_dump(mode="json", exclude_none=True)

    def restore(self, key: str, value: Any) -> None:
        """Load one stored entry (``clock`` or ``held:<p>:<seq>``)."""
        if key == CLOCK:
            self.received = {int(p): date.fromisoformat(d) for p, d in value["received"].items()}
            self.next_seq = {int(p): int(n) for p, n in value["next_seq"].items()}
            return
        p, seq = parse_held_key(key)
        queue = self.held.setdefault(p, {})
        queue[seq] = parse_envelope(json.dumps(value, ensure_ascii=False))
        self.held[p] = dict(sorted(queue.items()))


def held_key(partition: int, seq: int) -> str:
    return f"{HELD}{partition}:{seq:012d}"


def parse_held_key(key: str) -> tuple[int, int]:
    partition, seq = key.removeprefix(HELD).split(":")
    return int(partition), int(seq)
