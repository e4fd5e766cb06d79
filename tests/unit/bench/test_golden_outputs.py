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
who left (the parent's evaluation of their 述职) are waived too (one waiver more).
"""

from __future__ import annotations

import pytest

from tests.bench.golden import Digests, golden

pytestmark = pytest.mark.unit

FACTS = 5000
RECORDED = Digests(
    duties_outputs="8cb0d2f80108ffe9e822c3ffd41c84596b47c322fb83d5d5024dfe93c0efb73f",
    duties_documents="60b0c28fafcd186822c24c3ee465a1b01af97da9e4ea9073c5f47453316cb6ea",
    accountability_outputs="4ce66d2661f24ebb44f530bd2186cbe76e8e4d64790b5903e9605215b0835f6a",
    accountability_documents="dbb95315eb4e7aba5045c53faadb091d1c5548c7179ee0c3c65f4d613da99bd8",
    counts=(FACTS, 6407, 108),
)


def test_the_bench_history_folds_to_the_recorded_bytes() -> None:
    assert golden(FACTS) == RECORDED
