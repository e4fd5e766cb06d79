"""HTTP queries (查询接口) over the in-memory ledger: cases and award eligibility."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException

from services.accountability.domain import queries
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.state import Ledger


def http_app(ledger: Callable[[], Ledger]) -> FastAPI:
    """The query API; ``ledger`` returns the current ledger (it is replaced on restore)."""
    app = FastAPI(title="Zeren accountability (问责)", version="1")

    @app.get("/v1/cases")
    def cases(status: CaseStatus | None = None, rung: str | None = None) -> list[Case]:
        """Cases, optionally by status (open/resolved/closed) and policy rung id."""
        return queries.list_cases(ledger(), status, rung)

    @app.get("/v1/cases/{case_id}")
    def case(case_id: str) -> Case:
        """One case with its history (办理记录)."""
        found = queries.find_case(ledger(), case_id)
        if found is None:
            raise HTTPException(404, f"no case {case_id} (案件不存在)")
        return found

    @app.get("/v1/award-eligibility/{year}")
    def award_eligibility(year: int) -> dict[str, Any]:
        """Who lost the year's award eligibility, and why (取消年度评优评先资格)."""
        return queries.award_eligibility(ledger(), year)

    return app
