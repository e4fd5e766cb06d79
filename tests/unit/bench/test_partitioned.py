"""The per-partition fold measurement reads every record of the placed log once."""

from __future__ import annotations

import pytest

from services.duties.domain.rules import Rules
from tests.bench.golden import PARTITIONS, bench_log, subtree_placed
from tests.bench.partitioned import fold_partition

pytestmark = pytest.mark.unit


def test_the_partitions_folded_alone_cover_the_placed_log() -> None:
    placed = list(subtree_placed(list(bench_log(1000))))
    rules = Rules()
    counts = [fold_partition(placed, p, rules)[1] for p in range(PARTITIONS)]
    assert sum(counts) == len(placed)
    assert all(counts)  # each partition holds some of the history
