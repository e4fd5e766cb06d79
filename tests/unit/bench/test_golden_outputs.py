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
of the duties they let pass (new stored documents); the duties owed about a holder
who left (the parent's evaluation of their 述职) are waived too (one waiver more); a
successor appointed by a period's reminder day owes it (the successor reminded of the
training the reminder to the former holder had been about).
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="ecec2ac5801d792c7fe258d51e6711164811e3d820ae45482c4baa3f9424016c",
    duties_documents="4f7f56b4c12bbf3833c6985089845b90ac17b36fa40f5696bf49b55dfe95e9b3",
    accountability_outputs="6b5e005e2cc98243a7d8ae35202a0d32eb31c0bf868ee417c8552825f5dc67bf",
    accountability_documents="2189aea9a4b2e870035d8040d875cc1cfd5d2c7f4d47171178ab7e18539bdee0",
    counts=(FACTS, 6408, 109),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
