"""Scenario: 2018 in a small university, and what the seed says must follow.

The campus systems publish what happened (organization department, finance, OA);
everything else a unit owed and did not evidence is overdue too and may bring
criticisms and proposals on other cases. The expectations below concern the
cases the scenario is about, plus invariants that hold for every case. They were
written by hand from the seed (沪开大委〔2017〕48号, section 四) and the national
rules DOMAIN.md cites, before the code was run against them.

Units (established 2017-12-01): 党委 ``cmt`` (书记 p-cmt; 委员 p-w1 and p-w2 from
2018-01-02); 党总支 ``gb-1`` under it (书记 p-g1); 党支部 ``br-1``, ``br-2``,
``br-3`` under gb-1 (书记 p-s1, p-s2, p-s3). br-1 has members m-1 and m-2 from 2018-01-01.

Catalog figures used (duty_catalog.v1, policy v1, in force all of 2018):
支部党员大会 quarterly, grace 15 days, reminder 14 days before; 党委委员确定联系点
within 90 days of the appointment, no grace; 党委书记与党总支书记沟通交流 each
semester, grace 15 days, charged to the committee; 批评 gives 30 days to rectify.
(The 联系点 binds the secretary as well: every 党委成员.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from contracts.events.enums import ReviewOutcome, Rung
from services.accountability.domain.cases import duty_case_id

GENERAL_MEETING = "branch.general_meeting.quarterly"
CONTACT_POINT = "committee_member.contact_point.assigned"
EXCHANGE = "committee.secretary_exchange.semester"
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]
CASE_BR2 = duty_case_id("br-2", GENERAL_MEETING, "2018-Q1")
CASE_BR3 = duty_case_id("br-3", GENERAL_MEETING, "2018-Q1")
#: The clock runs to this day (the secretary exchange of spring 2018 is due 09-15).
LAST_DAY = date(2018, 9, 20)


@dataclass(frozen=True)
class Fact:
    """One submission: the day it is sent (the registry's clock day), its type and fields."""

    day: date
    type: str
    fields: dict[str, Any]


def _org(org: str, kind: str, parent: str | None) -> Fact:
    fields: dict[str, Any] = {"organization_id": org, "name": f"{org}党组织", "kind": kind}
    fields |= {"parent_id": parent, "established_on": "2017-12-01"}
    return Fact(date(2018, 1, 1), "OrganizationEstablished", fields)


def _appoint(org: str, person: str, name: str, office: str, on: date) -> Fact:
    fields = {"organization_id": org, "person_id": person, "person_name": name, "office": office}
    return Fact(on, "OfficeHolderAppointed", fields | {"appointed_on": on.isoformat()})


def _dues(member: str, month: int) -> Fact:
    paid = date(2018, month, 10)
    fields = {"organization_id": "br-1", "member_id": member, "month": f"2018-{month:02d}"}
    return Fact(paid, "DuesPaid", fields | {"amount": "20.00", "paid_on": paid.isoformat()})


def _meeting(org: str, kind: str, held: date) -> Fact:
    fields = {"organization_id": org, "meeting_id": f"mtg-{org}-{kind}-{held}", "kind": kind}
    fields |= {"held_on": str(held), "topic": "支部组织生活"}
    return Fact(held, "MeetingHeld", fields | {"expected_attendees": 5, "present_attendees": 5})


def _serious(org: str, case: str, on: date) -> Fact:
    fields = {"organization_id": org, "case_id": case, "determined_on": on.isoformat()}
    return Fact(on, "SeriousConsequenceDetermined", fields | {"description": "长期不开展组织生活"})


def _decided(org: str, case: str, decision: str, person: str, on: date) -> Fact:
    fields = {"organization_id": org, "case_id": case, "decision_id": decision}
    fields |= {"decided_by": "party_committee", "meeting": "党委常委会", "decided_on": str(on)}
    return Fact(on, "AccountabilityDecided", fields | {"measures": TOP, "person_ids": [person]})


def facts() -> list[Fact]:
    """What the campus systems publish in 2018, by the day they send it."""
    sent = [
        _org("cmt", "party_committee", None),
        _org("gb-1", "general_branch", "cmt"),
        *(_org(f"br-{n}", "branch", "gb-1") for n in (1, 2, 3)),
        _appoint("cmt", "p-cmt", "周书记", "secretary", date(2018, 1, 1)),
        _appoint("gb-1", "p-g1", "吴书记", "secretary", date(2018, 1, 1)),
        *(
            _appoint(f"br-{n}", f"p-s{n}", f"支书{n}", "secretary", date(2018, 1, 1))
            for n in (1, 2, 3)
        ),
        _appoint("cmt", "p-w1", "郑委员", "committee_member", date(2018, 1, 2)),
        _appoint("cmt", "p-w2", "王委员", "committee_member", date(2018, 1, 2)),
    ]
    for member, name in (("m-1", "党员甲"), ("m-2", "党员乙")):
        fields = {"organization_id": "br-1", "member_id": member, "member_name": name}
        sent.append(
            Fact(date(2018, 1, 1), "MemberTransferredIn", fields | {"transferred_on": "2018-01-01"})
        )
    # m-1 pays every month but January; m-2 pays nothing until July.
    sent += [_dues("m-1", month) for month in range(2, 10)]
    sent += [_dues("m-2", month) for month in range(7, 10)]
    # br-1 holds its Q1 general meeting; br-2 and br-3 never do. All three give their Q1
    # party lecture (so that on 04-16 only the general meeting falls overdue).
    sent.append(_meeting("br-1", "branch_general_meeting", date(2018, 3, 20)))
    sent += [_meeting(f"br-{n}", "party_lecture", date(2018, 3, 21)) for n in (1, 2, 3)]
    # The committee determines serious consequences on both unsolved cases, then decides
    # on each; br-3 appeals and the review revokes its decision.
    sent += [
        _serious("br-2", CASE_BR2, date(2018, 6, 1)),
        _serious("br-3", CASE_BR3, date(2018, 6, 1)),
        _decided("br-2", CASE_BR2, "dw-2018-02", "p-s2", date(2018, 6, 15)),
        _decided("br-3", CASE_BR3, "dw-2018-03", "p-s3", date(2018, 6, 15)),
    ]
    review = {"organization_id": "br-3", "case_id": CASE_BR3, "decision_id": "dw-2018-03"}
    review |= {"outcome": ReviewOutcome.REVOKED, "reviewed_on": "2018-07-02"}
    sent.append(Fact(date(2018, 7, 2), "DecisionReviewed", review | {"reason": "复查撤销"}))
    return sorted(sent, key=lambda fact: fact.day)


@dataclass(frozen=True)
class Measure:
    """One expected accountability event on one case: type, day, unit and persons."""

    type: str
    decided_on: date
    organization_id: str
    person_ids: tuple[str, ...]


#: The measures and proposals expected on the scenario's own cases, in order.
#:
#: 支部党员大会 2018 Q1 (ends 03-31, due 04-15), br-2 and br-3 alike:
#: - 提醒 on 04-01, 14 days before the deadline (四: 逐步建立和完善督导机制);
#: - 提出批评，限期整改 on 04-16, the day after the deadline, to 05-16 (四: 对…工作不
#:   得力的，要提出批评，限期整改). Not 特别突出 then: the unit (established 2017-12-01,
#:   owing from December) has let two distinct duties pass overdue, 主题党日 (monthly,
#:   since 01-08) and this one; its party lecture was given; not 普遍性 either: 2 of
#:   the 3 branches owing it, fewer than 3 units;
#: - the 05-16 deadline passes unrectified: on 05-17, 通报、约谈 proposed to the
#:   organization department (四: 对…特别突出的问题…通报…约谈; a missed deadline is
#:   特别突出), and nothing taken, since the department records no decision;
#: - determined serious on 06-01 with the deadline missed: 诫勉谈话、通报批评、取消评优
#:   proposed to the committee (四: 问题没有及时解决，造成不良影响和严重后果的);
#: - the committee's decision of 06-15 for the secretary takes the three measures
#:   (四: 诫勉谈话，予以通报批评，并取消党组织及其负责人年度评优评先资格) for the unit
#:   and the person decided only;
#: - br-3's decision is revoked on review on 07-02 (申诉、复查): the review concluded,
#:   eligibility restored, nothing deleted.
EXPECTED: dict[str, list[Measure]] = {
    case: [
        Measure("ReminderIssued", date(2018, 4, 1), org, (person,)),
        Measure("CriticismIssued", date(2018, 4, 16), org, (person,)),
        Measure("AccountabilityProposed", date(2018, 5, 17), org, (person,)),
        Measure("AccountabilityProposed", date(2018, 6, 1), org, (person,)),
        Measure("AdmonishmentRequired", date(2018, 6, 15), org, (person,)),
        Measure("NotifiedCriticismIssued", date(2018, 6, 15), org, (person,)),
        Measure("AwardEligibilityRevoked", date(2018, 6, 15), org, (person,)),
        *(
            [
                Measure("DecisionReviewConcluded", date(2018, 7, 2), org, (person,)),
                Measure("AwardEligibilityRestored", date(2018, 7, 2), org, (person,)),
            ]
            if org == "br-3"
            else []
        ),
    ]
    for case, org, person in ((CASE_BR2, "br-2", "p-s2"), (CASE_BR3, "br-3", "p-s3"))
}
#: Grounds of the two proposals on each of those cases, in order.
EXPECTED_GROUNDS = [["rectification_missed"], ["rectification_missed", "serious_consequence"]]
#: 2018 award eligibility: lost by br-2 and p-s2 only; br-3's restored on review.
ELIGIBILITY_2018 = {"organizations": ["br-2"], "persons": ["p-s2"], "restored": ["br-3", "p-s3"]}
#: Every measure above criticism rests on one of these decisions (no decision, no measure).
DECISIONS = {"dw-2018-02", "dw-2018-03"}
#: 联系点 (三、（八）): each 委员 owes his own within 90 days of his appointment
#: (01-02 + 90 = 04-02): two cases of the committee, each naming its own 委员,
#: criticized on 04-03. The secretary is one of the 党委成员 too (建立党委成员抓基层党支部
#: 工作联系点制度, issue 21): appointed 01-01, due 04-01, criticized on 04-02.
CONTACT_POINT_CRITICISMS = [
    ("cmt", ["p-cmt"], date(2018, 4, 2)),
    ("cmt", ["p-w1"], date(2018, 4, 3)),
    ("cmt", ["p-w2"], date(2018, 4, 3)),
]
#: 党委书记与党总支书记沟通 (三、（八）), spring 2018 (2017-S2: 02-01 – 08-31, due 09-15):
#: the committee's duty about gb-1: the committee and its secretary answer, criticized
#: on 09-16; never gb-1 or its secretary p-g1.
EXCHANGE_CRITICISM = ("cmt", ["p-cmt"], date(2018, 9, 16))
#: 党章 第九条: m-2 (a member of br-1 from 01-01) paid no dues January–June: one flag
#: to br-1; m-1 missed only January: none. Neither makes a case of br-1 (member duties
#: are no unit's case). A month counts once the member belonged on its first day.
SIX_MONTHS_FLAGS = [("br-1", "m-2")]
#: The flag is kept as a 党员情况提示 of 2018 for br-1 to handle (实施细则 三、(四); 党章
#: 第九条: the branch decides): br-1 decides and its secretary p-s1 answers; m-2 is the
#: member concerned, never a person charged.
SIX_MONTHS_FLAGS_KEPT = [("br-1", "m-2", "br-1", ["p-s1"])]
