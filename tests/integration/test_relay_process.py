"""The outbox relay in its own process, next to its service, on real parts."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from contextlib import suppress

import asyncpg
import psutil
import pytest
from aiokafka import AIOKafkaConsumer

from services.common.migrations import migrate
from services.common.outbox import OutboxRecord, write_outbox
from services.common.pipeline import RUNTIME_SQL
from services.common.relay import RelayExitedError, RelayProcess
from services.common.settings import Settings
from tests.conftest import Infra, TopicFactory


@pytest.fixture
async def outbox(db: asyncpg.Pool, schema: str) -> str:
    """A fresh schema with the runtime's tables (the outbox among them)."""
    async with db.acquire() as conn:
        await migrate(conn, schema, RUNTIME_SQL)
    return schema


def _settings(infra: Infra) -> Settings:
    return infra.settings("", "")


async def _outbox_size(db: asyncpg.Pool, schema: str) -> int:
    async with db.acquire() as conn:
        return int(await conn.fetchval(f'SELECT count(*) FROM "{schema}".outbox'))


async def _values(infra: Infra, topic: str, n: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(topic, **infra.kafka.options(), auto_offset_reset="earliest")
    await consumer.start()
    got: list[bytes] = []
    try:
        while len(got) < n:
            batch = await asyncio.wait_for(consumer.getmany(timeout_ms=500), timeout=30)
            got += [r.value or b"" for records in batch.values() for r in records]
    finally:
        await consumer.stop()
    return got


def _relay_of(schema: str, parent: int) -> psutil.Process:
    """The relay process of ``schema`` started by process ``parent``."""
    for child in psutil.Process(parent).children():
        if schema in child.cmdline():
            return child
    raise LookupError(f"no relay of {schema} under {parent}")


async def _started_relay(schema: str, parent: int) -> psutil.Process:
    for _ in range(100):
        with suppress(LookupError):
            return _relay_of(schema, parent)
        await asyncio.sleep(0.1)
    return _relay_of(schema, parent)


@pytest.mark.timeout(90)
async def test_committed_rows_are_published_and_a_stop_publishes_what_is_pending(
    infra: Infra,
    new_topic: TopicFactory,
    db: asyncpg.Pool,
    outbox: str,
    capfd: pytest.CaptureFixture[str],
) -> None:
    topic, schema = await new_topic(partitions=2), outbox
    relay = asyncio.create_task(RelayProcess(_settings(infra), schema).run())
    await _started_relay(schema, os.getpid())
    async with db.acquire() as conn, conn.transaction():
        await write_outbox(
            conn, schema, [OutboxRecord(topic, b"%d" % n, b"k", 0) for n in range(50)]
        )
    assert await _values(infra, topic, 50) == [b"%d" % n for n in range(50)]

    # Rows that wake nobody (no NOTIFY), then the service stops at once: the relay
    # publishes them before it exits.
    async with db.acquire() as conn:
        await conn.execute(
            f'INSERT INTO "{schema}".outbox (topic, partition, value, headers)'
            " SELECT $1, 1, convert_to(n::text, 'UTF8'), '[]' FROM generate_series(1, 30) n",
            topic,
        )
    relay.cancel()
    with suppress(asyncio.CancelledError):
        await relay
    assert await _outbox_size(db, schema) == 0
    assert len(await _values(infra, topic, 80)) == 80
    # It stopped cleanly: its stderr (ours) has no warning of a connection released
    # while still listening.
    assert "Warning" not in capfd.readouterr().err


async def _waiting_on_a_lock(db: asyncpg.Pool) -> int:
    async with db.acquire() as conn:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query LIKE '%pg_advisory_lock(%'"
            )
        )


@pytest.mark.timeout(90)
async def test_a_second_relay_of_one_outbox_waits_for_the_first_to_finish(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, outbox: str
) -> None:
    topic = await new_topic(partitions=1)
    first = asyncio.create_task(RelayProcess(_settings(infra), outbox).run())
    await _started_relay(outbox, os.getpid())
    await asyncio.sleep(2)  # the first holds the outbox's lock
    second = asyncio.create_task(RelayProcess(_settings(infra), outbox).run())
    for _ in range(100):
        if await _waiting_on_a_lock(db):
            break
        await asyncio.sleep(0.1)
    assert await _waiting_on_a_lock(db) == 1

    first.cancel()
    with suppress(asyncio.CancelledError):
        await first
    async with db.acquire() as conn, conn.transaction():
        await write_outbox(conn, outbox, [OutboxRecord(topic, b"after", b"k", 0)])
    assert await _values(infra, topic, 1) == [b"after"]  # published by the second
    assert await _waiting_on_a_lock(db) == 0
    second.cancel()
    with suppress(asyncio.CancelledError):
        await second


@pytest.mark.timeout(90)
async def test_a_relay_that_dies_fails_its_service(infra: Infra, outbox: str) -> None:
    relay = asyncio.create_task(RelayProcess(_settings(infra), outbox).run())
    (await _started_relay(outbox, os.getpid())).kill()
    with pytest.raises(RelayExitedError, match="发件箱转发进程意外退出"):
        await asyncio.wait_for(relay, 30)


@pytest.mark.timeout(90)
async def test_a_relay_whose_service_was_killed_exits(infra: Infra, outbox: str) -> None:
    service = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import asyncio, sys\n"
        "from services.common.relay import RelayProcess\n"
        "from services.common.settings import Settings\n"
        "asyncio.run(RelayProcess(Settings.load(), sys.argv[1]).run())",
        outbox,
        env={**os.environ, **_settings(infra).as_env()},
    )
    orphan = await _started_relay(outbox, service.pid)
    service.send_signal(signal.SIGKILL)
    await service.wait()
    for _ in range(150):
        if not _running(orphan):
            return
        await asyncio.sleep(0.1)
    pytest.fail("the relay outlived its service by 15 s")


def _running(process: psutil.Process) -> bool:
    """Alive, and not a zombie left for whoever adopted it to reap."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
