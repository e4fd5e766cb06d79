"""Statuses passed over undecoded change nothing (issue 25).

The accountability adapter offers :data:`PASSED_OVER` in place of the duty
statuses that make no decision (member duties' own; never a flag), read from three
fields. Over the bench's history, a projection that passes them over and one
that decodes every record emit the same records and store the same documents
after every batch; and most statuses are passed over.
"""

from __future__ import annotations

import pytest

from contracts.fast.binary import decode_trusted
from services.accountability.adapters import projection
from services.accountability.adapters.projection import STATUS_TYPES, AccountabilityProjection
from services.accountability.domain.decide import PASSED_OVER
from services.common.sequencer import mark_of
from tests.bench.golden import ACCOUNTABILITY_TOPIC, PARTITIONS, fold, fold_history, forwarded

pytestmark = pytest.mark.unit


def test_passing_over_changes_no_output_and_no_document(monkeypatch: pytest.MonkeyPatch) -> None:
    records = list(forwarded(fold_history(3000).duty_outputs))
    passed = [r for r in records if projection._passed_over(r)]
    statuses = [r for r in records if r.header("ce_type") in STATUS_TYPES]
    assert len(passed) > len(statuses) / 2
    assert all(decode_trusted(r.value, r.headers).type in STATUS_TYPES for r in passed)

    fast = fold(AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC), records)
    monkeypatch.setattr(projection, "_passed_over", lambda record: False)
    whole = fold(AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC), records)
    assert fast == whole
    assert fast[0]
    assert fast[1]


def test_the_placeholder_is_no_clock_mark() -> None:
    assert mark_of(PASSED_OVER) is None
