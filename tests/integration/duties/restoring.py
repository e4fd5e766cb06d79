"""A duties projection that counts what each restore is given (restart tests)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.duties.adapters.projection import DutiesProjection


class CountingRestores(DutiesProjection):
    """Counts the stored entries each restore is given, in ``read``."""

    read: list[int]

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.read = [*getattr(self, "read", []), len(entries)]
        super().restore(entries)
