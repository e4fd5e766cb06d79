"""Planning (送达计划): a consumed record becomes one planned row per routed recipient; a record
that is no alert or cannot be read plans nothing; a record below the stored offset is dropped."""

from __future__ import annotations

import json
from unittest.mock import MagicMock

import pytest

from contracts.bindings import encode_binary
from contracts.envelope import Envelope, examples
from services.common.pipeline import InputRecord
from services.notifier.adapters.routes_file import DEFAULT_ROUTES, load_routes
from services.notifier.adapters.store import PLANNED_COLUMNS, PlanningProjection
from services.notifier.adapters.subscriber import AlertIntake

pytestmark = pytest.mark.unit


def _record(envelope: Envelope, offset: int = 0) -> InputRecord:
    key, value, headers = encode_binary(envelope)
    return InputRecord("zeren.accountability.v2", 0, offset, key, value, headers)


def _example(event_type: str) -> Envelope:
    return next(e for e in examples() if e.type == f"zeren.{event_type}")


def test_an_alert_is_planned_for_each_recipient() -> None:
    projection = PlanningProjection(load_routes(DEFAULT_ROUTES))
    record = _record(_example("AccountabilityProposed"))
    assert projection.event_id(record) == "example-zeren.AccountabilityProposed"
    assert projection.handle(record) == []  # no outbox: the rows are written alongside
    rows = [dict(zip(PLANNED_COLUMNS, row, strict=True)) for row in projection.planned]
    assert [r["recipient"] for r in rows] == ["org-department"]  # proposed to the department
    (row,) = rows
    assert (row["kind"], row["rung"], row["channel"]) == ("proposal", "notice", "file")
    assert row["message"] is not None
    assert json.loads(row["message"])["subject"].startswith("【问责建议】")


def test_what_is_no_alert_or_unreadable_plans_nothing() -> None:
    projection = PlanningProjection(load_routes(DEFAULT_ROUTES))
    projection.handle(_record(_example("ClockTicked")))
    projection.handle(InputRecord("zeren.accountability.v2", 0, 1, b"k", b"{}", []))
    assert projection.planned == []


def test_records_below_the_stored_offset_are_dropped() -> None:
    intake = AlertIntake(MagicMock(), {("zeren.accountability.v2", 0): 5})
    raws = [MagicMock(topic="zeren.accountability.v2", partition=0, offset=o, key=b"k",
                      value=b"v", headers=[]) for o in (4, 5, 6)]  # fmt: skip
    assert [r.offset for r in intake.fresh(raws)] == [5, 6]
