"""The duties fold as a :class:`services.common.pipeline.Projection` (投影适配器).

Decodes each record of zeren.events.v1 (binary CloudEvents), passes it
through the :class:`~services.common.sequencer.Sequencer` (so that facts are
folded in one order, day by day and partition by partition, whatever the
interleaving a consumer sees: an event may credit an organization on another
partition), folds it, and writes the outputs to zeren.duties.v2 on the
partition number it came from. A forwarded event keeps its id.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from contracts.envelope import Envelope
from contracts.errors import ContractViolation
from contracts.fast.binary import decode_trusted, encode_trusted
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.common.sequencer import Delivery, Sequencer, is_sequencer_key
from services.duties.domain.documents import restore, take_changed
from services.duties.domain.fold import decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState

log = logging.getLogger(__name__)


class DutiesProjection:
    """Holds the duty state in memory; the pipeline persists what changed."""

    def __init__(
        self,
        output_topic: str,
        partitions: int,
        rules: Rules | None = None,
        *,
        keep_archive: bool = False,
    ) -> None:
        """``keep_archive``: archived instances stay in memory (a replay queried afterwards)."""
        self.output_topic = output_topic
        self.rules = rules or Rules()
        self.state = DutyState(keep_archive=keep_archive)
        self.sequencer = Sequencer(partitions)

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.sequencer = Sequencer.restored(self.sequencer.partitions, entries)
        self.state = restore(
            {k: v for k, v in entries.items() if not is_sequencer_key(k)},
            keep_archive=self.state.keep_archive,
        )

    def event_id(self, record: InputRecord) -> str | None:
        """None: no consumed-id rows for the canonical log (issue 25).

        The registry appends each event exactly once (it drops the outbox rows
        that reached Kafka before its relay restarts: ``outbox_check``), and this
        service resumes at its stored offsets, so no record comes twice. Were one
        to, evidence is credited once per event id (``Instance.evidence``) and
        every output keeps a deterministic id, which the next service drops.
        """
        return None

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        event = decoded(record)
        if event is None:
            return []
        released = self.sequencer.offer(Delivery(record.partition, event, record.offset))
        records: list[OutboxRecord] = []
        for delivery in released:
            self.state, outputs = decide(
                self.state, delivery.envelope, delivery.partition, self.rules
            )
            records += [outbox(self.output_topic, out, delivery.partition) for out in outputs]
        return records

    def holding(self) -> dict[int, int]:
        return self.sequencer.holding()

    def take_changes(self) -> dict[str, Any | None]:
        changed = take_changed(self.state)
        keys = self.sequencer.take_changed()
        return {**changed, **{key: self.sequencer.entry(key) for key in sorted(keys)}}


def decoded(record: InputRecord) -> Envelope | None:
    """The event of a log record; None (logged, never folded) for one that does not decode:
    the registry validated every event."""
    try:
        return decode_trusted(record.value, record.headers)
    except ContractViolation as error:
        where = record.topic, record.partition, record.offset
        log.error("undecodable record %s/%s@%s: %s", *where, error)
        return None


def outbox(topic: str, out: Envelope, partition: int) -> OutboxRecord:
    """An output for ``topic``'s ``partition`` (an input's outputs keep its partition)."""
    key, value, headers = encode_trusted(out)
    return OutboxRecord(topic, value, key, partition, headers)
