"""How far the duties service has folded its input, as it reports its progress (处理进度)."""

from __future__ import annotations

import asyncio
import time

import asyncpg

from contracts.topics import EVENTS_TOPIC
from services.common.progress import progress
from services.common.settings import Settings


async def folded(db: asyncpg.Pool, settings: Settings) -> tuple[int, int]:
    """(records of the log folded, outbox rows pending), in the service's schema or its
    lanes' (:func:`services.common.progress.progress`)."""
    inputs = [settings.topic(EVENTS_TOPIC)]
    found = await progress(db, settings.kafka, "duties", settings.schema("duties"), inputs)
    return sum(p.processed for p in found.partitions), found.unpublished


async def until_folded(
    db: asyncpg.Pool, settings: Settings, records: int, *, drained: bool, timeout_s: float
) -> None:
    """Until ``records`` are folded (and, ``drained``, the outbox is empty)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done, pending = await folded(db, settings)
        if done >= records and (not drained or pending == 0):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"stuck at {await folded(db, settings)} of {records}")
