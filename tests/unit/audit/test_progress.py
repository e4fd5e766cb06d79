"""Progress of replay and verify: bars on a terminal, plain lines elsewhere (issue 24)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from services.audit.progress import PhaseProgress

pytestmark = pytest.mark.unit


def _run(terminal: bool) -> str:
    out = io.StringIO()
    progress = PhaseProgress(Console(file=out, force_terminal=terminal, width=100))
    progress("read 读取日志", 5000, 0)
    for done in range(0, 5001, 250):
        progress("duties 责任", done, 5000)
    progress("accountability 问责", 40, 40)
    progress.close()
    return out.getvalue()


def test_off_a_terminal_one_line_per_phase_and_tenth() -> None:
    lines = _run(terminal=False).splitlines()
    duties = [line for line in lines if line.startswith("duties")]
    assert duties[0] == "duties 责任    0% (0/5000)"
    assert duties[-1] == "duties 责任  100% (5000/5000)"
    assert len(duties) == 11  # 0 %, 10 % … 100 %
    assert "read 读取日志  5000 records" in lines
    assert "\r" not in "".join(lines)


def test_on_a_terminal_a_bar_per_phase() -> None:
    text = _run(terminal=True)
    assert "━" in text
    assert "5000/5000" in text
    assert "40/40" in text
