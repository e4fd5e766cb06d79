"""Progress of a long run, phase by phase (进度): replay and verify read and fold the
whole log, which takes minutes.

On a terminal each phase is a rich progress bar (``duties 责任 ━━━━━━╸ 42% 2100/5000``);
elsewhere (a log file, CI) one plain line per phase and tenth, so a file holds a
readable record instead of carriage returns.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn


class PhaseProgress:
    """A :data:`services.audit.replay.Progress`: call it with (phase, done, total)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.bars: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        self.tenths: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.console.is_terminal:
            self._bar(phase, done, total)
            return
        tenth = 10 * done // total if total else -1
        if self.tenths.get(phase) != tenth or not total:
            self.tenths[phase] = tenth
            share = f"{100 * done // total:3d}% ({done}/{total})" if total else f"{done} records"
            self.console.print(f"{phase}  {share}", highlight=False)

    def _bar(self, phase: str, done: int, total: int) -> None:
        if self.bars is None:
            self.bars = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                MofNCompleteColumn(),
                console=self.console,
            )
            self.bars.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.bars.add_task(phase, total=total or None)
        self.bars.update(self.tasks[phase], completed=done, total=total or None)

    def close(self) -> None:
        """Stop the bars (their last state stays on screen)."""
        if self.bars is not None:
            self.bars.stop()
            self.bars = None
