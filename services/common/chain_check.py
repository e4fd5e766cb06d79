"""Downstream check of the log's hash chain (下游链校验): stop rather than fold a rewritten log.

A service consuming ``zeren.events.v1`` recomputes each record's digest from
the digest of the record before it in the partition (:mod:`contracts.chain`)
and compares it with the record's ``zeren-chain`` header before the batch is
folded. On a mismatch it raises :class:`ChainBrokenError`: the batch is not
applied, and the service stops with the partition, offset and event id.

On start the check is anchored on the records before each partition's stored
position: up to :data:`RECENT` of them are read again and checked (then the
consumer is sought back), so a restart does not let a break at that position
through. A partition that has never shown a chained record is taken as
unchained (a registry run with ``ZEREN_CHAIN=off``); once one is seen, every
later record must be chained. A record the outbox relay published twice (a
lost ``DELETE``: at least once) repeats a recent digest that follows from its
own predecessor: it is let through, and the pipeline drops it by event id. The
records read again at the start are what makes a copy recognisable when the
service stopped between a record and its copy.
``zeren audit chain`` checks the whole log, checkpoints included.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from contracts.chain import chain_header, record_digest
from contracts.topics import EVENTS_TOPIC
from services.common.kafka_client import KafkaClient
from services.common.pipeline import InputRecord, input_record

CHAIN_BROKEN = "CHAIN_BROKEN"
#: Empty fetches (of a second each) after which a partition's anchoring records are given
#: up: it is then not anchored on.
ANCHOR_TRIES = 10
#: Digests remembered per partition: a relay republishes at most one batch (5,000 rows).
RECENT = 10_000


class ChainBrokenError(RuntimeError):
    """The canonical log's chain breaks at a record (日志哈希链断裂): it was rewritten."""

    def __init__(self, record: InputRecord) -> None:
        self.code, self.record = CHAIN_BROKEN, record
        super().__init__(
            f"{CHAIN_BROKEN}: the log's hash chain breaks at {record.position}"
            f" (event {record.header('ce_id')}): the history was altered, dropped from or"
            f" reordered; not folded (日志哈希链在此断裂，历史被篡改、删除或调换，已停止处理)"
        )


def is_log(topic: str) -> bool:
    """Whether ``topic`` is the canonical log (under any namespace suffix)."""
    return topic.startswith(EVENTS_TOPIC)


class ChainCheck:
    """Per partition of the log, the digest of the last record checked, and the recent
    digests with the digest before each (to recognise a republished record)."""

    def __init__(self, anchors: dict[tuple[str, int], bytes] | None = None) -> None:
        self._last = dict(anchors or {})
        self._recent: dict[tuple[str, int], OrderedDict[bytes, bytes]] = defaultdict(OrderedDict)

    def __call__(self, records: Sequence[InputRecord]) -> None:
        """Check ``records`` (each partition's in offset order); raise on the first break."""
        for record in records:
            if not is_log(record.topic):
                continue
            where = (record.topic, record.partition)
            claimed = chain_header(record.headers)
            previous = self._last.get(where)
            if previous is None or claimed is None:
                if previous is not None:
                    raise ChainBrokenError(record)
                if claimed is not None:  # the first chained record seen: adopted
                    self._last[where] = claimed
            elif claimed == record_digest(previous, record.key, record.value, record.headers):
                self._last[where] = claimed
                recent = self._recent[where]
                recent[claimed] = previous
                if len(recent) > RECENT:
                    recent.popitem(last=False)
            elif not self._republished(where, claimed, record):
                raise ChainBrokenError(record)

    def _republished(self, where: tuple[str, int], claimed: bytes, record: InputRecord) -> bool:
        """A record the relay published again (its digest follows from its own predecessor):
        the log is unchanged, and the services drop it by id."""
        before = self._recent[where].get(claimed)
        return before is not None and claimed == record_digest(
            before, record.key, record.value, record.headers
        )


async def anchored(consumer: AIOKafkaConsumer, assigned: Sequence[TopicPartition]) -> ChainCheck:
    """A check anchored on the records before each log partition's position (see above)."""
    positions = {tp: await consumer.position(tp) for tp in assigned if is_log(tp.topic)}
    check = ChainCheck()
    for tp, position in positions.items():
        if position > 0:
            check(await _read_back(consumer, tp, position))
    for tp, position in positions.items():
        consumer.seek(tp, position)
    return check


async def _read_back(
    consumer: AIOKafkaConsumer, tp: TopicPartition, position: int
) -> list[InputRecord]:
    """The last :data:`RECENT` records of ``tp`` before ``position`` (fewer if the
    partition starts later), in order; none if :data:`ANCHOR_TRIES` fetches come back
    empty before the record just before ``position``: the check then adopts the first
    record it sees, as it does in a partition never anchored."""
    consumer.seek(tp, max(0, position - RECENT))
    records: list[InputRecord] = []
    empty = 0
    while empty < ANCHOR_TRIES:
        fetched = (await consumer.getmany(tp, timeout_ms=1000, max_records=RECENT)).get(tp, [])
        empty += not fetched
        records += [input_record(r) for r in fetched if r.offset < position]
        if records and records[-1].offset == position - 1:
            return records
    return []


async def anchored_at(kafka: KafkaClient, tp: TopicPartition, position: int) -> ChainCheck:
    """A check of one log partition read on from ``position`` (a lane's), anchored by a
    consumer of its own (a group member cannot read aside during a rebalance)."""
    if position == 0 or not is_log(tp.topic):
        return ChainCheck()  # nothing to anchor on
    consumer = AIOKafkaConsumer(**kafka.options(), enable_auto_commit=False)
    await consumer.start()
    # A turn of the loop: a consumer stopped before its coordinator's task first ran
    # raises CancelledError out of ``stop`` (aiokafka's NoGroupCoordinator.close).
    await asyncio.sleep(0)
    try:
        consumer.assign([tp])
        consumer.seek(tp, position)
        return await anchored(consumer, [tp])
    finally:
        await consumer.stop()
