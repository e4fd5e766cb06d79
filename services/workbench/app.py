"""The workbench's web application (工作台): log-in, Chinese error pages, the pages' routes.

Every page needs a session (else it sends the browser to the log-in page);
every error — a bad query parameter, an unknown page, a service refusing or
silent — is a Chinese page with a stable code and an English line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.common.access.guard import guarded_app
from services.common.access.sources import Sources
from services.workbench.pages import add_pages
from services.workbench.reader import Endpoints, Reader, ServiceError
from services.workbench.session import COOKIE, MAX_AGE_S, Sessions
from services.workbench.web import TEMPLATES, Context, error_page


@dataclass(frozen=True)
class WorkbenchConfig:
    """How the workbench runs: the principals, the cookie's secret, the reader token for
    branch secretaries' pages (None: they see nothing), TLS trust of the services."""

    sources: Callable[[], Sources]
    secret: str
    demo: bool = False
    reader_token: str | None = None
    secure_cookie: bool = False
    verify: Any = True
    #: How the services are reached; None: the network (tests pass an in-process transport).
    transport: httpx.AsyncBaseTransport | None = None
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


class LoginRequired(Exception):  # noqa: N818 (a redirect, not an error)
    """No valid session: the browser goes to the log-in page, then back to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


_FIELDS_ZH = {"year": "年度", "rung": "梯级", "status": "状态", "unit": "单位", "month": "月份"}


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def bad_query(request: Request, error: RequestValidationError) -> HTMLResponse:
        names = [str(e["loc"][-1]) for e in error.errors() if e.get("loc")]
        zh = "、".join(_FIELDS_ZH.get(n, n) for n in names) or "参数"
        return error_page(
            request, 400, "workbench.bad_query",
            f"查询参数有误：{zh}（年度须为 2000—2100 的整数，月份形如 2018-04，其他请从页面选择）",
            f"bad query parameter(s): {', '.join(names)}",
        )  # fmt: skip

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        if error.status_code == 404:
            return error_page(request, 404, "workbench.not_found", "页面不存在", "no such page")
        if error.status_code == 405:
            zh, en = "不支持此种访问方式", "method not allowed"
            return error_page(request, 405, "workbench.method_not_allowed", zh, en)
        return error_page(
            request, error.status_code, "workbench.error", "请求未能完成", str(error.detail)
        )

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> HTMLResponse:
        return error_page(request, error.status, error.code, error.message_zh, error.message_en)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        """Anything else: a Chinese 500 page (the traceback goes to the log, not the page)."""
        zh, en = "工作台内部错误，请稍后再试或联系管理员", f"internal error: {type(error).__name__}"
        return error_page(request, 500, "workbench.internal", zh, en)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(error.path, safe='')}", status_code=303)


def workbench_app(endpoints: Endpoints, config: WorkbenchConfig) -> FastAPI:
    """The workbench over the services at ``endpoints``."""
    sessions = Sessions(config.secret, config.sources, demo=config.demo, now=config.now)
    shared: dict[str, httpx.AsyncClient] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        client = httpx.AsyncClient(timeout=60, verify=config.verify, transport=config.transport)
        async with client as http:
            shared["http"] = http
            yield

    app = guarded_app("Zeren 党建责任制工作台")
    app.router.lifespan_context = lifespan
    _install_errors(app)

    def context(request: Request) -> Context:
        """The page's context, or :class:`LoginRequired`."""
        user = sessions.from_cookie(request.cookies.get(COOKIE))
        if user is None:
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(path)
        token = user.token if user.reads_all else config.reader_token
        if token is None:
            raise ServiceError(
                503, "workbench.no_reader_token", "工作台未配置查询令牌，支部书记暂不能查阅",
                "no reader token is configured for branch secretaries",
            )  # fmt: skip
        http = shared["http"]
        return Context(request, user, Reader(http, endpoints, token), http, endpoints)

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request, next: str = "/") -> HTMLResponse:
        values = {"next": _local(next), "demo": config.demo, "failed": False}
        return TEMPLATES.TemplateResponse(request, "login.html", values)

    @app.post("/login", response_model=None)
    async def login(request: Request) -> Response:
        form = await request.form()
        token, target = form.get("token"), _local(str(form.get("next") or "/"))
        user = sessions.user(token) if isinstance(token, str) else None
        if user is None:
            values = {"next": target, "demo": config.demo, "failed": True}
            return TEMPLATES.TemplateResponse(request, "login.html", values, status_code=401)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            COOKIE, sessions.cookie(user), max_age=MAX_AGE_S, httponly=True,
            samesite="strict", secure=config.secure_cookie,
        )  # fmt: skip
        return response

    @app.get("/logout")
    async def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    add_pages(app, context)
    return app


def _local(target: str) -> str:
    """Only a path of this site is a place to go back to after logging in (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
