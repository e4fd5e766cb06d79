"""Partition lanes (分区通道): a fold service's input partitions folded apart, by one or
several instances of the service in a Kafka consumer group.

Under subtree placement (``ZEREN_PLACEMENT=subtree``, see docs/scale-out.md) each
partition of the canonical log can be folded alone. A *lane* is one partition's
fold: a projection of its own, a schema of its own (``<schema>_p<n>``, holding the
state, offsets and outbox of :mod:`services.common.pipeline`, the one reliability
pattern, unchanged) and an outbox relay of its own. The instances of the service
join one consumer group; Kafka assigns the partitions, and an instance opens the
lanes of the partitions it gains and closes those it loses.

Only a partition's owner writes for it (防护). Opening a lane claims it: the epoch
of the partition's row in ``<schema>.lane_owners`` goes up by one. Each batch of a
lane reads that row ``FOR SHARE`` before it commits and rolls back if the epoch is
no longer the one the lane was opened with (:class:`LaneLostError`). A claim waits
for a batch in flight to end, and restores after it, so the new owner starts from
exactly what the former owner last committed, and nothing the former owner does
after the claim counts. A lane's relay is one at a time already (its advisory lock).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition

from services.common import chain_check
from services.common.consumer import committed, lags
from services.common.db import Connection
from services.common.migrations import lane_schema, migrate, quote_schema
from services.common.observability import record_poll
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, Pipeline, Projection, input_record
from services.common.relay import RelayProcess
from services.common.settings import Settings

log = logging.getLogger("zeren.lanes")
LANES_SQL = Path(__file__).parent / "lanes_sql"


class LaneLostError(RuntimeError):
    """Another instance claimed the lane: this one's batch is not committed (分区已被接管)."""

    def __init__(self, partition: int, epoch: int, now: int | None) -> None:
        self.partition = partition
        super().__init__(
            f"partition {partition}'s lane was claimed by another instance (epoch {epoch},"
            f" now {now}): this batch was rolled back (分区已被其他实例接管，本批未提交)"
        )


class ReadAheadError(RuntimeError):
    """Records fetched for a lane begin past its position: folding them would skip the
    records between. A consumer hands out such records when it fetched a partition
    before it was sought to the lane's position; new partitions stay paused until their
    lanes are open and sought (:class:`_Rebalance`), so this is a guard."""

    def __init__(self, partition: int, offset: int, position: int) -> None:
        self.position = position
        super().__init__(
            f"partition {partition} was read from {offset}, its lane is at {position}:"
            " reading again from there (分区读取位置超前，从通道位置重新读取)"
        )


class Fence:
    """The owners' epochs (``<schema>.lane_owners``)."""

    def __init__(self, schema: str) -> None:
        self.schema, self._q = schema, quote_schema(schema)

    async def prepare(self, conn: Connection) -> None:
        await migrate(conn, self.schema, LANES_SQL)

    async def claim(self, conn: Connection, partition: int) -> int:
        """Take ``partition`` over (waiting for its owner's batch in flight): the new epoch."""
        epoch: int = await conn.fetchval(
            f"INSERT INTO {self._q}.lane_owners AS o (partition, epoch) VALUES ($1, 1)"
            " ON CONFLICT (partition) DO UPDATE SET epoch = o.epoch + 1 RETURNING epoch",
            partition,
        )
        return epoch

    async def hold(self, conn: Connection, partition: int, epoch: int) -> None:
        """In a batch's transaction: raise unless ``partition`` is still at ``epoch``."""
        now = await conn.fetchval(
            f"SELECT epoch FROM {self._q}.lane_owners WHERE partition = $1 FOR SHARE", partition
        )
        if now != epoch:
            raise LaneLostError(partition, epoch, now)


class FencedPipeline(Pipeline):
    """A lane's pipeline: its batches commit only while the lane is still this instance's."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        projection: Projection,
        restore_where: str,
        fence: Fence,
        claim: tuple[int, int],
    ) -> None:
        super().__init__(pool, schema, projection, restore_where)
        self.fence, (self.partition, self.epoch) = fence, claim

    async def write_alongside(self, conn: Connection) -> None:
        await self.fence.hold(conn, self.partition, self.epoch)


@dataclass
class Lane:
    """One partition folded by this instance."""

    pipeline: FencedPipeline
    check: chain_check.ChainCheck
    relay: asyncio.Task[None]

    @property
    def projection(self) -> Projection:
        return self.pipeline.projection


class Lanes:
    """The lanes this instance holds, opened and closed as Kafka assigns partitions."""

    def __init__(
        self,
        settings: Settings,
        pool: asyncpg.Pool,
        schema: str,
        lane: Callable[[int], Projection],
        *,
        migrations: Path,
        restore_where: str = "TRUE",
    ) -> None:
        """``lane`` makes the projection of one partition; ``migrations`` are the service's,
        applied to every lane's schema."""
        self.settings, self.pool, self.schema = settings, pool, schema
        self._new, self._migrations, self._where = lane, migrations, restore_where
        self.fence = Fence(schema)
        self.held: dict[int, Lane] = {}
        self._opening = asyncio.Lock()

    async def prepare(self) -> None:
        async with self.pool.acquire() as conn:
            await self.fence.prepare(conn)

    async def held_or_open(self, topic: str, partition: int, seek: Callable[[int], None]) -> Lane:
        """``partition``'s lane: held already, or claimed, restored and its relay started
        (one at a time: the rebalance listener and the consume loop may both ask). The
        consumer is sought (``seek``) to the lane's position before the lane is held, so
        that no record fetched from elsewhere reaches it."""
        async with self._opening:
            lane = self.held.get(partition) or await self._open(topic, partition)
            seek(lane.pipeline.position(topic, partition))
            self.held[partition] = lane
            return lane

    async def _open(self, topic: str, partition: int) -> Lane:
        async with self.pool.acquire() as conn:
            epoch = await self.fence.claim(conn, partition)
        schema = lane_schema(self.schema, partition)
        pipeline = FencedPipeline(
            self.pool, schema, self._new(partition), self._where, self.fence, (partition, epoch)
        )
        await pipeline.prepare(self._migrations)
        await pipeline.stored_offsets()
        resume = pipeline.position(topic, partition)
        tp = TopicPartition(topic, partition)
        check = await chain_check.anchored_at(self.settings.kafka, tp, resume)
        relay = asyncio.create_task(RelayProcess(self.settings, schema).run())
        lane = Lane(pipeline, check, relay)
        log.info("lane opened", extra={"partition": partition, "epoch": epoch, "resume": resume})
        return lane

    async def close(self, partition: int) -> None:
        """Stop folding ``partition``: after its batch in flight; its relay publishes what
        is pending and ends."""
        lane = self.held.pop(partition, None)
        if lane is None:
            return
        async with lane.pipeline.lock:
            lane.relay.cancel()
        await asyncio.gather(lane.relay, return_exceptions=True)
        log.info("lane closed", extra={"partition": partition})

    async def close_all(self) -> None:
        for partition in list(self.held):
            await self.close(partition)

    async def apply(self, topic: str, partition: int, records: Sequence[InputRecord]) -> int:
        """Fold ``records`` of ``partition`` in its lane, those it has not read yet (a fetch
        made before the lane was opened and sought may repeat some); none if not held.
        Return how many were folded. Raise :class:`LaneLostError`, the lane closed, if
        another instance claimed it; :class:`ReadAheadError` if the records begin past the
        lane's position (none folded)."""
        lane = self.held.get(partition)
        if lane is None:
            return 0
        position = lane.pipeline.position(topic, partition)
        fresh = [r for r in records if r.offset >= position]
        if not fresh:
            return 0
        if fresh[0].offset > position:  # the log has no gaps: fetched before the seek
            raise ReadAheadError(partition, fresh[0].offset, position)
        try:
            lane.check(fresh)
            await lane.pipeline.apply(fresh)
        except LaneLostError:
            await self.close(partition)
            raise
        return len(fresh)

    async def release(self, partition: int, step: Callable[[], list[OutboxRecord]]) -> None:
        """Fold what ``partition``'s lane held back (``step``) and commit it (see
        :meth:`Pipeline.release`); nothing if the lane is not held. Raise
        :class:`LaneLostError`, the lane closed, if another instance claimed it."""
        lane = self.held.get(partition)
        if lane is None:
            return
        try:
            await lane.pipeline.release(step)
        except LaneLostError:
            await self.close(partition)
            raise

    def relays_running(self) -> bool:
        """Every held lane's relay runs (``/readyz``)."""
        return not any(lane.relay.done() for lane in self.held.values())

    def failed(self) -> BaseException | None:
        """What ended a lane's relay by itself, if one did."""
        for lane in self.held.values():
            if lane.relay.done() and not lane.relay.cancelled():
                return lane.relay.exception()
        return None

    def schemas(self) -> list[str]:
        """The schemas of the lanes held."""
        return [lane_schema(self.schema, p) for p in sorted(self.held)]

    def projections(self) -> Mapping[int, Projection]:
        return {p: lane.projection for p, lane in sorted(self.held.items())}


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """Lanes follow Kafka's assignment; a partition kept across a rebalance keeps its lane."""

    def __init__(self, consumer: AIOKafkaConsumer, lanes: Lanes, topic: str) -> None:
        self.consumer, self.lanes, self.topic = consumer, lanes, topic

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        """Nothing yet: the lanes kept by the next assignment stay open."""

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        """Close the lanes no longer assigned; open the new ones one after the other. The
        new partitions are paused first: while a lane is restored, the consumer would
        otherwise fetch the partitions whose lanes are not open yet, only for the records
        to be dropped and read again from the lanes' positions."""
        wanted = {tp.partition for tp in assigned}
        for partition in sorted(set(self.lanes.held) - wanted):
            await self.lanes.close(partition)
        self.consumer.pause(*(tp for tp in assigned if tp.partition not in self.lanes.held))
        for tp in sorted(assigned):
            await self.reopen(tp)

    async def reopen(self, tp: TopicPartition) -> None:
        """Open ``tp``'s lane unless held, and read it (resumed) from the lane's position."""
        await self.lanes.held_or_open(self.topic, tp.partition, partial(self.consumer.seek, tp))
        self.consumer.resume(tp)


#: Between fetches: release what the lanes held back; the partitions still waiting.
Between = Callable[["Lanes"], Awaitable[set[int]]]


async def _settled(
    between: Between,
    lanes: Lanes,
    rebalance: _Rebalance,
    consumer: AIOKafkaConsumer,
    topic: str,
) -> set[int]:
    """Run ``between``; a lane it finds claimed by another instance is claimed again if
    Kafka still assigns it here (as in the fetch loop). The partitions still waiting."""
    try:
        return await between(lanes)
    except LaneLostError as lost:
        log.warning("%s", lost)
        tp = TopicPartition(topic, lost.partition)
        if tp in consumer.assignment():
            await rebalance.reopen(tp)
        return set()


def _pause_waiting(consumer: AIOKafkaConsumer, topic: str, waiting: set[int], lanes: Lanes) -> None:
    """Fetch nothing for a lane that waits (what it read on would only be held in memory);
    fetch again for one that no longer does."""
    assigned = consumer.assignment()
    for p in lanes.held:
        tp = TopicPartition(topic, p)
        if tp not in assigned:
            continue
        if p in waiting:
            consumer.pause(tp)
        elif tp in consumer.paused():
            consumer.resume(tp)


def group_id(settings: Settings, service: str) -> str:
    """The consumer group of a service's instances (one per topic namespace)."""
    return f"zeren-{service}{settings.topic_suffix}"


async def consume_lanes(
    settings: Settings,
    topic: str,
    service: str,
    lanes: Lanes,
    *,
    stop: asyncio.Event,
    max_records: int = 5000,
    between: Between | None = None,
) -> None:
    """Run until ``stop`` is set: join the service's group and fold each fetched partition's
    records in its lane, one transaction per partition and fetch.

    Kafka's committed offsets are not used: each lane resumes at its stored offset. A
    lane lost to another instance (:class:`LaneLostError`) while Kafka still assigns it
    here is claimed again and read from what was committed. ``between`` runs after each
    fetch's batches (lanes that wait for each other release there); the partitions it
    names as waiting are not fetched until it no longer does.
    """
    consumer = AIOKafkaConsumer(
        **settings.kafka.options(),
        group_id=group_id(settings, service),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=1 << 20,
        fetch_max_bytes=32 << 20,
    )
    await consumer.start()
    rebalance = _Rebalance(consumer, lanes, topic)

    def reached() -> dict[TopicPartition, int]:
        """Each assigned partition's position (a lane may outlive its assignment until the
        rebalance ends; the consumer knows nothing of a partition no longer assigned)."""
        assigned = consumer.assignment()
        return {
            tp: lane.pipeline.position(topic, p)
            for p, lane in lanes.held.items()
            if (tp := TopicPartition(topic, p)) in assigned
        }

    consumer.subscribe([topic], listener=rebalance)
    waiting: set[int] = set()
    try:
        while not stop.is_set():
            # A lane that waits is released by another lane's commit, not by a fetch: look
            # again soon (its partition paused, a fetch would wait out its whole timeout).
            wait_ms = 10 if waiting else 200
            fetched = await consumer.getmany(timeout_ms=wait_ms, max_records=max_records)
            for tp in sorted(fetched):
                records = [input_record(r) for r in fetched[tp]]
                began = time.perf_counter()
                try:
                    folded = await lanes.apply(topic, tp.partition, records)
                except ReadAheadError as ahead:
                    log.warning("%s", ahead)
                    consumer.seek(tp, ahead.position)
                    continue
                except LaneLostError as lost:
                    log.warning("%s", lost)
                    if tp in consumer.assignment():
                        await rebalance.reopen(tp)
                    continue
                if folded:
                    committed(records, time.perf_counter() - began, reached(), consumer)
            if between is not None:
                waiting = await _settled(between, lanes, rebalance, consumer, topic)
                _pause_waiting(consumer, topic, waiting, lanes)
            record_poll(lags(consumer, reached()))
            failure = lanes.failed()
            if failure is not None:
                raise failure
    finally:
        await consumer.stop()
        await lanes.close_all()
