"""The services' query endpoints as the workbench reads them (查询接口).

Each page reads with the user's own token when he reads everything, so the
services check and log him; a branch secretary's token reads nothing there,
so his pages read with the workbench's reader token and are cut to his units
(:meth:`services.workbench.session.User.visible`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from services.common.access.client import bearer

#: Ids per ``GET /v1/names``: 200 ids of ~10 characters keep the URL near 3 KB.
NAMES_PER_REQUEST = 200


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the services; ``notifier`` is None when no notifier is configured."""

    registry: str
    duties: str
    accountability: str
    notifier: str | None = None


class ServiceError(Exception):
    """A service refused or did not answer: the status to show and a Chinese reason."""

    def __init__(self, status: int, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message_zh, self.message_en = (
            status,
            code,
            message_zh,
            message_en,
        )


class Reader:
    """Reads the services with one token over one HTTP client."""

    def __init__(self, http: httpx.AsyncClient, endpoints: Endpoints, token: str) -> None:
        self.http, self.urls, self.headers = http, endpoints, bearer(token)

    async def get(self, url: str, **params: Any) -> Any:
        """The JSON answer of ``url``; a refusal or a silence is a :class:`ServiceError`."""
        try:
            response = await self.http.get(url, params=params, headers=self.headers)
        except httpx.HTTPError as error:
            raise ServiceError(
                503, "workbench.service_unavailable",
                f"服务暂不可用，请稍后再试（{url.split('/v1/')[0]}）",
                f"service unavailable: {type(error).__name__}",
            ) from None  # fmt: skip
        if response.status_code == 404:
            raise ServiceError(404, "workbench.not_found", "未找到所查对象", "not found")
        if response.status_code in (401, 403):
            raise ServiceError(
                403, "auth.forbidden", "您的令牌无权查阅此项内容", "the token may not read this"
            )
        if response.status_code >= 400:
            raise ServiceError(
                502, "workbench.service_error",
                f"服务返回错误（{response.status_code}）",
                f"service answered {response.status_code}",
            )  # fmt: skip
        try:
            return response.json()
        except ValueError:
            raise ServiceError(
                502, "workbench.service_error", "服务返回的内容无法解析", "unreadable answer"
            ) from None

    async def today(self) -> str | None:
        """The log's clock (日志时钟): the day everything shown is as of."""
        answer: dict[str, Any] = await self.get(f"{self.urls.registry}/v1/clock")
        return answer.get("today")

    async def organizations(self) -> list[dict[str, Any]]:
        return list(await self.get(f"{self.urls.registry}/v1/organizations"))

    async def organization(self, org: str) -> dict[str, Any]:
        return dict(await self.get(f"{self.urls.registry}/v1/organizations/{org}"))

    async def names(self, ids: set[str]) -> dict[str, str]:
        """People's names by id; the ids the registry does not know are missing. Asked
        :data:`NAMES_PER_REQUEST` at a time, so that no request line grows too long."""
        wanted, found = sorted(ids), {}
        for start in range(0, len(wanted), NAMES_PER_REQUEST):
            chunk = wanted[start : start + NAMES_PER_REQUEST]
            found.update(await self.get(f"{self.urls.registry}/v1/names", id=chunk))
        return found

    async def compliance(self, year: int) -> dict[str, Any]:
        return dict(await self.get(f"{self.urls.duties}/v1/compliance", year=year))

    async def monthly(self, year: int) -> dict[str, dict[str, Any]]:
        return dict(await self.get(f"{self.urls.duties}/v1/compliance/monthly", year=year))

    async def month_by_unit(self, month: str) -> dict[str, dict[str, Any]]:
        """Per unit, its own duties due in ``month`` (``YYYY-MM``): counts and on-time rate."""
        url = f"{self.urls.duties}/v1/compliance/monthly/units"
        return dict(await self.get(url, month=month))

    async def checkpoints(self, month: str) -> list[dict[str, Any]]:
        """The log's signed daily checkpoints of ``month`` (每日签名检查点), in day order."""
        answer = await self.get(f"{self.urls.registry}/v1/chain/checkpoints", month=month)
        return list(answer["checkpoints"])

    async def public_key(self) -> str | None:
        """The registry's published checkpoint key (hex); None when the log is not chained."""
        try:
            answer = await self.get(f"{self.urls.registry}/v1/chain/public-key")
        except ServiceError as error:
            if error.status == 404:
                return None
            raise
        return str(answer["public_key"])

    async def unit_duties(self, org: str, year: int) -> list[dict[str, Any]]:
        return list(await self.get(f"{self.urls.duties}/v1/units/{org}/duties", year=year))

    async def overdue(self) -> list[dict[str, Any]]:
        return list(await self.get(f"{self.urls.duties}/v1/duties/overdue"))

    async def cases(self, **wanted: Any) -> list[dict[str, Any]]:
        params = {k: v for k, v in wanted.items() if v is not None}
        return list(await self.get(f"{self.urls.accountability}/v1/cases", **params))

    async def flags(self, **wanted: Any) -> list[dict[str, Any]]:
        """情况提示 by ``unit``, ``year`` and ``member`` (see the accountability's /v1/flags)."""
        params = {k: v for k, v in wanted.items() if v is not None}
        return list(await self.get(f"{self.urls.accountability}/v1/flags", **params))

    async def unapplied(self, unit: str) -> list[dict[str, Any]]:
        """未予执行: the department's steps naming ``unit`` and a case it has not (see the
        accountability's /v1/unapplied)."""
        return list(await self.get(f"{self.urls.accountability}/v1/unapplied", unit=unit))

    async def case(self, case_id: str) -> dict[str, Any]:
        return dict(await self.get(f"{self.urls.accountability}/v1/cases/{case_id}"))

    async def deliveries(self, **filters: Any) -> list[dict[str, Any]] | None:
        """The notifier's deliveries (告警送达) by ``status``, ``case``, ``limit``…, the latest
        changed first; None when no notifier is configured."""
        if self.urls.notifier is None:
            return None
        wanted = {name: value for name, value in filters.items() if value is not None}
        answer = await self.get(f"{self.urls.notifier}/v1/deliveries", **wanted)
        return list(answer.get("deliveries", []))
