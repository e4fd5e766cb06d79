"""Topic creation by the project: explicit partitions and configs, never broker defaults."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError


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


async def ensure_zeren_topics(bootstrap: str, suffix: str = "", replication: int = 1) -> list[str]:
    """Create every topic of ``contracts.topics`` (names with ``suffix``) that is missing.

    A single broker gets replication 1; a cluster of three gets 3 with
    ``min.insync.replicas=2``, so ``acks=all`` survives one broker down.
    """
    from contracts.topics import topic_specs

    min_insync = max(1, replication - 1)
    return await ensure_topics(
        bootstrap,
        [
            TopicSpec(t.name + suffix, t.partitions, replication, t.config)
            for t in topic_specs(min_insync_replicas=min_insync)
        ],
    )
