"""A token bucket per source (限流): a caller may burst, then keeps to a steady rate.

Time comes from a monotonic clock given to the limiter (tests give a fake
one), never from the calendar.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RateLimiter:
    """``per_second`` requests a second per key, ``burst`` at most at once (0: no limit)."""

    per_second: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, key: str) -> float:
        """Spend one request of ``key``: 0 if allowed, else the seconds until one is."""
        if self.per_second <= 0:
            return 0.0
        now = self.clock()
        bucket = self._buckets.setdefault(key, _Bucket(float(self.burst), now))
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_second

    @staticmethod
    def retry_after(wait: float) -> str:
        """``Retry-After`` in whole seconds (at least 1)."""
        return str(max(1, math.ceil(wait)))
