"""What the pipeline stores of a fold's changed entries, read back as restore gets it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from services.common.pipeline import json_text


def stored(changes: Mapping[str, Any | None]) -> dict[str, Any]:
    """``changes`` (encoded or not) through PostgreSQL's JSON and back; deletions dropped."""
    return {
        key: json.loads(json_text(value)) for key, value in changes.items() if value is not None
    }
