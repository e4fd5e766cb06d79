"""Progress lines for long stages: one line every ~10% of the expected total."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class Progress:
    """Counts steps of a stage and prints a line each time another tenth is done."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, max(total, 1)
        self.done, self._next_tenth = 0, 1
        self._started = time.perf_counter()

    def step(self, n: int = 1) -> None:
        self.done += n
        while self._next_tenth <= 10 and self.done * 10 >= self.total * self._next_tenth:
            elapsed = time.perf_counter() - self._started
            rate = self.done / elapsed if elapsed > 0 else 0.0
            print(
                f"  {self.label}: {self._next_tenth * 10:3d}% ({self.done:,}, {rate:,.0f}/s)",
                flush=True,
            )
            self._next_tenth += 1

    def wrap(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, counting each one as a step."""
        for item in items:
            yield item
            self.step()
