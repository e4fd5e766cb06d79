"""The hash chain over the canonical log (防篡改哈希链): digests, Merkle tree, signatures.

Pure: no I/O, no clock. The registry computes what this module defines as it
writes ``zeren.events.v1``; the auditor (``zeren audit chain``), the
downstream services and ``docs/verify_proof.py`` (standard library plus
``cryptography``, no Zeren import) recompute it. ``docs/chain.md`` is the
reference; the byte layouts below are the contract.

Per partition, each record carries in its ``zeren-chain`` header the
lower-case hex of::

    digest_n = SHA-256( b"zeren-chain-v2\\x00" || digest_{n-1} || content_n )
    content_n = SHA-256( msgpack([key, value, [[name, value], ...]]) )

in MessagePack's shortest form (a null as nil, the key and values as bin,
names as str): self-delimiting, produced in C by msgspec on the registry's
intake path, and a few lines of plain Python in the standalone script. The
headers are the record's headers in their order, without ``zeren-chain``
itself. ``u32``/``u64`` are big-endian. ``digest_0`` (before the first record)
is ``SHA-256(b"zeren-chain-genesis-v2\\x00" || u32(partition))``, so that a
partition's records cannot be moved to another partition unnoticed.

A daily checkpoint commits to every partition's head with a Merkle tree:
leaves ``SHA-256(b"\\x00" || u32(partition) || u64(count) || digest)`` in
partition order, inner nodes ``SHA-256(b"\\x01" || left || right)``; on a
level with an odd number of nodes the last one is carried up unchanged. The
checkpoint's statement (:func:`statement`) is signed with Ed25519.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import msgspec

CHAIN_HEADER = "zeren-chain"
DIGEST_DOMAIN = b"zeren-chain-v2\x00"
GENESIS_DOMAIN = b"zeren-chain-genesis-v2\x00"
STATEMENT_DOMAIN = b"zeren-checkpoint-v1\n"
LEAF, NODE = b"\x00", b"\x01"
DIGEST_BYTES = 32

RecordHeaders = Iterable[tuple[str, bytes | None]]


_CONTENT = msgspec.msgpack.Encoder()


def content_hash(key: bytes | None, value: bytes | None, headers: RecordHeaders) -> bytes:
    """SHA-256 of a record's canonical content: key, value and headers but the chain's."""
    return unstamped_content_hash(key, value, [h for h in headers if h[0] != CHAIN_HEADER])


def unstamped_content_hash(
    key: bytes | None, value: bytes | None, headers: Sequence[tuple[str, bytes | None]]
) -> bytes:
    """:func:`content_hash` of a record whose ``headers`` hold no chain header yet (the
    registry's, as it stamps them: no filtering on the intake path)."""
    return hashlib.sha256(_CONTENT.encode((key, value, headers))).digest()


def genesis(partition: int) -> bytes:
    """The digest before a partition's first record."""
    return hashlib.sha256(GENESIS_DOMAIN + struct.pack(">I", partition)).digest()


def link(previous: bytes, content: bytes) -> bytes:
    """The digest after a record whose content hash is ``content``."""
    return hashlib.sha256(DIGEST_DOMAIN + previous + content).digest()


def record_digest(
    previous: bytes, key: bytes | None, value: bytes | None, headers: RecordHeaders
) -> bytes:
    """The digest a record carries, given the digest of the record before it."""
    return link(previous, content_hash(key, value, headers))


def chain_header(headers: RecordHeaders) -> bytes | None:
    """The digest a record's ``zeren-chain`` header claims (None: absent or malformed)."""
    for name, raw in headers:
        if name == CHAIN_HEADER and raw is not None:
            try:
                digest = bytes.fromhex(raw.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                return None
            return digest if len(digest) == DIGEST_BYTES else None
    return None


@dataclass(frozen=True)
class Head:
    """A partition's chain position (分区链头): records chained so far and the last digest."""

    partition: int
    count: int
    digest: bytes


def leaf(head: Head) -> bytes:
    """The Merkle leaf of one partition's head."""
    return hashlib.sha256(
        LEAF + struct.pack(">IQ", head.partition, head.count) + head.digest
    ).digest()


def node(left: bytes, right: bytes) -> bytes:
    """An inner Merkle node."""
    return hashlib.sha256(NODE + left + right).digest()


def merkle_root(heads: Sequence[Head]) -> bytes:
    """The root over ``heads`` (in partition order); at least one head is required."""
    if not heads:
        raise ValueError("a Merkle root needs at least one partition")
    level = [leaf(h) for h in heads]
    while len(level) > 1:
        level = _up(level)
    return level[0]


def _up(level: list[bytes]) -> list[bytes]:
    paired = [node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
    return paired + ([level[-1]] if len(level) % 2 else [])


def merkle_path(heads: Sequence[Head], index: int) -> list[tuple[str, bytes]]:
    """The siblings from leaf ``index`` to the root: (``"left"``/``"right"``, hash) pairs."""
    level, at, path = [leaf(h) for h in heads], index, []
    while len(level) > 1:
        sibling = at ^ 1
        if sibling < len(level):
            path.append(("left" if sibling < at else "right", level[sibling]))
        level, at = _up(level), at // 2
    return path


def fold_path(start: bytes, path: Iterable[tuple[str, bytes]]) -> bytes:
    """The root reached from ``start`` along ``path`` (see :func:`merkle_path`)."""
    current = start
    for side, sibling in path:
        current = node(sibling, current) if side == "left" else node(current, sibling)
    return current


def statement(day: str, heads: Sequence[Head], root: bytes) -> bytes:
    """The bytes a checkpoint's signature covers: a domain line, then compact sorted JSON."""
    body = {
        "date": day,
        "partitions": [
            {"partition": h.partition, "count": h.count, "digest": h.digest.hex()} for h in heads
        ],
        "root": root.hex(),
    }
    return STATEMENT_DOMAIN + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` by the raw 32-byte
    ``public_key``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
