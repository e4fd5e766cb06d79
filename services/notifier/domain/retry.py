"""When to try a delivery again (重试): exponential backoff, a bounded number of attempts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries at most; after the n-th failed one, wait ``first_s`` · 2^(n-1)
    seconds, never more than ``cap_s``."""

    attempts: int = 5
    first_s: float = 1.0
    cap_s: float = 300.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.first_s < 0 or self.cap_s < self.first_s:
            raise ValueError(f"bad retry policy {self} (重试策略无效)")

    def after_failure(self, attempts_made: int) -> float | None:
        """Seconds to wait before the next attempt, or None: no attempt is left (failed)."""
        if attempts_made >= self.attempts:
            return None
        return float(min(self.cap_s, self.first_s * 2 ** (attempts_made - 1)))
