"""``zeren wait`` and the addresses ``zeren services run`` records (issue 28)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.cli.errors import UserError
from services.cli.supervisor import plan
from services.cli.wait import caught_up, recorded_addresses, services_env

pytestmark = pytest.mark.unit

URLS = {"registry": "http://r", "duties": "http://d", "accountability": "http://a"}


def _client(answers: Iterator[dict[str, Any]]) -> httpx.AsyncClient:
    """A client whose every ``/v1/progress`` answers the next of ``answers``."""
    return httpx.AsyncClient(
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=next(answers)))
    )


async def test_waits_for_every_service_caught_up_twice_in_a_row() -> None:
    behind = {"caught_up": False, "behind": 3, "unpublished": 0}
    done = {"caught_up": True, "behind": 0, "unpublished": 0}
    # poll 1: duties behind; poll 2: all caught up; poll 3: all caught up -> done
    answers = iter([done, behind, done] + [done] * 6)
    polls: list[dict[str, Any]] = []
    async with _client(answers) as http:
        await caught_up(http, URLS, timeout_s=30, report=polls.append, interval_s=0)
    assert len(polls) == 3
    assert polls[0]["duties"]["behind"] == 3


async def test_gives_up_with_a_message_naming_who_is_behind() -> None:
    behind = {"caught_up": False, "behind": 7, "unpublished": 1}
    async with _client(iter([behind] * 1000)) as http:
        with pytest.raises(UserError) as caught:
            await caught_up(http, URLS, timeout_s=0.05, report=lambda _: None, interval_s=0.01)
    assert "registry 7" in caught.value.en
    assert "未处理完毕" in caught.value.zh


def test_recorded_addresses_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))
    assert recorded_addresses()["duties"] == "127.0.0.1:8702"  # nothing recorded: defaults
    (tmp_path / "services.env").write_text(services_env(URLS), encoding="utf-8")
    assert recorded_addresses() == URLS


def test_the_notifier_is_waited_for_only_when_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))
    assert "notifier" not in recorded_addresses()  # it may not run: no default port to poll
    with_notifier = {**URLS, "notifier": "http://n"}
    (tmp_path / "services.env").write_text(services_env(with_notifier), encoding="utf-8")
    assert recorded_addresses() == with_notifier


def test_a_pinned_port_in_use_is_refused(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(UserError) as caught:
            plan(tmp_path, {"duties": port})
    assert str(port) in caught.value.en
    chosen = plan(tmp_path, {"duties": port})  # free again: pinned as given
    assert [s.port for s in chosen if s.name == "duties"] == [port]


def test_several_fold_instances_are_planned_for_a_subtree_placed_log_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZEREN_PLACEMENT", "key")
    with pytest.raises(UserError) as caught:
        plan(tmp_path, instances=2)
    assert "ZEREN_PLACEMENT=subtree" in caught.value.en
    assert "子树分区" in caught.value.zh
    monkeypatch.setenv("ZEREN_PLACEMENT", "subtree")
    chosen = plan(tmp_path, instances=3)
    folds = [(s.name, s.service, s.log.name) for s in chosen if s.service != s.name]
    assert folds == [
        ("duties_2", "duties", "duties_2.log"),
        ("duties_3", "duties", "duties_3.log"),
        ("accountability_2", "accountability", "accountability_2.log"),
        ("accountability_3", "accountability", "accountability_3.log"),
    ]
    assert len({s.port for s in chosen}) == len(chosen)
