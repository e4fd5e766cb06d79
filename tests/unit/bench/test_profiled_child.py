"""``make bench BENCH_ARGS="--profile S"``: the service's process runs under a profiler."""

from __future__ import annotations

import pstats
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.benchmark import CPROFILE, profile_path
from tests.bench.children import ACCOUNTABILITY, DUTIES, command

pytestmark = pytest.mark.unit


def test_only_the_named_service_is_profiled() -> None:
    assert command(DUTIES) == [sys.executable, "-m", "services.duties"]
    assert profile_path("duties", DUTIES) is not None
    assert profile_path("duties", ACCOUNTABILITY) is None
    assert profile_path(None, DUTIES) is None


def test_the_profiled_command_writes_its_report_where_asked(tmp_path: Path) -> None:
    report = tmp_path / "profile-duties.txt"
    argv = command(DUTIES, report)
    assert argv[-2:] == ["-m", "services.duties"]
    # The same options on a module that ends by itself: pyinstrument accepts them and
    # writes its text report at the exit.
    done = subprocess.run(
        [*argv[:-2], "-m", "calendar", "2026"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Program:" in report.read_text()


def test_a_prof_report_is_cprofile_s_with_every_call_counted(tmp_path: Path) -> None:
    """``--profiler cprofile``: the report is a ``pstats`` file, read with ``python -m pstats``."""
    report = profile_path("duties", DUTIES, profiler=CPROFILE)
    assert report is not None
    assert report.suffix == ".prof"
    argv = command(DUTIES, tmp_path / report.name)
    assert argv[-2:] == ["-m", "services.duties"]
    done = subprocess.run(
        [*argv[:-2], "-m", "calendar", "2026"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    stats = pstats.Stats(str(tmp_path / report.name))
    assert any(name == "formatyear" for _, _, name in stats.stats)  # type: ignore[attr-defined]
