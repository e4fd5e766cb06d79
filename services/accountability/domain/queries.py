"""Queries over the ledger (台账查询): pure functions, reused by the HTTP API and by replays."""

from __future__ import annotations

from typing import Any

from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.state import Ledger


def list_cases(
    ledger: Ledger, status: CaseStatus | None = None, level: str | None = None
) -> list[Case]:
    """Cases by id, filtered by status (办理状态) and rung reached (问责梯级)."""
    return [
        ledger.cases[key]
        for key in sorted(ledger.cases)
        if (status is None or ledger.cases[key].status is status)
        and (level is None or ledger.cases[key].level == level)
    ]


def find_case(ledger: Ledger, case_id: str) -> Case | None:
    """One case with its history, or None."""
    return ledger.cases.get(case_id)


def award_eligibility(ledger: Ledger, year: int) -> dict[str, Any]:
    """取消年度评优评先资格: who lost the year's eligibility, and each reason.

    ``organizations`` and ``persons`` list each subject once, sorted by id,
    with every revocation in force (case, decision, day, event, reason)
    behind it; those a review cancelled are under ``restored``.
    """
    lost: dict[str, dict[str, list[dict[str, Any]]]] = {"organization": {}, "person": {}}
    restored = []
    for revocation in ledger.eligibility.get(year, []):
        if revocation.restored_on is not None:
            restored.append(revocation.model_dump(mode="json", exclude={"year"}))
            continue
        lost[revocation.subject].setdefault(revocation.subject_id, []).append(
            revocation.model_dump(mode="json", exclude={"year", "subject", "subject_id"})
        )
    return {
        "year": year,
        "organizations": _subjects(lost["organization"], "organization_id"),
        "persons": _subjects(lost["person"], "person_id"),
        "restored": restored,
    }


def _subjects(lost: dict[str, list[dict[str, Any]]], id_field: str) -> list[dict[str, Any]]:
    return [{id_field: key, "revocations": lost[key]} for key in sorted(lost)]
