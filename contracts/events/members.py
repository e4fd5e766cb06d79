"""Membership events (党员管理): admission, transfers, contact, dues, attendance."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from contracts.errors import INCONSISTENT, field_error
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
from contracts.events.enums import AwayPlace, MembershipEnd, SuspensionGround


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
            "dues_paid_through": "2018-12",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    member_name: PersonName = Field(description="Name of the member (姓名).")
    from_organization: Title | None = Field(
        default=None, description="Where the member came from, free text (转出单位)."
    )
    transferred_on: Day = Field(description="Day the transfer was received (转入日期).")
    probationary: bool | None = Field(
        default=None,
        description=(
            "What the letter of introduction (组织关系介绍信) says of the member: true, a"
            " probationary member (预备党员); false, a full member (正式党员). Unset: a full"
            " member, unless the registry knows the member as probationary, which it then"
            " refuses (member.standing_unstated)."
        ),
    )
    dues_paid_through: Month | None = Field(
        default=None,
        description=(
            "Month through which the member paid Party dues to the former organization,"
            " `YYYY-MM`, as the letter of introduction states it (党费交至月份: 党费交到X年X月;"
            " dues may be paid in advance, 2008 党费规定). The months up to it are not owed"
            " in the receiving branch and count as paid for 党章第九条 (连续六个月不交纳党费);"
            " a month before the first owed there changes nothing. At most twelve months"
            " after the month of the transfer (dues.paid_through_too_far). Unset: not"
            " stated, every month from the first on the roll is owed."
        ),
    )


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
            "place": "fixed",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    since: Day = Field(description="Day the member left (外出日期).")
    destination: Title = Field(description="Where the member went (外出地点).")
    place: AwayPlace | None = Field(
        default=None,
        description="Whether the place is relatively fixed (地点是否相对固定); absent: not "
        "stated. Only a member away at a fixed place must transfer membership after six "
        "months (党员教育管理工作条例 第二十五条).",
    )


class MemberReturned(OrganizationPayload):
    """A member away came back (外出党员返回): a pending transfer no longer applies."""

    model_config = example(
        {"organization_id": "br-edu-faculty-1", "member_id": "m-30112", "returned_on": "2019-01-20"}
    )

    member_id: Id = Field(description="Id of the member (党员).")
    returned_on: Day = Field(description="Day the member came back (返回日期).")


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
            "ground": "lost_contact",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    suspended_on: Day = Field(description="Day of the decision (停止党籍日期).")
    reason: Text = Field(description="Reason (原因).")
    ground: SuspensionGround | None = Field(
        default=None,
        description="Category of the reason (原因类别); absent: not stated. Two years after a "
        "suspension for lost contact the member may be removed (第二十四条).",
    )


class MembershipEnded(OrganizationPayload):
    """A member left the Party's ranks for good (党员减少: 去世, 开除党籍, 除名, 退党; a
    probationary member's 取消预备党员资格)."""

    model_config = example(
        {
            "organization_id": "br-retired-1",
            "member_id": "m-40017",
            "ended_on": "2019-03-02",
            "end": "deceased",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    ended_on: Day = Field(
        description="Day of death, or of the decision or withdrawal (去世日期、决定日期)."
    )
    end: MembershipEnd = Field(
        description="How the membership ended (党员减少类别). The member leaves the roll of"
        " the branch that records it, for good: nothing falls due for him from that day,"
        " no flag is raised about him after it, and those raised are withdrawn (one raised"
        " after the day, the end recorded late, would not have been; one raised by then no"
        " longer asks for a decision). No fact of his dated after it is accepted, nor a"
        " joining of any roll (a 除名 or 开除党籍 member who joins again is admitted under"
        " a new member id), nor an end dated before steps of his already recorded."
        " ``disqualified`` (取消预备党员资格) is refused for a member not probationary, and"
        " a confirmation (转正) of a disqualified member whatever its day. Refused while the"
        " registry has him in a Party office under the same id: record the leaving first."
    )


class MembershipRestored(OrganizationPayload):
    """A suspended member's membership was restored (恢复党籍)."""

    model_config = example(
        {"organization_id": "br-retired-1", "member_id": "m-40009", "restored_on": "2019-09-02"}
    )

    member_id: Id = Field(description="Id of the member (党员).")
    restored_on: Day = Field(description="Day of the decision (恢复党籍日期).")
    probationary: bool | None = Field(
        default=None,
        description=(
            "What the decision says of the member: true, restored as a probationary member"
            " (预备党员); false, as a full member (正式党员). Unset: a full member, unless the"
            " registry knows the member as probationary, which it then refuses"
            " (member.standing_unstated)."
        ),
    )


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


class QuarterlyDuesApproved(OrganizationPayload):
    """The branch agreed that a member pays dues by quarter (经党支部同意按季度交纳党费).

    From the quarter beginning with ``first_month`` the member's dues fall due
    quarterly instead of monthly (中组部《关于中国共产党党费收缴、使用和管理的规定》2008).
    """

    model_config = example(
        {
            "organization_id": "br-retired-1",
            "member_id": "m-40007",
            "approved_on": "2018-03-20",
            "first_month": "2018-04",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    approved_on: Day = Field(description="Day of the branch's consent (支部同意日期).")
    first_month: Month = Field(
        description="First month of the first quarter paid by quarter, `YYYY-01/04/07/10` "
        "(起始月份)."
    )

    @model_validator(mode="after")
    def _quarter_start(self) -> Self:
        if int(self.first_month[5:]) % 3 != 1:
            raise field_error("first_month", INCONSISTENT, "must be the first month of a quarter")
        return self

    @property
    def months_zh(self) -> str:
        """The months paid by quarter: ``自2018年4月起``."""
        return f"自{_month_zh(self.first_month)}起"


class DuesExemptionApproved(OrganizationPayload):
    """The higher Party committee approved that a member pays no dues (免交党费).

    中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 生活确有困难的党员，经党支部
    研究、报上一级党委批准，可以少交或免交党费. The member owes the branch no dues for the
    months from ``first_month`` through ``last_month``, and those months are not months
    without dues for 党章第九条 (连续六个月不交纳党费: the exemption is a 正当理由). Without
    ``last_month`` the exemption lasts until the same fact restated, with the same
    ``first_month``, states its last month (恢复交纳); a fact with another
    ``first_month`` is another exemption. Recorded late (补录), it still exempts its
    months: what was said of them overdue is waived.
    """

    model_config = example(
        {
            "organization_id": "br-retired-1",
            "member_id": "m-40007",
            "first_month": "2019-01",
            "last_month": "2019-12",
            "approved_on": "2018-12-20",
            "approved_by": "pc-university",
        }
    )
    date_order = (("last_month", "first_month"),)

    member_id: Id = Field(description="Id of the member (党员).")
    first_month: Month = Field(description="First month exempt, `YYYY-MM` (免交起始月份).")
    last_month: Month | None = Field(
        default=None,
        description="Last month exempt, `YYYY-MM`, not before first_month (免交终止月份). "
        "Unset: not decided yet; a later DuesExemptionApproved with the same first_month "
        "states it.",
    )
    approved_on: Day = Field(description="Day of the higher committee's approval (批准日期).")
    approved_by: Id = Field(
        description="Id of the approving organization, a Party committee above the branch "
        "(批准单位: 上一级党委)."
    )

    @property
    def months_zh(self) -> str:
        """The months exempt: ``2019年1月至2019年12月``, or ``自2019年1月起`` without a last."""
        first = _month_zh(self.first_month)
        return (
            f"自{first}起" if self.last_month is None else f"{first}至{_month_zh(self.last_month)}"
        )


def _month_zh(month: str) -> str:
    """``2019-01`` → ``2019年1月``."""
    return f"{int(month[:4])}年{int(month[5:])}月"


class OrganizationalLifeAttended(OrganizationPayload):
    """A member took part in an organizational-life activity (参加党的组织生活，考勤记录).

    The attendance record behind 党章第九条: six consecutive months without
    organizational life are flagged, from the month a branch keeps attendance.
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "member_id": "m-30112",
            "meeting_id": "oa-mtg-2018-0312-017",
            "attended_on": "2018-03-12",
        }
    )

    member_id: Id = Field(description="Id of the member (党员).")
    meeting_id: Id = Field(description="Id of the meeting or activity (会议编号).")
    attended_on: Day = Field(description="Day of the activity (参加日期).")


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
    MemberReturned,
    MemberLostContact,
    MemberContactRestored,
    MembershipSuspended,
    MembershipRestored,
    MembershipEnded,
    DuesPaid,
    QuarterlyDuesApproved,
    DuesExemptionApproved,
    OrganizationalLifeAttended,
    AdmissionApplicationReceived,
    ActivistDesignated,
    CandidateDesignated,
)
#: The facts that take a member off a unit's roll (转出, 停止党籍). The duties service
#: forwards them to accountability, which withdraws the member's flags they show no
#: longer stand (a leaving recorded late, 补录).
OFF_THE_ROLL: tuple[type[OrganizationPayload], ...] = (MemberTransferredOut, MembershipSuspended)
