"""A proof for one fact (事实存在性证明): ``zeren audit prove <event id>``.

The path from a record of the log to a signed daily root: the record as it
lies in Kafka (key, value, headers, base64), the digest before it, the
content hashes of the partition's records after it up to the first
checkpoint that covers it, that checkpoint (heads, root, signature, public
key) and the Merkle path from the partition's head to the root.
``docs/verify_proof.py`` checks it without Zeren; ``docs/chain.md`` says how.
"""

from __future__ import annotations

import base64
from typing import Any

from contracts.chain import chain_header, content_hash, genesis, merkle_path
from contracts.topics import EVENTS_TOPIC
from services.audit.chain import checkpoint_of, heads_of
from services.audit.log import Partitions, read_topic
from services.common.pipeline import InputRecord
from services.common.settings import Settings

PROOF_VERSION = 1


class ProofError(LookupError):
    """No proof can be given (无法出具证明); the message is in Chinese and English."""


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode()


def record_json(record: InputRecord) -> dict[str, Any]:
    """A record as it lies in Kafka, bytes in base64."""
    return {
        "key": _b64(record.key),
        "value": _b64(record.value),
        "headers": [[name, _b64(raw)] for name, raw in record.headers],
    }


def prove(partitions: Partitions, event_id: str, topic: str) -> dict[str, Any]:
    """The proof that the record with ``event_id`` is in the log a checkpoint signed (pure)."""
    lanes = {p: first_copies(records) for p, records in partitions.items()}
    found = [
        (p, i)
        for p in sorted(lanes)
        for i, r in enumerate(lanes[p])
        if r.header("ce_id") == event_id
    ]
    if not found:
        raise ProofError(f"no record {event_id} in {topic} (日志中无此事件)")
    partition, index = found[0]
    records = lanes[partition]
    if chain_header(records[index].headers) is None:
        raise ProofError(f"{event_id} carries no chain digest (该记录不在哈希链中)")
    covering = [
        (c, r)
        for p in sorted(partitions)
        for r in partitions[p]
        if (c := checkpoint_of(r)) is not None
        and any(h.partition == partition and h.count > index for h in c.partitions)
    ]
    if not covering:
        raise ProofError(f"no checkpoint covers {event_id} yet (尚无检查点覆盖该记录)")
    checkpoint, at = min(covering, key=lambda pair: pair[0].date)
    heads = heads_of(checkpoint)
    leaf_index = next(i for i, h in enumerate(heads) if h.partition == partition)
    previous = _digest_before(records, partition, index)
    following = records[index + 1 : heads[leaf_index].count]
    return {
        "version": PROOF_VERSION,
        "event_id": event_id,
        "topic": topic,
        "partition": partition,
        "offset": records[index].offset,
        "index": index,
        "record": record_json(records[index]),
        "previous_digest": previous.hex(),
        "following": [content_hash(r.key, r.value, r.headers).hex() for r in following],
        "checkpoint": {
            "event_id": at.header("ce_id"),
            "partition": at.partition,
            "offset": at.offset,
            **checkpoint.model_dump(mode="json"),
        },
        "leaf_index": leaf_index,
        "merkle_path": [
            {"side": side, "hash": sibling.hex()}
            for side, sibling in merkle_path(heads, leaf_index)
        ],
    }


def first_copies(records: list[InputRecord]) -> list[InputRecord]:
    """A partition's records without those the relay published again (a digest repeated)."""
    seen: set[bytes] = set()
    kept = []
    for record in records:
        digest = chain_header(record.headers)
        if digest is None or digest not in seen:
            kept.append(record)
        if digest is not None:
            seen.add(digest)
    return kept


def _digest_before(records: list[InputRecord], partition: int, index: int) -> bytes:
    """The digest the record before ``index`` carries (the genesis digest for the first)."""
    if index == 0:
        return genesis(partition)
    claimed = chain_header(records[index - 1].headers)
    if claimed is None:
        raise ProofError("the record before carries no chain digest (前一记录缺少链摘要)")
    return claimed


async def prove_event(
    settings: Settings, event_id: str, topic: str | None = None
) -> dict[str, Any]:
    """Read the log whole and prove ``event_id`` (see :func:`prove`)."""
    name = topic or settings.topic(EVENTS_TOPIC)
    return prove(await read_topic(settings.kafka, name), event_id, name)
