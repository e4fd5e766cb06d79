"""asyncpg types, and the pool that applies batches, shared by the adapters."""

from __future__ import annotations

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

#: A connection, whether owned or borrowed from a pool.
Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy

#: Session settings of the connections that apply batches. asyncpg prepares and caches
#: its statements, and PostgreSQL may then keep a generic plan made while a table was
#: nearly empty: the deduplication lookup on ``consumed_events`` stayed a sequential
#: scan as the table grew (seen in the live benchmark: 1.2 s for one lookup over 68k
#: rows; reproduced: 674 ms for 800 ids over 100k rows, 10 ms planned each time).
#: ``force_custom_plan`` plans each execution for its parameters and the table's size.
BATCH_SETTINGS = {"plan_cache_mode": "force_custom_plan"}


async def batch_pool(dsn: str, *, min_size: int, max_size: int) -> asyncpg.Pool:
    """A pool for a pipeline's batches (see :data:`BATCH_SETTINGS`)."""
    return await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, server_settings=BATCH_SETTINGS
    )
