"""Habits leave their mark (工作作风): the bad habits really lack the evidence."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import TypeVar

import pytest

from contracts.events.activities import MeetingHeld
from contracts.events.base import Payload
from contracts.events.members import DuesPaid, MemberLostContact, MembershipSuspended
from contracts.events.oversight import InspectionFindingRecorded, RectificationAccepted
from contracts.events.structure import ElectionHeld, OrganizationEstablished, TermExtensionApproved
from services.simulator import Habits, Submission, University
from services.simulator.history import DEFAULT_START
from services.simulator.periods import add_months
from tests.unit.simulator.conftest import END, YEARS
from tests.unit.simulator.helpers import meeting_duties

pytestmark = pytest.mark.unit

P = TypeVar("P", bound=Payload)


def _of(stream: list[Submission], model: type[P], org_id: str | None = None) -> list[P]:
    found = [s.envelope.data for s in stream if isinstance(s.envelope.data, model)]
    return [p for p in found if org_id is None or p.expected_subject() == org_id]


def test_the_stopped_branch_holds_no_meeting_after_it_stops(
    stream: list[Submission], habits: Habits
) -> None:
    ((branch, stop),) = habits.stopped.items()
    meetings = _of(stream, MeetingHeld, branch)
    assert any(m.held_on < stop for m in meetings)
    assert not [m for m in meetings if m.held_on >= stop]


def test_careless_units_miss_meetings_and_record_late(
    stream: list[Submission], habits: Habits, university: University
) -> None:
    assert len(habits.careless) >= 4
    for org_id in habits.careless:
        org = university.organizations[org_id]
        months = Counter(
            (m.kind, m.held_on.strftime("%Y-%m")) for m in _of(stream, MeetingHeld, org_id)
        )
        monthly = [
            k for _, cadence, k in meeting_duties(org, DEFAULT_START) if cadence == "monthly"
        ]
        held = sum(1 for kind, _ in months if kind in monthly)
        assert 0 < held <= 0.95 * 12 * YEARS * len(monthly), f"{org_id} misses meetings"
        late = [
            s
            for s in stream
            if s.envelope.subject == org_id and s.submit_on - s.envelope.time.date() > timedelta(7)
        ]
        assert late, f"{org_id} records some facts weeks late"


def test_overdue_and_extended_elections(stream: list[Submission], habits: Habits) -> None:
    established = {o.organization_id: o for o in _of(stream, OrganizationEstablished)}
    overdue = established[habits.overdue_election]
    assert overdue.term_ends_on is not None
    assert overdue.term_ends_on < END
    assert not _of(stream, ElectionHeld, overdue.organization_id)
    assert not _of(stream, TermExtensionApproved, overdue.organization_id)

    extended = established[habits.extended_election]
    (approval,) = _of(stream, TermExtensionApproved, extended.organization_id)
    elections = _of(stream, ElectionHeld, extended.organization_id)
    assert extended.term_ends_on is not None
    assert approval.approved_on < extended.term_ends_on < elections[0].held_on
    assert elections[0].held_on <= approval.extended_until


def test_dues_gaps_last_six_months_or_more(stream: list[Submission], habits: Habits) -> None:
    assert habits.dues_gaps
    paid: dict[str, set[str]] = {}
    for dues in _of(stream, DuesPaid):
        paid.setdefault(dues.member_id, set()).add(dues.month)
    for member, gap in habits.dues_gaps.items():
        assert gap.months >= 6
        unpaid = [add_months(gap.first, i).strftime("%Y-%m") for i in range(gap.months)]
        assert not paid[member] & set(unpaid)
        assert add_months(gap.first, -1).strftime("%Y-%m") in paid[member]


def test_the_lost_member_is_flagged_suspended_and_pays_no_more(
    stream: list[Submission], habits: Habits, university: University
) -> None:
    ((member, since),) = habits.lost_contact.items()
    branch = university.members[member].organization_id
    (lost,) = [e for e in _of(stream, MemberLostContact, branch) if e.member_id == member]
    (suspended,) = [e for e in _of(stream, MembershipSuspended, branch) if e.member_id == member]
    assert lost.since == since < suspended.suspended_on
    assert not [
        d
        for d in _of(stream, DuesPaid, branch)
        if d.member_id == member and d.month > f"{since:%Y-%m}"
    ]


def test_the_inspection_finds_problems_some_rectified(
    stream: list[Submission], habits: Habits
) -> None:
    findings = _of(stream, InspectionFindingRecorded)
    found = {f.finding_id for f in findings}
    accepted = {a.finding_id for a in _of(stream, RectificationAccepted)} & found
    assert {f.organization_id for f in findings} >= set(habits.stopped) | set(habits.careless)
    assert all(f.found_on == habits.inspection_on for f in findings)
    assert 0 < len(accepted) < len(findings)
    (stopped,) = habits.stopped
    assert not [f for f in findings if f.organization_id == stopped and f.finding_id in accepted]
    assert all(
        a.accepted_on <= f.rectification_deadline
        for f in findings
        for a in _of(stream, RectificationAccepted, f.organization_id)
        if a.finding_id == f.finding_id
    )
