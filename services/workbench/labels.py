"""Chinese labels of the values the services answer with (状态、梯级、组织类别)."""

from __future__ import annotations

from contracts.events.enums import LABELS_ZH, MemberSituation, OrganizationSituation, Rung
from contracts.policy import POLICIES
from services.accountability.domain.models import CaseStatus
from services.notifier.domain.alerts import AlertKind

#: A duty instance's status (责任事项状态).
DUTY_STATUS_ZH = {
    "fulfilled": "按期履行",
    "fulfilled_late": "逾期补履行",
    "overdue": "逾期未履行",
    "open": "未到期",
    "waived": "免于履行",
}

#: The duty status events a case's history names by type (``DutyOverdue：2018年10月``).
DUTY_EVENT_ZH = {
    "DutyDueSoon": "临近截止",
    "DutyFulfilled": "按期履行",
    "DutyOverdue": "逾期未履行",
    "DutyFulfilledLate": "逾期补履行",
    "DutyWaived": "免于履行",
}

CASE_STATUS_ZH = {
    CaseStatus.OPEN.value: "办理中",
    CaseStatus.RESOLVED.value: "已办结",
    CaseStatus.CLOSED.value: "已结案",
}

#: The organization kinds, highest first: the overview's grouping (党委 → 党总支 → 支部).
KIND_ZH = {
    "party_committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "party_group": "党小组",
}


def rung_names() -> dict[str, str]:
    """Each rung of the accountability ladder by id, with its Chinese name, lowest first
    (the newest policy's names: 提醒, 批评、限期整改, 通报、约谈…; the ids do not change)."""
    return {rung.id: rung.name_zh for rung in sorted(POLICIES[-1].rungs, key=lambda r: r.order)}


#: A delivery's status (送达状态).
DELIVERY_ZH = {"pending": "待发送", "delivered": "已送达", "failed": "发送失败"}

#: How an alert reached its recipient (送达渠道).
CHANNEL_ZH = {"webhook": "接口推送", "email": "电子邮件", "file": "文件"}

#: An alert's own rung (the measure it is about: 约谈, 通报…), as the deliveries name it.
ALERT_RUNG_ZH = LABELS_ZH[Rung]

#: How an alert must be read (提示类别): a measure, a proposal, a resolution…
ALERT_KIND_ZH = {kind.value: kind.label_zh for kind in AlertKind}

#: What a flag saw (情况提示): a member's situation or an organization's.
SITUATION_ZH = {**LABELS_ZH[MemberSituation], **LABELS_ZH[OrganizationSituation]}
