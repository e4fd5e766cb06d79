"""The lanes another instance holds, read from PostgreSQL for the queries (他实例分区).

An instance of a fold service folds the partitions Kafka assigns it
(:mod:`services.common.lanes`); a query about the whole university also needs
the others. Each lane's committed documents are in its schema; they are
restored here, in one snapshot with the lane's stored offset, and kept until
the lane's offset moves on, so a query reads a lane again only when its owner
has committed since.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Generic, TypeVar

import asyncpg

from services.common.migrations import lane_schema, quote_schema
from services.common.pipeline import stored_state

State = TypeVar("State")


class StoredLanes(Generic[State]):
    """The committed state of each lane of ``schema``'s service, by partition: ``restore``
    makes a partition's state of its documents, those ``where`` selects (see
    :func:`~services.common.pipeline.stored_state`)."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        partitions: int,
        restore: Callable[[int, Mapping[str, Any]], State],
        where: str = "TRUE",
    ) -> None:
        self.pool, self.schema, self.partitions = pool, schema, partitions
        self._restore, self._where = restore, where
        self._read: dict[int, tuple[int, State]] = {}

    async def states(self, held: Collection[int]) -> dict[int, State]:
        """The lanes not ``held`` here, as last committed (those never opened: none)."""
        found: dict[int, State] = {}
        for partition in range(self.partitions):
            if partition not in held:
                state = await self._state(partition)
                if state is not None:
                    found[partition] = state
        return found

    async def _state(self, partition: int) -> State | None:
        name = lane_schema(self.schema, partition)
        q = quote_schema(name)
        async with self.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
            if await conn.fetchval("SELECT to_regclass($1)", f"{name}.consumer_offsets") is None:
                return None
            offset = await conn.fetchval(f"SELECT sum(next_offset) FROM {q}.consumer_offsets")
            read = self._read.get(partition)
            if read is not None and read[0] == offset:
                return read[1]
            entries = await stored_state(conn, name, self._where)
        state = self._restore(partition, entries)
        self._read[partition] = (offset, state)
        return state
