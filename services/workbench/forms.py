"""The five forms of the case page (记录办理情况) as organization-department events.

约谈已进行 (``InterviewConducted``), 整改已验收 (``RectificationAccepted``),
严重后果认定 (``SeriousConsequenceDetermined``), 问责决定 (``AccountabilityDecided``,
the committee's collective decision or the department's) and 申诉与复查
(``DecisionReviewed``). A form becomes the event's payload about the case; the
contract checks it here first (the same check the registry makes, so the
messages are the contract's, in Chinese; and a review's 变更 keeps only measures
its decision took, which the accountability service would not apply otherwise),
then it goes to the registry's ``POST /v1/events`` with the user's own token, so
the registry judges the user's source and its allowed types. The event's id is a
digest of its type and payload: sending the same form twice is a duplicate, never a
second fact.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from pydantic import ValidationError
from starlette.datastructures import FormData

from contracts.envelope import new_envelope
from contracts.errors import INCONSISTENT, ContractViolation, Issue, issue
from contracts.events.base import Payload
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    InterviewConducted,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from services.common.access.client import bearer

SHANGHAI = ZoneInfo("Asia/Shanghai")
Json = dict[str, Any]


def _text(form: FormData, key: str) -> str | None:
    value = form.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _texts(form: FormData, key: str) -> list[str]:
    return [v.strip() for v in form.getlist(key) if isinstance(v, str) and v.strip()]


def _interview(case: Json, form: FormData) -> Json:
    return {"person_id": _text(form, "person_id"), "kind": _text(form, "kind") or "interview",
            "conducted_on": _text(form, "on")}  # fmt: skip


def _rectification(case: Json, form: FormData) -> Json:
    return {"finding_id": case.get("finding_id"), "accepted_on": _text(form, "on")}


def _serious(case: Json, form: FormData) -> Json:
    return {"determined_on": _text(form, "on"), "description": _text(form, "description")}


def _decision(case: Json, form: FormData) -> Json:
    return {
        "decision_id": _text(form, "decision_id"),
        "decided_by": _text(form, "decided_by"),
        "meeting": _text(form, "meeting"),
        "decided_on": _text(form, "on"),
        "measures": _texts(form, "measures"),
        "person_ids": _texts(form, "person_ids"),
        "reason": _text(form, "reason"),
    }


def _review(case: Json, form: FormData) -> Json:
    return {
        "decision_id": _text(form, "decision_id"),
        "outcome": _text(form, "outcome"),
        "reviewed_on": _text(form, "on"),
        "measures": _texts(form, "measures"),
        "reason": _text(form, "reason"),
    }


def _keeps_only_decided(case: Json, review: DecisionReviewed) -> None:
    """A review's 变更 keeps only measures its decision took (the accountability service
    would not apply it otherwise): :class:`ContractViolation` if it adds one."""
    decided = [d for d in case.get("decisions", []) if d["decision_id"] == review.decision_id]
    if decided and review.added_to(decided[0]["measures"], decided[0]["person_ids"]) != ([], []):
        detail = "复查变更只能保留原决定所作的措施，不能增加"
        why = issue("measures", INCONSISTENT, "a change keeps only measures decided", detail)
        raise ContractViolation([why])


@dataclass(frozen=True)
class Form:
    """One form: its event type, its title and how its fields make the payload."""

    model: type[Payload]
    title_zh: str
    fields: Callable[[Json, FormData], Json]


FORMS: dict[str, Form] = {
    "interview": Form(InterviewConducted, "约谈已进行", _interview),
    "rectification": Form(RectificationAccepted, "整改已验收", _rectification),
    "serious": Form(SeriousConsequenceDetermined, "严重后果认定", _serious),
    "decision": Form(AccountabilityDecided, "问责决定（集体决定）", _decision),
    "review": Form(DecisionReviewed, "申诉与复查", _review),
}


def payload(kind: str, case: Json, form: FormData) -> Payload:
    """The payload a form makes about ``case``; :class:`ContractViolation` if it breaks
    the contract (a field missing or out of range, a committee measure by the department…)."""
    chosen = FORMS[kind]
    org, about = case["organization_id"], case.get("subject_organization_id")
    # 所涉单位: the registry asks for it from a unit answering for others, and places the
    # step where the case is kept.
    fields = {"organization_id": org, "subject_organization_id": about or org,
              "case_id": case["case_id"]}  # fmt: skip
    fields |= {k: v for k, v in chosen.fields(case, form).items() if v is not None}
    try:
        data = chosen.model.model_validate_json(json.dumps(fields, ensure_ascii=False))
    except ValidationError as error:
        raise ContractViolation.from_validation_error(error) from None
    if isinstance(data, DecisionReviewed):
        _keeps_only_decided(case, data)
    return data


def event_day(data: Payload) -> date:
    """The day the payload records (its ``…_on`` field)."""
    days = [v for k, v in data if k.endswith("_on") and isinstance(v, date)]
    return days[0]


def envelope_json(data: Payload, source: str) -> bytes:
    """The CloudEvent of ``data`` from ``source``, dated 09:00 (Beijing) of its day; its id
    a digest of the type and payload."""
    digest = hashlib.sha256(f"{type(data).__name__}|{data.model_dump_json()}".encode()).hexdigest()[
        :32
    ]
    envelope = new_envelope(
        data,
        id=f"wb-{digest}",
        source=source,
        time=datetime.combine(event_day(data), time(9), SHANGHAI),
    )
    return envelope.model_dump_json(exclude_none=True).encode()


@dataclass(frozen=True)
class Outcome:
    """What the registry answered: accepted, duplicate or rejected with its issues."""

    event_id: str
    outcome: str
    issues: tuple[Issue, ...] = ()


async def submit(http: httpx.AsyncClient, registry: str, token: str, body: bytes) -> Outcome:
    """POST one event to the registry with the user's token; its receipt."""
    response = await http.post(
        f"{registry}/v1/events",
        content=body,
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    if response.status_code != 200:
        detail = (
            response.json().get("detail")
            if response.headers.get("content-type", "").startswith("application/json")
            else None
        )
        zh = detail.get("message_zh") if isinstance(detail, dict) else None
        code = detail.get("code") if isinstance(detail, dict) else "workbench.registry_refused"
        issue = Issue(
            field="request", code=str(code),
            message_en=f"the registry refused the request ({response.status_code})",
            message_zh=str(zh or f"登记处拒绝了请求（{response.status_code}）"),
        )  # fmt: skip
        return Outcome("", "rejected", (issue,))
    result = response.json()["results"][0]
    issues = tuple(Issue.model_validate(i) for i in result.get("issues", []))
    return Outcome(result["id"], result["outcome"], issues)
