"""Access helpers of the tests: a guard over the bundled demo principals, their tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from services.common.access.client import DEMO_TOKEN, bearer
from services.common.access.guard import Guard
from services.common.access.rate_limit import RateLimiter
from services.common.access.sources import Sources
from services.common.access.sources_file import load_sources

#: Headers of the demo principal (every role).
DEMO_HEADERS = bearer(DEMO_TOKEN)


def demo_guard(
    sources: Callable[[], Sources] | None = None,
    limiter: RateLimiter | None = None,
    now: Callable[[], datetime] = lambda: datetime(2026, 1, 1, tzinfo=UTC),
) -> Guard:
    """A guard in demo mode over ``sources`` (the bundled ones), unlimited unless told."""
    bundled = load_sources()
    return Guard(
        sources or (lambda: bundled),
        demo=True,
        limiter=limiter or RateLimiter(per_second=0, burst=0),
        now=now,
    )
