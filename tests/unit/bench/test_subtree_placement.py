"""Each partition folded alone decides as one fold of the whole log (issue 26).

The bench's history, written under subtree placement, is folded partition by
partition, each with a state of its own and no sequencer; together the folds
must emit exactly the outputs the service's single fold emits over the same
history under key placement. The one difference allowed: an output a tick
caused names the tick of its unit's partition (``tick:<day>:<partition>``),
and placement moves units between partitions; its id follows from that name.
A parent's structure is forwarded from every partition that folds it: the
copies (ids not in the log) are left out.

Under key placement the same per-partition folds are wrong (the second test):
a unit would answer for duties its parent owes, or miss the committee's letter;
so the service's lanes refuse such a log.

``ZEREN_SUBTREE_FACTS`` sets how many facts of the history (default 20,000, enough
for a member flag; the whole bench history is 200,000).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import pytest

from contracts.fast.binary import decode_trusted, encode_trusted
from contracts.types import event_type_of
from services.accountability.adapters.projection import AccountabilityProjection
from services.duties.adapters.lane import KeyPlacedLogError
from services.duties.adapters.projection import DutiesProjection
from services.duties.domain.fold import SHARED_FORWARDED, decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from tests.bench.golden import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    Raw,
    as_input,
    bench_log,
    fold,
    forwarded,
    subtree_placed,
)
from tests.bench.partitioned import fold_alone
from tests.lanes import decide_in_lanes

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_SUBTREE_FACTS", "20000"))
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
    logged = {dict(headers)["ce_id"] for *_, headers in log}
    return Counter(
        _decision(out.key, out.value, out.headers)
        for p in range(PARTITIONS)
        for out in fold_alone(log, p, rules)
        if dict(out.headers)["ce_id"] in logged or dict(out.headers)["ce_type"] not in COPIED
    )


#: The types of which a partition forwards copies (``shared_copy``).
COPIED = frozenset(event_type_of(model).encode() for model in SHARED_FORWARDED)


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


def test_accountability_lanes_decide_as_the_single_fold() -> None:
    """Accountability over each partition of the duties lanes' outputs, with a ledger of
    its own, the lanes exchanging their parts at each day's close (``exchange``),
    decides as over the single fold's outputs. The bench history fires no rule that
    looks across partitions (with the lanes' counts left out of ``Ledger.counted`` and
    ``Ledger.late_and_owing`` the 200,000 facts still pass): this covers the per-unit
    rules, the names in the texts and the day's close; ``test_lanes.py`` covers the
    cross-partition rules. Evidence ids and a flag's ``flag_event_id`` name duty
    statuses, whose ids may follow from a tick's partition (see above): they are compared
    by number, with the ids of the outputs that cite them."""
    log = _through_last_tick(list(bench_log(FACTS)))
    duty_outputs, _ = fold(DutiesProjection(DUTIES_TOPIC, PARTITIONS), as_input(EVENTS_TOPIC, log))
    outputs, _ = fold(
        AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC), forwarded(duty_outputs)
    )
    expected = Counter(_case_decision(o.key, o.value) for o in outputs)
    assert sum(expected.values()) > FACTS / 100  # cases were opened and acted on
    placed, rules = list(subtree_placed(log)), Rules()
    streams = {
        p: [decode_trusted(out.value, out.headers) for out in fold_alone(placed, p, rules)]
        for p in range(PARTITIONS)
    }
    emitted = (encode_trusted(out.envelope) for _, out in decide_in_lanes(streams, PARTITIONS))
    alone = Counter(_case_decision(key, value) for key, value, _ in emitted)
    assert alone == expected


def _case_decision(key: bytes | None, value: bytes) -> Decision:
    body = json.loads(TICK_CAUSE.sub(rb"tick:\1", value))
    body["evidence_event_ids"] = len(body.get("evidence_event_ids", ()))
    if "flag_event_id" in body:  # the duties service's flag, sent at a tick
        body["flag_event_id"] = bool(body["flag_event_id"])
    return key, json.dumps(body, ensure_ascii=False, sort_keys=True).encode(), ()
