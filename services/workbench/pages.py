"""The workbench's pages (页面): overview, unit, overdue, cases, case, trends, deliveries,
exports, the printable 通报 and 月度报告. Each reads the services, shapes with :mod:`.views`."""

# No ``from __future__ import annotations``: the routes' ``Page`` alias is local to
# :func:`add_pages`, so FastAPI must see the evaluated annotations.

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.errors import ContractViolation
from contracts.events.enums import DecidingBody, InterviewKind, ReviewOutcome
from contracts.events.enums import Rung as Measure
from contracts.events.oversight import DECIDED_MEASURES
from services.accountability.domain.models import CaseStatus
from services.workbench import charts, export, report, views
from services.workbench.forms import FORMS, envelope_json, payload, submit
from services.workbench.labels import (
    ALERT_KIND_ZH,
    ALERT_RUNG_ZH,
    CASE_STATUS_ZH,
    CHANNEL_ZH,
    DELIVERY_ZH,
    DUTY_STATUS_ZH,
    rung_names,
)
from services.workbench.reader import ServiceError
from services.workbench.views import Json
from services.workbench.web import Context

YEAR = Query(ge=2000, le=2100, description="年度")
Year = Annotated[int | None, YEAR]
#: A month of the years the pages take (``2018-04``).
Month = Annotated[str | None, Query(pattern=r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
#: After a form, the case page reloads itself every few seconds until the services have
#: noted the event on the case, at most this many times (about a minute).
REFRESHES = 20
#: Most deliveries the deliveries page lists, the latest changed first.
DELIVERIES_SHOWN = 200
#: A delivery's status as the deliveries page filters it.
DeliveryStatus = Literal["pending", "delivered", "failed"]
#: The labels the deliveries' tables show (the deliveries page, a case's page).
DELIVERY_LABELS: dict[str, Any] = {
    "delivery_zh": DELIVERY_ZH, "channel_zh": CHANNEL_ZH,
    "alert_rung_zh": ALERT_RUNG_ZH, "alert_kind_zh": ALERT_KIND_ZH,
}  # fmt: skip


async def _started(ctx: Context) -> str:
    """The log clock's day; 503 before the clock has started (nothing to show yet)."""
    today = await ctx.read.today()
    if today is None:
        raise ServiceError(
            503,
            "workbench.no_clock",
            "日志时钟尚未开始，暂无数据",
            "the log's clock has not started",
        )
    return today


async def _year(ctx: Context, year: int | None) -> tuple[int, str | None]:
    """The year asked for, else the log clock's; and the clock's day (截至)."""
    if year is not None:
        return year, await ctx.read.today()
    today = await _started(ctx)
    return int(today[:4]), today


async def _orgs(ctx: Context) -> tuple[list[Json], dict[str, Json], frozenset[str] | None]:
    """The registry's tree, every organization by id, and what the user may see."""
    tree = await ctx.read.organizations()
    orgs = views.flatten(tree)
    return tree, orgs, ctx.user.visible(views.parents(orgs))


def _must_see(visible: frozenset[str] | None, *units: str | None) -> None:
    if visible is not None and not visible & {u for u in units if u}:
        raise ServiceError(403, "auth.out_of_scope", "此单位不在您的查阅范围内", "not your unit")


def add_pages(app: FastAPI, context: Callable[[Request], Context]) -> None:
    """Register the pages on ``app``; ``context`` gives each request its user and reader."""
    Page = Annotated[Context, Depends(context)]  # noqa: N806 (a type alias, local to the app)

    @app.get("/", response_class=HTMLResponse)
    async def overview(ctx: Page, year: Year = None) -> HTMLResponse:
        year, today = await _year(ctx, year)
        tree, _, visible = await _orgs(ctx)
        report = await ctx.read.compliance(year)
        cases = [c for c in await ctx.read.cases(year=year) if views.admitted(c, visible)]
        return ctx.page(
            "overview.html", year=year, today=today, groups=views.overview(tree, report, visible),
            rungs=views.rung_counts(cases), percent=views.percent,
        )  # fmt: skip

    @app.get("/units/{org}", response_class=HTMLResponse)
    async def unit(ctx: Page, org: str, year: Year = None) -> HTMLResponse:
        year, today = await _year(ctx, year)
        _, orgs, visible = await _orgs(ctx)
        _must_see(visible, org)
        found = await ctx.read.organization(org)
        duties = await ctx.read.unit_duties(org, year)
        cases = await ctx.read.cases(unit=org, year=year)
        names = await ctx.read.names(views.person_ids(cases, duties))
        unapplied = [s for s in await ctx.read.unapplied(org)
                     if s["recorded_on"].startswith(f"{year}-")]  # fmt: skip
        return ctx.page(
            "unit.html", year=year, today=today, org=found,
            by_period=views.by_period(views.duty_rows(duties, names)),
            parent=views.org_name(orgs, found.get("parent_id")) if found.get("parent_id") else None,
            cases=[views.case_row(c, orgs, names) for c in cases], orgs=orgs, unapplied=unapplied,
        )  # fmt: skip

    @app.get("/overdue", response_class=HTMLResponse)
    async def overdue(ctx: Page) -> HTMLResponse:
        today = await ctx.read.today()
        _, orgs, visible = await _orgs(ctx)
        late = [
            d
            for d in await ctx.read.overdue()
            if visible is None or d["organization_id"] in visible
        ]
        cases = [c for c in await ctx.read.cases() if views.admitted(c, visible)]
        flags = [
            f
            for f in await ctx.read.flags()
            if views.recent(f["flagged_on"], today)
            and (visible is None or f["organization_id"] in visible)
        ]
        names = await ctx.read.names(views.person_ids(cases, late) | views.person_ids(flags, flags))
        holders = {
            org: views.holders_zh(await ctx.read.organization(org))
            for org in sorted({d["organization_id"] for d in late})
        }
        units, members = views.overdue_rows(late, cases, orgs, names, holders)
        flagged = views.flag_rows(flags, orgs, names)
        standing = [f for f in flagged if not f.get("withdrawn_on")]
        return ctx.page(
            "overdue.html", today=today, units=units, members=members,
            member_flags=[f for f in standing if f.get("member_id")],
            unit_flags=[f for f in standing if not f.get("member_id")],
            withdrawn_flags=[f for f in flagged if f.get("withdrawn_on")],
        )  # fmt: skip

    @app.get("/cases", response_class=HTMLResponse)
    async def cases(
        ctx: Page, year: Year = None, rung: str | None = None, unit: str | None = None,
        status: CaseStatus | None = None,
    ) -> HTMLResponse:  # fmt: skip
        rungs = rung_names()
        if rung and rung not in rungs:
            raise ServiceError(400, "workbench.bad_query", "查询参数有误：梯级", "unknown rung")
        today = await ctx.read.today()
        _, orgs, visible = await _orgs(ctx)
        if unit:
            _must_see(visible, unit)
        wanted = {"year": year, "rung": rung or None, "unit": unit or None,
                  "status": status.value if status else None}  # fmt: skip
        found = [c for c in await ctx.read.cases(**wanted) if views.admitted(c, visible)]
        names = await ctx.read.names(views.person_ids(found))
        units = sorted(
            (o for o in orgs.values() if visible is None or o["organization_id"] in visible),
            key=lambda o: o["organization_id"],
        )
        return ctx.page(
            "cases.html", today=today, wanted=wanted, rungs=rungs, statuses=CASE_STATUS_ZH,
            units=units, rows=[views.case_row(c, orgs, names) for c in found],
        )  # fmt: skip

    async def case_page(ctx: Page, case_id: str, status: int = 200, **extra: Any) -> HTMLResponse:
        today = await ctx.read.today()
        _, orgs, visible = await _orgs(ctx)
        case = await ctx.read.case(case_id)
        _must_see(visible, case["organization_id"], case.get("subject_organization_id"))
        duty = await _duty_of(ctx, case)
        names = await ctx.read.names(views.person_ids([case], [duty] if duty else []))
        sent, silent = None, None
        if ctx.user.reads_all:
            try:
                sent = await ctx.read.deliveries(case=case_id)
            except ServiceError as error:  # the case page stands without the notifier
                silent = error.message_zh
        return ctx.page(
            "case.html", status, today=today, case=views.case_row(case, orgs, names),
            chain=views.chain(case, duty), duty=duty, names=names, forms=FORMS,
            deliveries=sent, notifier_silent=silent, bodies=DecidingBody, duty_zh=DUTY_STATUS_ZH,
            measures=[m for m in Measure if m in DECIDED_MEASURES],
            interview_kinds=InterviewKind, outcomes=ReviewOutcome, refreshes=REFRESHES,
            folded={step["event_id"] for step in case.get("history", [])},
            **DELIVERY_LABELS, **extra,
        )  # fmt: skip

    @app.get("/cases/{case_id}", response_class=HTMLResponse)
    async def case(
        ctx: Page, case_id: str, sent: str | None = None, event: str | None = None,
        tries: Annotated[int, Query(ge=0, le=REFRESHES)] = 0,
    ) -> HTMLResponse:  # fmt: skip
        return await case_page(ctx, case_id, sent=sent, event=event, tries=tries)

    @app.post("/cases/{case_id}/record/{kind}", response_model=None)
    async def record(ctx: Page, case_id: str, kind: str, request: Request) -> Response:
        if not ctx.user.records:
            raise ServiceError(403, "auth.forbidden", "仅党委组织部可记录办理情况", "org dept only")
        if kind not in FORMS:
            raise ServiceError(404, "workbench.not_found", "页面不存在", "no such form")
        found = await ctx.read.case(case_id)
        try:
            data = payload(kind, found, await request.form())
        except ContractViolation as refused:
            return await case_page(ctx, case_id, 400, refused=refused.issues, kind=kind)
        body = envelope_json(data, ctx.user.principal.source)
        answer = await submit(ctx.http, ctx.endpoints.registry, ctx.user.token, body)
        if answer.outcome == "rejected":
            return await case_page(ctx, case_id, 422, refused=answer.issues, kind=kind)
        target = f"/cases/{case_id}?sent={answer.outcome}&event={quote(answer.event_id)}"
        return RedirectResponse(target, status_code=303)

    @app.get("/trends", response_class=HTMLResponse)
    async def trends(ctx: Page, year: Year = None) -> HTMLResponse:
        ctx.forbid_unless(ctx.user.reads_all)
        year, today = await _year(ctx, year)
        monthly = await ctx.read.monthly(year)
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
        rates = [(m, monthly.get(m, {}).get("rate")) for m in months]
        per_rung = views.monthly_cases(await ctx.read.cases(), year)
        rungs = rung_names()
        bars = {
            rung: charts.bar_chart(
                [(m, [("立案", counts[m][0]), ("办结", counts[m][1])]) for m in months],
                f"{rungs[rung]}：每月立案与办结",
            )
            for rung, counts in per_rung.items()
        }
        return ctx.page(
            "trends.html", year=year, today=today, rates=rates, percent=views.percent,
            rate_chart=charts.line_chart(rates, f"{year}年各月按期履行率"), bars=bars,
            rungs=rungs, legend=charts.legend(["立案", "办结"]),
        )  # fmt: skip

    @app.get("/deliveries", response_class=HTMLResponse)
    async def deliveries(ctx: Page, status: DeliveryStatus | None = None) -> HTMLResponse:
        ctx.forbid_unless(ctx.user.reads_all)
        _, orgs, _ = await _orgs(ctx)
        found = await ctx.read.deliveries(status=status, limit=DELIVERIES_SHOWN)
        return ctx.page(
            "deliveries.html", today=await ctx.read.today(), deliveries=found, orgs=orgs,
            org_name=views.org_name, wanted=status, shown=DELIVERIES_SHOWN, **DELIVERY_LABELS,
        )  # fmt: skip

    async def case_rows(ctx: Context, year: int) -> list[Json]:
        ctx.forbid_unless(ctx.user.reads_all)
        _, orgs, _ = await _orgs(ctx)
        found = await ctx.read.cases(year=year)
        names = await ctx.read.names(views.person_ids(found))
        return [views.case_row(c, orgs, names) for c in found]

    @app.get("/export/problems.xlsx")
    async def problems(ctx: Page, year: Year = None) -> Response:
        year, _ = await _year(ctx, year)
        rows = await case_rows(ctx, year)
        book = export.workbook(f"{year}年问题清单", export.PROBLEMS, rows)
        return _xlsx(book, f"problems-{year}.xlsx")

    @app.get("/export/rectifications.xlsx")
    async def rectifications(ctx: Page, year: Year = None) -> Response:
        year, _ = await _year(ctx, year)
        rows = [r for r in await case_rows(ctx, year) if views.rectifying(r)]
        book = export.workbook(f"{year}年整改台账", export.RECTIFICATIONS, rows)
        return _xlsx(book, f"rectifications-{year}.xlsx")

    @app.get("/notice", response_class=HTMLResponse)
    async def notice(ctx: Page, year: Year = None) -> HTMLResponse:
        year, today = await _year(ctx, year)
        rows = [r for r in await case_rows(ctx, year) if r.get("decisions")]
        return ctx.page("notice.html", year=year, today=today, rows=rows)

    @app.get("/report", response_class=HTMLResponse)
    async def monthly_report(ctx: Page, month: Month = None) -> HTMLResponse:
        """The month's report (月度报告), printable: rates by 二级党组织, cases per rung, and
        the log's signed daily checkpoints checked against the published key."""
        ctx.forbid_unless(ctx.user.reads_all)
        today = await ctx.read.today() if month else await _started(ctx)
        month = month or str(today)[:7]
        year = int(month[:4])
        _, orgs, _ = await _orgs(ctx)
        per_rung = views.monthly_cases(await ctx.read.cases(), year)
        key = await ctx.read.public_key()
        units = report.rates_by_second_level(orgs, await ctx.read.month_by_unit(month))
        holders = {
            u["organization_id"]: views.holders_zh(
                await ctx.read.organization(u["organization_id"])
            )
            for u in units
            if u["organization_id"]
        }
        return ctx.page(
            "report.html", month=month, today=today, percent=views.percent, units=units,
            holders=holders,
            overall=(await ctx.read.monthly(year)).get(month),
            cases=[(name, *per_rung[rung][month]) for rung, name in rung_names().items()],
            checkpoints=[report.checkpoint_row(c, key) for c in await ctx.read.checkpoints(month)],
            public_key=key,
        )  # fmt: skip


async def _duty_of(ctx: Context, case: Json) -> Json | None:
    """The duty instance the case is about, as the duties service answers it (None if none)."""
    if not case.get("duty_id"):
        return None
    unit = case.get("subject_organization_id") or case["organization_id"]
    for year in dict.fromkeys([case["year"], int(str(case.get("period") or case["year"])[:4])]):
        for duty in await ctx.read.unit_duties(unit, year):
            if (duty["duty_id"], duty["period"]) == (case["duty_id"], case.get("period")):
                return duty
    return None


def _xlsx(book: bytes, filename: str) -> Response:
    return Response(
        book,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
