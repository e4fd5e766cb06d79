"""The bench's report: one table of figures, their limits and targets, and its JSON."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

from deploy.kafka_local import kafka_version

RESULTS = Path(__file__).parent / "results" / "latest.json"
PACKAGES = ("aiokafka", "asyncpg", "pydantic", "fastapi", "uvicorn", "faststream", "psutil")


@dataclass(frozen=True)
class Figure:
    """One measured figure, the limit it is compared with, and its target."""

    name: str
    value: float | None
    unit: str
    limit: float | None = None
    limit_name: str = ""
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.limit:
            return None
        return self.value / self.limit

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "miss", None: ""}[self.ok]


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def table(figures: list[Figure]) -> str:
    """The figures as an aligned text table."""
    head = ("figure", "value", "unit", "limit", "ratio", "target", "result")
    rows = [head] + [
        (
            f.name,
            _number(f.value),
            f.unit,
            f"{_number(f.limit)} ({f.limit_name})" if f.limit is not None else "",
            f"{f.ratio:.2f}x" if f.ratio is not None else "",
            f.target,
            f.verdict or f.note,
        )
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    notes = [f"  {f.name}: {f.note}" for f in figures if f.note and f.verdict]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:], *notes])


def summary(figures: list[Figure]) -> str:
    """One line: every figure that has a target, its value or ratio, and pass/miss."""
    parts = []
    for f in figures:
        if not f.target:
            continue
        shown = f"{f.ratio:.2f}x" if f.ratio is not None else _number(f.value) + f" {f.unit}"
        parts.append(f"{f.name} {shown} {f.verdict or 'unavailable'}")
    return "summary: " + "; ".join(parts)


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_bytes": psutil.virtual_memory().total,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def versions() -> dict[str, str]:
    found = {"python": sys.version.split()[0], "kafka": kafka_version()}
    return found | {name: metadata.version(name) for name in PACKAGES}


def write(figures: list[Figure], parameters: dict[str, Any]) -> Path:
    """Save the run as JSON at :data:`RESULTS`."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": parameters,
        "machine": machine(),
        "versions": versions(),
        "figures": [asdict(f) | {"ratio": f.ratio, "result": f.verdict} for f in figures],
        "summary": summary(figures),
    }
    RESULTS.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return RESULTS
