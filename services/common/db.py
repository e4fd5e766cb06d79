"""asyncpg types shared by the adapters."""

from __future__ import annotations

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

#: A connection, whether owned or borrowed from a pool.
Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
