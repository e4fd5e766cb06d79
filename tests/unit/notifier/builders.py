"""Alerts for the notifier's unit tests, made from the contracts' examples."""

from __future__ import annotations

from typing import Any

from contracts.envelope import examples
from services.notifier.domain.alerts import Alert, alert_of


def alert(event_type: str, **data: Any) -> Alert:
    """The example of ``zeren.<event_type>`` as an alert, its payload changed by ``data``."""
    envelope = next(e for e in examples() if e.type == f"zeren.{event_type}")
    changed = envelope.model_copy(update={"data": envelope.data.model_copy(update=data)})
    found = alert_of(changed)
    assert found is not None
    return found
