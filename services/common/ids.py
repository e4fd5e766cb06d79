"""Deterministic ids for derived events: the same cause and rule always give the same id."""

from __future__ import annotations

import hashlib
import uuid

#: Namespace of every id Zeren derives (uuid5 over it).
ZEREN_NAMESPACE = uuid.UUID("6f1c6a52-3b0e-5d8e-9a51-7a3e2c1d0b9f")
_HASHED_NAMESPACE = hashlib.sha1(ZEREN_NAMESPACE.bytes, usedforsecurity=False)


def derived_id(cause_event_id: str, rule: str, key: str = "") -> str:
    """The id of the event that ``rule`` derived from ``cause_event_id`` for ``key``.

    ``str(uuid.uuid5(ZEREN_NAMESPACE, f"{cause_event_id}|{rule}|{key}"))``, computed
    from a copy of the namespace's hash (a replay derives millions of ids).
    """
    digest = _HASHED_NAMESPACE.copy()
    digest.update(f"{cause_event_id}|{rule}|{key}".encode())
    raw = bytearray(digest.digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def case_id(*key: str) -> str:
    """The deterministic id of the accountability case with ``key`` (案件编号)."""
    return f"case-{derived_id('case', '|'.join(key))}"


def finding_case_id(organization_id: str, finding_id: str) -> str:
    """The case of a finding (督导检查 or 自查发现的问题) of the unit it was found in: the
    accountability service keeps it, the registry checks a rectification naming both."""
    return case_id("finding", organization_id, finding_id)
