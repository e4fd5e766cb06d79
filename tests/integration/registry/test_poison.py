"""Poison submissions on the real broker and over HTTP (issue 22): each one is journaled as
rejected with its code, and the valid submissions around it are judged as usual.

One registry takes every kind at once, in order on one partition: a valid meeting, the
poison, another valid meeting. A poison that stopped the registry would leave the
meetings behind it unjudged and the summary short of what was sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from contracts.bindings import encode_binary, encode_structured
from services.common.access.client import DEMO_TOKEN
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.registry.app import registry_topics, run
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    RunningRegistry,
    driven,
    fresh_settings,
    read_all,
    settled,
    wait_healthy,
)
from tests.integration.registry.hostile import (
    KafkaRecord,
    http_poisons,
    kafka_poisons,
    meeting,
    raw_header_names,
    send_each,
)

pytestmark = pytest.mark.timeout(180)


@dataclass
class Sent:
    """Where each kind's three records landed: ``topic:partition:offset`` of the poison."""

    poison: dict[str, str]
    http: dict[str, dict[str, Any]]
    received: int


@pytest.fixture(scope="module")
async def poisoned(infra: Infra) -> AsyncIterator[tuple[RunningRegistry, Sent]]:
    """One registry fed every poison kind between two valid meetings, judged."""
    settings = fresh_settings(infra)
    await ensure_zeren_topics(settings)
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=4)
    config, stop = driven(), asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{config.port}") as http:
            await wait_healthy(http, task)
            running = RunningRegistry(settings, config, pool, http)
            await running.open_university()
            records: list[tuple[str, KafkaRecord]] = []
            for kind, (record, _) in kafka_poisons().items():
                records += [
                    (f"{kind}-before", encode_binary(meeting(f"before-{kind}"))),
                    (kind, record),
                    (f"{kind}-after", encode_structured(meeting(f"after-{kind}"))),
                ]
            with raw_header_names():
                poison = await send_each(
                    settings.kafka_bootstrap, registry_topics(settings).intake, records
                )
            answers = {}
            for kind, (document, _) in http_poisons().items():
                response = await http.post(
                    "/v1/events", content=document,
                    headers={"Authorization": f"Bearer {DEMO_TOKEN}",
                             "Content-Type": "application/json"},
                )  # fmt: skip
                answers[kind] = {"status": response.status_code, **response.json()}
            received = 6 + len(records) + len(answers)
            await settled(http, pool, running.schema, received, within=120)
            yield running, Sent(poison, answers, received)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        async with pool.acquire() as conn:
            await drop_schema(conn, settings.schema("registry"))
        await pool.close()


async def _journal(running: RunningRegistry, where: str) -> asyncpg.Record:
    async with running.pool.acquire() as conn:
        row = await conn.fetchrow(
            f'SELECT outcome, codes FROM "{running.schema}".submissions WHERE received_from = $1',
            where,
        )
    assert row is not None, f"{where} was never judged"
    return row


@pytest.mark.parametrize("kind", list(kafka_poisons()))
async def test_a_kafka_poison_is_rejected_and_the_records_around_it_judged(
    poisoned: tuple[RunningRegistry, Sent], kind: str
) -> None:
    running, sent = poisoned
    assert (await running.http.get("/healthz")).status_code == 200
    row = await _journal(running, sent.poison[kind])
    assert row["outcome"] == "rejected"
    assert row["codes"][0] == kafka_poisons()[kind][1]
    for side in ("before", "after"):
        receipts = (await running.http.get(f"/v1/events/{side}-{kind}")).json()["receipts"]
        assert [r["outcome"] for r in receipts] == ["accepted"], (side, receipts)


@pytest.mark.parametrize("kind", list(http_poisons()))
async def test_an_http_poison_is_a_coded_rejection(
    poisoned: tuple[RunningRegistry, Sent], kind: str
) -> None:
    running, sent = poisoned
    answer = sent.http[kind]
    assert answer["status"] == 200, answer
    assert answer["rejected"] == 1
    assert answer["results"][0]["issues"][0]["code"] == http_poisons()[kind][1]
    assert (await running.http.get("/healthz")).status_code == 200


async def test_every_poison_is_published_as_a_rejection_and_the_counts_reconcile(
    poisoned: tuple[RunningRegistry, Sent],
) -> None:
    running, sent = poisoned
    counts = (await running.http.get("/v1/submissions/summary")).json()
    assert counts["received"] == sent.received
    assert counts["received"] == counts["accepted"] + counts["duplicate"] + counts["rejected"]
    assert counts["rejected"] == len(kafka_poisons()) + len(http_poisons())
    notices = await read_all(
        running.settings.kafka_bootstrap, registry_topics(running.settings).rejected
    )
    assert len(notices) == counts["rejected"]
