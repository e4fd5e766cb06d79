"""Duty instances (责任事项实例): what memory holds of them and how their documents load.

One :class:`Instance` per (organization, duty, period, subject) where the
subject is the office holder or member for per-person duties; a member's is
opened when first needed (待开立: :class:`Deferred`). A fact that reaches an
instance not open yet is kept as :class:`EarlyEvidence`. Each instance is
stored as a keyed JSON document of its own; :data:`INSTANCE_ADAPTER` loads
one, reading from a document stored by older code what only its reason named
then (:data:`RELEASED_THEN`, :data:`LEFT_THEN`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from contracts.catalog import Period
from contracts.events.enums import Office
from services.duties.domain.periods import shifted
from services.duties.domain.roll import Member


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
    #: 设委员的: on an instance of a duty owed only with an office, released because a
    #: leaving recorded late (补录) left that office empty from this day, before the
    #: period began: an appointment recorded late that shows the office held on the
    #: period's first day owes it again
    #: (:func:`~services.duties.domain.structure._owed_with`). None on every other
    #: instance (left out of its document). A document stored before this field has it
    #: read from the reason written then (:data:`VACANT_THEN`).
    vacant_from: date | None = None

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


#: The reason a period owed only with an office was released for want of a holder was
#: stored with before :attr:`Instance.vacant_from` named the day (<day>起未设<office>, the
#: only wording written then): read from documents stored then, never from the state.
VACANT_THEN = re.compile(r"(\d{4}-\d{2}-\d{2})起未设.+")


def _keyed_as_stored_then(instance: Instance) -> Instance:
    """``instance`` loaded, naming what its reason named if it was stored waived before a
    field kept it: the reporter of a release for a predecessor's report
    (:attr:`Instance.report_given_by`), the day of a leaving (:attr:`Instance.left_on`),
    the day an office fell vacant (:attr:`Instance.vacant_from`)."""
    if instance.status is not Status.WAIVED:
        return instance
    reason = instance.reason or ""
    if instance.report_given_by is None and (released := RELEASED_THEN.fullmatch(reason)):
        instance.report_given_by = released[1]
    if instance.left_on is None and (left := LEFT_THEN.fullmatch(reason)):
        instance.left_on = date.fromisoformat(left[1])
    if instance.vacant_from is None and (vacant := VACANT_THEN.fullmatch(reason)):
        instance.vacant_from = date.fromisoformat(vacant[1])
    return instance


#: Validates and serialises :class:`Instance` (stored documents, archived rows).
INSTANCE_ADAPTER: TypeAdapter[Instance] = TypeAdapter(
    Annotated[Instance, AfterValidator(_keyed_as_stored_then)]
)


def instance_key(duty_id: str, period: str, subject: str | None) -> str:
    """``duty|period|subject`` (subject empty for organization duties)."""
    return f"{duty_id}|{period}|{subject or ''}"


class EarlyEvidence(BaseModel):
    """A fact kept for an instance not open yet, credited as of its own day once it opens.

    Two kinds: a fact about a person before the log knew them to hold the duty's office
    (任职前的佐证), kept for its period in case they take it then (a training in March, an
    appointment in May: see ``Evidence.before_office``) or the registry records an
    appointment dated before it (补录: a visit in June by a 党委委员 appointed in June,
    recorded in July), in the unit it names or, for the person wherever they serve, in
    :attr:`~services.duties.domain.state.DutyState.awaiting`; and evidence of a
    within-days duty recorded before the trigger that opens the instance it evidences
    (先于触发事实记录的佐证: the contact point recorded before the registry records the
    appointment, the talk before the application), kept in
    :attr:`~services.duties.domain.state.DutyState.awaiting`.
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
