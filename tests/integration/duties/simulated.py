"""A simulated university history for the duties service (模拟校史): deterministic, any size."""

from __future__ import annotations

import random
from datetime import date, timedelta

from contracts.events import members
from contracts.events.enums import MembershipEnd
from tests.unit.duties.builders import History, make

PARTITIONS = 6
MEETING_KINDS = ("branch_committee_meeting", "theme_party_day")
#: (branch number modulo 10, day recorded) → day his membership ended, of the member m07
#: who pays nothing from April 2018 (flagged on 2018-10-01: April to September unpaid).
DEATHS = {(3, date(2018, 10, 20)): date(2018, 9, 20), (8, date(2018, 10, 10)): date(2018, 10, 10)}


def university(target_events: int, *, branches: int = 60, members_per_branch: int = 12) -> History:
    """Branches on every partition, their members paying dues, meetings, and daily ticks.

    About one branch in five misses meetings and one member in eight stops
    paying, so overdue, late and flagged outcomes all occur. One of those members in
    every tenth branch dies before his six unpaid months are flagged, recorded after
    the flag (补录: withdrawn), and one in every other tenth after it (the flag answered).
    """
    rng = random.Random(20171020)
    history = History()
    start = date(2018, 1, 1)
    orgs = [(f"br-{n:03d}", n % PARTITIONS) for n in range(branches)]
    for org, p in orgs:
        history.branch(start, org=org, partition=p, term_ends_on=date(2019, 12, 31))
        for m in range(members_per_branch):
            history.member(f"{org}-m{m:02d}", start, org=org, partition=p)
    day = start
    late: dict[date, list[tuple[str, date, str, int]]] = {}
    while len(history.events) < target_events:
        for p in range(PARTITIONS):
            history.tick(day, p)
        for kind, held_on, org, p in late.pop(day, []):
            history.meeting(kind, held_on, org=org, partition=p, recorded=day)
        for n, (org, p) in enumerate(orgs):
            died = DEATHS.get((n % 10, day))
            if died is not None:
                history.add(_died(f"{org}-m07", org, died), day, partition=p)
        for org, p in orgs:
            if day.day == 5:
                _monthly(history, rng, org, p, day, members_per_branch, late)
            if day.day == 15 and day.month % 3 == 2 and rng.random() > 0.2:
                history.meeting("branch_general_meeting", day, org=org, partition=p)
        day += timedelta(days=1)
    return history


def _died(member_id: str, org: str, on: date) -> members.MembershipEnded:
    return make(members.MembershipEnded, organization_id=org, member_id=member_id,
                ended_on=on, end=MembershipEnd.DECEASED)  # fmt: skip


def _monthly(
    history: History,
    rng: random.Random,
    org: str,
    p: int,
    day: date,
    size: int,
    late: dict[date, list[tuple[str, date, str, int]]],
) -> None:
    for kind in MEETING_KINDS:
        if rng.random() < 0.1:  # recorded 45 days later, after the grace
            late.setdefault(day + timedelta(days=45), []).append((kind, day, org, p))
        elif rng.random() > 0.15:
            history.meeting(kind, day, org=org, partition=p)
    for m in range(size):
        if m % 8 == 7 and day.month > 3:
            continue
        history.dues(f"{org}-m{m:02d}", f"{day:%Y-%m}", day, org=org, partition=p)
    if rng.random() < 0.01:
        history.add(
            make(
                members.MemberLostContact,
                organization_id=org,
                member_id=f"{org}-m00",
                since=day,
            ),
            day,
            partition=p,
        )
