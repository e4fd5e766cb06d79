"""Topic creation by the project: explicit partitions and configs, never broker defaults."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from services.common.kafka_client import KafkaClient

if TYPE_CHECKING:
    from services.common.settings import Settings


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int = 1
    configs: Mapping[str, str] = field(default_factory=dict)


async def ensure_topics(kafka: KafkaClient, specs: Iterable[TopicSpec]) -> list[str]:
    """Create the topics that do not exist yet; return the names created, once the
    broker describes them (a topic just created may be unknown to a client for a moment:
    the next one to start must find it)."""
    admin = AIOKafkaAdminClient(**kafka.options())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [s for s in specs if s.name not in existing]
        if wanted:
            # Created concurrently by another process: the goal holds all the same.
            with suppress(TopicAlreadyExistsError):
                await admin.create_topics([_new_topic(s) for s in wanted])
            await _described(admin, [s.name for s in wanted])
        return [s.name for s in wanted]
    finally:
        await admin.close()


async def _described(admin: AIOKafkaAdminClient, names: list[str], within: float = 30.0) -> None:
    """Wait until the broker describes every topic of ``names`` without an error."""
    async with asyncio.timeout(within):
        while True:
            described = await admin.describe_topics(names)
            if not any(t["error_code"] for t in described):
                return
            await asyncio.sleep(0.05)


def _new_topic(spec: TopicSpec) -> NewTopic:
    return NewTopic(
        spec.name, spec.partitions, spec.replication_factor, topic_configs=dict(spec.configs)
    )


async def partition_counts(kafka: KafkaClient, topics: Iterable[str]) -> dict[str, int]:
    """How many partitions each existing topic of ``topics`` has."""
    admin = AIOKafkaAdminClient(**kafka.options())
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
        return {t["topic"]: len(t["partitions"]) for t in described if t["error_code"] == 0}
    finally:
        await admin.close()


async def ensure_zeren_topics(settings: Settings, sources: Iterable[str] = ()) -> list[str]:
    """Create every topic of ``contracts.topics`` (names with the settings' suffix) that is missing.

    The intake is one topic per campus system of ``sources``
    (``zeren.intake.v1.<slug>``, laid out as the intake spec says); there is no
    shared intake topic. With ``settings.replication``: a single broker gets 1;
    a cluster of three gets 3 with ``min.insync.replicas=2``, so ``acks=all``
    survives one broker down.
    """
    from contracts.topics import INTAKE_TOPIC, min_insync_for, source_intake_topic, topic_specs

    replication, per_source = settings.replication, [source_intake_topic(s) for s in sources]
    return await ensure_topics(
        settings.kafka,
        [
            TopicSpec(settings.topic(name), t.partitions, replication, t.config)
            for t in topic_specs(min_insync_replicas=min_insync_for(replication))
            for name in (per_source if t.name == INTAKE_TOPIC else [t.name])
        ],
    )
