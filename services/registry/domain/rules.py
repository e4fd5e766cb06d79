"""Validation beyond the schema (业务校验), against the organization registry and clock.

Every submitted type names the day its fact happened (``FACT_DATE``); the
organization the fact is about must exist and not be dissolved on that day,
nor the day be before it was established or after the clock (with one day of
tolerance). Some types carry more rules: office holders, dues months and
which meetings each kind of organization holds (``MEETING_KINDS``).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterator, Set
from datetime import date, timedelta

from contracts.catalog import CATALOGS, ChargedTo
from contracts.errors import Issue
from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import oversight as o
from contracts.events import structure as s
from contracts.events.base import OrganizationPayload, Payload
from contracts.events.enums import MeetingKind, MembershipEnd, Office, OrganizationKind
from contracts.events.fact_dates import FACT_DATE
from services.common.ids import finding_case_id
from services.registry.domain.clock import Clock
from services.registry.domain.codes import (
    ACTIVE_CHILDREN,
    BEFORE_ESTABLISHED,
    DUES_ALREADY_PAID,
    DUES_PAID_TOO_FAR,
    EXEMPTION_NOT_APPROVED_ABOVE,
    FINDING_CASE_MISMATCH,
    HOLDS_OFFICE,
    IN_FUTURE,
    INACTIVE_ORGANIZATION,
    KIND_NOT_ALLOWED,
    LATER_TERM,
    MEETING_KIND_NOT_ALLOWED,
    MEMBERS_ON_ROLL,
    MEMBERSHIP_ENDED,
    NOT_A_MEMBER_HERE,
    NOT_ANSWERABLE,
    NOT_OFFICE_HOLDER,
    NOT_PROBATIONARY,
    OFFICE_OCCUPIED,
    ON_ANOTHER_ROLL,
    ORGANIZATION_EXISTS,
    OUTSIDE_THE_UNIVERSITY,
    PARENT_CYCLE,
    STANDING_UNSTATED,
    STEPS_AFTER_THE_END,
    SUBJECT_UNNAMED,
    TERM_UNBOUNDED,
    TOO_DEEP,
    UNKNOWN_MEMBER,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_PERSON,
)
from services.registry.domain.organizations import JOINING, Member, Organization, Registry

K = MeetingKind
#: The meetings each kind of organization holds (各类党组织召开的会议).
MEETING_KINDS: dict[OrganizationKind, frozenset[MeetingKind]] = {
    OrganizationKind.PARTY_COMMITTEE: frozenset(
        {
            K.COMMITTEE_PARTY_BUILDING_SESSION,
            K.COMMITTEE_MEETING,
            K.PARTY_MASS_WORK_MEETING,
            K.LEADING_GROUP_MEETING,
            K.JOINT_PARTY_ADMIN_MEETING,
            K.CENTRAL_GROUP_STUDY,
            K.DEMOCRATIC_LIFE_MEETING,
            K.PARTY_LECTURE,
        }
    ),
    OrganizationKind.GENERAL_BRANCH: frozenset(
        {
            K.GENERAL_BRANCH_MEETING,
            K.DEMOCRATIC_LIFE_MEETING,
            K.JOINT_PARTY_ADMIN_MEETING,
            K.CENTRAL_GROUP_STUDY,
            K.PARTY_MASS_WORK_MEETING,
            K.ORGANIZATIONAL_LIFE_MEETING,
            K.PARTY_LECTURE,
            K.THEME_PARTY_DAY,
        }
    ),
    OrganizationKind.BRANCH: frozenset(
        {
            K.BRANCH_GENERAL_MEETING,
            K.BRANCH_COMMITTEE_MEETING,
            K.JOINT_PARTY_ADMIN_MEETING,  # a 直属党支部 of a unit with its own administration
            K.ORGANIZATIONAL_LIFE_MEETING,
            K.PARTY_LECTURE,
            K.THEME_PARTY_DAY,
        }
    ),
    OrganizationKind.PARTY_GROUP: frozenset(
        {K.PARTY_GROUP_MEETING, K.ORGANIZATIONAL_LIFE_MEETING, K.THEME_PARTY_DAY}
    ),
    OrganizationKind.HIGHER_COMMITTEE: frozenset(),
}

#: The kinds of organization that record these facts (登记主体): the committee checks the
#: responsibility system (实施细则 四); the committee and general branches visit members
#: in difficulty (三、（四）), so they record having some.
RECORDED_BY: dict[type[Payload], frozenset[OrganizationKind]] = {
    a.ResponsibilityCheckConducted: frozenset({OrganizationKind.PARTY_COMMITTEE}),
    a.NeedyMembersRecorded: frozenset(
        {OrganizationKind.PARTY_COMMITTEE, OrganizationKind.GENERAL_BRANCH}
    ),
}

#: The day a fact says something ended by (a past term's 离任日期), which has passed too.
ENDED_BY: dict[type[Payload], str] = {s.OfficeHolderAppointed: "left_on"}

#: Other organizations a fact refers to, which must be registered (被引用的党组织).
REFERENCED: dict[type[Payload], tuple[str, ...]] = {
    s.OrganizationEstablished: ("parent_id",),
    s.OrganizationReparented: ("parent_id",),
    s.TermExtensionApproved: ("approved_by",),
    m.DuesExemptionApproved: ("approved_by",),
    a.ReportHeard: ("reporting_organization_id",),
    a.WorkReportSubmitted: ("submitted_to",),
    o.WorkSummaryFiled: ("submitted_to",),
    a.ResponsibilityLetterSigned: ("counterparty_organization_id",),
    **dict.fromkeys(o.CASE_ACTIONS, ("subject_organization_id",)),
}


#: Members a fact names, who must be registered (被引用的党员); admissions and transfers
#: in introduce a member, so they name none here.
MEMBERS: dict[type[Payload], tuple[str, ...]] = {
    m.MemberConfirmed: ("member_id",),
    m.MemberTransferredOut: ("member_id",),
    m.MemberWentAway: ("member_id",),
    m.MemberReturned: ("member_id",),
    m.MemberLostContact: ("member_id",),
    m.MemberContactRestored: ("member_id",),
    m.MembershipSuspended: ("member_id",),
    m.MembershipRestored: ("member_id",),
    m.MembershipEnded: ("member_id",),
    m.DuesPaid: ("member_id",),
    m.QuarterlyDuesApproved: ("member_id",),
    m.DuesExemptionApproved: ("member_id",),
    m.OrganizationalLifeAttended: ("member_id",),
    a.DualReportRegistered: ("member_id",),
}

#: People a fact names, who must be known (被引用的人员): a member, an office holder or an
#: applicant. Appointments and applications introduce a person, so they name none here.
PERSONS: dict[type[Payload], tuple[str, ...]] = {
    m.ActivistDesignated: ("person_id",),
    m.CandidateDesignated: ("person_id",),
    a.TrainingCompleted: ("person_id",),
    a.TalkHeld: ("person_id", "counterpart_id"),
    a.ContactPointAssigned: ("person_id",),
    a.ContactPointVisited: ("person_id",),
    a.WorkReportEvaluated: ("person_id",),
    o.InterviewConducted: ("person_id",),
}


def dues_key(member_id: str, month: str) -> str:
    """Identifies one member's dues for one month (党费月份)."""
    return f"{member_id}|{month}"


def check(registry: Registry, clock: Clock, dues_paid: Set[str], fact: Payload) -> list[Issue]:
    """Every issue that keeps ``fact`` out of the log (empty: it may be appended)."""
    issues = _dates(registry, clock, fact)
    issues += _references(registry, fact)
    issues += _outside_the_university(registry, fact)
    if not issues:
        issues += [
            found
            for rule in _SPECIFIC.get(type(fact), ())
            if (found := rule(registry, dues_paid, fact))
        ]
    return issues


def _field(name: str) -> str:
    return f"data.{name}"


def _dates(registry: Registry, clock: Clock, fact: Payload) -> list[Issue]:
    name = FACT_DATE.get(type(fact))
    if name is None:
        return []
    day: date = getattr(fact, name)
    latest = clock.latest_allowed()
    ended = ENDED_BY.get(type(fact))
    for field in (name, ended) if ended else (name,):
        value: date | None = getattr(fact, field)
        if latest is None or (value is not None and value > latest):
            detail = f"{value} is after {latest}" if latest else "the clock has not started"
            return [IN_FUTURE.issue(_field(field), detail)]
    if not isinstance(fact, OrganizationPayload):
        return []
    org = registry.organizations.get(fact.organization_id)
    if isinstance(fact, s.OrganizationEstablished):
        return [] if org is None else [ORGANIZATION_EXISTS.issue(_field("organization_id"))]
    if org is None:
        return [UNKNOWN_ORGANIZATION.issue(_field("organization_id"), fact.organization_id)]
    if day < org.established_on:
        return [BEFORE_ESTABLISHED.issue(_field(name), f"established {org.established_on}")]
    if org.dissolved_by(day):
        return [INACTIVE_ORGANIZATION.issue(_field(name), f"dissolved {org.dissolved_on}")]
    return []


def _references(registry: Registry, fact: Payload) -> list[Issue]:
    """Every organization, member and person ``fact`` names that the registry does not know."""
    kinds = (
        (REFERENCED, UNKNOWN_ORGANIZATION, registry.organizations.__contains__),
        (MEMBERS, UNKNOWN_MEMBER, registry.members.__contains__),
        (PERSONS, UNKNOWN_PERSON, registry.knows_person),
    )
    issues = []
    for fields, code, known in kinds:
        for name in fields.get(type(fact), ()):
            referenced: str | None = getattr(fact, name)
            if referenced is not None and not known(referenced):
                issues.append(code.issue(_field(name), referenced))
    return issues


#: What a higher committee (上级党委) may be the subject of: its own registration.
_ABOUT_A_HIGHER_COMMITTEE = (
    s.OrganizationEstablished,
    s.OrganizationRenamed,
    s.OrganizationDissolved,
)


def _outside_the_university(registry: Registry, fact: Payload) -> list[Issue]:
    """A higher committee is only reported to: no other fact is about it, and nothing
    is placed under it (the university's committee stays the root of its tree)."""
    issues = []
    if isinstance(fact, OrganizationPayload) and not isinstance(fact, _ABOUT_A_HIGHER_COMMITTEE):
        issues += _if_higher(registry, "organization_id", fact.organization_id)
    if isinstance(fact, s.OrganizationEstablished | s.OrganizationReparented):
        issues += _if_higher(registry, "parent_id", fact.parent_id)
    return issues


def _if_higher(registry: Registry, name: str, organization_id: str | None) -> list[Issue]:
    org = registry.organizations.get(organization_id or "")
    if org is None or org.kind is not OrganizationKind.HIGHER_COMMITTEE:
        return []
    return [OUTSIDE_THE_UNIVERSITY.issue(_field(name), org.organization_id)]


Rule = Callable[[Registry, Set[str], Payload], Issue | None]


def _meeting_kind(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    assert isinstance(fact, a.MeetingHeld)
    kind = registry.organizations[fact.organization_id].kind
    if fact.kind in MEETING_KINDS[kind]:
        return None
    return MEETING_KIND_NOT_ALLOWED.issue(_field("kind"), f"a {kind} does not hold {fact.kind}")


def _recorder_kind(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    assert isinstance(fact, OrganizationPayload)
    kind = registry.organizations[fact.organization_id].kind
    if kind in RECORDED_BY[type(fact)]:
        return None
    return KIND_NOT_ALLOWED.issue(_field("organization_id"), f"a {kind} does not record it")


def _dues_once(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    assert isinstance(fact, m.DuesPaid)
    if dues_key(fact.member_id, fact.month) not in dues_paid:
        return None
    return DUES_ALREADY_PAID.issue(_field("month"), f"{fact.member_id} {fact.month}")


def _reporter_held_office(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    assert isinstance(fact, a.WorkReportSubmitted)
    org = registry.organizations[fact.organization_id]
    if org.held(fact.person_id, fact.office, date(fact.year, 1, 1), fact.submitted_on):
        return None
    return NOT_OFFICE_HOLDER.issue(_field("person_id"), f"{fact.person_id} as {fact.office}")


def _evaluated_held_office(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """述职评议考核: the grade is a judgement of one person, who held an office in the
    organization in the year evaluated (by the day of the evaluation); given to anyone
    else, it would stand against someone who never answered for the unit."""
    assert isinstance(fact, a.WorkReportEvaluated)
    org = registry.organizations[fact.organization_id]
    end = min(date(fact.year, 12, 31), fact.evaluated_on)
    if org.held(fact.person_id, None, date(fact.year, 1, 1), end):
        return None
    detail = f"{fact.person_id} held no office in {fact.organization_id} in {fact.year}"
    return NOT_OFFICE_HOLDER.issue(_field("person_id"), detail)


def _leaver_holds_office(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """离任: the person holds the office, since the day of leaving or before (a leaving
    dated before the appointment would make a term that ends before it begins)."""
    assert isinstance(fact, s.OfficeHolderLeftOffice)
    holders = registry.organizations[fact.organization_id].office_holders()
    held = [t for t in holders if t.person_id == fact.person_id and t.office == fact.office]
    if any(t.since <= fact.left_on for t in held):
        return None
    detail = f"{fact.person_id} as {fact.office}"
    if held:
        detail += f" since {held[0].since}, after {fact.left_on}"
    return NOT_OFFICE_HOLDER.issue(_field("left_on" if held else "person_id"), detail)


#: Offices one person holds at a time in an organization (书记、组织部长、党小组长).
ONE_HOLDER = frozenset({Office.SECRETARY, Office.ORGANIZATION_DEPARTMENT_HEAD, Office.GROUP_LEADER})


def _office_free(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """任职: nobody holds the office during the term who would then hold it alongside:
    the person themself, or anyone for an office one person holds. A successor appointed
    before the predecessor's leaving is recorded would make two secretaries, and every
    measure would name the one who left for what the other owed. The term is its first
    day, or, for a past term entered with its end (补录, ``left_on``), every day until
    then: a former holder may be recorded after a later one, so that a unit's past terms
    can be entered (:func:`_earlier_term`)."""
    assert isinstance(fact, s.OfficeHolderAppointed)
    on, office = fact.appointed_on, fact.office
    end = max(fact.left_on or on, on + timedelta(days=1))  # the term covers [on, end)
    holding = [
        t
        for t in registry.organizations[fact.organization_id].tenures
        if t.office == office
        and (t.person_id == fact.person_id or office in ONE_HOLDER)
        and t.since < end
        and (t.until is None or t.until > on)
    ]
    if not holding:
        return None
    held = ", ".join(f"{t.person_id} since {t.since}" for t in holding)
    return OFFICE_OCCUPIED.issue(_field("office"), f"{office} of {fact.organization_id}: {held}")


def _earlier_term(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """补录任期: a term before a later one recorded for the office. The services
    downstream keep who holds an office, not since when.

    An earlier term of a person who holds the same office now is refused: its leaving
    would end the term held now (the person off every open case, the office vacant),
    and its appointment alone would name them on cases of the years between. For an
    office one person holds, a term before another holder's must say when it ended
    (``left_on``): entered alone, its person would be a second current holder, named on
    today's reminders and cases, until the leaving arrived. Past terms of others are
    entered so (or, of an office several hold, as an appointment and then its leaving)."""
    assert isinstance(fact, s.OfficeHolderAppointed)
    on, office = fact.appointed_on, fact.office
    later = [
        t
        for t in registry.organizations[fact.organization_id].tenures
        if t.office == office and t.since > on
    ]
    for t in later:
        if t.person_id == fact.person_id and t.until is None:
            detail = f"{fact.person_id} holds {office} since {t.since}"
            return LATER_TERM.issue(_field("appointed_on"), detail)
    if fact.left_on is not None or office not in ONE_HOLDER or not later:
        return None
    detail = f"{later[0].person_id} holds {office} from {later[0].since}"
    return TERM_UNBOUNDED.issue(_field("left_on"), detail)


def _standing_stated(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """A member the registry knows as probationary (预备党员) joins a branch's roll again
    (transferred in, or restored after 停止党籍) with the letter's or the decision's word
    on it: counted as full, they would make a branch look larger than it is (the 正式党员
    a branch's composition counts)."""
    assert isinstance(fact, m.MemberTransferredIn | m.MembershipRestored)
    known = registry.members.get(fact.member_id)
    if fact.probationary is not None or known is None or not known.standing_probationary:
        return None
    return STANDING_UNSTATED.issue(_field("probationary"), f"{fact.member_id}")


def _membership_not_ended(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """党员减少 (去世、出党) ends a membership for good: no fact about the member dated after
    it, no joining of a roll (a person admitted anew is a new member), no second end. A
    fact dated on or before it, recorded late (补录), is his history. Dues are left to
    :func:`_member_of_the_branch`: a payment for a month he was on the roll may come after."""
    assert isinstance(fact, OrganizationPayload)
    known = registry.members.get(getattr(fact, "member_id", None) or "")
    if known is None or (ended_on := known.ended_on) is None:
        return None
    on: date = getattr(fact, FACT_DATE[type(fact)])
    if isinstance(fact, m.MemberConfirmed) and known.ended_as is MembershipEnd.DISQUALIFIED:
        detail = f"{known.member_id} was disqualified as probationary on {ended_on}"
        return MEMBERSHIP_ENDED.issue(_field("member_id"), detail)
    if on <= ended_on and not isinstance(fact, m.MembershipEnded):
        return None
    detail = f"{known.member_id} left the Party's ranks on {ended_on}"
    return MEMBERSHIP_ENDED.issue(_field("member_id"), detail)


def _disqualified_while_probationary(
    registry: Registry, dues_paid: Set[str], fact: Payload
) -> Issue | None:
    """取消预备党员资格 (党章第七条) ends a probationary member's membership only: a
    member the registry has confirmed (转正), or transferred in as a full member, by the
    end's day leaves by death or 出党, said as such. His standing now is his standing on
    that day unless steps of his come after it, which :func:`_ends_last` refuses."""
    assert isinstance(fact, m.MembershipEnded)
    known = registry.members[fact.member_id]
    if fact.end is not MembershipEnd.DISQUALIFIED or known.standing_probationary:
        return None
    if _steps_after(known, fact.ended_on):
        return None
    return NOT_PROBATIONARY.issue(_field("end"), f"{fact.member_id} is a full member")


def _ends_last(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """党员减少 comes last in a member's record (党员档案): one dated before a step already
    recorded (a transfer out and in elsewhere, an absence, a suspension) would leave him
    dead on one roll and alive on another."""
    assert isinstance(fact, m.MembershipEnded)
    later = _steps_after(registry.members[fact.member_id], fact.ended_on)
    if not later:
        return None
    return STEPS_AFTER_THE_END.issue(_field("ended_on"), ", ".join(later))


def _steps_after(member: Member, day: date) -> list[str]:
    """The kinds of the member's recorded steps dated after ``day``, sorted."""
    return sorted({step.event for step in member.history if step.on > day})


def _leaves_no_office(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """党员减少 of a person the registry has in a Party office past the day (one id names a
    person, member or office holder: :meth:`Registry.knows_person`): the leaving comes
    first, or the holder named on reminders and measures would be someone who no longer
    is a member. An office of an organization dissolved by then went with it."""
    assert isinstance(fact, m.MembershipEnded)
    held = [
        f"{org.organization_id} {tenure.office} since {tenure.since}"
        for org in registry.organizations.values()
        if not org.dissolved_by(fact.ended_on)
        for tenure in org.tenures
        if tenure.person_id == fact.member_id
        and (tenure.until is None or tenure.until > fact.ended_on)
    ]
    if not held:
        return None
    return HOLDS_OFFICE.issue(_field("member_id"), "; ".join(held))


def _appointee_member_not_ended(
    registry: Registry, dues_paid: Set[str], fact: Payload
) -> Issue | None:
    """任职 of a person whose membership ended (the same id: :func:`_leaves_no_office`):
    none after its day, and a term entered afterwards (补录) ends (``left_on``) by then."""
    assert isinstance(fact, s.OfficeHolderAppointed)
    known = registry.members.get(fact.person_id)
    if known is None or (ended_on := known.ended_on) is None:
        return None
    if fact.appointed_on > ended_on:
        name = "appointed_on"
    elif fact.left_on is None or fact.left_on > ended_on:
        name = "left_on"
    else:
        return None
    detail = f"{fact.person_id} left the Party's ranks on {ended_on}"
    return MEMBERSHIP_ENDED.issue(_field(name), detail)


def _persons_alive(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """A talk, a training, a visit, an interview (约谈) of a person who died before its
    day (the same id: :func:`_leaves_no_office`) did not happen as recorded, and would
    credit a duty: refused, as his member facts are. One who left the Party's ranks
    alive (除名、退党…) may apply to join again, under the person id he had."""
    on: date = getattr(fact, FACT_DATE[type(fact)])
    for name in PERSONS[type(fact)]:
        known = registry.members.get(getattr(fact, name) or "")
        if known is None or known.ended_as is not MembershipEnd.DECEASED:
            continue
        died = known.ended_on
        if died is not None and on > died:
            return MEMBERSHIP_ENDED.issue(_field(name), f"{known.member_id} died on {died}")
    return None


#: The facts an ended membership (党员减少) refuses after its day: those naming a member
#: but dues (judged by their month), and the joinings (a restoration names a member).
ENDED_REFUSES: tuple[type[Payload], ...] = (
    *(t for t in MEMBERS if t is not m.DuesPaid),
    m.MemberAdmittedAsProbationary,
    m.MemberTransferredIn,
)


#: Months a letter of introduction's 党费交至月份 may run past the month of the transfer.
DUES_AHEAD_MONTHS = 12


def _paid_through_plausible(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """党费交至月份: the month the letter of introduction (组织关系介绍信) says dues are paid
    through is at most :data:`DUES_AHEAD_MONTHS` after the month of the transfer. The 2008
    党费规定 lets a member pay in advance without naming a limit; this registry takes a year
    ahead as the most a letter plausibly shows, and a later month for a slip (2091 for
    2019): accepted, it would have the branch owe no dues of the member, and 党章第九条
    never count them silent, for years. A month before the transfer is accepted: it
    changes nothing here."""
    assert isinstance(fact, m.MemberTransferredIn)
    through, day = fact.dues_paid_through, fact.transferred_on
    if through is None:
        return None
    ahead = (int(through[:4]) - day.year) * 12 + int(through[5:]) - day.month
    if ahead <= DUES_AHEAD_MONTHS:
        return None
    detail = f"{through} is {ahead} months after {day:%Y-%m}, at most {DUES_AHEAD_MONTHS}"
    return DUES_PAID_TOO_FAR.issue(_field("dues_paid_through"), detail)


def _exemption_approved_above(
    registry: Registry, dues_paid: Set[str], fact: Payload
) -> Issue | None:
    """免交党费 (2008 党费规定: 生活确有困难的党员，经党支部研究、报上一级党委批准): the
    organization that approved it is a Party committee (党委) above the member's branch.
    Approved by anyone else (the branch itself, a general branch, another unit), it would
    stop the member's dues and 党章第九条's count without the approval the rule asks for."""
    assert isinstance(fact, m.DuesExemptionApproved)
    above = _ancestors(registry, registry.organizations[fact.organization_id].parent_id)
    approver = registry.organizations[fact.approved_by]
    if fact.approved_by in above and approver.kind is OrganizationKind.PARTY_COMMITTEE:
        return None
    detail = f"{fact.approved_by} is not a Party committee above {fact.organization_id}"
    return EXEMPTION_NOT_APPROVED_ABOVE.issue(_field("approved_by"), detail)


#: Where a fact names the persons held accountable (问责对象): a decision's, a review's
#: kept persons, the person an interview (约谈, 诫勉谈话) was held with.
ACCOUNTABLE: dict[type[Payload], str] = {
    o.AccountabilityDecided: "person_ids",
    o.DecisionReviewed: "person_ids",
    o.InterviewConducted: "person_id",
}


def _held_accountable_held_office(
    registry: Registry, dues_paid: Set[str], fact: Payload
) -> Issue | None:
    """问责对象: the persons a decision holds accountable (or a review keeps, or an
    interview is held with) are the unit's leaders, those who hold or held an office in
    it by that day (问责条例 第三条), never a member, a counterpart or another unit's
    holder: executed, the decision would revoke the award eligibility of someone the
    case is not about. An id unknown to the registry is refused the same way."""
    assert isinstance(fact, OrganizationPayload)
    name = ACCOUNTABLE[type(fact)]
    named: str | list[str] | None = getattr(fact, name)
    persons = [named] if isinstance(named, str) else named or []
    on: date = getattr(fact, FACT_DATE[type(fact)])
    org = registry.organizations[fact.organization_id]
    outside = [person for person in persons if not org.held(person, None, date.min, on)]
    if not outside:
        return None
    detail = f"{', '.join(outside)} held no office in {fact.organization_id} by {on}"
    return NOT_ANSWERABLE.issue(_field(name), detail)


#: Facts about a member recorded by the member's own branch (本支部党员), on the fact's day:
#: the members a fact names (:data:`MEMBERS`) but those joining a roll, where the branch
#: is the one they join, and attendance, which a branch records for visitors too (党员领导
#: 干部参加双重组织生活; the member's own branch does not count it).
OWN_BRANCH = tuple(
    t for t in MEMBERS if t.__name__ not in JOINING and t is not m.OrganizationalLifeAttended
)


def _member_of_the_branch(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """本支部党员: a fact about a member comes from the branch whose roll the member is on
    that day. Recorded by another, it would be lost to the member's own branch (dues
    paid there count nowhere, and six months without them flag the member, 党章第九条)
    and would start a watch over someone the branch does not have (失联). Dues may also
    come from the branch the member was on in the month they are for: dues are paid up
    to the month of a transfer (党费交至转出当月), often on the day of leaving or after."""
    assert isinstance(fact, OrganizationPayload)
    (name,) = MEMBERS[type(fact)]
    member_id: str | None = getattr(fact, name)
    if member_id is None:
        return None  # an organization's own 双报到
    member, on = registry.members[member_id], getattr(fact, FACT_DATE[type(fact)])
    if member.on_roll(fact.organization_id, on, on):
        return None
    if isinstance(fact, m.MemberConfirmed) and _continues_probation(member, fact):
        return None
    if isinstance(fact, m.DuesPaid):
        first = date.fromisoformat(f"{fact.month}-01")
        last = first.replace(day=monthrange(first.year, first.month)[1])
        if member.on_roll(fact.organization_id, first, last):
            return None
    detail = f"{member_id} is not on the roll of {fact.organization_id} on {on}"
    return NOT_A_MEMBER_HERE.issue(_field(name), detail)


def _continues_probation(member: Member, fact: m.MemberConfirmed) -> bool:
    """转正 by the receiving branch: a probationary member (预备党员) transferred before his
    branch discussed him is discussed by the branch that has him now, and his 转正 dates
    from the end of his probation (党章 第七条: 党龄从预备期满转为正式党员之日算起), a day
    he was on the former branch's roll."""
    return member.organization_id == fact.organization_id and member.standing_probationary


def _off_other_rolls(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """接收、转入: a member joins a branch's roll once off every other. Transferred in (or
    admitted) while still on another branch's roll, the member would be on two: the
    other would go on expecting dues and attendance, and flag a member who pays here
    (党章第九条). The transfer out (转出) is recorded first, on or before the day in."""
    assert isinstance(fact, m.MemberTransferredIn | m.MemberAdmittedAsProbationary)
    known = registry.members.get(fact.member_id)
    day: date = getattr(fact, FACT_DATE[type(fact)])
    other = known.roll_on(day) if known is not None else None
    if other is None or other == fact.organization_id:
        return None
    detail = f"{fact.member_id} is on the roll of {other} on {day}"
    return ON_ANOTHER_ROLL.issue(_field("member_id"), detail)


#: Levels the organization tree may have, the root's included (a university's committee,
#: general branches, branches and party groups need four; a chain 1,100 deep broke the tree).
MAX_DEPTH = 8


def _ancestors(registry: Registry, organization_id: str | None) -> list[str]:
    """``organization_id`` and its ancestors, nearest first (stops at a cycle, which
    the registry refuses, should an older log hold one)."""
    chain: list[str] = []
    while organization_id in registry.organizations and organization_id not in chain:
        chain.append(organization_id)
        organization_id = registry.organizations[organization_id].parent_id
    return chain


def _height(registry: Registry, organization_id: str) -> int:
    """Levels of the subtree under ``organization_id``, itself included (a work list)."""
    children: dict[str, list[str]] = {}
    for org in registry.organizations.values():
        if org.parent_id is not None:
            children.setdefault(org.parent_id, []).append(org.organization_id)
    height, level, seen = 0, [organization_id], set()
    while level:
        height += 1
        seen.update(level)
        level = [kid for parent in level for kid in children.get(parent, ()) if kid not in seen]
    return height


def _placed_within_limits(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """A new or moved organization goes under a parent not dissolved on or before that day
    (撤销: it could not answer for the duties it owes about it; a branch of a 党总支
    dissolved since may be entered late, dated before), never below itself, and the tree
    stays at most :data:`MAX_DEPTH` levels deep (组织层级)."""
    assert isinstance(fact, s.OrganizationEstablished | s.OrganizationReparented)
    parent = registry.organizations.get(fact.parent_id or "")
    on = fact.established_on if isinstance(fact, s.OrganizationEstablished) else fact.reparented_on
    if parent is not None and parent.dissolved_on is not None and on >= parent.dissolved_on:
        detail = f"{parent.organization_id} dissolved {parent.dissolved_on}"
        return INACTIVE_ORGANIZATION.issue(_field("parent_id"), detail)
    above = _ancestors(registry, fact.parent_id)
    moved = isinstance(fact, s.OrganizationReparented)
    if moved and fact.organization_id in above:
        return PARENT_CYCLE.issue(_field("parent_id"), f"{fact.parent_id} is under it")
    levels = len(above) + (_height(registry, fact.organization_id) if moved else 1)
    if levels > MAX_DEPTH:
        return TOO_DEEP.issue(_field("parent_id"), f"{levels} levels, at most {MAX_DEPTH}")
    return None


def _children(registry: Registry, organization_id: str) -> Iterator[Organization]:
    """The organizations registered under ``organization_id`` (下级组织), dissolved or not."""
    return (org for org in registry.organizations.values() if org.parent_id == organization_id)


def _no_active_children(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """撤销: an organization is dissolved only once nothing under it is active on that day.
    A branch left under a dissolved general branch would have its parent's duties about
    it (filling its vacancy, evaluating its secretary) charged to a body that can no
    longer act, and proposals follow against its former secretary."""
    assert isinstance(fact, s.OrganizationDissolved)
    active = sorted(
        org.organization_id
        for org in _children(registry, fact.organization_id)
        if org.dissolved_on is None or org.dissolved_on > fact.dissolved_on
    )
    if not active:
        return None
    return ACTIVE_CHILDREN.issue(_field("organization_id"), ", ".join(active[:10]))


def _no_members_left(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """撤销: a branch is dissolved once its members' relations are transferred (组织关系转接)
    on or before that day. A member left on a dissolved branch's roll would drop out of
    every member rule (党费, 失联) and could join no other roll."""
    assert isinstance(fact, s.OrganizationDissolved)
    left = sorted(
        member.member_id
        for member in registry.members.values()
        if member.roll_on(fact.dissolved_on) == fact.organization_id
    )
    if not left:
        return None
    more = f" and {len(left) - 10} more" if len(left) > 10 else ""
    return MEMBERS_ON_ROLL.issue(_field("organization_id"), ", ".join(left[:10]) + more)


#: Kinds of unit owing duties charged to their parent (``charged_to: parent``, in any
#: catalog version): their parent answers for them.
ANSWERED_FOR = frozenset(
    kind
    for catalog in CATALOGS
    for duty in catalog.duties
    if duty.charged_to is ChargedTo.PARENT
    for kind in duty.applies_to.kinds
)


def _subject_named(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """所涉单位: a step on a case (one naming a ``case_id``) by a unit that answers for
    subordinate units (the committee for its general branches, a general branch for its
    branches) names the unit the case is about, its own id for a case about itself. The
    case id does not say which, and a case about a subordinate unit is kept where that
    unit is folded (docs/scale-out.md): a step naming none would reach only where the
    parent is folded, and the case would never see it. A unit moved away leaves its
    cases with the parent that answered for it then, so former children count too. A
    step naming a finding, or no case, is about the unit's own problem."""
    assert isinstance(fact, o.CaseAction)
    if fact.subject_organization_id is not None or getattr(fact, "case_id", None) is None:
        return None
    answered_for = sorted(
        org.organization_id
        for org in registry.organizations.values()
        if org.kind in ANSWERED_FOR
        and fact.organization_id in (org.parent_id, *org.former_parent_ids)
    )
    if not answered_for:
        return None
    detail = f"{fact.organization_id} answers for {', '.join(answered_for[:10])}"
    return SUBJECT_UNNAMED.issue(_field("subject_organization_id"), detail)


def _finding_s_own_case(registry: Registry, dues_paid: Set[str], fact: Payload) -> Issue | None:
    """整改: a rectification naming both a finding (问题编号) and a case (案件编号) names the
    finding's own case. The duties service credits the finding's rectification duty by the
    finding and the accountability service acts on the case named: with another case, one
    acceptance would resolve two cases, one of them not about what was rectified."""
    assert isinstance(fact, o.RectificationTarget)
    if fact.finding_id is None or fact.case_id is None:
        return None
    own = finding_case_id(fact.organization_id, fact.finding_id)
    if fact.case_id == own:
        return None
    detail = f"the case of finding {fact.finding_id} is {own}"
    return FINDING_CASE_MISMATCH.issue(_field("case_id"), detail)


_SPECIFIC: dict[type[Payload], tuple[Rule, ...]] = {
    s.OrganizationEstablished: (_placed_within_limits,),
    s.OrganizationReparented: (_placed_within_limits,),
    s.OrganizationDissolved: (_no_active_children, _no_members_left),
    a.MeetingHeld: (_meeting_kind,),
    m.DuesPaid: (_dues_once,),
    a.WorkReportSubmitted: (_reporter_held_office,),
    a.WorkReportEvaluated: (_evaluated_held_office,),
    s.OfficeHolderLeftOffice: (_leaver_holds_office,),
    s.OfficeHolderAppointed: (_office_free, _earlier_term, _appointee_member_not_ended),
    m.MemberTransferredIn: (_standing_stated, _off_other_rolls, _paid_through_plausible),
    m.MemberAdmittedAsProbationary: (_off_other_rolls,),
    m.MembershipRestored: (_standing_stated,),
    m.MembershipEnded: (_ends_last, _disqualified_while_probationary, _leaves_no_office),
    m.DuesExemptionApproved: (_exemption_approved_above,),
    o.RectificationAccepted: (_finding_s_own_case,),
    o.RectificationReported: (_finding_s_own_case,),
    **dict.fromkeys(ACCOUNTABLE, (_held_accountable_held_office,)),
    **dict.fromkeys(RECORDED_BY, (_recorder_kind,)),
}
for _type in OWN_BRANCH:
    _SPECIFIC[_type] = (*_SPECIFIC.get(_type, ()), _member_of_the_branch)
for _type in ENDED_REFUSES:
    _SPECIFIC[_type] = (_membership_not_ended, *_SPECIFIC.get(_type, ()))
for _type in PERSONS:
    if _type is not a.WorkReportEvaluated:  # 述职评议 judges past work, maybe after his end
        _SPECIFIC[_type] = (*_SPECIFIC.get(_type, ()), _persons_alive)
for _type in o.CASE_ACTIONS:
    _SPECIFIC[_type] = (*_SPECIFIC.get(_type, ()), _subject_named)
