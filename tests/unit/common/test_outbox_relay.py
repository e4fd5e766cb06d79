"""The relay's wake-ups: a batch that commits while the relay looks is not left waiting."""

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
    # Lost, the wake-up would leave the relay waiting for its hour-long poll.
    async with asyncio.timeout(5):
        await relay.run(until=lambda: relay.looks >= 2)
    assert relay.looks == 2
