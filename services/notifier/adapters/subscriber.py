"""The notifier's input: a FastStream batch subscriber of ``zeren.accountability.v2``.

Following DESIGN.md's FastStream pitfall, Kafka's committed offsets play no
part: the subscriber assigns every partition itself (no consumer group, so the
read-only principal suffices), acknowledges manually and never does, and each
batch is committed to PostgreSQL with its offsets and event ids by the shared
:class:`~services.common.pipeline.Pipeline`.

FastStream logs a handler's exception and reads on, so a batch that failed
must stop the process before a later batch stores offsets past it: the first
failure sets ``failed``, every later batch is refused, and the service exits
for the supervisor to restart it from the stored offsets.

Where reading starts: every partition from the beginning, records below the
stored offset dropped (the handler compares); after the start every
partition is sought to its stored offset, which only saves the reading.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiokafka import TopicPartition
from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka import TopicPartition as Assigned
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.subscriber.usecase import BatchSubscriber
from faststream.message import StreamMessage
from faststream.security import BaseSecurity, SASLScram256, SASLScram512

from services.common.kafka_client import KafkaClient
from services.common.observability import CONSUME_LOOP, record_batch
from services.common.pipeline import InputRecord, Pipeline

log = logging.getLogger("zeren.notifier")

#: Most alerts per batch (one PostgreSQL transaction).
MAX_RECORDS = 500


def broker_of(kafka: KafkaClient) -> KafkaBroker:
    """A FastStream broker for ``kafka``: its principal when SASL is on, TLS when asked."""
    security = kafka.security
    tls = security.protocol.endswith("SSL")
    auth: BaseSecurity = BaseSecurity(use_ssl=tls)
    if security.sasl:
        scram = SASLScram512 if security.mechanism.upper().endswith("512") else SASLScram256
        auth = scram(security.username, security.password, use_ssl=tls)
    return KafkaBroker(kafka.bootstrap, security=auth, logger=log)


async def _undecoded(message: StreamMessage[Any]) -> None:
    """FastStream's decoding is skipped: a record it could not parse would fail the whole
    batch before the handler; the pipeline decodes each record itself."""


class AlertIntake:
    """The subscriber's handler: a batch of alert records into one pipeline transaction."""

    def __init__(self, pipeline: Pipeline, stored: dict[tuple[str, int], int]) -> None:
        """``stored``: per (topic, partition), the first offset not yet committed."""
        self.pipeline, self.stored = pipeline, dict(stored)
        self.failed = asyncio.Event()

    async def on_batch(self, message: KafkaMessage) -> None:
        """Commit the new records of one fetched batch; refuse all after a failure."""
        if self.failed.is_set():
            raise RuntimeError("an earlier batch failed: the notifier stops (前一批失败)")
        CONSUME_LOOP.beat()
        records = self.fresh(message.raw_message)
        if not records:
            return
        began = asyncio.get_running_loop().time()
        try:
            await self.pipeline.apply(records)
        except BaseException:
            self.failed.set()
            raise
        for r in records:
            self.stored[(r.topic, r.partition)] = r.offset + 1
        record_batch(len(records), asyncio.get_running_loop().time() - began)

    def fresh(
        self, raw: ConsumerRecord[bytes, bytes] | Sequence[ConsumerRecord[bytes, bytes]]
    ) -> list[InputRecord]:
        """The records of a fetch not yet committed (at or past the stored offset)."""
        batch = raw if isinstance(raw, Sequence) else [raw]
        return [
            InputRecord(r.topic, r.partition, r.offset, r.key, r.value, list(r.headers))
            for r in batch
            if r.offset >= self.stored.get((r.topic, r.partition), 0)
        ]


def subscribe(
    broker: KafkaBroker, topic: str, partitions: int, intake: AlertIntake
) -> BatchSubscriber:
    """Register ``intake`` on every partition of ``topic``; the subscriber to seek later."""
    subscriber = broker.subscriber(
        partitions=[Assigned(topic, p, declare=False) for p in range(partitions)],
        batch=True,
        max_records=MAX_RECORDS,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        decoder=_undecoded,
    )
    subscriber(intake.on_batch)
    return subscriber


def seek_to_stored(subscriber: BatchSubscriber, stored: dict[tuple[str, int], int]) -> None:
    """Move each assigned partition to its stored offset (a started subscriber's)."""
    consumer = subscriber.consumer
    if consumer is None:
        return
    for (topic, partition), offset in stored.items():
        tp = TopicPartition(topic, partition)
        if tp in consumer.assignment():
            consumer.seek(tp, offset)
