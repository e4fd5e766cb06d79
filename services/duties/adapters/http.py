"""HTTP queries (查询接口) over the in-memory duty state; the logic is in ``domain.queries``."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Query

from services.duties.domain.queries import (
    ComplianceReport,
    DutyView,
    compliance,
    duties_in,
    unit_duties,
)
from services.duties.domain.state import DutyState, Status

YEAR = Query(ge=1921, le=2200, description="Year the periods begin in (年度)")


def create_app(current: Callable[[], DutyState]) -> FastAPI:
    """The query API; ``current`` returns the live state."""
    app = FastAPI(title="Zeren duties (责任状态)", version="1")

    @app.get("/v1/units/{org}/duties")
    def unit(org: str, year: int = YEAR) -> list[DutyView]:
        """One unit's duties × periods of ``year`` with status and evidence (本单位责任事项)."""
        return unit_duties(current(), org, year)

    @app.get("/v1/duties/open")
    def open_duties() -> list[DutyView]:
        """Every open duty instance across the university (未到期)."""
        return duties_in(current(), Status.OPEN)

    @app.get("/v1/duties/overdue")
    def overdue_duties() -> list[DutyView]:
        """Every overdue duty instance across the university (逾期未履行)."""
        return duties_in(current(), Status.OVERDUE)

    @app.get("/v1/compliance")
    def year_compliance(year: int = YEAR) -> ComplianceReport:
        """On-time rate per duty and per unit (履行率)."""
        return compliance(current(), year)

    @app.get("/health")
    def health() -> dict[str, object]:
        state = current()
        return {"units": len(state.units), "clock": {str(p): d for p, d in state.clock.items()}}

    return app
