"""The workbench's settings from the environment, and a branch secretary's scope."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from services.cli.dashboard import workbench_config
from services.cli.main import app
from services.common.access.config import AccessConfig
from services.common.access.roles import Role
from services.common.access.sources import Source
from services.common.access.sources_file import load_sources
from services.workbench.session import User


def test_demo_mode_reads_a_secretarys_pages_with_the_demo_auditor() -> None:
    demo = workbench_config(AccessConfig(demo=True), {"ZEREN_WORKBENCH_SECRET": "s"})
    assert (demo.reader_token, demo.secret, demo.secure_cookie) == (
        "zeren-demo:auditor",
        "s",
        False,
    )
    assert demo.sources().named("urn:zeren:branch-secretary") is not None


def test_without_a_secret_each_start_signs_with_a_fresh_one() -> None:
    first, second = (workbench_config(AccessConfig(demo=True), {}) for _ in range(2))
    assert first.secret != second.secret
    assert len(first.secret) >= 32


def test_a_secretary_sees_his_units_and_those_under_them_only() -> None:
    principal = Source(
        source="urn:x:s",
        name="书记",
        roles=frozenset({Role.BRANCH_SECRETARY}),
        units=frozenset({"br-1"}),
    )
    parents = {"pc": None, "gb": "pc", "br-1": "gb", "g-1": "br-1", "br-2": "gb", "loop": "loop"}
    assert User(principal, "t").visible(parents) == frozenset({"br-1", "g-1"})
    reader = Source(source="urn:x:a", name="审计", roles=frozenset({Role.AUDITOR}))
    assert User(reader, "t").visible(parents) is None


def test_a_secretary_needs_his_units() -> None:
    with pytest.raises(ValidationError, match="needs its units"):
        Source(source="urn:x:s", name="书记", roles=frozenset({Role.BRANCH_SECRETARY}))


def test_zeren_sources_add_scopes_a_branch_secretary(tmp_path: Path) -> None:
    env = {"ZEREN_REGISTRY_SOURCES": str(tmp_path / "sources.yaml")}
    add = ["sources", "add", "urn:x:sec", "--name", "书记", "--role", "branch_secretary"]
    assert CliRunner().invoke(app, add, env=env).exit_code == 2  # no unit: refused
    added = CliRunner().invoke(app, [*add, "--unit", "br-1", "--unit", "br-2"], env=env)
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1]
    found = load_sources(tmp_path / "sources.yaml", demo=False).bearer(
        token, datetime.now(UTC), demo=False
    )
    assert found is not None
    assert found.units == {"br-1", "br-2"}
