"""Topic creation by the project: explicit partitions and configs, never broker defaults."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

if TYPE_CHECKING:
    from services.common.settings import Settings


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int = 1
    configs: Mapping[str, str] = field(default_factory=dict)


async def ensure_topics(bootstrap: str, specs: Iterable[TopicSpec]) -> list[str]:
    """Create the topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [s for s in specs if s.name not in existing]
        if wanted:
            # Created concurrently by another process: the goal holds all the same.
            with suppress(TopicAlreadyExistsError):
                await admin.create_topics([_new_topic(s) for s in wanted])
        return [s.name for s in wanted]
    finally:
        await admin.close()


def _new_topic(spec: TopicSpec) -> NewTopic:
    return NewTopic(
        spec.name, spec.partitions, spec.replication_factor, topic_configs=dict(spec.configs)
    )


async def partition_counts(bootstrap: str, topics: Iterable[str]) -> dict[str, int]:
    """How many partitions each existing topic of ``topics`` has."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
        return {t["topic"]: len(t["partitions"]) for t in described if t["error_code"] == 0}
    finally:
        await admin.close()


async def ensure_zeren_topics(settings: Settings) -> list[str]:
    """Create every topic of ``contracts.topics`` (names with the settings' suffix) that is missing.

    With ``settings.replication``: a single broker gets 1; a cluster of three
    gets 3 with ``min.insync.replicas=2``, so ``acks=all`` survives one broker down.
    """
    from contracts.topics import min_insync_for, topic_specs

    replication = settings.replication
    return await ensure_topics(
        settings.kafka_bootstrap,
        [
            TopicSpec(settings.topic(t.name), t.partitions, replication, t.config)
            for t in topic_specs(min_insync_replicas=min_insync_for(replication))
        ],
    )
