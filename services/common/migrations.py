"""A tiny migration runner: plain SQL files applied in name order, recorded in a table.

Each service owns one schema and keeps its migrations in a folder of
``NNN_name.sql`` files. The files run with ``search_path`` set to the schema,
each in its own transaction together with its row in ``schema_migrations``,
under an advisory lock so that two processes never migrate at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from services.common.db import Connection

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def quote_schema(schema: str) -> str:
    """The schema name, checked to be a plain identifier (it is interpolated into SQL)."""
    if not _SCHEMA_NAME.match(schema):
        raise ValueError(f"invalid schema name {schema!r} (模式名无效)")
    return f'"{schema}"'


def lane_schema(schema: str, partition: int) -> str:
    """The schema of one partition's lane (:mod:`services.common.lanes`) of ``schema``'s
    service."""
    return f"{schema}_p{partition}"


async def lane_schemas(conn: Connection, schema: str) -> list[str]:
    """The lane schemas of ``schema``'s service that exist, in partition order (none: the
    service folds its partitions together, in ``schema``)."""
    quote_schema(schema)  # checked to be a plain identifier: nothing in it is a pattern
    pattern = f"^{schema}_p[0-9]+$"
    rows = await conn.fetch("SELECT nspname FROM pg_namespace WHERE nspname ~ $1", pattern)
    return sorted((r["nspname"] for r in rows), key=lambda name: int(name.rsplit("_p", 1)[1]))


async def migrate(conn: Connection, schema: str, folder: Path) -> list[str]:
    """Apply the not yet applied ``*.sql`` files of ``folder`` to ``schema``; return their names."""
    quoted = quote_schema(schema)
    applied_now: list[str] = []
    await conn.execute("SELECT pg_advisory_lock(hashtext($1))", schema)
    try:
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["name"] for r in await conn.fetch(f"SELECT name FROM {quoted}.schema_migrations")}
        for path in sorted(folder.glob("*.sql")):
            if path.name in done:
                continue
            async with conn.transaction():
                await conn.execute(f"SET LOCAL search_path TO {quoted}, public")
                await conn.execute(path.read_text())
                await conn.execute(
                    f"INSERT INTO {quoted}.schema_migrations (name) VALUES ($1)", path.name
                )
            applied_now.append(path.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", schema)
    return applied_now


async def drop_schema(conn: Connection, schema: str) -> None:
    await conn.execute(f"DROP SCHEMA IF EXISTS {quote_schema(schema)} CASCADE")
