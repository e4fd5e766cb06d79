"""The rejection notice (拒收通知) published to ``zeren.rejected.v1``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from contracts.envelope import Envelope, new_envelope
from contracts.errors import Issue
from contracts.events.base import EVENT_ID_PATTERN, ID_PATTERN
from contracts.events.rejections import MAX_ORIGINAL_CHARS, SubmissionRejected
from services.common.ids import derived_id
from services.registry.domain.clock import REGISTRY_SOURCE

_ID = re.compile(ID_PATTERN)
_EVENT_ID = re.compile(EVENT_ID_PATTERN)
_ISSUES_KEPT = 50


@dataclass(frozen=True)
class Original:
    """A submission as received (原始消息): text and how it is encoded."""

    text: str
    encoding: Literal["json", "base64"]


@dataclass(frozen=True)
class Submitter:
    """What could be read of who submitted what, even from a broken message."""

    organization_id: str | None = None
    submission_id: str | None = None
    source: str | None = None


def rejection_id(receipt: str) -> str:
    """The deterministic id of the rejection of the submission received as ``receipt``."""
    return derived_id(receipt, "rejected")


def rejection(
    receipt: str,
    issues: Sequence[Issue],
    original: Original,
    submitter: Submitter,
    now: datetime,
) -> Envelope:
    """The ``SubmissionRejected`` event for a submission received as ``receipt``."""
    first = issues[0]
    organization_id = _plausible(submitter.organization_id, _ID, 64)
    payload = SubmissionRejected(
        code=first.code,
        field=first.field,
        message_en=first.message_en,
        message_zh=first.message_zh,
        original=original.text[:MAX_ORIGINAL_CHARS],
        original_encoding=original.encoding,
        original_truncated=len(original.text) > MAX_ORIGINAL_CHARS,
        issues=list(issues[:_ISSUES_KEPT]),
        organization_id=organization_id,
        submission_id=_plausible(submitter.submission_id, _EVENT_ID, 128),
    )
    return new_envelope(
        payload, id=rejection_id(receipt), source=REGISTRY_SOURCE, time=now, recordedtime=now
    )


def _plausible(value: str | None, pattern: re.Pattern[str], limit: int) -> str | None:
    """``value`` if it is well-formed, else None (it came from a broken message)."""
    if value is None or len(value) > limit or not pattern.match(value):
        return None
    return value
