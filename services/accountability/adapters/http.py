"""HTTP queries (查询接口) over the in-memory ledger: cases, flags, award eligibility and
the steps not applied.

Cases name persons: the queries are the organization department's and the
auditors' (:attr:`Permission.READ_ALL`); ``/healthz`` is open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException

from services.accountability.domain import queries
from services.accountability.domain.models import Case, Flag, Unapplied
from services.accountability.domain.state import Ledger
from services.common.access.guard import Guard, guarded_app
from services.common.access.roles import Permission


def http_app(ledger: Callable[[], Ledger | Awaitable[Ledger]], guard: Guard) -> FastAPI:
    """The query API; ``ledger`` returns the current ledger (it is replaced on restore), or
    a coroutine that does (instances folding lanes merge every lane's)."""
    app = guarded_app("Zeren accountability (问责)")
    reader = [Depends(guard.require(Permission.READ_ALL))]

    async def current() -> Ledger:
        found = ledger()
        return await found if isawaitable(found) else found

    @app.get("/v1/cases", dependencies=reader)
    async def cases(wanted: Annotated[queries.CaseFilter, Depends()]) -> list[Case]:
        """Cases, optionally by status (open/resolved/closed), rung reached, unit (the unit
        charged or the one the duty is about), duty id, finding id, inspection id and year."""
        return queries.list_cases(await current(), wanted)

    @app.get("/v1/cases/{case_id}", dependencies=reader)
    async def case(case_id: str) -> Case:
        """One case with its history (办理记录)."""
        found = queries.find_case(await current(), case_id)
        if found is None:
            raise HTTPException(404, f"no case {case_id} (案件不存在)")
        return found

    @app.get("/v1/flags", dependencies=reader)
    async def flags(
        unit: str | None = None,
        year: int | None = None,
        member: bool | None = None,
        standing: bool | None = None,
    ) -> list[Flag]:
        """情况提示: situations flagged for people to decide (a member's for his branch, an
        organization's for the higher organization), by unit, year raised, kind, and
        whether they still stand (a withdrawn flag, 已撤回, says when and why)."""
        return queries.list_flags(await current(), unit, year, member, standing)

    @app.get("/v1/unapplied", dependencies=reader)
    async def unapplied(unit: str | None = None) -> list[Unapplied]:
        """未予执行: the department's steps (decisions, determinations, reviews, closures,
        interview records, acceptances) naming a case id no case has, acceptances naming a
        finding not entered yet and reviews naming a decision not recorded yet, by the unit
        named."""
        return queries.list_unapplied(await current(), unit)

    @app.get("/v1/award-eligibility/{year}", dependencies=reader)
    async def award_eligibility(year: int) -> dict[str, Any]:
        """Who lost the year's award eligibility, and why (取消年度评优评先资格)."""
        return queries.award_eligibility(await current(), year)

    return app
