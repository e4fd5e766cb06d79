"""A Kafka node lost mid-intake (节点故障): on the 3-node cluster, nothing lost, nothing twice.

The production layout (``DESIGN.md``): every topic three times replicated,
``min.insync.replicas=2``, producers ``acks=all``. The registry runs as its own
process against a cluster of three nodes on this machine
(:class:`deploy.kafka_cluster.KafkaCluster`, the same code as ``make up
BROKERS=3``); the node leading the log's first partition is killed (SIGKILL)
while the registry judges and publishes a thousand submissions.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from deploy.kafka_cluster import KafkaCluster
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.common.settings import Settings
from services.registry.app import registry_topics
from tests.access import DEMO_HEADERS
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    binary,
    body,
    driven,
    produce,
    read_all,
    settled,
    university,
    wait_healthy,
)
from tests.integration.registry.test_recovery import (
    assert_each_meeting_once_in_order,
    journal_reaches,
    meetings,
    registry_process,
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    cluster = KafkaCluster.create(Path(tmp_path_factory.mktemp("cluster")), size=3)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
async def on_cluster(
    cluster: KafkaCluster, infra: Infra, db: asyncpg.Pool
) -> AsyncIterator[Settings]:
    """Fresh topics on the cluster, created by the project's own code, and a schema prefix."""
    tag = uuid.uuid4().hex[:10]
    settings = Settings(cluster.bootstrap, infra.database_url, f".t{tag}", f"t{tag}_", 3)
    await ensure_zeren_topics(settings)
    yield settings
    async with db.acquire() as conn:
        await drop_schema(conn, settings.schema("registry"))


async def _layout(bootstrap: str, topic: str) -> tuple[list[dict[str, Any]], str]:
    """The topic's partitions (leader, replicas, in-sync replicas) and min.insync.replicas."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
        resource = ConfigResource(ConfigResourceType.TOPIC, topic, {"min.insync.replicas": None})
        [response] = await admin.describe_configs([resource])
        [(_, _, _, _, entries)] = response.resources
        [(_, min_insync, *_)] = entries
        return sorted(described["partitions"], key=lambda p: p["partition"]), min_insync
    finally:
        await admin.close()


@pytest.mark.timeout(300)
async def test_a_node_killed_mid_intake_loses_and_duplicates_nothing(
    cluster: KafkaCluster, on_cluster: Settings, db: asyncpg.Pool
) -> None:
    settings = on_cluster
    config = replace(driven(), batch=20)
    schema, topics = settings.schema("registry"), registry_topics(settings)
    partitions, min_insync = await _layout(settings.kafka_bootstrap, topics.events)
    assert [len(p["replicas"]) for p in partitions] == [3] * 6
    assert min_insync == "2"
    victim = cluster.node(partitions[0]["leader"])

    wanted = meetings(1000)
    headers = DEMO_HEADERS
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{config.port}", headers=headers
    ) as http:
        with registry_process(settings, config):
            await wait_healthy(http)
            await http.post("/v1/clock/advance", json={"to": "2018-04-01"})
            assert (await http.post("/v1/events", json=body(university()))).json()["accepted"] == 6
            await produce(settings.kafka_bootstrap, topics.intake, [binary(e) for e in wanted])
            judged = await journal_reaches(db, schema, 200)
            assert await asyncio.to_thread(victim.kill)
            assert judged < 1006, "the registry finished before the kill: nothing was tested"
            summary = await settled(http, db, schema, received=1006, within=180)
            assert victim.node_id not in cluster.running()

    assert summary == {"accepted": 1006, "duplicate": 0, "rejected": 0, "received": 1006}
    assert_each_meeting_once_in_order(await read_all(settings.kafka_bootstrap, topics.events))

    await asyncio.to_thread(cluster.start)  # the node comes back and catches up
    async with asyncio.timeout(120):
        while True:
            partitions, _ = await _layout(settings.kafka_bootstrap, topics.events)
            if all(len(p["isr"]) == 3 for p in partitions):
                break
            await asyncio.sleep(1)
