"""``zeren alerts``: follow ``zeren.accountability.v2`` and print readable Chinese alerts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer

from contracts.bindings import decode
from contracts.events.accountability import AccountabilityAction
from contracts.topics import ACCOUNTABILITY_TOPIC
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
    """Print alerts until ``limit`` were printed (or forever); return how many were printed."""
    consumer = AIOKafkaConsumer(
        settings.topic(ACCOUNTABILITY_TOPIC),
        **settings.kafka.options(),
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    printed = 0
    try:
        while limit is None or printed < limit:
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


def run(from_beginning: bool, limit: int | None) -> int:
    return asyncio.run(
        follow(Settings.load().as_auditor(), from_beginning=from_beginning, limit=limit)
    )
