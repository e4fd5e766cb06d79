"""The chain's adapter (哈希链适配器): stamping the log's records, the signing key, the
auditors' file.

:class:`ChainWriter` finishes every record bound for ``zeren.events.v1``: an
explicit partition (the one the producer would pick from its key: murmur2,
as the relay does) and its ``zeren-chain`` header, in outbox order, which is
the order the records land in each partition. It runs in the registry's
outbox relay (:class:`ChainStamper`), a process of its own, so that hashing
takes no time from judging submissions: the registry writes the log's rows
unchained, and after each day's ticks a row asking for the day's checkpoint
(:func:`checkpoint_due`), which the relay makes from the heads it has reached
there. The heads and the checkpoints (by month) are state entries of the
registry's schema, saved by the relay in the transaction that deletes the
rows it published; stamping is deterministic, so rows published again after
a crash are the same records.

The registry's Ed25519 key is read from its file, or generated there on
first start (mode 0600), and its public half written beside it. Checkpoints
are appended, once committed, to a JSON-lines file an auditor keeps outside
Kafka; on start, the registry appends those its state holds and the file
lacks (a crash between the commit and the append).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.bindings import decode, encode_binary
from contracts.chain import CHAIN_HEADER, chain_header
from contracts.envelope import Envelope
from contracts.events.chain import ChainCheckpointed
from contracts.types import event_type_of
from services.common.db import Connection
from services.common.migrations import quote_schema
from services.common.outbox import OutboxRecord, Placed, key_partition
from services.common.pipeline import InputRecord
from services.registry.domain.chain import CHAIN, ChainHeads, checkpoint_id
from services.registry.domain.checkpoints import CHECKPOINTS, CheckpointBook
from services.registry.domain.clock import REGISTRY_SOURCE

CHECKPOINT_TYPE = event_type_of(ChainCheckpointed).encode()
#: The header of the outbox row that asks the relay for a day's checkpoint.
CHECKPOINT_DUE = "zeren-checkpoint-due"


class SigningKey:
    """The registry's Ed25519 key (登记处签名密钥)."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        """The key in ``path`` (PKCS#8 PEM); generated there if absent, public key beside it."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} holds no Ed25519 key (不是 Ed25519 密钥)")
        key = cls(loaded)
        public_key_file(path).write_text(key.public.hex() + "\n")
        return key


def public_key_file(key_path: Path) -> Path:
    """Where the public half of the key in ``key_path`` is published (hex, one line)."""
    return key_path.with_suffix(".pub")


class ChainWriter:
    """Stamps the log's records and writes the daily checkpoints."""

    def __init__(self, heads: ChainHeads, key: SigningKey, topic: str, partitions: int) -> None:
        self.heads, self.key, self.topic, self.partitions = heads, key, topic, partitions

    def record(
        self, key: bytes, value: bytes, headers: list[tuple[str, bytes]], partition: int | None
    ) -> OutboxRecord:
        """The log's next record: placed (``partition``, else the key's) and chained."""
        if partition is None:
            partition = key_partition(key, self.partitions)
        headers.append(self.heads.stamp(partition, key, value, headers))
        return OutboxRecord(self.topic, value, key, partition, headers)

    def checkpoint(self, day: date, recorded: datetime) -> OutboxRecord:
        """``day``'s checkpoint, chained (written after the day's ticks)."""
        env = self.heads.checkpoint(day, self.partitions, self.key.sign, self.key.public, recorded)
        return self.record(*encode_binary(env), None)


def checkpoint_due(topic: str, day: date, recorded: datetime) -> OutboxRecord:
    """The outbox row after ``day``'s ticks that the relay replaces by the day's checkpoint.

    It carries the checkpoint's source and id, as the checkpoint will, so that the
    registry's outbox check knows it once published; its partition is the
    checkpoint's, set by the relay."""
    due = {"date": day.isoformat(), "recordedtime": recorded.isoformat()}
    headers = [
        (CHECKPOINT_DUE, b"1"),
        ("ce_source", REGISTRY_SOURCE.encode()),
        ("ce_id", checkpoint_id(day).encode()),
    ]
    return OutboxRecord(topic, json.dumps(due).encode(), None, 0, headers)


def is_checkpoint_due(record: OutboxRecord) -> bool:
    """Whether ``record`` asks for a checkpoint (see :func:`checkpoint_due`)."""
    return any(name == CHECKPOINT_DUE for name, _ in record.headers)


def is_checkpoint(record: OutboxRecord) -> bool:
    """Whether ``record`` is a checkpoint of the log."""
    return ("ce_type", CHECKPOINT_TYPE) in record.headers


class ChainStamper:
    """The registry relay's :class:`~services.common.outbox.Stamper`: chains the log's rows
    and makes the checkpoints asked for, keeping heads and checkpoints in the registry's
    state entries and the committed checkpoints in the auditors' file."""

    def __init__(self, schema: str, writer: ChainWriter, checkpoints: Path) -> None:
        self.schema, self.writer, self.checkpoints = schema, writer, checkpoints
        self.state = ChainFold()
        self.state.heads = writer.heads  # the heads the writer stamps with
        self._made: list[OutboxRecord] = []

    async def restore(self, conn: Connection) -> None:
        self.load(await chain_entries(conn, self.schema))

    def load(self, entries: Mapping[str, Any]) -> None:
        """Start from the heads and checkpoints saved as state ``entries``."""
        self.state = ChainFold(entries)
        self.writer.heads = self.state.heads
        self._made = []

    def stamp(
        self, topic: str, partition: int, key: bytes | None, value: bytes,
        headers: list[tuple[str, bytes]],
    ) -> Placed:  # fmt: skip
        if topic != self.writer.topic:
            return partition, key, value, headers
        names = {name for name, _ in headers}
        if CHECKPOINT_DUE in names:
            return self._checkpoint(json.loads(value))
        if CHAIN_HEADER in names:
            # Stamped by a registry from before its relay chained the log (rows left in
            # the outbox across the upgrade): the saved heads already count it.
            return partition, key, value, headers
        headers.append(self.writer.heads.stamp(partition, key, value, headers))
        return partition, key, value, headers

    def _checkpoint(self, due: Mapping[str, str]) -> Placed:
        made = self.writer.checkpoint(
            date.fromisoformat(due["date"]), datetime.fromisoformat(due["recordedtime"])
        )
        env = decode(made.value, made.headers)
        assert isinstance(env.data, ChainCheckpointed)
        self.state.checkpoints.record(env.id, env.data)
        self._made.append(made)
        assert made.partition is not None
        assert made.key is not None
        return made.partition, made.key, made.value, list(made.headers)

    async def save(self, conn: Connection) -> None:
        await save_entries(conn, self.schema, self.take_changes())

    def take_changes(self) -> dict[str, Any]:
        """The state entries changed since the last call: heads, months of checkpoints."""
        return self.state.take_changes()

    def committed(self) -> None:
        keep_checkpoints(self.checkpoints, self._made)
        self._made = []


class ChainFold:
    """The chain's state (链状态): each partition's head and the checkpoints by month, as
    the relay's stamper keeps it and as read back from the log (链的回读). Read back, a
    digest seen again (a record the relay published twice) moves no head; a checkpoint
    seen again replaces itself."""

    def __init__(self, entries: Mapping[str, Any] | None = None) -> None:
        """Start from the chain's saved state ``entries`` (none: every partition at genesis)."""
        self.heads = ChainHeads.from_entries(entries or {})
        self.checkpoints = CheckpointBook.from_entries(entries or {})
        self._digests: set[bytes] = set()

    def follow(self, record: InputRecord) -> Envelope:
        """Follow ``record`` of the log; its envelope."""
        digest = chain_header(record.headers)
        if digest is not None and digest not in self._digests:
            self._digests.add(digest)
            self.heads.follow(record.partition, digest)
        env = decode(record.value, record.headers)
        if isinstance(env.data, ChainCheckpointed):
            self.checkpoints.record(env.id, env.data)
        return env

    def take_changes(self) -> dict[str, Any]:
        """The state entries changed since the last call: heads, months of checkpoints."""
        return {**self.heads.take_changes(), **self.checkpoints.take_changes()}


async def follow_published(conn: Connection, schema: str, found: Sequence[InputRecord]) -> None:
    """Move the saved heads past ``found``, records of the log published after the last
    saved deletion, and keep the checkpoints among them."""
    fold = ChainFold(await chain_entries(conn, schema))
    for record in sorted(found, key=lambda r: (r.partition, r.offset)):
        fold.follow(record)
    await save_entries(conn, schema, fold.take_changes())


async def chain_entries(conn: Connection, schema: str) -> dict[str, Any]:
    """The chain's state entries: the heads and the checkpoints by month."""
    rows = await conn.fetch(
        f"SELECT key, value FROM {quote_schema(schema)}.state"
        " WHERE key = $1 OR starts_with(key, $2)",
        CHAIN,
        CHECKPOINTS,
    )
    return {r["key"]: json.loads(r["value"]) for r in rows}


async def save_entries(conn: Connection, schema: str, entries: Mapping[str, Any]) -> None:
    """Write the chain's changed state entries."""
    if entries:
        await conn.executemany(
            f"INSERT INTO {quote_schema(schema)}.state (key, value) VALUES ($1, $2::json)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [(k, json.dumps(v)) for k, v in entries.items()],
        )


def keep_checkpoints(path: Path, records: Sequence[OutboxRecord]) -> int:
    """Append the committed checkpoints among ``records`` to the auditors' file."""
    return _append(
        path,
        [
            {"id": dict(r.headers)["ce_id"].decode(), **json.loads(r.value)}
            for r in records
            if is_checkpoint(r)
        ],
    )


def mend_checkpoints(path: Path, kept: Iterable[Mapping[str, object]]) -> int:
    """Append to the auditors' file the checkpoints of ``kept`` (the registry's, with their
    event ids) that it lacks; how many. A line that is no JSON object is left as it is."""
    present: set[object] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                found = json.loads(line)
            except ValueError:
                continue
            if isinstance(found, dict):
                present.add(found.get("id"))
    return _append(path, [dict(c) for c in kept if c["id"] not in present])


def _append(path: Path, checkpoints: Sequence[Mapping[str, object]]) -> int:
    if checkpoints:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write("".join(json.dumps(c) + "\n" for c in checkpoints))
    return len(checkpoints)
