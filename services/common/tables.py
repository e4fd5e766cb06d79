"""Rich tables for the CLI's views (表格): cells of several lines, wrapped to the width at
hand, CJK characters counting double."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

Cell = Sequence[str]
#: Width of the text when the output is not a terminal (a file, a pipe, a test).
DEFAULT_WIDTH = 120


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Table:
    """A rich table whose cells are lists of lines; rich wraps them to the width at hand."""
    grid = Table(title=title, show_lines=True, title_justify="left")
    for header in headers:
        grid.add_column(header, overflow="fold")
    for row in rows:
        grid.add_row(*("\n".join(cell) for cell in row))
    return grid


def cli_console() -> Console:
    """Standard output at the terminal's width, or :data:`DEFAULT_WIDTH` off a terminal."""
    return Console(width=None if sys.stdout.isatty() else DEFAULT_WIDTH, highlight=False)


def as_text(renderable: Table, width: int = DEFAULT_WIDTH) -> str:
    """``renderable`` as plain text no wider than ``width`` columns (CJK characters count 2)."""
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()
