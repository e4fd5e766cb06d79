"""The one reliability pattern: per input batch, one PostgreSQL transaction writes
the state changes, the consumed event ids, the consumed offsets and the outbox.

A service plugs its pure fold in as a :class:`Projection`; this module does the
I/O around it. State lives in memory (restored from the ``state`` table at
start) and changed entries are written back with the batch. If a transaction
fails the process must restart (memory is then ahead of the database): the
runner re-raises and the supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import asyncpg

from services.common.db import Connection
from services.common.migrations import migrate, quote_schema
from services.common.outbox import OutboxRecord, write_outbox

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord

RUNTIME_SQL = Path(__file__).parent / "sql"


@dataclass(frozen=True)
class InputRecord:
    """One consumed Kafka record (or one HTTP submission, with ``topic`` = ``"http"``).

    ``unreadable`` says why the Kafka client could not read the record (a header
    name that is not UTF-8): it then carries no key, value or headers.
    """

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes | None]] = field(default_factory=tuple)
    unreadable: str | None = None

    @property
    def position(self) -> str | None:
        """``topic:partition:offset`` of a record read from Kafka (None otherwise)."""
        return f"{self.topic}:{self.partition}:{self.offset}" if self.offset >= 0 else None

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name and value is not None:
                return value.decode()
        return None


def input_record(r: ConsumerRecord[bytes, bytes]) -> InputRecord:
    """A fetched record as the pipeline takes it."""
    return InputRecord(r.topic, r.partition, r.offset, r.key, r.value, list(r.headers))


class Projection(Protocol):
    """What a service's domain offers the runtime."""

    def restore(self, entries: Mapping[str, Any]) -> None:
        """Load the state saved by earlier batches."""

    def event_id(self, record: InputRecord) -> str | None:
        """The id to deduplicate ``record`` on, or None to let the projection decide."""

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        """Fold one record into the in-memory state; return the output messages."""

    def holding(self) -> dict[int, int]:
        """Per partition of the input topic, the offset of the first record handled but
        held back, not yet folded (a sequencer's): a restart reads on from there."""

    def take_changes(self) -> dict[str, Any | None]:
        """State entries changed since the last call (None: deleted).

        Each entry is JSON-serialisable, or ``bytes``: its JSON already encoded
        (a model's own encoder is several times faster than ``json.dumps``).
        """


class Pipeline:
    """One service's projection bound to its schema; applies batches transactionally."""

    def __init__(
        self, pool: asyncpg.Pool, schema: str, projection: Projection, restore_where: str = "TRUE"
    ) -> None:
        """``restore_where``: an SQL condition on the ``state`` rows (``s``) to restore;
        ``{state}`` in it names the table. Rows it leaves out stay in PostgreSQL only."""
        self.pool, self.schema, self.projection = pool, schema, projection
        self._q = quote_schema(schema)
        self._restore_where = restore_where
        self.lock = asyncio.Lock()  # the Kafka loop and HTTP submissions share the state
        # Per partition: the next offset to read as stored (progress, never back) and as
        # reached by this process (the consumer's position: after a restart it begins at
        # the stored resume offset), and what was last stored, (read, resume).
        self._read: dict[tuple[str, int], int] = {}
        self._reached: dict[tuple[str, int], int] = {}
        self._saved: dict[tuple[str, int], tuple[int, int]] = {}

    async def prepare(self, migrations: Path | None = None) -> None:
        """Migrate the schema and restore the in-memory state."""
        async with self.pool.acquire() as conn:
            await migrate(conn, self.schema, RUNTIME_SQL)
            if migrations is not None:
                await migrate(conn, self.schema, migrations)
            entries = await stored_state(conn, self.schema, self._restore_where)
        self.projection.restore(entries)

    async def stored_offsets(self) -> dict[tuple[str, int], int]:
        """Per partition, where reading resumes (see :meth:`Projection.holding`)."""
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                f"SELECT topic, partition, next_offset, resume_offset"
                f" FROM {self._q}.consumer_offsets"
            )
        self._read = {(r["topic"], r["partition"]): r["next_offset"] for r in rows}
        self._reached = {
            (r["topic"], r["partition"]): r["next_offset"]
            if r["resume_offset"] is None
            else r["resume_offset"]
            for r in rows
        }
        return dict(self._reached)

    def position(self, topic: str, partition: int) -> int:
        """Where this process reads ``partition`` on from (after :meth:`stored_offsets`)."""
        return self._reached.get((topic, partition), 0)

    async def apply(self, records: Sequence[InputRecord]) -> list[OutboxRecord]:
        """Fold ``records`` and commit everything they caused in one transaction."""
        async with self.lock, self.pool.acquire() as conn, conn.transaction():
            fresh = await self._drop_consumed(conn, records)
            outputs = [out for record in fresh for out in self.projection.handle(record)]
            await self._commit(conn, outputs, records)
        return outputs

    async def release(self, step: Callable[[], list[OutboxRecord]]) -> list[OutboxRecord]:
        """A batch with no new records: ``step`` folds what the projection held back
        (:meth:`Projection.holding`), and what it caused is committed as :meth:`apply`
        commits a batch's, the stored resume offsets moving on past what it released."""
        async with self.lock, self.pool.acquire() as conn, conn.transaction():
            outputs = step()
            await self._commit(conn, outputs, ())
        return outputs

    async def _commit(
        self, conn: Connection, outputs: list[OutboxRecord], records: Sequence[InputRecord]
    ) -> None:
        await self._save_state(conn)
        await write_outbox(conn, self.schema, outputs)
        await self._save_offsets(conn, records)
        await self.write_alongside(conn)

    async def write_alongside(self, conn: Connection) -> None:
        """Hook for rows a service writes in the batch's transaction (none by default)."""

    async def _drop_consumed(
        self, conn: Connection, records: Sequence[InputRecord]
    ) -> list[InputRecord]:
        """The records not consumed before; a record read again at its own position (it was
        held back when the process stopped) is not a duplicate."""
        ids = [self.projection.event_id(r) for r in records]
        known = {i for i in ids if i is not None}
        seen: dict[str, str | None] = {}
        if known:
            rows = await conn.fetch(
                f"SELECT event_id, position FROM {self._q}.consumed_events"
                " WHERE event_id = ANY($1::text[])",
                list(known),
            )
            seen = {r["event_id"]: r["position"] for r in rows}
        fresh, new_ids = [], []
        for record, event_id in zip(records, ids, strict=True):
            if event_id is None:
                fresh.append(record)
                continue
            position = record.position
            if event_id not in seen:
                seen[event_id] = position
                new_ids.append((event_id, position))
            elif position is None or seen[event_id] != position:
                continue
            fresh.append(record)
        if new_ids:
            await conn.copy_records_to_table(
                "consumed_events",
                schema_name=self.schema,
                columns=["event_id", "position"],
                records=new_ids,
            )
        return fresh

    async def _save_state(self, conn: Connection) -> None:
        changes = self.projection.take_changes()
        upserts = {k: json_text(v) for k, v in changes.items() if v is not None}
        deletes = [k for k, v in changes.items() if v is None]
        if upserts:
            await conn.execute(
                f"INSERT INTO {self._q}.state (key, value)"
                " SELECT * FROM unnest($1::text[], $2::json[])"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                list(upserts),
                list(upserts.values()),
            )
        if deletes:
            await conn.execute(f"DELETE FROM {self._q}.state WHERE key = ANY($1::text[])", deletes)

    async def _save_offsets(self, conn: Connection, records: Sequence[InputRecord]) -> None:
        """Store, per partition, how far it was read and where a restart resumes: where
        this process has read to, or the first record the projection still holds back.

        Not how far it was ever read: records held when the process stopped are read
        again from the stored resume offset, and until they are, it must stay there.
        """
        for r in records:
            if r.offset >= 0:
                where = (r.topic, r.partition)
                self._read[where] = max(self._read.get(where, 0), r.offset + 1)
                self._reached[where] = max(self._reached.get(where, 0), r.offset + 1)
        holding = self.projection.holding()
        positions = {
            where: (read, holding.get(where[1], self._reached[where]))
            for where, read in self._read.items()
        }
        latest = {k: v for k, v in positions.items() if self._saved.get(k) != v}
        if latest:
            await conn.execute(
                f"INSERT INTO {self._q}.consumer_offsets"
                " (topic, partition, next_offset, resume_offset)"
                " SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[])"
                " ON CONFLICT (topic, partition) DO UPDATE"
                " SET next_offset = EXCLUDED.next_offset, resume_offset = EXCLUDED.resume_offset",
                [k[0] for k in latest],
                [k[1] for k in latest],
                [read for read, _ in latest.values()],
                [resume for _, resume in latest.values()],
            )
            self._saved.update(latest)


async def stored_state(conn: Connection, schema: str, where: str = "TRUE") -> dict[str, Any]:
    """The entries of ``schema``'s ``state`` table that ``where`` selects (an SQL condition
    on its rows, ``s``; ``{state}`` in it names the table), as a projection restores them."""
    table = f"{quote_schema(schema)}.state"
    rows = await conn.fetch(f"SELECT key, value FROM {table} s WHERE {where.format(state=table)}")
    return {r["key"]: json.loads(r["value"]) for r in rows}


def json_text(entry: Any) -> str:
    """A state entry as JSON text: already encoded (``bytes``), or to encode."""
    return entry.decode() if isinstance(entry, bytes) else json.dumps(entry, ensure_ascii=False)
