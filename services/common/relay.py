"""The outbox relay in a process of its own (发件箱转发进程), next to each service.

In the service's process the relay shared the event loop with the fold: a
batch's outputs waited for the next batch's fold to end before they were
selected and sent (traced: about 140 ms behind the dues reminder tick), and
during a replay its work took a tenth of the fold's core. In a thread it
contended for the interpreter lock and was slower still. Here it runs on a
core of its own. A batch's transaction wakes it with NOTIFY on commit
(:func:`services.common.outbox.write_outbox`); it also looks every half second.

:class:`RelayProcess` is the service's side: it starts the relay with a pipe
for its standard input, closes the pipe when the service stops, and fails the
service when the relay exits by itself. The relay ends when that pipe closes,
which happens too when its service dies however it dies, after publishing what
is pending. It ignores SIGINT and SIGTERM: Ctrl-C or a signal to the whole
process group must not end it before its service has committed its last batch.

One relay per outbox: a relay holds an advisory lock on its schema's channel
for its life, so the relay of a restarted service waits until the one still
publishing what its dead service left has finished (two relays would publish
the same rows twice).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager, suppress

import asyncpg

from services.common.db import Connection
from services.common.lifecycle import SHUTDOWN_SECONDS, run_service
from services.common.outbox import OutboxRelay, Stamper, new_producer, outbox_channel
from services.common.settings import Settings, service_settings

log = logging.getLogger("zeren.relay")
#: Makes the relay's :class:`~services.common.outbox.Stamper` (at each connection).
StamperFactory = Callable[[Settings], Awaitable[Stamper]]


class RelayExitedError(RuntimeError):
    """The relay process ended while its service was running."""


class RelayProcess:
    """Runs ``python -m services.common.relay`` for one schema's outbox (or ``module``, a
    relay of the same command line that stamps its records: :func:`main`), with ``env``
    added to the environment."""

    def __init__(
        self,
        settings: Settings,
        schema: str,
        batch_size: int = 5000,
        module: str = __name__,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.settings, self.schema, self.batch_size = settings, schema, batch_size
        self.module, self.env = module, dict(env or {})
        self._process: asyncio.subprocess.Process | None = None

    def running(self) -> bool:
        """The relay process was started and has not exited (``/readyz``)."""
        return self._process is not None and self._process.returncode is None

    async def run(self) -> None:
        """Run the relay until cancelled (then stop it); raise if it exits by itself."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            self.schema,
            str(self.batch_size),
            stdin=asyncio.subprocess.PIPE,
            env={**os.environ, **self.settings.as_env(), **self.env},
        )
        self._process = process
        try:
            code = await process.wait()
        finally:
            if process.returncode is None and process.stdin is not None:
                process.stdin.close()
                with suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), SHUTDOWN_SECONDS)
            if process.returncode is None:
                process.kill()
                await process.wait()
        raise RelayExitedError(
            f"the outbox relay of {self.schema} exited with {code} (发件箱转发进程意外退出)"
        )


#: A lost database is waited out: the relay connects again after this many seconds
#: instead of exiting (which would end its service, whose ``/readyz`` tells the outage).
RECONNECT_SECONDS = 1.0
DATABASE_LOST = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, terminated by an admin
    asyncpg.InterfaceError,
    # asyncpg's client state error, seen when the server shuts down under a pooled query
    # ("cannot switch to state …; another operation is in progress")
    asyncpg.exceptions.InternalClientError,
)


async def relay(
    settings: Settings, schema: str, batch_size: int, stamper: StamperFactory | None = None
) -> None:
    """Publish ``schema``'s outbox until standard input closes, then what is pending.

    A lost database connection is not the end: the relay connects again every
    :data:`RECONNECT_SECONDS` until the database is back or its service ends.
    Rows sent before a lost ``DELETE`` are sent again (at least once, as after
    a crash; readers drop what they already consumed).
    """
    stop, current = asyncio.Event(), Holder()
    watch = asyncio.create_task(_stop_when_stdin_closes(stop, current.wake))
    try:
        while True:
            try:
                await _publish_until(settings, schema, batch_size, stop, current, stamper)
                return
            except DATABASE_LOST as error:
                if stop.is_set():
                    raise
                log.warning(
                    "outbox relay of %s lost the database (%s); reconnecting", schema, error
                )
                await asyncio.sleep(RECONNECT_SECONDS)
    finally:
        watch.cancel()


class Holder:
    """The outbox relay of the current connection, for the standard-input watcher to wake."""

    def __init__(self) -> None:
        self.outbox: OutboxRelay | None = None

    def wake(self) -> None:
        if self.outbox is not None:
            self.outbox.wake()


async def _publish_until(
    settings: Settings,
    schema: str,
    batch_size: int,
    stop: asyncio.Event,
    current: Holder,
    stamper: StamperFactory | None,
) -> None:
    """One connection's life of the relay: publish until ``stop`` and the outbox is empty."""
    pool = await asyncpg.create_pool(settings.database_url, min_size=2, max_size=2)
    producer = new_producer(settings.kafka)
    await producer.start()
    try:
        stamps = None if stamper is None else await stamper(settings)
        outbox = current.outbox = OutboxRelay(pool, schema, producer, stamps)
        channel = outbox_channel(schema)
        async with pool.acquire() as listener:
            await _only_relay(listener, schema, channel)

            def wake(*_: object) -> None:
                outbox.wake()

            await listener.add_listener(channel, wake)
            try:
                await outbox.run(batch_size, until=stop.is_set)
            finally:
                # Released with a listener, the connection warns (InterfaceWarning).
                with suppress(*DATABASE_LOST):
                    await listener.remove_listener(channel, wake)
    finally:
        await producer.stop()
        await pool.close()


@asynccontextmanager
async def outbox_lock(conn: Connection, schema: str) -> AsyncIterator[None]:
    """Hold ``schema``'s relay lock on ``conn`` (waiting for a relay that holds it to end):
    work on the outbox that no relay may do at the same time."""
    channel = outbox_channel(schema)
    await _only_relay(conn, schema, channel)
    try:
        yield
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", channel)


async def _only_relay(conn: Connection, schema: str, channel: str) -> None:
    """Take the outbox's lock for this session, waiting for another relay to let it go."""
    key = "hashtextextended($1, 0)"
    if not await conn.fetchval(f"SELECT pg_try_advisory_lock({key})", channel):
        log.warning("waiting for the previous relay of %s to finish (等待上一转发进程结束)", schema)
        await conn.execute(f"SELECT pg_advisory_lock({key})", channel)


async def _stop_when_stdin_closes(stop: asyncio.Event, wake: Callable[[], None]) -> None:
    """Set ``stop`` and ``wake`` the outbox when standard input reaches its end (the
    service closed it or died)."""
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
    )
    await reader.read()
    stop.set()
    wake()


def main(stamper: StamperFactory | None = None) -> None:
    """``python -m services.common.relay <schema> <batch size>`` (see :class:`RelayProcess`);
    a relay that stamps its records calls this with its ``stamper``."""
    schema, batch_size = sys.argv[1], int(sys.argv[2])
    _, settings = service_settings("relay")
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    run_service(lambda _: relay(settings, schema, batch_size, stamper), signals=())


if __name__ == "__main__":
    main()
