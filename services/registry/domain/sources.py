"""Which campus system may publish what (来源系统发布权限).

A source is identified by its CloudEvents ``source`` attribute; the principals
file (:mod:`services.common.access.sources`) lists the types each may publish.
HTTP callers are the source their bearer token belongs to; Kafka submissions
are checked against their ``source`` attribute.
"""

from __future__ import annotations

from contracts.envelope import Envelope
from contracts.errors import Issue
from contracts.types import TYPE_PREFIX
from services.common.access.sources import Sources
from services.registry.domain.codes import FORBIDDEN_TYPE, SOURCE_MISMATCH, UNKNOWN_SOURCE


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
