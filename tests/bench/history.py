"""The bench's history: the simulator's stream as the registry would have logged it.

Facts are binary-encoded, keyed by subject and stamped with ``recordedtime``
(the evening of their submission day, so that the topic is reproducible);
before the first fact of each new day, the registry's own ``ClockTicked``
envelopes go to every partition, days in order. The bench's topics are
chained and checkpointed as the registry writes the log by default, so that
the duties replay pays the chain check it pays in service. The intake stream
is the same submissions in the structured binding, as a campus system sends
them.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.bindings import Headers, encode_binary, encode_structured
from contracts.envelope import Envelope
from contracts.topics import source_intake_topic
from services.common.kafka_client import KafkaClient
from services.common.outbox import OutboxRecord, new_producer
from services.common.settings import Settings
from services.registry.adapters.chain import ChainWriter, SigningKey
from services.registry.adapters.projection import clock_partition
from services.registry.domain.chain import ChainHeads
from services.registry.domain.clock import SHANGHAI, Clock, ticks
from services.registry.domain.state import RegistryState
from services.simulator import Submission
from services.simulator.history import DEFAULT_START
from tests.placement import placed_log

SEED = 20180101
#: The key the bench's chained log is signed with: fixed, so the log is reproducible.
BENCH_KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(bytes(32)))
#: When, on its submission day, the bench says the registry recorded a fact.
RECORDED_AT = time(20, 0)


@dataclass(frozen=True)
class Message:
    """One Kafka record to produce."""

    topic: str
    key: bytes | None
    value: bytes
    headers: Headers
    partition: int | None = None


@dataclass(frozen=True)
class Logged:
    """One record of ``zeren.events.v1`` (topic left open) and whether it is a fact."""

    key: bytes
    value: bytes
    headers: Headers
    partition: int | None
    fact: bool

    @classmethod
    def of(
        cls, env: Envelope, partition: int | None = None, chain: ChainWriter | None = None
    ) -> Logged:
        """``env`` as logged: placed and chained by ``chain`` if given."""
        key, value, headers = encode_binary(env)
        fact = partition is None
        if chain is not None:
            partition = chain.record(key, value, headers, partition).partition
        return cls(key, value, headers, partition, fact)

    @classmethod
    def written(cls, record: OutboxRecord) -> Logged:
        """A record the chain wrote itself (a checkpoint)."""
        assert record.key is not None
        return cls(record.key, record.value, list(record.headers), record.partition, False)


def logged(
    submissions: Iterable[Submission],
    partitions: int,
    chained: bool = False,
    placement: RegistryState | None = None,
) -> Iterator[Logged]:
    """The log the registry writes for ``submissions`` when every one is accepted; if
    ``chained``, with the hash chain and the daily checkpoints, as the registry writes
    it by default (signed with :data:`BENCH_KEY`); under subtree placement if given the
    ``placement`` registry (:func:`tests.placement.subtree_registry`), else by key."""
    clock = Clock()
    chain = ChainWriter(ChainHeads(), BENCH_KEY, "", partitions) if chained else None
    for submission in submissions:
        day = submission.submit_on
        days = clock.days_until(day)
        for tick_day in days:
            began = datetime.combine(tick_day, time(), SHANGHAI)
            for tick in ticks(tick_day, partitions, began):
                yield Logged.of(tick, clock_partition(tick), chain)
            if chain is not None:
                yield Logged.written(chain.checkpoint(tick_day, began))
        if days:
            clock = Clock(today=days[-1])
        recorded = datetime.combine(day, RECORDED_AT, SHANGHAI)
        fact = submission.envelope.recorded_at(recorded)
        if placement is None:
            yield Logged.of(fact, chain=chain)
            continue
        counted = False  # a fact is counted once, not once per partition it goes to
        for env, partition in placed_log([(fact, 0)], placement):
            first = env is fact and not counted
            counted = counted or first
            yield dataclasses.replace(Logged.of(env, partition, chain), fact=first)


@dataclass
class Target:
    """A topic that receives the log until it holds ``facts`` facts."""

    topic: str
    facts: int
    written: int = 0

    def wants(self) -> bool:
        return self.written < self.facts


def routed(log: Iterable[Logged], targets: Sequence[Target]) -> Iterator[Message]:
    """Each logged record for every target that still wants facts (a prefix per target)."""
    for record in log:
        for target in targets:
            if target.wants():
                target.written += record.fact
                yield Message(
                    target.topic, record.key, record.value, record.headers, record.partition
                )


def structured(settings: Settings, submission: Submission) -> Message:
    """``submission`` as its campus system sends it to its own intake topic."""
    key, value, headers = encode_structured(submission.envelope)
    topic = settings.topic(source_intake_topic(submission.envelope.source))
    return Message(topic, key, value, headers)


def split_structure(
    stream: Iterator[Submission],
) -> tuple[list[Submission], Iterator[Submission]]:
    """The simulated university's set-up (organizations, office holders, members, all
    submitted before ``DEFAULT_START``) and the stream that follows it."""
    structure: list[Submission] = []
    for submission in stream:
        if submission.submit_on >= DEFAULT_START:
            return structure, itertools.chain([submission], stream)
        structure.append(submission)
    return structure, iter(())


def last_day(submissions: Sequence[Submission]) -> date:
    return max(s.submit_on for s in submissions)


async def produce(kafka: KafkaClient, messages: Iterable[Message]) -> int:
    """Send ``messages`` in order (idempotent, ``acks=all``); return how many."""
    producer = new_producer(kafka)
    await producer.start()
    sent = 0
    try:
        for m in messages:
            await producer.send(
                m.topic, m.value, key=m.key, partition=m.partition, headers=m.headers
            )
            sent += 1
        await producer.flush()
    finally:
        await producer.stop()
    return sent
