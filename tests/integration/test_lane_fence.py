"""The lanes' fence (防护), on the real database: once another instance claims a
partition, nothing the former owner folds for it is committed; and a lane never
folds records that begin past its position."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import pytest

from services.common.lanes import LaneLostError, Lanes, ReadAheadError
from services.common.migrations import drop_schema, lane_schema, quote_schema
from services.common.pipeline import InputRecord
from tests.conftest import Infra, TopicFactory
from tests.integration.test_pipeline import Tally


def _record(topic: str, offset: int) -> InputRecord:
    return InputRecord(topic, 0, offset, b"br-1", b"{}", (("ce_id", f"e{offset}".encode()),))


async def _stored(db: asyncpg.Pool, schema: str) -> tuple[int | None, str | None]:
    """The lane's stored offset and its count for ``br-1``."""
    q = quote_schema(lane_schema(schema, 0))
    async with db.acquire() as conn:
        offset = await conn.fetchval(f"SELECT next_offset FROM {q}.consumer_offsets")
        count = await conn.fetchval(f"SELECT value::text FROM {q}.state WHERE key = 'br-1'")
    return offset, count


async def test_a_lane_claimed_by_another_instance_commits_nothing_more(
    infra: Infra, db: asyncpg.Pool, tmp_path: Path, new_topic: TopicFactory
) -> None:
    topic, out = await new_topic(prefix="lanes"), await new_topic(prefix="lanes.out")
    tag = uuid.uuid4().hex[:10]
    settings, schema = infra.settings(f".fence{tag}", f"f{tag}_"), f"f{tag}_lanes"
    former, claimant = (
        Lanes(settings, db, schema, lambda p: Tally(out), migrations=tmp_path) for _ in range(2)
    )
    try:
        await former.prepare()
        sought: list[int] = []  # where the consumer is sought before each lane is held
        await former.held_or_open(topic, 0, sought.append)
        assert await former.apply(topic, 0, [_record(topic, 0)]) == 1
        assert await _stored(db, schema) == (1, "1")

        taken = await claimant.held_or_open(
            topic, 0, lambda position: None
        )  # restores what the former committed
        assert taken.projection.counts == {"br-1": 1}  # type: ignore[attr-defined]
        with pytest.raises(LaneLostError, match="分区已被其他实例接管"):
            await former.apply(topic, 0, [_record(topic, 1)])
        assert 0 not in former.held
        assert await _stored(db, schema) == (1, "1")

        both = [_record(topic, 0), _record(topic, 1)]
        assert await claimant.apply(topic, 0, both) == 1  # e0 was folded already
        assert await _stored(db, schema) == (2, "2")
        with pytest.raises(ReadAheadError, match="its lane is at 2"):  # 2..4 would be skipped
            await claimant.apply(topic, 0, [_record(topic, 5)])
        assert await _stored(db, schema) == (2, "2")
    finally:
        await former.close_all()
        await claimant.close_all()
        async with db.acquire() as conn:
            await drop_schema(conn, lane_schema(schema, 0))
            await drop_schema(conn, schema)
