"""Request checks for the services' HTTP interfaces (请求鉴权): token, role, rate.

Every route but the health check depends on :meth:`Guard.require`: no token or
an unknown, expired or (outside demo mode) demo token answers 401, a token
whose roles lack the permission 403, a source over its rate 429 with
``Retry-After``. Each error body is ``{"detail": {"code", "message_en",
"message_zh"}}`` with a stable code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException

from services.common.access.config import AccessConfig
from services.common.access.headers import add_security_headers
from services.common.access.rate_limit import RateLimiter
from services.common.access.roles import Permission
from services.common.access.sources import Source, Sources

UNAUTHENTICATED = "auth.unauthenticated"
FORBIDDEN = "auth.forbidden"
RATE_LIMITED = "auth.rate_limited"


def wall_now() -> datetime:
    """The wall clock, for token expiry (read only here)."""
    return datetime.now(UTC)


def refusal(status: int, code: str, en: str, zh: str, **headers: str) -> HTTPException:
    """An HTTP error with a stable code and messages in English and Chinese."""
    detail = {"code": code, "message_en": en, "message_zh": zh}
    return HTTPException(status, detail, headers=headers or None)


@dataclass(frozen=True)
class Caller:
    """Who made a request: the principal its token belongs to."""

    principal: Source

    @property
    def source(self) -> str:
        return self.principal.source

    def may(self, permission: Permission) -> bool:
        return permission in self.principal.permissions

    def own_scope(self) -> str | None:
        """``None`` if the caller reads everything, else its own source (its submissions)."""
        return None if self.may(Permission.READ_ALL) else self.source


class Guard:
    """Checks bearer tokens against the principals, roles against routes, rates per source."""

    def __init__(
        self,
        sources: Callable[[], Sources],
        *,
        demo: bool,
        limiter: RateLimiter,
        now: Callable[[], datetime] = wall_now,
    ) -> None:
        self.sources, self.demo, self.limiter, self.now = sources, demo, limiter, now

    @classmethod
    def from_config(cls, config: AccessConfig, sources: Callable[[], Sources]) -> Guard:
        return cls(
            sources,
            demo=config.demo,
            limiter=RateLimiter(config.rate_per_second, config.rate_burst),
        )

    def caller(self, authorization: str | None) -> Caller:
        """The caller an ``Authorization`` header names, or 401."""
        scheme, _, token = (authorization or "").partition(" ")
        principal = (
            self.sources().bearer(token.strip(), self.now(), demo=self.demo)
            if scheme.lower() == "bearer"
            else None
        )
        if principal is None:
            raise refusal(
                401,
                UNAUTHENTICATED,
                "a valid bearer token is required (missing, unknown, expired or revoked)",
                "需要有效的访问令牌（缺失、无效、已过期或已吊销）",
                **{"WWW-Authenticate": "Bearer"},
            )
        return Caller(principal)

    def check(self, authorization: str | None, needed: Permission) -> Caller:
        """The caller, if it may do ``needed`` and is within its rate; else 401/403/429."""
        caller = self.caller(authorization)
        if not caller.may(needed):
            roles = ", ".join(sorted(caller.principal.roles))
            raise refusal(
                403,
                FORBIDDEN,
                f"{caller.source} ({roles}) lacks the permission {needed}",
                f"{caller.source} 的角色无权执行此操作（需要 {needed}）",
            )
        wait = self.limiter.take(caller.source)
        if wait > 0:
            after = self.limiter.retry_after(wait)
            raise refusal(
                429,
                RATE_LIMITED,
                f"too many requests from {caller.source}; retry after {after} s",
                f"{caller.source} 请求过于频繁，请 {after} 秒后重试",
                **{"Retry-After": after},
            )
        return caller

    def require(self, needed: Permission) -> Callable[..., Awaitable[Caller]]:
        """A FastAPI dependency: the :class:`Caller`, allowed ``needed``."""

        async def dependency(authorization: Annotated[str | None, Header()] = None) -> Caller:
            return self.check(authorization, needed)

        return dependency


def guarded_app(title: str) -> FastAPI:
    """A FastAPI app without the open documentation pages, with security headers and the
    open liveness check ``/healthz``."""
    app = FastAPI(title=title, version="1", docs_url=None, redoc_url=None, openapi_url=None)
    add_security_headers(app)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        """Alive: the process answers; open, and checks nothing (``/readyz`` does)."""
        return {"status": "alive"}

    return app
