"""Writing a history to a topic and reading the duty events back (real broker)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from contracts.bindings import encode_binary
from contracts.envelope import Envelope
from services.common.kafka_client import KafkaClient

#: (partition, ce_id, type, value) of one record on zeren.duties.v2.
Emitted = tuple[int, str, str, bytes]


async def publish(kafka: KafkaClient, topic: str, events: Sequence[tuple[Envelope, int]]) -> None:
    """Append ``events`` to ``topic``, each on its partition, in order (binary CloudEvents)."""
    producer = AIOKafkaProducer(
        **kafka.options(),
        acks="all",
        enable_idempotence=True,
        linger_ms=20,
        max_batch_size=1 << 20,
    )
    await producer.start()
    try:
        futures = []
        for env, partition in events:
            key, value, headers = encode_binary(env)
            futures.append(
                await producer.send(topic, value, key=key, partition=partition, headers=headers)
            )
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def read_all(kafka: KafkaClient, topic: str, *, quiet_ms: int = 2000) -> list[Emitted]:
    """Every record of ``topic`` until nothing arrives for ``quiet_ms``."""
    consumer = AIOKafkaConsumer(topic, **kafka.options(), auto_offset_reset="earliest")
    await consumer.start()
    out: list[Emitted] = []
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=quiet_ms, max_records=50_000)
            if not batch:
                return out
            for records in batch.values():
                for r in records:
                    headers = dict(r.headers)
                    out.append(
                        (
                            r.partition,
                            headers["ce_id"].decode(),
                            headers["ce_type"].decode(),
                            r.value,
                        )
                    )
    finally:
        await consumer.stop()


def deduplicated(emitted: Sequence[Emitted]) -> dict[int, list[tuple[str, bytes]]]:
    """Per partition, the records in order with repeats of an id dropped (as a consumer would)."""
    seen: set[str] = set()
    out: dict[int, list[tuple[str, bytes]]] = {}
    for partition, event_id, _, value in emitted:
        if event_id not in seen:
            seen.add(event_id)
            out.setdefault(partition, []).append((event_id, value))
    return out
