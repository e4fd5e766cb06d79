"""Organization structure facts (组织架构): the initial load and the elections (换届).

The organization department (组织部) loads the structure the day before the
simulation starts: organizations (committee → general branches → branches →
party groups), their members (转入 or 接收预备党员), office holders (任职),
the committee members' contact points (基层联系点) and how many members in
difficulty the committee and each general branch have (困难党员, some none).
Each fact keeps its own date; the whole load is recorded on the load day.

Elections are held a few weeks before each term ends, for a new term of the
length the catalog in force sets; the overdue organization never holds one,
the extended one gets approval to delay and holds it within the extension.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from contracts.events.activities import ContactPointAssigned, NeedyMembersRecorded
from contracts.events.base import Payload
from contracts.events.enums import OrganizationKind
from contracts.events.members import MemberAdmittedAsProbationary, MemberTransferredIn
from contracts.events.structure import (
    ElectionHeld,
    OfficeHolderAppointed,
    OrganizationEstablished,
    TermExtensionApproved,
)
from services.simulator.facts import Fact
from services.simulator.habits import Habits
from services.simulator.periods import add_years
from services.simulator.university import (
    COMMITTEE_ID,
    HIGHER_COMMITTEE_ID,
    HIGHER_COMMITTEE_NAME,
    Organization,
    University,
    term_years,
)

_SOURCE = "org-dept"


def structure_facts(university: University, seed: int, start: date) -> Iterator[Fact]:
    """The initial load, in order: organizations, members, office holders, contact points."""
    rng = random.Random(f"{seed}:structure")
    load_day = start - timedelta(days=1)

    def loaded(on: date, model: type[Payload], **fields: object) -> Fact:
        return Fact(on, _SOURCE, model, fields, (load_day - on).days)

    committee = university.organizations[COMMITTEE_ID]
    yield loaded(  # 上级党委: registered so that the committee's reports can name it
        committee.established_on,
        OrganizationEstablished,
        organization_id=HIGHER_COMMITTEE_ID,
        name=HIGHER_COMMITTEE_NAME,
        kind=OrganizationKind.HIGHER_COMMITTEE,
        established_on=committee.established_on,
    )
    for org in university.organizations.values():
        yield loaded(
            org.established_on,
            OrganizationEstablished,
            organization_id=org.id,
            name=org.name,
            kind=org.kind,
            category=org.category,
            parent_id=org.parent_id,
            established_on=org.established_on,
            term_years=term_years(org.kind, start) if org.term_ends_on else None,
            term_ends_on=org.term_ends_on,
        )
    for member in university.members.values():
        model = MemberAdmittedAsProbationary if member.probationary else MemberTransferredIn
        on_field = "admitted_on" if member.probationary else "transferred_on"
        yield loaded(
            member.joined_on,
            model,
            organization_id=member.organization_id,
            member_id=member.id,
            member_name=member.name,
            **{on_field: member.joined_on},
        )
    appointed: dict[str, date] = {}
    for org in university.organizations.values():
        for office, people in org.officers.items():
            for person in people:
                on = max(org.established_on, start - timedelta(days=rng.randint(30, 900)))
                appointed[person] = on
                yield loaded(
                    on,
                    OfficeHolderAppointed,
                    organization_id=org.id,
                    person_id=person,
                    person_name=university.name_of(person),
                    office=office,
                    appointed_on=on,
                )
    for person, branch in university.contact_points.items():
        # after the appointment, and once the branch exists (a secretary may predate it)
        first = max(appointed[person], university.organizations[branch].established_on)
        on = first + timedelta(days=rng.randint(5, 25))
        yield loaded(
            on, ContactPointAssigned, organization_id=branch, person_id=person, assigned_on=on
        )
    for org in university.organizations.values():
        if org.kind in (OrganizationKind.PARTY_COMMITTEE, OrganizationKind.GENERAL_BRANCH):
            needy = rng.randint(0, 4)
            yield loaded(
                load_day,
                NeedyMembersRecorded,
                organization_id=org.id,
                needy_members=needy,
                recorded_on=load_day,
            )


def _election(org: Organization, held: date) -> Fact:
    years = term_years(org.kind, held)
    term_end = add_years(held, years) - timedelta(days=1)
    return Fact(
        held,
        _SOURCE,
        ElectionHeld,
        {"organization_id": org.id, "held_on": held, "term_ends_on": term_end},
    )


def election_facts(university: University, habits: Habits, seed: int, end: date) -> Iterator[Fact]:
    """Every election (and the one extension) due up to ``end`` (see the module docstring)."""
    rng = random.Random(f"{seed}:elections")
    for org in university.organizations.values():
        term_end = org.term_ends_on
        if org.kind is OrganizationKind.PARTY_GROUP or org.id == habits.overdue_election:
            continue
        extend = org.id == habits.extended_election
        while term_end is not None and term_end <= end:
            if extend:
                extend = False
                approved = term_end - timedelta(days=rng.randint(20, 60))
                yield Fact(
                    approved,
                    _SOURCE,
                    TermExtensionApproved,
                    {
                        "organization_id": org.id,
                        "approved_on": approved,
                        "extended_until": term_end + timedelta(days=180),
                        "approved_by": org.parent_id or HIGHER_COMMITTEE_ID,
                        "reason": "所在单位机构调整，待班子配备到位后换届",
                    },
                )
                held = term_end + timedelta(days=rng.randint(60, 150))
            else:
                held = term_end - timedelta(days=rng.randint(7, 40))
            election = _election(org, held)
            yield election
            term_end = election.fields["term_ends_on"]
