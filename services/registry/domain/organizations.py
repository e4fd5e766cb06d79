"""The organization registry (组织登记): organizations, office holders and members.

A projection of accepted structure and membership facts. Models are frozen;
the fold :func:`apply_fact` returns the replaced entries, so that the caller
can track what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import singledispatch

from pydantic import BaseModel, ConfigDict

from contracts.events import members as m
from contracts.events import structure as s
from contracts.events.base import Payload
from contracts.events.enums import BranchCategory, MembershipEnd, Office, OrganizationKind


class Tenure(BaseModel):
    """One person's time in one office (任职经历); ``until`` is None while in office."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    person_name: str
    office: Office
    since: date
    until: date | None = None

    def overlaps(self, start: date, end: date) -> bool:
        """Whether the tenure covers any day of ``[start, end]``."""
        return self.since <= end and (self.until is None or self.until >= start)


class Organization(BaseModel):
    """A Party organization (党组织) as the registry knows it."""

    model_config = ConfigDict(frozen=True)

    organization_id: str
    name: str
    kind: OrganizationKind
    category: BranchCategory | None = None
    parent_id: str | None = None
    #: The parents it was moved away from (原上级党组织), oldest first: the cases a former
    #: parent opened about it while answering for it stay that parent's.
    former_parent_ids: tuple[str, ...] = ()
    established_on: date
    dissolved_on: date | None = None
    term_ends_on: date | None = None
    term_extended_until: date | None = None
    tenures: tuple[Tenure, ...] = ()

    def dissolved_by(self, day: date) -> bool:
        """Whether the organization no longer existed on ``day`` (已撤销): it still exists on
        the day it is dissolved (its last meeting, a visit that day), as a member is on
        the roll and an office holder in office on the day they leave."""
        return self.dissolved_on is not None and day > self.dissolved_on

    def office_holders(self) -> list[Tenure]:
        """The current office holders (现任)."""
        return [t for t in self.tenures if t.until is None]

    def held(self, person_id: str, office: Office | None, start: date, end: date) -> bool:
        """Whether ``person_id`` held ``office`` (None: any office) on some day of
        ``[start, end]``."""
        return any(
            t.person_id == person_id
            and (office is None or t.office == office)
            and t.overlaps(start, end)
            for t in self.tenures
        )


class MemberStatus(StrEnum):
    """Where a member stands (党员状态)."""

    PROBATIONARY = "probationary"  # 预备党员
    FULL = "full"  # 正式党员
    AWAY = "away"  # 外出流动
    LOST_CONTACT = "lost_contact"  # 失联
    SUSPENDED = "suspended"  # 停止党籍
    TRANSFERRED_OUT = "transferred_out"  # 组织关系已转出
    ENDED = "ended"  # 党员减少: 去世、出党


#: The facts that move a member's record (党员档案): the member's state is the result of
#: their order, and they are keyed by the branch, so one member's are on several partitions.
MEMBER_STEPS: tuple[type[Payload], ...] = (
    m.MemberAdmittedAsProbationary,
    m.MemberConfirmed,
    m.MemberTransferredIn,
    m.MemberTransferredOut,
    m.MemberWentAway,
    m.MemberReturned,
    m.MemberLostContact,
    m.MemberContactRestored,
    m.MembershipSuspended,
    m.MembershipRestored,
    m.MembershipEnded,
)


#: The facts by which a member joins a branch's roll (接收预备党员、转入、恢复党籍), and
#: those by which the member leaves it for another organization (转出) or for good (去世、出党).
JOINING = frozenset(
    t.__name__
    for t in (m.MemberAdmittedAsProbationary, m.MemberTransferredIn, m.MembershipRestored)
)
LEAVING = frozenset(t.__name__ for t in (m.MemberTransferredOut, m.MembershipEnded))
ENDING = m.MembershipEnded.__name__


class MemberStep(BaseModel):
    """One fact in a member's history (党员档案记录)."""

    model_config = ConfigDict(frozen=True)

    event: str
    organization_id: str
    on: date


class Member(BaseModel):
    """A Party member (党员) and the history the registry has seen."""

    model_config = ConfigDict(frozen=True)

    member_id: str
    name: str | None = None
    organization_id: str | None = None
    status: MemberStatus
    history: tuple[MemberStep, ...] = ()
    #: Admitted as probationary and not yet confirmed (预备党员), wherever the member is:
    #: away, transferred out and back in, it stays until confirmed.
    probationary: bool = False
    #: How the membership ended (党员减少类别), if it did.
    ended_as: MembershipEnd | None = None

    def _spans(self) -> list[tuple[str, date, date | None]]:
        """The member's time on each roll (党员名册): organization, from, until (None: still
        on it). A span runs from joining (:data:`JOINING`) to leaving (转出, 去世、出党) or
        joining another. Steps are taken in the order of their days, as a backfilled
        history may have been recorded in another."""
        spans: list[tuple[str, date, date | None]] = []
        for step in sorted(self.history, key=lambda s: s.on):
            if step.event in JOINING or step.event in LEAVING:
                if spans and spans[-1][2] is None:
                    spans[-1] = (spans[-1][0], spans[-1][1], step.on)
                if step.event in JOINING:
                    spans.append((step.organization_id, step.on, None))
        return spans

    def on_roll(self, organization_id: str, start: date, end: date) -> bool:
        """Whether the member was on ``organization_id``'s roll on some day of
        ``[start, end]`` (the day of leaving included)."""
        return any(
            org == organization_id and since <= end and (until is None or until >= start)
            for org, since, until in self._spans()
        )

    def roll_on(self, day: date) -> str | None:
        """The organization whose roll the member is on, and stays on, after ``day``
        (None: none, or the member leaves it that day)."""
        for org, since, until in self._spans():
            if since <= day and (until is None or until > day):
                return org
        return None

    @property
    def ended_on(self) -> date | None:
        """The day the membership ended (党员减少: 去世、出党), if it did."""
        return next((step.on for step in self.history if step.event == ENDING), None)

    @property
    def standing_probationary(self) -> bool:
        """预备党员 (records written before :attr:`probationary` have the status only)."""
        return self.probationary or self.status is MemberStatus.PROBATIONARY


@dataclass
class Registry:
    """All organizations and members by id (组织与党员登记簿), and the people known to it.

    ``people`` are those who ever held an office or applied to join (任职人员、入党申请人);
    with the members, they are who a fact may name as a person.
    """

    organizations: dict[str, Organization] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)

    def knows_person(self, person_id: str) -> bool:
        """Whether ``person_id`` is a member, an office holder or an applicant (已登记人员)."""
        return person_id in self.members or person_id in self.people


@dataclass(frozen=True)
class Changed:
    """What a fact replaced: at most one organization and one member; a person it made known."""

    organization: Organization | None = None
    member: Member | None = None
    person: str | None = None


def apply_fact(registry: Registry, fact: Payload) -> Changed:
    """Fold an accepted fact into ``registry``; return what it replaced (and a person only
    when new to it: the set of people grows by chunks that must not repeat an element)."""
    changed = _fold(fact, registry)
    if changed.person in registry.people:
        changed = replace(changed, person=None)
    if changed.organization is not None:
        registry.organizations[changed.organization.organization_id] = changed.organization
    if changed.member is not None:
        registry.members[changed.member.member_id] = changed.member
    if changed.person is not None:
        registry.people.add(changed.person)
    return changed


@singledispatch
def _fold(fact: Payload, registry: Registry) -> Changed:
    """Facts that do not change the registry."""
    return Changed()


@_fold.register
def _(fact: s.OrganizationEstablished, registry: Registry) -> Changed:
    org = Organization(
        organization_id=fact.organization_id,
        name=fact.name,
        kind=fact.kind,
        category=fact.category,
        parent_id=fact.parent_id,
        established_on=fact.established_on,
        term_ends_on=fact.term_ends_on,
    )
    return Changed(organization=org)


def _update(registry: Registry, organization_id: str, **changes: object) -> Changed:
    org = registry.organizations[organization_id]
    return Changed(organization=org.model_copy(update=changes))


@_fold.register
def _(fact: s.OrganizationRenamed, registry: Registry) -> Changed:
    return _update(registry, fact.organization_id, name=fact.name)


@_fold.register
def _(fact: s.OrganizationReparented, registry: Registry) -> Changed:
    org = registry.organizations[fact.organization_id]
    former = org.former_parent_ids
    if org.parent_id is not None and org.parent_id not in former:
        former = (*former, org.parent_id)
    return _update(
        registry, fact.organization_id, parent_id=fact.parent_id, former_parent_ids=former
    )


@_fold.register
def _(fact: s.OrganizationDissolved, registry: Registry) -> Changed:
    return _update(registry, fact.organization_id, dissolved_on=fact.dissolved_on)


@_fold.register
def _(fact: s.ElectionHeld, registry: Registry) -> Changed:
    return _update(
        registry, fact.organization_id, term_ends_on=fact.term_ends_on, term_extended_until=None
    )


@_fold.register
def _(fact: s.TermExtensionApproved, registry: Registry) -> Changed:
    return _update(registry, fact.organization_id, term_extended_until=fact.extended_until)


@_fold.register
def _(fact: s.OfficeHolderAppointed, registry: Registry) -> Changed:
    org = registry.organizations[fact.organization_id]
    tenure = Tenure(
        person_id=fact.person_id,
        person_name=fact.person_name,
        office=fact.office,
        since=fact.appointed_on,
        until=fact.left_on,
    )
    updated = _update(registry, fact.organization_id, tenures=(*org.tenures, tenure))
    return Changed(organization=updated.organization, person=fact.person_id)


@_fold.register
def _(fact: m.AdmissionApplicationReceived, registry: Registry) -> Changed:
    return Changed(person=fact.person_id)


@_fold.register
def _(fact: s.OfficeHolderLeftOffice, registry: Registry) -> Changed:
    org = registry.organizations[fact.organization_id]
    # Only a term begun by the day of leaving ends: a later one of the same person stands.
    tenures = tuple(
        t.model_copy(update={"until": fact.left_on})
        if t.until is None
        and (t.person_id, t.office) == (fact.person_id, fact.office)
        and t.since <= fact.left_on
        else t
        for t in org.tenures
    )
    return _update(registry, fact.organization_id, tenures=tenures)


def _step(
    registry: Registry,
    fact: m.MemberAdmittedAsProbationary
    | m.MemberConfirmed
    | m.MemberTransferredIn
    | m.MemberTransferredOut
    | m.MemberWentAway
    | m.MemberReturned
    | m.MemberLostContact
    | m.MemberContactRestored
    | m.MembershipSuspended
    | m.MembershipRestored
    | m.MembershipEnded,
    on: date,
    status: MemberStatus,
    name: str | None = None,
    probationary: bool | None = None,
    ended_as: MembershipEnd | None = None,
) -> Changed:
    """The member after ``fact``: ``status`` (a full member's, shown as probationary while
    the member is one), the standing ``probationary`` sets (None: as it was), how the
    membership ended (``ended_as``, an end only). A step dated before one already
    recorded (补录) joins the history and may change the standing, but not where the
    member is now nor their status there: the latest day says that."""
    known = registry.members.get(fact.member_id)
    step = MemberStep(event=type(fact).__name__, organization_id=fact.organization_id, on=on)
    if probationary is None:
        probationary = known is not None and known.standing_probationary
    gone = status in (MemberStatus.TRANSFERRED_OUT, MemberStatus.ENDED)
    organization_id = None if gone else fact.organization_id
    if known is not None and any(earlier.on > on for earlier in known.history):
        organization_id, status = known.organization_id, known.status
    if status is MemberStatus.PROBATIONARY and not probationary:
        status = MemberStatus.FULL
    if status is MemberStatus.FULL and probationary:
        status = MemberStatus.PROBATIONARY
    member = Member(
        member_id=fact.member_id,
        name=name or (known.name if known else None),
        organization_id=organization_id,
        status=status,
        history=(*(known.history if known else ()), step),
        probationary=probationary,
        ended_as=ended_as or (known.ended_as if known else None),
    )
    return Changed(member=member)


@_fold.register
def _(fact: m.MemberAdmittedAsProbationary, registry: Registry) -> Changed:
    on, name = fact.admitted_on, fact.member_name
    return _step(registry, fact, on, MemberStatus.FULL, name, probationary=True)


@_fold.register
def _(fact: m.MemberConfirmed, registry: Registry) -> Changed:
    # 转正 changes the standing, not where the member is: one away or out of contact
    # stays so.
    known = registry.members.get(fact.member_id)
    status = known.status if known is not None else MemberStatus.FULL
    return _step(registry, fact, fact.confirmed_on, status, probationary=False)


@_fold.register
def _(fact: m.MemberTransferredIn, registry: Registry) -> Changed:
    # The letter's word on the standing, else as the registry knew the member (the rules
    # refuse a known probationary member's transfer that does not say).
    on, name = fact.transferred_on, fact.member_name
    return _step(registry, fact, on, MemberStatus.FULL, name, probationary=fact.probationary)


@_fold.register
def _(fact: m.MemberTransferredOut, registry: Registry) -> Changed:
    return _step(registry, fact, fact.transferred_on, MemberStatus.TRANSFERRED_OUT)


@_fold.register
def _(fact: m.MemberWentAway, registry: Registry) -> Changed:
    return _step(registry, fact, fact.since, MemberStatus.AWAY)


@_fold.register
def _(fact: m.MemberReturned, registry: Registry) -> Changed:
    return _step(registry, fact, fact.returned_on, MemberStatus.FULL)


@_fold.register
def _(fact: m.MemberLostContact, registry: Registry) -> Changed:
    return _step(registry, fact, fact.since, MemberStatus.LOST_CONTACT)


@_fold.register
def _(fact: m.MemberContactRestored, registry: Registry) -> Changed:
    return _step(registry, fact, fact.restored_on, MemberStatus.FULL)


@_fold.register
def _(fact: m.MembershipSuspended, registry: Registry) -> Changed:
    return _step(registry, fact, fact.suspended_on, MemberStatus.SUSPENDED)


@_fold.register
def _(fact: m.MembershipRestored, registry: Registry) -> Changed:
    # The decision's word on the standing, else as the registry knew the member (the
    # rules refuse a known probationary member's restoration that does not say).
    on = fact.restored_on
    return _step(registry, fact, on, MemberStatus.FULL, probationary=fact.probationary)


@_fold.register
def _(fact: m.MembershipEnded, registry: Registry) -> Changed:
    return _step(registry, fact, fact.ended_on, MemberStatus.ENDED, ended_as=fact.end)
