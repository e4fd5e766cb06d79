"""Who is logged in to the workbench (登录与会话) and what he may see.

A user logs in with his bearer token (访问令牌), checked against the same
principals file as the services (salted digests, expiry, demo tokens only in
demo mode). The session cookie holds that token, signed (itsdangerous, with
the workbench's secret) so it cannot be forged or altered, HttpOnly and
SameSite=Strict; each request looks the token up again, so a revoked or
expired token ends the session at once.

Roles: the organization department (党委组织部) reads everything and records
what people did; committee members (党委委员) and auditors (审计) read
everything; a branch secretary (支部书记) sees only his units, each with the
units under it (:attr:`Source.units`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeTimedSerializer

from services.common.access.roles import Permission, Role
from services.common.access.sources import Source, Sources

COOKIE = "zeren_workbench"
#: A session lasts a working day (秒); then the user logs in again.
MAX_AGE_S = 8 * 3600


@dataclass(frozen=True)
class User:
    """The logged-in principal and the token he presented."""

    principal: Source
    token: str

    @property
    def name(self) -> str:
        return self.principal.name

    @property
    def roles_zh(self) -> str:
        return "、".join(sorted(r.label_zh for r in self.principal.roles))

    @property
    def reads_all(self) -> bool:
        """Sees the whole university (组织部、党委委员、审计)."""
        return Permission.READ_ALL in self.principal.permissions

    @property
    def records(self) -> bool:
        """May record what people did (组织部): submit the organization department's events."""
        return Role.ORG_DEPARTMENT in self.principal.roles and (
            Permission.SUBMIT in self.principal.permissions
        )

    def visible(self, parents: dict[str, str | None]) -> frozenset[str] | None:
        """The units he may see: None for everything, else his units and those under them.

        ``parents`` gives each organization's parent (from the registry's tree).
        """
        if self.reads_all:
            return None
        return frozenset(u for u in parents if _under(u, self.principal.units, parents))


def _under(unit: str, roots: Iterable[str], parents: dict[str, str | None]) -> bool:
    """``unit`` is one of ``roots`` or below one (the walk stops at a repeated parent)."""
    wanted, seen = set(roots), set()
    current: str | None = unit
    while current is not None and current not in seen:
        if current in wanted:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


class Sessions:
    """Signs and reads session cookies; resolves the token to its principal."""

    def __init__(
        self,
        secret: str,
        sources: Callable[[], Sources],
        *,
        demo: bool,
        now: Callable[[], datetime],
    ) -> None:
        self.signer = URLSafeTimedSerializer(secret, salt="zeren-workbench-session")
        self.sources, self.demo, self.now = sources, demo, now

    def user(self, token: str) -> User | None:
        """The user whose token ``token`` is, if it is valid now and may use the workbench."""
        principal = self.sources().bearer(token.strip(), self.now(), demo=self.demo)
        if principal is None:
            return None
        user = User(principal, token.strip())
        return user if user.reads_all or Role.BRANCH_SECRETARY in principal.roles else None

    def cookie(self, user: User) -> str:
        """The signed cookie value of ``user``'s session."""
        return self.signer.dumps({"token": user.token})

    def from_cookie(self, value: str | None) -> User | None:
        """The user of a cookie, if it is ours, not older than a working day, and still valid."""
        if not value:
            return None
        try:
            data = self.signer.loads(value, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        token = data.get("token") if isinstance(data, dict) else None
        return self.user(token) if isinstance(token, str) else None
