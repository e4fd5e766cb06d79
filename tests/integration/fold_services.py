"""The duties and accountability services as child processes (``python -m services.<name>``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.process import free_port
from services.common.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def fold_services(
    settings: Settings, logs: Path, placement: str = "key"
) -> Iterator[dict[str, int]]:
    """Both fold services on ``settings``' topics and schemas, each on a free HTTP port
    (yielded by name), their standard error in ``logs``; terminated on exit. ``placement``
    is the log's (``subtree``: the duties service folds its partitions apart)."""
    env = os.environ | settings.as_env() | {"ZEREN_PLACEMENT": placement}
    ports = {"duties": free_port(), "accountability": free_port()}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", f"services.{name}"],
            cwd=ROOT,
            env=env | {f"ZEREN_{name.upper()}_PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=(logs / f"{name}.log").open("wb"),
        )
        for name, port in ports.items()
    ]
    try:
        yield ports
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=20)
