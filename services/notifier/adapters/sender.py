"""The sender (发送): pending deliveries out, each marked right after its attempt.

A delivery is sent, then marked delivered. A process killed between the two
sends it again after the restart, with the same idempotency key or
Message-ID: the one at-least-once window, closed by the receiver's
deduplication (see docs/notifier.md).
"""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import Counter

from services.common.relay import DATABASE_LOST, RECONNECT_SECONDS
from services.notifier.adapters.channels import Channels, DeliveryError
from services.notifier.adapters.store import Deliveries, Due
from services.notifier.domain.retry import RetryPolicy
from services.notifier.domain.routes import Routes

log = logging.getLogger("zeren.notifier")

ATTEMPTS = Counter(
    "zeren_notifier_attempts", "Delivery attempts by channel and outcome", ["channel", "outcome"]
)
#: Deliveries attempted at once.
PARALLEL = 8
#: Longest sleep between two looks at the table (new rows are planned meanwhile).
IDLE_S = 0.5


class Sender:
    """Sends what is due until stopped."""

    def __init__(
        self, deliveries: Deliveries, routes: Routes, channels: Channels, policy: RetryPolicy
    ) -> None:
        self.deliveries, self.channels, self.policy = deliveries, channels, policy
        self.recipients = {r.id: r for r in routes.recipients}
        self.running = False

    async def run(self) -> None:
        """Send what is due, again and again (cancelled on stop); a lost database is
        waited out, as the outbox relays do (``/readyz`` tells the outage)."""
        self.running = True
        try:
            while True:
                try:
                    await self.send_due()
                except DATABASE_LOST as error:
                    log.warning("the sender lost the database (%s); reconnecting", error)
                    await asyncio.sleep(RECONNECT_SECONDS)
        finally:
            self.running = False

    async def send_due(self) -> None:
        """Attempt the deliveries due now, all to the end; or wait a little for some."""
        due = await self.deliveries.due(PARALLEL)
        if not due:
            wait = await self.deliveries.next_due_in()
            await asyncio.sleep(IDLE_S if wait is None else min(IDLE_S, wait))
            return
        # Every attempt ends before the table is read again: none is sent twice at once.
        outcomes = await asyncio.gather(*(self.attempt(d) for d in due), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def attempt(self, due: Due) -> None:
        """One attempt of ``due``, then its row updated: delivered, retried later or failed."""
        recipient = self.recipients.get(due.recipient)
        try:
            if recipient is None:
                raise DeliveryError(f"recipient {due.recipient} is no longer routed (收件人已删除)")
            await self.channels.send(recipient, due.event_id, due.message)
        except DeliveryError as error:
            made = due.attempts + 1
            retry_in = self.policy.after_failure(made) if recipient is not None else None
            ATTEMPTS.labels(due.channel, "failed" if retry_in is None else "retry").inc()
            log.warning(
                "delivery attempt failed",
                extra={"event_id": due.event_id, "recipient": due.recipient, "attempt": made,
                       "error": str(error), "retry_in_s": retry_in},
            )  # fmt: skip
            await self.deliveries.attempt_failed(due, str(error), retry_in)
            return
        ATTEMPTS.labels(due.channel, "delivered").inc()
        await self.deliveries.delivered(due)
