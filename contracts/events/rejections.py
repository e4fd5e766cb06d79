"""Rejection events (拒收), the registry's output on zeren.rejected.v1."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from contracts.errors import MESSAGES_ZH, NAIVE_DATETIME, Issue
from contracts.events.base import EventId, Id, Payload, example

REJECTED_SUBJECT = "unknown"
#: Room for the original message inside a 64 KiB envelope; the registry truncates.
MAX_ORIGINAL_CHARS = 48 * 1024

Code = Annotated[str, StringConstraints(min_length=1, max_length=64)]
FieldPath = Annotated[str, StringConstraints(min_length=1, max_length=256)]
Message = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class SubmissionRejected(Payload):
    """A submission broke the contract and was not appended to the log (拒收).

    ``code``/``field``/``message_*`` describe the first issue; ``issues``
    lists all of them. The subject is the submitter's organization when it
    could be read, else ``unknown``.
    """

    model_config = example(
        {
            "code": NAIVE_DATETIME,
            "field": "time",
            "message_en": "time: Input should have timezone info",
            "message_zh": f"time：{MESSAGES_ZH[NAIVE_DATETIME]}",
            "original": '{"specversion":"1.0","id":"oa-1","time":"2018-03-12T10:00:00"}',
            "original_encoding": "json",
            "organization_id": "br-edu-faculty-1",
            "submission_id": "oa-1",
        }
    )

    code: Code = Field(
        description="Stable code of the first issue, e.g. `schema.missing` (错误代码)."
    )
    field: FieldPath = Field(description="Offending field of the first issue (出错字段).")
    message_en: Message = Field(description="English explanation.")
    message_zh: Message = Field(description="Chinese explanation (中文说明).")
    original: str = Field(
        max_length=MAX_ORIGINAL_CHARS,
        description="The submission as received, possibly truncated (原始消息).",
    )
    original_encoding: Literal["json", "base64"] = Field(
        default="base64", description="How `original` is encoded (编码)."
    )
    original_truncated: bool = Field(
        default=False, description="Whether `original` was cut (是否截断)."
    )
    issues: list[Issue] = Field(
        default_factory=list, max_length=50, description="All issues found (全部违规项)."
    )
    organization_id: Id | None = Field(
        default=None, description="Submitter's subject, when it could be read (提交组织)."
    )
    submission_id: EventId | None = Field(
        default=None, description="The submission's event id, when it could be read (原事件编号)."
    )

    def expected_subject(self) -> str:
        """The submitter's organization, else ``unknown``."""
        return self.organization_id or REJECTED_SUBJECT


EVENTS = (SubmissionRejected,)
