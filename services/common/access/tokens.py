"""Bearer tokens (令牌): stored only as salted SHA-256 digests, each with an id and an expiry.

A token is a random secret of 256 bits (:func:`new_secret`), so one salted
SHA-256 suffices: there is nothing to guess a dictionary from, and a request
is checked in microseconds. The id names the token in the file, for rotation
and revocation; it is not secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

#: Every demo token starts so (``zeren-demo:<name>``); refused outside demo mode.
DEMO_TOKEN_PREFIX = "zeren-demo:"


def new_secret() -> str:
    """A fresh bearer token: 256 random bits, URL-safe."""
    return "zrn_" + secrets.token_urlsafe(32)


def digest(salt: str, token: str) -> str:
    """The stored form of ``token``: ``sha256(salt + token)`` in hex."""
    return hashlib.sha256(f"{salt}{token}".encode()).hexdigest()


class TokenHash(BaseModel):
    """A salted SHA-256 of a bearer token (令牌摘要), with its id and expiry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default="main", min_length=1, max_length=64, pattern=r"^[\w.-]+$")
    salt: str = Field(min_length=8)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    expires: AwareDatetime | None = Field(
        default=None, description="After this instant the token is refused (失效时间)."
    )

    @classmethod
    def of(
        cls,
        token: str,
        salt: str | None = None,
        *,
        id: str = "main",
        expires: datetime | None = None,
    ) -> TokenHash:
        """Hash ``token`` with ``salt`` (a fresh random one by default)."""
        salt = salt or secrets.token_hex(16)
        return cls(id=id, salt=salt, sha256=digest(salt, token), expires=expires)

    def matches(self, token: str) -> bool:
        """Whether ``token`` hashes to this digest (constant-time comparison)."""
        return hmac.compare_digest(self.sha256, digest(self.salt, token))

    def valid_at(self, now: datetime) -> bool:
        """Not expired at ``now``."""
        return self.expires is None or now < self.expires
