"""The registry's relay keeps the log's daily checkpoints by month (检查点存档) and the
registry serves them: as written, after a restart, after a rebuild from the log; a bad
month is refused."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from contracts.bindings import decode
from contracts.chain import Head, merkle_root, statement, verify_signature
from contracts.events.chain import ChainCheckpointed
from services.common.pipeline import json_text
from services.registry.adapters.http import create_app
from services.registry.adapters.projection import LogFold
from tests.access import DEMO_HEADERS, demo_guard
from tests.integration.registry.conftest import university
from tests.unit.chained_log import (
    ChainedLog,
    chain_stamper,
    chained_log,
    chained_projection,
    fixed_key,
)
from tests.unit.registry.test_hostile import _Port

pytestmark = pytest.mark.unit


def _saved(changes: dict[str, Any]) -> dict[str, Any]:
    """State entries as the pipeline stores and restores them (JSON)."""
    return {k: json.loads(json_text(v)) for k, v in changes.items() if v is not None}


def _written(log: ChainedLog) -> dict[str, tuple[str, ChainCheckpointed]]:
    """The checkpoints in the log, by day: their event id and payload."""
    found = {}
    for lane in log.partitions.values():
        for record in lane:
            env = decode(record.value, record.headers)
            if isinstance(env.data, ChainCheckpointed):
                found[env.data.date.isoformat()] = (env.id, env.data)
    return found


def test_the_checkpoints_written_are_kept_by_month_with_their_event_ids() -> None:
    log = chained_log(fixed_key())  # 2018-04-01 to 2018-04-03
    kept = log.stamper.state.checkpoints.of_month("2018-04")
    written = _written(log)
    assert [c["date"] for c in kept] == ["2018-04-01", "2018-04-02", "2018-04-03"]
    for item in kept:
        event_id, checkpoint = written[item["date"]]
        assert item == {"id": event_id, **checkpoint.model_dump(mode="json")}
        heads = [
            Head(h["partition"], h["count"], bytes.fromhex(h["digest"])) for h in item["partitions"]
        ]
        message = statement(item["date"], heads, merkle_root(heads))
        assert verify_signature(fixed_key().public, message, bytes.fromhex(item["signature"]))
    assert log.stamper.state.checkpoints.of_month("2018-05") == []
    changes = _saved(log.stamper.take_changes())
    assert [c["date"] for c in changes["checkpoints:2018-04"]] == ["2018-04-01", "2018-04-02",
                                                                  "2018-04-03"]  # fmt: skip
    assert "checkpoints:2018-04" not in log.stamper.take_changes()  # written once
    assert not [k for k in _saved(log.projection.take_changes()) if k.startswith("checkpoints")]


def test_a_restart_and_a_rebuild_from_the_log_keep_the_same_checkpoints() -> None:
    whole = chained_log(fixed_key())
    first = ChainedLog(chained_projection(), chain_stamper(fixed_key()), {p: [] for p in range(3)})
    first.advance(date(2018, 4, 1))
    first.submit(university())
    restarted = ChainedLog(chained_projection(), chain_stamper(fixed_key()), first.partitions)
    restarted.projection.restore(_saved(first.projection.take_changes()))
    restarted.stamper.load(_saved(first.stamper.take_changes()))
    restarted.advance(date(2018, 4, 3))
    expected = whole.stamper.state.checkpoints.of_month("2018-04")
    assert len(expected) == 3
    assert restarted.stamper.state.checkpoints.of_month("2018-04") == expected

    fold = LogFold()
    for partition in sorted(whole.partitions):
        for record in whole.partitions[partition]:
            fold.handle(record)
    (last,) = [
        r
        for lane in whole.partitions.values()
        for r in lane
        if r.header("ce_id") == "checkpoint:2018-04-03"
    ]
    fold.handle(last)  # published twice by the relay: kept once
    rebuilt = chain_stamper(fixed_key())
    rebuilt.load(_saved(fold.take_changes()))
    assert rebuilt.state.checkpoints.of_month("2018-04") == expected


def test_the_checkpoints_are_served_by_month_and_a_bad_month_is_refused() -> None:
    port = _Port()
    port.checkpoints = chained_log(fixed_key()).stamper.state.checkpoints
    with TestClient(create_app(port, demo_guard()), headers=DEMO_HEADERS) as client:
        april = client.get("/v1/chain/checkpoints", params={"month": "2018-04"})
        assert april.status_code == 200
        answer = april.json()
        assert answer["month"] == "2018-04"
        assert [c["id"] for c in answer["checkpoints"]] == [
            "checkpoint:2018-04-01", "checkpoint:2018-04-02", "checkpoint:2018-04-03"
        ]  # fmt: skip
        assert set(answer["checkpoints"][0]) == {
            "id", "date", "partitions", "root", "public_key", "signature"
        }  # fmt: skip
        assert client.get("/v1/chain/checkpoints?month=2018-05").json()["checkpoints"] == []
        for bad in ("abc", "2018-13", "2018-4", "", "2018-04-01"):
            refused = client.get("/v1/chain/checkpoints", params={"month": bad})
            assert refused.status_code == 422, bad
            detail = refused.json()["detail"]
            assert detail["code"] == "query.bad_month"
            assert "月份须为 YYYY-MM 格式" in detail["message_zh"]
        assert (
            TestClient(create_app(port, demo_guard()))
            .get("/v1/chain/checkpoints?month=2018-04")
            .status_code
            == 401
        )
