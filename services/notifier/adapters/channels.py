"""The channels (送达渠道): a signed webhook POST, an e-mail over SMTP, a line in a file.

Each send either returns (the recipient took the message) or raises
:class:`DeliveryError` with a short reason that is stored as ``last_error``.
Every attempt of one delivery carries the same key: the webhook's
``Idempotency-Key`` header, the e-mail's ``Message-ID``, the file line's
``idempotency_key``; a receiver drops a repeat by it.
"""

from __future__ import annotations

import asyncio
import json
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

import httpx

from services.notifier.domain.messages import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    idempotency_key,
    message_id,
    signature,
)
from services.notifier.domain.routes import Email, FileSink, Recipient, Webhook

#: Seconds a webhook or SMTP server has to answer one attempt.
SEND_TIMEOUT_S = 10.0


class DeliveryError(RuntimeError):
    """One attempt failed; the reason is stored as the delivery's ``last_error``."""


@dataclass(frozen=True)
class Smtp:
    """The SMTP server e-mails go through, and the sender's address."""

    host: str
    port: int
    sender: str


def body_bytes(body: dict[str, Any]) -> bytes:
    """The exact bytes a webhook receives and its signature covers."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode()


class Channels:
    """Sends one delivery by its recipient's channel."""

    def __init__(self, http: httpx.AsyncClient, smtp: Smtp, files: Path) -> None:
        """``files``: the folder relative file-sink paths are under (the state folder)."""
        self.http, self.smtp, self.files = http, smtp, files

    async def send(self, recipient: Recipient, event_id: str, message: dict[str, Any]) -> None:
        key = idempotency_key(event_id, recipient.id)
        via = recipient.via
        if isinstance(via, Webhook):
            await self._post(via, key, message["body"])
        elif isinstance(via, Email):
            mail = _email(
                self.smtp.sender, via.address, message, message_id(event_id, recipient.id)
            )
            await asyncio.to_thread(self._mail, mail)
        else:
            await asyncio.to_thread(self._append, via, key, message["body"])

    async def _post(self, via: Webhook, key: str, body: dict[str, Any]) -> None:
        secret = via.secret if via.secret is not None else os.environ.get(via.secret_env or "")
        if not secret:
            raise DeliveryError(f"webhook secret {via.secret_env} is not set (未配置签名密钥)")
        content = body_bytes(body)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: signature(secret, content),
            IDEMPOTENCY_HEADER: key,
        }
        try:
            answer = await self.http.post(
                via.url, content=content, headers=headers, timeout=SEND_TIMEOUT_S
            )
        except httpx.HTTPError as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
        if not answer.is_success:
            raise DeliveryError(f"HTTP {answer.status_code}: {answer.text[:200]}")

    def _mail(self, mail: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=SEND_TIMEOUT_S) as server:
                server.send_message(mail)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _append(self, via: FileSink, key: str, body: dict[str, Any]) -> None:
        path = self.files / via.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as sink:
                sink.write(json.dumps({"idempotency_key": key, **body}, ensure_ascii=False) + "\n")
        except OSError as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error


def _email(sender: str, to: str, message: dict[str, Any], mid: str) -> EmailMessage:
    """The e-mail of one delivery; ``mid`` is derived from the delivery's key."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = message["subject"]
    mail["Message-ID"] = mid
    mail["Date"] = formatdate(localtime=False)
    mail.set_content(message["text"], charset="utf-8")
    return mail
