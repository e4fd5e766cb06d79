"""The chain's adapter (哈希链适配器): stamping outbox rows, the signing key, the auditors' file.

:class:`ChainWriter` builds every record bound for ``zeren.events.v1``: an
explicit partition (the one the producer would pick from its key: murmur2,
as the relay does) and its ``zeren-chain`` header, in outbox order, which is
the order the records land in each partition. The registry's Ed25519 key is
read from its file, or generated there on first start (mode 0600), and its
public half written beside it. Checkpoints are appended, once committed, to
a JSON-lines file an auditor keeps outside Kafka; on start, the registry
appends those its state holds and the file lacks (a crash between the commit
and the append).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.bindings import encode_binary
from contracts.events.chain import ChainCheckpointed
from contracts.types import event_type_of
from services.common.outbox import OutboxRecord, key_partition
from services.registry.domain.chain import ChainHeads

CHECKPOINT_TYPE = event_type_of(ChainCheckpointed).encode()


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


def is_checkpoint(record: OutboxRecord) -> bool:
    """Whether ``record`` is a checkpoint of the log."""
    return ("ce_type", CHECKPOINT_TYPE) in record.headers


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
