"""A service process's life: run its parts until a signal or a failure, then stop cleanly.

uvicorn installs its own SIGINT/SIGTERM handlers and, on a signal, ends only
the HTTP server; the consume loop and the relay would run on. Here the
process owns the signals: SIGINT/SIGTERM set one ``stop`` event, the consume
loop finishes its batch (its transaction commits or rolls back whole), the
server exits, and what runs forever (the relay) is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import Any

import uvicorn

from services.common.logs import configure_logging
from services.common.memory import tune_allocator
from services.common.settings import Environment

SHUTDOWN_SECONDS = 10.0


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: the process owns them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def stop_on_signals(stop: asyncio.Event, signals: Sequence[int] = STOP_SIGNALS) -> None:
    """``signals`` set ``stop`` (call from inside the running loop)."""
    loop = asyncio.get_running_loop()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)


async def run_parts(
    stop: asyncio.Event,
    server: uvicorn.Server,
    graceful: Sequence[Coroutine[Any, Any, object]],
    endless: Sequence[Coroutine[Any, Any, object]],
) -> None:
    """Run until ``stop`` is set or a part ends; then wind down and re-raise any failure.

    ``graceful`` parts end by themselves once ``stop`` is set (the consume
    loop takes ``stop``); ``endless`` ones (the relay) are cancelled.
    """
    finite = [asyncio.create_task(c) for c in graceful]
    finite.append(asyncio.create_task(server.serve()))
    forever = [asyncio.create_task(c) for c in endless]
    forever.append(asyncio.create_task(stop.wait()))
    done, _ = await asyncio.wait([*finite, *forever], return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stop.set()
    await asyncio.wait(finite, timeout=SHUTDOWN_SECONDS)
    for task in [*finite, *forever]:
        task.cancel()
    await asyncio.gather(*finite, *forever, return_exceptions=True)
    for task in done:
        if not task.cancelled():
            task.result()  # re-raise what ended the run


def run_service(
    main: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
    signals: Sequence[int] = STOP_SIGNALS,
) -> None:
    """The body of a service's ``python -m``: structured logs, GC tuning, signals, the loop.

    ``signals`` set the ``stop`` event ``main`` is given.

    The collector's first threshold is raised: a batch allocates many
    short-lived objects next to a large, long-lived in-memory state, and the
    default threshold triggers full collections over that state again and
    again (measured: a third of the duties fold's time). The C allocator's
    thresholds are fixed for the same reason (:mod:`services.common.memory`).
    """
    env = Environment.load()  # already checked by the service's main (service_settings)
    configure_logging(env.log_level, env.log_format)
    gc.set_threshold(100_000, 50, 100)
    if not tune_allocator():
        logging.getLogger(__name__).info("allocator settings not applied: no glibc mallopt")

    async def body() -> None:
        stop = asyncio.Event()
        stop_on_signals(stop, signals)
        await main(stop)

    asyncio.run(body())
