"""The principals file's model (来源与主体登记表): campus systems and staff.

Each entry is a principal identified by its CloudEvents ``source`` attribute
(``urn:campus:finance``, ``urn:zeren:auditor``), with its roles, its bearer
tokens (several may be active at once, each with an expiry) and the event
types it may publish. The registry judges submissions against the types; every
HTTP interface checks the tokens and roles.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.events import SUBMITTED
from services.common.access.roles import Permission, Role, permitted
from services.common.access.tokens import DEMO_TOKEN_PREFIX, TokenHash

#: Event type names (without ``zeren.``) that a campus system may be allowed to publish.
PUBLISHABLE = frozenset(model.__name__ for model in SUBMITTED)


class Source(BaseModel):
    """One principal (主体): its ``source`` attribute, roles, tokens and allowed types."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(min_length=1, max_length=256)
    name: str = Field(description="Human-readable name (系统名称).")
    roles: frozenset[Role] = Field(default=frozenset({Role.CAMPUS}), min_length=1)
    tokens: tuple[TokenHash, ...] = Field(default=(), description="Bearer tokens, hashed.")
    types: frozenset[str] = Field(
        default=frozenset(), description="Event type names it may publish (可发布事件)."
    )
    units: frozenset[str] = Field(
        default=frozenset(),
        description="A branch secretary's units: each with the units under it (所辖党组织).",
    )

    @model_validator(mode="after")
    def _secretary_has_units(self) -> Self:
        """A branch secretary's token is scoped to units: at least one (支部书记须限定单位)."""
        if Role.BRANCH_SECRETARY in self.roles and not self.units:
            raise ValueError("a branch_secretary principal needs its units")
        return self

    @field_validator("types", mode="before")
    @classmethod
    def _everything(cls, types: object) -> object:
        """``["*"]`` stands for every publishable type (the demo source)."""
        everything = isinstance(types, list | tuple | set | frozenset) and set(types) == {"*"}
        return PUBLISHABLE if everything else types

    @field_validator("types")
    @classmethod
    def _publishable(cls, types: frozenset[str]) -> frozenset[str]:
        unknown = sorted(types - PUBLISHABLE)
        if unknown:
            raise ValueError(f"not publishable by a campus system: {unknown}")
        return types

    @field_validator("tokens")
    @classmethod
    def _distinct_ids(cls, tokens: tuple[TokenHash, ...]) -> tuple[TokenHash, ...]:
        ids = [t.id for t in tokens]
        if len(set(ids)) != len(ids):
            raise ValueError(f"token ids repeat: {sorted(ids)}")
        return tokens

    @property
    def every_type(self) -> bool:
        """Allowed every publishable type (a ``"*"`` source: demo only)."""
        return self.types >= PUBLISHABLE

    @property
    def permissions(self) -> frozenset[Permission]:
        return permitted(self.roles)

    def token(self, token: str, now: datetime) -> TokenHash | None:
        """The stored token ``token`` matches, if it has not expired at ``now``."""
        return next((t for t in self.tokens if t.valid_at(now) and t.matches(token)), None)


class Sources(BaseModel):
    """The registered principals (来源与主体登记表)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...]

    @cached_property
    def _by_source(self) -> dict[str, Source]:
        """Each principal by its ``source`` attribute (the first, if one is listed twice)."""
        return {s.source: s for s in reversed(self.sources)}

    def named(self, source: str) -> Source | None:
        """The principal whose ``source`` attribute is ``source``."""
        return self._by_source.get(source)

    def bearer(self, token: str, now: datetime, *, demo: bool) -> Source | None:
        """The principal a bearer ``token`` valid at ``now`` belongs to, if any.

        Outside ``demo`` mode a demo token (``zeren-demo:…``) is nobody's.
        """
        if not token or (token.startswith(DEMO_TOKEN_PREFIX) and not demo):
            return None
        return next((s for s in self.sources if s.token(token, now) is not None), None)


def demo_only(sources: Sources) -> list[str]:
    """What in ``sources`` is allowed in demo mode only (bilingual, one line each).

    A source allowed every type, and a principal whose token is its demo token
    (``zeren-demo:`` and the last part of its ``source``).
    """
    found = []
    for s in sources.sources:
        if s.every_type:
            found.append(f'{s.source}: allowed every type ("*") (允许发布全部类型，仅限演示)')
        demo_token = DEMO_TOKEN_PREFIX + s.source.rsplit(":", 1)[-1]
        found += [
            f"{s.source}: token {t.id} is the demo token (演示令牌，仅限演示)"
            for t in s.tokens
            if t.matches(demo_token)
        ]
    return found
