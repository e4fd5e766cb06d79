"""The auditors' tools against the real services (real Kafka and PostgreSQL).

(a) ``zeren audit verify`` finds the replay equal to what the services emitted;
(b) on a copy of the accountability topic with one event altered it names the
partition and position and exits 1, or 3 when only a Chinese text was altered;
(c) ``replay --until`` gives the duty matrices the live service showed on that day;
(d) ``audit explain`` on a criticism case prints the duty, period, clause excerpt and
missing evidence.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from typer.testing import CliRunner

from contracts.catalog import catalog_in_force
from contracts.topics import ACCOUNTABILITY_TOPIC, DUTIES_TOPIC, EVENTS_TOPIC, topic
from services.audit.compare import entry_of
from services.audit.explain import render
from services.audit.log import Partitions, read_topic
from services.audit.replay import drop_replay, replay_until
from services.audit.trace import trace
from services.audit.verify import verify
from services.cli.main import app
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.pipeline import InputRecord
from services.duties.domain.queries import compliance, unit_duties
from tests.integration.audit.conftest import UNTIL, YEAR, Scenario

CRITICISM = "zeren.CriticismIssued"
PLACED = "zeren.UnitPlaced"


def test_verify_finds_the_replay_equal_to_the_emitted_events(scenario: Scenario) -> None:
    _verified_equal(scenario)


def _verified_equal(scenario: Scenario) -> None:
    result = CliRunner().invoke(app, ["audit", "verify"], env=scenario.settings.as_env())
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("equal")
    assert "DIFFERENT" not in result.output
    assert result.output.count("sha256") == 4


async def test_the_placed_year_s_log_announces_each_home_on_every_partition(
    placed_scenario: Scenario,
) -> None:
    settings = placed_scenario.settings
    log = await read_topic(settings.kafka, settings.topic(EVENTS_TOPIC))
    placed = [r for records in log.values() for r in records if r.header("ce_type") == PLACED]
    data = [json.loads(r.value or b"") for r in placed]
    homes = {(d["organization_id"], d["home"]) for d in data}
    assert len({home for _, home in homes}) > 1  # the units were spread
    assert len(placed) == len(log) * len(homes)  # each placement on every partition


def test_a_subtree_placed_year_shows_the_same_duties_and_verifies(
    scenario: Scenario, placed_scenario: Scenario
) -> None:
    """The same facts under subtree placement, each partition folded alone: the live
    service showed the same duty matrices and compliance report on ``UNTIL``, and the
    replay (one sequenced fold) verifies."""
    assert sum(map(len, scenario.matrices.values())) > 0
    assert (scenario.lanes, placed_scenario.lanes) == (0, topic(EVENTS_TOPIC).partitions)
    assert placed_scenario.matrices == scenario.matrices
    assert placed_scenario.compliance == scenario.compliance
    _verified_equal(placed_scenario)


def _title_altered(data: dict[str, Any]) -> None:
    data["title_zh"] += "（篡改）"


def _persons_altered(data: dict[str, Any]) -> None:
    data["person_ids"] = [*data["person_ids"], "p-篡改"]


async def _altered_copy(
    scenario: Scenario, position: int, alter: Callable[[dict[str, Any]], None]
) -> tuple[str, InputRecord]:
    """A copy of the accountability topic whose ``position``-th record of partition 0 is
    changed by ``alter``."""
    settings = scenario.settings
    original = await read_topic(settings.kafka, settings.topic(ACCOUNTABILITY_TOPIC))
    copy = f"zeren.audit-copy.{uuid.uuid4().hex[:8]}"  # the auditor reads zeren.* only
    await ensure_topics(settings.kafka, [TopicSpec(copy, len(original))])
    producer = AIOKafkaProducer(**settings.kafka.options(), acks="all")
    await producer.start()
    try:
        for partition, records in original.items():
            for n, r in enumerate(records):
                value = r.value or b""
                if partition == 0 and n == position:
                    data = json.loads(value)
                    alter(data)
                    value = json.dumps(data, ensure_ascii=False).encode()
                await producer.send(
                    copy, value, key=r.key, partition=partition, headers=list(r.headers)
                )
        await producer.flush()
    finally:
        await producer.stop()
    return copy, original[0][position]


async def test_verify_names_the_altered_event_of_a_copied_topic(scenario: Scenario) -> None:
    copy, altered = await _altered_copy(scenario, 1, _title_altered)
    verdict = await verify(scenario.settings, accountability_topic=copy)
    duties, accountability = verdict.comparisons
    assert duties.equal
    assert not verdict.equal
    assert [(d.partition, d.position) for d in accountability.differences] == [(0, 1)]
    difference = accountability.differences[0]
    assert difference.replayed == entry_of(altered)
    assert difference.emitted is not None
    assert "（篡改）" in difference.emitted.data
    assert accountability.replayed_digest != accountability.emitted_digest

    env = scenario.settings.as_env()
    command = ["audit", "verify", "--accountability-topic", copy]
    cli = await asyncio.to_thread(CliRunner().invoke, app, command, env=env)
    assert cli.exit_code == 3  # a text alone: every decision equal, and said so
    assert "partition 0, position 1" in cli.output
    assert "决定一致，仅 1 条事件措辞不同" in cli.output


async def test_verify_exits_1_when_a_decision_was_altered(scenario: Scenario) -> None:
    copy, _ = await _altered_copy(scenario, 1, _persons_altered)
    command = ["audit", "verify", "--accountability-topic", copy]
    env = scenario.settings.as_env()
    cli = await asyncio.to_thread(CliRunner().invoke, app, command, env=env)
    assert cli.exit_code == 1
    assert "partition 0, position 1" in cli.output
    assert "p-篡改" in cli.output
    assert "决定一致" not in cli.output


async def test_replay_until_a_day_shows_what_the_live_system_showed(scenario: Scenario) -> None:
    prefix = f"r{uuid.uuid4().hex[:8]}_"
    try:
        result = await replay_until(scenario.settings, UNTIL, prefix)
    finally:
        await drop_replay(scenario.settings, prefix)
    assert result.duties.clock == {p: UNTIL + timedelta(days=1) for p in range(6)}
    shown = {
        org: [v.model_dump(mode="json") for v in unit_duties(result.duties, org, YEAR)]
        for org in scenario.organizations
    }
    assert shown == scenario.matrices
    assert any(scenario.matrices.values())
    assert compliance(result.duties, YEAR).model_dump(mode="json") == scenario.compliance

    org = next(o for o, matrix in scenario.matrices.items() if matrix)
    command = ["replay", "--until", str(UNTIL), "--schema-prefix", prefix, "--unit", org]
    try:
        cli = await asyncio.to_thread(
            CliRunner().invoke, app, command, env=scenario.settings.as_env()
        )
        assert await _schemas_of(scenario, prefix) == []  # the CLI dropped them (no --keep)
    finally:
        await drop_replay(scenario.settings, prefix)
    assert cli.exit_code == 0, cli.output
    assert f"{org} {YEAR} duties 责任事项 (as of 截至 {UNTIL})" in cli.output
    assert scenario.matrices[org][0]["duty_id"] in cli.output
    assert "open cases 办理中案件" in cli.output


async def test_replay_refuses_a_unit_the_log_does_not_know(scenario: Scenario) -> None:
    prefix = f"r{uuid.uuid4().hex[:8]}_"
    command = ["replay", "--until", str(UNTIL), "--schema-prefix", prefix, "--unit", "no-such"]
    try:
        cli = await asyncio.to_thread(
            CliRunner().invoke, app, command, env=scenario.settings.as_env()
        )
        assert await _schemas_of(scenario, prefix) == []
    finally:
        await drop_replay(scenario.settings, prefix)
    assert cli.exit_code == 2, cli.output
    line = cli.stderr.splitlines()[-1]  # after the replay's progress lines
    assert line.startswith("错误 error:")
    assert "no-such" in line
    assert "日志中没有单位" in line


async def _schemas_of(scenario: Scenario, prefix: str) -> list[str]:
    conn = await asyncpg.connect(scenario.settings.database_url)
    try:
        rows = await conn.fetch(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1",
            f"{prefix}%",
        )
    finally:
        await conn.close()
    return [r["schema_name"] for r in rows]


def _of_type(log: Partitions, event_type: str) -> list[InputRecord]:
    return [r for p in sorted(log) for r in log[p] if r.header("ce_type") == event_type]


def _item(record: InputRecord) -> tuple[str, str | None, str | None]:
    """The duty item an event is about (an inspection finding's case has no duty)."""
    data = json.loads(record.value or b"{}")
    return data["organization_id"], data.get("duty_id"), data.get("period")


async def test_explain_a_criticism_names_duty_period_clause_and_missing_evidence(
    scenario: Scenario,
) -> None:
    settings = scenario.settings
    actions = await read_topic(settings.kafka, settings.topic(ACCOUNTABILITY_TOPIC))
    duty_events = await read_topic(settings.kafka, settings.topic(DUTIES_TOPIC))
    made_up = {_item(r) for r in _of_type(duty_events, "zeren.DutyFulfilledLate")}
    criticisms = [r for r in _of_type(actions, CRITICISM) if _item(r)[1] is not None]
    never_made_up = [r for r in criticisms if _item(r) not in made_up]
    assert never_made_up, "the simulated year should hold a criticism never made up for"
    chosen = never_made_up[0]
    data = json.loads(chosen.value or b"{}")
    explanation = await trace(settings, chosen.header("ce_id") or "")
    text = render(explanation)
    duty = catalog_in_force(UNTIL).duty(data["duty_id"])
    assert explanation.case_id == data["case_id"]
    assert data["duty_id"] in text
    assert f"周期 period {data['period']}" in text
    assert duty.clause.excerpt_zh[:20] in text
    assert "DutyOverdue" in text
    assert any(t.missing for t in explanation.tallies)
    assert "缺 missing" in text

    command = ["audit", "explain", data["case_id"]]
    cli = await asyncio.to_thread(CliRunner().invoke, app, command, env=settings.as_env())
    assert cli.exit_code == 0
    assert cli.output.strip() == text
