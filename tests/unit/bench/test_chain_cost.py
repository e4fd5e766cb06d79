"""The bench's chain figure: the chained intake's rate against the unchained one's."""

from __future__ import annotations

import pytest

from tests.bench.benchmark import chain_cost
from tests.bench.children import UnavailableError
from tests.bench.replays import Replay

pytestmark = pytest.mark.unit


def test_the_chained_intake_passes_within_a_tenth_of_the_unchained() -> None:
    unchained = Replay(records=10_000, seconds=10.0, peak_rss=0)
    kept = chain_cost(Replay(records=10_000, seconds=11.0, peak_rss=0), unchained)
    assert kept.ok
    assert kept.ratio == pytest.approx(10 / 11)
    assert "10.0s" in kept.note
    slowed = chain_cost(Replay(records=10_000, seconds=11.2, peak_rss=0), unchained)
    assert slowed.ok is False


def test_a_missing_run_leaves_the_figure_unavailable() -> None:
    figure = chain_cost(UnavailableError("stalled"), Replay(10, 1.0, 0))
    assert figure.value is None
    assert "stalled" in figure.note
