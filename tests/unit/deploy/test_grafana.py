"""The sample Grafana dashboard asks only for metrics the services expose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

import services.common.observability  # noqa: F401 (registers the services' metrics)

pytestmark = pytest.mark.unit

DASHBOARD = Path(__file__).resolve().parents[3] / "deploy" / "grafana" / "zeren-services.json"


def _exposed() -> set[str]:
    """Every sample name the process's metrics can have (``_total``, ``_bucket`` …)."""
    return {sample.name for family in REGISTRY.collect() for sample in family.samples} | {
        f"{family.name}{suffix}"
        for family in REGISTRY.collect()
        for suffix in ("", "_total", "_count", "_sum", "_bucket")
    }


def test_every_panel_queries_exposed_metrics() -> None:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    asked = {
        name
        for panel in board["panels"]
        for target in panel["targets"]
        for name in re.findall(r"zeren_[a-z_]+", target["expr"])
    }
    assert len(asked) >= 6
    assert asked <= _exposed(), asked - _exposed()
