"""The duties fold as a :class:`services.common.pipeline.Projection` (投影适配器).

Decodes each record of zeren.events.v1 (binary CloudEvents), folds it, and
writes the outputs to zeren.duties.v1 on the same partition number. A
forwarded event is re-published byte for byte (same id, same headers).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from contracts.bindings import decode, encode_binary
from contracts.envelope import Envelope
from contracts.errors import ContractViolation
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.duties.domain.fold import decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState, restore

log = logging.getLogger(__name__)


class DutiesProjection:
    """Holds the duty state in memory; the pipeline persists what changed."""

    def __init__(self, output_topic: str, rules: Rules | None = None) -> None:
        self.output_topic = output_topic
        self.rules = rules or Rules()
        self.state = DutyState()

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = restore(entries)

    def event_id(self, record: InputRecord) -> str | None:
        return record.header("ce_id")

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        try:
            event = decode(record.value, record.headers)
        except ContractViolation as error:
            # The registry validated every event; a broken one is logged, never folded.
            log.error("undecodable record %s/%s@%s: %s", *_where(record), error)
            return []
        self.state, outputs = decide(self.state, event, record.partition, self.rules)
        return [self._outbox(out, event, record) for out in outputs]

    def take_changes(self) -> dict[str, Any | None]:
        return self.state.take_changed()

    def _outbox(self, out: Envelope, cause: Envelope, record: InputRecord) -> OutboxRecord:
        if out is cause:
            return OutboxRecord(
                self.output_topic, record.value or b"", record.key, record.partition, record.headers
            )
        key, value, headers = encode_binary(out)
        return OutboxRecord(self.output_topic, value, key, record.partition, headers)


def _where(record: InputRecord) -> tuple[str, int, int]:
    return record.topic, record.partition, record.offset
