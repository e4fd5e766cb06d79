"""``zeren sources add|rotate|revoke|list`` on a file, and the services' refusal to start
without one outside demo mode."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.main import app
from services.common.access.sources_file import load_sources

ROOT = Path(__file__).resolve().parents[3]


def _token(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_add_rotate_revoke_and_list(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    env = {"ZEREN_REGISTRY_SOURCES": str(path)}
    cli = CliRunner()
    added = cli.invoke(
        app,
        ["sources", "add", "urn:campus:finance", "--name", "财务处", "--type", "DuesPaid"],
        env=env,
    )
    assert added.exit_code == 0, added.output
    first = _token(added.output)
    assert first not in path.read_text(encoding="utf-8")
    auditor = cli.invoke(
        app,
        ["sources", "add", "urn:x:audit", "--name", "审计", "--role", "auditor", "--days", "0"],
        env=env,
    )
    assert auditor.exit_code == 0, auditor.output

    rotated = cli.invoke(
        app, ["sources", "rotate", "urn:campus:finance", "--grace-hours", "0"], env=env
    )
    assert rotated.exit_code == 0, rotated.output
    second = _token(rotated.output)
    now = datetime.now(UTC)
    sources = load_sources(path, demo=False)
    assert sources.bearer(first, now, demo=False) is None  # no grace
    finance = sources.bearer(second, now, demo=False)
    assert finance is not None
    assert finance.types == {"DuesPaid"}
    audit = sources.bearer(_token(auditor.output), now, demo=False)
    assert audit is not None
    assert audit.roles == {"auditor"}

    listed = cli.invoke(app, ["sources", "list"], env=env)
    assert "urn:x:audit\t审计\tauditor" in listed.output
    assert second not in listed.output

    revoked = cli.invoke(app, ["sources", "revoke", "urn:campus:finance"], env=env)
    assert revoked.exit_code == 0, revoked.output
    assert load_sources(path, demo=False).bearer(second, now, demo=False) is None


@pytest.mark.parametrize(
    "command",
    [
        ["sources", "add", "urn:x", "--name", "x", "--type", "NoSuchEvent"],
        ["sources", "rotate", "urn:campus:nobody"],
        ["sources", "revoke", "urn:campus:nobody"],
    ],
)
def test_a_change_that_does_not_apply_exits_2(tmp_path: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, command, env={"ZEREN_REGISTRY_SOURCES": str(tmp_path / "s")})
    assert result.exit_code == 2


@pytest.mark.parametrize("service", ["registry", "duties", "accountability"])
def test_outside_demo_mode_a_service_without_principals_does_not_start(service: str) -> None:
    env = {
        **os.environ,
        "ZEREN_DEMO": "0",
        "ZEREN_REGISTRY_SOURCES": "",
        "ZEREN_KAFKA_BOOTSTRAP": "127.0.0.1:1",
        "ZEREN_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
    }
    ended = subprocess.run(
        [sys.executable, "-m", f"services.{service}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ended.returncode == 1
    assert "ZEREN_REGISTRY_SOURCES is not set" in ended.stderr
    assert f"{service} 未启动" in ended.stderr
    assert "Traceback" not in ended.stderr
