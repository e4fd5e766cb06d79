"""The accountability fold as a :class:`~services.common.pipeline.Projection` (投影适配器).

Thin: decode the binary CloudEvent, hand it to the pure ``decide`` with the
partition it came from, encode the outputs to the same partition number of
``zeren.accountability.v2``. Deduplication is by the ``ce_id`` header.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from contracts.errors import ContractViolation
from contracts.fast.binary import decode_trusted, encode_trusted
from services.accountability.domain.decide import decide
from services.accountability.domain.state import Ledger
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.common.sequencer import Delivery

log = logging.getLogger(__name__)


class AccountabilityProjection:
    """Folds ``zeren.duties.v2`` into the ledger; outputs go to ``out_topic``."""

    def __init__(self, partitions: int, out_topic: str) -> None:
        self.partitions, self.out_topic = partitions, out_topic
        self.ledger = Ledger.empty(partitions)

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.ledger = Ledger.restore(self.partitions, entries)

    def event_id(self, record: InputRecord) -> str | None:
        return record.header("ce_id")

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        try:
            env = decode_trusted(record.value, record.headers)
        except ContractViolation as error:
            # The duties topic is written by a service, never by people: a broken
            # record is a bug upstream. It is logged with its position, not folded.
            log.error(
                "undecodable record %s/%d@%d (无法解码): %s",
                record.topic,
                record.partition,
                record.offset,
                error,
            )
            return []
        self.ledger, emitted = decide(self.ledger, Delivery(record.partition, env, record.offset))
        outputs = []
        for out in emitted:
            key, value, headers = encode_trusted(out.envelope)
            outputs.append(OutboxRecord(self.out_topic, value, key, out.partition, headers))
        return outputs

    def holding(self) -> dict[int, int]:
        return self.ledger.sequencer.holding()

    def take_changes(self) -> dict[str, Any | None]:
        return self.ledger.take_changes()
