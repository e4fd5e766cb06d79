"""``zeren audit chain`` and ``prove`` over a log written by the registry's projection."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from contracts.bindings import decode
from contracts.events import structure as s
from contracts.events.chain import ChainCheckpointed
from contracts.jsontext import dumps
from services.audit.chain import audit_log, read_kept
from services.audit.log import Partitions
from services.audit.proof import ProofError, prove
from services.common.pipeline import InputRecord
from services.registry.adapters.chain import keep_checkpoints
from tests.integration.registry.conftest import event, payload
from tests.unit.chained_log import EVENTS, chained_log, fixed_key
from tests.unit.contracts.test_chain import standalone

pytestmark = pytest.mark.unit


def _renumbered(records: list[InputRecord]) -> list[InputRecord]:
    """``records`` at offsets 0, 1, … as a copy into a new topic would put them."""
    return [replace(r, offset=n) for n, r in enumerate(records)]


def _first_fact(partitions: Partitions) -> tuple[int, int]:
    """Partition and offset of a fact (not a tick or checkpoint) with a record after it."""
    for p in sorted(partitions):
        for r in partitions[p][:-1]:
            if not (r.header("ce_id") or "").startswith(("tick:", "checkpoint:")):
                return p, r.offset
    raise AssertionError("no fact")


def test_the_untouched_log_is_intact() -> None:
    log = chained_log(fixed_key())
    report = audit_log(log.partitions, fixed_key().public)
    assert report.intact, report.render()
    assert (report.records, report.checkpoints) == (18, 3)


def test_an_altered_record_is_named() -> None:
    partitions = chained_log(fixed_key()).partitions
    p, offset = _first_fact(partitions)
    record = partitions[p][offset]
    altered = (record.value or b"").replace(b"2017-09-01", b"2017-09-02")
    assert altered != record.value
    partitions[p][offset] = replace(record, value=altered)
    report = audit_log(partitions, fixed_key().public)
    assert [(b.code, b.partition, b.offset, b.event_id) for b in report.breaks] == [
        ("CHAIN_BROKEN", p, offset, record.header("ce_id"))
    ]
    assert "篡改" in report.breaks[0].zh
    assert "altered" in report.breaks[0].en


def test_a_dropped_record_breaks_the_chain_where_it_was() -> None:
    partitions = chained_log(fixed_key()).partitions
    p, offset = _first_fact(partitions)
    follower = partitions[p][offset + 1]
    partitions[p] = _renumbered(partitions[p][:offset] + partitions[p][offset + 1 :])
    report = audit_log(partitions, fixed_key().public)
    assert [(b.partition, b.offset, b.event_id) for b in report.breaks] == [
        (p, offset, follower.header("ce_id"))
    ]
    assert not report.intact


def test_two_swapped_records_break_at_the_first() -> None:
    partitions = chained_log(fixed_key()).partitions
    p, offset = _first_fact(partitions)
    lane = partitions[p]
    lane[offset], lane[offset + 1] = lane[offset + 1], lane[offset]
    partitions[p] = _renumbered(lane)
    report = audit_log(partitions, fixed_key().public)
    assert [(b.partition, b.offset) for b in report.breaks] == [(p, offset)]


def test_an_unchained_log_is_not_intact() -> None:
    partitions = chained_log(fixed_key()).partitions
    stripped = {
        p: [replace(r, headers=[h for h in r.headers if h[0] != "zeren-chain"]) for r in rs]
        for p, rs in partitions.items()
    }
    report = audit_log(stripped)
    assert {b.code for b in report.breaks} == {"CHAIN_MISSING"}
    assert len(report.breaks) == len(partitions)


def _resigned(partitions: Partitions, change: dict[str, object]) -> tuple[int, int]:
    """Change the first checkpoint's payload fields; its partition and offset."""
    for p in sorted(partitions):
        for n, r in enumerate(partitions[p]):
            if r.header("ce_type") == "zeren.ChainCheckpointed":
                data = json.loads(r.value or b"{}") | change
                partitions[p][n] = replace(r, value=dumps(data))
                return p, n
    raise AssertionError("no checkpoint")


def test_a_checkpoint_with_a_bad_signature_is_reported() -> None:
    partitions = chained_log(fixed_key()).partitions
    p, offset = _resigned(partitions, {"signature": "00" * 64})
    report = audit_log(partitions, fixed_key().public)
    codes = [(f.code, f.partition, f.offset) for f in report.problems]
    assert ("CHECKPOINT_SIGNATURE", p, offset) in codes


def test_a_checkpoint_signed_by_another_key_is_reported_against_the_pinned_key() -> None:
    partitions = chained_log(fixed_key(seed=2)).partitions
    report = audit_log(partitions, fixed_key().public)
    assert {f.code for f in report.problems} == {"CHECKPOINT_KEY", "CHECKPOINT_SIGNATURE"}
    assert audit_log(partitions).intact, "without a pinned key the named one is used"


def test_checkpoints_kept_outside_kafka_catch_a_rewritten_log(tmp_path: Path) -> None:
    log = chained_log(fixed_key())
    kept = tmp_path / "kept.jsonl"
    lines = []
    for records in log.partitions.values():
        for r in records:
            if r.header("ce_type") == "zeren.ChainCheckpointed":
                env = decode(r.value, r.headers)
                assert isinstance(env.data, ChainCheckpointed)
                lines.append(json.dumps({"id": env.id, **env.data.model_dump(mode="json")}))
    kept.write_text("\n".join(lines) + "\n")
    copies = read_kept(kept.read_text())
    assert audit_log(log.partitions, fixed_key().public, copies).intact
    forged = [copies[0] | {"root": "00" * 32}, *copies[1:], copies[0] | {"date": "2019-01-01"}]
    report = audit_log(log.partitions, fixed_key().public, forged)
    assert [f.code for f in report.problems] == ["CHECKPOINT_DIFFERS", "CHECKPOINT_LOST"]
    assert keep_checkpoints(tmp_path / "none.jsonl", []) == 0


def test_a_proof_checks_with_the_standalone_script_and_fails_when_tampered() -> None:
    log = chained_log(fixed_key())
    script = standalone()
    for event_id in ("setup-0", "setup-5", "tick:2018-04-01:1"):
        proof = json.loads(json.dumps(prove(log.partitions, event_id, EVENTS)))
        assert script.check(proof, fixed_key().public) is None, event_id
        assert script.check(proof, fixed_key(seed=3).public) is not None
        tampered = json.loads(json.dumps(proof))
        tampered["record"]["value"] = tampered["record"]["value"][:-4] + "AAAA"
        assert script.check(tampered, None) == "the record's bytes do not give its chain digest"
        if proof["following"]:
            tampered = json.loads(json.dumps(proof))
            tampered["following"][0] = "00" * 32
            assert script.check(tampered, None) == "the chain does not reach the checkpoint's head"


def test_no_proof_for_an_unknown_or_uncovered_event() -> None:
    log = chained_log(fixed_key())
    with pytest.raises(ProofError, match="无此事件"):
        prove(log.partitions, "nope", EVENTS)
    log.submit([event(payload(s.OrganizationRenamed, organization_id="br-2", name="新名称",
                              renamed_on="2018-04-02"), "after-checkpoint")])  # fmt: skip
    with pytest.raises(ProofError, match="尚无检查点"):
        prove(log.partitions, "after-checkpoint", EVENTS)
    last = max(log.partitions[0], key=lambda r: r.offset)
    log.partitions[0].append(replace(last, offset=last.offset + 1, headers=[("ce_id", b"late")]))
    with pytest.raises(ProofError, match="不在哈希链中"):
        prove(log.partitions, "late", EVENTS)


def test_records_the_relay_published_twice_are_counted_not_breaks() -> None:
    partitions = chained_log(fixed_key()).partitions
    p, offset = _first_fact(partitions)
    lane = partitions[p]
    again = lane[offset : offset + 2]
    partitions[p] = _renumbered(lane[: offset + 2] + again + lane[offset + 2 :])
    report = audit_log(partitions, fixed_key().public)
    assert report.intact, report.render()
    assert report.republished == 2
    assert "2 published twice" in report.render()
    proof = prove(partitions, again[0].header("ce_id") or "", EVENTS)
    assert standalone().check(json.loads(json.dumps(proof)), fixed_key().public) is None

    altered = replace(again[0], value=(again[0].value or b"") + b" ")
    partitions[p] = _renumbered([*lane[: offset + 2], altered, *lane[offset + 2 :]])
    broken = audit_log(partitions, fixed_key().public)
    assert [(b.partition, b.offset) for b in broken.breaks] == [(p, offset + 2)]
