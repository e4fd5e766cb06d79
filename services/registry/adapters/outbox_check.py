"""Before the relay starts: drop outbox rows that already reached Kafka (发件箱核对).

The relay publishes at most one batch of rows before deleting them; a crash
in between leaves that batch in the outbox although some or all of it is in
Kafka. The producer's idempotence does not span processes, so the registry,
sole writer of its topics, looks at the tail of each topic for those rows'
(source, id) pairs and deletes the rows found. The log then holds each event
exactly once, not merely at least once. Under subtree placement one fact is
written to several partitions, one row each with the same (source, id): such
rows are found on their own partitions only. The relay of a registry that died
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
from services.registry.adapters.chain import follow_published
from services.registry.adapters.log import read_topic

Identity = tuple[str | None, str | None]
#: A row's partition (None: any, for an event with one row) and the identity of its event.
Row = tuple[int | None, Identity]


def _identity(headers: Iterable[tuple[str, str]]) -> Identity:
    found = dict(headers)
    return found.get("ce_source"), found.get("ce_id")


def _by_row(of_identity: dict[Identity, list[tuple[int | None, int]]]) -> dict[Row, int]:
    """The rows' seq by (partition, identity): an event with one row is found on any
    partition (the relay may pick it), one with several on each row's own."""
    by_row: dict[Row, int] = {}
    for identity, placed in of_identity.items():
        if len(placed) == 1:
            by_row[(None, identity)] = placed[0][1]
        else:
            by_row.update(((partition, identity), seq) for partition, seq in placed)
    return by_row


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
        rows_of: dict[str, dict[Identity, list[tuple[int | None, int]]]] = defaultdict(dict)
        for row in rows:
            identity = _identity(map(tuple, json.loads(row["headers"])))
            rows_of[row["topic"]].setdefault(identity, []).append((row["partition"], row["seq"]))
        published: dict[int, InputRecord] = {}
        for topic, of_identity in rows_of.items():
            by_row = _by_row(of_identity)
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
