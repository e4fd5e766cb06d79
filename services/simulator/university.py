"""The simulated university (模拟高校): its Party organizations, members and office holders.

One committee (党委) leads general branches (党总支): one per college (学院),
plus 机关, 直属单位 and 离退休 general branches. Each college has faculty
(教工) and student (学生) branches (党支部); big branches are split into
party groups (党小组). A branch with 7 or more full members has a committee
(支委会) of 3 or 5, otherwise a secretary only (《支部工作条例》). Everything is
drawn from ``random.Random`` seeded by the caller's seed: no global random,
no wall clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from contracts.catalog import CATALOGS
from contracts.events.enums import BranchCategory, Office, OrganizationKind

COMMITTEE_ID = "pc-univ"
#: The higher committee the university committee reports to (上级党委).
HIGHER_COMMITTEE_ID = "ext-municipal-education-committee"
HIGHER_COMMITTEE_NAME = "中共上海市教育卫生工作委员会"

_COLLEGES = (
    ("edu", "教育学院"),
    ("econ", "经济管理学院"),
    ("law", "法学院"),
    ("lang", "外国语学院"),
    ("sci", "理工学院"),
    ("art", "艺术学院"),
    ("marx", "马克思主义学院"),
    ("info", "信息与智能工程学院"),
    ("pub", "公共管理学院"),
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红国婷雪慧晨宇浩然欣怡子涵思远嘉俊晓峰"
)

#: Members per branch, by category (党员人数区间): a branch has at most 50 members.
_BRANCH_SIZES: dict[BranchCategory, tuple[int, int]] = {
    BranchCategory.FACULTY: (18, 42),
    BranchCategory.STUDENT: (20, 48),
    BranchCategory.ADMINISTRATION: (4, 30),
    BranchCategory.INSTITUTION: (12, 36),
    BranchCategory.RETIRED: (28, 50),
}
#: Monthly dues in yuan, by category (党费标准区间).
_DUES: dict[BranchCategory, tuple[int, int]] = {
    BranchCategory.FACULTY: (3000, 15000),
    BranchCategory.STUDENT: (20, 20),
    BranchCategory.ADMINISTRATION: (2000, 10000),
    BranchCategory.INSTITUTION: (1500, 8000),
    BranchCategory.RETIRED: (500, 4000),
}
#: Offices of the committee and of each general branch, with their number of holders.
_LEADERSHIP: dict[OrganizationKind, tuple[tuple[Office, int], ...]] = {
    OrganizationKind.PARTY_COMMITTEE: (
        (Office.SECRETARY, 1),
        (Office.DEPUTY_SECRETARY, 2),
        (Office.COMMITTEE_MEMBER, 6),
        (Office.ORGANIZATION_DEPARTMENT_HEAD, 1),
        (Office.PARTY_DEPARTMENT_HEAD, 2),
        (Office.SUPERVISOR, 2),
    ),
    OrganizationKind.GENERAL_BRANCH: (
        (Office.SECRETARY, 1),
        (Office.DEPUTY_SECRETARY, 1),
        (Office.COMMITTEE_MEMBER, 3),
        (Office.ORGANIZER, 1),
    ),
}
#: Offices held concurrently by the first holder of another (兼任): a general branch's
#: supervisor is one of its committee members (seed 四: 在党总支层面设立督导员制度).
_CONCURRENT: dict[OrganizationKind, tuple[tuple[Office, Office], ...]] = {
    OrganizationKind.GENERAL_BRANCH: ((Office.SUPERVISOR, Office.COMMITTEE_MEMBER),),
}
_COMMITTEE_THRESHOLD = 7  # full members needed for a branch committee (支委会)
_GROUPS_FROM = 42  # members from which a branch is split into party groups
_GROUPS_PER_BRANCH = 3
_PROBATIONARY_SHARE = {BranchCategory.STUDENT: 0.12}


@dataclass(frozen=True)
class Size:
    """How big the university is (规模): colleges and branches per kind."""

    colleges: int = 9
    faculty_branches: int = 3  # per college
    student_branches: int = 4  # per college
    administration_branches: int = 7
    institution_branches: int = 5
    retired_branches: int = 5

    @classmethod
    def scaled(cls, scale: float) -> Size:
        """The default size with every count multiplied by ``scale`` (at least 1 each)."""
        base = cls()

        def times(count: int) -> int:
            return max(1, round(count * scale))

        return cls(
            colleges=times(base.colleges),
            faculty_branches=base.faculty_branches,
            student_branches=base.student_branches,
            administration_branches=times(base.administration_branches),
            institution_branches=times(base.institution_branches),
            retired_branches=times(base.retired_branches),
        )


@dataclass
class Member:
    """A Party member (党员) of a branch; ``probationary`` until confirmed (预备党员)."""

    id: str
    name: str
    organization_id: str
    dues: Decimal
    joined_on: date
    probationary: bool = False


@dataclass
class Organization:
    """A Party organization (党组织) and its current office holders and members."""

    id: str
    name: str
    kind: OrganizationKind
    category: BranchCategory | None
    parent_id: str | None
    established_on: date
    term_ends_on: date | None
    officers: dict[Office, list[str]] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    def appoint(self, office: Office, people: list[str]) -> None:
        """Make ``people`` the holders of ``office`` (任免); an empty list leaves it vacant."""
        self.officers[office] = people

    def holders(self, offices: tuple[Office, ...]) -> list[str]:
        """Current holders of any of ``offices`` (任职人)."""
        return [person for office in offices for person in self.officers.get(office, [])]

    @property
    def secretary(self) -> str | None:
        """The current secretary (书记), if the office is filled."""
        return next(iter(self.officers.get(Office.SECRETARY, [])), None)

    @property
    def leadership_size(self) -> int:
        """Number of office holders, each once: who attends committee meetings (委员会人数)."""
        return len({person for people in self.officers.values() for person in people})


@dataclass
class University:
    """The whole model: organizations in establishment order, members, people, contact points."""

    name: str
    organizations: dict[str, Organization]
    members: dict[str, Member]
    people: dict[str, str]  # person id → name (姓名)
    contact_points: dict[str, str]  # committee member → branch (基层联系点)

    @property
    def committee(self) -> Organization:
        """The university Party committee (党委)."""
        return self.organizations[COMMITTEE_ID]

    def of_kind(self, kind: OrganizationKind) -> list[Organization]:
        """Organizations of ``kind``, in establishment order."""
        return [org for org in self.organizations.values() if org.kind is kind]

    @property
    def branches(self) -> list[Organization]:
        """The branches (党支部)."""
        return self.of_kind(OrganizationKind.BRANCH)

    def name_of(self, person_id: str) -> str:
        """The name of an office holder or member (姓名)."""
        member = self.members.get(person_id)
        return member.name if member else self.people[person_id]

    def sent_by(self, org: Organization) -> str:
        """Whom ``org`` sends to talk (派人谈话): its secretary; while the office is vacant
        another of its office holders, else whom its parent sends."""
        holders = org.holders((Office.SECRETARY, *Office))
        if holders:
            return holders[0]
        assert org.parent_id is not None, f"{org.id} has no office holder and no parent"
        return self.sent_by(self.organizations[org.parent_id])

    def groups_of(self, branch: Organization) -> list[Organization]:
        """The party groups (党小组) of ``branch``."""
        return [self.organizations[c] for c in branch.children]

    def subtree_members(self, org: Organization) -> list[str]:
        """Members of ``org`` and of every organization below it."""
        below = [
            m for child in org.children for m in self.subtree_members(self.organizations[child])
        ]
        return below if org.kind is not OrganizationKind.BRANCH else list(org.members)

    def join(self, member: Member) -> None:
        """Add ``member`` to its branch and to the branch's smallest party group (入支部)."""
        self.members[member.id] = member
        branch = self.organizations[member.organization_id]
        branch.members.append(member.id)
        groups = self.groups_of(branch)
        if groups:
            min(groups, key=lambda g: len(g.members)).members.append(member.id)

    def leave(self, member_id: str) -> None:
        """Remove a member from its branch and party group (转出/停止党籍)."""
        branch = self.organizations[self.members[member_id].organization_id]
        for org in (branch, *self.groups_of(branch)):
            if member_id in org.members:
                org.members.remove(member_id)


def term_years(kind: OrganizationKind, on: date) -> int:
    """Term length of ``kind`` under the catalog in force on ``on`` (the first before it)."""
    current = [c for c in CATALOGS if c.effective_from <= on] or [CATALOGS[0]]
    return current[-1].settings.term_years[kind]


def random_name(rng: random.Random) -> str:
    """A Chinese personal name: a surname and one or two given characters (姓名)."""
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(_SURNAMES) + given


class _Builder:
    """Draws the university from one seeded random generator."""

    def __init__(self, seed: int, start: date) -> None:
        self.rng = random.Random(f"{seed}:university")
        self.start = start
        self.orgs: dict[str, Organization] = {}
        self.members: dict[str, Member] = {}
        self.people: dict[str, str] = {}

    def person(self) -> str:
        person_id = f"p-{len(self.people) + 1:05d}"
        self.people[person_id] = random_name(self.rng)
        return person_id

    def organization(
        self,
        org_id: str,
        name: str,
        kind: OrganizationKind,
        parent: Organization | None,
        category: BranchCategory | None = None,
    ) -> Organization:
        years = None if kind is OrganizationKind.PARTY_GROUP else term_years(kind, self.start)
        established = self.start - timedelta(days=self.rng.randint(400, 3000))
        term_end = (
            None if years is None else self.start + timedelta(self.rng.randint(45, 365 * years))
        )
        org = Organization(
            org_id, name, kind, category, parent.id if parent else None, established, term_end
        )
        self.orgs[org_id] = org
        if parent is not None:
            parent.children.append(org_id)
        for office, count in _LEADERSHIP.get(kind, ()):
            org.officers[office] = [self.person() for _ in range(count)]
        for office, held_by in _CONCURRENT.get(kind, ()):
            org.officers[office] = org.officers[held_by][:1]
        return org

    def branch(self, parent: Organization, code: str, label: str, cat: BranchCategory) -> None:
        number = sum(1 for c in parent.children if self.orgs[c].category is cat) + 1
        branch = self.organization(
            f"br-{code}-{cat.value}-{number}",
            f"{parent.name.removesuffix('党总支')}{label}第{number}党支部",
            OrganizationKind.BRANCH,
            parent,
            cat,
        )
        low, high = _BRANCH_SIZES[cat]
        for _ in range(self.rng.randint(low, high)):
            self.member(branch, cat)
        self.branch_officers(branch)
        if len(branch.members) >= _GROUPS_FROM:
            self.groups(branch)

    def member(self, branch: Organization, cat: BranchCategory) -> None:
        member_id = f"m-{len(self.members) + 1:06d}"
        low, high = _DUES[cat]
        probationary = self.rng.random() < _PROBATIONARY_SHARE.get(cat, 0.0)
        joined = self.start - timedelta(
            days=self.rng.randint(30, 330) if probationary else self.rng.randint(400, 9000)
        )
        self.members[member_id] = Member(
            member_id,
            random_name(self.rng),
            branch.id,
            Decimal(self.rng.randint(low, high)) / 100,
            max(joined, branch.established_on),
            probationary,
        )
        branch.members.append(member_id)

    def branch_officers(self, branch: Organization) -> None:
        full = [m for m in branch.members if not self.members[m].probationary]
        size = 1 if len(full) < _COMMITTEE_THRESHOLD else (5 if len(full) >= 30 else 3)
        chosen = self.rng.sample(full, size)
        deputies = 1 if size == 5 else 0
        branch.officers[Office.SECRETARY] = chosen[:1]
        if deputies:
            branch.officers[Office.DEPUTY_SECRETARY] = chosen[1 : 1 + deputies]
        if size > 1:
            branch.officers[Office.COMMITTEE_MEMBER] = chosen[1 + deputies :]

    def groups(self, branch: Organization) -> None:
        for index in range(_GROUPS_PER_BRANCH):
            group = self.organization(
                f"{branch.id}-g{index + 1}",
                f"{branch.name}第{index + 1}党小组",
                OrganizationKind.PARTY_GROUP,
                branch,
            )
            group.members = branch.members[index::_GROUPS_PER_BRANCH]
            group.officers[Office.GROUP_LEADER] = [group.members[-1]]


def build_university(
    seed: int, start: date, size: Size | float = 1.0, name: str = "示范大学"
) -> University:
    """The university as it stands on ``start`` (all terms end after ``start``)."""
    size = size if isinstance(size, Size) else Size.scaled(size)
    builder = _Builder(seed, start)
    committee = builder.organization(
        COMMITTEE_ID, f"中共{name}委员会", OrganizationKind.PARTY_COMMITTEE, None
    )
    units: list[tuple[str, str, tuple[tuple[BranchCategory, int, str], ...]]] = []
    for index in range(size.colleges):
        code, college = _COLLEGES[index % len(_COLLEGES)]
        cycle = index // len(_COLLEGES)
        suffix = f"{cycle + 1}" if cycle else ""
        units.append(
            (
                f"{code}{suffix}",
                f"{college}{f'第{cycle + 1}分院' if cycle else ''}",
                (
                    (BranchCategory.FACULTY, size.faculty_branches, "教工"),
                    (BranchCategory.STUDENT, size.student_branches, "学生"),
                ),
            )
        )
    units += [
        ("adm", "机关", ((BranchCategory.ADMINISTRATION, size.administration_branches, ""),)),
        ("inst", "直属单位", ((BranchCategory.INSTITUTION, size.institution_branches, ""),)),
        ("ret", "离退休", ((BranchCategory.RETIRED, size.retired_branches, ""),)),
    ]
    for code, unit_name, kinds in units:
        general = builder.organization(
            f"gb-{code}", f"{unit_name}党总支", OrganizationKind.GENERAL_BRANCH, committee
        )
        for category, count, label in kinds:
            for _ in range(count):
                builder.branch(general, code, label, category)
    branches = [o.id for o in builder.orgs.values() if o.kind is OrganizationKind.BRANCH]
    contact_points = {
        person: builder.rng.choice(branches)
        for person in committee.holders(
            (Office.SECRETARY, Office.DEPUTY_SECRETARY, Office.COMMITTEE_MEMBER)
        )
    }
    return University(name, builder.orgs, builder.members, builder.people, contact_points)
