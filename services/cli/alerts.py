"""``zeren alerts``: read ``zeren.accountability.v2`` and print readable Chinese alerts.

Filters: ``--rung`` (a proposal matches the measures it proposes), ``--unit``
(a unit id or a pattern such as ``br-edu-*``, as in the notifier's routes),
``--since`` (alerts dated that day or later). Each alert is labelled as the
notifier labels it: the rung of a measure, 【问责建议】 for a proposal,
【办结】 for a resolved case, 【情况提示】 and 【情况提示撤回】 for a flag and its withdrawal
(no rung: ``--rung`` leaves them out).

Where reading starts and stops: ``--from-beginning``, ``--since`` and
``--to-end`` read from the oldest alert; ``--to-end`` stops at the end the log
had when the command started, and so does ``--limit`` when reading from the
oldest (fewer alerts than asked for must not keep the command waiting for
alerts that may never come). Otherwise it follows new alerts, for ever or
until ``--limit`` were printed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import typer
from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.bindings import decode
from contracts.events.enums import Rung
from contracts.topics import ACCOUNTABILITY_TOPIC
from services.cli.errors import UserError, parse_day
from services.common.kafka_admin import partition_counts
from services.common.settings import Settings
from services.notifier.domain.alerts import Alert, alert_of
from services.notifier.domain.messages import label
from services.notifier.domain.routes import Route


@dataclass(frozen=True)
class Wanted:
    """Which alerts to print and where to stop (see the module docstring)."""

    rungs: list[Rung] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    since: date | None = None
    from_beginning: bool = False
    to_end: bool = False
    limit: int | None = None

    @property
    def starts_at_beginning(self) -> bool:
        return self.from_beginning or self.to_end or self.since is not None

    @property
    def stops_at_end(self) -> bool:
        return self.to_end or (self.starts_at_beginning and self.limit is not None)

    def matches(self, alert: Alert, day: date) -> bool:
        """``alert``, dated ``day``, passes every filter given."""
        route = Route(rungs=self.rungs or None, units=self.units or None)
        return route.matches(alert) and (self.since is None or day >= self.since)


def render_alert(alert: Alert) -> str:
    """One alert as the organization department reads it (预警提示)."""
    action, flag = alert.action, alert.flag
    if action is not None:
        about = f"案件 {action.case_id} · 依据 {action.clause} · 规则版本 {action.policy_version}"
    else:
        assert flag is not None
        member = f"党员 {flag.member_id} · " if flag.member_id else ""
        about = f"{member}研究处理 {flag.decides} · 依据 {flag.clause}"
    lines = [
        f"【{label(alert)}】{alert.title_zh}",
        f"  {alert.text_zh}",
        f"  单位 {alert.unit_id} · {about}",
        f"  事件 {alert.event_id}",
    ]
    return "\n".join(lines)


async def follow(settings: Settings, wanted: Wanted, echo: Callable[[str], None] = print) -> int:
    """Print the alerts ``wanted`` asks for; return how many were printed."""
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
        if wanted.starts_at_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        ends = await consumer.end_offsets(partitions) if wanted.stops_at_end else None
        while wanted.limit is None or printed < wanted.limit:
            if ends is not None and await _reached(consumer, ends):
                break
            batch = await consumer.getmany(timeout_ms=1000)
            for record in (r for records in batch.values() for r in records):
                try:
                    envelope = decode(record.value, record.headers)
                except ValueError as error:  # not written by the service: told, not fatal
                    typer.echo(f"无法解读的记录 unreadable record at offset {record.offset}: "
                               f"{error}", err=True)  # fmt: skip
                    continue
                alert = alert_of(envelope)
                if alert is None or not wanted.matches(alert, envelope.time.date()):
                    continue
                echo(render_alert(alert))
                printed += 1
                if printed == wanted.limit:
                    break
    finally:
        await consumer.stop()
    return printed


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    """Every partition was read up to ``ends``."""
    return all([await consumer.position(tp) >= end for tp, end in ends.items()])


def parse_rung(text: str) -> Rung:
    """A rung by its value (``criticism``) or its Chinese name (``提醒``), or a UserError."""
    for rung in Rung:
        if text in (rung.value, rung.label_zh):
            return rung
    names = "、".join(f"{r.value}（{r.label_zh}）" for r in Rung)
    raise UserError(
        f"--rung 的值 {text!r} 不是问责层级，可选：{names}",
        f"--rung {text!r} is no rung; one of {', '.join(r.value for r in Rung)}",
    )


def run(
    *,
    from_beginning: bool,
    limit: int | None,
    rungs: list[str],
    units: list[str],
    since: str | None,
    to_end: bool,
) -> None:
    """``zeren alerts``: a :class:`UserError` when an option is bad or the topic is missing;
    exit code 1 when the log held fewer matching alerts than ``limit``."""
    if limit is not None and limit < 1:
        raise UserError(
            f"--limit 须为正整数，收到 {limit}", f"--limit must be 1 or more, got {limit}"
        )
    wanted = Wanted(
        rungs=[parse_rung(r) for r in rungs],
        units=units,
        since=parse_day(since, "--since") if since is not None else None,
        from_beginning=from_beginning,
        to_end=to_end,
        limit=limit,
    )
    settings = Settings.load().as_auditor()
    printed = asyncio.run(follow(settings, wanted))
    if limit is not None and printed < limit:
        typer.echo(
            f"日志中只有 {printed} 条提示（要求 {limit} 条） / "
            f"the log holds {printed} alerts, fewer than --limit {limit}",
            err=True,
        )
        raise typer.Exit(1)
