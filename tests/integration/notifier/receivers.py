"""Local receivers for the notifier's tests: a webhook server and an SMTP server on localhost.

Each records every request it gets, duplicates included, so that a test can
count what arrived by idempotency key or Message-ID.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request, Response

from deploy.process import free_port
from services.notifier.domain.messages import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    signature_valid,
)


@dataclass(frozen=True)
class Post:
    """One POST a webhook got: its idempotency key, whether its signature held, its JSON."""

    key: str
    signed: bool
    body: bytes


@dataclass
class Webhooks:
    """``/ok/<secret>`` answers 204 after ``delay_s``; ``/fail`` answers 500."""

    secret: str
    delay_s: float = 0.2
    posts: dict[str, list[Post]] = field(default_factory=lambda: {"ok": [], "fail": []})
    port: int = 0

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/{mode}")
        async def receive(mode: str, request: Request) -> Response:
            body = await request.body()
            signed = signature_valid(self.secret, body, request.headers.get(SIGNATURE_HEADER, ""))
            self.posts[mode].append(Post(request.headers[IDEMPOTENCY_HEADER], signed, body))
            if mode == "fail":
                return Response("receiver broken", status_code=500)
            await asyncio.sleep(self.delay_s)
            return Response(status_code=204)

        return app


@asynccontextmanager
async def webhooks(secret: str) -> AsyncIterator[Webhooks]:
    """A webhook receiver on a free port of localhost, for the block's duration."""
    hooks = Webhooks(secret, port=free_port())
    server = uvicorn.Server(
        uvicorn.Config(hooks.app(), host="127.0.0.1", port=hooks.port, log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.05)
    try:
        yield hooks
    finally:
        server.should_exit = True
        await task


@dataclass
class Mailbox:
    """Every e-mail the SMTP server got: (Message-ID, the parsed message)."""

    mails: list[tuple[str, Any]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        assert isinstance(envelope.content, bytes)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append((str(parsed["Message-ID"]), parsed))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server on a free port of localhost (aiosmtpd, its own thread)."""
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
