"""Service logs are JSON lines off a terminal, with the extra fields as keys; the
supervisor's log files rotate instead of growing for ever."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from services.cli import supervisor
from services.common.logs import configure_logging, use_json

pytestmark = pytest.mark.unit


@pytest.fixture
def restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


def test_a_record_with_extra_fields_is_one_json_line(
    restored: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    logging.getLogger("zeren.consumer").info(
        "batch committed", extra={"records": 12, "ms": 3.5, "partitions": [0, 2]}
    )
    logging.getLogger("zeren.registry").warning("state rebuilt from %d events", 7)
    logging.getLogger("aiokafka.conn").info("Authenticated as zeren-duties")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    batch, rebuilt = map(json.loads, lines)
    assert batch["event"] == "batch committed"
    assert (batch["records"], batch["ms"], batch["partitions"]) == (12, 3.5, [0, 2])
    assert (batch["level"], batch["logger"]) == ("info", "zeren.consumer")
    assert batch["timestamp"].endswith("Z")
    assert rebuilt["event"] == "state rebuilt from 7 events"
    assert rebuilt["level"] == "warning"


def test_auto_is_json_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert use_json("auto")  # captured standard error is no terminal
    assert use_json("json")
    assert not use_json("console")


def test_a_service_log_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(supervisor, "LOG_BYTES", 1000)
    sink = supervisor.rotating(tmp_path / "duties.log")
    try:
        for n in range(200):
            sink.emit(logging.makeLogRecord({"msg": f"line {n:04d} " + "x" * 40}))
    finally:
        sink.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["duties.log", *(f"duties.log.{i}" for i in range(1, 6))]
    assert all((tmp_path / f).stat().st_size <= 1000 for f in files)
    assert "line 0199" in (tmp_path / "duties.log").read_text()
