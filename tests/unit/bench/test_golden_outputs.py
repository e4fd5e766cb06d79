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
training the reminder to the former holder had been about). Recorded again the same day
for a change of the history, not of the folds: the simulator no longer has a branch
confirm a probationary member who transferred out before the confirmation (the
registry now refuses it): 42 confirmations of the 200,000 facts are gone. The others
are produced in their own month, so each comes after the facts of its day produced
before it, and the campus ids that follow are numbered anew. No other fact is added,
dropped or moved.
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="3b4ebde6e10163d2c0b2bf5fecae86661b4931e4439913e2c8e65b627f77033b",
    duties_documents="43c7e7d39f64e21e8bc9093e68a7d6535c4fba0202a158317ecccbf501947715",
    accountability_outputs="96ee5ba1b4ea13d976602b94740ead539f11bd78423a6b8b6b33048d74f06e96",
    accountability_documents="1621401d6c128bb6e1e64bbcc5f0c23567c49d892b6601d8cd2ad32ba326feb5",
    counts=(FACTS, 6408, 109),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
