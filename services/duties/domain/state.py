"""Duty state (责任状态): the units folded, the log's clock per partition, the evidence kept.

:class:`DutyState` holds the organizations (:class:`~services.duties.domain.units.Unit`,
with their office holders, members and duty instances) by id, with the indexes
derived from them. The state is stored as keyed JSON documents (see
:mod:`services.duties.domain.documents`), one per unit, per member and per
instance, so a batch rewrites only what it changed; ``changed`` records which
keys the fold touched, and this module names those keys.

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
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from services.duties.domain.instances import LIVE, Deferred, EarlyEvidence, Instance, Status
from services.duties.domain.periods import ONE_DAY
from services.duties.domain.units import Unit, period_slot

CLOCK_KEY = "clock"
UNIT, MEMBER, INSTANCE = "unit:", "member:", "duty:"
CALENDAR = "calendar:"
#: Prefix of the documents of evidence awaiting its trigger, one per ``duty|correlation``.
AWAITING = "awaiting:"
#: Prefix of the documents of the organizations assigned to a person (联系点), one per
#: ``event|person``.
ASSIGNED = "assigned:"
#: Prefix of the documents of the members who transferred out of a unit's roll (转出),
#: one per ``org|member`` (``Unit.transferred_out``), kept apart from the unit's document,
#: which they would otherwise grow with the history.
LEFT = "left:"
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


#: Days after its deadline a decided (fulfilled, late, waived) instance is archived.
ARCHIVE_DECIDED_DAYS = 62
#: Days after its deadline an instance still overdue is archived (a year's review later).
ARCHIVE_OVERDUE_DAYS = 400


#: Validates and serialises the evidence kept under one ``duty|correlation`` (stored documents).
AWAITING_ADAPTER: TypeAdapter[list[EarlyEvidence]] = TypeAdapter(list[EarlyEvidence])
#: Validates and serialises the organizations assigned to one person (stored documents).
ASSIGNED_ADAPTER: TypeAdapter[dict[str, date]] = TypeAdapter(dict[str, date])


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
    #: instance (:func:`services.duties.domain.awaiting.credit_awaiting`); and a person's
    #: evidence for every office they may take in the period (a training), by
    #: ``duty|period|person`` (:func:`services.duties.domain.early.credit_early`). Let go
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
    #: Derived: the organizations where each person holds an office (任职), so that finding
    #: a person's units does not read every unit (:meth:`note_holders`).
    holding: dict[str, set[str]] = Field(default_factory=dict, exclude=True)
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
        self.note_holders(unit, unit.in_office())
        for instance in unit.instances():
            self.index(unit, instance)

    def note_holders(self, unit: Unit, people: Iterable[str]) -> None:
        """Bring :attr:`holding` up to date for ``people`` in ``unit``, whose offices there
        changed: kept where they hold one, dropped where they hold none."""
        org, held = unit.organization_id, set(unit.in_office())
        for person in people:
            if person in held:
                self.holding.setdefault(person, set()).add(org)
            elif org in self.holding.get(person, ()):
                self.holding[person].discard(org)
                if not self.holding[person]:
                    del self.holding[person]

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
            unit.held.pop(period_slot(deferred.duty_id, deferred.period.id), None)
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

    def touch_left(self, unit: Unit, member_id: str) -> None:
        """Record that the day a member transferred out of ``unit`` changed (or is gone)."""
        self.changed.add(left_document(unit.organization_id, member_id))


def instance_document(organization_id: str, key: str) -> str:
    """The document key of one instance (organization ids never contain ``|``)."""
    return f"{INSTANCE}{organization_id}|{key}"


def calendar_document(partition: int) -> str:
    """The document key of one partition's calendar (see :data:`CALENDAR_FIELDS`)."""
    return f"{CALENDAR}{partition}"


def member_document(organization_id: str, member_id: str) -> str:
    """The document key of one member."""
    return f"{MEMBER}{organization_id}|{member_id}"


def left_document(organization_id: str, member_id: str) -> str:
    """The document key of the day a member transferred out of a unit (``LEFT``)."""
    return f"{LEFT}{organization_id}|{member_id}"


def document_owner(key: str, prefix: str) -> tuple[str, str]:
    """The organization id and the member id or instance key of a ``prefix`` document key."""
    org, _, rest = key.removeprefix(prefix).partition("|")
    return org, rest
