"""The log's daily checkpoints as the registry keeps them (检查点存档), one entry per month.

The registry's relay writes each day's signed :class:`ChainCheckpointed` into
the log; it also keeps them here, so that the registry can serve them by
month (the monthly report verifies them). Kept where they are written (the
relay) and where they are read back (a rebuild from the log): both give the
same entries.
A checkpoint seen again (the relay published it twice) replaces itself, keyed
by its day. Each month is the state entry ``checkpoints:<YYYY-MM>``: the
month's checkpoints in day order, each with its event id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from contracts.events.chain import ChainCheckpointed

CHECKPOINTS = "checkpoints:"
#: A month as the registry serves it (``2018-04``).
MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
Checkpoint = dict[str, Any]


class CheckpointBook:
    """The checkpoints written so far, by month (``YYYY-MM``), then by day."""

    def __init__(self, months: Mapping[str, Mapping[str, Checkpoint]] | None = None) -> None:
        self._months = {m: dict(days) for m, days in (months or {}).items()}
        self._changed: set[str] = set()

    def record(self, event_id: str, checkpoint: ChainCheckpointed) -> None:
        """Keep ``checkpoint`` (event ``event_id``); the same day again replaces it."""
        day = checkpoint.date.isoformat()
        month = day[:7]
        self._months.setdefault(month, {})[day] = {
            "id": event_id,
            **checkpoint.model_dump(mode="json"),
        }
        self._changed.add(month)

    def of_month(self, month: str) -> list[Checkpoint]:
        """The checkpoints of ``month`` (``YYYY-MM``) in day order (none: an empty list)."""
        days = self._months.get(month, {})
        return [days[day] for day in sorted(days)]

    def every(self) -> list[Checkpoint]:
        """Every checkpoint kept, in day order."""
        return [c for month in sorted(self._months) for c in self.of_month(month)]

    def take_changes(self) -> dict[str, list[Checkpoint]]:
        """The months whose checkpoints changed since the last call, as state entries."""
        changes = {CHECKPOINTS + month: self.of_month(month) for month in sorted(self._changed)}
        self._changed.clear()
        return changes

    @classmethod
    def from_entries(cls, entries: Mapping[str, Any]) -> CheckpointBook:
        """The checkpoints saved as state entries by earlier batches."""
        return cls(
            {
                key.removeprefix(CHECKPOINTS): {c["date"]: c for c in saved}
                for key, saved in entries.items()
                if key.startswith(CHECKPOINTS)
            }
        )
