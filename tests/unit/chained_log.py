"""A chained log made by the registry's own projection and relay stamper, without Kafka
(链式日志样本).

The registry's :class:`IntakeProjection` judges a few days of submissions and
clock moves; its outbox rows for the log go through the relay's
:class:`ChainStamper` in outbox order, placed as the relay places them, and
are laid into partitions with offsets from 0. The audit, proof and
downstream-check tests read that log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.bindings import encode_structured
from contracts.envelope import Envelope
from services.audit.log import Partitions
from services.common.access.sources_file import load_sources
from services.common.outbox import OutboxRecord, key_partition
from services.common.pipeline import InputRecord
from services.registry.adapters import records
from services.registry.adapters.chain import ChainStamper, ChainWriter, SigningKey
from services.registry.adapters.intake_topics import IntakeTopics
from services.registry.adapters.projection import IntakeProjection, Now, RegistryTopics
from services.registry.domain.chain import ChainHeads
from tests.integration.registry.conftest import university

EVENTS = "zeren.events.v1"
PARTITIONS = 3


def fixed_key(seed: int = 1) -> SigningKey:
    """A fixed Ed25519 key (the same signatures every run)."""
    return SigningKey(Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def _now() -> datetime:
    return datetime(2018, 4, 1, 9, tzinfo=UTC)


def chained_projection(
    partitions: int = PARTITIONS, *, subtree: bool = False, now: Now = _now
) -> IntakeProjection:
    """The registry's projection over the bundled sources, asking for checkpoints (recording
    every fact at ``now()``: by default one fixed instant)."""
    sources = load_sources()
    intake = IntakeTopics.of((s.source for s in sources.sources), lambda name: name)
    topics = RegistryTopics(intake, EVENTS, "rejected")
    return IntakeProjection(sources, topics, partitions, now, chained=True, subtree=subtree)


def chain_stamper(key: SigningKey, partitions: int = PARTITIONS) -> ChainStamper:
    """The relay's stamper of the log ``EVENTS`` (its I/O unused: heads from genesis)."""
    return ChainStamper("registry", ChainWriter(ChainHeads(), key, EVENTS, partitions), Path())


def relayed(stamper: ChainStamper, out: OutboxRecord) -> InputRecord:
    """``out`` as the relay publishes it: placed (its partition, else its key's), stamped."""
    partitions = stamper.writer.partitions
    at = out.partition if out.partition is not None else key_partition(out.key, partitions)
    placed = stamper.stamp(out.topic, at, out.key, out.value, list(out.headers))
    partition, key, value, headers = placed
    return InputRecord(out.topic, partition, -1, key, value, headers)


@dataclass
class ChainedLog:
    """The log as it lies in Kafka, the projection that wrote it and the relay's stamper."""

    projection: IntakeProjection
    stamper: ChainStamper
    partitions: Partitions

    def append(self, outputs: list[OutboxRecord]) -> None:
        for out in outputs:
            if out.topic != EVENTS:
                continue
            record = relayed(self.stamper, out)
            lane = self.partitions.setdefault(record.partition, [])
            lane.append(dataclasses.replace(record, offset=len(lane)))

    def submit(self, envs: list[Envelope]) -> None:
        for env in envs:
            record = records.http_record(_document(env), env.source)
            self.append(self.projection.handle(record))

    def advance(self, to: date) -> None:
        self.append(self.projection.handle(records.clock_record(to)))


def _document(env: Envelope) -> bytes:
    return encode_structured(env)[1]


def chained_log(key: SigningKey, *, subtree: bool = False, now: Now = _now) -> ChainedLog:
    """Three days: the university registered on 2018-04-01, then the clock to 2018-04-03
    (``subtree``: the log written under subtree placement)."""
    lanes: Partitions = {p: [] for p in range(PARTITIONS)}
    projection = chained_projection(subtree=subtree, now=now)
    log = ChainedLog(projection, chain_stamper(key), lanes)
    log.advance(date(2018, 4, 1))
    log.submit(university())
    log.advance(date(2018, 4, 3))
    return log
