"""The registry's relay chains the log as it publishes it (登记处写链), and restarts where it
stopped."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from contracts.bindings import decode
from contracts.chain import Head, chain_header, merkle_root, statement, verify_signature
from contracts.envelope import new_envelope
from contracts.events.chain import ChainCheckpointed
from contracts.events.clock import ClockTicked
from services.common.outbox import key_partition
from services.common.pipeline import InputRecord, json_text
from services.registry.adapters import records
from services.registry.adapters.chain import (
    ChainStamper,
    SigningKey,
    is_checkpoint_due,
    mend_checkpoints,
    public_key_file,
)
from services.registry.adapters.projection import LogFold
from services.registry.domain.intake import Outcome
from tests.integration.registry.conftest import university
from tests.unit.chained_log import (
    EVENTS,
    PARTITIONS,
    ChainedLog,
    chain_stamper,
    chained_log,
    chained_projection,
    fixed_key,
)

pytestmark = pytest.mark.unit


def test_facts_go_where_the_producer_would_put_them_and_carry_a_digest() -> None:
    log = chained_log(fixed_key())
    for partition, lane in log.partitions.items():
        for record in lane:
            assert chain_header(record.headers) is not None
            env = decode(record.value, record.headers)
            if not isinstance(env.data, ClockTicked | ChainCheckpointed):
                assert key_partition(record.key, PARTITIONS) == partition


def test_each_day_ends_its_ticks_with_a_signed_checkpoint_of_every_head() -> None:
    log = chained_log(fixed_key())
    checkpoints = [
        (record, decode(record.value, record.headers).data)
        for records in log.partitions.values()
        for record in records
        if record.header("ce_type") == "zeren.ChainCheckpointed"
    ]
    assert sorted(str(c.date) for _, c in checkpoints if isinstance(c, ChainCheckpointed)) == [
        "2018-04-01", "2018-04-02", "2018-04-03"
    ]  # fmt: skip
    for _, checkpoint in checkpoints:
        assert isinstance(checkpoint, ChainCheckpointed)
        heads = [Head(h.partition, h.count, bytes.fromhex(h.digest)) for h in checkpoint.partitions]
        assert [h.partition for h in heads] == list(range(PARTITIONS))
        assert checkpoint.root == merkle_root(heads).hex()
        message = statement(checkpoint.date.isoformat(), heads, merkle_root(heads))
        assert verify_signature(fixed_key().public, message, bytes.fromhex(checkpoint.signature))
        for head in heads:  # each head is the digest of that partition's record before it
            assert head.count >= 1
            assert chain_header(log.partitions[head.partition][head.count - 1].headers) == (
                head.digest
            )


def test_the_registry_writes_the_log_unchained_and_asks_for_each_days_checkpoint() -> None:
    projection = chained_projection()
    outputs = projection.handle(records.clock_record(date(2018, 4, 2)))
    assert [is_checkpoint_due(o) for o in outputs] == [False] * PARTITIONS + [True]
    assert all(chain_header(o.headers) is None for o in outputs)
    assert dict(outputs[-1].headers)["ce_id"] == b"checkpoint:2018-04-02"


def test_a_restarted_relay_chains_on_from_its_saved_state() -> None:
    whole = chained_log(fixed_key())
    lanes: dict[int, list[InputRecord]] = {p: [] for p in range(PARTITIONS)}
    first = ChainedLog(chained_projection(), chain_stamper(fixed_key()), lanes)
    first.advance(date(2018, 4, 1))
    first.submit(university())
    second = ChainedLog(chained_projection(), chain_stamper(fixed_key()), first.partitions)
    second.projection.restore(_as_saved(first.projection.take_changes()))
    second.stamper.load(_as_saved(first.stamper.take_changes()))
    second.advance(date(2018, 4, 3))
    assert _digests(second) == _digests(whole)


def test_a_relay_that_did_not_save_stamps_the_same_records_again() -> None:
    log = chained_log(fixed_key())
    again = chain_stamper(fixed_key())
    replayed = ChainedLog(chained_projection(), again, {p: [] for p in range(PARTITIONS)})
    replayed.advance(date(2018, 4, 1))
    replayed.submit(university())
    replayed.advance(date(2018, 4, 3))
    assert replayed.partitions == log.partitions  # byte for byte


def test_rows_a_registry_stamped_before_the_upgrade_leave_the_relay_as_they_are() -> None:
    log = chained_log(fixed_key())
    stamper = chain_stamper(fixed_key())
    stamper.load(_as_saved(log.stamper.take_changes()))
    before = {p: stamper.writer.heads.head(p) for p in range(PARTITIONS)}
    old = log.partitions[0][-1]  # as the registry's outbox held it, chain header included
    headers = [(k, v or b"") for k, v in old.headers]
    placed = stamper.stamp(EVENTS, 0, old.key, old.value or b"", list(headers))
    assert placed == (0, old.key, old.value, headers)
    assert {p: stamper.writer.heads.head(p) for p in range(PARTITIONS)} == before


def test_a_registry_rebuilt_from_the_log_knows_every_head() -> None:
    log = chained_log(fixed_key())
    fold = LogFold()
    for partition in sorted(log.partitions):
        for record in log.partitions[partition]:
            fold.handle(record)
        fold.handle(log.partitions[partition][-1])  # published twice by the relay
    rebuilt = chain_stamper(fixed_key())
    rebuilt.load(_as_saved(fold.take_changes()))
    for p in range(PARTITIONS):
        assert rebuilt.writer.heads.head(p) == log.stamper.writer.heads.head(p)
    assert not [k for k in fold.state.seen if "checkpoint:" in k], "a checkpoint is no fact"


def test_the_key_is_made_once_and_its_public_half_published(tmp_path: Path) -> None:
    path = tmp_path / "chain" / "registry.pem"
    made = SigningKey.load_or_create(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert SigningKey.load_or_create(path).public == made.public
    assert public_key_file(path).read_text().strip() == made.public.hex()


def test_committed_checkpoints_are_appended_to_the_auditors_file(tmp_path: Path) -> None:
    kept = tmp_path / "checkpoints.jsonl"
    stamper = ChainStamper("registry", chain_stamper(fixed_key()).writer, kept)
    log = ChainedLog(chained_projection(), stamper, {})
    log.advance(date(2018, 4, 2))
    assert not kept.exists()  # not before the relay's transaction committed
    stamper.committed()
    log.advance(date(2018, 4, 3))
    stamper.committed()
    stamper.committed()  # nothing made since: nothing appended
    lines = kept.read_text().splitlines()
    assert [line.count('"date"') for line in lines] == [1, 1]
    assert '"id": "checkpoint:2018-04-02"' in lines[0]


def test_the_auditors_file_gets_the_checkpoints_a_crash_kept_from_it(tmp_path: Path) -> None:
    kept = tmp_path / "checkpoints.jsonl"
    stamper = ChainStamper("registry", chain_stamper(fixed_key()).writer, kept)
    log = ChainedLog(chained_projection(), stamper, {})
    log.advance(date(2018, 4, 2))
    stamper.committed()
    log.advance(date(2018, 4, 3))  # committed, then the relay died before the append
    book = stamper.state.checkpoints.every()
    assert [c["date"] for c in book] == ["2018-04-02", "2018-04-03"]
    assert mend_checkpoints(kept, book) == 1
    assert mend_checkpoints(kept, book) == 0  # once
    lines = [json.loads(line) for line in kept.read_text().splitlines()]
    assert [c["id"] for c in lines] == ["checkpoint:2018-04-02", "checkpoint:2018-04-03"]
    assert lines[1] == json.loads(json.dumps(book[1]))
    stamper.committed()  # as the append after the commit would have written it
    assert json.loads(kept.read_text().splitlines()[-1]) == lines[1]  # the same line


def _as_saved(changes: dict[str, Any]) -> dict[str, Any]:
    """State entries as the pipeline stores and restores them (JSON)."""
    return {k: json.loads(json_text(v)) for k, v in changes.items() if v is not None}


def _digests(log: ChainedLog) -> dict[int, list[bytes | None]]:
    return {p: [chain_header(r.headers) for r in rs] for p, rs in log.partitions.items()}


def test_no_campus_system_may_submit_a_checkpoint() -> None:
    log = chained_log(fixed_key())
    forged = new_envelope(
        ChainCheckpointed.example(),
        id="checkpoint:forged",
        source="urn:zeren:demo",
        time=datetime(2018, 4, 1, tzinfo=UTC),
    )
    log.submit([forged])
    (receipt,) = log.projection.take_receipts()[-1:]
    assert receipt.event_id == "checkpoint:forged"
    assert receipt.outcome is Outcome.REJECTED
    assert all(
        r.header("ce_id") != "checkpoint:forged" for rs in log.partitions.values() for r in rs
    )
