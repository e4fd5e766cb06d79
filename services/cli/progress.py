"""How far each service has got, for the CLI's and the tests' waits
(:mod:`services.common.progress`); read-only."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import asyncpg

from services.common.kafka_client import KafkaClient
from services.common.progress import progress


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


async def wait_settled(
    measure: Callable[[], Awaitable[list[Lag]]],
    *,
    timeout_s: float,
    report: Callable[[list[Lag]], None],
    quiet_polls: int = 3,
) -> list[Lag]:
    """Poll ``measure`` until every service is settled ``quiet_polls`` times in a row."""
    deadline = time.monotonic() + timeout_s
    calm = 0
    while True:
        lags = await measure()
        report(lags)
        calm = calm + 1 if all(x.settled for x in lags) else 0
        if calm >= quiet_polls:
            return lags
        if time.monotonic() > deadline:
            behind = ", ".join(f"{x.service} {x.behind}/{x.unpublished}" for x in lags)
            message = "services did not catch up in time (服务未能按时处理完毕)"
            raise TimeoutError(f"{message}: {behind}")
        await asyncio.sleep(1.0)
