"""History replay (历史回放): the duties and accountability state as of a date.

``zeren.events.v1`` is read read-only (each partition up to the tick that
ends ``until``, or to its end), folded by the duties projection in a
:class:`Pipeline` bound to a separate schema (``<prefix>duties``); the duty
events land in that schema's outbox, which is never relayed. They are read
back in ``seq`` order and folded by the accountability projection into
``<prefix>accountability``. Nothing is written to a live topic or schema, and
the services pick the catalog and policy versions by the log's dates, so a
replay of 2017 applies the 2017 rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg

from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, EVENTS_TOPIC
from services.accountability.adapters.projection import AccountabilityProjection
from services.accountability.app import MIGRATIONS as ACCOUNTABILITY_SQL
from services.accountability.domain.state import Ledger
from services.audit.log import Partitions, read_topic, tick_date
from services.common.db import batch_pool
from services.common.migrations import drop_schema, quote_schema
from services.common.pipeline import InputRecord, Pipeline, Projection
from services.common.settings import Settings
from services.duties.adapters.projection import DutiesProjection
from services.duties.app import SQL as DUTIES_SQL
from services.duties.domain.state import DutyState

#: ``progress(phase, done, total)``; ``total`` is 0 while unknown (reading the log).
Progress = Callable[[str, int, int], None]
BATCH = 5000
READING, DUTIES, ACCOUNTABILITY = "read 读取日志", "duties 责任", "accountability 问责"


def default_prefix(until: date | None) -> str:
    """``replay_<yyyymmdd>_`` (``replay_all_`` for the whole log)."""
    return f"replay_{until:%Y%m%d}_" if until else "replay_all_"


@dataclass(frozen=True)
class ReplayResult:
    """The replayed state and outputs (回放结果); the schemas stay for later queries."""

    until: date | None
    prefix: str
    events: int
    duties: DutyState
    ledger: Ledger
    duty_outputs: Sequence[InputRecord]
    accountability_outputs: Sequence[InputRecord]


def log_order(partitions: Partitions) -> list[InputRecord]:
    """The records in the order the services meet them: day by day, partition by partition.

    Each partition is cut into segments ending with a tick; segments are
    ordered by (tick date, partition), records after the last tick come last.
    Per partition the offset order is kept, as in the live service.
    """
    segments: list[tuple[date, int, list[InputRecord]]] = []
    for partition, records in sorted(partitions.items()):
        current: list[InputRecord] = []
        for record in records:
            current.append(record)
            day = tick_date(record)
            if day is not None:
                segments.append((day, partition, current))
                current = []
        if current:
            segments.append((date.max, partition, current))
    segments.sort(key=lambda s: (s[0], s[1]))
    return [record for _, _, segment in segments for record in segment]


def _schemas(settings: Settings, prefix: str) -> tuple[str, str]:
    if prefix == settings.schema_prefix:
        raise ValueError(f"prefix {prefix!r} is the live services' own (不得写入在用模式)")
    duties, accountability = f"{prefix}duties", f"{prefix}accountability"
    quote_schema(duties), quote_schema(accountability)
    return duties, accountability


async def replay_until(
    settings: Settings,
    until: date | None,
    prefix: str,
    progress: Progress = lambda phase, done, total: None,
) -> ReplayResult:
    """Rebuild both services' state from the log up to ``until`` (None: all of it)."""
    duties_schema, accountability_schema = _schemas(settings, prefix)
    log = await read_topic(
        settings.kafka,
        settings.topic(EVENTS_TOPIC),
        until=until,
        progress=lambda n: progress(READING, n, 0),
    )
    records = log_order(log)
    pool = await batch_pool(settings.database_url, min_size=1, max_size=2)
    try:
        duties = DutiesProjection(settings.topic(DUTIES_TOPIC), len(log), keep_archive=True)
        fold = await _fresh(pool, duties_schema, duties, DUTIES_SQL)
        await _feed(fold, records, DUTIES, progress)
        duty_outputs = await outbox_records(pool, duties_schema)
        accountability = AccountabilityProjection(len(log), settings.topic(ACCOUNTABILITY_TOPIC))
        fold = await _fresh(pool, accountability_schema, accountability, ACCOUNTABILITY_SQL)
        await _feed(fold, duty_outputs, ACCOUNTABILITY, progress)
        return ReplayResult(
            until,
            prefix,
            len(records),
            duties.state,
            accountability.ledger,
            duty_outputs,
            await outbox_records(pool, accountability_schema),
        )
    finally:
        await pool.close()


async def drop_replay(settings: Settings, prefix: str) -> None:
    """Drop the two schemas of the replay under ``prefix`` (never a live one)."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        for schema in _schemas(settings, prefix):
            await drop_schema(conn, schema)
    finally:
        await conn.close()


async def _fresh(
    pool: asyncpg.Pool, schema: str, projection: Projection, migrations: Path
) -> Pipeline:
    async with pool.acquire() as conn:
        await drop_schema(conn, schema)
    pipeline = Pipeline(pool, schema, projection)
    await pipeline.prepare(migrations)
    return pipeline


async def _feed(
    pipeline: Pipeline, records: Sequence[InputRecord], phase: str, progress: Progress
) -> None:
    progress(phase, 0, len(records))
    for start in range(0, len(records), BATCH):
        await pipeline.apply(records[start : start + BATCH])
        progress(phase, min(start + BATCH, len(records)), len(records))


async def outbox_records(pool: asyncpg.Pool, schema: str) -> list[InputRecord]:
    """The outbox of ``schema`` as input records: topic, partition, offset = ``seq`` (发件箱)."""
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            f"SELECT seq, topic, partition, key, value, headers FROM {quote_schema(schema)}.outbox"
            " ORDER BY seq"
        )
    return [
        InputRecord(
            r["topic"],
            r["partition"],
            r["seq"],
            r["key"],
            r["value"],
            [(k, v.encode()) for k, v in json.loads(r["headers"])],
        )
        for r in rows
    ]
