"""Golden outputs (金标准, issue 25): the folds emit and store the same bytes as before
the speed work.

The digests were recorded on the code before any of it (commit e65077e plus this
test). A change that alters a single output record or stored document of the
bench's history fails here; a deliberate change of the outputs must record new
digests and say why in its commit. Recorded again (4 December 2026): an office
holder's own duty became a case of its own (7 outputs change their case id), and a
holder who left office no longer owes their own duties not yet overdue (one
secretary's training waived, the reminder to them gone); a duty group keeps every
overdue case of a unit (the stored groups' shape); each person named keeps a record
of the duties they let pass (new stored documents).
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="f9813d4d3f1754f727b1ce49ea351b21d76583772d0c4e28791ba2536de07a39",
    duties_documents="0f3c17d1df2741a9e242b568d0c908c09484940892e19d5489c31ba07206ba94",
    accountability_outputs="4ce66d2661f24ebb44f530bd2186cbe76e8e4d64790b5903e9605215b0835f6a",
    accountability_documents="dfd44b0ed11065aa99c8acb63b956dae4b3c12c6dea098a45ac6ed298bd05bf5",
    counts=(FACTS, 6406, 108),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
