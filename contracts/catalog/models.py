"""The duty catalog (职责目录): what each organization owes, when, and the proof.

A :class:`Duty` says who owes it (:class:`AppliesTo`), how often
(:data:`Cadence`), which input fact fulfils it (:class:`Evidence`), how long
late recording is tolerated (``grace_days``), when to remind
(``reminder_lead_days``), who answers for it (``responsible_office``), the
seed clause it comes from and the problem-list questions it serves. Every
event type and field named here is checked against
:mod:`contracts.catalog.event_fields`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from contracts.catalog.event_fields import FieldKind, event_fields, field_spec
from contracts.catalog.problem_list import ProblemList
from contracts.catalog.versioning import Clause, Entry, FrozenModel, VersionedDocument
from contracts.events import members
from contracts.events.enums import (
    BranchCategory,
    MemberSituation,
    Office,
    OrganizationKind,
    OrganizationSituation,
)

#: Fields that place a fact in a period: a day, a ``YYYY-MM`` month or a year.
_DATING_KINDS = (FieldKind.DATE, FieldKind.MONTH, FieldKind.YEAR)
_REFERENCE_YEAR = 2001  # not a leap year: "02-29" is not a valid calendar boundary


class FieldFilter(FrozenModel):
    """A condition on one field of an event: ``equals``, ``one_of`` or ``greater_than``."""

    field: str
    equals: str | int | None = None
    one_of: tuple[str | int, ...] | None = Field(default=None, min_length=1)
    greater_than: Decimal | None = None

    @model_validator(mode="after")
    def _exactly_one_condition(self) -> Self:
        given = [c for c in (self.equals, self.one_of, self.greater_than) if c is not None]
        if len(given) != 1:
            raise ValueError(
                f"filter on {self.field!r} needs exactly one of equals/one_of/greater_than"
            )
        return self

    def check_against(self, event: str) -> None:
        """Fail unless ``event`` has this field and the values suit its kind."""
        if self.greater_than is not None:
            field_spec(event, self.field, FieldKind.INT, FieldKind.DECIMAL, FieldKind.YEAR)
            return
        spec = field_spec(event, self.field)
        values = (self.equals,) if self.one_of is None else self.one_of
        numeric = spec.kind in (FieldKind.INT, FieldKind.YEAR)
        for value in values:
            if numeric != isinstance(value, int):
                raise ValueError(f"{event}.{self.field} is a {spec.kind} field, not {value!r}")
            if spec.kind is FieldKind.ENUM and value not in spec.values:
                raise ValueError(
                    f"{event}.{self.field} has no value {value!r} (known: {sorted(spec.values)})"
                )


class FieldRef(FrozenModel):
    """A date-like field of an input event, e.g. ``ElectionHeld.term_ends_on``."""

    event: str
    field: str

    @model_validator(mode="after")
    def _known(self) -> Self:
        field_spec(self.event, self.field, *_DATING_KINDS)
        return self


class CreditedBy(StrEnum):
    """Whose instance a fact credits: the organization it names, or the office holder it names."""

    ORGANIZATION = "organization"
    OFFICE_HOLDER = "office_holder"


class Total(FrozenModel):
    """A minimum sum of one numeric field over the period's evidence (e.g. 学时 ``hours``)."""

    field: str
    at_least: Decimal = Field(gt=0)


class Evidence(FrozenModel):
    """佐证: the input fact that fulfils a duty.

    ``min_count`` matching events (after ``where`` filters and, for meetings,
    ``min_attendance_ratio`` of present to expected attendees) in the
    period fulfil it, and, with ``min_total``, only once their field sums to
    the minimum (培训学时: the hours of the year's trainings added up).
    ``dated_by`` is the field placing the fact in a period (``held_on``;
    ``month`` for dues; ``year`` for a yearly report). ``done_on`` is the field
    holding the day such a fact, placed by the period it is for, was done (a 述职's
    ``submitted_on``, 报送日期; a budget's ``adopted_on``; the fact's 事实日期): that day
    decides whether the duty was done in time (宽限 from the rule's deadline) and is the
    day it was fulfilled (履行日期); without it, a fact dated by a month or a year is
    judged by the period's first day and fulfils as of the day the log received it,
    which only a month's dues are (``DuesPaid``: a month is judged by the period its
    dues are payable in, by the member rules, and a member duty's status decides no
    case). Only for evidence not dated by a day (``dated_by`` a month or a year), which
    says no day of its own. The organization
    credited is ``organization_field`` (the envelope subject,
    ``organization_id``, unless the fact names another, e.g. the general
    branch in a responsibility letter). Office duties name the person in
    ``person_field``, member duties the member in ``member_field``.
    ``credited_by: office_holder`` credits the person's own instance in the
    organization where they hold one of the duty's offices, whichever
    organization the fact is recorded for (a committee member's visit to a
    contact-point branch is the member's duty in the committee).
    ``before_office`` (先任职前的佐证亦计): a fact about a person who holds none of
    the duty's offices yet still counts for its period once they take one (a
    training taken in March by a secretary appointed in May; its hours count
    towards ``min_total``); only for evidence that names the person
    (``person_field``). For a ``within_days`` duty, a fact dated before its span
    counts as of the span's first day if dated at most the span's ``days`` before it
    (a 联系点 the committee decided with the nomination, dated days before the
    appointment): an older one was not decided for it.
    ``assigned_by`` (只计本人联系点): the fact counts only at an organization that a
    fact of ``assigned_by.event`` (its ``organization_field``, its ``person_field``)
    had assigned to the person by the fact's day (``assigned_by.field``): a
    committee member's visit counts at a branch that was their 联系点 then. On a day
    no organization was assigned to the person yet, it counts wherever it was done:
    the duty to assign one answers for the missing assignment, not this one too.
    Only for evidence of a periodic duty credited by the office holder and dated
    by its day.
    ``by_the_department`` (组织部所为): the fact is the organization department's own act
    on the unit's duty (整改验收), which the department records, not the unit. It is
    judged by its own day alone: done by the deadline, it fulfils the duty in time
    however late the department records it (补录), even after the duty was said overdue.
    The grace (宽限) tolerates the delay in recording the unit's own facts; the
    department's delay is not the unit's to answer for (the right party answers).
    """

    event: str
    where: tuple[FieldFilter, ...] = ()
    min_count: int = Field(default=1, ge=1)
    min_attendance_ratio: Fraction | None = Field(default=None, gt=0, le=1)
    min_total: Total | None = None
    dated_by: str
    done_on: str | None = None
    organization_field: str = "organization_id"
    person_field: str | None = None
    member_field: str | None = None
    credited_by: CreditedBy = CreditedBy.ORGANIZATION
    before_office: bool = False
    assigned_by: FieldRef | None = None
    by_the_department: bool = False

    @model_validator(mode="after")
    def _fields_exist(self) -> Self:
        if self.before_office and self.person_field is None:
            raise ValueError(f"{self.event}: before_office needs person_field")
        event_fields(self.event)
        if self.credited_by is CreditedBy.OFFICE_HOLDER and self.person_field is None:
            raise ValueError(f"{self.event}: credited_by office_holder needs person_field")
        for condition in self.where:
            condition.check_against(self.event)
        dating = field_spec(self.event, self.dated_by, *_DATING_KINDS)
        if self.done_on is not None:
            if dating.kind is FieldKind.DATE:
                raise ValueError(f"{self.event}: done_on only for evidence not dated by a day")
            field_spec(self.event, self.done_on, FieldKind.DATE)
        for name in (self.organization_field, self.person_field, self.member_field):
            if name is not None:
                field_spec(self.event, name, FieldKind.ID)
        if self.min_attendance_ratio is not None:
            field_spec(self.event, "expected_attendees", FieldKind.INT)
            field_spec(self.event, "present_attendees", FieldKind.INT)
        if self.min_total is not None:
            field_spec(self.event, self.min_total.field, FieldKind.INT, FieldKind.DECIMAL)
        if self.assigned_by is not None:
            self._check_assignment(self.assigned_by)
        return self

    def _check_assignment(self, assigned_by: FieldRef) -> None:
        if self.credited_by is not CreditedBy.OFFICE_HOLDER:
            raise ValueError(f"{self.event}: assigned_by needs credited_by office_holder")
        field_spec(self.event, self.dated_by, FieldKind.DATE)
        for name in (self.organization_field, self.person_field):
            field_spec(assigned_by.event, name or "", FieldKind.ID)


class PeriodicCadence(FrozenModel):
    """周期: 每月 monthly, 每季度 quarterly, 每学期 semester (academic calendar), 每年 yearly."""

    kind: Literal["monthly", "quarterly", "semester", "yearly"]


class TermCadence(FrozenModel):
    """任期届满换届: an election is due by the end of the organization's term.

    The term end is the latest of the ``term_ends`` fields seen for the
    organization (falling back on the catalog's ``term_years``). An approved
    extension (``extended_by``, at most ``max_extension_days`` beyond the
    term end) waives the duty for that term end and moves it to the new date.
    """

    kind: Literal["term"]
    term_ends: tuple[FieldRef, ...] = Field(min_length=1)
    extended_by: FieldRef
    max_extension_days: int = Field(ge=1)


class Trigger(FrozenModel):
    """The fact that opens a ``within_days`` duty, optionally filtered.

    ``question_field`` names the trigger's field holding the problem-list
    question the opened duty serves (an inspection finding's ``question``).
    ``only_when_vacated``: a departure opens the duty only if it leaves the
    office without holder (空缺), not while another holder remains.
    """

    event: str
    where: tuple[FieldFilter, ...] = ()
    question_field: str | None = None
    only_when_vacated: bool = False

    @model_validator(mode="after")
    def _fields_exist(self) -> Self:
        event_fields(self.event)
        if self.only_when_vacated:
            field_spec(self.event, "office", FieldKind.ENUM)
            field_spec(self.event, "person_id", FieldKind.ID)
        for condition in self.where:
            condition.check_against(self.event)
        if self.question_field is not None:
            field_spec(self.event, self.question_field, FieldKind.INT)
        return self


class Correlation(FrozenModel):
    """Which evidence answers which trigger.

    Evidence counts when ``evidence.<evidence_field> == trigger.<trigger_field>``.
    """

    trigger_field: str
    evidence_field: str


class WithinDaysCadence(FrozenModel):
    """限期: due ``days`` after the trigger, or by the trigger's ``deadline_field``.

    The duty is owed by the trigger's organization (when it matches
    ``applies_to``); evidence counts when its correlated field equals the
    trigger's, whichever organization recorded it. Period id: ``within:<trigger event id>``.
    ``counted_from`` names the trigger's date field the days run from (the
    day the fact began, e.g. ``MemberWentAway.since``; default: the day it was
    recorded). A ``waived_by`` fact whose correlated field matches ends the
    duty before its deadline (免除: a member back home need not transfer).
    """

    kind: Literal["within_days"]
    trigger: Trigger
    days: int | None = Field(default=None, ge=1)
    counted_from: str | None = None
    deadline_field: str | None = None
    correlate: Correlation
    waived_by: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_deadline(self) -> Self:
        if (self.days is None) == (self.deadline_field is None):
            raise ValueError("within_days needs exactly one of days/deadline_field")
        if self.deadline_field is not None:
            field_spec(self.trigger.event, self.deadline_field, FieldKind.DATE)
        if self.counted_from is not None:
            if self.days is None:
                raise ValueError("counted_from needs days")
            field_spec(self.trigger.event, self.counted_from, FieldKind.DATE)
        field_spec(self.trigger.event, self.correlate.trigger_field, FieldKind.ID)
        for event in self.waived_by:
            field_spec(event, self.correlate.evidence_field, FieldKind.ID)
        return self


Cadence = Annotated[PeriodicCadence | TermCadence | WithinDaysCadence, Field(discriminator="kind")]


class Scope(StrEnum):
    """Who owes each instance: the organization 组织, each office holder 职务, each member 党员."""

    ORGANIZATION = "organization"
    OFFICE = "office"
    MEMBER = "member"


class ChargedTo(StrEnum):
    """Who is charged when an instance is overdue.

    ``owner`` 本组织: the owner, and the person a per-person duty names;
    ``owner_office`` 本组织责任职务: the owner's ``responsible_office`` holders even
    when the instance names another person, the counterpart of the duty (the
    committee secretary answers for the exchange with a department head);
    ``parent`` 上级组织: the owner's parent and its ``responsible_office`` holders.
    """

    OWNER = "owner"
    OWNER_OFFICE = "owner_office"
    PARENT = "parent"


class MemberCondition(FrozenModel):
    """Which members owe a member duty: those a registry fact names (``with_fact: true``)
    or those it does not, as of a period's first day.

    The fact (e.g. ``QuarterlyDuesApproved.first_month``) counts for periods
    beginning on or after its day: 按季度交纳党费 from the quarter agreed.
    """

    fact: FieldRef
    with_fact: bool

    @model_validator(mode="after")
    def _names_member(self) -> Self:
        field_spec(self.fact.event, "member_id", FieldKind.ID)
        return self


class AppliesTo(FrozenModel):
    """适用对象: organization kinds (and branch categories), optionally per office or per member.

    ``only_with_office`` restricts the duty to organizations that have a
    holder of that office (a 支委会 only where the branch has committee members);
    ``only_with_needy_members`` to organizations the registry records as having
    members in difficulty (``NeedyMembersRecorded``) during the period;
    ``members`` restricts a member duty to the members meeting a condition.
    """

    kinds: tuple[OrganizationKind, ...] = Field(min_length=1)
    categories: tuple[BranchCategory, ...] = ()
    scope: Scope = Scope.ORGANIZATION
    offices: tuple[Office, ...] = ()
    only_with_office: Office | None = None
    only_with_needy_members: bool = False
    members: MemberCondition | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.categories and OrganizationKind.BRANCH not in self.kinds:
            raise ValueError("categories apply to branches only")
        if (self.scope is Scope.OFFICE) != bool(self.offices):
            raise ValueError("offices are given exactly when the scope is 'office'")
        if self.members is not None and self.scope is not Scope.MEMBER:
            raise ValueError("a member condition applies to member duties only")
        return self


class Duty(Entry):
    """职责: one duty of the catalog (see the module docstring)."""

    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    applies_to: AppliesTo
    cadence: Cadence
    evidence: tuple[Evidence, ...] = Field(min_length=1, description="Any one fulfils the duty")
    grace_days: int = Field(ge=0)
    reminder_lead_days: int = Field(ge=0)
    responsible_office: Office = Office.SECRETARY
    charged_to: ChargedTo = ChargedTo.OWNER
    clause: Clause
    questions: tuple[int, ...] = Field(min_length=1)
    policy_setting: bool = False
    overdue_flags: MemberSituation | None = Field(
        default=None,
        description="A member duty overdue also flags the member with this situation "
        "(党员情况提示, e.g. 外出未转接)",
    )
    effective_from: date

    @field_validator("questions")
    @classmethod
    def _distinct_questions(cls, questions: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(questions)) != len(questions) or min(questions) < 1:
            raise ValueError("questions must be distinct numbers from 1")
        return questions

    def check(self) -> None:
        """Office and member duties name the person; correlated evidence has the field."""
        scope = self.applies_to.scope
        if self.overdue_flags is not None and scope is not Scope.MEMBER:
            raise ValueError("overdue_flags applies to member duties only")
        for evidence in self.evidence:
            if scope is Scope.OFFICE and evidence.person_field is None:
                raise ValueError(f"office duty: evidence {evidence.event} needs person_field")
            if scope is Scope.MEMBER and evidence.member_field is None:
                raise ValueError(f"member duty: evidence {evidence.event} needs member_field")
            if scope is not Scope.OFFICE and evidence.credited_by is CreditedBy.OFFICE_HOLDER:
                raise ValueError(f"evidence {evidence.event}: office_holder credits office duties")
            if evidence.assigned_by is not None and not isinstance(self.cadence, PeriodicCadence):
                raise ValueError(f"evidence {evidence.event}: assigned_by needs a periodic duty")
            if isinstance(self.cadence, WithinDaysCadence):
                field_spec(evidence.event, self.cadence.correlate.evidence_field, FieldKind.ID)


class MemberRule(Entry):
    """党员情况提示: flag a member with no ``signals`` for ``consecutive_months`` months.

    Emits ``MemberSituationFlagged``; the system flags and escalates, it never
    decides removal (党章第九条: 连续六个月… 被认为是自行脱党).
    """

    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    signals: tuple[FieldRef, ...] = Field(min_length=1)
    consecutive_months: int = Field(ge=1)
    situation: MemberSituation
    judged_once_recorded: bool = Field(
        default=False,
        description="Count silent months only from the first month the unit recorded any "
        "signal (a branch that keeps no attendance yet is not judged by it)",
    )
    clause: Clause
    questions: tuple[int, ...] = Field(min_length=1)
    policy_setting: bool = False
    effective_from: date

    def check(self) -> None:
        """Every signal names the member."""
        for signal in self.signals:
            field_spec(signal.event, "member_id", FieldKind.ID)

    def signalled_by(self, event: str) -> bool:
        """Whether a fact of type ``event`` is one of the rule's signals (``DuesPaid``: the
        rule counts months without dues, 连续六个月不交纳党费)."""
        return any(signal.event == event for signal in self.signals)


class StructureRule(Entry):
    """组织设置规定: a branch's size the rules call for a decision on.

    A branch whose count (``full_members`` 正式党员, or all ``members``) is
    below ``fewer_than`` or reaches ``at_least`` is flagged once, with
    ``situation``, to the higher organization, unless it has a holder of
    ``unless_office`` (a 支委会 where the size calls for one); the flag is
    raised again only after the situation has ended. Counts are taken on
    each month's first day, for branches the log has named members of.
    """

    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    situation: OrganizationSituation
    counts: Literal["full_members", "members"]
    fewer_than: int | None = Field(default=None, ge=1)
    at_least: int | None = Field(default=None, ge=1)
    unless_office: Office | None = None
    clause: Clause
    questions: tuple[int, ...] = Field(min_length=1)
    effective_from: date

    def check(self) -> None:
        """Exactly one bound."""
        if (self.fewer_than is None) == (self.at_least is None):
            raise ValueError("a structure rule needs exactly one of fewer_than/at_least")

    def flags(self, count: int) -> bool:
        """Whether ``count`` is outside what the rule allows (before ``unless_office``)."""
        if self.fewer_than is not None:
            return count < self.fewer_than
        return self.at_least is not None and count >= self.at_least


#: The facts that take a member off a unit's roll, by name (as a watch's ``cleared_by``).
_OFF_THE_ROLL = frozenset(fact.__name__ for fact in members.OFF_THE_ROLL)


class MemberWatch(Entry):
    """党员情况提示（期满）: flag a member ``days`` after a fact, unless cleared first.

    ``opened_by`` (its ``where`` filters passed) starts the clock on its
    ``counted_from`` date field; a ``cleared_by`` fact naming the same member
    ends it. When the days are over, ``MemberSituationFlagged`` says what the
    branch may now decide (e.g. 可停止党籍); the flag is not a verdict and
    makes no unit overdue (党员教育管理工作条例 第二十四条).
    """

    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    opened_by: Trigger
    counted_from: str
    days: int = Field(ge=1)
    cleared_by: tuple[str, ...] = Field(min_length=1)
    situation: MemberSituation
    clause: Clause
    questions: tuple[int, ...] = Field(min_length=1)
    policy_setting: bool = False
    effective_from: date

    @property
    def about_the_roll(self) -> bool:
        """Whether the watch is about a member on the roll: leaving it (转出, 停止党籍)
        clears the watch (失联); the two years after a suspension run off the roll."""
        return not _OFF_THE_ROLL.isdisjoint(self.cleared_by)

    def check(self) -> None:
        """The facts name the member; the clock runs from a date of the opening fact."""
        field_spec(self.opened_by.event, "member_id", FieldKind.ID)
        field_spec(self.opened_by.event, self.counted_from, FieldKind.DATE)
        for event in self.cleared_by:
            field_spec(event, "member_id", FieldKind.ID)


class Period(FrozenModel):
    """A concrete period: id (``2018-S1``), first and last day."""

    id: str
    start: date
    end: date


MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Semester(FrozenModel):
    """学期: a named span of the academic year between two month-days (``MM-DD``)."""

    name: str = Field(pattern=r"^S[1-9]$")
    starts: MonthDay
    ends: MonthDay

    @field_validator("starts", "ends")
    @classmethod
    def _real_day(cls, value: str) -> str:
        _on(_REFERENCE_YEAR, value)
        return value


def _on(year: int, month_day: str) -> date:
    month, day = month_day.split("-")
    return date(year, int(month), int(day))


def _next_on_or_after(start: date, month_day: str) -> date:
    candidate = _on(start.year, month_day)
    return candidate if candidate >= start else _on(start.year + 1, month_day)


class AcademicCalendar(FrozenModel):
    """校历: the semesters, in order, covering the year without gap or overlap.

    Academic year ``Y`` starts on the first semester's start day in year
    ``Y``; its semesters are labelled ``Y-S1``, ``Y-S2`` (so ``2018-S2`` is
    spring 2019).
    """

    semesters: tuple[Semester, ...] = Field(
        default=(
            Semester(name="S1", starts="09-01", ends="01-31"),
            Semester(name="S2", starts="02-01", ends="08-31"),
        ),
        min_length=1,
    )

    @model_validator(mode="after")
    def _covers_the_year(self) -> Self:
        spans = self._spans(_REFERENCE_YEAR)
        following = [f"{span.end + timedelta(days=1):%m-%d}" for span in spans]
        declared = [s.starts for s in self.semesters[1:]] + [self.semesters[0].starts]
        one_year = spans[-1].end < _on(_REFERENCE_YEAR + 1, self.semesters[0].starts)
        if following != declared or not one_year:
            raise ValueError("semesters must follow each other and cover one year exactly")
        return self

    def _spans(self, year: int) -> list[Period]:
        spans = []
        start = _on(year, self.semesters[0].starts)
        for semester in self.semesters:
            end = _next_on_or_after(start, semester.ends)
            spans.append(Period(id=f"{year}-{semester.name}", start=start, end=end))
            start = end + timedelta(days=1)
        return spans

    def semester_containing(self, day: date) -> Period:
        """The semester period containing ``day``."""
        for year in (day.year - 1, day.year):
            for span in self._spans(year):
                if span.start <= day <= span.end:
                    return span
        raise ValueError(f"{day} is outside the academic calendar")


class TermRange(FrozenModel):
    """每届任期: the shortest and longest term a rule allows, in years."""

    min_years: int = Field(ge=1, le=10)
    max_years: int = Field(ge=1, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min_years > self.max_years:
            raise ValueError("min_years must not exceed max_years")
        return self


class TermRule(FrozenModel):
    """任期规定: the term lengths a rule allows per organization kind, from its own date.

    A rule may take effect between catalog versions (党章 as amended on
    2017-10-24): it is carried as dated data inside the version in force then.
    """

    effective_from: date
    years: dict[OrganizationKind, TermRange] = Field(min_length=1)
    basis: Clause


class CatalogSettings(FrozenModel):
    """Catalog-wide settings: the academic calendar and term lengths (任期, years).

    ``term_years`` is the length a new term takes when the fact does not say
    (default); ``term_rules`` the lengths allowed (an election's term outside
    them is flagged), each from its own date, in date order.
    """

    academic_calendar: AcademicCalendar = AcademicCalendar()
    term_years: dict[OrganizationKind, int] = Field(min_length=1)
    term_years_basis: Clause
    term_rules: tuple[TermRule, ...] = ()

    @field_validator("term_rules")
    @classmethod
    def _in_date_order(cls, rules: tuple[TermRule, ...]) -> tuple[TermRule, ...]:
        days = [rule.effective_from for rule in rules]
        if days != sorted(set(days)):
            raise ValueError("term rules must take effect on distinct days, in order")
        return rules

    def term_rule(self, on: date) -> TermRule | None:
        """The term rule in force on ``on`` (the latest that took effect by then), if any."""
        return next((r for r in reversed(self.term_rules) if r.effective_from <= on), None)

    @field_validator("term_years")
    @classmethod
    def _plausible_terms(cls, terms: dict[OrganizationKind, int]) -> dict[OrganizationKind, int]:
        if not all(1 <= years <= 10 for years in terms.values()):
            raise ValueError("term lengths must be 1..10 years")
        return terms


class DutyCatalog(VersionedDocument):
    """职责目录 (one version): settings, the problem list, duties, member and structure rules.

    Valid only if ids are unique, every question cited exists in the problem
    list, and every question of the problem list is served by some duty.
    """

    settings: CatalogSettings
    problem_list: ProblemList
    duties: tuple[Duty, ...] = Field(min_length=1)
    member_rules: tuple[MemberRule, ...] = ()
    structure_rules: tuple[StructureRule, ...] = ()
    member_watches: tuple[MemberWatch, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Self:
        entries: tuple[Duty | MemberRule | StructureRule | MemberWatch, ...] = (
            *self.duties,
            *self.member_rules,
            *self.structure_rules,
            *self.member_watches,
        )
        ids = [entry.id for entry in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate ids: {duplicates}")
        known = set(self.problem_list.numbers)
        for entry in entries:
            unknown = sorted(set(entry.questions) - known)
            if unknown:
                raise ValueError(f"{entry.id}: questions {unknown} are not in the problem list")
        unserved = [n for n, duties in self.duties_by_question.items() if not duties]
        if unserved:
            raise ValueError(f"questions served by no duty: {unserved}")
        return self

    @cached_property
    def duties_by_question(self) -> dict[int, tuple[Duty, ...]]:
        """For each question of the problem list, the duties serving it."""
        return {
            n: tuple(d for d in self.duties if n in d.questions) for n in self.problem_list.numbers
        }

    @cached_property
    def duties_by_id(self) -> dict[str, Duty]:
        """Each duty by its id."""
        return {duty.id: duty for duty in self.duties}

    def duty(self, duty_id: str) -> Duty:
        """The duty with id ``duty_id``; ``KeyError`` if there is none."""
        found = self.duties_by_id.get(duty_id)
        if found is None:
            raise KeyError(f"no duty {duty_id!r} in catalog {self.version}")
        return found
