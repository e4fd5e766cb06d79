"""A chained log made by the registry's own projection, without Kafka (链式日志样本).

The registry's :class:`IntakeProjection` with a :class:`ChainWriter` judges a
few days of submissions and clock moves; its outbox rows for the log are laid
into partitions in outbox order, as the relay appends them, with offsets from
0. The audit, proof and downstream-check tests read that log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.bindings import encode_structured
from contracts.envelope import Envelope
from services.audit.log import Partitions
from services.common.access.sources_file import load_sources
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.registry.adapters import records
from services.registry.adapters.chain import ChainWriter, SigningKey
from services.registry.adapters.intake_topics import IntakeTopics
from services.registry.adapters.projection import IntakeProjection, RegistryTopics
from services.registry.domain.chain import ChainHeads
from tests.integration.registry.conftest import university

EVENTS = "zeren.events.v1"
PARTITIONS = 3


def fixed_key(seed: int = 1) -> SigningKey:
    """A fixed Ed25519 key (the same signatures every run)."""
    return SigningKey(Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32))


def _now() -> datetime:
    return datetime(2018, 4, 1, 9, tzinfo=UTC)


def chained_projection(key: SigningKey, partitions: int = PARTITIONS) -> IntakeProjection:
    """The registry's projection over the bundled sources, chaining the log ``EVENTS``."""
    sources = load_sources()
    intake = IntakeTopics.of((s.source for s in sources.sources), lambda name: name)
    writer = ChainWriter(ChainHeads(), key, EVENTS, partitions)
    return IntakeProjection(
        sources, RegistryTopics(intake, EVENTS, "rejected"), partitions, _now, chain=writer
    )


@dataclass
class ChainedLog:
    """The log as it lies in Kafka, and the projection that wrote it."""

    projection: IntakeProjection
    partitions: Partitions

    def append(self, outputs: list[OutboxRecord]) -> None:
        for out in outputs:
            if out.topic != EVENTS:
                continue
            assert out.partition is not None
            lane = self.partitions.setdefault(out.partition, [])
            lane.append(
                InputRecord(EVENTS, out.partition, len(lane), out.key, out.value, out.headers)
            )

    def submit(self, envs: list[Envelope]) -> None:
        for env in envs:
            record = records.http_record(_document(env), env.source)
            self.append(self.projection.handle(record))

    def advance(self, to: date) -> None:
        self.append(self.projection.handle(records.clock_record(to)))


def _document(env: Envelope) -> bytes:
    return encode_structured(env)[1]


def chained_log(key: SigningKey) -> ChainedLog:
    """Three days: the university registered on 2018-04-01, then the clock to 2018-04-03."""
    log = ChainedLog(chained_projection(key), {p: [] for p in range(PARTITIONS)})
    log.advance(date(2018, 4, 1))
    log.submit(university())
    log.advance(date(2018, 4, 3))
    return log
