"""Tokens hashed at rest, expiry, demo-only entries, reload, add/rotate/revoke."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.common.access import admin
from services.common.access.config import AccessConfig, AccessNotConfiguredError
from services.common.access.roles import Role
from services.common.access.sources import Source, Sources
from services.common.access.sources_file import (
    DEMO_SOURCES,
    SourcesFile,
    SourcesFileError,
    load_sources,
    save_sources,
)
from services.common.access.tokens import TokenHash

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_tokens_are_salted_hashes() -> None:
    hashed = TokenHash.of("s3cret")
    assert hashed.matches("s3cret")
    assert not hashed.matches("s3cret ")
    assert TokenHash.of("s3cret").sha256 != hashed.sha256  # a fresh salt each time


def test_a_token_expires() -> None:
    token = TokenHash.of("s3cret", expires=NOW + timedelta(days=1))
    finance = Source(source="urn:campus:finance", name="财务", tokens=(token,))
    sources = Sources(sources=(finance,))
    assert sources.bearer("s3cret", NOW, demo=False) == finance
    assert sources.bearer("s3cret", NOW + timedelta(days=1), demo=False) is None
    assert sources.bearer("wrong", NOW, demo=False) is None
    assert sources.bearer("", NOW, demo=False) is None


def test_several_tokens_of_one_source_are_active_at_once() -> None:
    tokens = (TokenHash.of("old", id="a"), TokenHash.of("new", id="b"))
    hr = Source(source="urn:campus:hr", name="人事", tokens=tokens)
    sources = Sources(sources=(hr,))
    assert sources.bearer("old", NOW, demo=False) == hr
    assert sources.bearer("new", NOW, demo=False) == hr
    with pytest.raises(ValueError, match="repeat"):
        Source(source="x", name="x", tokens=(TokenHash.of("1", id="a"), TokenHash.of("2", id="a")))


def test_the_bundled_demo_principals_serve_only_in_demo_mode() -> None:
    sources = load_sources()
    finance = sources.bearer("zeren-demo:finance", NOW, demo=True)
    assert finance is not None
    assert finance.types == {"DuesPaid", "BudgetAdopted", "FundsUsePlanFiled"}
    assert finance.roles == {Role.CAMPUS}
    demo = sources.named("urn:zeren:demo")
    assert demo is not None
    assert demo.every_type
    assert sources.bearer("zeren-demo:finance", NOW, demo=False) is None
    with pytest.raises(SourcesFileError) as refused:
        load_sources(DEMO_SOURCES, demo=False)
    assert 'urn:zeren:demo: allowed every type ("*")' in str(refused.value)
    assert "urn:campus:finance: token demo is the demo token" in str(refused.value)
    assert "非演示模式" in str(refused.value)


def test_outside_demo_mode_a_principals_file_is_required() -> None:
    with pytest.raises(AccessNotConfiguredError) as missing:
        AccessConfig(demo=False).sources_file()
    assert "ZEREN_REGISTRY_SOURCES" in str(missing.value)
    assert "未设置" in str(missing.value)
    assert AccessConfig(demo=True).sources_file().path == DEMO_SOURCES
    assert AccessConfig.from_env({"ZEREN_DEMO": "1"}).demo
    assert not AccessConfig.from_env({"ZEREN_DEMO": "yes"}).demo


def _registered(path: Path) -> str:
    sources, secret = admin.add(
        Sources(sources=()),
        "urn:campus:finance",
        "财务处",
        frozenset({Role.CAMPUS}),
        frozenset({"DuesPaid"}),
        NOW,
        timedelta(days=30),
    )
    save_sources(path, sources)
    return secret


def test_added_tokens_are_stored_hashed_with_their_expiry(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    secret = _registered(path)
    text = path.read_text(encoding="utf-8")
    assert secret not in text
    assert os.stat(path).st_mode & 0o077 == 0
    finance = load_sources(path, demo=False).bearer(secret, NOW, demo=False)
    assert finance is not None
    assert finance.tokens[0].expires == NOW + timedelta(days=30)
    with pytest.raises(admin.SourcesChangeError, match="already registered"):
        admin.add(
            load_sources(path), "urn:campus:finance", "x", frozenset(), frozenset(), NOW, None
        )


def test_rotation_keeps_the_old_token_for_the_grace_period_only(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    old = _registered(path)
    rotated, new = admin.rotate(
        load_sources(path, demo=False), "urn:campus:finance", NOW, None, timedelta(hours=24)
    )
    assert new != old
    later = NOW + timedelta(hours=23)
    assert rotated.bearer(old, later, demo=False) is not None
    assert rotated.bearer(new, later, demo=False) is not None
    after_grace = NOW + timedelta(hours=24)
    assert rotated.bearer(old, after_grace, demo=False) is None
    assert rotated.bearer(new, after_grace + timedelta(days=900), demo=False) is not None
    with pytest.raises(admin.SourcesChangeError, match="not registered"):
        admin.rotate(rotated, "urn:campus:nobody", NOW, None, timedelta())


def test_revoking_one_token_or_all(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    first = _registered(path)
    both, second = admin.rotate(
        load_sources(path), "urn:campus:finance", NOW, None, timedelta(days=7)
    )
    entry = both.named("urn:campus:finance")
    assert entry is not None
    first_id = entry.tokens[0].id
    one_left = admin.revoke(both, "urn:campus:finance", first_id)
    assert one_left.bearer(first, NOW, demo=False) is None
    assert one_left.bearer(second, NOW, demo=False) is not None
    none_left = admin.revoke(both, "urn:campus:finance", None)
    assert none_left.bearer(second, NOW, demo=False) is None
    with pytest.raises(admin.SourcesChangeError, match="no token"):
        admin.revoke(both, "urn:campus:finance", "nope")


def test_the_file_is_reloaded_when_it_changes_and_a_broken_one_is_ignored(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sources.yaml"
    first = _registered(path)
    watched = SourcesFile(path, demo=False)
    assert watched.current().bearer(first, NOW, demo=False) is not None

    rotated, second = admin.rotate(watched.current(), "urn:campus:finance", NOW, None, timedelta())
    save_sources(path, rotated)
    assert watched.current().bearer(second, NOW, demo=False) is not None
    assert watched.current().bearer(first, NOW, demo=False) is None

    path.write_text("sources: [{source: 1}]\n", encoding="utf-8")
    assert watched.current().bearer(second, NOW, demo=False) is not None  # the last good one
