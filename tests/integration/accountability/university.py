"""A scripted year (2018) of a small university on ``zeren.duties.v2``, and what the seed expects.

One committee (``cmt``), two general branches (``gb-1``, ``gb-2``), six branches
(``br-1`` … ``br-6``), each branch's secretary ``p-br-N``. Partition 0 carries
cmt, gb-1, br-1, br-3, br-5; partition 1 carries gb-2, br-2, br-4, br-6 (the
duties service writes each output to its input's partition). Every day of 2018
is ticked on both partitions; the duties service's outputs of a day follow
that day's tick.

The expectation below is derived from seed section 四 and policy v1 (in force
all 2018), not from the program: criticism gives 30 days to rectify, notice and
interview 15; "widespread" is ≥ 30% and ≥ 3 of the units owing a duty in one
period; "prominent" is ≥ 3 overdue duties of one unit within 12 months; after
an interview only an accepted rectification (or closure) clears the deadline.
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
from contracts.events.enums import InterviewKind, Office
from contracts.events.oversight import (
    CaseClosed,
    InterviewConducted,
    RectificationAccepted,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.decide import case_id
from tests.unit.accountability.builders import QUARTERLY, duty, envelope, tick

MONTHLY = "general_branch.meeting.monthly"
BRANCHES = [f"br-{n}" for n in range(1, 7)]
PARTITION = {"cmt": 0, "gb-1": 0, "gb-2": 1} | {b: (int(b[-1]) + 1) % 2 for b in BRANCHES}


def quarter_case(org: str, period: str) -> str:
    return case_id("duty", org, QUARTERLY, period, "")


def _facts() -> dict[date, list[tuple[str, Any]]]:
    """The duties service's outputs and the forwarded human actions, by day (after its tick)."""
    d = date
    facts: dict[date, list[tuple[str, Any]]] = {}

    def on(day: date, event_id: str, payload: Any) -> None:
        facts.setdefault(day, []).append((event_id, payload))

    for branch in BRANCHES:
        person = f"p-{branch}"
        appointed = OfficeHolderAppointed(
            organization_id=branch,
            person_id=person,
            person_name=f"{branch}书记",
            office=Office.SECRETARY,
            appointed_on=d(2017, 9, 1),
        )
        on(d(2018, 1, 1), f"appoint-{person}", appointed)
    # gb-1 misses its monthly meeting in January, February and March; it makes up the
    # first two late. January and February: criticism, then resolved by the late
    # meeting. March is its third overdue duty in 12 months: 特别突出, so the case
    # goes straight to notice and interview; the department closes it on 04-20.
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
        reason="已约谈并完成整改",
    )
    on(d(2018, 4, 20), "close-gb-1-2018-03", closed)
    # Q1 (due 04-10): br-1 and br-2 are reminded on 04-03; br-1 then meets in time,
    # br-2 is overdue (criticism, 04-11) and meets late on 04-20 (resolved). One
    # overdue unit of six is not widespread.
    for branch in BRANCHES:
        if branch in ("br-1", "br-2"):
            on(d(2018, 4, 3), f"due-{branch}-Q1", duty(DutyDueSoon, branch, "2018-Q1"))
    on(d(2018, 4, 5), "done-br-1-Q1", duty(DutyFulfilled, "br-1", "2018-Q1"))
    for branch in ("br-3", "br-4", "br-5", "br-6"):
        on(d(2018, 3, 20), f"done-{branch}-Q1", duty(DutyFulfilled, branch, "2018-Q1"))
    on(d(2018, 4, 11), "over-br-2-Q1", duty(DutyOverdue, "br-2", "2018-Q1"))
    late2 = duty(DutyFulfilledLate, "br-2", "2018-Q1", fulfilled_on=d(2018, 4, 19))
    on(d(2018, 4, 20), "late-br-2-Q1", late2)
    # Q2 (due 07-10): br-3, br-4, br-5 overdue on 07-11 (criticism each). Three of six
    # (50% ≥ 30%, 3 ≥ 3) is widespread: notice and interview for the three once both
    # partitions have passed the 07-11 deadline tick, i.e. at partition 1's 07-12 tick.
    for branch in ("br-1", "br-2", "br-6"):
        on(d(2018, 6, 25), f"done-{branch}-Q2", duty(DutyFulfilled, branch, "2018-Q2"))
    for branch in ("br-3", "br-4", "br-5"):
        on(d(2018, 7, 11), f"over-{branch}-Q2", duty(DutyOverdue, branch, "2018-Q2"))
    accepted = RectificationAccepted(
        organization_id="br-3", case_id=quarter_case("br-3", "2018-Q2"), accepted_on=d(2018, 7, 20)
    )
    on(d(2018, 7, 20), "accept-br-3-Q2", accepted)
    # br-4 is interviewed but never rectifies: the interview's deadline (07-12 + 15 =
    # 07-27) passes at the 07-28 tick: admonishment, notified criticism, and br-4 and
    # its secretary lose 2018's award eligibility.
    interview = InterviewConducted(
        organization_id="br-4",
        case_id=quarter_case("br-4", "2018-Q2"),
        person_id="p-br-4",
        kind=InterviewKind.INTERVIEW,
        conducted_on=d(2018, 7, 16),
    )
    on(d(2018, 7, 16), "interview-br-4-Q2", interview)
    # br-5 meets late on 07-18, before the interview's deadline (07-27): the problem is
    # solved in time (policy: 问题没有及时解决 is what escalates), so the case is resolved
    # then; the rectification accepted on 07-25 finds it resolved and changes nothing.
    late5 = duty(DutyFulfilledLate, "br-5", "2018-Q2", fulfilled_on=d(2018, 7, 18))
    on(d(2018, 7, 18), "late-br-5-Q2", late5)
    accepted5 = RectificationAccepted(
        organization_id="br-5", case_id=quarter_case("br-5", "2018-Q2"), accepted_on=d(2018, 7, 25)
    )
    on(d(2018, 7, 25), "accept-br-5-Q2", accepted5)
    # br-6: the committee determines a serious consequence (no case yet): admonishment,
    # notified criticism, and br-6 and its secretary lose 2018's award eligibility.
    serious = SeriousConsequenceDetermined(
        organization_id="br-6", determined_on=d(2018, 11, 2), description="党费收缴管理混乱"
    )
    on(d(2018, 11, 2), "serious-br-6", serious)
    return facts


ADMONISHMENT = ("AdmonishmentRequired", "NotifiedCriticismIssued", "AwardEligibilityRevoked")

#: (decided on, partition, event type, organization), in the log's order.
EXPECTED: list[tuple[date, int, str, str]] = [
    (date(2018, 2, 11), 0, "CriticismIssued", "gb-1"),
    (date(2018, 2, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 3, 11), 0, "CriticismIssued", "gb-1"),
    (date(2018, 3, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 4, 3), 0, "ReminderIssued", "br-1"),
    (date(2018, 4, 3), 1, "ReminderIssued", "br-2"),
    (date(2018, 4, 5), 0, "CaseResolved", "br-1"),
    (date(2018, 4, 11), 0, "NoticeCirculated", "gb-1"),
    (date(2018, 4, 11), 0, "InterviewRequired", "gb-1"),
    (date(2018, 4, 11), 1, "CriticismIssued", "br-2"),
    (date(2018, 4, 20), 0, "CaseResolved", "gb-1"),
    (date(2018, 4, 20), 1, "CaseResolved", "br-2"),
    (date(2018, 7, 11), 0, "CriticismIssued", "br-3"),
    (date(2018, 7, 11), 0, "CriticismIssued", "br-5"),
    (date(2018, 7, 11), 1, "CriticismIssued", "br-4"),
    *[
        (date(2018, 7, 12), 1, kind, branch)
        for branch in ("br-3", "br-4", "br-5")
        for kind in ("NoticeCirculated", "InterviewRequired")
    ],
    (date(2018, 7, 18), 0, "CaseResolved", "br-5"),
    (date(2018, 7, 20), 0, "CaseResolved", "br-3"),
    *[(date(2018, 7, 28), 1, kind, "br-4") for kind in ADMONISHMENT],
    *[(date(2018, 11, 2), 1, kind, "br-6") for kind in ADMONISHMENT],
]

#: 取消2018年度评优评先资格: br-4 (interview deadline missed) and br-6 (serious
#: consequence), each with its secretary.
EXPECTED_2018_ELIGIBILITY = {"organizations": ["br-4", "br-6"], "persons": ["p-br-4", "p-br-6"]}


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
