"""Checking the log's hash chain (日志链核验): ``zeren audit chain``.

Recomputes every partition's digests from offset 0 (:mod:`contracts.chain`)
and compares them with each record's ``zeren-chain`` header: the first record
where they differ is where the history was altered, dropped from or
reordered. Each daily checkpoint in the log is checked too: its signature
(against a pinned public key when one is given), its Merkle root, and each
head against the recomputed digests. ``against`` compares the log's
checkpoints with copies kept outside Kafka (the auditors' JSON-lines file).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contracts.chain import (
    Head,
    chain_header,
    content_hash,
    genesis,
    link,
    merkle_root,
    statement,
    verify_signature,
)
from contracts.events.chain import ChainCheckpointed
from contracts.topics import EVENTS_TOPIC
from contracts.types import event_type_of
from services.audit.log import Partitions, read_topic
from services.common.pipeline import InputRecord
from services.common.settings import Settings

CHECKPOINT_TYPE = event_type_of(ChainCheckpointed)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the chain (链核验问题): a stable code, where, in both languages."""

    code: str
    zh: str
    en: str
    partition: int | None = None
    offset: int | None = None
    event_id: str | None = None

    def render(self) -> str:
        where = "" if self.partition is None else f" @ {self.partition}:{self.offset}"
        event = f" ({self.event_id})" if self.event_id else ""
        return f"{self.code}{where}{event}: {self.zh} / {self.en}"


@dataclass
class ChainReport:
    """What ``zeren audit chain`` found (链核验结论)."""

    records: int = 0
    checkpoints: int = 0
    #: Records published twice by the relay (the same digest again; the log is unchanged).
    republished: int = 0
    breaks: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.problems

    def render(self) -> str:
        lines = [f.render() for f in [*self.breaks, *self.problems]]
        verdict = (
            "链完整 chain intact"
            if self.intact
            else f"链已断 chain broken: {len(self.breaks)} breaks, {len(self.problems)} problems"
        )
        twice = f", {self.republished} published twice (重复投递)" if self.republished else ""
        summary = f"{self.records} records{twice}, {self.checkpoints} checkpoints: {verdict}"
        return "\n".join([*lines, summary])


@dataclass
class Walk:
    """One partition's recomputed digests (``digests[n]``: after its first ``n`` records)."""

    partition: int
    digests: list[bytes]
    broken_at: int | None = None


def walk(partition: int, records: Sequence[InputRecord], report: ChainReport) -> Walk:
    """Recompute ``partition``'s chain; report its first break.

    A record that repeats an earlier digest of the partition and whose content
    gives that digest from its own predecessor is one the outbox relay
    published twice (at least once): counted, not chained again.
    """
    found = Walk(partition, [genesis(partition)])
    counted: dict[bytes, int] = {}  # each recomputed digest → its count
    for record in records:
        content = content_hash(record.key, record.value, record.headers)
        expected = link(found.digests[-1], content)
        claimed = chain_header(record.headers)
        count = counted.get(claimed) if claimed is not None and claimed != expected else None
        if count is not None and link(found.digests[count - 1], content) == claimed:
            report.republished += 1
            continue
        if found.broken_at is None and claimed != expected:
            found.broken_at = len(found.digests) - 1
            missing = claimed is None
            report.breaks.append(
                Finding(
                    "CHAIN_MISSING" if missing else "CHAIN_BROKEN",
                    "记录缺少链摘要" if missing else "链在此处断开：记录被篡改、删除或调换",
                    "record carries no chain digest"
                    if missing
                    else "the chain breaks here: a record was altered, dropped or reordered",
                    partition,
                    record.offset,
                    record.header("ce_id"),
                )
            )
        found.digests.append(expected)
        counted[expected] = len(found.digests) - 1
    return found


def _at(record: InputRecord) -> tuple[int, int, str | None]:
    """Partition, offset and event id of ``record``, as a :class:`Finding` takes them."""
    return record.partition, record.offset, record.header("ce_id")


def checkpoint_of(record: InputRecord) -> ChainCheckpointed | None:
    """The checkpoint a record carries, None for any other record."""
    if record.header("ce_type") != CHECKPOINT_TYPE or record.value is None:
        return None
    return ChainCheckpointed.model_validate_json(record.value)


def heads_of(checkpoint: ChainCheckpointed) -> list[Head]:
    return [Head(h.partition, h.count, bytes.fromhex(h.digest)) for h in checkpoint.partitions]


def check_checkpoint(
    checkpoint: ChainCheckpointed,
    record: InputRecord,
    walks: Mapping[int, Walk],
    public_key: bytes | None,
) -> list[Finding]:
    """What is wrong with one checkpoint of the log (nothing: an empty list)."""
    heads, problems = heads_of(checkpoint), []
    key = bytes.fromhex(checkpoint.public_key)
    if public_key is not None and key != public_key:
        problems.append(
            Finding(
                "CHECKPOINT_KEY",
                "检查点的公钥不是登记处公布的公钥",
                "the checkpoint names a key other than the registry's published one",
                *_at(record),
            )
        )
    root = merkle_root(heads)
    message = statement(checkpoint.date.isoformat(), heads, root)
    if not verify_signature(public_key or key, message, bytes.fromhex(checkpoint.signature)):
        problems.append(
            Finding(
                "CHECKPOINT_SIGNATURE", "检查点签名无效", "bad checkpoint signature", *_at(record)
            )
        )
    if root.hex() != checkpoint.root:
        problems.append(
            Finding(
                "CHECKPOINT_ROOT",
                "检查点的默克尔根与各分区链头不符",
                "the checkpoint's Merkle root does not match its heads",
                *_at(record),
            )
        )
    for head in heads:
        found = walks.get(head.partition)
        if found is None or head.count >= len(found.digests):
            problems.append(
                Finding(
                    "CHECKPOINT_BEYOND_LOG",
                    f"检查点记录分区 {head.partition} 有 {head.count} 条，日志中没有这么多",
                    f"the checkpoint counts {head.count} records in partition {head.partition};"
                    " the log holds fewer",
                    *_at(record),
                )
            )
        elif found.digests[head.count] != head.digest and (
            found.broken_at is None or found.broken_at >= head.count
        ):
            problems.append(
                Finding(
                    "CHECKPOINT_HEAD",
                    f"检查点中分区 {head.partition} 的链头与日志重算结果不符",
                    f"the checkpoint's head of partition {head.partition} differs from the log",
                    *_at(record),
                )
            )
    return problems


def compare_kept(
    logged: Mapping[str, ChainCheckpointed], kept: Iterable[dict[str, Any]]
) -> list[Finding]:
    """The checkpoints kept outside Kafka that the log lost or altered."""
    problems = []
    for copy in kept:
        day = str(copy.get("date"))
        ours = logged.get(day)
        if ours is None:
            problems.append(
                Finding(
                    "CHECKPOINT_LOST",
                    f"{day} 的检查点在存档中有、日志中没有",
                    f"the checkpoint of {day} is kept outside Kafka but missing from the log",
                )
            )
        elif (ours.root, ours.signature) != (copy.get("root"), copy.get("signature")):
            problems.append(
                Finding(
                    "CHECKPOINT_DIFFERS",
                    f"{day} 的检查点与存档不一致：日志被改写",
                    f"the checkpoint of {day} differs from the kept copy: the log was rewritten",
                )
            )
    return problems


def audit_log(
    partitions: Partitions,
    public_key: bytes | None = None,
    kept: Iterable[dict[str, Any]] | None = None,
) -> ChainReport:
    """Check the chain and the checkpoints of a log read whole (pure)."""
    report = ChainReport(records=sum(map(len, partitions.values())))
    walks = {p: walk(p, partitions[p], report) for p in sorted(partitions)}
    logged: dict[str, ChainCheckpointed] = {}
    for p in sorted(partitions):
        for record in partitions[p]:
            checkpoint = checkpoint_of(record)
            if checkpoint is not None:
                report.checkpoints += 1
                logged[checkpoint.date.isoformat()] = checkpoint
                report.problems += check_checkpoint(checkpoint, record, walks, public_key)
    if kept is not None:
        report.problems += compare_kept(logged, kept)
    return report


def read_kept(text: str) -> list[dict[str, Any]]:
    """The checkpoints of an auditors' JSON-lines file."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


async def audit_chain(
    settings: Settings,
    *,
    topic: str | None = None,
    public_key: bytes | None = None,
    kept: Iterable[dict[str, Any]] | None = None,
) -> ChainReport:
    """Read ``topic`` (default: the canonical log) whole and check its chain."""
    partitions = await read_topic(settings.kafka, topic or settings.topic(EVENTS_TOPIC))
    return audit_log(partitions, public_key, kept)
