"""The production units under ``deploy/systemd`` pass ``systemd-analyze verify`` without a
warning, and each starts one of the three services."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

UNITS = Path(__file__).resolve().parents[3] / "deploy" / "systemd"
#: Where the units expect the virtual environment of the installed wheel.
INSTALLED_PYTHON = "/opt/zeren/bin/python"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
@pytest.mark.parametrize("service", ["registry", "duties", "accountability"])
def test_each_unit_verifies_cleanly(service: str, tmp_path: Path) -> None:
    text = (UNITS / f"zeren-{service}.service").read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED_PYTHON} -m services.{service}\n" in text
    # verify checks that the command exists: point it at this interpreter.
    unit = tmp_path / f"zeren-{service}.service"
    unit.write_text(text.replace(INSTALLED_PYTHON, sys.executable), encoding="utf-8")
    verified = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert verified.returncode == 0, verified.stderr
    assert str(unit) not in verified.stderr, verified.stderr
