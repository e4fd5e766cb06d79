"""The registry's projections for the shared :class:`Pipeline` (投影适配器).

* :class:`IntakeProjection` judges submissions (Kafka intake and HTTP) and
  clock commands, and returns the log's and the rejections' outbox rows.
* :class:`LogFold` rebuilds the same state from ``zeren.events.v1`` alone.

Both are thin: decoding and encoding here, decisions in the domain. The
registry deduplicates by (source, id) itself, so ``event_id`` is None.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.bindings import decode, encode_binary
from contracts.envelope import Envelope
from contracts.errors import ContractViolation, Issue
from contracts.events.chain import ChainCheckpointed
from contracts.events.clock import ClockBeat, ClockTicked
from contracts.events.placement import StructureShared, UnitPlaced
from contracts.text import escaped
from services.common.access.sources import Sources
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.common.settings import SettingsError
from services.registry.adapters import records
from services.registry.adapters.chain import ChainFold, checkpoint_due
from services.registry.adapters.intake_topics import IntakeTopics, bound_source
from services.registry.adapters.journal import Receipt
from services.registry.domain.clock import beats, ticks
from services.registry.domain.codes import UNREADABLE
from services.registry.domain.intake import Outcome, judge
from services.registry.domain.organizations import MEMBER_STEPS
from services.registry.domain.placement import announced_on
from services.registry.domain.rejection import Original, Submitter, rejection
from services.registry.domain.state import RegistryState

log = logging.getLogger("zeren.registry")
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
    """Judges submissions and moves the clock; keeps the receipts of the current batch.

    ``chained``: each day's ticks are followed by a row asking for the day's
    signed checkpoint; the relay chains the log's records and makes it
    (:class:`~services.registry.adapters.chain.ChainStamper`).

    ``subtree``: write a new log under subtree placement
    (:mod:`services.registry.domain.placement`). The log decides once it has
    facts: a placed log stays placed whatever the setting, and a log written
    under key placement cannot switch (its units have no home).
    """

    def __init__(
        self,
        sources: Sources,
        topics: RegistryTopics,
        partitions: int,
        now: Now,
        clock_start: date | None = None,
        chained: bool = False,
        *,
        subtree: bool = False,
    ) -> None:
        self.sources, self.topics, self.partitions = sources, topics, partitions
        self.now, self.clock_start, self.chained = now, clock_start, chained
        self.subtree = subtree
        self.state = RegistryState()
        self._receipts: list[Receipt] = []
        self._choose_placement()

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = RegistryState.from_entries(entries)
        self._choose_placement()

    def _choose_placement(self) -> None:
        placement = self.state.placement
        if placement is not None:
            placement.widen(self.partitions)
            if not self.subtree:
                log.warning("the log is written under subtree placement: it stays so")
        elif self.subtree:
            if self.state.seen:
                raise SettingsError(
                    "日志已按组织键分区写入，不能改为按子树分区"
                    "（ZEREN_PLACEMENT=subtree 仅适用于新日志）",
                    "the log was written under key placement and cannot switch to subtree"
                    " placement (ZEREN_PLACEMENT=subtree is for a new log)",
                )
            self.state.place_by_subtree(self.partitions)

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

    def _logged(
        self, env: Envelope, partition: int | None = None, recordedtime: datetime | None = None
    ) -> OutboxRecord:
        """``env`` as the log's next record."""
        return outbox_record(self.topics.events, env, partition, recordedtime)

    def take_changes(self) -> dict[str, Any | None]:
        return dict[str, Any | None](self.state.take_changes())

    def take_receipts(self) -> list[Receipt]:
        """The receipts of the submissions handled since the last call."""
        taken, self._receipts = self._receipts, []
        return taken

    def _appended(self, env: Envelope, received_at: datetime) -> list[OutboxRecord]:
        """An accepted fact as the log's next records: keyed by its subject (key placement),
        or on the partitions subtree placement picks, after any ``UnitPlaced`` it calls for."""
        if self.state.placement is None:
            return [self._logged(env, recordedtime=received_at)]
        announced, targets = self.state.place(env, received_at)
        return [
            *(self._logged(a, partition=announced_on(a)) for a in announced),
            *(self._logged(env, partition=p, recordedtime=received_at) for p in targets),
        ]

    def _advance(self, record: InputRecord) -> list[OutboxRecord]:
        days = self.state.clock.days_until(records.clock_target(record), self.clock_start)
        if not days:
            return []
        recorded = self.now()
        self.state.move_clock(days[-1])
        outputs: list[OutboxRecord] = []
        for day in days:
            outputs += [
                self._logged(tick, partition=clock_partition(tick))
                for tick in ticks(day, self.partitions, recorded)
            ]
            if self.chained:
                outputs.append(checkpoint_due(self.topics.events, day, recorded))
        return outputs

    def _beat(self) -> list[OutboxRecord]:
        beat, today = self.state.next_beat(), self.state.clock.today
        if beat is None or today is None:
            return []
        return [
            self._logged(env, partition=clock_partition(env))
            for env in beats(today, beat, self.partitions, self.now())
        ]

    def _receive(self, record: InputRecord) -> list[OutboxRecord]:
        """Judge one submission. Whatever breaks while reading or judging it (a bug, a
        hostile message no rule foresaw) rejects that one submission with a code, so a
        record never stops the registry; the state changes only once it is accepted."""
        received_at, receipt = self.now(), records.receipt(record)
        try:
            env = self._read(record)
            verdict = judge(self.state, self.sources, env, bound_source(record, self.topics.intake))
        except ContractViolation as violation:
            return self._refuse(record, receipt, received_at, violation.issues)
        except Exception:
            log.exception("submission %s could not be judged: rejected", receipt)
            return self._refuse(record, receipt, received_at, (UNREADABLE.issue("message"),))
        self._receipts.append(
            Receipt(
                receipt, received_at, verdict.outcome, env.source, env.id, env.type, verdict.issues
            )
        )
        if verdict.outcome is Outcome.ACCEPTED:
            self.state.record(env)
            return self._appended(env, self.state.stamp(received_at))
        if verdict.outcome is Outcome.REJECTED:
            return [self._rejection(record, receipt, verdict.issues, received_at)]
        return []

    @staticmethod
    def _read(record: InputRecord) -> Envelope:
        if record.unreadable is not None:
            raise ContractViolation([UNREADABLE.issue("headers", record.unreadable)])
        return decode(record.value, record.headers)

    def _refuse(
        self, record: InputRecord, receipt: str, received_at: datetime, issues: tuple[Issue, ...]
    ) -> list[OutboxRecord]:
        # What a broken message claims is kept as PostgreSQL and JSON can hold it.
        who = _submitter(record)
        source, submission = (
            None if t is None else escaped(t) for t in (who.source, who.submission_id)
        )
        self._receipts.append(
            Receipt(receipt, received_at, Outcome.REJECTED, source, submission, issues=issues)
        )
        return [self._rejection(record, receipt, issues, received_at)]

    def _rejection(
        self, record: InputRecord, receipt: str, issues: tuple[Issue, ...], now: datetime
    ) -> OutboxRecord:
        try:
            notice = rejection(receipt, issues, records.original(record), _submitter(record), now)
        except Exception:  # the message defeats even its description: keep its bytes
            log.exception("rejection of %s: the original is kept in base64 only", receipt)
            notice = rejection(receipt, issues, _raw(record), Submitter(), now)
        return outbox_record(self.topics.rejected, notice)


def _submitter(record: InputRecord) -> Submitter:
    """Who submitted what, as far as it can be read; nothing if even that fails."""
    try:
        return records.submitter(record)
    except Exception:
        log.exception("submitter of %s unreadable", records.receipt(record))
        return Submitter()


def _raw(record: InputRecord) -> Original:
    return Original(base64.b64encode(record.value or b"").decode(), "base64")


def clock_partition(env: Envelope) -> int:
    """The partition a tick or beat is written to (its own ``partition`` field)."""
    assert isinstance(env.data, ClockTicked | ClockBeat)
    return env.data.partition


#: Records whose ``recordedtime`` is the wall clock's, not a fact's stamp (入账时间).
UNSTAMPED = (ClockTicked, ClockBeat, ChainCheckpointed)


class LogFold:
    """Rebuilds the registry's state from ``zeren.events.v1`` (从规范日志重建), and the
    chain's state its relay keeps (:class:`ChainFold`): each partition's last
    ``zeren-chain`` digest and its record count, and the daily checkpoints by month.

    The log is read partition by partition, but a member's facts are keyed by the
    branch they happen in: a transfer's "out" and "in" may be on two partitions, read
    in either order. The facts that move a member's record (``MEMBER_STEPS``) are
    therefore kept aside and folded last (:meth:`finish`), in the order the registry
    recorded them (``recordedtime``, which it keeps strictly increasing whatever the
    wall clock does: :meth:`RegistryState.stamp`; on a tie, which older logs may hold,
    a partition's own order). The rest of
    the state does not depend on them (folded last, they may leave the clock marked
    as having facts to close, which only asks for one more beat).
    """

    def __init__(self) -> None:
        self.state = RegistryState()
        self.chain = ChainFold()
        self._member_steps: list[tuple[datetime, int, int, Envelope]] = []

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = RegistryState.from_entries(entries)
        self.chain = ChainFold(entries)

    def event_id(self, record: InputRecord) -> str | None:
        return None

    def holding(self) -> dict[int, int]:
        return {}  # every record is judged as it comes

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        env = self.chain.follow(record)
        if env.recordedtime is not None and not isinstance(env.data, UNSTAMPED):
            self.state.saw_stamp(env.recordedtime)
        if isinstance(env.data, ClockTicked):
            if self.state.clock.today is None or env.data.date > self.state.clock.today:
                self.state.move_clock(env.data.date)
        elif isinstance(env.data, ClockBeat):
            if env.data.date == self.state.clock.today:
                self.state.heard_beat(env.data.beat)
        elif isinstance(env.data, UnitPlaced):
            self.state.settle(env.data)
        elif isinstance(env.data, MEMBER_STEPS):
            recorded = env.recordedtime or env.time
            self._member_steps.append((recorded, record.partition, record.offset, env))
        elif not isinstance(env.data, ChainCheckpointed | StructureShared):
            self.state.follow_logged(env, record.partition)  # a checkpoint is not a fact
        return []

    def finish(self) -> None:
        """Fold the member facts kept aside, in the order they were recorded."""
        steps, self._member_steps = self._member_steps, []
        for _, partition, _, env in sorted(steps, key=lambda step: step[:3]):
            self.state.follow_logged(env, partition)

    def take_changes(self) -> dict[str, Any | None]:
        self.finish()
        return {**self.state.take_changes(), **self.chain.take_changes()}
