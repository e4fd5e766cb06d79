"""The registry's side of the log's hash chain (日志哈希链): heads per partition, checkpoints.

Pure: the registry's relay hands each record bound for ``zeren.events.v1``
here in the order it lands in its partition (the outbox keeps that order and
the registry is the only producer), and gets back the ``zeren-chain`` header
to add. The heads are a state entry of the registry's schema (``chain``),
saved in the transaction that deletes the published rows, so a restart
chains on where it stopped.
See :mod:`contracts.chain` for the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from contracts.chain import (
    CHAIN_HEADER,
    Head,
    genesis,
    link,
    merkle_root,
    statement,
    unstamped_content_hash,
)
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
    """Each partition's chain head, as the log has been written so far."""

    def __init__(self, heads: Mapping[int, Head] | None = None) -> None:
        # (count, digest) per partition: a record's stamp builds no Head.
        self._heads = {p: (h.count, h.digest) for p, h in (heads or {}).items()}
        self._changed = False

    def head(self, partition: int) -> Head:
        count, digest = self._position(partition)
        return Head(partition, count, digest)

    def _position(self, partition: int) -> tuple[int, bytes]:
        return self._heads.get(partition) or (0, genesis(partition))

    def stamp(
        self,
        partition: int,
        key: bytes | None,
        value: bytes | None,
        headers: Sequence[tuple[str, bytes]],
    ) -> tuple[str, bytes]:
        """Chain one record appended to ``partition`` (``headers`` without a chain header
        yet); return its ``zeren-chain`` header."""
        digest = link(self._position(partition)[1], unstamped_content_hash(key, value, headers))
        self.follow(partition, digest)
        return CHAIN_HEADER, digest.hex().encode()

    def follow(self, partition: int, digest: bytes) -> None:
        """A record with ``digest`` is the partition's next (as read back from the log)."""
        self._heads[partition] = (self._position(partition)[0] + 1, digest)
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
        return {CHAIN: {str(p): [n, d.hex()] for p, (n, d) in sorted(self._heads.items())}}

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
