"""br-1's year around a finding (督导检查 or 年度自查 发现的问题), folded through both
services: the facts and readers the finding tests share.

The calendar (``a_branch()``: br-1 under gb-1 under cmt, secretary p-1): br-1 holds its
主题党日 (monthly, due the 7th of the next month) and its Q1 and Q2 支部党员大会 and 党课 in
time, but neither in Q3 (due 10-15, overdue 10-16). On 07-10 a problem is found with a
deadline of 09-30, reminded 7 (inspection) or 14 (self-check) days before.
"""

from __future__ import annotations

from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, oversight
from contracts.events.accountability import AccountabilityAction, AccountabilityProposed
from contracts.events.base import Payload
from contracts.events.enums import Ground
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days, through_both
from tests.unit.duties.builders import make

FOUND, DEADLINE = date(2018, 7, 10), date(2018, 9, 30)
#: (what found it, the finding's number, its duty, the day it is reminded)
INSPECTION = ("inspection", "insp-1", "oversight.finding.rectified", date(2018, 9, 23))
SELF_CHECK = ("self_check", "zc-18", "oversight.self_check_finding.rectified", date(2018, 9, 16))
Found = tuple[str, str, str, date]
#: The cases of br-1's Q3 支部党员大会 and 党课, neither held (overdue 10-16).
MEETING = duty_case_id("br-1", "branch.general_meeting.quarterly", "2018-Q3")
LECTURE = duty_case_id("br-1", "branch.party_lecture.quarterly", "2018-Q3")
Fact = tuple[date, Payload]


def meeting(kind: str, held_on: date) -> Payload:
    return make(activities.MeetingHeld, organization_id="br-1", meeting_id=f"m-{kind}-{held_on}",
                kind=kind, held_on=held_on, expected_attendees=10, present_attendees=9,
                topic="学习", chaired_by="p-1")  # fmt: skip


def finding(found: Found) -> Payload:
    """The finding of 07-10, due 09-30: the department's inspection, or br-1's self-check."""
    by, number, _, _ = found
    if by == "inspection":
        return make(oversight.InspectionFindingRecorded, organization_id="br-1",
                    finding_id=number, question=18, description="支部“三会一课”记录不完整",
                    found_on=FOUND, rectification_deadline=DEADLINE)  # fmt: skip
    return make(oversight.SelfCheckAnswered, organization_id="br-1", year=2018, question=18,
                answer="partly", evidence_refs=["https://oa.example.edu/doc/1"],
                answered_on=FOUND, finding_id=number,
                rectification_deadline=DEADLINE)  # fmt: skip


def held(last_theme_day: int) -> list[Fact]:
    """br-1's 主题党日 held on the 20th up to month ``last_theme_day``, and its Q1 and Q2
    meetings and 党课; nothing in Q3."""
    facts: list[Fact] = [
        (date(2018, m, 20), meeting("theme_party_day", date(2018, m, 20)))
        for m in range(1, last_theme_day + 1)
    ]
    for day in (date(2018, 3, 10), date(2018, 6, 10)):
        facts += [(day, meeting("branch_general_meeting", day)),
                  (day, meeting("party_lecture", day))]  # fmt: skip
    return facts


def both_folds(facts: list[Fact]) -> tuple[list[Envelope], list[Envelope], Ledger]:
    """The duties outputs, then the accountability outputs and ledger, to 12-31."""
    ledger = Ledger.empty(1)
    history = on_their_days(a_branch(), BEGINNING, facts, date(2018, 12, 31))
    duty_outputs, outputs = through_both(history, ledger)
    return duty_outputs, outputs, ledger


def rows(outputs: list[Envelope], key: str) -> list[tuple[str, list[str], date]]:
    """(action, persons named, day sent) of every action on case ``key``."""
    return [
        (e.type.removeprefix("zeren."), e.data.person_ids, e.time.date())
        for e in outputs
        if isinstance(e.data, AccountabilityAction) and e.data.case_id == key
    ]


def works(ledger: Ledger, key: str) -> set[str]:
    """The distinct works on record ``key`` (the unit's, or ``<unit>|<person>``)."""
    return {work for _, work in ledger.overdue.get(key, [])}


def proposals_citing(outputs: list[Envelope], ground: Ground) -> list[tuple[str, list[str], date]]:
    """br-1's proposals citing ``ground``: (case, persons named, day sent)."""
    return [
        (e.data.case_id, e.data.person_ids, e.time.date())
        for e in outputs
        if isinstance(e.data, AccountabilityProposed)
        and e.data.organization_id == "br-1"
        and ground in e.data.grounds
    ]
