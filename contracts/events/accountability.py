"""Accountability events (责任追究), the ladder of seed section 四 on zeren.accountability.v2."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Self

from pydantic import Field, StringConstraints, model_validator

from contracts.errors import INCONSISTENT, field_error
from contracts.events.base import (
    EventId,
    EvidenceIds,
    Id,
    OrganizationPayload,
    Text,
    Title,
    Version,
    Year,
    example,
)
from contracts.events.duties import Period
from contracts.events.enums import (
    DecidingBody,
    Ground,
    MemberSituation,
    OrganizationSituation,
    ReviewOutcome,
    Rung,
)

LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
#: Persons named by one action: an office may have several holders (委员).
PersonIds = Annotated[list[Id], Field(max_length=20)]
Grounds = Annotated[list[Ground], Field(max_length=len(Ground))]

CASE_ID = "case-br-edu-faculty-1-2018-q2-general-meeting"


def _case_example(rung: Rung, title_zh: str, text_zh: str, **extra: Any) -> dict[str, Any]:
    """A realistic example: branch br-edu-faculty-1 held no general meeting in 2018 Q2."""
    return {
        "organization_id": "br-edu-faculty-1",
        "case_id": CASE_ID,
        "rung": rung.value,
        "policy_version": "2017.1",
        "clause": "实施细则 四",
        "title_zh": title_zh,
        "text_zh": text_zh,
        "evidence_event_ids": ["duty-overdue-br-edu-faculty-1-2018-Q2-general-meeting"],
        "duty_id": "branch.general_meeting.quarterly",
        "period": "2018-Q2",
        "person_id": "p-10021",
        "decided_on": "2018-07-11",
        **extra,
    }


class AccountabilityAction(OrganizationPayload):
    """Base of accountability actions: one step of one case (问责措施).

    ``rung_required`` pins the rung of each action class; ``CaseResolved``
    carries the highest rung the case reached.
    """

    rung_required: ClassVar[Rung | None] = None

    case_id: Id = Field(description="Id of the accountability case (问责案件编号).")
    rung: Rung = Field(description="Rung of the ladder (问责层级).")
    policy_version: Version = Field(
        description="Accountability policy version applied (问责规则版本)."
    )
    clause: Title = Field(description="Clause of the seed or regulation applied (依据条款).")
    title_zh: Title = Field(description="Title shown to the organization department (标题).")
    text_zh: LongText = Field(description="Full Chinese text of the action (正文).")
    evidence_event_ids: EvidenceIds = Field(
        default_factory=list, description="Ids of the events the decision rests on (依据事件)."
    )
    duty_id: Id | None = Field(default=None, description="Duty concerned, if any (责任事项编号).")
    period: Period | None = Field(default=None, description="Period concerned, if any (考核周期).")
    person_id: Id | None = Field(default=None, description="Responsible person, if any (责任人).")
    decided_on: date | None = Field(default=None, description="Day of the decision (决定日期).")
    leading_group_ids: PersonIds = Field(
        default_factory=list,
        description=(
            "Members of the organization's leading group charged with it, under a policy"
            " that charges them (负有责任的领导班子成员); empty otherwise."
        ),
    )
    person_ids: PersonIds = Field(
        default_factory=list,
        description="Every office holder who owed the duty at the time (责任人, all holders).",
    )
    grounds: Grounds = Field(
        default_factory=list, description="Why a measure above criticism applies (依据情形)."
    )
    decision_id: Id | None = Field(
        default=None, description="The recorded decision that took the measure (问责决定文号)."
    )
    decided_by: DecidingBody | None = Field(
        default=None, description="Who decided the measure, if not automatic (决定机关)."
    )

    @model_validator(mode="after")
    def _rung_matches_action(self) -> Self:
        if self.rung_required is not None and self.rung != self.rung_required:
            raise field_error(
                "rung", INCONSISTENT, f"must be {self.rung_required.value} for this event type"
            )
        return self


class ReminderIssued(AccountabilityAction):
    """The organization was reminded of an unfulfilled duty (提醒)."""

    rung_required = Rung.REMINDER
    model_config = example(
        _case_example(
            Rung.REMINDER,
            "关于按时召开支部党员大会的提醒",
            "你支部2018年第二季度未召开支部党员大会，请尽快召开并报送会议记录。",
        )
    )


class CriticismIssued(AccountabilityAction):
    """The organization was criticized and given a rectification deadline (提出批评，限期整改)."""

    rung_required = Rung.CRITICISM
    model_config = example(
        _case_example(
            Rung.CRITICISM,
            "关于支部组织生活不落实的批评及整改通知",
            "你支部经提醒后仍未召开支部党员大会，现提出批评，请于2018年8月31日前完成整改。",
            rectify_by="2018-08-31",
        )
    )

    rectify_by: date | None = Field(default=None, description="Rectification deadline (整改期限).")


class NoticeCirculated(AccountabilityAction):
    """A widespread or prominent problem was circulated in a notice (通报)."""

    rung_required = Rung.NOTICE
    model_config = example(
        _case_example(
            Rung.NOTICE,
            "关于部分支部未按期召开支部党员大会的通报",
            "2018年第二季度，全校多个党支部未按期召开支部党员大会，现予通报。",
        )
    )


class InterviewRequired(AccountabilityAction):
    """The responsible persons are to be interviewed (约谈)."""

    rung_required = Rung.INTERVIEW
    model_config = example(
        _case_example(
            Rung.INTERVIEW,
            "关于约谈支部书记的决定",
            "鉴于问题较为突出，组织部将约谈该支部书记，督促抓紧整改。",
        )
    )


class AdmonishmentRequired(AccountabilityAction):
    """An admonishment interview is required (诫勉谈话)."""

    rung_required = Rung.ADMONISHMENT
    model_config = example(
        _case_example(
            Rung.ADMONISHMENT,
            "关于对支部书记进行诫勉谈话的决定",
            "该支部问题整改不及时，按照实施细则第四部分，对支部书记进行诫勉谈话。",
        )
    )


class NotifiedCriticismIssued(AccountabilityAction):
    """A notified criticism was issued (通报批评)."""

    rung_required = Rung.NOTIFIED_CRITICISM
    model_config = example(
        _case_example(
            Rung.NOTIFIED_CRITICISM,
            "关于对教育学院教工第一党支部的通报批评",
            "该支部问题整改不及时，按照实施细则第四部分，予以通报批评。",
        )
    )


class AwardEligibilityRevoked(AccountabilityAction):
    """The organization and its head lost the year's award eligibility (取消年度评优评先资格)."""

    rung_required = Rung.AWARD_ELIGIBILITY_REVOKED
    model_config = example(
        _case_example(
            Rung.AWARD_ELIGIBILITY_REVOKED,
            "关于取消2018年度评优评先资格的决定",
            "该支部问题整改不及时，取消该支部及其书记2018年度评优评先资格。",
            year=2018,
        )
    )

    year: Year | None = Field(default=None, description="Year whose awards are withheld (年度).")


class AccountabilityProposed(AccountabilityAction):
    """A proposal (问责建议) with its grounds, for the organization department or the committee.

    通报、约谈 and the top rung are never automatic: the system proposes
    ``measures`` on ``grounds``; they exist once an ``AccountabilityDecided``
    is recorded. ``rung`` is the first measure proposed.
    """

    model_config = example(
        _case_example(
            Rung.NOTICE,
            "关于对教育学院教工第一党支部进行通报、约谈的建议",
            "该支部经批评后逾期未整改，属特别突出的问题，建议组织部予以通报并约谈相关责任人。",
            measures=["notice", "interview"],
            grounds=["rectification_missed"],
            proposed_to="organization_department",
        )
    )

    measures: Annotated[list[Rung], Field(min_length=1, max_length=5)] = Field(
        description="Measures proposed (建议措施)."
    )
    proposed_to: DecidingBody = Field(description="Who is to decide (提请决定机关).")


class AwardEligibilityRestored(AccountabilityAction):
    """A loss of award eligibility cancelled on appeal or review (恢复评优评先资格)."""

    rung_required = Rung.AWARD_ELIGIBILITY_REVOKED
    model_config = example(
        _case_example(
            Rung.AWARD_ELIGIBILITY_REVOKED,
            "关于恢复2018年度评优评先资格的决定",
            "经复查撤销原决定，恢复该支部及其书记2018年度评优评先资格。",
            year=2018,
            decision_id="dw-2018-12",
        )
    )

    year: Year = Field(description="Year whose award eligibility is restored (年度).")


class DecisionReviewConcluded(AccountabilityAction):
    """An appeal or review of a decision concluded (申诉、复查结论).

    ``rung`` is the highest measure of the decision reviewed.
    """

    model_config = example(
        _case_example(
            Rung.AWARD_ELIGIBILITY_REVOKED,
            "关于复查结论的通知",
            "经复查，撤销原问责决定。",
            decision_id="dw-2018-12",
            outcome="revoked",
        )
    )

    outcome: ReviewOutcome = Field(description="Conclusion (复查结论).")


class CaseResolved(AccountabilityAction):
    """An accountability case was resolved (案件办结); ``rung`` is the highest reached."""

    model_config = example(
        _case_example(
            Rung.CRITICISM,
            "问责案件办结",
            "该支部已于2018年8月20日补开支部党员大会，整改验收通过，案件办结。",
            decided_on="2018-08-25",
            reason="整改验收通过",
        )
    )

    reason: Text | None = Field(default=None, description="How the case was resolved (办结理由).")


class ResponsiblePersonsCorrected(AccountabilityAction):
    """The persons a case names were corrected (责任人更正): a recorded leaving shows that a
    person named left the office before the duty fell due, or a recorded appointment that
    a person held it then. Mostly it was recorded late (补录), after measures that named
    whom the registry had then. ``withdrawn_person_ids`` are no longer named,
    ``added_person_ids`` are named from now on (one of the two is given); ``person_ids``
    are those the case names now (empty: whoever holds the office when the next step is
    taken answers); ``rung`` is the highest the case reached."""

    model_config = example(
        _case_example(
            Rung.CRITICISM,
            "问责案件责任人更正：教育学院教工第1党支部（br-edu-faculty-1）“支部党员大会”"
            "（2018年第二季度）",
            "教育学院教工第1党支部（br-edu-faculty-1）：“支部党员大会”（2018年第二季度），经登记，"
            "王丽（p-10021）已于2018年6月1日离任，该项责任到期（2018年7月15日）时不在任，"
            "本案不再以其为责任人；本案暂无其他责任人，此后按任职情况确定。",
            person_id=None,
            person_ids=[],
            withdrawn_person_ids=["p-10021"],
        )
    )

    withdrawn_person_ids: PersonIds | None = Field(
        default=None,
        min_length=1,
        description=(
            "Persons no longer named: not in the office when the duty fell due"
            " (不再作为责任人的人员)."
        ),
    )
    added_person_ids: PersonIds | None = Field(
        default=None,
        min_length=1,
        description=(
            "Persons named from now on: in the office when the duty fell due, their"
            " appointment recorded since (补录任职，新增的责任人)."
        ),
    )

    @model_validator(mode="after")
    def _someone_corrected(self) -> Self:
        if not self.withdrawn_person_ids and not self.added_person_ids:
            raise field_error(
                "withdrawn_person_ids",
                INCONSISTENT,
                "a correction withdraws or adds at least one person",
                "责任人更正须至少撤除或新增一名责任人",
            )
        return self


def _flag_example(**extra: Any) -> dict[str, Any]:
    """A realistic example: member m-30112 of branch br-edu-faculty-1, six months without dues."""
    return {
        "organization_id": "br-edu-faculty-1",
        "member_id": "m-30112",
        "duty_id": "member.dues.six_months",
        "situation": "dues_unpaid_six_months",
        "raised_on": "2018-07-01",
        "since": "2018-01-01",
        "due_on": "2018-06-30",
        "decides": "br-edu-faculty-1",
        "person_ids": ["p-10021"],
        "clause": "实施细则 三、(四)；党章 第九条",
        "flag_event_id": "flag-m-30112-2018-06",
        **extra,
    }


_FLAG_TEXT = (
    "教育学院教工第1党支部（br-edu-faculty-1）：自2018年1月1日起党员m-30112连续六个月不交纳"
    "党费（截至2018年6月30日，2018年7月1日提示）。依据：实施细则 三、(四)；党章 第九条。请"
    "教育学院教工第1党支部（br-edu-faculty-1）研究处理，书记：王丽（p-10021）。此为情况提示，"
    "不是问责措施，也不是任何决定：系统只作提示，不作结论。"
)


class SituationFlag(OrganizationPayload):
    """Base of the flags the accountability service delivers (情况提示): a situation the
    duties service flagged, for the organization that must decide. No case, no rung: a
    flag is never an accountability measure (问责措施) nor any decision; the system only
    prompts (系统只作提示，不作结论).

    ``organization_id`` is the unit the flag is about; ``member_id`` the member, for a
    member's flag; ``decides`` the organization that must study and decide (a member's
    branch; for an organization's flag the higher organization) and ``person_ids`` its
    secretaries on the day the flag was raised: who must answer it, not anyone accused.
    """

    date_order: ClassVar[tuple[tuple[str, str], ...]] = (("raised_on", "since"),)

    member_id: Id | None = Field(
        default=None, description="The member concerned, for a member's flag (相关党员)."
    )
    duty_id: Id = Field(description="The rule or duty that flagged it (提示事项编号).")
    situation: Id = Field(
        description=(
            "What was noticed (情况): a member's situation (MemberSituation) for a member's"
            " flag, else an organization's (OrganizationSituation)."
        )
    )
    raised_on: date = Field(description="Day the flag was raised (提示日期).")
    since: date | None = Field(default=None, description="Day the situation began (起始日期).")
    due_on: date = Field(description="Last day the flag looked at (截至日期).")
    decides: Id = Field(
        description="The organization that must study and decide (研究处理的党组织)."
    )
    person_ids: PersonIds = Field(
        default_factory=list,
        description="Its secretaries when the flag was raised: who must answer (应研究处理的书记).",
    )
    clause: Title = Field(description="Clause of the seed or regulation cited (依据条款).")
    flag_event_id: EventId = Field(description="Id of the duties service's flag (情况提示事件).")
    detail_zh: Text | None = Field(
        default=None, description="What was seen, for an organization's flag (情况说明)."
    )
    title_zh: Title = Field(description="Title shown to the organization department (标题).")
    text_zh: LongText = Field(description="Full Chinese text of the flag (正文).")

    @model_validator(mode="after")
    def _situation_known(self) -> Self:
        known = MemberSituation if self.member_id is not None else OrganizationSituation
        if self.situation not in {s.value for s in known}:
            raise field_error("situation", INCONSISTENT, f"must be a {known.__name__} value")
        return self


class SituationFlagNoted(SituationFlag):
    """A situation was flagged for the organization that must decide (情况提示)."""

    model_config = example(
        _flag_example(
            title_zh="情况提示：教育学院教工第1党支部（br-edu-faculty-1）党员m-30112连续六个月不交纳党费",
            text_zh=_FLAG_TEXT,
        )
    )


class SituationFlagWithdrawn(SituationFlag):
    """A flag no longer stands and is withdrawn (情况提示撤回): a later record (a leaving
    of the roll recorded late, 补录; an exemption from dues) shows it does not stand.
    ``withdrawn_on`` is the day, ``withdrawn_by`` the fact that showed it and
    ``reason_zh`` why."""

    date_order = (("raised_on", "since"), ("withdrawn_on", "raised_on"))

    model_config = example(
        _flag_example(
            title_zh="情况提示撤回：教育学院教工第1党支部（br-edu-faculty-1）党员m-30112"
            "连续六个月不交纳党费",
            text_zh="教育学院教工第1党支部（br-edu-faculty-1）：2018年7月1日关于党员m-30112"
            "连续六个月不交纳党费的情况提示予以撤回。经登记，该党员已于2018年5月20日转出组织关系"
            "（转至某大学），2018年7月1日提示时已不在本组织，此情况提示不再成立。原提示由教育学院"
            "教工第1党支部（br-edu-faculty-1）研究处理，书记：王丽（p-10021），现无需据此处理。"
            "此为情况提示，不是问责措施，也不是任何决定：系统只作提示，不作结论。",
            withdrawn_on="2018-07-20",
            withdrawn_by="transfer-out-m-30112",
            reason_zh="经登记，该党员已于2018年5月20日转出组织关系（转至某大学），"
            "2018年7月1日提示时已不在本组织，此情况提示不再成立",
        )
    )

    withdrawn_on: date = Field(description="Day the flag was withdrawn (撤回日期).")
    withdrawn_by: EventId = Field(description="Id of the fact that showed it (撤回依据事件).")
    reason_zh: LongText = Field(description="Why it no longer stands (撤回理由).")


EVENTS = (
    ReminderIssued,
    CriticismIssued,
    NoticeCirculated,
    InterviewRequired,
    AdmonishmentRequired,
    NotifiedCriticismIssued,
    AwardEligibilityRevoked,
    AccountabilityProposed,
    AwardEligibilityRestored,
    DecisionReviewConcluded,
    CaseResolved,
    ResponsiblePersonsCorrected,
    SituationFlagNoted,
    SituationFlagWithdrawn,
)
