"""Duty status events (责任履行状态), the duties service's output on zeren.duties.v2."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from contracts.events.base import (
    EventId,
    EvidenceIds,
    Id,
    OrganizationPayload,
    Question,
    Text,
    Title,
    Version,
    example,
)
from contracts.events.enums import MemberSituation, Office, OrganizationSituation

PERIOD_PATTERN = (
    r"^(\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-S[12])?"
    r"|term:\d{4}-\d{2}-\d{2}"
    r"|within:[\x21-\x7e]{1,128})$"
)
Period = Annotated[str, StringConstraints(max_length=140, pattern=PERIOD_PATTERN)]


def _duty_example(**overrides: Any) -> dict[str, Any]:
    """A realistic duty-status example: the branch committee meeting of March 2018."""
    return {
        "organization_id": "br-edu-faculty-1",
        "duty_id": "branch.committee_meeting.monthly",
        "period": "2018-03",
        "period_start": "2018-03-01",
        "period_end": "2018-03-31",
        "due_on": "2018-04-10",
        "catalog_version": "2017.1",
        "clause": "实施细则 三、(四)；支部工作条例",
        "questions": [18],
        "evidence_event_ids": [],
        "cause_event_id": "tick-2018-04-11-p0",
        **overrides,
    }


class DutyStatus(OrganizationPayload):
    """Base of duty status events: one duty of one organization for one period (责任事项)."""

    date_order = (("period_end", "period_start"), ("due_on", "period_end"))

    duty_id: Id = Field(description="Id of the duty in the catalog (责任事项编号).")
    period: Period = Field(
        description=(
            "Period id: `2018-03`, `2018-Q2`, `2018-S1`, `2018`, `term:2018-06-30` "
            "or `within:<event id>` (考核周期)."
        )
    )
    period_start: date = Field(description="First day of the period (周期开始).")
    period_end: date = Field(description="Last day of the period (周期结束).")
    due_on: date = Field(description="Deadline: period end plus grace (截止日期).")
    office: Office | None = Field(default=None, description="Office the duty falls on (责任职务).")
    person_id: Id | None = Field(default=None, description="Id of the responsible person (责任人).")
    member_id: Id | None = Field(default=None, description="Id of the member concerned (相关党员).")
    charged_organization_id: Id | None = Field(
        default=None,
        description=(
            "The organization that owes the duty, when not the subject: the parent or the"
            " committee for duties charged to it (责任单位)."
        ),
    )
    charged_person_ids: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Every holder of the answering office at the time (责任人，全部在任者).",
    )
    charged_since: date | None = Field(
        default=None,
        description=(
            "The day the charged organization came to owe the duty, when after the deadline"
            " its rule sets (period end plus grace): the day the subject was placed under it"
            " (隶属关系调整) before the period was judged late (补录). Its holders answer from"
            " that day, not from the rule's deadline, when it owed nothing about the subject."
        ),
    )
    catalog_version: Version = Field(description="Duty catalog version applied (责任清单版本).")
    clause: Title = Field(description="Clause of the seed or regulation the duty cites (依据条款).")
    questions: list[Question] = Field(
        default_factory=list,
        max_length=36,
        description="Problem-list questions concerned (问题清单序号).",
    )
    evidence_event_ids: EvidenceIds = Field(
        default_factory=list, description="Ids of the events that evidence the duty (佐证事件)."
    )
    cause_event_id: EventId = Field(
        description="Id of the event that caused this status (触发事件)."
    )


class DutyDueSoon(DutyStatus):
    """A duty's deadline is near and it is not yet fulfilled (即将到期提醒)."""

    model_config = example(_duty_example(cause_event_id="tick-2018-04-03-p0"))


class DutyEvidenced(DutyStatus):
    """Base of duty status events caused by evidence (履行佐证)."""

    fulfilled_on: date | None = Field(default=None, description="Day of the evidence (履行日期).")


class DutyFulfilled(DutyEvidenced):
    """A duty was fulfilled in time (按期履行)."""

    model_config = example(
        _duty_example(
            evidence_event_ids=["oa-2018-03-12-017"],
            cause_event_id="oa-2018-03-12-017",
            fulfilled_on="2018-03-12",
        )
    )


class DutyOverdue(DutyStatus):
    """A duty's deadline passed without evidence (逾期未履行)."""

    model_config = example(_duty_example())


class DutyFulfilledLate(DutyEvidenced):
    """Evidence of an overdue duty arrived after the deadline (逾期后补履行)."""

    model_config = example(
        _duty_example(
            evidence_event_ids=["oa-2018-03-28-031"],
            cause_event_id="oa-2018-03-28-031",
            fulfilled_on="2018-03-28",
        )
    )


class DutyWaived(DutyStatus):
    """A duty no longer applies for the period (免除), e.g. the organization was dissolved."""

    model_config = example(
        _duty_example(cause_event_id="org-dissolve-br-edu-faculty-1", reason="支部已撤销")
    )

    reason: Text | None = Field(default=None, description="Why the duty was waived (免除理由).")


class MemberSituationFlagged(DutyStatus):
    """A member's situation needs the branch's action (党员异常情况提示).

    Party Constitution §9 (six months without organizational life or dues),
    lost contact, or away without transferring membership. The system flags;
    it never decides removal.
    """

    model_config = example(
        _duty_example(
            duty_id="member.dues.six_months",
            period="2018",
            period_start="2018-01-01",
            period_end="2018-12-31",
            due_on="2018-12-31",
            member_id="m-30112",
            clause="实施细则 三、(四)；党章 第九条",
            questions=[20, 21],
            cause_event_id="tick-2018-07-01-p0",
            situation="dues_unpaid_six_months",
            since="2018-01-01",
        )
    )

    situation: MemberSituation = Field(description="What was noticed (异常情况).")
    since: date | None = Field(default=None, description="Day the situation began (起始日期).")


class OrganizationFlagged(DutyStatus):
    """An organization's situation needs a decision of the higher organization (组织情况提示).

    A term outside the length the rules in force allow, an election delayed
    more than a year, a branch too small or too large or without the
    committee its size calls for. The system flags what it sees, naming the
    unit and the higher organization that decides (``higher_organization_id``);
    it changes nothing itself (no term is shortened, no branch split).
    """

    model_config = example(
        _duty_example(
            duty_id="org.election.term",
            period="term:2023-06-19",
            period_start="2018-06-20",
            period_end="2023-06-19",
            due_on="2023-06-19",
            clause="实施细则 三、（二）：统筹指导基层党组织任期届满后按期进行换届选举",
            questions=[7],
            cause_event_id="oa-election-2018-0620",
            situation="term_out_of_range",
            higher_organization_id="gb-edu",
            detail_zh="2018年6月20日选举产生的新一届任期至2023年6月19日，"
            "不符合党章第三十条规定的支部委员会每届任期两年或三年",
        )
    )

    situation: OrganizationSituation = Field(description="What was noticed (情况).")
    higher_organization_id: Id | None = Field(
        default=None,
        description="The higher organization that approves or decides (审批的上级党组织).",
    )
    detail_zh: Text = Field(description="What was seen, against which rule (情况说明).")


EVENTS = (
    DutyDueSoon,
    DutyFulfilled,
    DutyOverdue,
    DutyFulfilledLate,
    DutyWaived,
    MemberSituationFlagged,
    OrganizationFlagged,
)
