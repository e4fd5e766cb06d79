"""A registry on real Kafka and PostgreSQL, with its own topics and schema per test."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer

from contracts.bindings import encode_binary, encode_structured
from contracts.envelope import Envelope, new_envelope
from contracts.events import structure as s
from contracts.events.base import Payload
from deploy.process import free_port
from services.common.access.client import DEMO_TOKEN, bearer
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.common.pipeline import InputRecord
from services.common.settings import Settings
from services.registry.adapters.log import read_topic
from services.registry.adapters.projection import RegistryTopics
from services.registry.app import registry_topics, run
from services.registry.config import ClockMode, RegistryConfig
from tests.access import DEMO_HEADERS
from tests.conftest import Infra

CST = timezone(timedelta(hours=8))
DEMO = "urn:zeren:demo"


def payload(model: type[Payload], **fields: Any) -> Payload:
    """A payload as it travels: validated from JSON."""
    return model.model_validate_json(json.dumps(fields, ensure_ascii=False))


def event(payload: Payload, event_id: str, source: str = DEMO) -> Envelope:
    return new_envelope(payload, id=event_id, source=source, time=datetime(2018, 3, 1, tzinfo=CST))


def university() -> list[Envelope]:
    """A committee, a general branch, two branches and a party group, with a secretary."""
    orgs = [
        ("pc", "party_committee", None),
        ("gb-1", "general_branch", "pc"),
        ("br-1", "branch", "gb-1"),
        ("br-2", "branch", "gb-1"),
        ("pg-1", "party_group", "br-1"),
    ]
    facts: list[Payload] = [
        payload(s.OrganizationEstablished, organization_id=org, name=f"{org} 党组织", kind=kind,
                parent_id=parent, established_on="2017-09-01")
        for org, kind, parent in orgs
    ]  # fmt: skip
    facts.append(
        payload(s.OfficeHolderAppointed, organization_id="br-1", person_id="p-1",
                person_name="王丽", office="secretary", appointed_on="2017-09-01")
    )  # fmt: skip
    return [event(f, f"setup-{n}") for n, f in enumerate(facts)]


def body(envs: Iterable[Envelope]) -> list[dict[str, Any]]:
    """Envelopes as an HTTP request body."""
    return [json.loads(e.model_dump_json(exclude_none=True)) for e in envs]


@dataclass
class RunningRegistry:
    settings: Settings
    config: RegistryConfig
    pool: asyncpg.Pool
    http: httpx.AsyncClient

    @property
    def schema(self) -> str:
        return self.settings.schema("registry")

    async def submit(self, envs: Iterable[Envelope], token: str = DEMO_TOKEN) -> dict[str, Any]:
        response = await self.http.post("/v1/events", json=body(envs), headers=bearer(token))
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def advance(self, to: str) -> httpx.Response:
        return await self.http.post("/v1/clock/advance", json={"to": to})

    async def open_university(self) -> RegistryTopics:
        """The clock at 2018-04-01 and the :func:`university` registered; the topics."""
        await self.advance("2018-04-01")
        assert (await self.submit(university()))["accepted"] == 6
        return registry_topics(self.settings)

    async def settled(self, received: int) -> dict[str, int]:
        """Wait until ``received`` submissions are judged and the outbox is empty."""
        return await settled(self.http, self.pool, self.schema, received)


async def settled(
    http: httpx.AsyncClient, pool: asyncpg.Pool, schema: str, received: int, within: float = 60
) -> dict[str, int]:
    """Wait (``within`` seconds at most) until ``received`` submissions are judged and published."""
    async with asyncio.timeout(within):
        while True:
            counts: dict[str, int] = (await http.get("/v1/submissions/summary")).json()
            async with pool.acquire() as conn:
                pending = await conn.fetchval(f'SELECT count(*) FROM "{schema}".outbox')
            if counts["received"] >= received and pending == 0:
                return counts
            await asyncio.sleep(0.1)


def fresh_settings(infra: Infra) -> Settings:
    tag = uuid.uuid4().hex[:10]
    return Settings(infra.kafka_bootstrap, infra.database_url, f".t{tag}", f"t{tag}_")


@pytest.fixture
async def settings(infra: Infra, db: asyncpg.Pool) -> AsyncIterator[Settings]:
    """Fresh topics (as the contracts lay them out) and a schema prefix, dropped after."""
    fresh = fresh_settings(infra)
    await ensure_zeren_topics(fresh)
    yield fresh
    async with db.acquire() as conn:
        await drop_schema(conn, fresh.schema("registry"))


def driven(port: int | None = None) -> RegistryConfig:
    return RegistryConfig(port=port or free_port(), clock=ClockMode.DRIVEN, batch=500)


@pytest.fixture
async def registry(settings: Settings, db: asyncpg.Pool) -> AsyncIterator[RunningRegistry]:
    """The registry running in this process (driven clock), and an HTTP client to it
    presenting the demo principal's token."""
    config = driven()
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{config.port}", headers=DEMO_HEADERS
    ) as http:
        await wait_healthy(http, task)
        yield RunningRegistry(settings, config, db, http)
    stop.set()
    await asyncio.wait_for(task, 30)


async def wait_healthy(http: httpx.AsyncClient, task: asyncio.Future[Any] | None = None) -> None:
    async with asyncio.timeout(60):
        while True:
            if task is not None and task.done():
                task.result()
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)


async def produce(
    bootstrap: str,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes, list[tuple[str, bytes]]]],
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5
    )
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send(topic, value, key=key, headers=headers)
        await producer.flush()
    finally:
        await producer.stop()


def binary(env: Envelope) -> tuple[bytes | None, bytes, list[tuple[str, bytes]]]:
    return encode_binary(env)


def structured(env: Envelope) -> tuple[bytes | None, bytes, list[tuple[str, bytes]]]:
    return encode_structured(env)


async def read_all(bootstrap: str, topic: str) -> list[InputRecord]:
    return [r async for batch in read_topic(bootstrap, topic) for r in batch]


__all__ = ["registry_topics"]
