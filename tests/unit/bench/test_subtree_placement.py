"""Each partition folded alone decides as one fold of the whole log (issue 26).

The bench's history, written under subtree placement, is folded partition by
partition, each with a state of its own and no sequencer; together the folds
must emit exactly the outputs the service's single fold emits over the same
history under key placement. The one difference allowed: an output a tick
caused names the tick of its unit's partition (``tick:<day>:<partition>``),
and placement moves units between partitions; its id follows from that name.

Under key placement the same per-partition folds are wrong (the second test):
a unit would answer for duties its parent owes, or miss the committee's letter.

``ZEREN_SUBTREE_FACTS`` sets how many facts of the history (default 5,000;
the whole bench history is 200,000).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable

import pytest

from services.duties.adapters.projection import DutiesProjection
from services.duties.domain.rules import Rules
from tests.bench.golden import (
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    Raw,
    as_input,
    bench_log,
    fold,
    subtree_placed,
)
from tests.bench.partitioned import fold_alone

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_SUBTREE_FACTS", "5000"))
TICK_CAUSE = re.compile(rb"tick:(\d{4}-\d{2}-\d{2}):\d+")
Decision = tuple[bytes | None, bytes, tuple[tuple[str, bytes], ...]]


def _through_last_tick(log: list[Raw]) -> list[Raw]:
    """The log up to its last tick: the single fold holds what follows until the next mark."""
    ticks = [i for i, r in enumerate(log) if dict(r[3]).get("ce_type") == b"zeren.ClockTicked"]
    return log[: ticks[-1] + 1]


def _decision(key: bytes | None, value: bytes, headers: Iterable[tuple[str, bytes]]) -> Decision:
    body = TICK_CAUSE.sub(rb"tick:\1", value)
    kept = tuple((n, v) for n, v in headers if not (n == "ce_id" and body != value))
    return key, body, kept


def _single_fold(log: list[Raw]) -> Counter[Decision]:
    outputs, _ = fold(DutiesProjection(DUTIES_TOPIC, PARTITIONS), as_input(EVENTS_TOPIC, log))
    return Counter(_decision(o.key, o.value, o.headers) for o in outputs)


def _each_partition_alone(log: list[Raw]) -> Counter[Decision]:
    rules = Rules()
    return Counter(
        _decision(*record) for p in range(PARTITIONS) for record in fold_alone(log, p, rules)
    )


def test_each_partition_of_a_subtree_placed_log_decides_alone() -> None:
    log = _through_last_tick(list(bench_log(FACTS)))
    expected = _single_fold(log)
    assert len(expected) > FACTS  # the history is one that owes and decides
    assert _each_partition_alone(list(subtree_placed(log))) == expected


def test_under_key_placement_a_partition_alone_charges_the_wrong_party() -> None:
    log = _through_last_tick(list(bench_log(FACTS)))
    wrong = _each_partition_alone(log) - _single_fold(log)
    charged = {json.loads(value).get("charged_organization_id") for _, value, _ in wrong}
    assert None in charged  # a duty the committee owes, charged to the unit it is about
