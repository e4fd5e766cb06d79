"""Membership events (党员管理): admission, transfers, contact, dues."""

from __future__ import annotations

from pydantic import Field

from contracts.events.base import (
    Day,
    Id,
    Money,
    Month,
    OrganizationPayload,
    PersonName,
    Text,
    Title,
    example,
)


class MemberAdmittedAsProbationary(OrganizationPayload):
    """The branch general meeting admitted a probationary member (接收预备党员)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "member_id": "m-20031",
            "member_name": "李明",
            "admitted_on": "2018-05-16",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    member_name: PersonName = Field(description="Name of the member (姓名).")
    admitted_on: Day = Field(description="Day of the branch meeting's decision (接收日期).")


class MemberConfirmed(OrganizationPayload):
    """A probationary member became a full member (预备党员转正)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "member_id": "m-20031",
            "confirmed_on": "2019-05-16",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    confirmed_on: Day = Field(description="Day of confirmation (转正日期).")


class MemberTransferredIn(OrganizationPayload):
    """A member's organizational relationship was transferred in (组织关系转入)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "member_id": "m-30112",
            "member_name": "张华",
            "from_organization": "复旦大学化学系党支部",
            "transferred_on": "2018-09-10",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    member_name: PersonName = Field(description="Name of the member (姓名).")
    from_organization: Title | None = Field(
        default=None, description="Where the member came from, free text (转出单位)."
    )
    transferred_on: Day = Field(description="Day the transfer was received (转入日期).")


class MemberTransferredOut(OrganizationPayload):
    """A member's organizational relationship was transferred out (组织关系转出)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "member_id": "m-20031",
            "to_organization": "上海市某街道社区党委",
            "transferred_on": "2019-07-05",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    to_organization: Title = Field(description="Receiving organization, free text (转入单位).")
    transferred_on: Day = Field(description="Day of the transfer (转出日期).")


class MemberWentAway(OrganizationPayload):
    """A member went to work or live elsewhere (党员外出流动)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "member_id": "m-30112",
            "since": "2018-10-01",
            "destination": "新疆喀什（援疆）",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    since: Day = Field(description="Day the member left (外出日期).")
    destination: Title = Field(description="Where the member went (外出地点).")


class MemberLostContact(OrganizationPayload):
    """The branch lost contact with a member (党员失联)."""

    model_config = example(
        {"organization_id": "br-retired-1", "member_id": "m-40007", "since": "2018-02-01"}
    )

    member_id: Id = Field(description="Id of the member (党员).")
    since: Day = Field(description="Last day of contact (失联起始日).")


class MemberContactRestored(OrganizationPayload):
    """Contact with a lost member was restored (恢复联系)."""

    model_config = example(
        {"organization_id": "br-retired-1", "member_id": "m-40007", "restored_on": "2018-06-12"}
    )

    member_id: Id = Field(description="Id of the member (党员).")
    restored_on: Day = Field(description="Day contact was restored (恢复联系日期).")


class MembershipSuspended(OrganizationPayload):
    """A member's Party membership was suspended (停止党籍)."""

    model_config = example(
        {
            "organization_id": "br-retired-1",
            "member_id": "m-40009",
            "suspended_on": "2018-12-20",
            "reason": "失去联系满六个月",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    suspended_on: Day = Field(description="Day of the decision (停止党籍日期).")
    reason: Text = Field(description="Reason (原因).")


class DuesPaid(OrganizationPayload):
    """A member paid Party dues for a month (交纳党费)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "member_id": "m-30112",
            "month": "2018-03",
            "amount": "42.50",
            "paid_on": "2018-03-12",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    month: Month = Field(description="Month the dues are for, `YYYY-MM` (所属月份).")
    amount: Money = Field(
        description="Amount in yuan, a decimal string on the wire (金额，元).",
    )
    paid_on: Day = Field(description="Day of payment (交纳日期).")


class AdmissionApplicationReceived(OrganizationPayload):
    """The branch received a written application to join the Party (收到入党申请书)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "person_id": "s-2017001",
            "person_name": "陈静",
            "received_on": "2017-10-09",
        }
    )

    person_id: Id = Field(description="Id of the applicant (入党申请人).")
    person_name: PersonName = Field(description="Name of the applicant (姓名).")
    received_on: Day = Field(description="Day the application was received (收到日期).")


class ActivistDesignated(OrganizationPayload):
    """An applicant was designated an activist for Party membership (确定入党积极分子)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "person_id": "s-2017001",
            "designated_on": "2017-12-01",
        }
    )

    person_id: Id = Field(description="Id of the person (入党积极分子).")
    designated_on: Day = Field(description="Day of designation (确定日期).")


class CandidateDesignated(OrganizationPayload):
    """An activist was designated a candidate for admission (确定发展对象)."""

    model_config = example(
        {
            "organization_id": "br-edu-student-1",
            "person_id": "s-2017001",
            "designated_on": "2019-01-10",
        }
    )

    person_id: Id = Field(description="Id of the person (发展对象).")
    designated_on: Day = Field(description="Day of designation (确定日期).")


EVENTS = (
    MemberAdmittedAsProbationary,
    MemberConfirmed,
    MemberTransferredIn,
    MemberTransferredOut,
    MemberWentAway,
    MemberLostContact,
    MemberContactRestored,
    MembershipSuspended,
    DuesPaid,
    AdmissionApplicationReceived,
    ActivistDesignated,
    CandidateDesignated,
)
