"""The workbench's settings from the environment, and a branch secretary's scope."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.cli.dashboard import workbench_config
from services.common.access.config import AccessConfig
from services.common.access.roles import Role
from services.common.access.sources import Source
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
