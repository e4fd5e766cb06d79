"""党组织 (units): what the log says about one organization, and its duty instances.

A :class:`Unit` holds its office holders and their tenures (任职, 离任, 同日转任:
:class:`Continued`, :class:`HeldLeaving`), its members, its running member
watches (:class:`Watch`), the facts kept about a person before they took an
office, and its duty instances, bucketed in memory by the year of their
deadline. Its archive cut-offs say which instances belong in memory (归档).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from contracts.events.enums import BranchCategory, Office, OrganizationKind
from services.common.stored import when_any
from services.common.tenure import chain_end
from services.duties.domain.instances import Deferred, EarlyEvidence, Instance, Status
from services.duties.domain.periods import month_of, month_start, next_month, quarter_containing
from services.duties.domain.roll import Member


def period_slot(duty_id: str, period: str) -> str:
    """``duty|period``: the instances of one duty's period, whoever their subjects."""
    return f"{duty_id}|{period}"


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


class Suspension(BaseModel):
    """停止党籍: a member suspended from the unit's roll on ``suspended_on`` and not restored
    yet, with, per member rule, the months of his signals from the suspension's month on:
    those noted before it was recorded (补录) and those recorded since (the registry keeps
    his record; dues he pays are paid), for his restoration (恢复党籍) to note."""

    model_config = ConfigDict(extra="forbid")

    suspended_on: date
    signals: dict[str, list[str]] = when_any(dict)
    facts: dict[str, date] = when_any(
        dict,
        description="The facts a member rule reads (外出, 返回: ``Member.facts``) recorded "
        "while the log had him suspended, by event type: his restoration (恢复党籍) notes "
        "those dated on or after its day, as had it been recorded first",
    )
    #: 组织关系转出 recorded while the log had him suspended: a restoration recorded later
    #: (补录) puts him on the roll until that day only.
    transferred_on: date | None = None


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
    parent_since: date | None = Field(
        default=None,
        description="隶属关系调整: the day the unit was placed under its present parent; None "
        "while under the parent it was established under (or a document stored before this "
        "field: read as such, as it was)",
    )
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
    suspended: dict[str, Suspension] = when_any(
        dict,
        description="停止党籍: the members suspended from this roll and not restored, by id "
        "(members.py ``count_while_suspended``)",
    )
    transferred_out: dict[str, date] = Field(
        default_factory=dict,
        exclude=True,
        description="组织关系转出: the day each member transferred out of this roll left it, by "
        "id, until he joins it again: a 恢复党籍 dated on or before that day and recorded after "
        "it (补录) does not bring him back (structure.py ``register``). Stored apart "
        "(``left:<org>|<member>``)",
    )
    ended: dict[str, date] = when_any(
        dict,
        description="党员减少 (去世、出党): the day the membership ended of each member whose "
        "end this unit recorded, on its roll or suspended from it: no watch runs over him "
        "(watches.py), whatever the day of the fact that would open it",
    )
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
        "attendance), the months, the last 24 (member_runs.py ``KEPT_MONTHS``), it recorded such "
        "a signal of any member: the months it held 组织生活 (member_runs.py ``held_in``). A rule "
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
        """The values of the :data:`~services.duties.domain.state.CALENDAR_FIELDS`,
        hashable: units with equal ones share a group in their partition's calendar
        document. A deferred period is compared by all its field values (``vars``: every
        field, also one added later), which is cheaper than the models' own equality. The
        fields are spelled out, not read from that set (twice as fast, measured: 6 against
        10-11 ms for 2,912 units); a unit test holds them to one value per field."""
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

    def office_held_on(self, office: Office, day: date) -> bool:
        """Whether anyone held ``office`` on ``day``: a present holder (:meth:`held_on`),
        or one who has left it since, by the term the unit still keeps of them (任职日期
        to 离任日期, until they take an office here again)."""
        if any(self.held_on(office, person, day) for person in self.holders.get(office, [])):
            return True
        took = self.took_office.get(office, {})
        left = self.left_office.get(office, {})
        return any((took.get(person) or date.min) <= day < on for person, on in left.items())

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

    def tenure_end(self, offices: tuple[Office, ...], person: str, day: date) -> date:
        """The last day of ``person``'s tenure in ``offices`` that a leaving on ``day`` ends
        (:func:`chain_end`), along the terms kept (:attr:`took_office` to
        :attr:`left_office`)."""
        took = self.took_office
        return chain_end(day, [(took.get(office, {}).get(person, date.min),
                                self.left_on(office, person)) for office in offices])  # fmt: skip

    def left_on(self, office: Office, person: str) -> date | None:
        """The day ``person`` left ``office`` here, if they left it and took no office here
        since."""
        return self.left_office.get(office, {}).get(person)

    def in_office(self) -> list[str]:
        """Everyone holding an office here (任职), office by office."""
        return [person for people in self.holders.values() for person in people]

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
            self.held.setdefault(period_slot(instance.duty_id, instance.period), set()).add(
                instance.member_id
            )
        bucket[key] = instance

    def release(self, instance: Instance) -> None:
        """Drop ``instance`` from memory (archived)."""
        year = instance.due_on.year
        del self.years[year][instance.key]
        if not self.years[year]:
            del self.years[year]
        slot = period_slot(instance.duty_id, instance.period)
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
            held = self.held.get(period_slot(deferred.duty_id, deferred.period.id), set())
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
