"""Before the relay starts: drop outbox rows that already reached Kafka (发件箱核对).

The relay publishes at most one batch of rows before deleting them; a crash
in between leaves that batch in the outbox although some or all of it is in
Kafka. The producer's idempotence does not span processes, so the registry,
sole writer of its topics, looks at the tail of each topic for those rows'
(source, id) pairs and deletes the rows found. The log then holds each event
exactly once, not merely at least once. A row that names its partition is
looked for there only: under subtree placement one fact has a row per
partition, all with the same (source, id). The relay of a registry that died
may still be publishing meanwhile (it finishes what is pending before it
exits): the check waits until it has finished, as the new relay would
(:mod:`services.common.relay`).

On a chained log the relay saves the chain's heads with each deletion, so
rows found in Kafka moved the heads past what was saved: the check follows
them with the digests those records carry (and keeps the checkpoints among
them) in the transaction that deletes the rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

import asyncpg

from services.common.kafka_client import KafkaClient
from services.common.migrations import quote_schema
from services.common.pipeline import InputRecord
from services.common.relay import outbox_lock
from services.registry.adapters.chain import CHECKPOINT_DUE, follow_published
from services.registry.adapters.log import read_topic

Identity = tuple[str | None, str | None]
#: Where a row is looked for (None: any partition) and the identity of its event.
Row = tuple[int | None, Identity]


def _identity(headers: Iterable[tuple[str, str]]) -> Identity:
    found = dict(headers)
    return found.get("ce_source"), found.get("ce_id")


def row_key(partition: int | None, headers: Iterable[tuple[str, str]]) -> Row:
    """How a row is looked for in Kafka: on its own partition when it names one (under
    subtree placement a fact has one row per partition, all with the same identity), on
    any partition when the relay places it (no partition; a checkpoint's due row)."""
    found = list(headers)
    anywhere = partition is None or any(name == CHECKPOINT_DUE for name, _ in found)
    return None if anywhere else partition, _identity(found)


async def drop_published(
    pool: asyncpg.Pool, schema: str, kafka: KafkaClient, window: int, chained: str | None = None
) -> int:
    """Delete the rows among the first ``window`` of the outbox already in Kafka; with the
    ``chained`` topic named, follow its chain over the records found there."""
    q = quote_schema(schema)
    async with pool.acquire() as conn, outbox_lock(conn, schema):
        rows = await conn.fetch(
            f"SELECT seq, topic, partition, headers FROM {q}.outbox ORDER BY seq LIMIT $1",
            window,
        )
        in_doubt: dict[str, dict[Row, int]] = defaultdict(dict)
        for row in rows:
            headers = map(tuple, json.loads(row["headers"]))
            in_doubt[row["topic"]][row_key(row["partition"], headers)] = row["seq"]
        published: dict[int, InputRecord] = {}
        for topic, by_row in in_doubt.items():
            async for batch in read_topic(kafka, topic, last=len(by_row)):
                for record in batch:
                    identity = _identity((k, (v or b"").decode()) for k, v in record.headers)
                    seq = by_row.get((record.partition, identity), by_row.get((None, identity)))
                    if seq is not None:
                        published.setdefault(seq, record)  # once, if it went out twice
        if published:
            async with conn.transaction():
                await conn.execute(
                    f"DELETE FROM {q}.outbox WHERE seq = ANY($1::bigint[])", list(published)
                )
                if chained is not None:
                    found = [r for r in published.values() if r.topic == chained]
                    await follow_published(conn, schema, found)
    return len(published)
