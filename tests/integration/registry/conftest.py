"""A registry on real Kafka and PostgreSQL, with its own topics and schema per test."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaProducer

from contracts.bindings import encode_binary, encode_structured
from contracts.envelope import Envelope, new_envelope
from contracts.events import members as m
from contracts.events import structure as s
from contracts.events.base import Payload
from contracts.topics import source_intake_topic
from deploy.kafka_security import source_principal
from deploy.process import free_port
from services.common.access.client import DEMO_TOKEN, bearer
from services.common.access.sources_file import DEMO_SOURCES, load_sources
from services.common.kafka_admin import ensure_zeren_topics
from services.common.kafka_principals import SERVICE_PRINCIPALS
from services.common.migrations import drop_schema
from services.common.pipeline import InputRecord
from services.common.settings import Settings
from services.registry.adapters.log import read_topic
from services.registry.adapters.projection import RegistryTopics
from services.registry.app import registry_topics as topics_of_registry
from services.registry.app import run
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


def transfer() -> list[Envelope]:
    """A member admitted in ``br-2`` as probationary, then transferred to ``br-1`` (the
    letter of introduction saying so): the "out" and the "in" are on the two branches'
    partitions."""
    return [
        event(payload(m.MemberAdmittedAsProbationary, organization_id="br-2", member_id="m-1",
                      member_name="李明", admitted_on="2018-03-01"), "m-1-admitted"),
        event(payload(m.MemberTransferredOut, organization_id="br-2", member_id="m-1",
                      to_organization="br-1", transferred_on="2018-03-10"), "m-1-out"),
        event(payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                      member_name="李明", from_organization="br-2",
                      transferred_on="2018-03-10", probationary=True), "m-1-in"),
    ]  # fmt: skip


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
    return infra.settings(f".t{tag}", f"t{tag}_")


def registry_topics(settings: Settings) -> RegistryTopics:
    """The topics of a registry that loads the bundled sources file."""
    return topics_of_registry(settings, load_sources(DEMO_SOURCES))


def as_registry(settings: Settings) -> Settings:
    """``settings`` as the registry's own Kafka principal (as ``zeren demo`` runs it)."""
    return settings.as_kafka_user(SERVICE_PRINCIPALS["registry"])


@pytest.fixture
async def settings(infra: Infra, db: asyncpg.Pool) -> AsyncIterator[Settings]:
    """Fresh topics (as the contracts lay them out, an intake topic per bundled source)
    and a schema prefix, dropped after; as the registry's principal."""
    fresh = fresh_settings(infra)
    await ensure_zeren_topics(fresh, [s.source for s in load_sources(DEMO_SOURCES).sources])
    yield as_registry(fresh)
    async with db.acquire() as conn:
        await drop_schema(conn, fresh.schema("registry"))


def driven(port: int | None = None) -> RegistryConfig:
    return RegistryConfig(port=port or free_port(), clock=ClockMode.DRIVEN, batch=500)


def chained(folder: Path) -> RegistryConfig:
    """A :func:`driven` registry whose key and auditors' file are in ``folder``."""
    return dataclasses.replace(
        driven(),
        chain_key=folder / "registry.pem",
        chain_checkpoints=folder / "checkpoints.jsonl",
    )


@contextlib.asynccontextmanager
async def running_registry(
    settings: Settings, db: asyncpg.Pool, config: RegistryConfig
) -> AsyncIterator[RunningRegistry]:
    """A registry running in this process with ``config``, and an HTTP client to it
    presenting the demo principal's token; stopped on exit."""
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{config.port}", headers=DEMO_HEADERS
    ) as http:
        await wait_healthy(http, task)
        yield RunningRegistry(settings, config, db, http)
    stop.set()
    await asyncio.wait_for(task, 30)


@pytest.fixture
async def registry(settings: Settings, db: asyncpg.Pool) -> AsyncIterator[RunningRegistry]:
    """The registry running in this process (driven clock)."""
    async with running_registry(settings, db, driven()) as running:
        yield running


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
    settings: Settings,
    records: Iterable[tuple[bytes | None, bytes, list[tuple[str, bytes]]]],
    source: str = DEMO,
) -> None:
    """Write ``records`` to the intake topic of ``source``, as that source's principal."""
    kafka = settings.as_kafka_user(source_principal(source)).kafka
    topic = settings.topic(source_intake_topic(source))
    producer = AIOKafkaProducer(**kafka.options(), acks="all", enable_idempotence=True, linger_ms=5)
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


async def read_all(settings: Settings, topic: str) -> list[InputRecord]:
    """Every record of ``topic``, read as the auditor (the services may not read it all)."""
    kafka = settings.as_kafka_user(SERVICE_PRINCIPALS["audit"]).kafka
    return [r async for batch in read_topic(kafka, topic) for r in batch]
