"""Every CLI misuse ends in one bilingual line on stderr and exit code 2, before anything
starts: no broker, no database and no child process are needed to refuse it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

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
