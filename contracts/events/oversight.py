"""Oversight events (监督检查): self-check, inspection findings, rectification, cases."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from contracts.errors import INCONSISTENT, MISSING, field_error
from contracts.events.base import Day, Id, OrganizationPayload, Question, Text, Year, example
from contracts.events.enums import (
    DecidingBody,
    DisclosureKind,
    InterviewKind,
    ReviewOutcome,
    Rung,
    SelfCheckAnswer,
)

EvidenceRef = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class SelfCheckAnswered(OrganizationPayload):
    """An organization answered one problem-list question in its annual self-check (年度自查).

    Answering fulfils the self-check duty whatever the answer. A ``yes`` (是)
    must cite its evidence (佐证材料): for the questions only the self-check
    answers, it is the only proof. Any other answer is a problem the unit
    found itself (自查发现问题): it names the problem (``finding_id``) and the
    deadline the unit commits to (``rectification_deadline``, 整改时限), and
    opens a finding exactly as an inspection's does (限期整改; the
    organization department's ``RectificationAccepted`` names ``finding_id``).
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "year": 2018,
            "question": 12,
            "answer": "partly",
            "evidence_refs": ["oa-mtg-2018-0312-017", "https://oa.example.edu/doc/8812"],
            "answered_on": "2018-12-10",
            "finding_id": "zc-2018-br-edu-faculty-1-q12",
            "rectification_deadline": "2019-03-31",
        }
    )
    date_order = (("rectification_deadline", "answered_on"),)

    year: Year = Field(description="Year checked (自查年度).")
    question: Question = Field(
        description="Number of the problem-list question, 1–36 (问题清单序号)."
    )
    answer: SelfCheckAnswer = Field(description="Is the requirement met: yes/partly/no (自查结论).")
    evidence_refs: list[EvidenceRef] = Field(
        max_length=20,
        description="Event ids or document links supporting the answer; at least one for yes "
        "(佐证材料，答“是”须至少一项).",
    )
    answered_on: Day = Field(description="Day of the answer (自查日期).")
    finding_id: Id | None = Field(
        default=None,
        description="Id of the problem found, required unless the answer is yes (自查问题编号).",
    )
    rectification_deadline: Day | None = Field(
        default=None,
        description="Deadline for rectifying it, required unless the answer is yes (整改时限).",
    )

    @model_validator(mode="after")
    def _answer_is_complete(self) -> Self:
        if self.answer is SelfCheckAnswer.YES:
            if not self.evidence_refs:
                raise field_error(
                    "evidence_refs",
                    MISSING,
                    "a yes answer cites at least one piece of evidence (答“是”须附佐证材料)",
                )
            for name in ("finding_id", "rectification_deadline"):
                if getattr(self, name) is not None:
                    raise field_error(
                        name,
                        INCONSISTENT,
                        "a yes answer finds no problem to rectify (答“是”不列整改问题)",
                    )
            return self
        for name in ("finding_id", "rectification_deadline"):
            if getattr(self, name) is None:
                raise field_error(
                    name,
                    MISSING,
                    "an answer other than yes names the problem and its rectification deadline"
                    " (答“否”或“部分”须列明问题编号和整改时限)",
                )
        return self


class DisclosureMade(OrganizationPayload):
    """An organization published a year's information to its members (公开、公布).

    党费收缴、使用情况 once a year (2008 党费规定); 党务公开 (seed 四).
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "kind": "dues",
            "year": 2018,
            "disclosed_on": "2018-12-20",
        }
    )

    kind: DisclosureKind = Field(description="What was published (公开事项).")
    year: Year = Field(description="Year the information covers (所属年度).")
    disclosed_on: Day = Field(description="Day of publication (公开日期).")


class WorkSummaryFiled(OrganizationPayload):
    """An organization filed its yearly Party-building work summary (年度党建工作总结)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "year": 2018,
            "submitted_to": "gb-edu",
            "filed_on": "2019-01-08",
        }
    )

    year: Year = Field(description="Year summarized (总结年度).")
    submitted_to: Id = Field(description="Id of the higher organization (报送单位).")
    filed_on: Day = Field(description="Day of filing (报送日期).")


class InspectionFindingRecorded(OrganizationPayload):
    """An inspection found a problem with a rectification deadline (督导检查，限期整改)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "finding_id": "insp-2018-007",
            "inspection_id": "insp-2018",
            "question": 18,
            "description": "支部“三会一课”记录不完整，二季度未召开支部党员大会",
            "found_on": "2018-07-10",
            "rectification_deadline": "2018-09-30",
        }
    )
    date_order = (("rectification_deadline", "found_on"),)

    finding_id: Id = Field(description="Id of the finding (问题编号).")
    inspection_id: Id | None = Field(
        default=None,
        description="Id of the inspection (督导检查编号) that found it, grouping its findings.",
    )
    question: Question = Field(
        description="Problem-list question the finding falls under (问题清单序号)."
    )
    description: Text = Field(description="What was found (问题描述).")
    found_on: Day = Field(description="Day of the finding (发现日期).")
    rectification_deadline: Day = Field(description="Deadline for rectification (整改期限).")


class CaseAction(OrganizationPayload):
    """Base of the events about an accountability case (问责案件办理).

    ``organization_id`` is the unit the case holds accountable. For a duty charged to
    the parent (the committee's duties about a general branch), the case is about
    another unit, ``subject_organization_id`` (所涉单位): the registry also places the
    event where that unit is folded, where the case is kept (docs/scale-out.md).
    The workbench fills it from the case.
    """

    subject_organization_id: Id | None = Field(
        default=None,
        description=(
            "The unit the case is about, when its duty is charged to the parent"
            " (所涉单位, e.g. the general branch of a committee's case)."
        ),
    )


class RectificationTarget(CaseAction):
    """Base of rectification events: they refer to a finding or a case (整改对象)."""

    finding_id: Id | None = Field(
        default=None, description="Id of the inspection finding (问题编号)."
    )
    case_id: Id | None = Field(
        default=None, description="Id of the accountability case (问责案件编号)."
    )

    @model_validator(mode="after")
    def _refers_to_something(self) -> Self:
        if self.finding_id is None and self.case_id is None:
            raise field_error("finding_id", MISSING, "finding_id or case_id is required")
        return self


class RectificationReported(RectificationTarget):
    """An organization reported its rectification (报告整改情况)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "finding_id": "insp-2018-007",
            "reported_on": "2018-09-20",
            "summary": "已补开支部党员大会并完善会议记录，建立季度提醒机制",
        }
    )

    reported_on: Day = Field(description="Day of the report (报告日期).")
    summary: Text = Field(description="What was done (整改情况).")


class RectificationAccepted(RectificationTarget):
    """The organization department accepted a rectification (整改验收通过)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "finding_id": "insp-2018-007",
            "accepted_on": "2018-10-08",
        }
    )

    accepted_on: Day = Field(description="Day of acceptance (验收日期).")


class InterviewConducted(CaseAction):
    """An accountability interview was held with a responsible person (约谈/诫勉谈话)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "case_id": "case-br-edu-faculty-1-2018-q2-general-meeting",
            "person_id": "p-10021",
            "kind": "interview",
            "conducted_on": "2018-08-15",
        }
    )

    case_id: Id = Field(description="Id of the accountability case (问责案件编号).")
    person_id: Id = Field(description="Id of the person interviewed (谈话对象).")
    kind: InterviewKind = Field(description="Interview or admonishment (谈话方式).")
    conducted_on: Day = Field(description="Day of the interview (谈话日期).")


class SeriousConsequenceDetermined(CaseAction):
    """The committee determined that a failure had serious consequences (造成严重后果)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "case_id": "case-br-edu-faculty-1-2018-q2-general-meeting",
            "determined_on": "2018-11-02",
            "description": "长期不开展组织生活，造成党员失管失教",
        }
    )

    case_id: Id | None = Field(
        default=None, description="Id of the related case, if any (问责案件编号)."
    )
    determined_on: Day = Field(description="Day of the determination (认定日期).")
    description: Text = Field(description="The consequence (后果描述).")


class CaseClosed(CaseAction):
    """The organization department closed an accountability case (结案)."""

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "case_id": "case-br-edu-faculty-1-2018-q2-general-meeting",
            "closed_on": "2018-10-10",
            "reason": "整改到位，验收通过",
        }
    )

    case_id: Id = Field(description="Id of the case (问责案件编号).")
    closed_on: Day = Field(description="Day of closure (结案日期).")
    reason: Text = Field(description="Why the case was closed (结案理由).")


#: Measures only the Party committee decides (诫勉谈话、通报批评、取消年度评优评先资格):
#: seed 四 and 问责条例 第三条 (集体决定).
COMMITTEE_MEASURES = frozenset(
    {Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED}
)
#: Measures a decision may record: those above the automatic reminder and criticism.
DECIDED_MEASURES = frozenset({Rung.NOTICE, Rung.INTERVIEW}) | COMMITTEE_MEASURES
_PersonIds = Annotated[list[Id], Field(max_length=20)]
_Measures = Annotated[list[Rung], Field(max_length=len(DECIDED_MEASURES))]


def _check_measures(measures: list[Rung], body: DecidingBody | None) -> None:
    """Only decided measures, each once; the committee's own only by the committee."""
    if len(set(measures)) != len(measures) or not set(measures) <= DECIDED_MEASURES:
        raise field_error(
            "measures",
            INCONSISTENT,
            "each of notice, interview, admonishment, "
            "notified_criticism, award_eligibility_revoked at most once",
        )
    if body is DecidingBody.ORGANIZATION_DEPARTMENT and COMMITTEE_MEASURES & set(measures):
        raise field_error(
            "decided_by",
            INCONSISTENT,
            "admonishment, notified criticism and loss of award eligibility are decided by the"
            " party committee (诫勉谈话、通报批评、取消评优须由党委集体决定)",
            "诫勉谈话、通报批评、取消评优须由党委集体决定，组织部不能作出",
        )


class AccountabilityDecided(CaseAction):
    """What the organization department did or the committee decided on a case (问责决定).

    The system proposes; this records the decision (seed 四; 问责条例 第三条
    集体决定): the deciding body, the meeting, the measures and the persons
    chosen. ``organization_id`` is the unit held accountable; an empty
    ``measures`` records a decision to take none.
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "case_id": "case-br-edu-faculty-1-2018-q2-general-meeting",
            "decision_id": "dw-2018-12",
            "decided_by": "party_committee",
            "meeting": "党委常委会2018年第12次会议",
            "decided_on": "2018-11-20",
            "measures": ["admonishment", "notified_criticism", "award_eligibility_revoked"],
            "person_ids": ["p-10021"],
            "reason": "长期不开展组织生活，经认定造成严重后果",
        }
    )

    case_id: Id = Field(description="Id of the accountability case (问责案件编号).")
    decision_id: Id = Field(description="Id of the decision, e.g. its document number (决定文号).")
    decided_by: DecidingBody = Field(description="Who decided (决定机关).")
    meeting: Text = Field(description="The meeting that decided, or the notice issued (会议/文件).")
    decided_on: Day = Field(description="Day of the decision (决定日期).")
    measures: _Measures = Field(description="Measures decided (问责措施).")
    person_ids: _PersonIds = Field(
        default_factory=list,
        description=(
            "Persons held accountable (被问责人): office holders of the organization, current"
            " or former by the day of the decision; the registry refuses anyone else"
            " (ref.not_answerable)."
        ),
    )
    reason: Text | None = Field(default=None, description="Grounds as decided (决定理由).")

    @model_validator(mode="after")
    def _body_may_decide(self) -> Self:
        _check_measures(self.measures, self.decided_by)
        return self


class DecisionReviewed(CaseAction):
    """The conclusion of an appeal or review of a decision (申诉、复查结论).

    ``upheld`` keeps the decision, ``revoked`` cancels all its measures,
    ``changed`` keeps only ``measures`` (and ``person_ids``, if given), of the
    decision's own: a change naming a measure or person the decision did not
    take is noted on the case and not applied. A loss of award eligibility the
    review cancels is restored; nothing is deleted.
    """

    model_config = example(
        {
            "organization_id": "br-edu-faculty-1",
            "case_id": "case-br-edu-faculty-1-2018-q2-general-meeting",
            "decision_id": "dw-2018-12",
            "outcome": "revoked",
            "reviewed_on": "2019-01-15",
            "measures": [],
            "reason": "复查认定组织生活记录已在他处报送，原决定依据不足",
        }
    )

    case_id: Id = Field(description="Id of the accountability case (问责案件编号).")
    decision_id: Id = Field(description="Id of the decision reviewed (原决定文号).")
    outcome: ReviewOutcome = Field(description="Conclusion (复查结论).")
    reviewed_on: Day = Field(description="Day of the conclusion (复查日期).")
    measures: _Measures = Field(
        default_factory=list, description="Measures kept, when changed (变更后的措施)."
    )
    person_ids: _PersonIds | None = Field(
        default=None,
        description=(
            "Persons kept, when changed (变更后的被问责人): office holders of the organization,"
            " as for the decision (ref.not_answerable)."
        ),
    )
    reason: Text = Field(description="Why (复查理由).")

    def added_to(
        self, measures: Collection[str], person_ids: Collection[str]
    ) -> tuple[list[Rung], list[str]]:
        """The measures and persons this change keeps that the decision it reviews (its
        ``measures`` and ``person_ids``) did not take: a review keeps part of a decision,
        it adds nothing (申诉不加重). None for an ``upheld`` or ``revoked`` one."""
        if self.outcome is not ReviewOutcome.CHANGED:
            return [], []
        added = [measure for measure in self.measures if measure not in measures]
        return added, [person for person in self.person_ids or [] if person not in person_ids]

    @model_validator(mode="after")
    def _measures_fit_outcome(self) -> Self:
        if self.outcome is not ReviewOutcome.CHANGED and self.measures:
            raise field_error("measures", INCONSISTENT, "only a changed decision keeps measures")
        _check_measures(self.measures, None)
        return self


EVENTS = (
    SelfCheckAnswered,
    DisclosureMade,
    WorkSummaryFiled,
    InspectionFindingRecorded,
    RectificationReported,
    RectificationAccepted,
    InterviewConducted,
    SeriousConsequenceDetermined,
    CaseClosed,
    AccountabilityDecided,
    DecisionReviewed,
)


#: The events about a case (:class:`CaseAction`), which name the unit it is about.
CASE_ACTIONS = tuple(event for event in EVENTS if issubclass(event, CaseAction))
