"""The chain's pure code (哈希链): digests, Merkle tree, signatures, and the standalone script.

Property tests are bounded (fixed ``max_examples``, no deadline) so CI time stays small.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.chain import (
    CHAIN_HEADER,
    Head,
    chain_header,
    content_hash,
    fold_path,
    genesis,
    leaf,
    link,
    merkle_path,
    merkle_root,
    node,
    record_digest,
    statement,
    verify_signature,
)

pytestmark = pytest.mark.unit
BOUNDED = settings(max_examples=200, deadline=None)
DOCS = Path(__file__).resolve().parents[3] / "docs"

headers = st.lists(
    st.tuples(
        st.text(max_size=8).filter(lambda n: n != CHAIN_HEADER), st.none() | st.binary(max_size=8)
    ),
    max_size=4,
)
optional_bytes = st.none() | st.binary(max_size=16)
heads = st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=40).map(
    lambda digests: [Head(p, p * 3, d) for p, d in enumerate(digests)]
)


def standalone() -> ModuleType:
    """docs/verify_proof.py, loaded as a module (it imports nothing of Zeren)."""
    spec = importlib.util.spec_from_file_location("verify_proof", DOCS / "verify_proof.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_digest_follows_the_documented_byte_layout() -> None:
    key, value = b"br-1", b'{"a":1}'
    raw = (
        b"\x93"  # an array of 3: key, value, headers
        + b"\xc4\x04" + key
        + b"\xc4\x07" + value
        + b"\x92"  # the 2 headers but the chain's, each a [name, value] pair
        + b"\x92" + b"\xa5ce_id" + b"\xc4\x01x"
        + b"\x92" + b"\xa4null" + b"\xc0"
    )  # fmt: skip
    record_headers = [("ce_id", b"x"), ("null", None), (CHAIN_HEADER, b"ignored")]
    assert content_hash(key, value, record_headers) == hashlib.sha256(raw).digest()
    first = genesis(0)
    assert first == hashlib.sha256(b"zeren-chain-genesis-v2\x00" + b"\x00" * 4).digest()
    assert (
        record_digest(first, key, value, record_headers)
        == hashlib.sha256(b"zeren-chain-v2\x00" + first + hashlib.sha256(raw).digest()).digest()
    )


def test_each_partition_starts_from_its_own_genesis() -> None:
    assert len({genesis(p) for p in range(64)}) == 64


@BOUNDED
@given(optional_bytes, optional_bytes, headers, st.data())
def test_any_change_of_a_record_changes_its_digest(
    key: bytes | None, value: bytes | None, hs: list[tuple[str, bytes | None]], data: st.DataObject
) -> None:
    before = record_digest(genesis(0), key, value, hs)
    what = data.draw(st.sampled_from(["key", "value", "header", "previous"]))
    if what == "key":
        key = (key or b"") + b"!"
    elif what == "value":
        value = None if value is not None else b""
    elif what == "header":
        hs = [*hs, ("ce_extra", b"1")]
    previous = genesis(1) if what == "previous" else genesis(0)
    assert record_digest(previous, key, value, hs) != before


@BOUNDED
@given(heads, st.data())
def test_every_merkle_path_leads_to_the_root(hs: list[Head], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(hs) - 1))
    root = merkle_root(hs)
    assert fold_path(leaf(hs[index]), merkle_path(hs, index)) == root
    forged = Head(hs[index].partition, hs[index].count + 1, hs[index].digest)
    assert fold_path(leaf(forged), merkle_path(hs, index)) != root


def test_the_root_of_one_partition_is_its_leaf_and_of_three_pairs_then_carries() -> None:
    a, b, c = (Head(p, 1, bytes([p]) * 32) for p in range(3))
    assert merkle_root([a]) == leaf(a)
    assert merkle_root([a, b, c]) == node(node(leaf(a), leaf(b)), leaf(c))
    with pytest.raises(ValueError, match="at least one"):
        merkle_root([])


def test_a_signature_verifies_only_for_its_statement_and_key() -> None:
    key = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    public = key.public_key().public_bytes_raw()
    hs = [Head(0, 2, b"\x01" * 32)]
    message = statement("2018-04-01", hs, merkle_root(hs))
    signature = key.sign(message)
    assert verify_signature(public, message, signature)
    assert not verify_signature(public, message.replace(b"2018", b"2019"), signature)
    other = Ed25519PrivateKey.from_private_bytes(b"\x08" * 32).public_key().public_bytes_raw()
    assert not verify_signature(other, message, signature)
    assert not verify_signature(b"short", message, signature)


def test_the_chain_header_is_read_only_when_well_formed() -> None:
    digest = b"\xab" * 32
    assert chain_header([("x", b"1"), (CHAIN_HEADER, digest.hex().encode())]) == digest
    assert chain_header([(CHAIN_HEADER, b"zz")]) is None
    assert chain_header([(CHAIN_HEADER, b"ab")]) is None
    assert chain_header([(CHAIN_HEADER, None)]) is None
    assert chain_header([]) is None


@BOUNDED
@given(optional_bytes, optional_bytes, headers, st.binary(min_size=32, max_size=32))
def test_the_standalone_script_computes_the_same_digests(
    key: bytes | None, value: bytes | None, hs: list[tuple[str, bytes | None]], previous: bytes
) -> None:
    script = standalone()
    as_json = {
        "key": script_b64(key),
        "value": script_b64(value),
        "headers": [[n, script_b64(v)] for n, v in hs],
    }
    assert script.link(previous, script.content_hash(as_json)) == record_digest(
        previous, key, value, hs
    )
    h = Head(2, 5, previous)
    assert script.leaf(h.partition, h.count, h.digest) == leaf(h)
    checkpoint = {"date": "2018-04-01", "partitions": [{"partition": 2, "count": 5,
                  "digest": previous.hex()}], "root": merkle_root([h]).hex()}  # fmt: skip
    assert script.statement(checkpoint) == statement("2018-04-01", [h], merkle_root([h]))


def script_b64(raw: bytes | None) -> str | None:
    import base64

    return None if raw is None else base64.b64encode(raw).decode()


def test_link_is_sha256_of_domain_previous_and_content() -> None:
    assert (
        link(b"a" * 32, b"b" * 32)
        == hashlib.sha256(b"zeren-chain-v2\x00" + b"a" * 32 + b"b" * 32).digest()
    )


#: Lengths at MessagePack's size boundaries (fix forms, 1, 2 and 4 bytes of length).
boundary_bytes = st.sampled_from([0, 1, 31, 32, 255, 256, 65535, 65536]).map(lambda n: b"x" * n)
boundary_text = st.sampled_from([0, 31, 32, 255, 256, 65536]).map(
    lambda n: "名" * (n // 3) + "n" * (n % 3)
)
packable = st.recursive(
    st.none() | boundary_bytes | boundary_text | st.binary(max_size=4) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=17),
    max_leaves=40,
)


@settings(max_examples=60, deadline=None)
@given(packable)
def test_the_standalone_script_packs_as_msgspec_does(item: object) -> None:
    import msgspec

    assert standalone().msgpack(item) == msgspec.msgpack.encode(item)
