"""The relay's wake-ups: a batch that commits while the relay looks is not left waiting,
nor is one that commits just before its service stops."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from services.common.outbox import OutboxRelay

pytestmark = pytest.mark.unit


class CommitWhileLooking(OutboxRelay):
    """An outbox whose first look finds nothing while a batch commits (its NOTIFY
    arrives before the look returns)."""

    POLL_SECONDS = 3600.0

    def __init__(self) -> None:
        super().__init__(cast(Any, None), "zeren", cast(Any, None))
        self.looks = 0

    async def publish_pending(self, batch_size: int = 5000) -> int:
        self.looks += 1
        if self.looks == 1:
            self.wake()
        return 0


async def test_a_wake_up_during_a_look_makes_the_relay_look_again_at_once() -> None:
    relay = CommitWhileLooking()
    # Lost, the wake-up would leave the relay waiting for its hour-long poll. Stopped
    # after the first look, it ends after the next (a look begun after the stop).
    async with asyncio.timeout(5):
        await relay.run(until=lambda: relay.looks >= 1)
    assert relay.looks == 2


class StopWhileLooking(OutboxRelay):
    """An outbox whose first look reads it before the service's last batch commits; the
    service then stops (closing the relay's standard input, which wakes it) before the
    look returns. The second look finds the batch."""

    POLL_SECONDS = 3600.0

    def __init__(self) -> None:
        super().__init__(cast(Any, None), "zeren", cast(Any, None))
        self.looks, self.stopped, self.found = 0, False, 0

    async def publish_pending(self, batch_size: int = 5000) -> int:
        self.looks += 1
        if self.looks == 1:
            self.stopped = True
            self.wake()
            return 0
        rows = 30 if self.looks == 2 else 0
        self.found += rows
        return rows


async def test_a_stop_during_a_look_makes_the_relay_look_again_before_it_ends() -> None:
    relay = StopWhileLooking()
    async with asyncio.timeout(5):
        await relay.run(until=lambda: relay.stopped)
    # Ending after the first look would leave the last batch in the outbox until the
    # next start.
    assert (relay.looks, relay.found) == (3, 30)
