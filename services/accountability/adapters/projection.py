"""The accountability fold as a :class:`~services.common.pipeline.Projection` (投影适配器).

Thin: decode the binary CloudEvent, hand it to the pure ``decide`` with the
partition it came from, encode the outputs to the same partition number of
``zeren.accountability.v2``. Deduplication is by the ``ce_id`` header.

Most records are statuses that make no decision (a member duty's, mostly dues
paid): for those only the type, the duty and the period's end are read, and
the sequencer is offered :data:`PASSED_OVER` in their place (decoding them
whole was a third of the fold's time). One that is broken beyond those fields
is then passed over like the rest, unlogged: it would have changed nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import msgspec

from contracts.envelope import Envelope
from contracts.errors import ContractViolation
from contracts.events import duties
from contracts.fast.binary import decode_trusted, encode_trusted
from contracts.types import event_type_of
from services.accountability.domain.decide import PASSED_OVER, decide, makes_no_decision
from services.accountability.domain.measures import Emitted
from services.accountability.domain.state import Ledger
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.common.sequencer import Delivery

log = logging.getLogger(__name__)

STATUS_TYPES = frozenset(event_type_of(model) for model in duties.EVENTS)


class StatusBrief(msgspec.Struct):
    """The fields of a duty status that say whether it makes a decision (others ignored)."""

    duty_id: str
    catalog_version: str


_BRIEF = msgspec.json.Decoder(StatusBrief)


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
        env = decoded(record)
        if env is None:
            return []
        self.ledger, emitted = decide(self.ledger, Delivery(record.partition, env, record.offset))
        return outbox(self.out_topic, emitted)

    def holding(self) -> dict[int, int]:
        return self.ledger.sequencer.holding()

    def take_changes(self) -> dict[str, Any | None]:
        return self.ledger.take_changes()


def decoded(record: InputRecord) -> Envelope | None:
    """``record`` as an envelope, :data:`PASSED_OVER` for a status that makes no decision,
    or None (logged) if it cannot be decoded."""
    try:
        return PASSED_OVER if _passed_over(record) else decode_trusted(record.value, record.headers)
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
        return None


def outbox(topic: str, emitted: list[Emitted]) -> list[OutboxRecord]:
    """The outputs as outbox rows of ``topic``, each to its partition."""
    outputs = []
    for out in emitted:
        key, value, headers = encode_trusted(out.envelope)
        outputs.append(OutboxRecord(topic, value, key, out.partition, headers))
    return outputs


def _passed_over(record: InputRecord) -> bool:
    """Whether ``record`` is a duty status that makes no decision (read from its type
    header and two fields; a record that does not read so is decoded whole)."""
    event_type = record.header("ce_type")
    if event_type not in STATUS_TYPES or record.value is None:
        return False
    try:
        brief = _BRIEF.decode(record.value)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return False
    return makes_no_decision(event_type, brief.duty_id, brief.catalog_version)
