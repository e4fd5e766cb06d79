"""A scripted year (2018) of a small university on ``zeren.duties.v2``, and what the seed expects.

One committee (``cmt``, secretary ``p-cmt``), two general branches (``gb-1``,
``gb-2``), six branches (``br-1`` … ``br-6``), each branch's secretary
``p-br-N``; br-2 also has two 委员. Partition 0 carries cmt, gb-1, br-1, br-3,
br-5; partition 1 carries gb-2, br-2, br-4, br-6 (the duties service writes
each output to its input's partition). Every day of 2018 is ticked on both
partitions; the duties service's outputs of a day follow that day's tick.

The expectation below was written from seed section 四 and policy v1 (in force
all 2018) before the program ran, each line citing its rule:
- 提醒 and 提出批评，限期整改 (30 days) are automatic (四: 对思想上不重视、工作不得力的，
  要提出批评，限期整改).
- 通报、约谈 only for 普遍性 (≥ 30% and ≥ 3 of the units owing a duty in one
  period) or 特别突出 (≥ 3 distinct duties of one unit in 12 months, or a
  rectification deadline missed) problems — and then as a proposal
  (AccountabilityProposed) until the organization department records them.
- 诫勉谈话、通报批评、取消评优 only for a problem not solved in time for which
  serious consequences were determined, proposed to the committee and taken by
  its recorded decision for the persons it names (四; 问责条例 第三条 集体决定).
- A decision revoked on review restores the eligibility it took, also when the review
  is recorded before the decision (补录): it waits for it.
- Member duties raise no organization's case (党章 第九条: the branch is flagged).
- A step of the department naming a case id its unit has not acts on nothing and is
  kept under that unit as not applied (未予执行).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from contracts.envelope import Envelope
from contracts.events.duties import (
    DutyDueSoon,
    DutyFulfilled,
    DutyFulfilledLate,
    DutyOverdue,
)
from contracts.events.enums import DecidingBody, InterviewKind, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseClosed,
    DecisionReviewed,
    InterviewConducted,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, duty, envelope, tick

MONTHLY = "general_branch.meeting.monthly"
EXCHANGE = "committee.secretary_exchange.semester"
BRANCHES = [f"br-{n}" for n in range(1, 7)]
PARTITION = {"cmt": 0, "gb-1": 0, "gb-2": 1} | {b: (int(b[-1]) + 1) % 2 for b in BRANCHES}
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]


def quarter_case(org: str, period: str) -> str:
    return case_id("duty", org, QUARTERLY, period, "")


#: The case id a closure of br-5's names by mistake: a quarter br-5 owed nothing in.
SLIPPED = quarter_case("br-5", "2017-Q4")


def _decided(
    org: str, period: str, decision: str, body: DecidingBody, day: date, measures: list[Rung]
) -> AccountabilityDecided:
    return AccountabilityDecided(
        organization_id=org,
        case_id=quarter_case(org, period),
        decision_id=decision,
        decided_by=body,
        meeting="党委常委会" if body is DecidingBody.PARTY_COMMITTEE else "组织部部务会",
        decided_on=day,
        measures=measures,
        person_ids=[f"p-{org}"],
    )


def _serious(org: str, period: str, day: date) -> SeriousConsequenceDetermined:
    return SeriousConsequenceDetermined(
        organization_id=org,
        case_id=quarter_case(org, period),
        determined_on=day,
        description="长期不召开支部党员大会，造成党员失管失教",
    )


def _facts() -> dict[date, list[tuple[str, Any]]]:
    """The duties service's outputs and the forwarded human actions, by day (after its tick)."""
    d = date
    facts: dict[date, list[tuple[str, Any]]] = {}

    def on(day: date, event_id: str, payload: Any) -> None:
        facts.setdefault(day, []).append((event_id, payload))

    holders = [(b, f"p-{b}", f"{b}书记", Office.SECRETARY) for b in BRANCHES]
    holders += [
        ("br-2", "p-br-2-a", "委员甲", Office.COMMITTEE_MEMBER),
        ("br-2", "p-br-2-b", "委员乙", Office.COMMITTEE_MEMBER),
        ("cmt", "p-cmt", "党委书记", Office.SECRETARY),
    ]
    for org, person, name, office in holders:
        appointed = OfficeHolderAppointed(
            organization_id=org,
            person_id=person,
            person_name=name,
            office=office,
            appointed_on=d(2017, 9, 1),
        )
        on(d(2018, 1, 1), f"appoint-{person}", appointed)
    # gb-1 misses its monthly meeting in January, February and March and makes up the
    # first two late: criticism, then resolved by the late meeting. Three months of one
    # duty are one duty, not 特别突出: March gets a criticism too; closed on 04-20.
    for month, overdue_on, late_on in (
        ("2018-01", d(2018, 2, 11), d(2018, 2, 20)),
        ("2018-02", d(2018, 3, 11), d(2018, 3, 20)),
    ):
        on(overdue_on, f"over-gb-1-{month}", duty(DutyOverdue, "gb-1", month, MONTHLY))
        fulfilled = duty(DutyFulfilledLate, "gb-1", month, MONTHLY, fulfilled_on=late_on)
        on(late_on, f"late-gb-1-{month}", fulfilled)
    on(d(2018, 4, 11), "over-gb-1-2018-03", duty(DutyOverdue, "gb-1", "2018-03", MONTHLY))
    closed = CaseClosed(
        organization_id="gb-1",
        case_id=case_id("duty", "gb-1", MONTHLY, "2018-03", ""),
        closed_on=d(2018, 4, 20),
        reason="已完成整改",
    )
    on(d(2018, 4, 20), "close-gb-1-2018-03", closed)
    # A member's missed month of dues: a member duty, no case for br-1 (党章 第九条).
    dues = duty(DutyOverdue, "br-1", "2018-02", "member.dues.monthly", member_id="m-1")
    on(d(2018, 3, 11), "over-dues-m-1", dues)
    # Q1 (due 04-10): br-1 and br-2 are reminded on 04-03; br-1 then meets in time,
    # br-2 is overdue (criticism, 04-11, naming both 委员 in charge) and meets late on
    # 04-20 (resolved). One overdue unit of six is not widespread.
    members = ["p-br-2-a", "p-br-2-b"]
    for branch in ("br-1", "br-2"):
        charged = members if branch == "br-2" else [f"p-{branch}"]
        reminded = duty(DutyDueSoon, branch, "2018-Q1", charged_person_ids=charged)
        on(d(2018, 4, 3), f"due-{branch}-Q1", reminded)
    on(d(2018, 4, 5), "done-br-1-Q1", duty(DutyFulfilled, "br-1", "2018-Q1"))
    for branch in ("br-3", "br-4", "br-5", "br-6"):
        on(d(2018, 3, 20), f"done-{branch}-Q1", duty(DutyFulfilled, branch, "2018-Q1"))
    over2 = duty(DutyOverdue, "br-2", "2018-Q1", charged_person_ids=members)
    on(d(2018, 4, 11), "over-br-2-Q1", over2)
    late2 = duty(DutyFulfilledLate, "br-2", "2018-Q1", fulfilled_on=d(2018, 4, 19))
    on(d(2018, 4, 20), "late-br-2-Q1", late2)
    # The committee's secretary exchange with gb-2 (2017 autumn semester, due 02-10) is
    # the committee's duty: the case is cmt's and names p-cmt, never gb-2's secretary.
    exchange: dict[str, Any] = {
        "period_start": d(2017, 9, 1),
        "period_end": d(2018, 1, 31),
        "due_on": d(2018, 2, 10),
        "office": Office.SECRETARY,
        "person_id": "p-gb-2",
        "charged_organization_id": "cmt",
        "charged_person_ids": ["p-cmt"],
    }
    overdue = duty(DutyOverdue, "gb-2", "2017-S1", EXCHANGE, **exchange)
    on(d(2018, 2, 11), "over-exchange-gb-2", overdue)
    exchanged = duty(
        DutyFulfilledLate, "gb-2", "2017-S1", EXCHANGE, fulfilled_on=d(2018, 2, 25), **exchange
    )
    on(d(2018, 2, 25), "late-exchange-gb-2", exchanged)
    # Q2 (due 07-10): br-3, br-4, br-5 overdue on 07-11 (criticism each). Three of six
    # (50% ≥ 30%, 3 ≥ 3) is widespread: a proposal of notice and interview for each once
    # both partitions have passed the 07-11 deadline tick (the 07-12 ticks), each on its
    # case's partition.
    for branch in ("br-1", "br-2", "br-6"):
        on(d(2018, 6, 25), f"done-{branch}-Q2", duty(DutyFulfilled, branch, "2018-Q2"))
    for branch in ("br-3", "br-4", "br-5"):
        on(d(2018, 7, 11), f"over-{branch}-Q2", duty(DutyOverdue, branch, "2018-Q2"))
    accepted = RectificationAccepted(
        organization_id="br-3", case_id=quarter_case("br-3", "2018-Q2"), accepted_on=d(2018, 7, 20)
    )
    on(d(2018, 7, 20), "accept-br-3-Q2", accepted)
    # br-4: the department records the notice and interview it decided (07-16: both
    # measures taken then, 15 days to rectify, to 07-31) and holds the interview (noted,
    # no measure). br-4 never rectifies; the committee determines serious consequences
    # on 09-05: both conditions stand, the top rung is proposed to the committee, which
    # decides it on 09-20 for p-br-4 (br-4 and p-br-4 lose 2018's eligibility). On
    # review (11-15) the decision is revoked: their eligibility is restored. The review
    # is recorded on its day, the decision only on 11-20 (补录): the review waits for it
    # (暂未执行), and on 11-20 the decision's measures are taken and the review applied.
    body = DecidingBody.ORGANIZATION_DEPARTMENT
    notice = _decided(
        "br-4", "2018-Q2", "zzb-1", body, d(2018, 7, 16), [Rung.NOTICE, Rung.INTERVIEW]
    )
    on(d(2018, 7, 16), "decided-br-4-notice", notice)
    interview = InterviewConducted(
        organization_id="br-4",
        case_id=quarter_case("br-4", "2018-Q2"),
        person_id="p-br-4",
        kind=InterviewKind.INTERVIEW,
        conducted_on=d(2018, 7, 18),
    )
    on(d(2018, 7, 18), "interview-br-4-Q2", interview)
    on(d(2018, 9, 5), "serious-br-4", _serious("br-4", "2018-Q2", d(2018, 9, 5)))
    top4 = _decided("br-4", "2018-Q2", "dw-4", DecidingBody.PARTY_COMMITTEE, d(2018, 9, 20), TOP)
    on(d(2018, 11, 20), "decided-br-4-top", top4)
    review = DecisionReviewed(
        organization_id="br-4",
        case_id=quarter_case("br-4", "2018-Q2"),
        decision_id="dw-4",
        outcome=ReviewOutcome.REVOKED,
        reviewed_on=d(2018, 11, 15),
        reason="复查认定二季度支部党员大会已召开，记录报送延误",
    )
    on(d(2018, 11, 15), "review-br-4", review)
    # br-5 meets late on 07-18, before its criticism deadline (08-10): resolved then;
    # the rectification accepted on 07-25 finds it resolved and changes nothing.
    late5 = duty(DutyFulfilledLate, "br-5", "2018-Q2", fulfilled_on=d(2018, 7, 18))
    on(d(2018, 7, 18), "late-br-5-Q2", late5)
    accepted5 = RectificationAccepted(
        organization_id="br-5", case_id=quarter_case("br-5", "2018-Q2"), accepted_on=d(2018, 7, 25)
    )
    on(d(2018, 7, 25), "accept-br-5-Q2", accepted5)
    # A closure of br-5's under a case id it has not (2017-Q4: a slip) changes nothing
    # and is kept as not applied (未予执行).
    slip5 = CaseClosed(organization_id="br-5", case_id=SLIPPED, closed_on=d(2018, 7, 26),
                       reason="已整改")  # fmt: skip
    on(d(2018, 7, 26), "closed-br-5-slip", slip5)
    # br-6 misses Q3 (due 10-10); its overdue status arrives before the 10-11 tick and is
    # still decided on 10-11 (criticism, to 11-10). Unrectified: at the 11-11 tick the
    # missed deadline is 特别突出 (proposal of notice and interview). Determined serious on
    # 11-15: the top rung is proposed; the committee decides it on 11-28 for p-br-6, and
    # br-6 and p-br-6 lose 2018's eligibility.
    for branch in ("br-1", "br-2", "br-3", "br-4", "br-5"):
        on(d(2018, 9, 20), f"done-{branch}-Q3", duty(DutyFulfilled, branch, "2018-Q3"))
    on(d(2018, 10, 10), "over-br-6-Q3", duty(DutyOverdue, "br-6", "2018-Q3"))
    on(d(2018, 11, 15), "serious-br-6", _serious("br-6", "2018-Q3", d(2018, 11, 15)))
    top6 = _decided("br-6", "2018-Q3", "dw-6", DecidingBody.PARTY_COMMITTEE, d(2018, 11, 28), TOP)
    on(d(2018, 11, 28), "decided-br-6-top", top6)
    return facts


ADMONISHMENT = ("AdmonishmentRequired", "NotifiedCriticismIssued", "AwardEligibilityRevoked")

#: (decided on, partition, event type, organization), in the log's order.
EXPECTED: list[tuple[date, int, str, str]] = [
    (date(2018, 2, 11), 0, "CriticismIssued", "gb-1"),
    (date(2018, 2, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 3, 11), 0, "CriticismIssued", "gb-1"),
    (date(2018, 3, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 4, 3), 0, "ReminderIssued", "br-1"),
    (date(2018, 4, 5), 0, "CaseResolved", "br-1"),
    (date(2018, 4, 11), 0, "CriticismIssued", "gb-1"),
    (date(2018, 4, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 7, 11), 0, "CriticismIssued", "br-3"),
    (date(2018, 7, 11), 0, "CriticismIssued", "br-5"),
    *[(date(2018, 7, 12), 0, "AccountabilityProposed", b) for b in ("br-3", "br-5")],
    (date(2018, 7, 18), 0, "CaseResolved", "br-5"),
    (date(2018, 7, 20), 0, "CaseResolved", "br-3"),
    # partition 1
    (date(2018, 2, 11), 1, "CriticismIssued", "cmt"),
    (date(2018, 2, 25), 1, "CaseResolved", "cmt"),
    (date(2018, 4, 3), 1, "ReminderIssued", "br-2"),
    (date(2018, 4, 11), 1, "CriticismIssued", "br-2"),
    (date(2018, 4, 20), 1, "CaseResolved", "br-2"),
    (date(2018, 7, 11), 1, "CriticismIssued", "br-4"),
    (date(2018, 7, 12), 1, "AccountabilityProposed", "br-4"),
    (date(2018, 7, 16), 1, "NoticeCirculated", "br-4"),
    (date(2018, 7, 16), 1, "InterviewRequired", "br-4"),
    (date(2018, 9, 5), 1, "AccountabilityProposed", "br-4"),
    (date(2018, 10, 11), 1, "CriticismIssued", "br-6"),
    (date(2018, 11, 11), 1, "AccountabilityProposed", "br-6"),
    (date(2018, 11, 15), 1, "AccountabilityProposed", "br-6"),
    # recorded on 11-20: the decision of 09-20, then the review of 11-15 that waited
    *[(date(2018, 9, 20), 1, kind, "br-4") for kind in ADMONISHMENT],
    (date(2018, 11, 15), 1, "DecisionReviewConcluded", "br-4"),
    (date(2018, 11, 15), 1, "AwardEligibilityRestored", "br-4"),
    *[(date(2018, 11, 28), 1, kind, "br-6") for kind in ADMONISHMENT],
]

#: 取消2018年度评优评先资格: br-6 and p-br-6 by the committee's decision; br-4's was
#: revoked on review and is restored.
EXPECTED_2018_ELIGIBILITY = {
    "organizations": ["br-6"],
    "persons": ["p-br-6"],
    "restored": ["br-4", "p-br-4"],
}


@dataclass(frozen=True)
class Published:
    partition: int
    envelope: Envelope


def year(first: date = date(2018, 1, 1), last: date = date(2018, 12, 31)) -> Iterator[Published]:
    """The input, day by day: each partition's tick, then that day's facts on their partition."""
    facts = _facts()
    day = first
    while day <= last:
        for partition in (0, 1):
            yield Published(partition, tick(day, partition))
        for event_id, payload in facts.get(day, []):
            partition = PARTITION[payload.organization_id]
            yield Published(partition, envelope(payload, event_id, day))
        day += timedelta(days=1)
