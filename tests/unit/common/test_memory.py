"""The allocator and collector settings a service applies at start."""

from __future__ import annotations

import ctypes.util
import gc
import platform

import pytest

from services.common import memory

pytestmark = pytest.mark.unit


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_glibc_takes_every_setting() -> None:
    assert memory.tune_allocator() is True


def test_without_a_c_library_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert memory.tune_allocator() is False


def test_after_restore_the_collector_skips_what_lives_and_runs_less_often() -> None:
    before = gc.get_threshold()
    try:
        memory.tune_collector()
        assert gc.get_threshold() == memory.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
