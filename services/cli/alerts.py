"""``zeren alerts``: follow ``zeren.accountability.v2`` and print readable Chinese alerts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import typer
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.bindings import decode
from contracts.events.accountability import AccountabilityAction
from contracts.topics import ACCOUNTABILITY_TOPIC
from services.cli.errors import UserError
from services.common.kafka_admin import partition_counts
from services.common.settings import Settings


def render_alert(action: AccountabilityAction, event_id: str) -> str:
    """One alert as the organization department reads it (预警提示)."""
    lines = [
        f"【{action.rung.label_zh}】{action.title_zh}",
        f"  {action.text_zh}",
        f"  单位 {action.organization_id} · 案件 {action.case_id} · 依据 {action.clause}"
        f" · 规则版本 {action.policy_version}",
        f"  事件 {event_id}",
    ]
    return "\n".join(lines)


async def follow(
    settings: Settings,
    *,
    from_beginning: bool,
    limit: int | None,
    echo: Callable[[str], None] = print,
) -> int:
    """Print alerts until ``limit`` were printed; return how many were printed.

    Without ``limit`` it follows for ever. With ``limit`` and ``from_beginning``
    it also stops at the end the log had when it started: fewer alerts than
    asked for must not keep the command waiting for alerts that may never come.
    """
    topic = settings.topic(ACCOUNTABILITY_TOPIC)
    counts = await partition_counts(settings.kafka, [topic])
    if topic not in counts:
        raise UserError(
            f"没有主题 {topic}：请先运行 zeren demo 或服务", f"no topic {topic}: run a demo first"
        )
    partitions = [TopicPartition(topic, p) for p in range(counts[topic])]
    consumer = AIOKafkaConsumer(**settings.kafka.options(), enable_auto_commit=False)
    await consumer.start()
    printed = 0
    try:
        consumer.assign(partitions)
        if from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        ends = await consumer.end_offsets(partitions) if from_beginning and limit else None
        while limit is None or printed < limit:
            if ends is not None and await _reached(consumer, ends):
                break
            batch = await consumer.getmany(timeout_ms=1000)
            for record in (r for records in batch.values() for r in records):
                envelope = decode(record.value, record.headers)
                if isinstance(envelope.data, AccountabilityAction):
                    echo(render_alert(envelope.data, envelope.id))
                    printed += 1
                    if printed == limit:
                        break
    finally:
        await consumer.stop()
    return printed


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    """Every partition was read up to ``ends``."""
    return all([await consumer.position(tp) >= end for tp, end in ends.items()])


def run(from_beginning: bool, limit: int | None) -> None:
    """``zeren alerts``: a :class:`UserError` when the topic is missing or ``limit`` is not
    positive; exit code 1 when the log held fewer alerts than ``limit``."""
    if limit is not None and limit < 1:
        raise UserError(
            f"--limit 须为正整数，收到 {limit}", f"--limit must be 1 or more, got {limit}"
        )
    settings = Settings.load().as_auditor()
    printed = asyncio.run(follow(settings, from_beginning=from_beginning, limit=limit))
    if limit is not None and printed < limit:
        typer.echo(
            f"日志中只有 {printed} 条提示（要求 {limit} 条） / "
            f"the log holds {printed} alerts, fewer than --limit {limit}",
            err=True,
        )
        raise typer.Exit(1)
