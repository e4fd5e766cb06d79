"""A bounded hostile campaign (issue 22): over 10,000 submissions over Kafka and HTTP, most
of them broken on purpose, against the registry, duties and accountability services.

Every submission is accounted for (received = accepted + duplicate + rejected, and
received = what was sent), every rejection carries a code, and every service is still
running at the end, the duties and accountability services having folded all that
reached them. The campaign is seeded: the same inputs every run.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from contracts.bindings import encode_binary, encode_structured
from contracts.envelope import Envelope
from contracts.events import members as m
from contracts.events import structure as s
from contracts.topics import DUTIES_TOPIC
from deploy.process import free_port
from services.accountability.app import run as run_accountability
from services.common.access.client import DEMO_TOKEN, bearer
from services.common.access.config import AccessConfig
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.common.outbox import new_producer
from services.common.settings import Settings
from services.duties.app import run as run_duties
from services.registry.app import run as run_registry
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    RunningRegistry,
    driven,
    event,
    fresh_settings,
    payload,
    read_all,
    settled,
    wait_healthy,
)
from tests.integration.registry.hostile import (
    KafkaRecord,
    deep,
    document,
    kafka_poisons,
    meeting,
    raw_header_names,
)

pytestmark = pytest.mark.timeout(600)

SEED = 22
KAFKA_INPUTS = 8_000
HTTP_REQUESTS = 50
HTTP_EVENTS_PER_REQUEST = 50
HTTP_RAW_BODIES = 100
#: Records whose header name is not UTF-8: each costs the consumer a fetch of its own
#: (aiokafka raises on it and drops what it had buffered), so a few dozen, not hundreds.
UNREADABLE_SHARE = 0.004
#: Values that broke the registry or downstream services, or came close.
NASTY: list[Any] = [
    "\x00", "a\x00b", "\ud800", "x\udcff", "\u202e学习", "\u2066", "²", "1" * 5000, "",
    1520812800, "1520812800", "9999-12-31", "0000-01-01", "2018-02-30", "2018-03-12T25:00:00",
    None, [], {}, 10**30, -1, 1.5, True, "\x1b[2J", "br-1", "m-404", "p-404",
    [[[[[[[[[[]]]]]]]]]],
]  # fmt: skip


class Campaign:
    """Seeded hostile inputs: valid meetings, duplicates, the issue's poison kinds,
    fields and headers set to nasty values, raw bytes and facts naming the unknown."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.valid: list[Envelope] = []
        poisons = kafka_poisons()
        self.unreadable = poisons.pop("header-name-not-utf8")[0]
        self.poisons = [record for record, _ in poisons.values()]

    def _meeting(self) -> Envelope:
        env = meeting(f"m-{len(self.valid)}-{self.rng.randrange(10**9)}")
        self.valid.append(env)
        return env

    def _mutated_document(self) -> dict[str, Any]:
        written = document(meeting(f"x-{self.rng.randrange(10**9)}"))
        target = written["data"] if self.rng.random() < 0.5 else written
        name = self.rng.choice([*sorted(target), "\x00", "extra", "ce_\u202e"])
        target[name] = self.rng.choice(NASTY)
        return written

    def _semantic(self) -> Envelope:
        """Well-formed facts the registry's rules refuse (unknown member, cycle, ...)."""
        n = self.rng.randrange(10**9)
        return self.rng.choice(
            [
                event(payload(m.DuesPaid, organization_id="br-1", member_id="m-404",
                              month="2018-03", amount="10.00", paid_on="2018-03-05"), f"d-{n}"),
                event(payload(s.OrganizationReparented, organization_id="gb-1",
                              parent_id="pg-1", reparented_on="2018-03-01"), f"r-{n}"),
                event(payload(s.OrganizationRenamed, organization_id="br-404",
                              name="无名", renamed_on="2018-03-01"), f"n-{n}"),
            ]
        )  # fmt: skip

    def kafka(self) -> KafkaRecord:
        roll = self.rng.random()
        if roll < UNREADABLE_SHARE:
            return self.unreadable
        if roll < 0.25:
            return self.rng.choice([encode_binary, encode_structured])(self._meeting())
        if roll < 0.30 and self.valid:
            return encode_structured(self.rng.choice(self.valid))  # a duplicate
        if roll < 0.45:
            return self.rng.choice(self.poisons)
        if roll < 0.65:
            text = json.dumps(self._mutated_document(), ensure_ascii=self.rng.random() < 0.5)
            key, _, headers = encode_structured(meeting("k"))
            return key, text.encode("utf-8", "surrogatepass"), headers
        if roll < 0.80:
            return self._mutated_headers()
        if roll < 0.90:
            return encode_binary(self._semantic())
        value = self.rng.choice([self.rng.randbytes(self.rng.randrange(64)), deep(5_000)])
        return b"br-1", value, encode_structured(meeting("k"))[2]

    def _mutated_headers(self) -> KafkaRecord:
        key, value, headers = encode_binary(meeting(f"h-{self.rng.randrange(10**9)}"))
        changed: list[tuple[str, bytes | None]] = list(headers)
        nasty = str(self.rng.choice(NASTY)).encode("utf-8", "surrogatepass")
        if self.rng.random() < 0.5:
            at = self.rng.randrange(len(changed))
            changed[at] = (changed[at][0], self.rng.choice([None, nasty]))
        else:
            name = self.rng.choice(["ce_\x00", "ce_x", "x-\u202e", "ce_\u00e9", ""])
            changed.append((name, nasty))
        return key, value, changed

    def http_event(self) -> bytes:
        """One event of an array body: always a JSON value, so the array splits."""
        roll = self.rng.random()
        if roll < 0.4:
            chosen: Any = json.loads(self._meeting().model_dump_json(exclude_none=True))
        elif roll < 0.5:
            chosen = json.loads(self._semantic().model_dump_json(exclude_none=True))
        elif roll < 0.9:
            chosen = self._mutated_document()
        else:
            chosen = self.rng.choice(NASTY)
        return json.dumps(chosen).encode()

    def http_raw(self) -> bytes:
        """A whole body that is one broken submission."""
        return self.rng.choice(
            [self.rng.randbytes(self.rng.randrange(1, 64)), deep(20_000), b"\x00", b"[" * 999]
        )


async def _started(
    runner: Callable[[Settings, int, asyncio.Event, AccessConfig], Any],
    settings: Settings,
    stop: asyncio.Event,
) -> asyncio.Task[None]:
    access = AccessConfig.from_env()
    task: asyncio.Task[None] = asyncio.create_task(runner(settings, free_port(), stop, access))
    await asyncio.sleep(0)
    return task


@pytest.fixture
async def services(infra: Infra) -> AsyncIterator[tuple[RunningRegistry, list[asyncio.Task[None]]]]:
    """Registry, duties and accountability on fresh topics and schemas, in this process."""
    settings = fresh_settings(infra)
    await ensure_zeren_topics(settings)
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=4)
    config, stop = driven(), asyncio.Event()
    tasks = [
        asyncio.create_task(run_registry(settings, config, stop)),
        await _started(run_duties, settings, stop),
        await _started(run_accountability, settings, stop),
    ]
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{config.port}", headers=bearer(DEMO_TOKEN), timeout=60
        ) as http:
            await wait_healthy(http, tasks[0])
            yield RunningRegistry(settings, config, pool, http), tasks
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 60)
        async with pool.acquire() as conn:
            for service in ("registry", "duties", "accountability"):
                await drop_schema(conn, settings.schema(service))
        await pool.close()


def _http_bodies(campaign: Campaign) -> Iterator[bytes]:
    for _ in range(HTTP_REQUESTS):
        events = [campaign.http_event() for _ in range(HTTP_EVENTS_PER_REQUEST)]
        yield b"[" + b",".join(events) + b"]"
    for _ in range(HTTP_RAW_BODIES):
        yield campaign.http_raw()


async def _folded_all(pool: asyncpg.Pool, schema: str, bootstrap: str, topic: str) -> int:
    """Wait until ``schema``'s service has read every record of ``topic``; how many."""
    total = len(await read_all(bootstrap, topic))
    async with asyncio.timeout(120):
        while True:
            async with pool.acquire() as conn:
                read = await conn.fetchval(
                    f'SELECT coalesce(sum(next_offset), 0) FROM "{schema}".consumer_offsets'
                    " WHERE topic = $1",
                    topic,
                )
            if read >= total:
                return total
            await asyncio.sleep(0.5)


async def test_a_hostile_campaign_is_accounted_for_and_stops_no_service(
    services: tuple[RunningRegistry, list[asyncio.Task[None]]],
) -> None:
    running, tasks = services
    settings, campaign = running.settings, Campaign(SEED)
    topics = await running.open_university()

    producer = new_producer(settings.kafka_bootstrap)
    with raw_header_names():
        await producer.start()
        try:
            for _ in range(KAFKA_INPUTS):
                key, value, headers = campaign.kafka()
                await producer.send(topics.intake, value, key=key, headers=list(headers))
            await producer.flush()
        finally:
            await producer.stop()

    http_received, codes = 0, set()
    auth = {"Authorization": f"Bearer {DEMO_TOKEN}", "Content-Type": "application/json"}
    for body in _http_bodies(campaign):
        response = await running.http.post("/v1/events", content=body, headers=auth)
        assert response.status_code == 200, response.text[:500]
        answer = response.json()
        http_received += len(answer["results"])
        codes |= {r["issues"][0]["code"] for r in answer["results"] if r["outcome"] == "rejected"}

    sent = 6 + KAFKA_INPUTS + http_received
    assert sent >= 10_000
    counts = await settled(running.http, running.pool, running.schema, sent, within=300)
    assert counts["received"] == sent
    assert counts["received"] == counts["accepted"] + counts["duplicate"] + counts["rejected"]
    assert min(counts["accepted"], counts["duplicate"], counts["rejected"]) > 0

    async with running.pool.acquire() as conn:
        uncoded = await conn.fetchval(
            f'SELECT count(*) FROM "{running.schema}".submissions'
            " WHERE outcome = 'rejected' AND cardinality(codes) = 0"
        )
        journal_codes = {
            row["code"]
            for row in await conn.fetch(
                f'SELECT DISTINCT codes[1] AS code FROM "{running.schema}".submissions'
                " WHERE outcome = 'rejected'"
            )
        }
    assert uncoded == 0
    assert {"intake.unreadable", "schema.bad_json", "ref.unknown_member", "ref.parent_cycle"} <= (
        journal_codes
    )
    assert {"schema.bad_json", "schema.bad_character"} <= codes
    notices = await read_all(settings.kafka_bootstrap, topics.rejected)
    assert len(notices) == counts["rejected"]

    assert (await running.http.get("/healthz")).status_code == 200
    events = await _folded_all(
        running.pool, settings.schema("duties"), settings.kafka_bootstrap, topics.events
    )
    assert events >= counts["accepted"]
    duties_topic = settings.topic(DUTIES_TOPIC)
    await _folded_all(
        running.pool, settings.schema("accountability"), settings.kafka_bootstrap, duties_topic
    )
    assert not any(task.done() for task in tasks), [t.exception() for t in tasks if t.done()]
