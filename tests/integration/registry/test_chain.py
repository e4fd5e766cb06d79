"""The tamper-evident log on the real broker (防篡改日志): issue 27's "done when".

A registry (in this process, driven clock, its key and the auditors' file in
a temporary folder) writes a few days of history. The log is then copied
into new topics: untouched, with one record altered, one dropped, two
swapped, and with a checkpoint's signature replaced. ``zeren audit chain``
passes the untouched copy and names the first broken position of each
other; ``zeren audit prove`` prints a proof that ``docs/verify_proof.py``,
run as a separate process, accepts.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import asyncpg
import pytest
from typer.testing import CliRunner

from contracts.envelope import Envelope
from contracts.events import activities as a
from contracts.topics import EVENTS_TOPIC
from services.audit.chain import ChainReport, audit_chain, read_kept
from services.audit.log import Partitions, read_topic
from services.cli.main import app
from services.common.chain_check import ChainBrokenError
from services.common.consumer import consume
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.outbox import OutboxRecord, new_producer
from services.common.pipeline import InputRecord, Pipeline
from services.common.settings import Settings
from services.registry.adapters.chain import public_key_file
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    RunningRegistry,
    chained,
    event,
    payload,
    running_registry,
    university,
)

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class History:
    """The log a registry wrote, where its key and the auditors' file are."""

    settings: Settings
    log: Partitions
    public_key: bytes
    checkpoints_file: Path


def meetings(n: int) -> list[Envelope]:
    return [
        event(
            payload(a.MeetingHeld, organization_id=("br-1", "br-2")[i % 2], meeting_id=f"c-{i}",
                    kind="branch_committee_meeting", held_on="2018-04-02",
                    expected_attendees=5, present_attendees=5, topic="学习"),
            f"c-{i}",
        )
        for i in range(n)
    ]  # fmt: skip


async def two_days(registry: RunningRegistry) -> None:
    """The university on 2018-04-01, then twelve meetings on 2018-04-02 (18 submissions)."""
    assert (await registry.advance("2018-04-01")).status_code == 200
    await registry.submit(university())
    assert (await registry.advance("2018-04-02")).status_code == 200
    await registry.submit(meetings(12))


@pytest.fixture
async def history(settings: Settings, db: asyncpg.Pool, tmp_path: Path) -> History:
    config = chained(tmp_path)
    async with running_registry(settings, db, config) as registry:
        await two_days(registry)
        assert (await registry.advance("2018-04-04")).status_code == 200
        await registry.settled(18)
        published = (await registry.http.get("/v1/chain/public-key")).json()
    public_key = bytes.fromhex(public_key_file(config.key_path).read_text().strip())
    assert published == {"algorithm": "Ed25519", "public_key": public_key.hex()}
    auditor = settings.as_auditor()
    log = await read_topic(auditor.kafka, settings.topic(EVENTS_TOPIC))
    return History(auditor, log, public_key, config.checkpoints_path())


Edit = Callable[[Partitions], tuple[int, int, str | None]]


async def _copy(
    infra: Infra, history: History, edit: Edit | None, prefix: str = "zeren.chain-copy"
) -> tuple[str, tuple[int, int, str | None] | None]:
    """A copy of the log in a new topic, edited; where the edit breaks the chain."""
    log = {p: list(records) for p, records in history.log.items()}
    expected = edit(log) if edit is not None else None
    copy = f"{prefix}.{uuid.uuid4().hex[:8]}"  # the auditor reads zeren.* only
    await ensure_topics(infra.kafka, [TopicSpec(copy, len(log))])
    producer = new_producer(infra.kafka)
    await producer.start()
    try:
        for partition, records in log.items():
            for r in records:
                headers = [(k, v or b"") for k, v in r.headers]
                await producer.send(copy, r.value, key=r.key, partition=partition, headers=headers)
        await producer.flush()
    finally:
        await producer.stop()
    return copy, expected


def _fact_at(log: Partitions) -> tuple[int, int]:
    """A partition and offset of a meeting with a record after it."""
    for p in sorted(log):
        for n, r in enumerate(log[p][:-1]):
            if r.header("ce_type") == "zeren.MeetingHeld":
                return p, n
    raise AssertionError("no meeting in the log")


def altered(log: Partitions) -> tuple[int, int, str | None]:
    p, n = _fact_at(log)
    record = log[p][n]
    value = (record.value or b"").replace(b'"present_attendees":5', b'"present_attendees":4')
    assert value != record.value
    log[p][n] = replace(record, value=value)
    return p, n, record.header("ce_id")


def dropped(log: Partitions) -> tuple[int, int, str | None]:
    p, n = _fact_at(log)
    del log[p][n]
    return p, n, log[p][n].header("ce_id")


def swapped(log: Partitions) -> tuple[int, int, str | None]:
    p, n = _fact_at(log)
    log[p][n], log[p][n + 1] = log[p][n + 1], log[p][n]
    return p, n, log[p][n].header("ce_id")


def resigned(log: Partitions) -> tuple[int, int, str | None]:
    for p in sorted(log):
        for n, r in enumerate(log[p]):
            if r.header("ce_type") == "zeren.ChainCheckpointed":
                data = json.loads(r.value or b"{}") | {"signature": "ab" * 64}
                log[p][n] = replace(r, value=json.dumps(data).encode())
                return p, n, r.header("ce_id")
    raise AssertionError("no checkpoint in the log")


async def _audit(history: History, topic: str) -> ChainReport:
    kept = read_kept(history.checkpoints_file.read_text())
    return await audit_chain(
        history.settings, topic=topic, public_key=history.public_key, kept=kept
    )


async def test_the_chain_names_the_first_broken_position_of_each_rewritten_copy(
    infra: Infra, history: History
) -> None:
    written = await _audit(history, history.settings.topic(EVENTS_TOPIC))
    assert written.intact, written.render()
    assert written.checkpoints == 4
    assert written.records == sum(map(len, history.log.values()))
    assert len(read_kept(history.checkpoints_file.read_text())) == 4

    untouched, _ = await _copy(infra, history, None)
    assert (await _audit(history, untouched)).intact

    for edit in (altered, dropped, swapped):
        copy, expected = await _copy(infra, history, edit)
        report = await _audit(history, copy)
        assert not report.intact, edit.__name__
        first = report.breaks[0]
        assert (first.partition, first.offset, first.event_id) == expected, edit.__name__
        assert len(report.breaks) == 1, report.render()

    copy, expected = await _copy(infra, history, resigned)
    report = await _audit(history, copy)
    assert report.breaks, "a changed checkpoint is a changed record"
    assert expected is not None
    assert ("CHECKPOINT_SIGNATURE", expected[0], expected[1]) in [
        (f.code, f.partition, f.offset) for f in report.problems
    ]
    assert "CHECKPOINT_DIFFERS" in {f.code for f in report.problems}

    cli = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["audit", "chain", "--topic", copy, "--public-key", history.public_key.hex(),
         "--against", str(history.checkpoints_file)],
        env=history.settings.as_env(),
    )  # fmt: skip
    assert cli.exit_code == 1, cli.output
    assert "CHECKPOINT_SIGNATURE" in cli.output
    assert "检查点签名无效" in cli.output
    assert "链已断 chain broken" in cli.output


async def test_a_proof_of_a_fact_is_checked_by_the_standalone_script(
    history: History, tmp_path: Path
) -> None:
    env = history.settings.as_env()
    cli = await asyncio.to_thread(CliRunner().invoke, app, ["audit", "prove", "c-3"], env=env)
    assert cli.exit_code == 0, cli.output
    proof = tmp_path / "proof.json"
    proof.write_text(cli.stdout)
    assert json.loads(cli.stdout)["event_id"] == "c-3"
    script = [sys.executable, str(REPO / "docs" / "verify_proof.py"), str(proof)]
    checked = await asyncio.to_thread(
        subprocess.run,
        [*script, "--public-key", history.public_key.hex()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "VALID (证明有效): c-3" in checked.stdout
    forged = json.loads(cli.stdout)
    forged["record"]["key"] = "YnItOQ=="  # br-9
    proof.write_text(json.dumps(forged))
    refused = await asyncio.to_thread(
        subprocess.run, script, capture_output=True, text=True, check=False
    )
    assert refused.returncode == 1
    assert "INVALID" in refused.stdout

    missing = await asyncio.to_thread(CliRunner().invoke, app, ["audit", "prove", "nope"], env=env)
    assert missing.exit_code == 1
    assert "无此事件" in missing.output


class Folded:
    """A pipeline that only remembers what it was given (stored offsets: ``resume``)."""

    def __init__(self, resume: dict[tuple[str, int], int]) -> None:
        self.resume = resume
        self.applied: list[InputRecord] = []

    async def stored_offsets(self) -> dict[tuple[str, int], int]:
        return dict(self.resume)

    async def apply(self, records: Sequence[InputRecord]) -> list[OutboxRecord]:
        self.applied += records
        return []


async def test_a_consumer_of_a_rewritten_log_stops_at_the_break(
    infra: Infra, history: History
) -> None:
    copy, expected = await _copy(infra, history, altered, prefix=EVENTS_TOPIC)
    assert expected is not None
    partition, offset, event_id = expected
    for resume in ({}, {(copy, partition): offset}):  # from the start; restarted at the break
        folded = Folded(resume)
        with pytest.raises(ChainBrokenError) as raised:
            await asyncio.wait_for(consume(infra.kafka, [copy], cast(Pipeline, folded)), 60)
        assert raised.value.record.position == f"{copy}:{partition}:{offset}"
        assert event_id is not None
        assert event_id in str(raised.value)
        assert all(r.offset < offset for r in folded.applied if r.partition == partition)
