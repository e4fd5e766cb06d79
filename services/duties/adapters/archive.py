"""Archived duty instances read back from PostgreSQL (归档读取) for the HTTP queries.

Archived instances left memory (see ``services.duties.domain.state``); their
documents stay in the service's ``state`` table under ``duty:<org>|<key>``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

import asyncpg

from services.common.migrations import quote_schema
from services.duties.domain.instances import INSTANCE_ADAPTER, Status
from services.duties.domain.queries import Archived
from services.duties.domain.state import CALENDAR, INSTANCE, document_owner

#: The stored rows a restart restores (``Pipeline``'s ``restore_where``): all but the
#: instance documents their unit has archived (``Unit.archives``: overdue ones due before
#: its overdue cut-off, decided ones before its decided cut-off; open ones never). Those
#: stay in PostgreSQL for the queries instead of passing through memory; restore applies
#: the same rule again, so this only spares the reading. The cut-offs are in the unit's
#: group of its partition's calendar document (``CALENDAR_FIELDS``): gathered once per
#: query into one jsonb object by organization (a join per row took minutes at 226k rows).
NOT_ARCHIVED = f"""NOT coalesce(starts_with(s.key, '{INSTANCE}') AND s.value->>'due_on' < (
    (SELECT jsonb_object_agg(u.organization_id, jsonb_build_object(
                'decided', g.calendar->'decided_archived_before',
                'overdue', g.calendar->'overdue_archived_before'))
     FROM {{state}} c,
          json_array_elements(c.value) AS g(calendar),
          json_array_elements_text(g.calendar->'units') AS u(organization_id)
     WHERE starts_with(c.key, '{CALENDAR}'))
    -> split_part(substr(s.key, {len(INSTANCE) + 1}), '|', 1)
    ->> CASE s.value->>'status'
        WHEN '{Status.OVERDUE.value}' THEN 'overdue'
        WHEN '{Status.FULFILLED.value}' THEN 'decided'
        WHEN '{Status.FULFILLED_LATE.value}' THEN 'decided'
        WHEN '{Status.WAIVED.value}' THEN 'decided'
    END), false)"""

#: Reads archived instances: of one organization (or all), counted in one year, one status.
ArchiveReader = Callable[[str | None, int | None, Status | None], Awaitable[list[Archived]]]


def reader(pool: asyncpg.Pool, schema: str) -> ArchiveReader:
    """An :data:`ArchiveReader` over ``schema``'s state table."""
    table = f"{quote_schema(schema)}.state"

    async def read(org: str | None, year: int | None, status: Status | None) -> list[Archived]:
        async with pool.acquire() as conn:
            if await conn.fetchval("SELECT to_regclass($1)", f"{schema}.state") is None:
                return []  # a lane no instance has opened yet
            rows = await conn.fetch(
                f"SELECT key, value::text AS value FROM {table} WHERE starts_with(key, $1)"
                # the year an instance is counted in (periods.counted_year): a term's end
                " AND ($2::text IS NULL OR starts_with(CASE WHEN starts_with(value->>'period',"
                " 'term:') THEN value->>'period_end' ELSE value->>'period_start' END, $2))"
                " AND ($3::text IS NULL OR value->>'status' = $3)",
                INSTANCE + (f"{org}|" if org else ""),
                None if year is None else f"{year:04d}-",
                None if status is None else status.value,
            )
        return [
            (document_owner(r["key"], INSTANCE)[0], INSTANCE_ADAPTER.validate_json(r["value"]))
            for r in rows
        ]

    return read


def across(readers: Callable[[], Iterable[ArchiveReader]]) -> ArchiveReader:
    """An :data:`ArchiveReader` over the archives ``readers`` names at each call (the lanes
    an instance holds at the time)."""

    async def read(org: str | None, year: int | None, status: Status | None) -> list[Archived]:
        return [found for each in readers() for found in await each(org, year, status)]

    return read


async def nothing_archived(
    org: str | None, year: int | None, status: Status | None
) -> list[Archived]:
    """The reader of a state that was never persisted (tests, replays that keep everything)."""
    return []
