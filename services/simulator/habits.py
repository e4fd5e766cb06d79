"""Compliance habits (工作作风): which units are diligent, careless or stop working.

Most units are diligent (认真): they hold every meeting and record it the
same day, now and then a few days late. A few are careless (松懈): they miss
15–30% of meetings and record part of their work weeks late, within or after
the grace period (补录). One branch stops holding meetings from some month
(停止组织生活). One organization lets its term expire without an election
(逾期未换届), another gets an extension approved (批准延期换届). Some members
stop paying dues for six months or more (连续六个月不交党费), one loses
contact (失联), and an inspection (督导检查) finds problems in the careless and
stopped units, some of which are rectified in time (整改验收).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from contracts.events.enums import OrganizationKind
from services.simulator.periods import add_months
from services.simulator.university import Organization, University

_CARELESS_BRANCHES = 0.05  # share of branches that are careless
_CARELESS_GENERAL_BRANCHES = 0.1
_DUES_STOPPERS = 0.002  # share of members who stop paying dues
_DILIGENT_LATE = 0.03  # share of a diligent unit's records entered a few days late


@dataclass(frozen=True)
class Carelessness:
    """How careless a unit is: share of meetings missed and of records entered late."""

    miss_rate: float
    late_rate: float


@dataclass(frozen=True)
class DuesGap:
    """A member pays no dues for ``months`` months from ``first`` (a month's first day)."""

    first: date
    months: int

    def covers(self, month: date) -> bool:
        """True if the dues of ``month`` (its first day) are not paid."""
        return self.first <= month < add_months(self.first, self.months)


@dataclass(frozen=True)
class Habits:
    """The habits drawn for one simulation (see the module docstring)."""

    careless: dict[str, Carelessness]
    stopped: dict[str, date]  # branch → first day without meetings
    overdue_election: str
    extended_election: str
    dues_gaps: dict[str, DuesGap]
    lost_contact: dict[str, date]  # member → last day of contact
    inspection_on: date

    def is_diligent(self, org_id: str) -> bool:
        """True if the unit has no bad habit at all."""
        return (
            org_id not in self.careless
            and org_id not in self.stopped
            and org_id
            not in (
                self.overdue_election,
                self.extended_election,
            )
        )

    @property
    def special_members(self) -> set[str]:
        """Members with a habit: they are never picked as new secretaries or graduates."""
        return set(self.dues_gaps) | set(self.lost_contact)

    def pays(self, member_id: str, month: date) -> bool:
        """True if the member pays the dues of ``month`` (its first day)."""
        gap = self.dues_gaps.get(member_id)
        lost = self.lost_contact.get(member_id)
        return not (gap and gap.covers(month)) and not (lost and month > lost)

    def recording_delay(
        self, rng: random.Random, org_id: str, day: date, meeting: bool
    ) -> int | None:
        """Days between a fact and its recording, or ``None`` if it does not happen."""
        stop = self.stopped.get(org_id)
        if meeting and stop is not None and day >= stop:
            return None
        habit = self.careless.get(org_id)
        if habit is None:
            return rng.randint(1, 6) if rng.random() < _DILIGENT_LATE else 0
        if meeting and rng.random() < habit.miss_rate:
            return None
        return rng.randint(5, 45) if rng.random() < habit.late_rate else 0

    def attendance(self, rng: random.Random, org_id: str) -> float:
        """Share of expected attendees present at a meeting (出席率)."""
        return rng.uniform(0.55, 0.95) if org_id in self.careless else rng.uniform(0.8, 1.0)


def _term_ending_between(orgs: list[Organization], first: date, last: date) -> list[Organization]:
    return [o for o in orgs if o.term_ends_on and first <= o.term_ends_on <= last]


def choose_habits(university: University, seed: int, start: date, end: date) -> Habits:
    """Draw the habits of ``university`` for the simulation from ``start`` to ``end``."""
    rng = random.Random(f"{seed}:habits")
    branches = university.branches
    generals = university.of_kind(OrganizationKind.GENERAL_BRANCH)
    months = (end.year - start.year) * 12 + end.month - start.month + 1

    picked = rng.sample(branches, max(1, round(len(branches) * _CARELESS_BRANCHES)) + 1)
    picked += rng.sample(generals, round(len(generals) * _CARELESS_GENERAL_BRANCHES))
    stopping, careless = picked[0], picked[1:]
    stop_on = add_months(start.replace(day=1), rng.randint(months // 4, months // 2))

    observable = _term_ending_between(
        [*generals, *branches], start + timedelta(days=90), end - timedelta(days=180)
    )
    overdue, extended = rng.sample([o for o in observable if o not in picked], 2)

    officers = {
        p for org in university.organizations.values() for p in org.holders(tuple(org.officers))
    }
    ordinary = sorted(m for m in university.members if m not in officers)
    stoppers = rng.sample(ordinary, max(1, round(len(university.members) * _DUES_STOPPERS)) + 1)
    lost = stoppers.pop()
    return Habits(
        careless={
            org.id: Carelessness(rng.uniform(0.15, 0.3), rng.uniform(0.2, 0.4)) for org in careless
        },
        stopped={stopping.id: stop_on},
        overdue_election=overdue.id,
        extended_election=extended.id,
        dues_gaps={
            member: DuesGap(
                add_months(start.replace(day=1), rng.randint(1, max(1, months - 10))),
                rng.randint(6, 9),
            )
            for member in stoppers
        },
        lost_contact={lost: start + timedelta(days=rng.randint(60, 300))},
        inspection_on=add_months(start, min(months - 6, 15)) + timedelta(days=rng.randint(0, 20)),
    )
