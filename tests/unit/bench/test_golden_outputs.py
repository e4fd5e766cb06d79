"""Golden outputs (金标准, issue 25): the folds emit and store the same bytes as before
the speed work.

The digests were recorded on the code before any of it (commit e65077e plus this
test). A change that alters a single output record or stored document of the
bench's history fails here; a deliberate change of the outputs must record new
digests and say why in its commit.
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="f91f4e7cfd985368591520a633db560b4d56d232c85bde254a17d1d7f83fbf58",
    duties_documents="ae6102387914e8cf91664c953fbb19129d1fccbc115e1b5c1763931660cab67c",
    accountability_outputs="48c227768b7f629996f7ab3f5a693b2984d46f78a6d310c32ba86eeaa7b1bee8",
    accountability_documents="16eb5734a10242bbce2cf47da546249a7a61ed4463a093b1a2568507da411724",
    counts=(FACTS, 6405, 109),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
