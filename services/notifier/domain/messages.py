"""What a recipient receives (送达内容): the subject and text in Chinese, the webhook's JSON.

The label in brackets says how the alert must be read: the rung of a measure
taken (【提醒】, 【提出批评，限期整改】, …), 【问责建议】 for a proposal awaiting a
decision (its text says that nothing is decided yet), 【办结】 for a resolved
case (never the rung it reached). Each message names the unit and every
person the alert charges as the alert does (by name, in its text), and adds
their ids (编号) in lines of their own, for a reader to look them up.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from pydantic import BaseModel, ConfigDict

from contracts.events.accountability import SituationFlag, SituationFlagWithdrawn
from services.notifier.domain.alerts import Alert, AlertKind

#: The header of a webhook's signature: ``sha256=<hex HMAC-SHA256 of the body>``.
SIGNATURE_HEADER = "X-Zeren-Signature"
#: The header of a webhook's idempotency key (the same on every retry).
IDEMPOTENCY_HEADER = "Idempotency-Key"
#: The domain part of the Message-ID of the notifier's e-mails.
MESSAGE_ID_DOMAIN = "notifier.zeren"


class Message(BaseModel):
    """One rendered alert: the e-mail's subject and text, the webhook's body."""

    model_config = ConfigDict(frozen=True)

    subject: str
    text: str
    body: dict[str, Any]


def label(alert: Alert) -> str:
    """The bracketed label of the subject (提示类别或问责层级)."""
    if alert.kind is AlertKind.MEASURE and alert.rung is not None:
        return alert.rung.label_zh
    return alert.kind.label_zh


def render(alert: Alert) -> Message:
    """The message every recipient of ``alert`` gets."""
    lines = [_reading(alert), "", alert.text_zh, ""]
    if alert.flag is None:
        lines += _action_lines(alert)
    else:
        lines += _flag_lines(alert, alert.flag)
    subject = f"【{label(alert)}】{alert.title_zh}"
    body: dict[str, Any] = {
        "event_id": alert.event_id,
        "type": alert.event_type,
        "kind": alert.kind.value,
        "kind_zh": alert.kind.label_zh,
        "label_zh": label(alert),
        "rung": None if alert.rung is None else alert.rung.value,
        "case_id": alert.case_id,
        "unit_id": alert.unit_id,
        "member_id": alert.member_id,
        "persons_charged": list(alert.persons_charged),
        "persons_withdrawn": list(alert.persons_withdrawn),
        "persons_added": list(alert.persons_added),
        "persons_deciding": list(alert.persons_deciding),
        "subject_zh": subject,
        "data": alert.data.model_dump(mode="json"),
    }
    return Message(subject=subject, text="\n".join(lines), body=body)


def _action_lines(alert: Alert) -> list[str]:
    """The ids of an action: the unit, the persons, the decision, the clause, the case."""
    action = alert.action
    assert action is not None
    lines = [f"责任单位编号：{action.organization_id}"]
    if alert.persons_charged:
        lines.append(f"责任人编号：{'、'.join(alert.persons_charged)}")
    if alert.persons_withdrawn:
        lines.append(f"不再作为责任人的人员编号：{'、'.join(alert.persons_withdrawn)}")
    if alert.persons_added:
        lines.append(f"新增责任人编号：{'、'.join(alert.persons_added)}")
    if action.leading_group_ids:
        lines.append(f"负有责任的领导班子成员编号：{'、'.join(action.leading_group_ids)}")
    if action.decided_by is not None and alert.kind is not AlertKind.PROPOSAL:
        decision = f"（{action.decision_id}）" if action.decision_id else ""
        lines.append(f"决定机关：{action.decided_by.label_zh}{decision}")
    lines.append(f"依据：{action.clause}（问责规则 {action.policy_version}）")
    lines.append(f"案件编号：{action.case_id}；事件编号：{alert.event_id}")
    return lines


def _flag_lines(alert: Alert, flag: SituationFlag) -> list[str]:
    """The ids of a flag: the unit, the member, who decides, the clause, the events."""
    lines = [f"所涉单位编号：{flag.organization_id}"]
    if flag.member_id is not None:
        lines.append(f"所涉党员编号：{flag.member_id}")
    lines.append(f"研究处理的党组织编号：{flag.decides}")
    if flag.person_ids:
        lines.append(f"应研究处理的书记编号：{'、'.join(flag.person_ids)}")
    if isinstance(flag, SituationFlagWithdrawn):
        lines.append(f"撤回依据事件编号：{flag.withdrawn_by}")
    lines.append(f"依据：{flag.clause}")
    lines.append(f"情况提示事件编号：{flag.flag_event_id}；事件编号：{alert.event_id}")
    return lines


def _reading(alert: Alert) -> str:
    """The first line: how to read the alert (a proposal is no decision)."""
    match alert.kind:
        case AlertKind.PROPOSAL:
            measures = "、".join(r.label_zh for r in alert.measures)
            body = alert.proposed_to.label_zh if alert.proposed_to else "有关机关"
            return (
                f"【问责建议】系统建议：{measures}。此为建议，尚待{body}研究决定；"
                "作出决定前，不采取上述措施。"
            )
        case AlertKind.RESOLUTION:
            top = alert.rung.label_zh if alert.rung is not None else "—"
            return f"【办结】问责案件已办结（案件曾达到的最高层级：{top}）。"
        case AlertKind.REVIEW:
            return "【复查结论】申诉、复查已有结论。"
        case AlertKind.RESTORATION:
            return "【恢复评优评先资格】经申诉、复查恢复年度评优评先资格。"
        case AlertKind.CORRECTION:
            return "【责任人更正】本案所列责任人有变更，以本通知为准。"
        case AlertKind.FLAG:
            return (
                "【情况提示】以下情况提请有关党组织研究、作出决定；此为情况提示，"
                "不是问责措施，也不是任何结论。"
            )
        case AlertKind.FLAG_WITHDRAWAL:
            return (
                "【情况提示撤回】此前的情况提示已不成立，予以撤回，无需据此研究处理；"
                "此为情况提示的撤回，不是问责措施，也不是任何结论。"
            )
        case _:
            return f"【{label(alert)}】{alert.title_zh}"


def idempotency_key(event_id: str, recipient: str) -> str:
    """The key of one delivery (event id and recipient): the same on every attempt."""
    return f"{event_id}/{recipient}"


def message_id(event_id: str, recipient: str) -> str:
    """The e-mail's Message-ID, derived from the delivery's key (a resent mail repeats it)."""
    digest = hashlib.sha256(idempotency_key(event_id, recipient).encode()).hexdigest()[:32]
    return f"<{digest}@{MESSAGE_ID_DOMAIN}>"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact body bytes under the recipient's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """What a receiver checks: the header is the body's signature (constant-time compare)."""
    return hmac.compare_digest(signature(secret, body), header)
