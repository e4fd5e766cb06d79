"""The outbox and its relay: output events leave PostgreSQL for Kafka in decision order.

Rows are written in the batch's transaction, which wakes the relay with NOTIFY
on commit (the relay runs in a process of its own: :mod:`services.common.relay`).
The relay publishes them with an idempotent producer (``acks=all``) and deletes
them once Kafka has acknowledged. A crash between the two republishes rows
whose ids are deterministic, so the consumer drops them: effectively once. The
relay builds one record batch per partition, appended in ``seq`` order (about
three times aiokafka's per-message ``send``); a keyless-partition row gets the
partition ``send`` would give it (murmur2 of the key).

A :class:`Stamper` may finish the rows as they leave (the registry's hash
chain): it sees every row in ``seq`` order, and what it keeps is saved in the
transaction that deletes the published rows, so a relay that starts again
stamps the rows still pending exactly as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from pydantic_core import from_json, to_json

from services.common.db import Connection
from services.common.kafka_client import KafkaClient
from services.common.migrations import quote_schema


@dataclass(frozen=True)
class OutboxRecord:
    """One message to publish: topic, optional explicit partition, key, value, headers."""

    topic: str
    value: bytes
    key: bytes | None = None
    partition: int | None = None
    headers: Sequence[tuple[str, bytes]] = field(default_factory=tuple)


#: A record as the relay hands it to the producer: partition, key, value, headers.
Placed = tuple[int, bytes | None, bytes, list[tuple[str, bytes]]]


class Stamper(Protocol):
    """Finishes the records of an outbox as the relay publishes them (in ``seq`` order)."""

    async def restore(self, conn: Connection) -> None:
        """Load what the last committed deletion saved (at each (re)connection)."""

    def stamp(
        self, topic: str, partition: int, key: bytes | None, value: bytes,
        headers: list[tuple[str, bytes]],
    ) -> Placed:  # fmt: skip
        """The record to publish for this row (``partition``: the row's, or its key's)."""

    async def save(self, conn: Connection) -> None:
        """Save what the stamped rows changed, in the transaction that deletes them."""

    def committed(self) -> None:
        """That transaction committed (e.g. copy what it saved somewhere else)."""


def outbox_channel(schema: str) -> str:
    """The NOTIFY channel that wakes ``schema``'s relay (cut to PostgreSQL's 63 bytes)."""
    return f"outbox:{schema}".encode()[:63].decode(errors="ignore")


async def write_outbox(conn: Connection, schema: str, records: Sequence[OutboxRecord]) -> None:
    """Append ``records`` to the outbox and wake its relay on commit (inside the caller's
    transaction)."""
    if not records:
        return
    await conn.copy_records_to_table(
        "outbox",
        schema_name=schema,
        columns=["topic", "partition", "key", "value", "headers"],
        records=[
            (
                r.topic,
                r.partition,
                r.key,
                r.value,
                to_json(r.headers).decode(),  # values: bytes, written as UTF-8 text
            )
            for r in records
        ],
    )
    await conn.execute("SELECT pg_notify($1, '')", outbox_channel(schema))


def new_producer(kafka: KafkaClient) -> AIOKafkaProducer:
    """The one producer configuration: idempotent, all replicas, a small linger."""
    return AIOKafkaProducer(
        **kafka.options(),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_batch_size=1 << 20,
        max_request_size=4 << 20,
    )


class OutboxRelay:
    """Publishes the outbox of ``schema`` in ``seq`` order until stopped."""

    #: How long an idle relay waits for a wake-up before it looks anyway.
    POLL_SECONDS = 0.5

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        producer: AIOKafkaProducer,
        stamper: Stamper | None = None,
    ) -> None:
        self._pool, self._schema, self._producer = pool, quote_schema(schema), producer
        self._stamper = stamper
        self._restored = stamper is None
        self._wake = asyncio.Event()
        self.published = 0

    def wake(self) -> None:
        """Called after a batch committed: there is something to publish."""
        self._wake.set()

    async def run(self, batch_size: int = 5000, until: Callable[[], bool] = lambda: False) -> None:
        """Publish as rows come, until ``until()`` is true and the outbox is empty.

        The wake-up is cleared before the outbox is looked at, never after: a batch
        that commits while the relay looks (too late for what it reads) wakes it
        again at once, instead of waiting for the next poll (``POLL_SECONDS``). So is
        ``until()`` asked before, never after: a service stops once its last batch has
        committed, and a look begun before the stop may have read the outbox before
        that commit; the relay ends only when a look begun after the stop finds it
        empty.
        """
        while True:
            self._wake.clear()
            stopping = until()
            if await self.publish_pending(batch_size) == 0:
                if stopping:
                    return
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.POLL_SECONDS)

    async def publish_pending(self, batch_size: int = 5000) -> int:
        """Publish up to ``batch_size`` rows; return how many were published."""
        stamper = self._stamper
        async with self._pool.acquire() as conn:
            if stamper is not None and not self._restored:
                await stamper.restore(conn)
                self._restored = True
            rows = await conn.fetch(
                f"SELECT seq, topic, partition, key, value, headers FROM {self._schema}.outbox"
                " ORDER BY seq LIMIT $1",
                batch_size,
            )
            if not rows:
                return 0
            try:
                await asyncio.gather(*await self._send(rows))
                async with conn.transaction():
                    await conn.execute(
                        f"DELETE FROM {self._schema}.outbox WHERE seq <= $1", rows[-1]["seq"]
                    )
                    if stamper is not None:
                        await stamper.save(conn)
            except BaseException:
                self._restored = stamper is None  # stamped past what is saved: load it again
                raise
        if stamper is not None:
            stamper.committed()
        self.published += len(rows)
        return len(rows)

    async def _send(self, rows: Sequence[asyncpg.Record]) -> list[asyncio.Future[Any]]:
        """Hand ``rows`` to the producer as per-partition batches; the delivery futures."""
        producer, futures = self._producer, []
        batches: dict[tuple[str, int], Any] = {}
        partitions: dict[str, list[int]] = {}
        for row in rows:
            topic, key, value = row["topic"], row["key"], row["value"]
            headers = [(k, v.encode()) for k, v in from_json(row["headers"])]
            partition = row["partition"]
            if partition is None:
                if topic not in partitions:
                    partitions[topic] = sorted(await producer.partitions_for(topic))
                partition = key_partition(key, len(partitions[topic]))
            if self._stamper is not None:
                partition, key, value, headers = self._stamper.stamp(
                    topic, partition, key, value, headers
                )
            batch = batches.get((topic, partition))
            appended = batch is not None and (
                batch.append(key=key, value=value, timestamp=None, headers=headers) is not None
            )
            if appended:
                continue
            if batch is not None:  # full: send it, start the next one
                futures.append(await producer.send_batch(batch, topic, partition=partition))
            batch = batches[(topic, partition)] = producer.create_batch()
            if batch.append(key=key, value=value, timestamp=None, headers=headers) is None:
                del batches[(topic, partition)]  # larger than a batch: on its own
                futures.append(
                    await producer.send(topic, value, key=key, partition=partition, headers=headers)
                )
        for (topic, partition), batch in batches.items():
            futures.append(await producer.send_batch(batch, topic, partition=partition))
        return futures


_PARTITIONER = DefaultPartitioner()


@lru_cache(maxsize=1 << 16)
def key_partition(key: bytes | None, count: int) -> int:
    """The partition ``send`` would pick for ``key`` (murmur2, in Python: cached per key)."""
    every = list(range(count))
    return int(_PARTITIONER(key, every, every))
