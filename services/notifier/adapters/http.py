"""HTTP queries of the notifier (送达查询): ``GET /v1/deliveries``.

The rows name recipients and cases: the organization department's and the
auditors' (:attr:`Permission.READ_ALL`), as the accountability queries are.
A bad filter is a 400 with a stable code and the message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from services.common.access.guard import Guard, guarded_app
from services.common.access.roles import Permission
from services.notifier.adapters.store import Deliveries

#: Most rows one query returns.
MAX_LIMIT = 1000


def http_app(deliveries: Deliveries, guard: Guard, names: Mapping[str, str]) -> FastAPI:
    """The query API over the ``deliveries`` table; ``names``: each recipient's Chinese name
    (收件人名称) by id, shown as ``recipient_name`` (the id itself for one no longer routed)."""
    app = guarded_app("Zeren notifier (提醒送达)")
    reader = [Depends(guard.require(Permission.READ_ALL))]

    @app.exception_handler(RequestValidationError)
    async def bad_filter(_: Request, error: RequestValidationError) -> JSONResponse:
        fields = ", ".join(str(e["loc"][-1]) for e in error.errors())
        detail = {
            "code": "deliveries.bad_filter",
            "message_en": f"bad query parameter: {fields}",
            "message_zh": f"查询参数无效：{fields}",
        }
        return JSONResponse({"detail": detail}, status_code=400)

    @app.get("/v1/deliveries", dependencies=reader)
    async def listed(
        status: Literal["pending", "delivered", "failed"] | None = None,
        case: str | None = None,
        unit: str | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    ) -> dict[str, list[dict[str, Any]]]:
        """Deliveries, the latest changed first, by status, case id and unit id (送达记录)."""
        found = await deliveries.listed(status=status, case_id=case, unit_id=unit, limit=limit)
        return {
            "deliveries": [
                {**row, "recipient_name": names.get(row["recipient"], row["recipient"])}
                for row in found
            ]
        }

    return app
