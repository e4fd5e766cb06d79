"""The organization department's dashboard (党建责任制看板): one HTML page in Chinese.

It reads the services' own query endpoints (the same data as the demo
summary) and renders, for a year: the on-time rate of every unit (its own
duties, with its members' duties counted apart), open cases per rung of the
ladder, and who lost the year's award eligibility.

It holds no token of its own: the viewer's token (``Authorization: Bearer``,
or typed as the password of the browser's login prompt) is passed on to the
services, which check its role; their 401 or 403 is the page's answer.
"""

from __future__ import annotations

import base64
import binascii
from html import escape
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Header, HTTPException, Query
from fastapi.responses import HTMLResponse

from services.cli.demo_summary import Endpoints, gather
from services.common.access.guard import FORBIDDEN, UNAUTHENTICATED, guarded_app, refusal

RUNGS_ZH = {
    "reminder": "提醒",
    "criticism": "批评、限期整改",
    "notice_interview": "通报、约谈",
    "admonishment": "诫勉谈话、通报批评、取消评优资格",
}


#: The units table: the unit's own duties, then its members' duties counted apart (党费等).
UNIT_HEADERS = [
    "单位",
    "编号",
    "按期履行率",
    "按期",
    "补履行",
    "逾期",
    "未到期",
    "党员个人事项按期率",
    "党员个人事项逾期",
]


def _rate(tally: dict[str, Any] | None) -> str:
    rate = None if tally is None else tally.get("rate")
    return "—" if rate is None else f"{rate:.1%}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_page(data: dict[str, Any], year: int) -> str:
    """The dashboard for ``year`` from the gathered data."""
    names: dict[str, str] = data["names"]
    report = data["compliance"][year]
    units, members = report["by_unit"], report.get("members_by_unit", {})
    unit_rows = [
        [
            names.get(org, org),
            org,
            _rate(t),
            str(t["fulfilled"]),
            str(t["fulfilled_late"]),
            str(t["overdue"]),
            str(t["open"]),
            _rate(members.get(org)),
            str(members.get(org, {}).get("overdue", 0)),
        ]
        for org, t in sorted(units.items(), key=lambda i: (i[1]["rate"] or 0.0, i[0]))
    ]
    open_cases = [c for c in data["cases"] if c["status"] == "open"]
    rung_rows = [
        [RUNGS_ZH.get(rung, rung), str(sum(1 for c in open_cases if c.get("level") == rung))]
        for rung in RUNGS_ZH
    ]
    lost = data["eligibility"][year]
    lost_rows = [
        [names.get(e["organization_id"], e["organization_id"]), e["organization_id"]]
        for e in lost["organizations"]
    ] + [["负责人 " + e["person_id"], e["person_id"]] for e in lost["persons"]]
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>基层党建工作责任制看板 {year}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ccc;padding:4px 8px}}th{{background:#b71c1c;color:#fff}}</style>
</head><body>
<h1>基层党建工作责任制看板（{year} 年度）</h1>
<h2>未结问责案件（按梯级）</h2>{_table(["梯级", "件数"], rung_rows)}
<h2>取消{year}年度评优评先资格</h2>{_table(["党组织 / 负责人", "编号"], lost_rows)}
<h2>各单位按期履行情况（单位职责；党员个人事项另计）</h2>
{_table(UNIT_HEADERS, unit_rows)}
</body></html>"""


def presented_token(authorization: str | None) -> str | None:
    """The token of a ``Bearer`` header, or the password of a ``Basic`` one."""
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() == "bearer":
        return value.strip() or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


def _login_required(status: int) -> HTTPException:
    """401 (no or a bad token) or 403 (not a reader's), asking the browser for a login."""
    return refusal(
        status,
        UNAUTHENTICATED if status == 401 else FORBIDDEN,
        "enter a reader's token as the password (organization department or auditor)",
        "请以密码形式输入有查阅权限的令牌（党委组织部或审计）",
        **{"WWW-Authenticate": 'Basic realm="Zeren", charset="UTF-8"'},
    )


def dashboard_app(endpoints: Endpoints, default_year: int) -> FastAPI:
    app = guarded_app("Zeren 看板")

    @app.get("/", response_class=HTMLResponse)
    async def page(
        year: int = Query(default_year, ge=2000, le=2100),
        authorization: Annotated[str | None, Header()] = None,
    ) -> str:
        token = presented_token(authorization)
        if token is None:
            raise _login_required(401)
        try:
            data = await gather(endpoints, [year], token)
        except httpx.HTTPStatusError as error:
            if error.response.status_code in (401, 403):
                raise _login_required(error.response.status_code) from None
            raise
        return render_page(data, year)

    return app
