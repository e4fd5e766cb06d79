"""Activity events (组织生活与党建工作): the evidence that duties were done."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from contracts.errors import INCONSISTENT, field_error
from contracts.events.base import (
    Count,
    Day,
    Funds,
    Hours,
    Id,
    OrganizationPayload,
    Title,
    Year,
    example,
)
from contracts.events.enums import (
    MeetingKind,
    Office,
    ReportTopic,
    TalkKind,
    TrainingKind,
    WorkReportGrade,
)


class MeetingHeld(OrganizationPayload):
    """A meeting or organizational-life activity took place (召开会议/开展组织生活)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "meeting_id": "oa-mtg-2018-0312-017",
            "kind": "branch_committee_meeting",
            "held_on": "2018-03-12",
            "expected_attendees": 5,
            "present_attendees": 5,
            "topic": "研究第一季度党员发展和主题党日安排",
            "chaired_by": "p-10021",
        }
    )

    meeting_id: Id = Field(description="Id of the meeting in the source system (会议编号).")
    kind: MeetingKind = Field(description="Kind of meeting (会议类型).")
    held_on: Day = Field(description="Day the meeting was held (召开日期).")
    expected_attendees: Count = Field(description="Members who should attend (应到人数).")
    present_attendees: Count = Field(description="Members present (实到人数).")
    topic: Title = Field(description="Topic or agenda (会议主题).")
    chaired_by: Id | None = Field(default=None, description="Id of the chair (主持人).")

    @model_validator(mode="after")
    def _present_within_expected(self) -> Self:
        if self.present_attendees > self.expected_attendees:
            raise field_error(
                "present_attendees", INCONSISTENT, "must not exceed expected_attendees"
            )
        return self


class ReportHeard(OrganizationPayload):
    """An organization heard a report from a lower organization (听取汇报).

    ``organization_id`` is the hearer: the duty to hear is the hearer's.
    """

    model_config = example(
        {
            "organization_id": "gb-edu",
            "reporting_organization_id": "br-edu-faculty-1",
            "heard_on": "2018-04-18",
            "topic": "branch_building",
        }
    )

    reporting_organization_id: Id = Field(
        description="Id of the reporting organization (汇报单位)."
    )
    heard_on: Day = Field(description="Day the report was heard (听取日期).")
    topic: ReportTopic = Field(description="Topic of the report (汇报主题).")


class WorkReportSubmitted(OrganizationPayload):
    """A secretary submitted the yearly written work report (书记抓党建述职)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "person_id": "p-10021",
            "office": "secretary",
            "year": 2017,
            "submitted_to": "gb-edu",
            "submitted_on": "2018-01-08",
        }
    )

    person_id: Id = Field(description="Id of the reporting office holder (述职人).")
    office: Office = Field(description="Office of the reporter (职务).")
    year: Year = Field(description="Year reported on (述职年度).")
    submitted_to: Id = Field(description="Id of the higher organization (报送单位).")
    submitted_on: Day = Field(description="Day of submission (报送日期).")


class WorkReportEvaluated(OrganizationPayload):
    """A secretary's work report was evaluated (述职评议考核)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "person_id": "p-10021",
            "year": 2017,
            "grade": "good",
            "evaluated_on": "2018-01-20",
        }
    )

    person_id: Id = Field(description="Id of the evaluated office holder (被评议人).")
    year: Year = Field(description="Year evaluated (评议年度).")
    grade: WorkReportGrade = Field(description="Grade: 好/较好/一般/差 (评议等次).")
    evaluated_on: Day = Field(description="Day of evaluation (评议日期).")


class MembersAppraised(OrganizationPayload):
    """A branch held the yearly democratic appraisal of members (民主评议党员)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "year": 2017,
            "appraised_on": "2017-12-22",
            "excellent": 4,
            "qualified": 14,
            "basically_qualified": 0,
            "unqualified": 0,
        }
    )

    year: Year = Field(description="Year appraised (评议年度).")
    appraised_on: Day = Field(description="Day of the appraisal (评议日期).")
    excellent: Count = Field(description="Members graded excellent (优秀人数).")
    qualified: Count = Field(description="Members graded qualified (合格人数).")
    basically_qualified: Count = Field(
        description="Members graded basically qualified (基本合格人数)."
    )
    unqualified: Count = Field(description="Members graded unqualified (不合格人数).")


class TrainingCompleted(OrganizationPayload):
    """A person or an organization's members completed a training (完成培训)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "person_id": "p-10021",
            "kind": "secretary_training",
            "hours": "24",
            "completed_on": "2018-07-06",
        }
    )

    person_id: Id | None = Field(
        default=None,
        description="Id of the trainee; none for a whole-organization training (学员).",
    )
    kind: TrainingKind = Field(description="Kind of training (培训类型).")
    hours: Hours = Field(description="Class hours (学时).")
    completed_on: Day = Field(description="Day of completion (结业日期).")


class BudgetAdopted(OrganizationPayload):
    """The yearly budget including Party-building funds was adopted (党建工作经费列入年度预算)."""

    model_config = example(
        {
            "organization_id": "pc-university",
            "year": 2018,
            "party_building_funds": "350000.00",
            "adopted_on": "2017-12-28",
        }
    )

    year: Year = Field(description="Budget year (预算年度).")
    party_building_funds: Funds = Field(
        description="Party-building funds in yuan, a decimal string (党建工作经费，元).",
    )
    adopted_on: Day = Field(description="Day of adoption (通过日期).")


class FundsUsePlanFiled(OrganizationPayload):
    """An organization filed its plan for using Party-building funds (经费使用计划报备)."""

    model_config = example({"organization_id": "gb-edu", "year": 2018, "filed_on": "2018-02-27"})

    year: Year = Field(description="Year of the plan (计划年度).")
    filed_on: Day = Field(description="Day of filing (报备日期).")


class ResponsibilityLetterSigned(OrganizationPayload):
    """The committee and a lower organization signed the responsibility letter (签订党建工作责任书).

    ``organization_id`` is the committee.
    """

    model_config = example(
        {
            "organization_id": "pc-university",
            "counterparty_organization_id": "gb-edu",
            "year": 2018,
            "signed_on": "2018-03-02",
        }
    )

    counterparty_organization_id: Id = Field(
        description="Id of the signing lower organization (签约单位)."
    )
    year: Year = Field(description="Year covered (责任年度).")
    signed_on: Day = Field(description="Day of signing (签订日期).")


class ContactPointAssigned(OrganizationPayload):
    """A committee member took a branch as contact point (建立基层联系点).

    ``organization_id`` is the branch.
    """

    model_config = example(
        {"organization_id": "br-edu-faculty-1", "person_id": "p-00003", "assigned_on": "2018-03-15"}
    )

    person_id: Id = Field(description="Id of the committee member (联系领导).")
    assigned_on: Day = Field(description="Day of assignment (建立日期).")


class ContactPointVisited(OrganizationPayload):
    """A committee member visited the contact-point branch (联系点调研指导).

    ``organization_id`` is the branch; the visit credits the visitor's own duty
    in the committee (``person_id``), not the branch.
    """

    model_config = example(
        {"organization_id": "br-edu-faculty-1", "person_id": "p-00003", "visited_on": "2018-05-09"}
    )

    person_id: Id = Field(description="Id of the visiting committee member (联系领导).")
    visited_on: Day = Field(description="Day of the visit (调研日期).")


class ResponsibilityCheckConducted(OrganizationPayload):
    """The committee checked how the responsibility system was carried out (责任制落实情况检查).

    ``organization_id`` is the committee that checked; ``year`` the year checked
    (实施细则 四: 开展基层党建工作责任制落实情况检查; 问题清单第31题: 每年).
    """

    model_config = example(
        {
            "organization_id": "pc-university",
            "year": 2018,
            "organizations_checked": 12,
            "conducted_on": "2018-12-20",
        }
    )

    year: Year = Field(description="Year checked (检查年度).")
    organizations_checked: Count = Field(description="Lower organizations checked (检查党组织数).")
    conducted_on: Day = Field(description="Day the check was concluded (检查日期).")


class NeedyMembersRecorded(OrganizationPayload):
    """The registry's record of an organization's members in difficulty (困难党员情况登记).

    ``organization_id`` is the organization that visits them (党委、党总支:
    定期走访慰问困难党员); ``needy_members`` is how many it has now, 0 when it
    no longer has any. The visiting duty binds it for a year in which it had some.
    """

    model_config = example(
        {"organization_id": "gb-edu", "needy_members": 3, "recorded_on": "2018-03-01"}
    )

    needy_members: Count = Field(description="Members in difficulty now (困难党员人数).")
    recorded_on: Day = Field(description="Day of the record (登记日期).")


class DualReportRegistered(OrganizationPayload):
    """An organization or member registered with a community (双报到)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "member_id": "m-30112",
            "community": "徐汇区国顺路社区党委",
            "registered_on": "2018-04-02",
        }
    )

    member_id: Id | None = Field(
        default=None, description="Id of the member; none when the organization registers (党员)."
    )
    community: Title = Field(description="Community registered with (报到社区).")
    registered_on: Day = Field(description="Day of registration (报到日期).")


class TalkHeld(OrganizationPayload):
    """A talk took place (谈心谈话/谈话)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "kind": "applicant_talk",
            "person_id": "p-10045",
            "counterpart_id": "s-2017001",
            "held_on": "2017-10-20",
        }
    )

    kind: TalkKind = Field(description="Kind of talk (谈话类型).")
    person_id: Id = Field(description="Id of the person who held the talk (谈话人).")
    counterpart_id: Id = Field(description="Id of the person talked to (谈话对象).")
    held_on: Day = Field(description="Day of the talk (谈话日期).")


EVENTS = (
    MeetingHeld,
    ReportHeard,
    WorkReportSubmitted,
    WorkReportEvaluated,
    MembersAppraised,
    TrainingCompleted,
    BudgetAdopted,
    FundsUsePlanFiled,
    ResponsibilityLetterSigned,
    ContactPointAssigned,
    ContactPointVisited,
    ResponsibilityCheckConducted,
    NeedyMembersRecorded,
    DualReportRegistered,
    TalkHeld,
)
