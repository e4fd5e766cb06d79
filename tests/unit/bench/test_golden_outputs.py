"""Golden outputs (金标准, issue 25): the folds emit and store the same bytes as before
the speed work.

The digests were recorded on the code before any of it (commit e65077e plus this
test). A change that alters a single output record or stored document of the
bench's history fails here; a deliberate change of the outputs must record new
digests and say why in its commit. The accountability digests were recorded again
when an office holder's own duty became a case of its own (7 outputs change their
case id, nothing else).
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="f91f4e7cfd985368591520a633db560b4d56d232c85bde254a17d1d7f83fbf58",
    duties_documents="ae6102387914e8cf91664c953fbb19129d1fccbc115e1b5c1763931660cab67c",
    accountability_outputs="3bec6a2d5d39a037920b40409125059eca518460ff64a66fe9ad405ca3a83787",
    accountability_documents="04821ad152721dcc86595d43242899031cbfc2683f01ef21192ec9b719cd45a3",
    counts=(FACTS, 6405, 109),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
