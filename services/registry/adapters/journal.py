"""The submissions journal (受理台账): one row per received submission and its outcome.

Written in the batch's transaction, so that accepted + duplicate + rejected
always equals what was received, and queryable by id, source and outcome.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from contracts.errors import Issue
from services.common.db import Connection
from services.common.migrations import quote_schema
from services.registry.domain.intake import Outcome


@dataclass(frozen=True)
class Receipt:
    """One received submission and what became of it (受理记录)."""

    received_from: str
    received_at: datetime
    outcome: Outcome
    source: str | None = None
    event_id: str | None = None
    event_type: str | None = None
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """The receipt as the HTTP API shows it."""
        return {
            "id": self.event_id,
            "source": self.source,
            "type": self.event_type,
            "outcome": self.outcome.value,
            "received_from": self.received_from,
            "received_at": self.received_at.isoformat(),
            "issues": [i.model_dump() for i in self.issues],
        }


_ISSUES: TypeAdapter[list[Issue]] = TypeAdapter(list[Issue])
_COLUMNS = [
    "received_from",
    "received_at",
    "outcome",
    "source",
    "event_id",
    "event_type",
    "codes",
    "issues",
]


async def write_receipts(conn: Connection, schema: str, receipts: Sequence[Receipt]) -> None:
    """Append ``receipts`` to the journal (inside the caller's transaction)."""
    if not receipts:
        return
    await conn.copy_records_to_table(
        "submissions",
        schema_name=schema,
        columns=_COLUMNS,
        records=[
            (
                r.received_from,
                r.received_at,
                r.outcome.value,
                r.source,
                r.event_id,
                r.event_type,
                [i.code for i in r.issues],
                _ISSUES.dump_json(list(r.issues)).decode() if r.issues else "[]",
            )
            for r in receipts
        ],
    )


def _receipt(row: Any) -> Receipt:
    return Receipt(
        received_from=row["received_from"],
        received_at=row["received_at"],
        outcome=Outcome(row["outcome"]),
        source=row["source"],
        event_id=row["event_id"],
        event_type=row["event_type"],
        issues=tuple(Issue.model_validate(i) for i in json.loads(row["issues"])),
    )


_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM {}.submissions"


async def receipts_of(
    conn: Connection, schema: str, event_id: str, source: str | None
) -> list[Receipt]:
    """Every receipt of the submission ``event_id`` (from ``source``), oldest first."""
    rows = await conn.fetch(
        _SELECT.format(quote_schema(schema))
        + " WHERE event_id = $1 AND ($2::text IS NULL OR source = $2) ORDER BY seq",
        event_id,
        source,
    )
    return [_receipt(r) for r in rows]


async def latest_rejections(
    conn: Connection, schema: str, limit: int, source: str | None = None
) -> list[Receipt]:
    """The ``limit`` most recent rejections (of ``source``), newest first."""
    rows = await conn.fetch(
        _SELECT.format(quote_schema(schema))
        + " WHERE outcome = 'rejected' AND ($2::text IS NULL OR source = $2)"
        + " ORDER BY seq DESC LIMIT $1",
        limit,
        source,
    )
    return [_receipt(r) for r in rows]


async def outcome_counts(conn: Connection, schema: str) -> dict[str, int]:
    """How many submissions ended in each outcome, and how many were received."""
    rows = await conn.fetch(
        f"SELECT outcome, count(*) AS n FROM {quote_schema(schema)}.submissions GROUP BY outcome"
    )
    counts = {o.value: 0 for o in Outcome} | {r["outcome"]: r["n"] for r in rows}
    return counts | {"received": sum(counts.values())}
