"""How far each service has got, for the CLI's and the tests' waits
(:mod:`services.common.progress`); read-only."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import asyncpg

from services.common.kafka_client import KafkaClient
from services.common.progress import progress

T = TypeVar("T")


@dataclass(frozen=True)
class Lag:
    """What a service has yet to consume and to publish."""

    service: str
    behind: int
    unpublished: int

    @property
    def settled(self) -> bool:
        return self.behind == 0 and self.unpublished == 0


async def lag(
    pool: asyncpg.Pool, kafka: KafkaClient, service: str, schema: str, topics: Sequence[str]
) -> Lag:
    """How many records of ``topics`` the service in ``schema`` has not consumed yet."""
    found = await progress(pool, kafka, service, schema, topics)
    return Lag(service, found.behind, found.unpublished)


class UnsettledError(TimeoutError, Generic[T]):
    """The services did not settle in time; ``last`` is what the last poll found."""

    def __init__(self, last: T) -> None:
        super().__init__("services did not catch up in time (服务未能按时处理完毕)")
        self.last = last


async def poll_until(
    measure: Callable[[], Awaitable[T]],
    settled: Callable[[T], bool],
    *,
    timeout_s: float,
    report: Callable[[T], None],
    quiet_polls: int,
    interval_s: float,
) -> T:
    """Poll ``measure`` until ``settled`` holds ``quiet_polls`` times in a row (each poll
    reported); :class:`UnsettledError` after ``timeout_s``. Consecutive polls guard against the
    moment between one service publishing and the next one seeing it."""
    deadline = time.monotonic() + timeout_s
    calm = 0
    while True:
        found = await measure()
        report(found)
        calm = calm + 1 if settled(found) else 0
        if calm >= quiet_polls:
            return found
        if time.monotonic() > deadline:
            raise UnsettledError(found)
        await asyncio.sleep(interval_s)


async def wait_settled(
    measure: Callable[[], Awaitable[list[Lag]]],
    *,
    timeout_s: float,
    report: Callable[[list[Lag]], None],
    quiet_polls: int = 3,
) -> list[Lag]:
    """Poll ``measure`` until every service is settled ``quiet_polls`` times in a row."""
    try:
        return await poll_until(measure, lambda lags: all(x.settled for x in lags),
                                timeout_s=timeout_s, report=report, quiet_polls=quiet_polls,
                                interval_s=1.0)  # fmt: skip
    except UnsettledError as error:
        behind = ", ".join(f"{x.service} {x.behind}/{x.unpublished}" for x in error.last)
        raise TimeoutError(f"{error}: {behind}") from None
