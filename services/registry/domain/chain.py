"""The registry's side of the log's hash chain (日志哈希链): heads per partition, checkpoints.

Pure: the registry's adapter hands each record bound for ``zeren.events.v1``
here in the order it will land in its partition (the outbox keeps that order
and the registry is the only producer), and gets back the ``zeren-chain``
header to add. The heads are part of the registry's state (entry ``chain``),
saved in the batch's transaction, so a restart chains on where it stopped.
See :mod:`contracts.chain` for the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

from contracts.chain import CHAIN_HEADER, Head, RecordHeaders, merkle_root, record_digest, statement
from contracts.envelope import Envelope, new_envelope
from contracts.events.chain import ChainCheckpointed, PartitionHead
from services.registry.domain.clock import REGISTRY_SOURCE, SHANGHAI

CHAIN = "chain"
#: Signs a checkpoint's statement (Ed25519 signatures are deterministic).
Sign = Callable[[bytes], bytes]


def checkpoint_id(day: date) -> str:
    """The deterministic id of ``day``'s checkpoint."""
    return f"checkpoint:{day.isoformat()}"


class ChainHeads:
    """Each partition's chain head, as the registry has written the log so far."""

    def __init__(self, heads: Mapping[int, Head] | None = None) -> None:
        self._heads = dict(heads or {})
        self._changed = False

    def head(self, partition: int) -> Head:
        return self._heads.get(partition) or Head.start(partition)

    def stamp(
        self, partition: int, key: bytes | None, value: bytes | None, headers: RecordHeaders
    ) -> tuple[str, bytes]:
        """Chain one record appended to ``partition``; return its ``zeren-chain`` header."""
        current = self.head(partition)
        digest = record_digest(current.digest, key, value, headers)
        self.follow(partition, digest)
        return CHAIN_HEADER, digest.hex().encode()

    def follow(self, partition: int, digest: bytes) -> None:
        """A record with ``digest`` is the partition's next (as read back from the log)."""
        self._heads[partition] = self.head(partition).then(digest)
        self._changed = True

    def checkpoint(
        self, day: date, partitions: int, sign: Sign, public_key: bytes, recorded: datetime
    ) -> Envelope:
        """``day``'s signed checkpoint over the heads of ``partitions`` partitions."""
        heads = [self.head(p) for p in range(partitions)]
        root = merkle_root(heads)
        payload = ChainCheckpointed(
            date=day,
            partitions=[
                PartitionHead(partition=h.partition, count=h.count, digest=h.digest.hex())
                for h in heads
            ],
            root=root.hex(),
            public_key=public_key.hex(),
            signature=sign(statement(day.isoformat(), heads, root)).hex(),
        )
        return new_envelope(
            payload,
            id=checkpoint_id(day),
            source=REGISTRY_SOURCE,
            time=datetime.combine(day, time(), SHANGHAI),
            recordedtime=recorded,
        )

    def take_changes(self) -> dict[str, Any]:
        """The ``chain`` state entry when a head moved since the last call."""
        if not self._changed:
            return {}
        self._changed = False
        return {CHAIN: {str(p): [h.count, h.digest.hex()] for p, h in sorted(self._heads.items())}}

    @classmethod
    def from_entries(cls, entries: Mapping[str, Any]) -> ChainHeads:
        """The heads saved in the state entry ``chain`` (none: every partition at genesis)."""
        saved = entries.get(CHAIN) or {}
        return cls(
            {
                int(p): Head(int(p), count, bytes.fromhex(digest))
                for p, (count, digest) in saved.items()
            }
        )
