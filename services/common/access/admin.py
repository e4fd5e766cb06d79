"""Changes to the principals (登记表维护): add a principal, rotate or revoke its tokens.

Pure functions from one :class:`Sources` to the next; the caller gives the
instant (``now``) and writes the file, which the services then reload. A new
token's secret is returned once, never stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.common.access.roles import Role
from services.common.access.sources import Source, Sources
from services.common.access.tokens import TokenHash, new_secret


class SourcesChangeError(ValueError):
    """The change does not apply to these principals (bilingual message)."""


def _token_id(now: datetime, taken: set[str]) -> str:
    base = now.strftime("%Y%m%dT%H%M%SZ")
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _issue(source: Source, now: datetime, lifetime: timedelta | None) -> tuple[TokenHash, str]:
    secret = new_secret()
    token = TokenHash.of(
        secret,
        id=_token_id(now, {t.id for t in source.tokens}),
        expires=now + lifetime if lifetime else None,
    )
    return token, secret


def replaced(sources: Sources, changed: Source) -> Sources:
    """``sources`` with the entry of ``changed``'s source replaced by it."""
    return Sources(
        sources=tuple(changed if s.source == changed.source else s for s in sources.sources)
    )


def _existing(sources: Sources, source: str) -> Source:
    found = sources.named(source)
    if found is None:
        raise SourcesChangeError(f"{source} is not registered (未登记该主体)")
    return found


def add(
    sources: Sources,
    source: str,
    name: str,
    roles: frozenset[Role],
    types: frozenset[str],
    now: datetime,
    lifetime: timedelta | None,
    units: frozenset[str] = frozenset(),
) -> tuple[Sources, str]:
    """``sources`` with a new principal holding one fresh token; and that token. ``units``
    scopes a branch secretary (支部书记) to his units."""
    if sources.named(source) is not None:
        raise SourcesChangeError(f"{source} is already registered; rotate its token (该主体已登记)")
    entry = Source(source=source, name=name, roles=roles, types=types, units=units)
    token, secret = _issue(entry, now, lifetime)
    added = entry.model_copy(update={"tokens": (token,)})
    return Sources(sources=(*sources.sources, added)), secret


def rotate(
    sources: Sources, source: str, now: datetime, lifetime: timedelta | None, grace: timedelta
) -> tuple[Sources, str]:
    """A fresh token for ``source``; its other tokens end ``grace`` after ``now`` at the latest.

    Tokens already expired are dropped.
    """
    entry = _existing(sources, source)
    ending = now + grace
    kept = tuple(
        t.model_copy(update={"expires": min(t.expires or ending, ending)})
        for t in entry.tokens
        if t.valid_at(now)
    )
    token, secret = _issue(entry, now, lifetime)
    return replaced(sources, entry.model_copy(update={"tokens": (*kept, token)})), secret


def revoke(sources: Sources, source: str, token_id: str | None) -> Sources:
    """``sources`` without the token ``token_id`` of ``source`` (all its tokens if ``None``)."""
    entry = _existing(sources, source)
    if token_id is not None and token_id not in {t.id for t in entry.tokens}:
        raise SourcesChangeError(f"{source} has no token {token_id} (无此令牌)")
    left = tuple(t for t in entry.tokens if token_id is not None and t.id != token_id)
    return replaced(sources, entry.model_copy(update={"tokens": left}))
