"""Membership and office changes over time (党员队伍与班子变动).

Each month runs the happenings its table lists: graduates transfer out in
June (毕业转出), new students and staff transfer in in September (新生转入),
applications to join the Party arrive in March and October and go through the
admission steps (入党申请 → 谈话 → 积极分子 → 发展对象 → 培训 → 接收预备党员 →
转正, or for one in twenty 取消预备党员资格 during the probation), and in January the
year's deaths in the retired members' branches are drawn
(党员去世, each recorded by the organization department up to a month later) before the
personnel office plans the year's secretary changes (书记调整), which pass over the
members who die. One-off facts are planned at the start: confirmations of the
initial probationary members, the lost-contact member (失联 → 停止党籍), the
elections and the inspection (督导检查 → 整改).

Facts are produced as soon as they are decided, even when they happen later;
changes to rosters and offices take effect at the end of their month. A
confirmation is produced in its own month, by the member's branch, and not at
all if the member has left the roll by then (the receiving organization
confirms).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from contracts.events.activities import TalkHeld, TrainingCompleted
from contracts.events.base import Payload
from contracts.events.enums import (
    BranchCategory,
    MembershipEnd,
    Office,
    SuspensionGround,
    TalkKind,
    TrainingKind,
)
from contracts.events.members import (
    ActivistDesignated,
    AdmissionApplicationReceived,
    CandidateDesignated,
    MemberAdmittedAsProbationary,
    MemberConfirmed,
    MemberLostContact,
    MembershipEnded,
    MembershipSuspended,
    MemberTransferredIn,
    MemberTransferredOut,
)
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.simulator.campus import Campus
from services.simulator.facts import Fact
from services.simulator.inspection import inspection_facts
from services.simulator.periods import add_months, month_end
from services.simulator.structure import election_facts
from services.simulator.university import Member, Organization, random_name

_GRADUATING_SHARE = 0.25
#: Share of branches changing secretary each year: chosen so that the folds meet many
#: handovers (who answers across one), not calibrated.
_SECRETARY_CHANGES = 0.15
_DEATHS = 0.04  # share of a retired branch's ordinary members dying each year
_DEATH_RECORDED_WITHIN = 30  # days until the organization department records a death
_DISQUALIFIED = 0.05  # share of probationary members disqualified (取消预备党员资格)
_DESTINATIONS = ("上海某国有企业党委", "某区教育局机关党委", "某高校研究生党支部", "某街道社区党委")
_ORIGINS = ("某中学党总支", "某高校本科生党支部", "某区教育局机关党委", "某科研院所党委")


@dataclass(frozen=True)
class _Step:
    """One admission step: its event, system, days after the previous one, share who get there."""

    model: type[Payload]
    source: str
    date_field: str
    days: tuple[int, int]
    share: float
    #: The event's fields from whom the branch sends (派人), the applicant and his name.
    fields: Callable[[str, str, str], dict[str, Any]]


def _person(sent: str, person: str, name: str) -> dict[str, Any]:
    return {"person_id": person}


#: The admission steps after the application (发展党员程序), in order.
_ADMISSION_STEPS = (
    _Step(
        TalkHeld,
        "oa-meetings",
        "held_on",
        (5, 25),
        1.0,
        lambda sent, person, _: {
            "kind": TalkKind.APPLICANT_TALK,
            "person_id": sent,
            "counterpart_id": person,
        },
    ),
    _Step(ActivistDesignated, "org-dept", "designated_on", (60, 90), 0.6, _person),
    _Step(CandidateDesignated, "org-dept", "designated_on", (370, 400), 0.6, _person),
    _Step(
        TrainingCompleted,
        "party-school",
        "completed_on",
        (20, 60),
        1.0,
        lambda sent, person, name: (
            _person(sent, person, name)
            | {"kind": TrainingKind.CANDIDATE_TRAINING, "hours": Decimal(24)}
        ),
    ),
    _Step(
        MemberAdmittedAsProbationary,
        "org-dept",
        "admitted_on",
        (15, 45),
        1.0,
        lambda _, person, name: {"member_id": person, "member_name": name},
    ),
)


class Life:
    """The happenings of one run (see the module docstring)."""

    def __init__(self, campus: Campus, seed: int, end: date) -> None:
        self.campus = campus
        self.seed = seed
        self.end = end
        self.changes: dict[date, list[Callable[[], None]]] = defaultdict(list)
        #: Confirmations due, by their month's first day: branch, member, day.
        self.confirmations: dict[date, list[tuple[str, str, date]]] = defaultdict(list)
        #: The day each member leaves the roll for good (毕业转出, 去世, 取消预备党员资格).
        self.left: dict[str, date] = {}
        self.facts: list[Fact] = []

    # ── helpers ──────────────────────────────────────────────────────────
    def record(self, on: date, source: str, model: type[Payload], **fields: Any) -> None:
        """Produce a fact recorded on the day it happens."""
        self.facts.append(Fact(on, source, model, fields))

    def later(self, on: date, change: Callable[[], None]) -> None:
        """Apply ``change`` at the end of ``on``'s month."""
        self.changes[on.replace(day=1)].append(change)

    def branches(self, *categories: BranchCategory) -> list[Organization]:
        """The branches of ``categories`` (按类别的支部)."""
        return [b for b in self.campus.university.branches if b.category in categories]

    def ordinary(self, branch: Organization) -> list[str]:
        """Members holding no office, without a special habit and not leaving the roll."""
        busy = set(branch.holders(tuple(branch.officers))) | self.campus.habits.special_members
        for group in self.campus.university.groups_of(branch):
            busy |= set(group.holders(tuple(group.officers)))
        return [m for m in branch.members if m not in busy and m not in self.left]

    def take(self) -> list[Fact]:
        """The facts produced since the last call."""
        facts, self.facts = self.facts, []
        return facts

    # ── the run ──────────────────────────────────────────────────────────
    def plan(self) -> list[Fact]:
        """The one-off facts decided at the start (see the module docstring)."""
        university = self.campus.university
        for member in university.members.values():
            if member.probationary:
                self.confirm(member.organization_id, member.id, member.joined_on)
        for member_id, since in self.campus.habits.lost_contact.items():
            self.lose_contact(university.members[member_id], since)
        habits = self.campus.habits
        return [
            *election_facts(university, habits, self.seed, self.end),
            *inspection_facts(self.campus, habits.inspection_on),
            *self.take(),
        ]

    def month(self, first: date) -> list[Fact]:
        """The facts of the happenings of ``first``'s month."""
        for months, happening in _HAPPENINGS:
            if first.month in months:
                happening(self, first)
        self.confirmed(first)
        return self.take()

    def settle(self, first: date) -> None:
        """Apply the roster and office changes of ``first``'s month."""
        for change in self.changes.pop(first, []):
            change()

    # ── happenings ───────────────────────────────────────────────────────
    def graduation(self, first: date) -> None:
        """A quarter of each student branch graduates and transfers out (毕业转出)."""
        rng = self.campus.rng
        for branch in self.branches(BranchCategory.STUDENT):
            ordinary = self.ordinary(branch)
            for member_id in rng.sample(ordinary, round(len(ordinary) * _GRADUATING_SHARE)):
                on = first.replace(day=rng.randint(20, 30))
                self.record(
                    on,
                    "org-dept",
                    MemberTransferredOut,
                    organization_id=branch.id,
                    member_id=member_id,
                    to_organization=rng.choice(_DESTINATIONS),
                    transferred_on=on,
                )
                self.left[member_id] = on
                self.later(on, partial(self.campus.university.leave, member_id))

    def deaths(self, first: date) -> None:
        """The year's deaths in the retired members' branches (党员去世): each a day of the
        year, recorded up to a month later (补录); off the roll at the end of its month."""
        rng = random.Random(f"{self.seed}:deaths:{first.year}")
        last = min(self.end, first.replace(month=12, day=31))
        for branch in self.branches(BranchCategory.RETIRED):
            for member_id in [m for m in self.ordinary(branch) if rng.random() < _DEATHS]:
                on = first + timedelta(days=rng.randint(0, (last - first).days))
                delay = rng.randint(0, _DEATH_RECORDED_WITHIN)
                self.membership_ended(branch, member_id, on, MembershipEnd.DECEASED, delay)

    def enrolment(self, first: date) -> None:
        """New students and some new staff transfer in (新生、新教工转入)."""
        rng = self.campus.rng
        arrivals = [(b, rng.randint(3, 10)) for b in self.branches(BranchCategory.STUDENT)]
        arrivals += [(b, 1) for b in self.branches(BranchCategory.FACULTY) if rng.random() < 0.3]
        for branch, count in arrivals:
            for _ in range(count):
                on = first.replace(day=rng.randint(5, 25))
                member = self.new_member(branch, self.campus.next_id("m-in"), on, random_name(rng))
                self.record(
                    on,
                    "org-dept",
                    MemberTransferredIn,
                    organization_id=branch.id,
                    member_id=member.id,
                    member_name=member.name,
                    from_organization=rng.choice(_ORIGINS),
                    transferred_on=on,
                )

    def new_member(self, branch: Organization, member_id: str, on: date, name: str) -> Member:
        """A member joining ``branch`` on ``on``, on the roster from the next month."""
        template = self.campus.university.members[branch.members[0]]
        member = Member(member_id, name, branch.id, template.dues, on)
        self.later(on, partial(self.campus.university.join, member))
        return member

    def applications(self, first: date) -> None:
        """Students apply to join the Party (递交入党申请书)."""
        rng = self.campus.rng
        for branch in self.branches(BranchCategory.STUDENT):
            for _ in range(rng.randint(1, 3)):
                self.admission(
                    branch,
                    self.campus.next_id(f"s-{first:%Y%m}"),
                    first.replace(day=rng.randint(1, 20)),
                )

    def admission(self, branch: Organization, person: str, received: date) -> None:
        """One applicant's path through :data:`_ADMISSION_STEPS`, then confirmation or
        disqualification (drawn apart, by the person)."""
        rng = self.campus.rng
        name = random_name(rng)
        self.record(
            received,
            "org-dept",
            AdmissionApplicationReceived,
            organization_id=branch.id,
            person_id=person,
            person_name=name,
            received_on=received,
        )
        on = received
        for step in _ADMISSION_STEPS:
            if rng.random() >= step.share:
                return
            on += timedelta(days=rng.randint(*step.days))
            sent = self.campus.university.sent_by(branch)
            fields = step.fields(sent, person, name) | {step.date_field: on}
            self.record(on, step.source, step.model, organization_id=branch.id, **fields)
        self.new_member(branch, person, on, name).probationary = True
        drawn = random.Random(f"{self.seed}:disqualified:{person}")
        if drawn.random() < _DISQUALIFIED:
            ended = on + timedelta(days=drawn.randint(120, 330))
            self.membership_ended(branch, person, ended, MembershipEnd.DISQUALIFIED)
        else:
            self.confirm(branch.id, person, on)

    def membership_ended(
        self,
        branch: Organization,
        member_id: str,
        on: date,
        end: MembershipEnd,
        delay: int = 0,
    ) -> None:
        """党员减少 on ``on``, recorded ``delay`` days later under an id of its own (the other
        facts keep their numbers); the member is off the roster at the end of its month and
        passed over for anything else meanwhile."""
        fields = {"organization_id": branch.id, "member_id": member_id, "ended_on": on}
        ended = Fact(on, "org-dept", MembershipEnded, fields | {"end": end}, delay,
                     f"org-dept-{end.value}-{member_id}")  # fmt: skip
        self.facts.append(ended)
        self.left[member_id] = self.campus.ended[member_id] = on
        self.later(on, partial(self.campus.university.leave, member_id))

    def confirm(self, branch_id: str, member_id: str, admitted: date) -> None:
        """Confirmation one year after admission (预备党员转正), produced in its month."""
        on = admitted + timedelta(days=365)
        self.confirmations[on.replace(day=1)].append((branch_id, member_id, on))

    def confirmed(self, first: date) -> None:
        """The confirmations of ``first``'s month, of the members still on the branch's roll."""
        for branch_id, member_id, on in self.confirmations.pop(first, []):
            left = self.left.get(member_id)
            if left is not None and left <= on:
                continue
            self.record(
                on,
                "org-dept",
                MemberConfirmed,
                organization_id=branch_id,
                member_id=member_id,
                confirmed_on=on,
            )
            self.later(on, partial(self._no_longer_probationary, member_id))

    def _no_longer_probationary(self, member_id: str) -> None:
        member = self.campus.university.members.get(member_id)
        if member is not None:
            member.probationary = False

    def secretary_changes(self, first: date) -> None:
        """The year's secretary changes, each with a vacancy (书记调整)."""
        rng = self.campus.rng
        branches = self.branches(*BranchCategory)
        for branch in rng.sample(branches, max(1, round(len(branches) * _SECRETARY_CHANGES))):
            old, candidates = branch.secretary, self.ordinary(branch)
            if old is None or not candidates:
                continue
            new = rng.choice(candidates)
            left = self.campus.day_between(first, month_end(add_months(first, 9)))
            appointed = left + timedelta(days=rng.randint(10, 60))
            self.record(
                left,
                "hr",
                OfficeHolderLeftOffice,
                organization_id=branch.id,
                person_id=old,
                office=Office.SECRETARY,
                left_on=left,
            )
            self.record(
                appointed,
                "hr",
                OfficeHolderAppointed,
                organization_id=branch.id,
                person_id=new,
                person_name=self.campus.university.name_of(new),
                office=Office.SECRETARY,
                appointed_on=appointed,
            )
            self.later(left, partial(branch.appoint, Office.SECRETARY, []))
            self.later(appointed, partial(branch.appoint, Office.SECRETARY, [new]))

    # ── one-offs ─────────────────────────────────────────────────────────
    def lose_contact(self, member: Member, since: date) -> None:
        """Lost contact on ``since``, recorded 40 days later, suspended five months after that."""
        noticed = since + timedelta(days=40)
        suspended = noticed + timedelta(days=150)
        branch = member.organization_id
        self.record(
            noticed,
            "org-dept",
            MemberLostContact,
            organization_id=branch,
            member_id=member.id,
            since=since,
        )
        self.record(
            suspended,
            "org-dept",
            MembershipSuspended,
            organization_id=branch,
            member_id=member.id,
            suspended_on=suspended,
            reason="失去联系满六个月，经支部大会讨论停止党籍",
            ground=SuspensionGround.LOST_CONTACT,
        )
        self.later(suspended, partial(self.campus.university.leave, member.id))


#: Which happening runs in which months (1–12).
_HAPPENINGS: tuple[tuple[Iterable[int], Callable[[Life, date], None]], ...] = (
    ((1,), Life.deaths),
    ((1,), Life.secretary_changes),
    ((3, 10), Life.applications),
    ((6,), Life.graduation),
    ((9,), Life.enrolment),
)
