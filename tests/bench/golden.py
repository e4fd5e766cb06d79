"""The bench's history folded in process (金标准): duties, then accountability, no I/O.

The speed work of issue 25 must not change a byte of what the folds emit or
store. This module runs the first facts of the bench's history through the
two projections exactly as the pipeline does (records in log order, offsets
per partition, the changed state documents taken every ``BATCH`` records),
and digests everything they produce: the output records (topic, partition,
key, value, headers) and the stored state documents, per service.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from contracts.bindings import decode
from contracts.fast.binary import decode_trusted, encode_trusted
from services.accountability.adapters.projection import AccountabilityProjection
from services.common.outbox import OutboxRecord, key_partition
from services.common.pipeline import InputRecord, Projection, json_text
from services.duties.adapters.projection import DutiesProjection
from services.simulator import generate_n
from tests.bench.history import SEED, logged
from tests.placement import placed_log, subtree_registry

PARTITIONS = 4
#: Records per batch: the state documents are taken after each (as the pipeline does).
BATCH = 500
EVENTS_TOPIC, DUTIES_TOPIC, ACCOUNTABILITY_TOPIC = "events", "duties", "accountability"


@dataclass(frozen=True)
class Digests:
    """SHA-256 of each service's outputs and of its stored documents, with the counts."""

    duties_outputs: str
    duties_documents: str
    accountability_outputs: str
    accountability_documents: str
    counts: tuple[int, int, int]


def bench_log(facts: int) -> Iterator[Raw]:
    """The bench's log of ``facts`` facts: (partition, key, value, headers) in log order."""
    for record in logged(generate_n(SEED, facts), PARTITIONS):
        partition = (
            record.partition
            if record.partition is not None
            else key_partition(record.key, PARTITIONS)
        )
        yield partition, record.key, record.value, record.headers


#: A record to consume: partition, key, value, headers.
Raw = tuple[int, bytes | None, bytes, Sequence[tuple[str, bytes]]]


def subtree_placed(records: Iterable[Raw], partitions: int = PARTITIONS) -> Iterator[Raw]:
    """The log ``records`` (written under key placement) as the registry writes it under
    subtree placement (:func:`tests.placement.placed_log`), re-encoded."""
    decoded = ((decode_trusted(value, headers), p) for p, _, value, headers in records)
    for env, partition in placed_log(decoded, subtree_registry(partitions)):
        key, value, headers = encode_trusted(env)
        yield partition, key, value, headers


def as_input(topic: str, records: Iterable[Raw]) -> Iterator[InputRecord]:
    """Records as a consumer reads them, with offsets counted per partition."""
    offsets = dict.fromkeys(range(PARTITIONS), 0)
    for partition, key, value, headers in records:
        yield InputRecord(topic, partition, offsets[partition], key, value, tuple(headers))
        offsets[partition] += 1


def fold(
    projection: Projection, records: Iterable[InputRecord]
) -> tuple[list[OutboxRecord], list[tuple[str, str | None]]]:
    """Every output of ``projection`` over ``records`` and the documents taken per batch."""
    outputs: list[OutboxRecord] = []
    documents: list[tuple[str, str | None]] = []
    iterator = iter(records)
    while batch := list(itertools.islice(iterator, BATCH)):
        for record in batch:
            outputs += projection.handle(record)
        changes = projection.take_changes().items()
        documents += [(k, None if v is None else json_text(v)) for k, v in changes]
    return outputs, documents


def _digest_outputs(outputs: Sequence[OutboxRecord]) -> str:
    h = hashlib.sha256()
    for out in outputs:
        h.update(repr((out.topic, out.partition, out.key, out.value, list(out.headers))).encode())
    return h.hexdigest()


def _digest_documents(documents: Sequence[tuple[str, str | None]]) -> str:
    h = hashlib.sha256()
    for key, value in documents:
        h.update(repr((key, value)).encode())
    return h.hexdigest()


def validated(outputs: Sequence[OutboxRecord]) -> None:
    """Validate every output with the pydantic models (raises ``ContractViolation``):
    the services build their outputs without validating them."""
    for out in outputs:
        decode(out.value, out.headers)


@dataclass(frozen=True)
class Folded:
    """What the two services emitted and stored over the bench's history."""

    duty_outputs: list[OutboxRecord]
    duty_documents: list[tuple[str, str | None]]
    outputs: list[OutboxRecord]
    documents: list[tuple[str, str | None]]


def fold_history(facts: int) -> Folded:
    """Fold the first ``facts`` facts of the bench's history through duties, then
    accountability (reading what duties emitted, as Kafka would partition it)."""
    duties = DutiesProjection(DUTIES_TOPIC, PARTITIONS)
    duty_outputs, duty_documents = fold(duties, as_input(EVENTS_TOPIC, bench_log(facts)))
    accountability = AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC)
    outputs, documents = fold(accountability, forwarded(duty_outputs))
    return Folded(duty_outputs, duty_documents, outputs, documents)


def forwarded(duty_outputs: Iterable[OutboxRecord]) -> Iterator[InputRecord]:
    """The duties service's outputs as the accountability service reads them."""
    return as_input(
        DUTIES_TOPIC,
        (
            (
                key_partition(o.key or b"", PARTITIONS) if o.partition is None else o.partition,
                o.key,
                o.value,
                o.headers,
            )
            for o in duty_outputs
        ),
    )


def golden(facts: int) -> Digests:
    """Fold the first ``facts`` facts of the bench's history; digest what came out
    (after validating every output)."""
    folded = fold_history(facts)
    validated(folded.duty_outputs)
    validated(folded.outputs)
    return Digests(
        _digest_outputs(folded.duty_outputs),
        _digest_documents(folded.duty_documents),
        _digest_outputs(folded.outputs),
        _digest_documents(folded.documents),
        (facts, len(folded.duty_outputs), len(folded.outputs)),
    )
