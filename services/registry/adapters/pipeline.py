"""The shared :class:`Pipeline`, plus the submissions journal in the same transaction.

The runtime's ``apply`` writes state, offsets and outbox; the registry also
writes one journal row per submission, so the batch's transaction is extended
here rather than in a second one (a crash between two would lose or double rows).
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from services.common.outbox import OutboxRecord, write_outbox
from services.common.pipeline import InputRecord, Pipeline
from services.registry.adapters.journal import Receipt, write_receipts
from services.registry.adapters.projection import IntakeProjection


class IntakePipeline(Pipeline):
    """The registry's pipeline: state, offsets, outbox and journal in one transaction."""

    def __init__(self, pool: asyncpg.Pool, schema: str, projection: IntakeProjection) -> None:
        super().__init__(pool, schema, projection)
        self.intake = projection

    async def apply(self, records: Sequence[InputRecord]) -> list[OutboxRecord]:
        outputs, _ = await self.receive(records)
        return outputs

    async def receive(
        self, records: Sequence[InputRecord]
    ) -> tuple[list[OutboxRecord], list[Receipt]]:
        """Fold ``records``; commit and return their outputs and receipts."""
        async with self.lock, self.pool.acquire() as conn, conn.transaction():
            outputs = [out for record in records for out in self.intake.handle(record)]
            receipts = self.intake.take_receipts()
            await self._save_state(conn)
            await write_outbox(conn, self.schema, outputs)
            await self._save_offsets(conn, records)
            await write_receipts(conn, self.schema, receipts)
        return outputs, receipts
