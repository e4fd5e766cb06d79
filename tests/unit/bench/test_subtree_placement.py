"""Each partition folded alone decides as one fold of the whole log (issue 26).

The bench's history, written under subtree placement, is folded partition by
partition, each with a state of its own and no sequencer; together the folds
must emit exactly the outputs the service's single fold emits over the same
history under key placement. The one difference allowed: an output a tick
caused names the tick of its unit's partition (``tick:<day>:<partition>``),
and placement moves units between partitions; its id follows from that name.

Under key placement the same per-partition folds are wrong (the second test):
a unit would answer for duties its parent owes, or miss the committee's letter;
so the service's lanes refuse such a log.

``ZEREN_SUBTREE_FACTS`` sets how many facts of the history (default 5,000;
the whole bench history is 200,000).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import pytest

from contracts.fast.binary import decode_trusted, encode_trusted
from services.duties.adapters.lane import KeyPlacedLogError
from services.duties.adapters.projection import DutiesProjection
from services.duties.domain.fold import decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
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
        _decision(out.key, out.value, out.headers)
        for p in range(PARTITIONS)
        for out in fold_alone(log, p, rules)
    )


def _decided_alone(log: list[Raw], partition: int, rules: Rules) -> Iterator[Decision]:
    """``partition`` of ``log`` through the fold alone, with no lane to refuse it."""
    state = DutyState()
    for p, _, value, headers in log:
        if p == partition:
            state, outputs = decide(state, decode_trusted(value, headers), partition, rules)
            yield from (_decision(*encode_trusted(out)) for out in outputs)


def test_each_partition_of_a_subtree_placed_log_decides_alone() -> None:
    log = _through_last_tick(list(bench_log(FACTS)))
    expected = _single_fold(log)
    assert len(expected) > FACTS  # the history is one that owes and decides
    assert _each_partition_alone(list(subtree_placed(log))) == expected


def test_under_key_placement_a_partition_alone_charges_the_wrong_party() -> None:
    log = _through_last_tick(list(bench_log(FACTS)))
    rules = Rules()
    alone = Counter(d for p in range(PARTITIONS) for d in _decided_alone(log, p, rules))
    wrong = alone - _single_fold(log)
    charged = {json.loads(value).get("charged_organization_id") for _, value, _ in wrong}
    assert None in charged  # a duty the committee owes, charged to the unit it is about
    with pytest.raises(KeyPlacedLogError, match="KEY_PLACED_LOG"):  # so the lanes refuse it
        list(fold_alone(log, 0, rules))
