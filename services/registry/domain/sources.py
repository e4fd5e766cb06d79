"""Campus systems and what each may publish (来源系统与发布权限).

A source is identified by its CloudEvents ``source`` attribute. HTTP callers
prove who they are with a bearer token, stored only as ``sha256(salt + token)``;
Kafka submissions are checked against their ``source`` attribute.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator

from contracts.envelope import Envelope
from contracts.errors import Issue
from contracts.events import SUBMITTED
from contracts.types import TYPE_PREFIX
from services.registry.domain.codes import FORBIDDEN_TYPE, SOURCE_MISMATCH, UNKNOWN_SOURCE

#: Event type names (without ``zeren.``) that a campus system may be allowed to publish.
PUBLISHABLE = frozenset(model.__name__ for model in SUBMITTED)


class TokenHash(BaseModel):
    """A salted SHA-256 of a bearer token (令牌摘要)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    salt: str = Field(min_length=8)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @classmethod
    def of(cls, token: str, salt: str | None = None) -> TokenHash:
        """Hash ``token`` with ``salt`` (a fresh random one by default)."""
        salt = salt or secrets.token_hex(16)
        return cls(salt=salt, sha256=_digest(salt, token))

    def matches(self, token: str) -> bool:
        """Whether ``token`` hashes to this digest (constant-time comparison)."""
        return hmac.compare_digest(self.sha256, _digest(self.salt, token))


def _digest(salt: str, token: str) -> str:
    return hashlib.sha256(f"{salt}{token}".encode()).hexdigest()


class Source(BaseModel):
    """One campus system (来源系统): its ``source`` attribute, token and allowed types."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(min_length=1, max_length=256)
    name: str = Field(description="Human-readable name (系统名称).")
    token: TokenHash | None = Field(default=None, description="Bearer token for HTTP, hashed.")
    types: frozenset[str] = Field(description="Event type names it may publish (可发布事件).")

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


class Sources(BaseModel):
    """The registered campus systems (来源系统登记表)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...]

    @cached_property
    def _by_source(self) -> dict[str, Source]:
        """Each system by its ``source`` attribute (the first, if one is listed twice)."""
        return {s.source: s for s in reversed(self.sources)}

    def named(self, source: str) -> Source | None:
        """The system whose ``source`` attribute is ``source``."""
        return self._by_source.get(source)

    def bearer(self, token: str) -> Source | None:
        """The system the bearer ``token`` belongs to, if any."""
        return next((s for s in self.sources if s.token and s.token.matches(token)), None)


def authorize(sources: Sources, env: Envelope, caller: str | None) -> list[Issue]:
    """Issues if ``env`` may not be published by its source (or by the HTTP ``caller``)."""
    if caller is not None and env.source != caller:
        return [SOURCE_MISMATCH.issue("source", f"{env.source} is not {caller}")]
    system = sources.named(env.source)
    if system is None:
        return [UNKNOWN_SOURCE.issue("source", env.source)]
    if env.type.removeprefix(TYPE_PREFIX) not in system.types:
        return [FORBIDDEN_TYPE.issue("type", f"{env.source} may not publish {env.type}")]
    return []
