"""The shared migration runner against a real PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import asyncpg
import pytest

from services.common.migrations import migrate
from services.common.pipeline import RUNTIME_SQL

SAMPLE = Path(__file__).parent / "migrations_sample"


async def test_migrations_apply_once_in_order(db: asyncpg.Pool, schema: str) -> None:
    async with db.acquire() as conn:
        assert await migrate(conn, schema, SAMPLE) == ["001_first.sql", "002_second.sql"]
        assert await migrate(conn, schema, SAMPLE) == []
        await conn.execute(f'INSERT INTO "{schema}".things (id, name) VALUES (1, $1)', "支部")
        names = await conn.fetch(f'SELECT name FROM "{schema}".schema_migrations ORDER BY name')
    assert [r["name"] for r in names] == ["001_first.sql", "002_second.sql"]


async def test_a_failing_migration_leaves_nothing_half_applied(
    db: asyncpg.Pool, schema: str, tmp_path: Path
) -> None:
    (tmp_path / "001_ok.sql").write_text("CREATE TABLE a (x int);")
    (tmp_path / "002_bad.sql").write_text("CREATE TABLE b (y int); SELECT no_such_column FROM a;")
    async with db.acquire() as conn:
        with pytest.raises(asyncpg.UndefinedColumnError):
            await migrate(conn, schema, tmp_path)
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema
        )
    assert sorted(r["table_name"] for r in tables) == ["a", "schema_migrations"]


async def test_schema_names_are_checked(db: asyncpg.Pool) -> None:
    async with db.acquire() as conn:
        with pytest.raises(ValueError, match="invalid schema name"):
            await migrate(conn, 'x"; DROP TABLE y; --', SAMPLE)


async def test_outbox_rows_keep_their_headers_across_the_json_migration(
    db: asyncpg.Pool, schema: str, tmp_path: Path
) -> None:
    """A row waiting in the outbox when ``headers`` turns from jsonb into json keeps them."""
    shutil.copy(RUNTIME_SQL / "000_runtime.sql", tmp_path)
    headers = (
        '[["ce_id", "e-1"], ["ce_type", "zeren.DuesPaid"], ["content-type", "application/json"]]'
    )
    async with db.acquire() as conn:
        await migrate(conn, schema, tmp_path)
        await conn.execute(
            f'INSERT INTO "{schema}".outbox (topic, value, headers) VALUES ($1, $2, $3)',
            "t",
            b"{}",
            headers,
        )
        assert "001_outbox_headers_json.sql" in await migrate(conn, schema, RUNTIME_SQL)
        row = await conn.fetchrow(
            f'SELECT headers, pg_typeof(headers)::text AS type FROM "{schema}".outbox'
        )
    assert row is not None
    assert (json.loads(row["headers"]), row["type"]) == (json.loads(headers), "json")
