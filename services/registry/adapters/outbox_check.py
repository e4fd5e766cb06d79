"""Before the relay starts: drop outbox rows that already reached Kafka (发件箱核对).

The relay publishes at most one batch of rows before deleting them; a crash
in between leaves that batch in the outbox although some or all of it is in
Kafka. The producer's idempotence does not span processes, so the registry,
sole writer of its topics, looks at the tail of each topic for those rows'
(source, id) pairs and deletes the rows found. The log then holds each event
exactly once, not merely at least once. The relay of a registry that died
may still be publishing meanwhile (it finishes what is pending before it
exits): it deletes the rows it publishes, this deletes only rows found in
Kafka, and the new relay waits for it to finish (:mod:`services.common.relay`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

import asyncpg

from services.common.migrations import quote_schema
from services.registry.adapters.log import read_topic

Identity = tuple[str | None, str | None]


def _identity(headers: Iterable[tuple[str, str]]) -> Identity:
    found = dict(headers)
    return found.get("ce_source"), found.get("ce_id")


async def drop_published(pool: asyncpg.Pool, schema: str, bootstrap: str, window: int) -> int:
    """Delete the rows among the first ``window`` of the outbox already in Kafka."""
    q = quote_schema(schema)
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            f"SELECT seq, topic, headers FROM {q}.outbox ORDER BY seq LIMIT $1", window
        )
    in_doubt: dict[str, dict[Identity, int]] = defaultdict(dict)
    for row in rows:
        in_doubt[row["topic"]][_identity(map(tuple, json.loads(row["headers"])))] = row["seq"]
    published: list[int] = []
    for topic, by_identity in in_doubt.items():
        async for batch in read_topic(bootstrap, topic, last=len(by_identity)):
            for record in batch:
                seq = by_identity.get(
                    _identity((k, (v or b"").decode()) for k, v in record.headers)
                )
                if seq is not None:
                    published.append(seq)
    if published:
        async with pool.acquire() as conn:
            await conn.execute(f"DELETE FROM {q}.outbox WHERE seq = ANY($1::bigint[])", published)
    return len(published)
