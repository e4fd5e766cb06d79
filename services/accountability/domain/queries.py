"""Queries over the ledger (台账查询): pure functions, reused by the HTTP API and by replays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from services.accountability.domain.models import Case, CaseStatus, Flag, Unapplied
from services.accountability.domain.state import Ledger

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a query wants (案件筛选); None leaves a criterion out.

    ``unit`` matches the unit charged (责任单位) or the unit the duty is about;
    ``rung`` is the rung reached (问责梯级); ``year`` the case's year.
    """

    status: CaseStatus | None = None
    rung: str | None = None
    unit: str | None = None
    duty: str | None = None
    finding: str | None = None
    inspection: str | None = None
    year: int | None = None

    def admits(self, case: Case) -> bool:
        return (
            _wanted(self.status, case.status)
            and _wanted(self.rung, case.level)
            and _wanted(self.duty, case.duty_id)
            and _wanted(self.finding, case.finding_id)
            and _wanted(self.inspection, case.inspection_id)
            and _wanted(self.year, case.year)
            and (
                self.unit is None
                or self.unit in (case.organization_id, case.subject_organization_id)
            )
        )


def merged(ledgers: Mapping[int, Ledger], partitions: int) -> Ledger:
    """The ledgers of lanes (by partition) as one for the queries: every lane's cases (each
    case is kept on one partition), flags, lost eligibilities and steps not applied."""
    whole = Ledger.empty(partitions)
    for _, ledger in sorted(ledgers.items()):
        whole.cases.update(ledger.cases)
        _gather(whole.flags, ledger.flags)
        _gather(whole.eligibility, ledger.eligibility)
        _gather(whole.unapplied, ledger.unapplied)
    return whole


def _gather(whole: dict[K, list[V]], lane: Mapping[K, list[V]]) -> None:
    """Append each list of ``lane`` to the list of ``whole`` under the same key."""
    for key, values in lane.items():
        whole.setdefault(key, []).extend(values)


def _wanted(criterion: object, value: object) -> bool:
    return criterion is None or criterion == value


def list_cases(ledger: Ledger, wanted: CaseFilter = CaseFilter()) -> list[Case]:
    """Cases by id, those ``wanted`` admits."""
    return [ledger.cases[key] for key in sorted(ledger.cases) if wanted.admits(ledger.cases[key])]


def find_case(ledger: Ledger, case_id: str) -> Case | None:
    """One case with its history, or None."""
    return ledger.cases.get(case_id)


def list_flags(
    ledger: Ledger,
    unit: str | None = None,
    year: int | None = None,
    member: bool | None = None,
    standing: bool | None = None,
) -> list[Flag]:
    """情况提示 by day raised: of ``unit`` (the unit concerned or the one that decides),
    raised in ``year``, members' only (True) or organizations' only (False), those that
    still stand only (True) or those withdrawn only (False, 已撤回: each says why)."""
    found = [
        f
        for kept in ledger.flags.values()
        for f in kept
        if unit in (None, f.organization_id, f.decides)
        and year in (None, f.year)
        and member in (None, f.member_id is not None)
        and standing in (None, f.stands)
    ]
    return sorted(found, key=lambda f: (f.flagged_on, f.organization_id, f.event_id))


def list_unapplied(ledger: Ledger, unit: str | None = None) -> list[Unapplied]:
    """未予执行: the department's steps naming a case the ledger does not hold (or a finding
    not entered yet, or a decision not recorded yet), of ``unit`` (the unit each names),
    by day recorded, unit and event (the same order whether one fold or lanes kept
    them)."""
    found = [step for kept in ledger.unapplied.values() for step in kept
             if unit in (None, step.organization_id)]  # fmt: skip
    return sorted(found, key=lambda s: (s.recorded_on, s.organization_id, s.event_id))


def award_eligibility(ledger: Ledger, year: int) -> dict[str, Any]:
    """取消年度评优评先资格: who lost the year's eligibility, and each reason.

    ``organizations`` and ``persons`` list each subject once, sorted by id,
    with every revocation in force (case, decision, day, event, reason)
    behind it; those a review cancelled are under ``restored``. Revocations are
    listed by day decided, case and event: the same order whether one fold decided
    them all or lanes did, each on its own partition (:func:`merged`).
    """
    lost: dict[str, dict[str, list[dict[str, Any]]]] = {"organization": {}, "person": {}}
    restored = []
    revocations = ledger.eligibility.get(year, [])
    for revocation in sorted(revocations, key=lambda r: (r.decided_on, r.case_id, r.event_id)):
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
