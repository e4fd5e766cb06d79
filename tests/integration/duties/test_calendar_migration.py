"""Migration 003 (the units' calendar documents) against the real database: a state
stored with each unit's calendar in its own document restores as one stored after."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from services.common.migrations import drop_schema, migrate
from services.common.pipeline import RUNTIME_SQL, Pipeline
from services.duties.adapters.archive import NOT_ARCHIVED
from services.duties.app import SQL
from services.duties.domain.documents import entries
from services.duties.domain.state import CALENDAR, CALENDAR_FIELDS, UNIT, DutyState
from tests.integration.duties.restoring import CountingRestores
from tests.unit.duties.builders import History, fold

BRANCHES = {"br-east": 0, "br-west": 1, "br-late": 1}


def _fifteen_months() -> DutyState:
    """Three branches on two partitions paying dues (one from June), and one without
    members (so no deferred dues: a calendar of its own), ticks into 2019."""
    history = History()
    for org, partition in BRANCHES.items():
        start = date(2018, 6, 1) if org == "br-late" else date(2018, 1, 1)
        history.branch(start, org=org, partition=partition)
        history.member(f"{org}-m", start, org=org, partition=partition)
    history.branch(date(2018, 1, 1), org="br-quiet", partition=1)
    day = date(2018, 1, 1)
    while day <= date(2019, 3, 5):
        for partition in sorted(set(BRANCHES.values())):
            history.tick(day, partition)
        if day.day == 4:
            for org, partition in BRANCHES.items():
                history.dues(f"{org}-m", f"{day:%Y-%m}", day, org=org, partition=partition)
        day += timedelta(days=1)
    state, _ = fold(history.events)
    return state


def _with_calendars_inlined(documents: Mapping[str, Any]) -> dict[str, Any]:
    """The documents as stored before migration 003: each unit carries its calendar."""
    calendars = {
        org: {k: v for k, v in group.items() if k != "units"}
        for key, groups in documents.items()
        if key.startswith(CALENDAR)
        for group in groups
        for org in group["units"]
    }
    return {
        key: {**value, **calendars[value["organization_id"]]} if key.startswith(UNIT) else value
        for key, value in documents.items()
        if not key.startswith(CALENDAR)
    }


async def _restored(
    db: asyncpg.Pool, schema: str, documents: Mapping[str, Any], before: Path
) -> CountingRestores:
    """Store ``documents`` in ``schema`` (migrated up to 002, copied to the empty folder
    ``before``), then restore as a restart does."""
    for migration in sorted(SQL.glob("00[12]_*.sql")):
        shutil.copy(migration, before)
    async with db.acquire() as conn:
        await migrate(conn, schema, RUNTIME_SQL)
        await migrate(conn, schema, before)
        await conn.executemany(
            f'INSERT INTO "{schema}".state (key, value) VALUES ($1, $2::json)',
            [(key, json.dumps(value)) for key, value in documents.items()],
        )
    projection = CountingRestores("duties", partitions=2)
    await Pipeline(db, schema, projection, NOT_ARCHIVED).prepare(SQL)
    return projection


async def test_units_stored_with_their_calendar_restore_as_after_the_migration(
    db: asyncpg.Pool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    state = _fifteen_months()
    documents = entries(state)
    groups = [
        group for key, value in documents.items() if key.startswith(CALENDAR) for group in value
    ]
    # Equal calendars share their partition's group; the memberless branch defers no dues.
    assert sorted(g["units"] for g in groups) == [["br-east"], ["br-late", "br-west"], ["br-quiet"]]
    assert all(not CALENDAR_FIELDS & set(v) for k, v in documents.items() if k.startswith(UNIT))

    old, new = (f"t_{uuid.uuid4().hex[:12]}" for _ in range(2))
    try:
        migrated = await _restored(
            db, old, _with_calendars_inlined(documents), tmp_path_factory.mktemp("old")
        )
        stored = await _restored(db, new, documents, tmp_path_factory.mktemp("new"))
        assert entries(migrated.state) == entries(stored.state)
        assert migrated.read == stored.read
        # The archive cut-offs came through the migration: archived instances stayed unread.
        assert migrated.read[0] < len(documents)
        unit = migrated.state.units["br-east"]
        assert unit.decided_archived_before is not None
        assert unit.opened
        rows = await db.fetch(f'SELECT key, value::text AS value FROM "{old}".state')
        units = [json.loads(r["value"]) for r in rows if r["key"].startswith(UNIT)]
        assert len(units) == len(BRANCHES) + 1
        assert all(not CALENDAR_FIELDS & set(u) for u in units)
    finally:
        async with db.acquire() as conn:
            for schema in (old, new):
                await drop_schema(conn, schema)
