"""Intake throughput (受理吞吐量): N submissions through Kafka, judged and in the log.

``python -m services.registry.bench_intake --events 20000`` against the stack
of ``make up``: after registering 51 organizations over HTTP,
N ``MeetingHeld`` events are produced to a fresh intake topic while the
registry (in this process) consumes them; the time runs from the first send
to the moment every submission is journalled and the outbox is empty (all
accepted events in ``zeren.events.v1``). Topics and schema are
removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from contracts.bindings import encode_binary
from contracts.envelope import Envelope, new_envelope
from contracts.events.activities import MeetingHeld
from contracts.events.structure import OrganizationEstablished
from deploy.process import free_port
from services.common.kafka_admin import ensure_topics
from services.common.migrations import drop_schema
from services.common.settings import Settings
from services.registry.app import registry_topics, run, topic_layout
from services.registry.config import ClockMode, RegistryConfig

CST = timezone(timedelta(hours=8))
BRANCHES = 50


def _event(
    kind: type[OrganizationEstablished | MeetingHeld], fields: Mapping[str, object], i: str
) -> Envelope:
    payload = kind.model_validate_json(json.dumps(fields, ensure_ascii=False))
    return new_envelope(
        payload, id=i, source="urn:zeren:demo", time=datetime(2018, 3, 1, tzinfo=CST)
    )


def organizations() -> list[Envelope]:
    root = {
        "organization_id": "pc",
        "name": "党委",
        "kind": "party_committee",
        "established_on": "2017-01-01",
    }
    branches = [
        {"organization_id": f"br-{b}", "name": f"第{b}党支部", "kind": "branch", "parent_id": "pc",
         "established_on": "2017-09-01"}
        for b in range(BRANCHES)
    ]  # fmt: skip
    return [_event(OrganizationEstablished, o, f"org-{n}") for n, o in enumerate([root, *branches])]


def meetings(n: int) -> list[Envelope]:
    return [
        _event(MeetingHeld, {"organization_id": f"br-{i % BRANCHES}", "meeting_id": f"b-{i}",
                             "kind": "branch_committee_meeting", "held_on": "2018-03-12",
                             "expected_attendees": 9, "present_attendees": 8, "topic": "学习"},
               f"bench-{i}")
        for i in range(n)
    ]  # fmt: skip


async def produce(bootstrap: str, topic: str, envs: list[Envelope]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
                                linger_ms=10, max_batch_size=1 << 20)  # fmt: skip
    await producer.start()
    try:
        for env in envs:
            key, value, headers = encode_binary(env)
            await producer.send(topic, value, key=key, headers=headers)
        await producer.flush()
    finally:
        await producer.stop()


async def drained(pool: asyncpg.Pool, schema: str, received: int) -> None:
    """Until ``received`` submissions are journalled and the outbox is empty."""
    async with pool.acquire() as conn:
        while True:
            judged = await conn.fetchval(f'SELECT count(*) FROM "{schema}".submissions')
            if judged >= received and not await conn.fetchval(
                f'SELECT count(*) FROM "{schema}".outbox'
            ):
                return
            await asyncio.sleep(0.05)


async def bench(n: int) -> float:
    tag = uuid.uuid4().hex[:8]
    base = Settings.load()
    settings = Settings(base.kafka_bootstrap, base.database_url, f".bench{tag}", f"bench{tag}_")
    config = RegistryConfig(port=free_port(), clock=ClockMode.DRIVEN)
    topics, schema = registry_topics(settings), settings.schema("registry")
    await ensure_topics(settings.kafka_bootstrap, topic_layout(settings))
    pool = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=2)
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{config.port}") as http:
            while True:
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            await http.post("/v1/clock/advance", json={"to": "2018-04-01"})
            auth = {"Authorization": "Bearer zeren-demo:demo"}
            setup = [json.loads(e.model_dump_json(exclude_none=True)) for e in organizations()]
            await http.post("/v1/events", json=setup, headers=auth)
            started = time.perf_counter()
            await produce(settings.kafka_bootstrap, topics.intake, meetings(n))
            await drained(pool, schema, n + BRANCHES + 1)
            elapsed = time.perf_counter() - started
            counts = (await http.get("/v1/submissions/summary")).json()
            if counts["accepted"] != n + BRANCHES + 1:
                raise RuntimeError(f"not every event was accepted: {counts}")
            return n / elapsed
    finally:
        stop.set()
        await task
        async with pool.acquire() as conn:
            await drop_schema(conn, schema)
        await pool.close()
        admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
        await admin.start()
        try:
            await admin.delete_topics([t.name for t in topic_layout(settings)])
        finally:
            await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    rate = asyncio.run(bench(args.events))
    print(f"intake: {args.events} events, {rate:.0f} events/s")


if __name__ == "__main__":
    main()
