"""Who gets which alert (送达路由): routing is data, read from a YAML file.

A routes file names **recipients** (组织部, a committee office, a branch
secretary…), each with one channel, and **routes**, each a selector and the
recipients it sends to. A route matches an alert when every selector it gives
holds:

* ``kinds``: the alert's kind (``measure``, ``proposal``, ``resolution``,
  ``review``, ``restoration``, ``correction``, ``flag``, ``flag_withdrawal``);
* ``rungs``: the rung, or for a proposal any measure it proposes (a flag has no
  rung: a route with ``rungs`` never selects one);
* ``units``: glob patterns on the unit's id (``gb-edu`` and ``br-edu-*``
  select the 党总支 of 教育学院 and its branches: ids carry the subtree);
* ``proposed_to``: for proposals, who is to decide (``organization_department``,
  ``party_committee``); it selects no other kind, a flag neither.

A route sends to the recipients it lists in ``to`` and, with ``charged: true``,
to every recipient whose ``person_id`` is among the persons the alert charges
(the office holders named by the alert: the right party answers), and for a
correction to those it no longer names, who had the measures before it. For a
flag and its withdrawal these are who must study and decide it (the deciding
organization's secretaries): who must answer, never anyone accused.

:func:`deliveries` is pure and deterministic: the same routes and alert give
the same recipients in the same order (the file's order of recipients), each once.
"""

from __future__ import annotations

from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.events.enums import DecidingBody, Rung
from services.notifier.domain.alerts import Alert, AlertKind

RecipientId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]


class Channel(StrEnum):
    """How a recipient is reached (送达渠道)."""

    WEBHOOK = "webhook"
    EMAIL = "email"
    FILE = "file"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Webhook(_Strict):
    """POST the alert's JSON to ``url``, signed with the recipient's secret (HMAC-SHA256).

    The secret is given in the file (``secret``) or, better, named as an
    environment variable (``secret_env``) that holds it.
    """

    channel: Literal[Channel.WEBHOOK] = Channel.WEBHOOK
    url: Annotated[str, Field(pattern=r"^https?://")]
    secret: str | None = Field(default=None, min_length=16, repr=False)
    secret_env: str | None = None

    @model_validator(mode="after")
    def _one_secret(self) -> Webhook:
        if (self.secret is None) == (self.secret_env is None):
            raise ValueError("give exactly one of secret and secret_env (须且仅须给出一种密钥)")
        return self

    @property
    def target(self) -> str:
        return self.url


class Email(_Strict):
    """An e-mail to ``address`` over the configured SMTP server."""

    channel: Literal[Channel.EMAIL] = Channel.EMAIL
    address: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]

    @property
    def target(self) -> str:
        return self.address


class FileSink(_Strict):
    """A line of JSON appended to ``path`` (relative paths: under the state folder).

    The local stand-in for a mailbox: the demo's default routes deliver here.
    """

    channel: Literal[Channel.FILE] = Channel.FILE
    path: Annotated[str, Field(min_length=1)]

    @property
    def target(self) -> str:
        return self.path


class Recipient(_Strict):
    """Someone alerts are delivered to (收件人), by one channel."""

    id: RecipientId
    name_zh: str = Field(min_length=1, description="How the recipient is named (名称).")
    role: str = Field(default="", description="Office or role, for the reader (职务/角色).")
    person_id: str | None = Field(
        default=None, description="The person's id, when routes send to persons charged."
    )
    via: Annotated[Webhook | Email | FileSink, Field(discriminator="channel")]


class Route(_Strict):
    """A selector of alerts and the recipients it sends them to (路由规则)."""

    kinds: list[AlertKind] | None = None
    rungs: list[Rung] | None = None
    units: list[str] | None = None
    proposed_to: list[DecidingBody] | None = None
    to: list[RecipientId] = Field(default_factory=list)
    charged: bool = False

    def matches(self, alert: Alert) -> bool:
        """Every selector given holds for ``alert``."""
        return (
            (self.kinds is None or alert.kind in self.kinds)
            and (self.rungs is None or any(r in self.rungs for r in alert.measures))
            and (self.units is None or any(fnmatchcase(alert.unit_id, u) for u in self.units))
            and (self.proposed_to is None or alert.proposed_to in self.proposed_to)
        )


class Routes(_Strict):
    """A routes file (送达路由表): its recipients and routes."""

    version: Literal[1] = 1
    recipients: list[Recipient] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_recipients(self) -> Routes:
        ids = [r.id for r in self.recipients]
        if len(set(ids)) != len(ids):
            raise ValueError("recipient ids must be unique (收件人编号重复)")
        unknown = sorted({t for route in self.routes for t in route.to} - set(ids))
        if unknown:
            raise ValueError(f"routes name unknown recipients {unknown} (路由指向未定义的收件人)")
        return self

    def deliveries(self, alert: Alert) -> list[Recipient]:
        """The recipients of ``alert``, each once, in the file's order of recipients."""
        chosen: set[str] = set()
        charged = set(alert.persons_to_answer)
        for route in self.routes:
            if not route.matches(alert):
                continue
            chosen.update(route.to)
            if route.charged:
                chosen.update(
                    r.id
                    for r in self.recipients
                    if r.person_id is not None and r.person_id in charged
                )
        return [r for r in self.recipients if r.id in chosen]
