"""The bench's history is chained and checkpointed as the registry writes the log."""

from __future__ import annotations

from collections import defaultdict

import pytest

from services.audit.chain import audit_log
from services.common.pipeline import InputRecord
from services.simulator import generate_n
from tests.bench.history import BENCH_KEY, SEED, logged

pytestmark = pytest.mark.unit

PARTITIONS = 3


def test_the_chained_history_audits_intact_with_a_checkpoint_a_day() -> None:
    partitions: dict[int, list[InputRecord]] = defaultdict(list)
    facts = 0
    for record in logged(generate_n(SEED, 3000), PARTITIONS, chained=True):
        assert record.partition is not None
        lane = partitions[record.partition]
        lane.append(
            InputRecord(
                "events", record.partition, len(lane), record.key, record.value,
                tuple(record.headers),
            )
        )  # fmt: skip
        facts += record.fact
    report = audit_log(dict(partitions), BENCH_KEY.public)
    assert report.intact, report.render()
    assert facts == 3000
    days = sum(1 for r in partitions[0] if (r.header("ce_id") or "").startswith("tick:"))
    assert days > 100
    assert report.checkpoints == days


def test_the_unchained_history_is_the_same_facts_without_the_chain() -> None:
    chained = [r for r in logged(generate_n(SEED, 500), PARTITIONS, chained=True) if r.fact]
    plain = [r for r in logged(generate_n(SEED, 500), PARTITIONS) if r.fact]
    assert [(r.key, r.value) for r in chained] == [(r.key, r.value) for r in plain]
    assert all(r.headers[:-1] == p.headers for r, p in zip(chained, plain, strict=True))
