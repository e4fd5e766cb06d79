"""Known event types and their fields (事件类型与字段表), from docs/event-names.md.

The catalog and the policy are validated against this table: evidence and
triggers may only name input facts that exist, filters only fields those
facts carry, with values of the right kind. It mirrors the binding list
until the lead switches it to the pydantic models of ``contracts.events``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class OrganizationKind(StrEnum):
    """组织类型: 党委, 党总支, 党支部, 党小组."""

    PARTY_COMMITTEE = "party_committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    PARTY_GROUP = "party_group"


class BranchCategory(StrEnum):
    """党支部类别: 教工, 学生, 机关, 事业单位, 离退休, 混合."""

    FACULTY = "faculty"
    STUDENT = "student"
    ADMINISTRATION = "administration"
    INSTITUTION = "institution"
    RETIRED = "retired"
    MIXED = "mixed"


class Office(StrEnum):
    """职务: 书记, 副书记, 委员, 组织员, 督导员, 党小组长, 组织部长."""

    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"
    ORGANIZER = "organizer"
    SUPERVISOR = "supervisor"
    GROUP_LEADER = "group_leader"
    ORGANIZATION_DEPARTMENT_HEAD = "organization_department_head"


class FieldKind(StrEnum):
    """What a field holds, as far as catalog validation cares."""

    ID = "id"
    TEXT = "text"
    DATE = "date"
    MONTH = "month"  # "YYYY-MM"
    YEAR = "year"
    INT = "int"
    DECIMAL = "decimal"
    ENUM = "enum"
    LIST = "list"


@dataclass(frozen=True)
class FieldSpec:
    """A field's kind and, for an enumeration, its allowed values."""

    kind: FieldKind
    values: frozenset[str] = field(default_factory=frozenset)


def _choice(*values: str) -> FieldSpec:
    return FieldSpec(FieldKind.ENUM, frozenset(values))


def _enum(enum: type[StrEnum]) -> FieldSpec:
    return _choice(*(member.value for member in enum))


ID = FieldSpec(FieldKind.ID)
TEXT = FieldSpec(FieldKind.TEXT)
DATE = FieldSpec(FieldKind.DATE)
YEAR = FieldSpec(FieldKind.YEAR)
INT = FieldSpec(FieldKind.INT)
DECIMAL = FieldSpec(FieldKind.DECIMAL)
LIST = FieldSpec(FieldKind.LIST)

MEETING_KINDS = _choice(
    "branch_general_meeting",
    "branch_committee_meeting",
    "party_group_meeting",
    "party_lecture",
    "theme_party_day",
    "organizational_life_meeting",
    "democratic_life_meeting",
    "committee_party_building_session",
    "committee_meeting",
    "party_mass_work_meeting",
    "leading_group_meeting",
    "general_branch_meeting",
    "joint_party_admin_meeting",
    "central_group_study",
)
TALK_KINDS = _choice("applicant_talk", "heart_to_heart", "secretary_exchange", "needy_member_visit")
TRAINING_KINDS = _choice(
    "secretary_training",
    "committee_member_training",
    "member_rotation",
    "candidate_training",
    "party_worker_training",
)

_ORG = {"organization_id": ID}
_MEMBER = {"organization_id": ID, "member_id": ID}
_PERSON = {"organization_id": ID, "person_id": ID}

#: Input facts published by campus systems (and the registry's clock).
INPUT_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = {
    "OrganizationEstablished": _ORG
    | {
        "name": TEXT,
        "kind": _enum(OrganizationKind),
        "category": _enum(BranchCategory),
        "parent_id": ID,
        "established_on": DATE,
        "term_years": INT,
        "term_ends_on": DATE,
    },
    "OrganizationRenamed": _ORG | {"name": TEXT, "renamed_on": DATE},
    "OrganizationReparented": _ORG | {"parent_id": ID, "reparented_on": DATE},
    "OrganizationDissolved": _ORG | {"dissolved_on": DATE},
    "OfficeHolderAppointed": _PERSON
    | {"person_name": TEXT, "office": _enum(Office), "appointed_on": DATE},
    "OfficeHolderLeftOffice": _PERSON | {"office": _enum(Office), "left_on": DATE},
    "ElectionHeld": _ORG | {"held_on": DATE, "term_ends_on": DATE},
    "TermExtensionApproved": _ORG
    | {"approved_on": DATE, "extended_until": DATE, "approved_by": ID, "reason": TEXT},
    "MemberAdmittedAsProbationary": _MEMBER | {"member_name": TEXT, "admitted_on": DATE},
    "MemberConfirmed": _MEMBER | {"confirmed_on": DATE},
    "MemberTransferredIn": _MEMBER
    | {"member_name": TEXT, "from_organization": TEXT, "transferred_on": DATE},
    "MemberTransferredOut": _MEMBER | {"to_organization": TEXT, "transferred_on": DATE},
    "MemberWentAway": _MEMBER | {"since": DATE, "destination": TEXT},
    "MemberLostContact": _MEMBER | {"since": DATE},
    "MemberContactRestored": _MEMBER | {"restored_on": DATE},
    "MembershipSuspended": _MEMBER | {"suspended_on": DATE, "reason": TEXT},
    "DuesPaid": _MEMBER | {"month": FieldSpec(FieldKind.MONTH), "amount": DECIMAL, "paid_on": DATE},
    "AdmissionApplicationReceived": _PERSON | {"person_name": TEXT, "received_on": DATE},
    "ActivistDesignated": _PERSON | {"designated_on": DATE},
    "CandidateDesignated": _PERSON | {"designated_on": DATE},
    "MeetingHeld": _ORG
    | {
        "meeting_id": ID,
        "kind": MEETING_KINDS,
        "held_on": DATE,
        "expected_attendees": INT,
        "present_attendees": INT,
        "topic": TEXT,
        "chaired_by": ID,
    },
    "ReportHeard": _ORG | {"reporting_organization_id": ID, "heard_on": DATE, "topic": TEXT},
    "WorkReportSubmitted": _PERSON
    | {"office": _enum(Office), "year": YEAR, "submitted_to": ID, "submitted_on": DATE},
    "WorkReportEvaluated": _PERSON
    | {"year": YEAR, "grade": _choice("good", "fair", "average", "poor"), "evaluated_on": DATE},
    "MembersAppraised": _ORG
    | {
        "year": YEAR,
        "appraised_on": DATE,
        "excellent": INT,
        "qualified": INT,
        "basically_qualified": INT,
        "unqualified": INT,
    },
    "TrainingCompleted": _PERSON | {"kind": TRAINING_KINDS, "hours": DECIMAL, "completed_on": DATE},
    "BudgetAdopted": _ORG | {"year": YEAR, "party_building_funds": DECIMAL, "adopted_on": DATE},
    "FundsUsePlanFiled": _ORG | {"year": YEAR, "filed_on": DATE},
    "ResponsibilityLetterSigned": _ORG
    | {"counterparty_organization_id": ID, "year": YEAR, "signed_on": DATE},
    "ContactPointAssigned": _PERSON | {"assigned_on": DATE},
    "ContactPointVisited": _PERSON | {"visited_on": DATE},
    "DualReportRegistered": _MEMBER | {"community": TEXT, "registered_on": DATE},
    "TalkHeld": _PERSON | {"kind": TALK_KINDS, "counterpart_id": ID, "held_on": DATE},
    "SelfCheckAnswered": _ORG
    | {
        "year": YEAR,
        "question": INT,
        "answer": _choice("yes", "partly", "no"),
        "evidence_refs": LIST,
        "answered_on": DATE,
    },
    "InspectionFindingRecorded": _ORG
    | {
        "finding_id": ID,
        "question": INT,
        "description": TEXT,
        "found_on": DATE,
        "rectification_deadline": DATE,
    },
    "RectificationReported": _ORG
    | {"finding_id": ID, "case_id": ID, "reported_on": DATE, "summary": TEXT},
    "RectificationAccepted": _ORG | {"finding_id": ID, "case_id": ID, "accepted_on": DATE},
    "InterviewConducted": _PERSON
    | {"case_id": ID, "kind": _choice("interview", "admonishment"), "conducted_on": DATE},
    "SeriousConsequenceDetermined": _ORG
    | {"case_id": ID, "determined_on": DATE, "description": TEXT},
    "CaseClosed": _ORG | {"case_id": ID, "closed_on": DATE, "reason": TEXT},
    "ClockTicked": {"date": DATE, "partition": INT},
    "CatalogVersionAdopted": {"version": TEXT, "effective_from": DATE},
    "PolicyVersionAdopted": {"version": TEXT, "effective_from": DATE},
}

_DUTY_STATUS = _ORG | {
    "duty_id": TEXT,
    "period": TEXT,
    "period_start": DATE,
    "period_end": DATE,
    "due_on": DATE,
    "office": _enum(Office),
    "person_id": ID,
    "member_id": ID,
    "catalog_version": TEXT,
    "clause": TEXT,
    "questions": LIST,
    "evidence_event_ids": LIST,
    "cause_event_id": ID,
}
_ACCOUNTABILITY = {
    "case_id": ID,
    "rung": TEXT,
    "policy_version": TEXT,
    "clause": TEXT,
    "title_zh": TEXT,
    "text_zh": TEXT,
    "evidence_event_ids": LIST,
}

#: Duty status events of ``zeren.duties.v1``.
DUTY_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = dict.fromkeys(
    (
        "DutyDueSoon",
        "DutyFulfilled",
        "DutyOverdue",
        "DutyFulfilledLate",
        "DutyWaived",
        "MemberSituationFlagged",
    ),
    _DUTY_STATUS,
)

#: Accountability actions of ``zeren.accountability.v1``.
ACCOUNTABILITY_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = dict.fromkeys(
    (
        "ReminderIssued",
        "CriticismIssued",
        "NoticeCirculated",
        "InterviewRequired",
        "AdmonishmentRequired",
        "NotifiedCriticismIssued",
        "AwardEligibilityRevoked",
        "CaseResolved",
    ),
    _ACCOUNTABILITY,
)

ALL_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = {
    **INPUT_EVENTS,
    **DUTY_EVENTS,
    **ACCOUNTABILITY_EVENTS,
}


def event_fields(
    event: str, table: Mapping[str, Mapping[str, FieldSpec]] = INPUT_EVENTS
) -> Mapping[str, FieldSpec]:
    """The fields of ``event``; ``ValueError`` if ``table`` does not know it."""
    try:
        return table[event]
    except KeyError:
        raise ValueError(f"unknown event type {event!r} (see docs/event-names.md)") from None


def field_spec(event: str, name: str, *kinds: FieldKind) -> FieldSpec:
    """The spec of input field ``event.name``, optionally required to be of ``kinds``."""
    spec = event_fields(event).get(name)
    if spec is None:
        raise ValueError(f"event {event} has no field {name!r}")
    if kinds and spec.kind not in kinds:
        expected = " or ".join(kinds)
        raise ValueError(f"{event}.{name} is a {spec.kind} field, expected {expected}")
    return spec
