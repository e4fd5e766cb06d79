"""The sequencer's incremental release equals the straightforward rescan, record for record.

:class:`Reference` is the original algorithm (cut every partition's held
records into segments on each offer, and store each held record); random
logs, random interleavings and restarts must give the same releases. A
restart restores the stored frontiers and reads the held records again from
the positions the pipeline stored; entries stored the original way (one per
held record) are still restored.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from contracts.envelope import Envelope, examples, new_envelope
from contracts.events.clock import ClockBeat, ClockTicked, partition_subject
from services.common.pipeline import json_text
from services.common.sequencer import (
    CLOCK,
    HELD,
    Delivery,
    Sequencer,
    held_key,
    parse_held_key,
)
from services.duties.domain.matching import SHANGHAI
from tests.unit.read_again import read_again

pytestmark = pytest.mark.unit

FACTS = [env for env in examples() if not isinstance(env.data, ClockTicked | ClockBeat)]
Mark = tuple[date, int]


def mark(env: Envelope) -> Mark | None:
    if isinstance(env.data, ClockTicked):
        return env.data.date, 0
    if isinstance(env.data, ClockBeat):
        return env.data.date, env.data.beat
    return None


@dataclass
class Reference:
    """The rescanning sequencer the incremental one replaced."""

    partitions: int
    received: dict[int, Mark] = field(default_factory=dict)
    held: dict[int, dict[int, Envelope]] = field(default_factory=dict)
    next_seq: dict[int, int] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    def offer(self, delivery: Delivery) -> list[Delivery]:
        p, env = delivery.partition, delivery.envelope
        seq = self.next_seq.get(p, 0)
        self.next_seq[p] = seq + 1
        self.held.setdefault(p, {})[seq] = env
        self.changed.update({held_key(p, seq), CLOCK})
        if (closing := mark(env)) is not None:
            self.received[p] = max(closing, self.received.get(p, (date.min, -1)))
        if len(self.received) < self.partitions:
            return []
        watermark = min(self.received.values())
        segments: list[tuple[Mark, int, list[Envelope]]] = []
        for q in sorted(self.held):
            segments.extend((end, q, envs) for end, envs in self._complete(q, watermark))
        segments.sort(key=lambda s: (s[0], s[1]))
        return [Delivery(q, env) for _, q, envs in segments for env in envs]

    def _complete(self, p: int, watermark: Mark) -> list[tuple[Mark, list[Envelope]]]:
        segments: list[tuple[Mark, list[Envelope]]] = []
        current: list[Envelope] = []
        pending: list[int] = []
        done: list[int] = []
        for seq, env in self.held[p].items():
            closing = mark(env)
            if closing is not None and closing > watermark:
                break
            current.append(env)
            pending.append(seq)
            if closing is not None:
                segments.append((closing, current))
                done += pending
                current, pending = [], []
        for seq in done:
            del self.held[p][seq]
            self.changed.add(held_key(p, seq))
        return segments

    def entry(self, key: str) -> Any | None:
        if key == CLOCK:
            return {
                "received": {
                    str(p): d.isoformat() + (f"#{b}" if b else "")
                    for p, (d, b) in sorted(self.received.items())
                },
                "next_seq": {str(p): n for p, n in sorted(self.next_seq.items())},
            }
        p, seq = parse_held_key(key)
        env = self.held.get(p, {}).get(seq)
        return None if env is None else env.model_dump(mode="json", exclude_none=True)


def tick(day: date, partition: int) -> Envelope:
    return new_envelope(
        ClockTicked(date=day, partition=partition),
        id=f"tick:{day.isoformat()}:{partition}",
        source="urn:zeren:registry",
        time=datetime.combine(day, time(), SHANGHAI),
        subject=partition_subject(partition),
    )


def beat(day: date, number: int, partition: int) -> Envelope:
    return new_envelope(
        ClockBeat(date=day, beat=number, partition=partition),
        id=f"beat:{day.isoformat()}:{number}:{partition}",
        source="urn:zeren:registry",
        time=datetime.combine(day, time(12), SHANGHAI),
    )


def partition_log(rng: random.Random, p: int) -> list[Envelope]:
    """Facts, ticks and beats of one partition; marks mostly rise, sometimes repeat or go back."""
    day, beats, log = date(2018, 1, 1), 0, []
    for _ in range(rng.randint(0, 60)):
        if rng.random() < 0.2:
            day += timedelta(days=rng.choice([-1, 0, 1, 1, 1, 2]))
            beats = 0
            log.append(tick(day, p))
        elif rng.random() < 0.15:
            beats += rng.choice([-1, 1, 1, 2]) if beats > 1 else 1
            log.append(beat(day, beats, p))
        else:
            log.append(rng.choice(FACTS))
    return log


def interleaved(rng: random.Random, logs: list[list[Envelope]]) -> list[Delivery]:
    """The partitions' logs merged in a random order that keeps each partition's order."""
    cursors, merged = [0] * len(logs), []
    while any(c < len(log) for c, log in zip(cursors, logs, strict=True)):
        p = rng.choice([q for q, log in enumerate(logs) if cursors[q] < len(log)])
        merged.append(Delivery(p, logs[p][cursors[p]], cursors[p]))
        cursors[p] += 1
    return merged


def persist(store: dict[str, Any], keys: set[str], entry: Any) -> None:
    """What the pipeline does with the changed entries: upsert, or delete on None."""
    for key in keys:
        value = entry(key)
        if value is None:
            store.pop(key, None)
        else:
            store[key] = json.loads(json_text(value))


def pairs(deliveries: list[Delivery]) -> list[tuple[int, Envelope]]:
    return [(d.partition, d.envelope) for d in deliveries]


def segments(sequencer: Sequencer) -> dict[int, list[Any]]:
    return {p: list(queue) for p, queue in sequencer.segments.items() if queue}


@pytest.mark.parametrize("seed", range(40))
def test_incremental_release_equals_the_rescan(seed: int) -> None:
    rng = random.Random(seed)
    partitions = rng.randint(1, 4)
    logs = [partition_log(rng, p) for p in range(partitions)]
    sequencer, reference = Sequencer(partitions), Reference(partitions)
    store: dict[str, Any] = {"unit:other": {"kept": True}}
    read: list[Delivery] = []
    restarts = 0
    for delivery in interleaved(rng, logs):
        got, want = sequencer.offer(delivery), reference.offer(delivery)
        read.append(delivery)
        assert pairs(got) == pairs(want)
        if rng.random() < 0.3:  # a batch ends: what changed is stored
            persist(store, sequencer.take_changed(), sequencer.entry)
            assert not [key for key in store if key.startswith(HELD)]
            if rng.random() < 0.3:  # a restart: the frontiers, then the held records again
                restarted = Sequencer.restored(partitions, store)
                for again in read_again(read, sequencer.holding()):
                    assert restarted.offer(again) == []
                assert restarted.held == sequencer.held
                assert segments(restarted) == segments(sequencer)
                assert (restarted.received, restarted.next_seq, restarted.frontier) == (
                    sequencer.received, sequencer.next_seq, sequencer.frontier
                )  # fmt: skip
                sequencer, restarts = restarted, restarts + 1
    assert sequencer.held.keys() == {
        held_key(p, seq) for p, queue in reference.held.items() for seq in queue
    }
    assert store["unit:other"] == {"kept": True}


def test_the_restarts_above_happen_and_hold_records() -> None:
    """The random logs restart with records held (else the test above proves little)."""
    held_at_restart = 0
    for seed in range(40):
        rng = random.Random(seed)
        partitions = rng.randint(1, 4)
        logs = [partition_log(rng, p) for p in range(partitions)]
        sequencer, read = Sequencer(partitions), []
        for delivery in interleaved(rng, logs):
            sequencer.offer(delivery)
            read.append(delivery)
            if rng.random() < 0.3 and rng.random() < 0.3:
                held_at_restart += len(read_again(read, sequencer.holding()))
    assert held_at_restart > 100


@pytest.mark.parametrize("seed", range(20))
def test_records_stored_one_entry_each_are_restored_and_deleted_once_released(seed: int) -> None:
    """State written before the frontiers (a ``held:`` entry per record) continues exactly."""
    rng = random.Random(seed)
    partitions = rng.randint(1, 4)
    deliveries = interleaved(rng, [partition_log(rng, p) for p in range(partitions)])
    cut = rng.randint(len(deliveries) // 3, len(deliveries))
    reference, old_store = Reference(partitions), dict[str, Any]()
    for delivery in deliveries[:cut]:
        reference.offer(delivery)
    persist(old_store, reference.changed, reference.entry)
    legacy = {key for key in old_store if key.startswith(HELD)}
    sequencer = Sequencer.restored(partitions, old_store)
    assert set(sequencer.held) == legacy
    for delivery in deliveries[cut:]:
        assert pairs(sequencer.offer(delivery)) == pairs(reference.offer(delivery))
    deleted = {key for key in sequencer.take_changed() if sequencer.entry(key) is None}
    assert deleted == legacy - set(sequencer.held)


def test_beats_release_a_day_before_its_end_in_mark_then_partition_order() -> None:
    day = date(2018, 4, 2)
    sequencer = Sequencer(2)
    fact_a, fact_b = FACTS[0], FACTS[1]
    for p in (0, 1):
        assert sequencer.offer(Delivery(p, tick(day, p))) == (
            [] if p == 0 else [Delivery(0, tick(day, 0)), Delivery(1, tick(day, 1))]
        )
    assert sequencer.offer(Delivery(1, fact_b)) == []
    assert sequencer.offer(Delivery(0, fact_a)) == []
    assert sequencer.offer(Delivery(1, beat(day, 1, 1))) == []
    released = sequencer.offer(Delivery(0, beat(day, 1, 0)))
    assert released == [
        Delivery(0, fact_a),
        Delivery(0, beat(day, 1, 0)),
        Delivery(1, fact_b),
        Delivery(1, beat(day, 1, 1)),
    ]
    clock = sequencer.entry(CLOCK)
    assert clock is not None
    assert json.loads(clock)["received"] == {"0": "2018-04-02#1", "1": "2018-04-02#1"}


def test_partitions_holding_too_much_past_the_slowest_mark_are_paused() -> None:
    day = date(2018, 4, 2)
    sequencer = Sequencer(3)
    for p in (0, 1, 2):
        sequencer.offer(Delivery(p, tick(day, p)))
    for _ in range(5):
        sequencer.offer(Delivery(0, FACTS[0]))
        sequencer.offer(Delivery(1, FACTS[0]))
    sequencer.offer(Delivery(0, beat(day, 1, 0)))  # partition 0 runs ahead of 1 and 2
    assert sequencer.ahead(limit=5) == {0}
    assert sequencer.ahead(limit=6) == set()
    sequencer.offer(Delivery(1, beat(day, 1, 1)))
    assert sequencer.ahead(limit=5) == {0, 1}  # 2 is the slowest: never paused
    sequencer.offer(Delivery(2, beat(day, 1, 2)))
    assert sequencer.ahead(limit=0) == set()  # all released
