"""The notifier's PostgreSQL (送达记录): planned deliveries written with the consumed offsets.

:class:`PlanningProjection` plugs the pure routing into the shared
:class:`~services.common.pipeline.Pipeline`: a batch of alerts commits, in
one transaction, the consumed event ids, the consumed offsets and a
``pending`` row per (alert, recipient). The sender then moves each row on
(:class:`Deliveries`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from contracts.bindings import decode
from services.common.db import Connection
from services.common.migrations import quote_schema
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Pipeline
from services.notifier.domain.alerts import alert_of
from services.notifier.domain.messages import render
from services.notifier.domain.routes import Routes

log = logging.getLogger("zeren.notifier")

#: The columns a planned delivery is written with, in order.
PLANNED_COLUMNS = (
    "event_id", "recipient", "case_id", "unit_id", "rung", "kind", "channel", "target", "message"
)  # fmt: skip


class PlanningProjection:
    """The pipeline's projection: each alert planned for its recipients; no state, no outbox."""

    def __init__(self, routes: Routes) -> None:
        self.routes = routes
        self.planned: list[tuple[str | None, ...]] = []

    def restore(self, entries: Mapping[str, Any]) -> None:
        """Nothing to restore: what is planned lives in the ``deliveries`` table."""

    def event_id(self, record: InputRecord) -> str | None:
        return record.header("ce_id")

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        try:
            envelope = decode(record.value, record.headers)
        except ValueError as error:  # a ContractViolation or a ValidationError
            # The accountability service wrote it; one that cannot be read is told, not fatal.
            log.warning("unreadable alert at %s skipped: %s", record.position, error)
            return []
        alert = alert_of(envelope)
        if alert is None:
            return []
        message = render(alert).model_dump_json()
        for recipient in self.routes.deliveries(alert):
            self.planned.append(
                (alert.event_id, recipient.id, alert.case_id, alert.unit_id,
                 None if alert.rung is None else alert.rung.value,
                 alert.kind.value, recipient.via.channel.value, recipient.via.target, message)
            )  # fmt: skip
        return []

    def holding(self) -> dict[int, int]:
        return {}

    def take_changes(self) -> dict[str, Any | None]:
        return {}


class PlanningPipeline(Pipeline):
    """The shared pipeline, writing the batch's planned deliveries in its transaction."""

    projection: PlanningProjection

    async def write_alongside(self, conn: Connection) -> None:
        planned, self.projection.planned = self.projection.planned, []
        if planned:
            columns = ", ".join(PLANNED_COLUMNS)
            await conn.executemany(
                f"INSERT INTO {self._q}.deliveries ({columns})"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)"
                " ON CONFLICT (event_id, recipient) DO NOTHING",
                planned,
            )


@dataclass(frozen=True)
class Due:
    """A pending delivery whose next attempt is due."""

    event_id: str
    recipient: str
    channel: str
    target: str
    message: dict[str, Any]
    attempts: int


#: The fields of ``GET /v1/deliveries`` (the workbench reads exactly these).
LISTED = (
    "event_id", "case_id", "unit_id", "rung", "kind", "channel", "recipient", "status",
    "attempts", "last_error", "updated_at",
)  # fmt: skip


class Deliveries:
    """The ``deliveries`` table as the sender and the HTTP queries use it."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self._table = f"{quote_schema(schema)}.deliveries"

    async def due(self, limit: int) -> list[Due]:
        """Pending deliveries due now, the oldest planned first."""
        rows = await self.pool.fetch(
            f"SELECT event_id, recipient, channel, target, message, attempts FROM {self._table}"
            " WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY seq LIMIT $1",
            limit,
        )
        return [
            Due(r["event_id"], r["recipient"], r["channel"], r["target"],
                json.loads(r["message"]), r["attempts"])
            for r in rows
        ]  # fmt: skip

    async def next_due_in(self) -> float | None:
        """Seconds until the next pending delivery is due (0 if one is), None if none pends."""
        found: float | None = await self.pool.fetchval(
            f"SELECT greatest(0, extract(epoch FROM min(next_attempt_at) - now()))::float8"
            f" FROM {self._table} WHERE status = 'pending'"
        )
        return found

    async def delivered(self, due: Due) -> None:
        await self.pool.execute(
            f"UPDATE {self._table} SET status = 'delivered', attempts = attempts + 1,"
            " last_error = NULL, updated_at = now() WHERE event_id = $1 AND recipient = $2",
            due.event_id,
            due.recipient,
        )

    async def attempt_failed(self, due: Due, error: str, retry_in: float | None) -> None:
        """An attempt failed: retry in ``retry_in`` seconds, or failed for good (None)."""
        await self.pool.execute(
            f"UPDATE {self._table} SET attempts = attempts + 1, last_error = $3,"
            " status = CASE WHEN $4::float8 IS NULL THEN 'failed' ELSE 'pending' END,"
            " next_attempt_at = now() + make_interval(secs => coalesce($4::float8, 0)),"
            " updated_at = now() WHERE event_id = $1 AND recipient = $2",
            due.event_id,
            due.recipient,
            error[:2000],
            retry_in,
        )

    async def listed(
        self,
        *,
        status: str | None = None,
        case_id: str | None = None,
        unit_id: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Deliveries, the latest changed first, optionally by status, case and unit."""
        rows = await self.pool.fetch(
            f"SELECT {', '.join(LISTED)} FROM {self._table}"
            " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR case_id = $2)"
            " AND ($3::text IS NULL OR unit_id = $3) ORDER BY updated_at DESC, seq DESC LIMIT $4",
            status,
            case_id,
            unit_id,
            limit,
        )
        return [{k: _json(r[k]) for k in LISTED} for r in rows]

    async def counts(self) -> dict[tuple[str, str], int]:
        """Deliveries per (channel, status), for ``/metrics``."""
        rows = await self.pool.fetch(
            f"SELECT channel, status, count(*) AS n FROM {self._table} GROUP BY channel, status"
        )
        return {(r["channel"], r["status"]): r["n"] for r in rows}


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value
