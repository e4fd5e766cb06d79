"""A partition's lane (分区通道): restored from its stored documents anywhere in its
history, it goes on exactly as if it had never stopped (a new owner takes over).

The lane's documents are kept as the pipeline keeps them (JSON text, a changed
document written, a deleted one removed); the equality of every partition's
folds to the single fold is the subject of tests/unit/bench/test_subtree_placement.py.
"""

from __future__ import annotations

import json

import pytest

from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord, json_text
from services.duties.adapters.lane import DutiesLane
from tests.bench.golden import (
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    as_input,
    bench_log,
    subtree_placed,
)

pytestmark = pytest.mark.unit

BATCH = 250


def _placed(facts: int) -> list[InputRecord]:
    return list(as_input(EVENTS_TOPIC, subtree_placed(bench_log(facts))))


def _stored(lane: DutiesLane, documents: dict[str, str]) -> None:
    """Write the lane's changed documents as a batch's transaction does."""
    for key, value in lane.take_changes().items():
        if value is None:
            documents.pop(key, None)
        else:
            documents[key] = json_text(value)


def _handed_over(records: list[InputRecord], partition: int, at: int) -> list[OutboxRecord]:
    """The lane's outputs when a new lane takes over, restored, after ``at`` records."""
    documents: dict[str, str] = {}
    lane = DutiesLane(partition, DUTIES_TOPIC)
    outputs: list[OutboxRecord] = []
    for i, record in enumerate(records):
        if i == at:
            lane = DutiesLane(partition, DUTIES_TOPIC)
            lane.restore({k: json.loads(v) for k, v in documents.items()})
        outputs += lane.handle(record)
        if i % BATCH == BATCH - 1 or i == at - 1:
            _stored(lane, documents)
    return outputs


@pytest.mark.parametrize("partition", range(PARTITIONS))
def test_a_lane_restored_mid_history_decides_as_one_that_never_stopped(partition: int) -> None:
    records = [r for r in _placed(4000) if r.partition == partition]
    whole = _handed_over(records, partition, at=len(records))
    assert len(whole) > 100  # the partition owes and decides
    for at in (len(records) // 3, 2 * len(records) // 3 + 7):
        assert _handed_over(records, partition, at) == whole
