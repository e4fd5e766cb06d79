"""The built wheel, installed into a fresh virtual environment, runs ``zeren`` and finds
its state folder under the working directory; its services import nothing of ``deploy/``.

Needs the package index (or pip's cache) for the dependencies, as any install does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(600)


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZEREN_")}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=540)


def test_the_installed_wheel_runs_from_any_folder(tmp_path: Path) -> None:
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        work,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("zeren-*.whl")
    assert _run([sys.executable, "-m", "venv", str(venv)], work).returncode == 0
    installed = _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], work)
    assert installed.returncode == 0, installed.stderr

    zeren = str(venv / "bin" / "zeren")
    assert "Usage: zeren" in _run([zeren, "--help"], work).stdout
    catalog = _run([zeren, "catalog"], work)
    assert catalog.returncode == 0, catalog.stderr
    assert "上海开放大学基层党建工作职责目录" in catalog.stdout
    probe = (
        "import sys; from services.common.settings import state_dir; "
        "import services.registry.app, services.duties.app, services.accountability.app; "
        "print(state_dir()); print([m for m in sys.modules if m.startswith('deploy')])"
    )
    found = _run([str(venv / "bin" / "python"), "-c", probe], work)
    assert found.stdout.splitlines() == [str((work / ".zeren").resolve()), "[]"], found.stderr
    site = next((venv / "lib").glob("python3.*/site-packages"))
    assert (site / "deploy" / "kafka-run").is_file()
    # the workbench's templates and stylesheet ship in the wheel (no CDN, no source tree)
    assert (site / "services" / "workbench" / "templates" / "case.html").is_file()
    assert (site / "services" / "workbench" / "templates" / "style.css").is_file()
