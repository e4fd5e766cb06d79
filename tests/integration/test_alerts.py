"""``zeren alerts --from-beginning --limit N`` stops at the end of the log when it holds
fewer than N alerts, saying so, instead of waiting for ever; ``--to-end`` reads to the
end and exits; ``--rung``, ``--unit`` and ``--since`` filter; a resolution reads 办结."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner, Result

from contracts.bindings import encode_binary
from contracts.envelope import Envelope, examples
from contracts.events.accountability import EVENTS as ALERT_TYPES
from contracts.events.accountability import AccountabilityAction, SituationFlag
from contracts.topics import ACCOUNTABILITY_TOPIC
from services.cli.alerts import Wanted, follow
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
        printed = await follow(two_alerts, Wanted(from_beginning=True, limit=5), shown.append)
    assert printed == 2
    assert all(text.startswith("【") for text in shown)
    async with asyncio.timeout(30):
        assert await follow(two_alerts, Wanted(from_beginning=True, limit=1), shown.append) == 1


async def test_the_command_says_it_found_fewer_and_exits_1(two_alerts: Settings) -> None:
    command = ["alerts", "--from-beginning", "--limit", "5"]
    result = await asyncio.to_thread(CliRunner().invoke, app, command, env=two_alerts.as_env())
    assert result.exit_code == 1, result.output
    assert result.stdout.count("【") == 2
    (line,) = result.stderr.splitlines()
    assert "只有 2 条" in line
    assert "fewer than --limit 5" in line


@pytest.fixture
async def every_alert(infra: Infra) -> Settings:
    """A namespace whose accountability topic holds one example of each alert type (the
    actions, and the flags told with their withdrawals), one of them of another unit."""
    tag = uuid.uuid4().hex[:10]
    settings = infra.settings(f".t{tag}", f"t{tag}_")
    await ensure_zeren_topics(settings)
    actions = [e for e in examples() if isinstance(e.data, AccountabilityAction | SituationFlag)]
    other = actions[0].data.model_copy(update={"organization_id": "br-law-faculty-2"})
    moved = {"id": f"other-{tag}", "subject": "br-law-faculty-2", "data": other}
    actions.append(actions[0].model_copy(update=moved))
    await _publish(settings, actions)
    return settings


async def _publish(settings: Settings, envelopes: list[Envelope]) -> None:
    producer = AIOKafkaProducer(**settings.kafka.options(), acks="all")
    await producer.start()
    try:
        for envelope in envelopes:
            key, value, headers = encode_binary(envelope)
            await producer.send_and_wait(
                settings.topic(ACCOUNTABILITY_TOPIC), value, key=key, headers=headers
            )
    finally:
        await producer.stop()


def _zeren(settings: Settings, *arguments: str) -> Result:
    return CliRunner().invoke(app, ["alerts", *arguments], env=settings.as_env())


async def test_to_end_reads_every_alert_and_exits(every_alert: Settings) -> None:
    result = await asyncio.to_thread(_zeren, every_alert, "--to-end")
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if line.startswith("【")]
    assert len(heads) == len(ALERT_TYPES) + 1  # an example of each, and one of another unit
    assert sum(h.startswith("【办结】") for h in heads) == 1
    assert sum(h.startswith("【问责建议】") for h in heads) == 1
    assert sum(h.startswith("【责任人更正】") for h in heads) == 1
    assert sum(h.startswith("【情况提示】") for h in heads) == 1
    assert sum(h.startswith("【情况提示撤回】") for h in heads) == 1


async def test_filters_by_rung_unit_and_day(every_alert: Settings) -> None:
    def heads(*arguments: str) -> list[str]:
        result = _zeren(every_alert, "--to-end", *arguments)
        assert result.exit_code == 0, result.output
        return [line for line in result.stdout.splitlines() if line.startswith("【")]

    reminders = await asyncio.to_thread(heads, "--rung", "提醒")
    assert len(reminders) == 2
    assert all(h.startswith("【提醒】") for h in reminders)
    law = await asyncio.to_thread(heads, "--unit", "br-law-*")
    assert len(law) == 1
    assert await asyncio.to_thread(heads, "--since", "2100-01-01") == []
    refused = await asyncio.to_thread(_zeren, every_alert, "--rung", "办结", "--to-end")
    assert refused.exit_code == 2
    assert "不是问责层级" in refused.stderr
