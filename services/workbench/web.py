"""What every page shares (页面共用): the templates, the page context, the error page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.workbench.reader import Endpoints, Reader, ServiceError
from services.workbench.session import User

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


@dataclass
class Context:
    """What a page's route has: the user, his reader and the app's shared parts."""

    request: Request
    user: User
    read: Reader
    http: httpx.AsyncClient
    endpoints: Endpoints

    def page(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(
            self.request, template, {"user": self.user, **values}, status_code=status
        )

    def forbid_unless(self, allowed: bool) -> None:
        """403 (a Chinese page) unless ``allowed``: the page is not for this role."""
        if not allowed:
            raise ServiceError(
                403, "auth.forbidden", "此页面仅限党委组织部、党委委员和审计查阅",
                "this page is for readers of the whole university",
            )  # fmt: skip


def error_page(request: Request, status: int, code: str, zh: str, en: str) -> HTMLResponse:
    """The Chinese error page (with the stable code and the English line)."""
    values = {"status": status, "code": code, "message_zh": zh, "message_en": en}
    return TEMPLATES.TemplateResponse(request, "error.html", values, status_code=status)
