"""Downstream services stop on a broken chain (下游链校验) and pass checkpoints by."""

from __future__ import annotations

from dataclasses import replace

import pytest

from contracts.bindings import decode
from contracts.events.chain import ChainCheckpointed
from services.common.chain_check import ChainBrokenError, ChainCheck
from services.common.pipeline import InputRecord
from services.duties.domain.fold import decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from tests.unit.chained_log import chained_log, fixed_key

pytestmark = pytest.mark.unit


def _in_log_order() -> list[InputRecord]:
    partitions = chained_log(fixed_key()).partitions
    return [r for p in sorted(partitions) for r in partitions[p]]


def test_an_intact_log_passes_in_batches_of_any_cut() -> None:
    records = _in_log_order()
    check = ChainCheck()
    check(records[:5])
    check(records[5:6])
    check(records[6:])


def test_an_altered_record_stops_the_fold_naming_where() -> None:
    records = _in_log_order()
    at = 2
    records[at] = replace(records[at], value=(records[at].value or b"") + b" ")
    with pytest.raises(ChainBrokenError) as raised:
        ChainCheck()(records)
    assert raised.value.code == "CHAIN_BROKEN"
    assert raised.value.record.offset == at
    assert records[at].position in str(raised.value)  # type: ignore[operator]
    assert "日志哈希链在此断裂" in str(raised.value)


def test_a_dropped_record_is_caught_across_batches() -> None:
    records = _in_log_order()
    check = ChainCheck()
    check(records[:2])
    with pytest.raises(ChainBrokenError):
        check(records[3:])


def test_a_stripped_header_after_the_chain_began_is_a_break() -> None:
    records = _in_log_order()
    records[1] = replace(
        records[1], headers=[h for h in records[1].headers if h[0] != "zeren-chain"]
    )
    with pytest.raises(ChainBrokenError):
        ChainCheck()(records)


def test_an_anchor_checks_the_first_record_after_a_restart() -> None:
    records = _in_log_order()
    anchor = records[0].header("zeren-chain")
    assert anchor is not None
    key = (records[0].topic, records[0].partition)
    ChainCheck({key: bytes.fromhex(anchor)})(records[1:])
    with pytest.raises(ChainBrokenError):
        ChainCheck({key: bytes.fromhex(anchor)})(records[2:])


def test_unchained_logs_and_other_topics_are_left_alone() -> None:
    records = [
        replace(r, headers=[h for h in r.headers if h[0] != "zeren-chain"]) for r in _in_log_order()
    ]
    ChainCheck()(records)
    ChainCheck()([replace(r, topic="zeren.intake.v1.demo", value=b"x") for r in _in_log_order()])


def test_the_duties_fold_passes_a_checkpoint_by() -> None:
    checkpoints = [
        decode(r.value, r.headers)
        for r in _in_log_order()
        if r.header("ce_type") == "zeren.ChainCheckpointed"
    ]
    assert checkpoints
    assert isinstance(checkpoints[0].data, ChainCheckpointed)
    state = DutyState()
    for env in checkpoints:
        state, outputs = decide(state, env, 0, Rules())
        assert outputs == []


def test_a_record_the_relay_published_twice_passes_and_a_forged_copy_does_not() -> None:
    records = _in_log_order()
    check = ChainCheck()
    check(records[:4])
    check(records[2:4])  # published again after a lost DELETE
    check(records[4:])
    forged = replace(records[3], value=(records[3].value or b"") + b" ")
    with pytest.raises(ChainBrokenError):
        ChainCheck()([*records[:4], forged])
