"""Deterministic ids for derived events: the same cause and rule always give the same id."""

from __future__ import annotations

import uuid

#: Namespace of every id Zeren derives (uuid5 over it).
ZEREN_NAMESPACE = uuid.UUID("6f1c6a52-3b0e-5d8e-9a51-7a3e2c1d0b9f")


def derived_id(cause_event_id: str, rule: str, key: str = "") -> str:
    """The id of the event that ``rule`` derived from ``cause_event_id`` for ``key``."""
    return str(uuid.uuid5(ZEREN_NAMESPACE, f"{cause_event_id}|{rule}|{key}"))
