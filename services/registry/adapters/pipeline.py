"""The shared :class:`Pipeline`, plus the submissions journal in the same transaction.

The runtime's ``apply`` writes state, consumed ids, offsets and outbox; the
registry also writes one journal row per submission through the runtime's
``write_alongside`` hook, so it shares the batch's transaction (a crash between
two transactions would lose or double rows).

A batch read from the intake topic closes its own facts: when the last beat is
at least ``beat_every`` seconds old, a beat command ends the batch, so the
``ClockBeat`` is appended in the same transaction as the facts (no separate
transaction, and no wait for the beating loop, which still closes what HTTP
submissions append).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

import asyncpg

from services.common.db import Connection
from services.common.observability import REJECTIONS
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Pipeline
from services.registry.adapters.journal import Receipt, write_receipts
from services.registry.adapters.projection import IntakeProjection
from services.registry.adapters.records import BEAT_TOPIC, beat_record
from services.registry.domain.intake import Outcome

log = logging.getLogger("zeren.registry.intake")


def record_rejection(receipt: Receipt) -> None:
    """A committed rejection: counted by issue code (``/metrics``) and logged with its codes."""
    codes = [issue.code for issue in receipt.issues]
    for code in codes:
        REJECTIONS.labels(code).inc()
    log.warning(
        "submission rejected",
        extra={
            "source": receipt.source or receipt.received_from,
            "event_id": receipt.event_id,
            "event_type": receipt.event_type,
            "codes": codes,
        },
    )


class IntakePipeline(Pipeline):
    """The registry's pipeline: state, offsets, outbox and journal in one transaction."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        projection: IntakeProjection,
        beat_every: float = 0.0,
    ) -> None:
        """``beat_every``: seconds; 0 never ends a batch with a beat."""
        super().__init__(pool, schema, projection)
        self.intake = projection
        self.beat_every = beat_every
        self._last_beat = -float("inf")
        self._receiving = asyncio.Lock()
        self._receipts: list[Receipt] = []

    async def apply(self, records: Sequence[InputRecord]) -> list[OutboxRecord]:
        """Fold ``records`` in one transaction, a read intake batch closed by a beat when due."""
        read = bool(records) and records[-1].offset >= 0
        if read and self.beat_every > 0 and time.monotonic() - self._last_beat >= self.beat_every:
            records = [*records, beat_record()]
        if records and records[-1].topic == BEAT_TOPIC:
            self._last_beat = time.monotonic()
        self._receipts = []  # set by write_alongside, inside this batch's transaction
        outputs = await super().apply(records)
        for receipt in self._receipts:
            if receipt.outcome is Outcome.REJECTED:
                record_rejection(receipt)
        return outputs

    async def write_alongside(self, conn: Connection) -> None:
        self._receipts = self.intake.take_receipts()
        await write_receipts(conn, self.schema, self._receipts)

    async def receive(
        self, records: Sequence[InputRecord]
    ) -> tuple[list[OutboxRecord], list[Receipt]]:
        """Fold ``records``; commit and return their outputs and receipts."""
        async with self._receiving:
            outputs = await self.apply(records)
            return outputs, self._receipts
