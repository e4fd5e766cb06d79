"""The end of a chain of terms (任期) one leaving ends, shared by both folds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def chain_end(day: date, terms: Iterable[tuple[date, date | None]]) -> date:
    """The last day of a tenure that a leaving on ``day`` ends, given the person's
    ``terms`` (appointed on, left on or None) in the offices it counts: ``day``, or the
    day a term held on it ended, and so on. A chain recorded out of order (a 委员 made
    副书记, then 书记: the 副书记 leaving recorded before the 委员 one) ends with its last
    leaving known."""
    spans = [(took, left) for took, left in terms if left is not None]
    end = day
    while later := [left for took, left in spans if took <= end < left]:
        end = max(later)
    return end
