"""HTTP queries (查询接口) over the duty state; the logic is in ``domain.queries``.

Instances come from memory and, once archived, from PostgreSQL (``archived``).
The queries name units and duties only, but they are the organization
department's and the auditors' (:attr:`Permission.READ_ALL`); ``/healthz`` is open.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Query

from services.common.access.guard import Guard, guarded_app
from services.common.access.roles import Permission
from services.duties.adapters.archive import ArchiveReader, nothing_archived
from services.duties.domain.instances import Status
from services.duties.domain.queries import (
    ComplianceReport,
    DutyView,
    compliance,
    duties_in,
    month_by_unit,
    monthly_compliance,
    unit_duties,
)
from services.duties.domain.state import DutyState

YEAR = Query(ge=1921, le=2200, description="Year the periods begin in (年度)")
MONTH = Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="Month due, YYYY-MM (月份)")


#: The live state, or a coroutine that reads it (an instance folding some partitions reads
#: the others' from PostgreSQL).
Current = Callable[[], DutyState | Awaitable[DutyState]]


def create_app(
    current: Current, guard: Guard, archived: ArchiveReader = nothing_archived
) -> FastAPI:
    """The query API; ``current`` returns the live state, ``archived`` reads the archive."""
    app = guarded_app("Zeren duties (责任状态)")

    async def state() -> DutyState:
        found = current()
        return await found if inspect.isawaitable(found) else found

    reader = [Depends(guard.require(Permission.READ_ALL))]

    @app.get("/v1/units/{org}/duties", dependencies=reader)
    async def unit(org: str, year: int = YEAR) -> list[DutyView]:
        """One unit's duties × periods of ``year`` with status and evidence (本单位责任事项)."""
        return unit_duties(await state(), org, year, await archived(org, year, None))

    @app.get("/v1/duties/open", dependencies=reader)
    async def open_duties() -> list[DutyView]:
        """Every open duty instance across the university (未到期; never archived)."""
        return duties_in(await state(), Status.OPEN)

    @app.get("/v1/duties/overdue", dependencies=reader)
    async def overdue_duties() -> list[DutyView]:
        """Every overdue duty instance across the university (逾期未履行)."""
        overdue = Status.OVERDUE
        return duties_in(await state(), overdue, await archived(None, None, overdue))

    @app.get("/v1/compliance", dependencies=reader)
    async def year_compliance(year: int = YEAR) -> ComplianceReport:
        """On-time rate per duty, per unit and, apart, per unit's members (履行率)."""
        return compliance(await state(), year, await archived(None, year, None))

    @app.get("/v1/compliance/monthly", dependencies=reader)
    async def year_by_month(year: int = YEAR) -> dict[str, dict[str, int | float | None]]:
        """The units' own duties due in each month of ``year``: counts and on-time rate."""
        due_then = await archived(None, year - 1, None) + await archived(None, year, None)
        return monthly_compliance(await state(), year, due_then)

    @app.get("/v1/compliance/monthly/units", dependencies=reader)
    async def month_units(month: str = MONTH) -> dict[str, dict[str, int | float | None]]:
        """Per unit, its own duties due in ``month``: counts and on-time rate (本月各单位)."""
        year = int(month[:4])
        due_then = await archived(None, year - 1, None) + await archived(None, year, None)
        return month_by_unit(await state(), month, due_then)

    return app
