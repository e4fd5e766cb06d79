"""The registry's projections for the shared :class:`Pipeline` (投影适配器).

* :class:`IntakeProjection` judges submissions (Kafka intake and HTTP) and
  clock commands, and returns the log's and the rejections' outbox rows.
* :class:`LogFold` rebuilds the same state from ``zeren.events.v1`` alone.

Both are thin: decoding and encoding here, decisions in the domain. The
registry deduplicates by (source, id) itself, so ``event_id`` is None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.bindings import decode, encode_binary
from contracts.envelope import Envelope
from contracts.errors import ContractViolation, Issue
from contracts.events.clock import ClockBeat, ClockTicked
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.registry.adapters import records
from services.registry.adapters.intake_topics import IntakeTopics, bound_source
from services.registry.adapters.journal import Receipt
from services.registry.domain.clock import beats, ticks
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.rejection import rejection
from services.registry.domain.sources import Sources
from services.registry.domain.state import RegistryState

Now = Callable[[], datetime]


@dataclass(frozen=True)
class RegistryTopics:
    """The actual names of the registry's topics (with any suffix)."""

    intake: IntakeTopics
    events: str
    rejected: str


def outbox_record(
    topic: str, env: Envelope, partition: int | None = None, recordedtime: datetime | None = None
) -> OutboxRecord:
    """``env`` in the binary binding, keyed by its subject (stamped ``recordedtime`` if given)."""
    key, value, headers = encode_binary(env, recordedtime)
    return OutboxRecord(topic, value, key, partition, headers)


class IntakeProjection:
    """Judges submissions and moves the clock; keeps the receipts of the current batch."""

    def __init__(
        self,
        sources: Sources,
        topics: RegistryTopics,
        partitions: int,
        now: Now,
        clock_start: date | None = None,
    ) -> None:
        self.sources, self.topics, self.partitions = sources, topics, partitions
        self.now, self.clock_start = now, clock_start
        self.state = RegistryState()
        self._receipts: list[Receipt] = []

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = RegistryState.from_entries(entries)

    def event_id(self, record: InputRecord) -> str | None:
        return None

    def holding(self) -> dict[int, int]:
        return {}  # every record is judged as it comes

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        if record.topic == records.CLOCK_TOPIC:
            return self._advance(record)
        if record.topic == records.BEAT_TOPIC:
            return self._beat()
        return self._receive(record)

    def take_changes(self) -> dict[str, Any | None]:
        return dict(self.state.take_changes())

    def take_receipts(self) -> list[Receipt]:
        """The receipts of the submissions handled since the last call."""
        taken, self._receipts = self._receipts, []
        return taken

    def _advance(self, record: InputRecord) -> list[OutboxRecord]:
        days = self.state.clock.days_until(records.clock_target(record), self.clock_start)
        if not days:
            return []
        recorded = self.now()
        self.state.move_clock(days[-1])
        return [
            outbox_record(self.topics.events, tick, partition=clock_partition(tick))
            for day in days
            for tick in ticks(day, self.partitions, recorded)
        ]

    def _beat(self) -> list[OutboxRecord]:
        beat, today = self.state.next_beat(), self.state.clock.today
        if beat is None or today is None:
            return []
        return [
            outbox_record(self.topics.events, env, partition=clock_partition(env))
            for env in beats(today, beat, self.partitions, self.now())
        ]

    def _receive(self, record: InputRecord) -> list[OutboxRecord]:
        received_at, receipt = self.now(), records.receipt(record)
        try:
            env = decode(record.value, record.headers)
        except ContractViolation as violation:
            who = records.submitter(record)
            self._receipts.append(
                Receipt(
                    receipt,
                    received_at,
                    Outcome.REJECTED,
                    who.source,
                    who.submission_id,
                    issues=violation.issues,
                )
            )
            return [self._rejection(record, receipt, violation.issues, received_at)]
        verdict = admit(self.state, self.sources, env, bound_source(record, self.topics.intake))
        self._receipts.append(
            Receipt(
                receipt, received_at, verdict.outcome, env.source, env.id, env.type, verdict.issues
            )
        )
        if verdict.outcome is Outcome.ACCEPTED:
            return [outbox_record(self.topics.events, env, recordedtime=received_at)]
        if verdict.outcome is Outcome.REJECTED:
            return [self._rejection(record, receipt, verdict.issues, received_at)]
        return []

    def _rejection(
        self, record: InputRecord, receipt: str, issues: tuple[Issue, ...], now: datetime
    ) -> OutboxRecord:
        notice = rejection(
            receipt, issues, records.original(record), records.submitter(record), now
        )
        return outbox_record(self.topics.rejected, notice)


def clock_partition(env: Envelope) -> int:
    """The partition a tick or beat is written to (its own ``partition`` field)."""
    assert isinstance(env.data, ClockTicked | ClockBeat)
    return env.data.partition


class LogFold:
    """Rebuilds the registry's state from ``zeren.events.v1`` (从规范日志重建)."""

    def __init__(self) -> None:
        self.state = RegistryState()

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = RegistryState.from_entries(entries)

    def event_id(self, record: InputRecord) -> str | None:
        return None

    def holding(self) -> dict[int, int]:
        return {}  # every record is judged as it comes

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        env = decode(record.value, record.headers)
        if isinstance(env.data, ClockTicked):
            if self.state.clock.today is None or env.data.date > self.state.clock.today:
                self.state.move_clock(env.data.date)
        elif isinstance(env.data, ClockBeat):
            if env.data.date == self.state.clock.today:
                self.state.heard_beat(env.data.beat)
        else:
            self.state.record(env)
        return []

    def take_changes(self) -> dict[str, Any | None]:
        return dict(self.state.take_changes())
