"""``free_port`` never returns a port twice: a broker's client and controller listeners
are asked for one after the other and bound only later, and the broker refused to
start when both got the same port."""

from __future__ import annotations

import random

import pytest

from deploy import process

pytestmark = pytest.mark.unit


class _SameDraw(random.Random):
    """A draw that repeats: the candidates in their order, every time."""

    def shuffle(self, x: list[int]) -> None:  # type: ignore[override]
        return None


def test_a_port_is_returned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process, "_HANDED_OUT", set())
    monkeypatch.setattr(random, "SystemRandom", _SameDraw)
    ports = [process.free_port() for _ in range(5)]
    assert len(set(ports)) == 5, ports
    assert all(port >= process.LOWEST_PORT for port in ports), ports
