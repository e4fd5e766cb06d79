"""A percentage line on standard error (进度): ``duties 责任  42% (2100/5000)``."""

from __future__ import annotations

import sys
from typing import TextIO


class PercentLine:
    """A :data:`services.audit.replay.Progress` that rewrites one line per phase."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stderr
        self.phase: str | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.phase is not None and phase != self.phase:
            self.out.write("\n")
        self.phase = phase
        share = f"{100 * done // total:3d}% ({done}/{total})" if total else f"{done} records"
        self.out.write(f"\r{phase}  {share}")
        self.out.flush()

    def close(self) -> None:
        """End the last line."""
        if self.phase is not None:
            self.out.write("\n")
            self.phase = None
