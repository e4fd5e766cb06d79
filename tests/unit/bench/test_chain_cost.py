"""The bench's chain figures: the chained intake's rate and CPU against the unchained one's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.benchmark import chain_cost, pooled_arm
from tests.bench.children import UnavailableError
from tests.bench.replays import Replay, pooled

pytestmark = pytest.mark.unit


def test_the_chained_intake_passes_within_a_tenth_of_the_unchained() -> None:
    unchained = Replay(records=10_000, seconds=10.0, peak_rss=0)
    [kept] = chain_cost(Replay(records=10_000, seconds=11.0, peak_rss=0), unchained)
    assert kept.ok
    assert kept.ratio == pytest.approx(10 / 11)
    assert "10.0s" in kept.note
    [slowed] = chain_cost(Replay(records=10_000, seconds=11.2, peak_rss=0), unchained)
    assert slowed.ok is False


def test_the_cpu_per_record_is_reported_beside_the_rate_when_measured() -> None:
    chained = Replay(records=10_000, seconds=11.0, peak_rss=0, cpu_seconds=1.2)
    unchained = Replay(records=10_000, seconds=10.0, peak_rss=0, cpu_seconds=1.0)
    rate, cpu = chain_cost(chained, unchained)
    assert rate.ok
    assert cpu.value == pytest.approx(120.0)
    assert cpu.limit == pytest.approx(100.0)
    assert cpu.ok is None  # information, no target


def test_a_missing_run_leaves_the_figure_unavailable() -> None:
    [figure] = chain_cost(UnavailableError("stalled"), Replay(10, 1.0, 0))
    assert figure.value is None
    assert "stalled" in figure.note


def test_pooled_runs_add_up_records_time_and_cpu() -> None:
    first = Replay(1_000, 2.0, 50, rejected=3, cpu_seconds=1.5)
    second = Replay(3_000, 2.0, 80, rejected=1, profile=Path("p.txt"), cpu_seconds=2.5)
    both = pooled([first, second])
    assert both == Replay(4_000, 4.0, 80, rejected=4, profile=Path("p.txt"), cpu_seconds=4.0)
    assert both.rate == 1_000.0
    assert pooled([first, Replay(1, 1.0, 0)]).cpu_seconds is None  # one run unmeasured


def test_an_arm_with_a_failed_run_is_unavailable() -> None:
    stalled = UnavailableError("stalled")
    assert pooled_arm([Replay(1, 1.0, 0), stalled]) is stalled
