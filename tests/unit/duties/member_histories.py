"""Small histories of one member's facts, for the member recording-order property
(test_member_recording_property.py): generated from a seed, checked against the
registry's acceptance rules, folded through both services, reduced to what stands about
the member at the end."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from contracts.envelope import new_envelope
from contracts.events import members
from contracts.events.base import Payload
from contracts.events.enums import MembershipEnd
from services.accountability.domain import queries
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, through_both
from tests.unit.accountability.structural_histories import Fact, accepted
from tests.unit.duties.builders import History, at, make

BR = "br-1"
#: The member the facts are about; ``m-2`` attends every month (the branch holds 组织生活).
MEMBER = "m-1"
#: The months the generator may give facts for (2018-01 to 2019-03).
MONTHS = [(2018 + (n // 12), n % 12 + 1) for n in range(15)]
#: The last day ticked: every fact recorded late is in by then, and the runs they end
#: are judged.
LAST = date(2019, 7, 31)
#: The most days a fact is recorded after its own day (补录).
MOST_LATE = 60


def _of(kind: type[Payload], member: str = MEMBER, **fields: object) -> Payload:
    return make(kind, organization_id=BR, member_id=member, **fields)


def _attended(on: date, member: str) -> Fact:
    kind = members.OrganizationalLifeAttended
    return Fact(on, _of(kind, member, meeting_id=f"mtg-{on}", attended_on=on))


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def generate(seed: int) -> list[Fact]:
    """A year and a quarter of m-1 in br-1: attending 组织生活 some months, paying dues for
    some months (some of them late, 补交; how often each, the seed decides), and perhaps
    away (外出) and back, out of contact (失联) and found again, exempt from dues (免交)
    for some months, transferred out or his membership ended; m-2 attends every month."""
    rng = random.Random(seed)
    attends, pays = rng.choice((0.3, 0.6, 0.9)), rng.choice((0.3, 0.6, 0.9))
    facts: list[Fact] = []
    for year, month in MONTHS:
        first = date(year, month, 1)
        meeting = date(year, month, 12)
        facts.append(_attended(meeting, "m-2"))
        if rng.random() < attends:
            facts.append(_attended(meeting, MEMBER))
        if rng.random() < pays:
            paid_on = first + timedelta(days=rng.choice((5, 19, 40, 75)))
            facts.append(
                Fact(
                    paid_on,
                    _of(
                        members.DuesPaid,
                        month=f"{year}-{month:02d}",
                        amount="30.00",
                        paid_on=paid_on,
                    ),
                )
            )
    facts += _episodes(rng)
    facts = _until_transferred(rng, facts + _by_the_branch(random.Random(seed * 31 + 7)))
    return _until_ended(random.Random(seed * 53 + 3), facts)


def _episodes(rng: random.Random) -> list[Fact]:
    """外出 and its return, 失联 and its end, 免交: each perhaps."""
    facts: list[Fact] = []
    if rng.random() < 0.4:
        since = _day(rng, date(2018, 2, 1), date(2018, 10, 31))
        facts.append(
            Fact(
                since,
                _of(
                    members.MemberWentAway,
                    since=since,
                    destination="深圳",
                    place=rng.choice(("fixed", "mobile")),
                ),
            )
        )
        if rng.random() < 0.7:
            back = since + timedelta(days=rng.randint(20, 220))
            facts.append(Fact(back, _of(members.MemberReturned, returned_on=back)))
    if rng.random() < 0.3:
        since = _day(rng, date(2018, 1, 15), date(2018, 8, 31))
        facts.append(Fact(since, _of(members.MemberLostContact, since=since)))
        if rng.random() < 0.6:
            found = since + timedelta(days=rng.randint(30, 240))
            facts.append(Fact(found, _of(members.MemberContactRestored, restored_on=found)))
    if rng.random() < 0.25:
        first, last = rng.choice(((2, 4), (3, 8), (5, 10)))
        approved = date(2018, first, 1) + timedelta(days=rng.randint(-20, 40))
        facts.append(
            Fact(
                approved,
                _of(
                    members.DuesExemptionApproved,
                    first_month=f"2018-{first:02d}",
                    last_month=f"2018-{last:02d}",
                    approved_on=approved,
                    approved_by="gb-1",
                ),
            )
        )
    return facts


def _by_the_branch(rng: random.Random) -> list[Fact]:
    """The branch's decisions about m-1, each perhaps: dues by quarter (按季度交纳) from a
    quarter, membership suspended (停止党籍, after he lost contact) and restored."""
    facts: list[Fact] = []
    if rng.random() < 0.3:
        approved = _day(rng, date(2018, 1, 10), date(2018, 9, 30))
        first = 3 * ((approved.month - 1) // 3) + rng.choice((1, 4))
        year, month = (approved.year, first) if first <= 12 else (approved.year + 1, first - 12)
        facts.append(Fact(approved, _of(members.QuarterlyDuesApproved, approved_on=approved,
                                        first_month=f"{year}-{month:02d}")))  # fmt: skip
    if rng.random() < 0.2:
        suspended = _day(rng, date(2018, 8, 1), date(2019, 1, 31))
        facts.append(Fact(suspended, _of(members.MembershipSuspended, suspended_on=suspended,
                                         reason="失联", ground="lost_contact")))  # fmt: skip
        if rng.random() < 0.4:
            restored = suspended + timedelta(days=rng.randint(30, 120))
            facts.append(Fact(restored, _of(members.MembershipRestored, restored_on=restored)))
    return facts


def _until_transferred(rng: random.Random, facts: list[Fact]) -> list[Fact]:
    """Perhaps m-1 transfers out (转出): his facts dated after that day are not his here."""
    if rng.random() >= 0.2:
        return facts
    out = _day(rng, date(2018, 6, 1), date(2019, 2, 28))
    kept = [f for f in facts if f.on <= out or getattr(f.payload, "member_id", "") != MEMBER]
    return [
        *kept,
        Fact(out, _of(members.MemberTransferredOut, to_organization="外校", transferred_on=out)),
    ]


def _until_ended(rng: random.Random, facts: list[Fact]) -> list[Fact]:
    """Perhaps, if he does not transfer out, m-1's membership ends (去世, 开除党籍, 除名,
    退党): his facts dated after that day are refused."""
    if rng.random() >= 0.2 or any(
        isinstance(f.payload, members.MemberTransferredOut) for f in facts
    ):
        return facts
    on = _day(rng, date(2018, 4, 1), date(2019, 2, 28))
    end = rng.choice(list(MembershipEnd))
    kept = [f for f in facts if f.on <= on or getattr(f.payload, "member_id", "") != MEMBER]
    return [*kept, Fact(on, _of(members.MembershipEnded, ended_on=on, end=end))]


def delayed(facts: Sequence[Fact], seed: int, most_late: int = MOST_LATE) -> list[Fact]:
    """``facts`` with about a third of m-1's recorded 1 to ``most_late`` days late."""
    rng = random.Random(seed * 7919 + 1)
    return [
        Fact(f.on, f.payload, rng.randint(1, most_late))
        if getattr(f.payload, "member_id", "") == MEMBER and rng.random() < 0.35
        else f
        for f in facts
    ]


def history(facts: Sequence[Fact], last: date = LAST) -> History:
    """br-1 with m-1 and m-2 on its roll from the log's first day, and ``facts`` each on
    its recording day between the daily ticks to ``last``, dated by its own day (the
    contract: ``time`` is when the fact happened), with the same id whatever day it is
    recorded."""
    events = a_branch()
    events.member(MEMBER, BEGINNING, org=BR)
    events.member("m-2", BEGINNING, org=BR)
    day = BEGINNING
    numbered = sorted(enumerate(facts), key=lambda n_fact: n_fact[1].recorded)
    for n, fact in numbered:
        events.ticks(day, fact.recorded)
        env = new_envelope(fact.payload, id=f"fact-{n}", source="urn:test", time=at(fact.on))
        events.events.append((env, 0))
        day = fact.recorded + timedelta(days=1)
    events.ticks(day, last)
    return events


#: A flag about m-1 standing at the end: (situation, first day of its months, last day).
Standing = tuple[str, date, date]


def standing(facts: Sequence[Fact], last: date = LAST) -> list[Standing] | None:
    """The flags about m-1 standing at the end (``last``) of ``facts`` recorded on their
    recording days; None when the registry would refuse one of them in that order."""
    events = history(facts, last)
    if not accepted(events.events):
        return None
    ledger = Ledger.empty(1)
    through_both(events, ledger)
    kept = queries.list_flags(ledger, unit=BR, member=True, standing=True)
    return sorted((f.situation, f.since, f.due_on) for f in kept if f.member_id == MEMBER)  # type: ignore[misc]
