"""Comparing two streams of output events (输出比对): pure, per partition, in order.

Both sides are deduplicated by event id first (a republished outbox row is a
legitimate duplicate), then compared record by record: id, type and the
canonical JSON of ``data``. Each side's digest is the SHA-256 of its
deduplicated, canonical sequence, so two auditors can compare digests alone.

Streams that differ are compared again without their Chinese texts (the fields
named ``*_zh``: 标题、正文、说明): a release that only rewords what an alert says
leaves every decision as it was, and the auditor is told so (仅措辞不同).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from services.common.pipeline import InputRecord

#: Per partition, the deduplicated entries in order.
Stream = dict[int, list["Entry"]]


@dataclass(frozen=True)
class Entry:
    """One output event as compared: where, which id and type, and its canonical data."""

    partition: int
    event_id: str
    event_type: str
    data: str

    def line(self) -> str:
        """The entry as one line of the digested sequence."""
        return f"{self.partition}\t{self.event_id}\t{self.event_type}\t{self.data}\n"


def canonical_json(value: bytes | None) -> str:
    """The JSON ``value`` with sorted keys and no insignificant whitespace (规范化)."""
    return "null" if value is None else _canonical(json.loads(value))


def _canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_of(record: InputRecord) -> Entry:
    """The compared form of a binary CloudEvent record (``ce_id``, ``ce_type``, value)."""
    return Entry(
        record.partition,
        record.header("ce_id") or "",
        record.header("ce_type") or "",
        canonical_json(record.value),
    )


def without_texts(entry: Entry) -> Entry:
    """``entry`` as a decision: its data without the fields that carry only Chinese text."""
    data = json.loads(entry.data)
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if not key.endswith("_zh")}
    return replace(entry, data=_canonical(data))


def deduplicated(entries: Iterable[Entry]) -> Stream:
    """Per partition, ``entries`` in order with every repeat of an id dropped (去重)."""
    seen: set[str] = set()
    stream: Stream = {}
    for entry in entries:
        if entry.event_id not in seen:
            seen.add(entry.event_id)
            stream.setdefault(entry.partition, []).append(entry)
    return stream


def digest(stream: Stream) -> str:
    """SHA-256 (hex) over the partitions in order, each entry as one line (摘要)."""
    sha = hashlib.sha256()
    for partition in sorted(stream):
        for entry in stream[partition]:
            sha.update(entry.line().encode())
    return sha.hexdigest()


@dataclass(frozen=True)
class Difference:
    """The first position where a partition's replayed and emitted streams part (差异)."""

    partition: int
    position: int
    replayed: Entry | None
    emitted: Entry | None


def first_differences(replayed: Stream, emitted: Stream) -> list[Difference]:
    """For each partition that differs, its first differing position (None: stream ended)."""
    found = []
    for partition in sorted(replayed.keys() | emitted.keys()):
        ours, theirs = replayed.get(partition, []), emitted.get(partition, [])
        for position in range(max(len(ours), len(theirs))):
            mine = ours[position] if position < len(ours) else None
            other = theirs[position] if position < len(theirs) else None
            if mine != other:
                found.append(Difference(partition, position, mine, other))
                break
    return found


@dataclass(frozen=True)
class Comparison:
    """One topic's verdict: counts, digests and the first differences (核验结果)."""

    topic: str
    replayed_count: int
    emitted_count: int
    replayed_digest: str
    emitted_digest: str
    differences: Sequence[Difference]
    #: When the streams differ in their texts alone (the decisions equal): how many
    #: events do; None when they are equal, or when a decision differs.
    reworded: int | None = None

    @property
    def equal(self) -> bool:
        return not self.differences


def compare(topic: str, replayed: Iterable[Entry], emitted: Iterable[Entry]) -> Comparison:
    """Compare the replayed outputs of ``topic`` with those actually emitted on it."""
    ours, theirs = deduplicated(replayed), deduplicated(emitted)
    differences = first_differences(ours, theirs)
    return Comparison(
        topic,
        sum(map(len, ours.values())),
        sum(map(len, theirs.values())),
        digest(ours),
        digest(theirs),
        differences,
        _reworded(ours, theirs) if differences else None,
    )


def _reworded(ours: Stream, theirs: Stream) -> int | None:
    """How many events of two differing streams differ in their texts alone; None if a
    decision differs (an id, a type, a field other than a text, an event more or less)."""
    decisions = {p: [without_texts(e) for e in entries] for p, entries in ours.items()}
    emitted = {p: [without_texts(e) for e in entries] for p, entries in theirs.items()}
    if first_differences(decisions, emitted):
        return None
    return sum(a != b for p in ours for a, b in zip(ours[p], theirs[p], strict=True))


def render_comparison(result: Comparison) -> str:
    """The verdict as text: ``equal`` or each partition's first difference, then the digests."""
    verdict = "equal 一致" if result.equal else "DIFFERENT 不一致"
    lines = [f"{result.topic}: {verdict}"]
    if result.reworded is not None:
        lines.append(
            f"  the decisions are equal; {result.reworded} events differ in their Chinese texts"
            f" only (决定一致，仅 {result.reworded} 条事件措辞不同: *_zh)"
        )
    for d in result.differences:
        lines.append(f"  partition {d.partition}, position {d.position} (分区 {d.partition}):")
        lines.append(f"    replayed 回放: {_describe(d.replayed)}")
        lines.append(f"    emitted  实发: {_describe(d.emitted)}")
    lines.append(f"  replayed 回放 {result.replayed_count} events sha256 {result.replayed_digest}")
    lines.append(f"  emitted  实发 {result.emitted_count} events sha256 {result.emitted_digest}")
    return "\n".join(lines)


def _describe(entry: Entry | None) -> str:
    if entry is None:
        return "(nothing: the stream ends here 已结束)"
    return f"{entry.event_id} {entry.event_type} {entry.data}"
