#!/usr/bin/env python3
"""Check a proof printed by ``zeren audit prove`` without Zeren (事实证明核验脚本).

Usage::

    python verify_proof.py proof.json [--public-key HEX]

Needs only Python 3.9+ and the ``cryptography`` package. It recomputes the
record's digest from its bytes, follows the partition's chain to the
checkpoint's head, the Merkle path to the root, and checks the Ed25519
signature over the checkpoint's statement. Pass the registry's published key
(``GET /v1/chain/public-key``, or the ``.pub`` file beside its key) as
``--public-key``: without it the key named in the proof is trusted. The byte
layouts are those of ``docs/chain.md``. Exit code 0: valid; 1: invalid
(the reason printed); 2: unreadable input.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import struct
import sys
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

CHAIN_HEADER = "zeren-chain"


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def msgpack(item: object) -> bytes:
    """MessagePack's shortest form of a null, bytes, a string or a list (all the chain needs)."""
    if item is None:
        return b"\xc0"
    if isinstance(item, bytes):
        return _sized(len(item), None, b"\xc4", b"\xc5", b"\xc6") + item
    if isinstance(item, str):
        raw = item.encode()
        return _sized(len(raw), (0xA0, 32), b"\xd9", b"\xda", b"\xdb") + raw
    if isinstance(item, list):
        return _sized(len(item), (0x90, 16), None, b"\xdc", b"\xdd") + b"".join(
            msgpack(i) for i in item
        )
    raise TypeError(f"no MessagePack form here for {type(item).__name__}")


def _sized(
    n: int, fix: tuple[int, int] | None, one: bytes | None, two: bytes, four: bytes
) -> bytes:
    """The type byte and length: a fix-form (first byte, bound), else 1, 2 or 4 bytes of length."""
    if fix is not None and n < fix[1]:
        return bytes([fix[0] | n])
    if one is not None and n < 1 << 8:
        return one + bytes([n])
    return two + n.to_bytes(2, "big") if n < 1 << 16 else four + n.to_bytes(4, "big")


def unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def content_hash(record: dict[str, Any]) -> bytes:
    headers = [[n, unb64(v)] for n, v in record["headers"] if n != CHAIN_HEADER]
    return sha256(msgpack([unb64(record["key"]), unb64(record["value"]), headers]))


def link(previous: bytes, content: bytes) -> bytes:
    return sha256(b"zeren-chain-v2\x00" + previous + content)


def leaf(partition: int, count: int, digest: bytes) -> bytes:
    return sha256(b"\x00" + struct.pack(">IQ", partition, count) + digest)


def node(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)


def statement(checkpoint: dict[str, Any]) -> bytes:
    body = {
        "date": checkpoint["date"],
        "partitions": [
            {"partition": h["partition"], "count": h["count"], "digest": h["digest"]}
            for h in checkpoint["partitions"]
        ],
        "root": checkpoint["root"],
    }
    return (
        b"zeren-checkpoint-v1\n" + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    )


def check(proof: dict[str, Any], public_key: bytes | None) -> str | None:
    """None when the proof holds; else why not."""
    record = proof["record"]
    claimed = [v for n, v in record["headers"] if n == CHAIN_HEADER]
    digest = link(bytes.fromhex(proof["previous_digest"]), content_hash(record))
    if not claimed or unb64(claimed[0]) != digest.hex().encode():
        return "the record's bytes do not give its chain digest"
    for following in proof["following"]:
        digest = link(digest, bytes.fromhex(following))
    checkpoint = proof["checkpoint"]
    head = checkpoint["partitions"][proof["leaf_index"]]
    count = proof["index"] + 1 + len(proof["following"])
    if head["partition"] != proof["partition"] or head["count"] != count:
        return "the checkpoint's head is not the proof's partition and position"
    if head["digest"] != digest.hex():
        return "the chain does not reach the checkpoint's head"
    current = leaf(head["partition"], head["count"], digest)
    for step in proof["merkle_path"]:
        sibling = bytes.fromhex(step["hash"])
        current = node(sibling, current) if step["side"] == "left" else node(current, sibling)
    if current.hex() != checkpoint["root"]:
        return "the Merkle path does not reach the signed root"
    named = bytes.fromhex(checkpoint["public_key"])
    if public_key is not None and named != public_key:
        return "the checkpoint names another public key than the one given"
    try:
        Ed25519PublicKey.from_public_bytes(public_key or named).verify(
            bytes.fromhex(checkpoint["signature"]), statement(checkpoint)
        )
    except InvalidSignature:
        return "the checkpoint's signature is not valid"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proof", help="the JSON printed by zeren audit prove ('-': stdin)")
    parser.add_argument("--public-key", help="the registry's Ed25519 public key, hex")
    args = parser.parse_args()
    try:
        if args.proof == "-":
            proof = json.load(sys.stdin)
        else:
            with open(args.proof, encoding="utf-8") as file:
                proof = json.load(file)
        public_key = bytes.fromhex(args.public_key) if args.public_key else None
        problem = check(proof, public_key)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        print(f"unreadable proof (证明无法读取): {error}", file=sys.stderr)
        return 2
    if problem is not None:
        print(f"INVALID (证明无效): {problem}")
        return 1
    signed = proof["checkpoint"]["date"]
    print(f"VALID (证明有效): {proof['event_id']} is in the log signed on {signed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
