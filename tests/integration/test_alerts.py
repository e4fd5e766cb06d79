"""``zeren alerts --from-beginning --limit N`` stops at the end of the log when it holds
fewer than N alerts, saying so, instead of waiting for ever."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner

from contracts.bindings import encode_binary
from contracts.envelope import examples
from contracts.events.accountability import AccountabilityAction
from contracts.topics import ACCOUNTABILITY_TOPIC
from services.cli.alerts import follow
from services.cli.main import app
from services.common.kafka_admin import ensure_zeren_topics
from services.common.settings import Settings
from tests.conftest import Infra

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def two_alerts(infra: Infra) -> Settings:
    """A namespace whose accountability topic holds two alerts."""
    tag = uuid.uuid4().hex[:10]
    settings = infra.settings(f".t{tag}", f"t{tag}_")
    await ensure_zeren_topics(settings)
    actions = [e for e in examples() if isinstance(e.data, AccountabilityAction)][:2]
    producer = AIOKafkaProducer(**settings.kafka.options(), acks="all")
    await producer.start()
    try:
        for envelope in actions:
            key, value, headers = encode_binary(envelope)
            await producer.send_and_wait(
                settings.topic(ACCOUNTABILITY_TOPIC), value, key=key, headers=headers
            )
    finally:
        await producer.stop()
    return settings


async def test_follow_stops_at_the_end_of_the_log(two_alerts: Settings) -> None:
    shown: list[str] = []
    async with asyncio.timeout(30):
        printed = await follow(two_alerts, from_beginning=True, limit=5, echo=shown.append)
    assert printed == 2
    assert all(text.startswith("【") for text in shown)
    async with asyncio.timeout(30):
        assert await follow(two_alerts, from_beginning=True, limit=1, echo=shown.append) == 1


async def test_the_command_says_it_found_fewer_and_exits_1(two_alerts: Settings) -> None:
    command = ["alerts", "--from-beginning", "--limit", "5"]
    result = await asyncio.to_thread(CliRunner().invoke, app, command, env=two_alerts.as_env())
    assert result.exit_code == 1, result.output
    assert result.stdout.count("【") == 2
    (line,) = result.stderr.splitlines()
    assert "只有 2 条" in line
    assert "fewer than --limit 5" in line
