"""Each timed stage of the bench is compared with raw consumption measured around it."""

from __future__ import annotations

import pytest

from tests.bench.benchmark import Bracket, raw_figure, throughput
from tests.bench.children import UnavailableError
from tests.bench.replays import Replay

pytestmark = pytest.mark.unit


def test_a_stage_is_compared_with_the_mean_of_the_raw_runs_before_and_after_it() -> None:
    replay = Replay(records=10_000, seconds=10.0, peak_rss=0)  # 1,000 events/s
    drifting = throughput("duties replay", replay, Bracket(1_000.0, 3_000.0), 100, 0.5)
    assert drifting.limit == 2_000.0
    assert drifting.ok
    assert "raw before/after 1,000/3,000" in drifting.note
    slower_after = throughput("duties replay", replay, Bracket(1_000.0, 3_100.0), 100, 0.5)
    assert slower_after.ok is False


def test_a_raw_run_that_failed_leaves_the_other() -> None:
    assert Bracket(1_000.0, UnavailableError("stalled")).limit == 1_000.0
    assert Bracket(UnavailableError("a"), UnavailableError("b")).limit is None
    assert Bracket(UnavailableError("a"), 5.0).describe() == "raw before/after —/5"


def test_the_raw_figure_shows_the_spread_of_the_run() -> None:
    figure = raw_figure([90_000.0, 110_000.0, 100_000.0])
    assert figure.value == 100_000.0
    assert figure.note == "limit; mean of 3, 90,000-110,000"
    assert raw_figure([]).value is None
