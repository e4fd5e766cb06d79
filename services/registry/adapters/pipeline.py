"""The shared :class:`Pipeline`, plus the submissions journal in the same transaction.

The runtime's ``apply`` writes state, consumed ids, offsets and outbox; the
registry also writes one journal row per submission through the runtime's
``write_alongside`` hook, so it shares the batch's transaction (a crash between
two transactions would lose or double rows).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg

from services.common.db import Connection
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Pipeline
from services.registry.adapters.journal import Receipt, write_receipts
from services.registry.adapters.projection import IntakeProjection


class IntakePipeline(Pipeline):
    """The registry's pipeline: state, offsets, outbox and journal in one transaction."""

    def __init__(self, pool: asyncpg.Pool, schema: str, projection: IntakeProjection) -> None:
        super().__init__(pool, schema, projection)
        self.intake = projection
        self._receiving = asyncio.Lock()
        self._receipts: list[Receipt] = []

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
