"""Duty state (责任状态): organizations, their office holders and members, duty instances.

One :class:`Instance` per (organization, duty, period, subject) where the
subject is the office holder or member for per-person duties (a member's is
opened when first needed: :class:`Deferred`); in memory,
instances are bucketed by the year of their deadline. The state is stored as
keyed JSON documents (see :mod:`services.duties.domain.documents`), one per
unit, per member and per instance, so a batch rewrites only what it changed;
``changed`` records which keys the fold touched.

Archiving (归档) keeps memory flat however long the log: once a month each
unit moves its decided instances whose deadline is more than
:data:`ARCHIVE_DECIDED_DAYS` behind, and its overdue ones more than
:data:`ARCHIVE_OVERDUE_DAYS` behind, out of memory (their documents stay in
PostgreSQL; ``archive`` holds them until written). A period archived this way
is settled: later evidence for it is not credited (the fact stays in the log),
and a fact recorded later that makes it owed again opens nothing (its stored
document is kept as archived; ``obligations.settled``).
The cut-off days are part of the unit, so a restored state holds exactly what
the uninterrupted one does.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from contracts.catalog import Period
from contracts.events.enums import BranchCategory, Office, OrganizationKind
from contracts.events.members import DuesPaid
from services.common.stored import when_any, when_set
from services.duties.domain.periods import (
    ONE_DAY,
    month_of,
    month_start,
    months_between,
    next_month,
    quarter_containing,
    shifted,
)

CLOCK_KEY = "clock"
UNIT, MEMBER, INSTANCE = "unit:", "member:", "duty:"
CALENDAR = "calendar:"
#: Prefix of the documents of evidence awaiting its trigger, one per ``duty|correlation``.
AWAITING = "awaiting:"
#: Prefix of the documents of the organizations assigned to a person (联系点), one per
#: ``event|person``.
ASSIGNED = "assigned:"
#: A unit's fields that only ticks move, on the same days for every unit of a
#: partition (期间日历): the periods opened, the deferred member periods, the month
#: the member rules reached and the archive cut-offs. They are stored once per
#: partition and group of units with equal values (``calendar:<partition>``), not
#: in each unit's document, which a month's first tick would otherwise rewrite.
CALENDAR_FIELDS = frozenset(
    {"opened", "deferred", "rules_month", "decided_archived_before", "overdue_archived_before"}
)
#: Key of the first day each partition's log was observed (the log's beginning).
BEGAN_KEY = "began"
#: Key of the homes the log placed roots and top-level units in (subtree placement).
PLACED_KEY = "placed"
#: The fact a month not owed stands in for (``Member.months_not_owed``): the dues the
#: former organization received (党费交至月份), or need not be paid (免交党费).
DUES_PAID = DuesPaid.__name__


class Status(StrEnum):
    """履行状态 of an instance.

    open 未到期, fulfilled 已履行, overdue 逾期, fulfilled_late 逾期补履行, waived 免除.
    """

    OPEN = "open"
    FULFILLED = "fulfilled"
    OVERDUE = "overdue"
    FULFILLED_LATE = "fulfilled_late"
    WAIVED = "waived"


LIVE = frozenset({Status.OPEN, Status.OVERDUE})
#: Days after its deadline a decided (fulfilled, late, waived) instance is archived.
ARCHIVE_DECIDED_DAYS = 62
#: Days after its deadline an instance still overdue is archived (a year's review later).
ARCHIVE_OVERDUE_DAYS = 400


@dataclass(slots=True)
class Instance:
    """责任事项实例: one duty of one organization (and person or member) for one period.

    A slotted dataclass, not a model: memory holds tens of thousands of them
    (a fifth of a pydantic model's size); :data:`INSTANCE_ADAPTER` validates
    and serialises them.
    """

    __pydantic_config__ = ConfigDict(extra="forbid")

    duty_id: str
    period: str
    period_start: date
    period_end: date
    due_on: date
    remind_on: date
    catalog_version: str
    status: Status = Status.OPEN
    office: Office | None = None
    person_id: str | None = None
    member_id: str | None = None
    evidence: list[str] = field(default_factory=list)
    fulfilled_on: date | None = None
    reminded: bool = False
    questions: tuple[int, ...] | None = None
    correlation: str | None = None
    reason: str | None = None
    tally: Decimal | None = None
    #: 述职评议随述职: on the parent's evaluation of a holder's 述职 released because a
    #: predecessor gave the period's report in the holder's place, that predecessor, the
    #: reporter: the evaluation owed is about their report instead
    #: (:func:`~services.duties.domain.obligations.owed_instead`). None on every other
    #: instance (left out of its document). ``reason`` says it to people, in words that
    #: may change; this names it. A document stored before this field names no reporter:
    #: one released then has it read from the reason written then (:data:`RELEASED_THEN`),
    #: any other was released for no report.
    report_given_by: str | None = None
    #: 已离任: on an instance waived because its holder left an office on that day, that
    #: day: an appointment of theirs dated that day to another office of the duty
    #: continues the tenure (同日转任) and owes it again
    #: (:func:`~services.duties.domain.structure._continued`). None on every other
    #: instance (left out of its document). ``reason`` says it to people, in words that
    #: may change; this names it. A document stored before this field names no day: one
    #: waived then by a leaving has it read from the reason written then
    #: (:data:`LEFT_THEN`), any other was waived for another cause.
    left_on: date | None = None

    def span(self) -> Period:
        """The period the instance is for, as the catalog's period (考核周期)."""
        return Period(id=self.period, start=self.period_start, end=self.period_end)

    def next_look(self) -> date:
        """The next day a tick must look at this instance: reminder day, else after the deadline."""
        return shifted(self.due_on, 1) if self.reminded else self.remind_on

    @property
    def key(self) -> str:
        """The instance's key within its organization."""
        return instance_key(self.duty_id, self.period, self.member_id or self.person_id)


#: The reason an evaluation released for a predecessor's report was stored with before
#: :attr:`Instance.report_given_by` named the reporter (本期述职已由<reporter>作出, the only
#: wording written then): read from documents stored then, never from the state.
RELEASED_THEN = re.compile("本期述职已由(.+)作出")
#: The reason a holder's duty waived when they left was stored with before
#: :attr:`Instance.left_on` named the day (已离任（<day>）, the only wording written then):
#: read from documents stored then, never from the state.
LEFT_THEN = re.compile(r"已离任（(\d{4}-\d{2}-\d{2})）")


def _keyed_as_stored_then(instance: Instance) -> Instance:
    """``instance`` loaded, naming what its reason named if it was stored waived before a
    field kept it: the reporter of a release for a predecessor's report
    (:attr:`Instance.report_given_by`), the day of a leaving (:attr:`Instance.left_on`)."""
    if instance.status is not Status.WAIVED:
        return instance
    reason = instance.reason or ""
    if instance.report_given_by is None and (released := RELEASED_THEN.fullmatch(reason)):
        instance.report_given_by = released[1]
    if instance.left_on is None and (left := LEFT_THEN.fullmatch(reason)):
        instance.left_on = date.fromisoformat(left[1])
    return instance


#: Validates and serialises :class:`Instance` (stored documents, archived rows).
INSTANCE_ADAPTER: TypeAdapter[Instance] = TypeAdapter(
    Annotated[Instance, AfterValidator(_keyed_as_stored_then)]
)


def instance_key(duty_id: str, period: str, subject: str | None) -> str:
    """``duty|period|subject`` (subject empty for organization duties)."""
    return f"{duty_id}|{period}|{subject or ''}"


def _slot(duty_id: str, period: str) -> str:
    """``duty|period``: the instances of one duty's period, whoever their subjects."""
    return f"{duty_id}|{period}"


class DuesExemption(BaseModel):
    """免交党费: the months from ``first_month`` through ``last_month`` (None: not decided yet)
    a member in real financial hardship was approved to pay no dues (2008 党费规定:
    经党支部研究、报上一级党委批准，可以少交或免交党费)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_month: str
    last_month: str | None = when_set()

    def covers(self, month: str) -> bool:
        """Whether ``month`` (``YYYY-MM``) is exempt."""
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)


class Member(BaseModel):
    """党员: a member of a branch, from admission or transfer in until transfer out."""

    model_config = ConfigDict(extra="forbid")

    since: date
    known_on: date | None = Field(
        default=None,
        description="The log's day on the unit's partition when the member was added (None: "
        "before its first tick): periods opened on a later tick are owed by the member",
    )
    signals: dict[str, list[str]] = Field(
        default_factory=dict, description="Per member rule, the recent months with a signal"
    )
    probationary: bool = Field(
        default=False, description="Admitted as probationary and not yet confirmed (预备党员)"
    )
    facts: dict[str, date] = Field(
        default_factory=dict,
        description="Registry facts a member duty's condition names (e.g. quarterly dues "
        "agreed) or a member rule reads (away, back), by event type: the day from which "
        "the fact counts",
    )
    dues_paid_through: str | None = when_set(
        description="党费交至月份: the last month whose dues the member paid to the former "
        "organization, as the letter of introduction (组织关系介绍信) of the transfer in says; "
        "those months are paid, not owed here (:meth:`months_not_owed`)",
    )
    dues_exempt: list[DuesExemption] = when_any(
        list,
        description="免交党费: the exemptions the higher Party committee approved, one per "
        "first month, in order; their months are not owed (:meth:`months_not_owed`)",
    )
    paid_by_month: list[str] = when_any(
        list,
        description="按月已交: the months a consent to pay by quarter (经党支部同意按季度交纳党费) "
        "covers that the member had paid as months when it was recorded late (补录), in "
        "order: judged as months when paid, so not owed again in their quarter "
        "(:meth:`months_not_owed`)",
    )
    judged_by_month: list[str] = when_any(
        list,
        description="按月评议: in a state stored by older code, the months of a quarter still "
        "running that 党章第九条 had judged as months (each at its end) when a consent to pay "
        "by quarter covering them was recorded (补录), in order: not judged again when the "
        "quarter ends, since that code left their flag standing. Now such months are judged "
        "when their quarter ends and the flag is withdrawn: nothing is added here",
    )

    def not_owed(self, month: str) -> bool:
        """Whether the branch is owed no dues of the member for ``month`` (``YYYY-MM``): paid
        to the former organization before the transfer in (党费交至月份), exempt by an
        approved exemption (免交党费, 2008 党费规定: 生活确有困难…经党支部研究、报上一级党委批准),
        or paid as a month before a consent to pay by quarter covering it was recorded
        (按月已交). Either way the month is not silent for 党章第九条 (连续六个月不交纳党费):
        paid, or not paid with a 正当理由."""
        through = self.dues_paid_through
        if through is not None and month <= through:
            return True
        if month in self.paid_by_month:
            return True
        return any(exemption.covers(month) for exemption in self.dues_exempt)

    def months_not_owed(self, start: date, end: date) -> list[str]:
        """The months from ``start`` to ``end`` whose dues the branch is not owed
        (:meth:`not_owed`), in order."""
        if self.dues_paid_through is None and not self.dues_exempt and not self.paid_by_month:
            return []  # nearly every member: nothing to look at
        return [month for month in months_between(start, end) if self.not_owed(month)]

    def exempt(self, exemption: DuesExemption) -> None:
        """Keep an approved exemption (免交党费): it replaces the one with the same first month
        (restated, e.g. with its last month: 恢复交纳), else it is added."""
        kept = [e for e in self.dues_exempt if e.first_month != exemption.first_month]
        self.dues_exempt = sorted([*kept, exemption], key=lambda e: e.first_month)

    def meets(self, fact: str | None, with_fact: bool, on: date) -> bool:
        """Whether the member meets a member duty's condition on ``on`` (no fact: always)."""
        if fact is None:
            return True
        since = self.facts.get(fact)
        return (since is not None and since <= on) == with_fact

    @field_validator("signals")
    @classmethod
    def _shared_months(cls, signals: dict[str, list[str]]) -> dict[str, list[str]]:
        """Restored months share one string per month, as folded ones do (memory)."""
        return {rule: [sys.intern(month) for month in months] for rule, months in signals.items()}


class EarlyEvidence(BaseModel):
    """A fact kept for an instance not open yet, credited as of its own day once it opens.

    Two kinds: a fact about a person before the log knew them to hold the duty's office
    (任职前的佐证), kept for its period in case they take it then (a training in March, an
    appointment in May: see ``Evidence.before_office``) or the registry records an
    appointment dated before it (补录: a visit in June by a 党委委员 appointed in June,
    recorded in July), in the unit it names or, for the person wherever they serve, in
    :attr:`DutyState.awaiting`; and evidence of a within-days duty recorded before
    the trigger that opens the instance it evidences (先于触发事实记录的佐证: the contact
    point recorded before the registry records the appointment, the talk before the
    application), kept in :attr:`DutyState.awaiting`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: str
    event_id: str
    dated: date
    done_on: date
    amount: Decimal | None = None
    #: Kept no longer than this day: the last day an instance it may credit can fall due
    #: by its rule, for the period it counts for (任职前) or the trigger (先于触发).
    until: date
    #: The unit whose instance alone it may credit (a step on a finding, 所涉单位), or the
    #: organization a fact counted only at the person's assigned ones was done at (the
    #: branch visited, 联系点: ``Evidence.assigned_by``), if any.
    about: str | None = None


#: Validates and serialises the evidence kept under one ``duty|correlation`` (stored documents).
AWAITING_ADAPTER: TypeAdapter[list[EarlyEvidence]] = TypeAdapter(list[EarlyEvidence])
#: Validates and serialises the organizations assigned to one person (stored documents).
ASSIGNED_ADAPTER: TypeAdapter[dict[str, date]] = TypeAdapter(dict[str, date])


class Deferred(BaseModel):
    """A member duty's period opened for a unit, its members' instances not yet (待开立).

    Opening a monthly member duty (党费) would write an instance per member on
    the first of the month. Instead the period is noted here and a member's
    instance is opened when it is first needed: evidence for it, the member
    leaving, the unit dissolved, or the reminder day, when every member still
    without one gets it (and is reminded). The members who owe it are those
    the period's opening tick found: joined by the period's start, and known
    before that tick (``opened_on``), but those not owing any month of it
    (``not_owed_by``: paid to their former organization, 党费交至月份, or exempt,
    免交党费), whether known at the tick or recorded later.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    duty_id: str
    period: Period
    due_on: date
    remind_on: date
    catalog_version: str
    opened_on: date
    member_fact: str | None = None
    with_fact: bool = False
    not_owed_by: tuple[str, ...] = Field(
        default=(),
        description="Members the branch is owed no month of the period by (党费交至月份, "
        "免交党费: ``Member.months_not_owed``): they do not owe it here",
    )

    def owed_by(self, member_id: str, member: Member) -> bool:
        """Whether ``member`` owes the duty for this period (and meets its member condition)."""
        known_before = member.known_on is None or member.known_on < self.opened_on
        meets = member.meets(self.member_fact, self.with_fact, self.period.start)
        joined = member.since <= self.period.start
        return joined and known_before and meets and member_id not in self.not_owed_by

    def instance(self, member_id: str) -> Instance:
        """``member_id``'s instance, as opening the period for every member would have made it."""
        return Instance(
            duty_id=self.duty_id,
            period=self.period.id,
            period_start=self.period.start,
            period_end=self.period.end,
            due_on=self.due_on,
            remind_on=self.remind_on,
            catalog_version=self.catalog_version,
            member_id=member_id,
        )


class Watch(BaseModel):
    """A member watch's running clock (党员情况提示计时): flag ``member_id`` on ``flag_on``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    watch_id: str
    member_id: str
    since: date
    flag_on: date
    catalog_version: str
    opened_by: str


_Kept = TypeVar("_Kept")


class Continued(BaseModel):
    """同日转任: an office a holder left here the day they took the office this is kept
    under, and the day they had taken it (None: held since the unit's establishment)."""

    office: Office
    took: date | None = None


class HeldLeaving(BaseModel):
    """离任 whose waiver (已离任) is held until the day is over: ``person_id`` left an office
    of a duty owed by other offices too on ``left_on``, by the fact ``event_id``. An
    appointment of theirs that day, recorded after the leaving, continues the tenure
    (同日转任: a 委员 made 副书记) and nothing is waived; else the next tick waives what
    the leaving ended (:func:`services.duties.domain.structure.waive_held`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: str
    left_on: date
    event_id: str


@lru_cache(maxsize=1024)  # asked on every signal noted
def _indexed_from(evaluated: str) -> str:
    """The first month the signal index keeps once the member rules evaluated
    ``evaluated``: the first of the quarter the next month is in. A quarterly payer's
    months are judged together when their quarter ends (党章第九条 by quarter), so the
    quarter's earlier months stay indexed until then."""
    return month_of(quarter_containing(month_start(next_month(evaluated))).start)


class Unit(BaseModel):
    """党组织: what the log says about one organization, and its duty instances."""

    model_config = ConfigDict(extra="forbid")

    organization_id: str
    kind: OrganizationKind
    category: BranchCategory | None = None
    parent_id: str | None = None
    established_on: date
    dissolved_on: date | None = None
    partition: int
    term_start: date | None = None
    term_ends_on: date | None = None
    term_regular_end: date | None = Field(
        default=None, description="The term's end before any extension (延期前的届满日)"
    )
    holders: dict[Office, list[str]] = Field(default_factory=dict)
    took_office: dict[Office, dict[str, date]] = Field(
        default_factory=dict,
        description="任职日期: per office, the day a holder appointed after the unit was "
        "established took it, for the present tenure (a re-election keeps the first day); "
        "a holder not listed (appointed on establishment, or a document stored before this "
        "field) held it on every day the unit existed (:meth:`held_on`). A person who left "
        "the office keeps the day until they take an office here again, for an appointment "
        "that day to continue the tenure (:attr:`continued`)",
    )
    continued: dict[Office, dict[str, list[Continued]]] = Field(
        default_factory=dict,
        description="同日转任: per office, for a holder who took it the day they left "
        "others here (a 委员 made 副书记, in either order), the offices left and the day "
        "each was taken, and those these continued (a chain: 委员, 副书记, 书记): for a duty "
        "of both, one tenure (:meth:`held_on`). Kept while they hold the office. A document "
        "stored before this field, or before chains were kept, knows none or the last step "
        "only: the tenure starts when the office of the step it knows was taken, as then",
    )
    left_office: dict[Office, dict[str, date]] = Field(
        default_factory=dict,
        description="离任日期: per office, the day a person who left it did so, until they "
        "take an office here again (:meth:`left_on`): an appointment of theirs dated that "
        "day continues the tenure (同日转任: a 委员 made 副书记). A document stored before "
        "this field knows no leaving: such an appointment is a new tenure, as it was then",
    )
    held_leavings: list[HeldLeaving] = when_any(
        list,
        description="离任 recorded since the last tick whose waivers wait for the day to be "
        "over, in case an appointment of that day continues the tenure (同日转任). An older "
        "document has none: no waiver held, each said at its leaving as it was then",
    )
    needy_members: bool = Field(default=False, description="Has members in difficulty (困难党员)")
    flagged: list[str] = Field(
        default_factory=list,
        description="Structure rules whose flag is raised and not yet ended (组织设置提示)",
    )
    roll_emptied: bool = Field(
        default=False,
        description="The last member on the roll left at some time (转出, 停止党籍): the "
        "log named members here, so an empty roll is a known size (none), not an unknown "
        "one. Unset in a document stored by older code: members restored with it set it "
        "when the last of them leaves; a branch already empty when such a document was "
        "stored stays of unknown size (unflagged, as before) until members are named and "
        "leave again",
    )
    members: dict[str, Member] = Field(default_factory=dict, exclude=True)
    opened: dict[str, date] = Field(default_factory=dict, description="Last opened period end")
    deferred: list[Deferred] = Field(default_factory=list)
    rules_month: str | None = None
    signals_began: dict[str, str] = Field(
        default_factory=dict,
        description="Per member rule, the first month the unit's record shows (a signal "
        "recorded after the months the rules judged counts from the last of them: "
        "members.py ``_record_kept_from``); one stored by older code may have been moved "
        "back by such a signal, and stays so",
    )
    held_months: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Per member rule judged on the unit's own record (``judged_once_recorded``: "
        "attendance), the months, the last 24 (members.py ``KEPT_MONTHS``), it recorded such "
        "a signal of any member: the months it held 组织生活 (members.py ``_held_in``). A rule "
        "with a start (``signals_began``) and no months here is one of a document stored by "
        "older code: its months are unknown and judged as before (as held), and its next "
        "signal counts every month from its start to then as held (members.py ``_note_held``)",
    )
    watches: list[Watch] = Field(default_factory=list, description="Running member watches")
    early: dict[str, list[EarlyEvidence]] = Field(
        default_factory=dict,
        description="By instance key: evidence about a person before they took the office",
    )
    signalled: dict[str, dict[str, set[str]]] = Field(
        default_factory=dict,
        exclude=True,
        description="Derived: per month the member rules have yet to evaluate, or of the "
        "quarter they are in (a quarterly payer's months are judged when it ends), per "
        "rule, the members with its signal (so that evaluating a month looks only at the "
        "others)",
    )
    next_check: date | None = Field(default=None, exclude=True)
    open_keys: dict[str, int] = Field(
        default_factory=dict, exclude=True, description="Open instances: key → deadline year"
    )
    decided_archived_before: date | None = Field(
        default=None, description="Decided instances due before this day are archived"
    )
    overdue_archived_before: date | None = Field(
        default=None, description="Overdue instances due before this day are archived"
    )
    years: dict[int, dict[str, Instance]] = Field(default_factory=dict, exclude=True)
    held: dict[str, set[str]] = Field(
        default_factory=dict,
        exclude=True,
        description="Derived: per ``duty|period`` of a member duty, the members whose instance "
        "is in ``years``, so that opening a deferred period looks only at the others; dropped "
        "when the deferred period is closed, as nothing looks it up again (a restore indexes "
        "every instance in memory)",
    )

    def calendar(self) -> tuple[object, ...]:
        """The values of the :data:`CALENDAR_FIELDS`, hashable: units with equal ones
        share a group in their partition's calendar document. A deferred period is
        compared by all its field values (``vars``: every field, also one added later),
        which is cheaper than the models' own equality. The fields are spelled out, not
        read from that set (twice as fast, measured: 6 against 10-11 ms for 2,912
        units); a unit test holds them to one value per field."""
        return (
            tuple(sorted(self.opened.items())),
            tuple(tuple(vars(d).values()) for d in self.deferred),
            self.rules_month,
            self.decided_archived_before,
            self.overdue_archived_before,
        )

    def settled(self, due_on: date) -> bool:
        """Whether a period due on ``due_on`` is archived, so no longer credited (已归档)."""
        cutoff = self.decided_archived_before
        return cutoff is not None and due_on < cutoff

    def archives(self, instance: Instance) -> bool:
        """Whether ``instance`` belongs in the archive rather than in memory."""
        if instance.status is Status.OPEN:
            return False
        if instance.status is Status.OVERDUE:
            cutoff = self.overdue_archived_before
            return cutoff is not None and instance.due_on < cutoff
        return self.settled(instance.due_on)

    def held_on(self, office: Office, person: str, day: date, of: tuple[Office, ...] = ()) -> bool:
        """Whether ``person``, a holder of ``office`` now, held it already on ``day``; or,
        for a duty of the offices ``of``, held then another of them that they left the
        day they took ``office`` (同日转任, :attr:`continued`): one tenure of the duty."""
        if person not in self.holders.get(office, []):
            return False
        took = self.took_office.get(office, {}).get(person)
        if took is None or took <= day:
            return True
        left = self.continued.get(office, {}).get(person, [])
        return any(t.office in of and (t.took is None or t.took <= day) for t in left)

    def take_office(self, office: Office, person: str, on: date) -> None:
        """任职: ``person`` takes ``office`` on ``on``. The tenures of the offices here they
        left that day continue in it (同日转任: left first, :attr:`continued`); those of
        any office they left are forgotten."""
        left = [
            kept
            for old, people in sorted(self.left_office.items())
            if people.get(person) == on
            for kept in self._tenure(old, person)
        ]
        left = [kept for n, kept in enumerate(left) if kept not in left[:n]]
        self._forget_left(self.took_office, person)
        self._forget_left(self.continued, person)
        self.holders.setdefault(office, []).append(person)
        if on > self.established_on:
            self.took_office.setdefault(office, {})[person] = on
        if left:
            self.continued.setdefault(office, {})[person] = left

    def leave_office(self, office: Office, person: str, on: date) -> None:
        """离任: ``person`` leaves ``office`` on ``on``. An office they took that day continues
        its tenure (同日转任: taken first, :attr:`continued`); the day they took it is kept
        (:attr:`took_office`) for an appointment of theirs that day, recorded after."""
        self.holders[office].remove(person)
        left = self._tenure(office, person)
        for other, people in self.took_office.items():
            if people.get(person) == on and person in self.holders.get(other, []):
                self.continued.setdefault(other, {}).setdefault(person, []).extend(left)

    def _tenure(self, office: Office, person: str) -> list[Continued]:
        """``office`` as ``person`` held it, and the offices its tenure continued (a chain
        of 同日转任: a 委员 made 副书记, then 书记, that day or later), for the office they
        take the day they leave it: each keeps the day it was taken."""
        took = Continued(office=office, took=self.took_office.get(office, {}).get(person))
        return [took, *self.continued.get(office, {}).get(person, [])]

    def _forget_left(self, kept: dict[Office, dict[str, _Kept]], person: str) -> None:
        """Drop from ``kept`` what it holds of ``person`` for offices they no longer hold."""
        for office, people in list(kept.items()):
            if person in people and person not in self.holders.get(office, []):
                del people[person]
                if not people:
                    del kept[office]

    def left_on(self, office: Office, person: str) -> date | None:
        """The day ``person`` left ``office`` here, if they left it and took no office here
        since."""
        return self.left_office.get(office, {}).get(person)

    def holder(self, office: Office) -> str | None:
        """The (first) current holder of ``office``, if any."""
        people = self.holders.get(office)
        return people[0] if people else None

    def note_signal(self, rule_id: str, month: str, member_id: str) -> None:
        """Index ``member_id``'s signal for ``month``, if the rules may yet judge it."""
        if self.rules_month is None or month >= _indexed_from(self.rules_month):
            self.signalled.setdefault(month, {}).setdefault(rule_id, set()).add(member_id)

    def forget_signal(self, rule_id: str, month: str, member_id: str) -> None:
        """Drop ``member_id``'s signal for ``month`` from the index (no longer kept)."""
        self.signalled.get(month, {}).get(rule_id, set()).discard(member_id)

    def rules_evaluated(self, month: str) -> None:
        """The member rules have evaluated ``month`` and the months before it; the index
        keeps the months they may yet judge (:func:`_indexed_from`)."""
        self.rules_month = month
        kept_from = _indexed_from(month)
        for done in [pending for pending in self.signalled if pending < kept_from]:
            del self.signalled[done]

    def drop_member(self, member_id: str) -> None:
        """Remove ``member_id`` from the unit and from the signal index."""
        del self.members[member_id]
        for rules in self.signalled.values():
            for members in rules.values():
                members.discard(member_id)

    def hold(self, instance: Instance) -> None:
        """Keep ``instance`` in memory, under its deadline's year."""
        bucket, key = self.years.setdefault(instance.due_on.year, {}), instance.key
        if instance.member_id is not None and key not in bucket:
            self.held.setdefault(_slot(instance.duty_id, instance.period), set()).add(
                instance.member_id
            )
        bucket[key] = instance

    def release(self, instance: Instance) -> None:
        """Drop ``instance`` from memory (archived)."""
        year = instance.due_on.year
        del self.years[year][instance.key]
        if not self.years[year]:
            del self.years[year]
        slot = _slot(instance.duty_id, instance.period)
        if instance.member_id is not None and slot in self.held:
            self.held[slot].discard(instance.member_id)
            if not self.held[slot]:
                del self.held[slot]

    def find(self, key: str) -> Instance | None:
        """The instance with ``key``, in whichever deadline year it sits."""
        for bucket in self.years.values():
            if key in bucket:
                return bucket[key]
        return None

    def open_instances(self) -> list[Instance]:
        """The open instances, in key order."""
        return [self.years[year][key] for key, year in sorted(self.open_keys.items())]

    def deferred_instances(
        self, member_id: str | None = None, periods: list[Deferred] | None = None
    ) -> Iterator[tuple[Deferred, str]]:
        """The member instances owed but not yet opened: of ``member_id`` only, and of
        ``periods`` only (by default every deferred period), in member id order."""
        members = self.members.keys() if member_id is None else {member_id}
        for deferred in self.deferred if periods is None else periods:
            held = self.held.get(_slot(deferred.duty_id, deferred.period.id), set())
            for who in sorted(members - held):
                if deferred.owed_by(who, self.members[who]):
                    yield deferred, who

    def look_by(self, day: date) -> None:
        """Make sure a tick looks at the unit on ``day`` (or earlier)."""
        if self.next_check is None or day < self.next_check:
            self.next_check = day

    def next_look(self, open_instances: list[Instance] | None = None) -> date | None:
        """The next day a tick must look at the unit: an instance's, or a reminder day.

        ``open_instances``: the open instances, when the caller has just walked them.
        """
        instances = self.open_instances() if open_instances is None else open_instances
        days = [i.next_look() for i in instances]
        return min([*days, *(d.remind_on for d in self.deferred)], default=None)

    def instances(self, since_year: int | None = None) -> Iterator[Instance]:
        """Instances in deadline-year order (from ``since_year``), then key order."""
        for year in sorted(self.years):
            if since_year is None or year >= since_year:
                bucket = self.years[year]
                for key in sorted(bucket):
                    yield bucket[key]


class DutyState(BaseModel):
    """The whole projection: units by id and the log's clock per partition (时钟)."""

    model_config = ConfigDict(extra="forbid")

    units: dict[str, Unit] = Field(default_factory=dict)
    clock: dict[int, date] = Field(default_factory=dict)
    #: The first tick's day per partition: periods that began earlier are not judged.
    began: dict[int, date] = Field(default_factory=dict)
    #: Homes of the roots and top-level units, from ``UnitPlaced`` (归属分区; none: the
    #: log was written under key placement).
    placed: dict[str, int] = Field(default_factory=dict)
    #: Evidence of a within-days duty that no instance took, by ``duty|correlation``: recorded
    #: before its trigger (先于触发事实记录的佐证), it is credited when the trigger opens the
    #: instance (:func:`services.duties.domain.evidence.credit_awaiting`); and a person's
    #: evidence for every office they may take in the period (a training), by
    #: ``duty|period|person`` (:func:`services.duties.domain.evidence.credit_early`). Let go
    #: once no instance it may credit can open (:meth:`let_go_awaiting`).
    awaiting: dict[str, list[EarlyEvidence]] = Field(default_factory=dict)
    #: 联系点: by ``event|person``, the organizations a fact of ``event`` assigned to the
    #: person (``Evidence.assigned_by``: a 党委成员's contact branches), each with the day of
    #: its earliest assignment; nothing ends one. A state stored by older code has none:
    #: its people count as having no contact point (their visits count anywhere, as that
    #: code counted them) until an assignment is folded, so restore such a state by
    #: replaying the log.
    assigned: dict[str, dict[str, date]] = Field(default_factory=dict)
    #: Derived: live within-days instances by ``duty|correlation`` → (organization, key).
    correlations: dict[str, list[tuple[str, str]]] = Field(default_factory=dict, exclude=True)
    #: Derived: organization ids per partition, sorted.
    by_partition: dict[int, list[str]] = Field(default_factory=dict, exclude=True)
    #: Keys of the stored documents changed since they were last taken.
    changed: set[str] = Field(default_factory=set, exclude=True)
    #: Archived instances by document key: until written (or for good, ``keep_archive``).
    archive: dict[str, tuple[str, Instance]] = Field(default_factory=dict, exclude=True)
    #: Keep archived instances in memory (a replay that answers queries afterwards).
    keep_archive: bool = Field(default=False, exclude=True)

    def add_unit(self, unit: Unit) -> None:
        """Register ``unit`` (new or restored) in the indexes."""
        self.units[unit.organization_id] = unit
        ids = self.by_partition.setdefault(unit.partition, [])
        if unit.organization_id not in ids:
            bisect.insort(ids, unit.organization_id)
        self.touch(unit)
        self.touch_calendar(unit)
        for instance in unit.instances():
            self.index(unit, instance)

    def home_of(self, organization_id: str, parent_id: str | None, partition: int) -> int:
        """The partition a new unit is folded on (its ``partition``): under subtree placement
        its placed home, else its parent's; under key placement the partition its
        establishment was read from."""
        if not self.placed:
            return partition
        if organization_id in self.placed:
            return self.placed[organization_id]
        parent = self.units.get(parent_id or "")
        return partition if parent is None else parent.partition

    def visiting(self, subject: str, partition: int) -> bool:
        """Whether a fact about ``subject`` read from ``partition`` visits it (来访事实): under
        subtree placement, its subject is folded on another partition. It is there for what
        it may credit (a committee's letter, a talk with a 党总支书记) or, a parent's structure
        (a root's, a shared parent's), for the units that answer through the parent."""
        if not self.placed:
            return False
        unit = self.units.get(subject)
        return unit is None or unit.partition != partition

    def owns(self, unit: Unit, partition: int) -> bool:
        """Whether the fold of ``partition`` keeps ``unit``'s duties: always under key
        placement (one fold reads every partition), else on the unit's home only."""
        return not self.placed or unit.partition == partition

    def put(self, unit: Unit, instance: Instance) -> None:
        """Store ``instance`` in ``unit`` (or in the archive) and record the change."""
        key = instance.key
        unit.hold(instance)
        self.index(unit, instance)
        self.changed.add(instance_document(unit.organization_id, key))
        if unit.archives(instance):
            self._archive(unit, instance)
        if instance.status is not Status.OPEN:
            unit.open_keys.pop(key, None)
        else:
            unit.open_keys[key] = instance.due_on.year
            unit.look_by(instance.next_look())

    def open_deferred(self, unit: Unit, member_id: str) -> None:
        """Open ``member_id``'s deferred instances (the member is leaving: they are waived)."""
        for deferred, who in list(unit.deferred_instances(member_id)):
            self.put(unit, deferred.instance(who))

    def close_deferred(self, unit: Unit, reminded_by: date | None = None) -> None:
        """Open every deferred instance of the periods whose reminder day is ``reminded_by``
        or earlier (all periods: None), and forget those periods."""
        closing: list[Deferred] = []
        kept: list[Deferred] = []
        for deferred in unit.deferred:
            due = reminded_by is None or deferred.remind_on <= reminded_by
            (closing if due else kept).append(deferred)
        if not closing:
            return
        for deferred, who in list(unit.deferred_instances(periods=closing)):
            self.put(unit, deferred.instance(who))
        unit.deferred = kept
        for deferred in closing:
            unit.held.pop(_slot(deferred.duty_id, deferred.period.id), None)
        self.touch_calendar(unit)

    def defer(self, unit: Unit, deferred: Deferred) -> None:
        """Note a member duty's period whose instances open when needed (see :class:`Deferred`)."""
        unit.deferred.append(deferred)
        self.touch_calendar(unit)
        unit.look_by(deferred.remind_on)

    def archive_settled(self, unit: Unit, today: date) -> None:
        """Move the unit's instances settled as of ``today`` to the archive (月度归档)."""
        unit.decided_archived_before = today - ARCHIVE_DECIDED_DAYS * ONE_DAY
        unit.overdue_archived_before = today - ARCHIVE_OVERDUE_DAYS * ONE_DAY
        self.touch_calendar(unit)
        # Nothing due after the later cut-off can be settled: look only up to its year.
        last_year = unit.decided_archived_before.year
        for year in [year for year in unit.years if year <= last_year]:
            for instance in list(unit.years[year].values()):
                if unit.archives(instance):
                    self._archive(unit, instance)

    def _archive(self, unit: Unit, instance: Instance) -> None:
        unit.release(instance)
        if instance.correlation is not None:
            entries = self.correlations.get(f"{instance.duty_id}|{instance.correlation}", [])
            if (unit.organization_id, instance.key) in entries:
                entries.remove((unit.organization_id, instance.key))
        key = instance_document(unit.organization_id, instance.key)
        self.archive[key] = (unit.organization_id, instance)

    def let_go_awaiting(self) -> None:
        """Let go the evidence awaiting a trigger that no instance it may credit can open
        any more (on the first day of a month, after the archiving: :meth:`archive_settled`).

        Such an instance is due by the evidence's ``until`` at the latest; once every
        unit folded here archives decided instances due before a later day (its
        ``decided_archived_before``), a trigger recorded from now on would find that
        instance's period settled and open nothing (``open_instance`` opens no archived
        period), so dropping the evidence changes no verdict. Nothing is let go while a
        unit has no cut-off yet (new since its partition's last first of a month).
        """
        if not self.awaiting:
            return
        cutoffs = [
            self.units[org].decided_archived_before
            for partition in self.clock
            for org in self.by_partition.get(partition, [])
        ]
        days = [day for day in cutoffs if day is not None]
        if not days or len(days) < len(cutoffs):
            return
        floor = min(days)
        for slot, kept in list(self.awaiting.items()):
            left = [early for early in kept if early.until >= floor]
            if len(left) < len(kept):
                self.keep_awaiting(slot, left)

    def keep_awaiting(self, slot: str, kept: list[EarlyEvidence]) -> None:
        """Hold ``kept`` as the evidence awaiting a trigger under ``slot`` (none: drop it)
        and record that its document must be written back."""
        if kept:
            self.awaiting[slot] = kept
        else:
            self.awaiting.pop(slot, None)
        self.changed.add(f"{AWAITING}{slot}")

    def assign(self, slot: str, organization_id: str, on: date) -> None:
        """Record ``organization_id`` assigned under ``slot`` (``event|person``) on ``on``,
        the earliest day it was."""
        assigned = self.assigned.setdefault(slot, {})
        if organization_id not in assigned or on < assigned[organization_id]:
            assigned[organization_id] = on
            self.changed.add(f"{ASSIGNED}{slot}")

    def index(self, unit: Unit, instance: Instance) -> None:
        """Keep the correlation index of live within-days instances."""
        if instance.correlation is None:
            return
        slot = f"{instance.duty_id}|{instance.correlation}"
        entry = (unit.organization_id, instance.key)
        entries = self.correlations.setdefault(slot, [])
        if instance.status in LIVE and entry not in entries:
            entries.append(entry)
        elif instance.status not in LIVE and entry in entries:
            entries.remove(entry)

    def touch(self, unit: Unit) -> None:
        """Record that ``unit``'s own document must be written back."""
        self.changed.add(f"{UNIT}{unit.organization_id}")

    def touch_calendar(self, unit: Unit) -> None:
        """Record that a :data:`CALENDAR_FIELDS` value of ``unit`` changed: its
        partition's calendar document must be written back."""
        self.changed.add(calendar_document(unit.partition))

    def touch_member(self, unit: Unit, member_id: str) -> None:
        """Record that a member's document must be written back (or deleted: gone)."""
        self.changed.add(member_document(unit.organization_id, member_id))


def instance_document(organization_id: str, key: str) -> str:
    """The document key of one instance (organization ids never contain ``|``)."""
    return f"{INSTANCE}{organization_id}|{key}"


def calendar_document(partition: int) -> str:
    """The document key of one partition's calendar (see :data:`CALENDAR_FIELDS`)."""
    return f"{CALENDAR}{partition}"


def member_document(organization_id: str, member_id: str) -> str:
    """The document key of one member."""
    return f"{MEMBER}{organization_id}|{member_id}"


def document_owner(key: str, prefix: str) -> tuple[str, str]:
    """The organization id and the member id or instance key of a ``prefix`` document key."""
    org, _, rest = key.removeprefix(prefix).partition("|")
    return org, rest
