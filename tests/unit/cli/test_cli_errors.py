"""Every CLI misuse ends in one bilingual line on stderr and exit code 2, before anything
starts: no broker, no database and no child process are needed to refuse it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploy.process import free_port
from services.cli.demo import DEMO_ACCESS
from services.cli.errors import UserError, check_demo, parse_day
from services.cli.main import app

MISUSES = [
    ["replay", "--until", "2019/06/30"],
    ["catalog", "--on", "2019-13-01"],
    ["catalog", "--on", "2010-01-01"],
    ["demo", "--years", "0"],
    ["demo", "--years", "11"],
    ["demo", "--scale", "0.05"],
    ["demo", "--scale", "-1"],
    ["demo", "--start", "2018-1-1"],
    ["alerts", "--limit", "0"],
]


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def no_stack(tmp_path: Path) -> dict[str, str | None]:
    """An environment naming no Kafka and no PostgreSQL and an empty state folder."""
    return {
        "ZEREN_STATE_DIR": str(tmp_path),
        "ZEREN_KAFKA_BOOTSTRAP": None,
        "ZEREN_DATABASE_URL": None,
    }


@pytest.mark.parametrize("argv", MISUSES, ids=" ".join)
def test_a_misuse_is_one_bilingual_line_and_exit_code_2(
    argv: list[str], no_stack: dict[str, str | None]
) -> None:
    result = CliRunner().invoke(app, argv, env=no_stack)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert _has_chinese(lines[0])
    assert argv[1] in lines[0] or "2017-10-20" in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize("argv", [["demo", "list"], ["demo", "drop", "demo1"], ["alerts"]])
def test_a_missing_stack_is_one_line_naming_the_variables(
    argv: list[str], no_stack: dict[str, str | None]
) -> None:
    result = CliRunner().invoke(app, argv, env=no_stack)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "ZEREN_KAFKA_BOOTSTRAP" in line
    assert "make up" in line
    assert _has_chinese(line)


def test_the_catalog_before_its_first_version_names_the_first_day() -> None:
    result = CliRunner().invoke(app, ["catalog", "--on", "2010-01-01"])
    assert "2017-10-20" in result.stderr
    assert "早于第一版" in result.stderr


def test_the_catalog_on_a_day_in_force_is_printed() -> None:
    result = CliRunner().invoke(app, ["catalog", "--on", "2018-01-01", "--questions"])
    assert result.exit_code == 0, result.output
    assert "党委每年专题研究基层党建工作" in result.stdout


@pytest.mark.parametrize(
    "text", ["2019/06/30", "2019-13-01", "2019-6-30", "20190630", " 2019-06-30"]
)
def test_parse_day_refuses_what_is_not_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_day(text, "--until")
    assert "--until" in refused.value.line
    assert "YYYY-MM-DD" in refused.value.line


def test_parse_day_reads_a_calendar_day() -> None:
    assert parse_day("2019-06-30", "--until").isoformat() == "2019-06-30"


@pytest.mark.parametrize(("years", "scale"), [(1, 0.1), (3, 1.0), (10, 10.0)])
def test_demo_arguments_within_bounds_pass(years: int, scale: float) -> None:
    check_demo(years, scale)


@pytest.mark.parametrize(("years", "scale"), [(0, 1.0), (-1, 1.0), (3, 0.0), (3, -1.0), (3, 11)])
def test_demo_arguments_out_of_bounds_are_refused(years: int, scale: float) -> None:
    with pytest.raises(UserError):
        check_demo(years, scale)


@pytest.fixture
def nothing_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Settings naming ports where nothing listens, and a ``stack.env`` of an earlier demo.

    The demo sets its own variables in the process; each is set here first so that
    the test's end restores it.
    """
    for key in (*DEMO_ACCESS, "ZEREN_CLOCK", "ZEREN_CLOCK_START"):
        was = os.environ.get(key)
        monkeypatch.setenv(key, was or "")  # remembered: restored (or removed) at the end
        if was is None:
            monkeypatch.delenv(key)
    (tmp_path / "stack.env").write_text("ZEREN_TOPIC_SUFFIX=.demo1\nZEREN_SCHEMA_PREFIX=demo1_\n")
    closed = free_port()
    return {
        "ZEREN_STATE_DIR": str(tmp_path),
        "ZEREN_KAFKA_BOOTSTRAP": f"127.0.0.1:{closed}",
        "ZEREN_DATABASE_URL": f"postgresql://zeren@127.0.0.1:{closed}/zeren",
        "ZEREN_KAFKA_SECURITY_PROTOCOL": "PLAINTEXT",
        "ZEREN_KAFKA_CREDENTIALS": "",
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("argv", [["demo", "list"], ["demo", "--exit", "--years", "1"]])
def test_unreachable_infrastructure_is_one_line_and_exit_code_1(
    argv: list[str], nothing_answers: dict[str, str]
) -> None:
    stack_env = Path(nothing_answers["ZEREN_STATE_DIR"]) / "stack.env"
    before = stack_env.read_text()
    result = CliRunner().invoke(app, argv, env=nothing_answers)
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert "Kafka" in line
    assert "不可用" in line
    assert stack_env.read_text() == before  # a failed demo leaves stack.env as it was
