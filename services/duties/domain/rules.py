"""The duty catalog versions as the fold consults them (职责目录各版本).

:class:`Rules` wraps the catalog history with indexes: which duties an event
evidences or triggers, which periodic duties an organization owes. The
version in force on a period's first day governs that period, so 2017 history
is judged by the 2017 rules. A duty id keeps its cadence across versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from contracts.catalog import (
    CATALOGS,
    Duty,
    DutyCatalog,
    Evidence,
    FieldFilter,
    MemberRule,
    MemberWatch,
    Period,
    PeriodicCadence,
    Scope,
    TermCadence,
    WithinDaysCadence,
)
from contracts.catalog.versioning import in_force
from contracts.events.base import Payload
from contracts.events.members import DuesPaid
from services.duties.domain.matching import value_of
from services.duties.domain.periods import PeriodKind, period_containing


@dataclass(frozen=True)
class VersionIndex:
    """One catalog version's duties grouped the ways the fold looks them up (catalog order)."""

    duties: dict[str, Duty]
    periodic: dict[PeriodKind, tuple[Duty, ...]]
    term_duties: tuple[tuple[Duty, TermCadence], ...]
    #: Each member's dues by their rhythm (按月, 按季度 交纳党费): the periodic member duties
    #: evidenced by dues paid alone, with their cadence.
    member_dues: tuple[tuple[Duty, PeriodKind], ...]

    @classmethod
    def of(cls, catalog: DutyCatalog) -> VersionIndex:
        periodic: dict[PeriodKind, list[Duty]] = {}
        terms: list[tuple[Duty, TermCadence]] = []
        dues: list[tuple[Duty, PeriodKind]] = []
        for duty in catalog.duties:
            cadence = duty.cadence
            if isinstance(cadence, PeriodicCadence):
                periodic.setdefault(cadence.kind, []).append(duty)
                if _member_dues(duty):
                    dues.append((duty, cadence.kind))
            elif isinstance(cadence, TermCadence):
                terms.append((duty, cadence))
        return cls(
            duties={d.id: d for d in catalog.duties},
            periodic={kind: tuple(ds) for kind, ds in periodic.items()},
            term_duties=tuple(terms),
            member_dues=tuple(dues),
        )


def _member_dues(duty: Duty) -> bool:
    """Whether ``duty`` is owed by each member and evidenced by dues paid (``DuesPaid``)."""
    paid = all(spec.event == DuesPaid.__name__ for spec in duty.evidence)
    return duty.applies_to.scope is Scope.MEMBER and paid


@dataclass(frozen=True)
class EvidenceIndex:
    """The duties one event type may evidence, by the value of its deciding field (区分字段).

    The deciding field is the one the duties' evidence filters most often ask to
    equal a value or be one of several (``MeetingHeld.kind``,
    ``SelfCheckAnswered.question``). A duty with an evidence statement of the
    type that does not filter on it is a candidate for every value (``always``).
    Candidates keep the order of :meth:`Rules.evidenced_by`.
    """

    field: str | None
    by_value: dict[object, tuple[str, ...]]
    always: tuple[str, ...]

    @classmethod
    def of(cls, event: str, duties: Sequence[Duty]) -> EvidenceIndex:
        specs = {d.id: [e for e in d.evidence if e.event == event] for d in duties}
        fields = sorted(
            {c.field for found in specs.values() for e in found for c in e.where if _equality(c)}
        )
        if not fields:
            return cls(None, {}, tuple(specs))
        accepted = {f: {d: _accepted(found, f) for d, found in specs.items()} for f in fields}
        field = min(fields, key=lambda f: sum(a is None for a in accepted[f].values()))
        allowed = accepted[field]
        values = {v for found in allowed.values() if found is not None for v in found}
        return cls(
            field,
            {v: tuple(d for d, a in allowed.items() if a is None or v in a) for v in values},
            tuple(d for d, a in allowed.items() if a is None),
        )

    def candidates(self, payload: Payload) -> tuple[str, ...]:
        """The duties ``payload`` may evidence (those its deciding field's value names)."""
        if self.field is None:
            return self.always
        value = value_of(payload, self.field)
        try:
            return self.by_value.get(value, self.always)
        except TypeError:  # an unhashable value equals no filter's value
            return self.always


def _equality(condition: FieldFilter) -> bool:
    return condition.equals is not None or condition.one_of is not None


def _accepted(specs: Sequence[Evidence], field: str) -> frozenset[object] | None:
    """The values of ``field`` that let one of ``specs`` match (None: any value may)."""
    accepted: set[object] = set()
    for spec in specs:
        allowed: frozenset[object] | None = None
        for condition in (c for c in spec.where if c.field == field and _equality(c)):
            values = (condition.equals,) if condition.one_of is None else condition.one_of
            allowed = frozenset(values) if allowed is None else allowed & frozenset(values)
        if allowed is None:
            return None
        accepted |= allowed
    return frozenset(accepted)


class Rules:
    """The catalog history (oldest first) with lookups by day, version, event type."""

    def __init__(self, catalogs: Sequence[DutyCatalog] = CATALOGS) -> None:
        self.catalogs = tuple(catalogs)
        self._by_version = {c.version: c for c in self.catalogs}
        self._indexes = {c.version: VersionIndex.of(c) for c in self.catalogs}
        self._in_force: dict[date, DutyCatalog | None] = {}
        self._periods: dict[tuple[PeriodKind, date], tuple[Period, DutyCatalog | None]] = {}
        self._evidence: dict[tuple[int, str], tuple[Duty, tuple[Evidence, ...]]] = {}

    @cached_property
    def first_effective(self) -> date:
        """The day the first catalog version took effect (施行日期)."""
        return min(c.effective_from for c in self.catalogs)

    def in_force(self, day: date) -> DutyCatalog | None:
        """The version in force on ``day``, or None before the first."""
        if day not in self._in_force:
            self._in_force[day] = (
                in_force(self.catalogs, day) if day >= self.first_effective else None
            )
        return self._in_force[day]

    def period_of(self, kind: PeriodKind, day: date) -> tuple[Period, DutyCatalog | None]:
        """The ``kind`` period containing ``day`` (by the academic calendar of the version
        in force that day, the first before any) and the version governing it: the one
        in force on its first day. Asked for every fact and tick, answered once a day."""
        key = (kind, day)
        found = self._periods.get(key)
        if found is None:
            calendar = (self.in_force(day) or self.catalogs[0]).settings.academic_calendar
            period = period_containing(kind, day, calendar)
            found = self._periods[key] = (period, self.in_force(period.start))
        return found

    def version(self, version: str) -> DutyCatalog:
        """The catalog version called ``version`` (e.g. ``v1``)."""
        return self._by_version[version]

    def duty(self, version: str, duty_id: str) -> Duty:
        """Duty ``duty_id`` as version ``version`` states it."""
        return self._indexes[version].duties[duty_id]

    def find(self, catalog: DutyCatalog, duty_id: str) -> Duty | None:
        """Duty ``duty_id`` as ``catalog`` states it, or None if ``catalog`` has no such duty."""
        return self._indexes[catalog.version].duties.get(duty_id)

    @cached_property
    def _latest(self) -> dict[str, Duty]:
        """Every duty id ever cataloged, as its newest version states it."""
        return {d.id: d for c in self.catalogs for d in c.duties}

    def latest(self, duty_id: str) -> Duty:
        """Duty ``duty_id`` as the newest version that has it states it."""
        return self._latest[duty_id]

    @cached_property
    def _evidenced_by(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for duty in self._latest.values():
            for event in sorted({e.event for e in duty.evidence}):
                index.setdefault(event, []).append(duty.id)
        return {event: tuple(ids) for event, ids in index.items()}

    def evidenced_by(self, event_type: str) -> tuple[str, ...]:
        """Ids of the duties that an event of ``event_type`` (e.g. ``MeetingHeld``) may evidence."""
        return self._evidenced_by.get(event_type, ())

    @cached_property
    def _evidence_indexes(self) -> dict[str, EvidenceIndex]:
        return {
            event: EvidenceIndex.of(event, [self._latest[i] for i in ids])
            for event, ids in self._evidenced_by.items()
        }

    def evidence_of(self, duty: Duty, event_type: str) -> tuple[Evidence, ...]:
        """``duty``'s evidence statements about ``event_type`` events, in catalog order
        (kept by the duty's identity, which the catalogs hold for the process's life)."""
        key = (id(duty), event_type)
        cached = self._evidence.get(key)
        if cached is None or cached[0] is not duty:
            found = tuple(e for e in duty.evidence if e.event == event_type)
            cached = self._evidence[key] = (duty, found)
        return cached[1]

    def may_evidence(self, payload: Payload) -> tuple[str, ...]:
        """Ids of the duties ``payload`` may evidence, narrowed by its deciding field (a
        ``MeetingHeld`` of kind 支委会 tries 2 duties, not 15): a superset of those it does."""
        index = self._evidence_indexes.get(type(payload).__name__)
        return () if index is None else index.candidates(payload)

    @cached_property
    def _assigning(self) -> dict[str, tuple[Duty, ...]]:
        index: dict[str, list[Duty]] = {}
        for duty in self._latest.values():
            events = {e.assigned_by.event for e in duty.evidence if e.assigned_by is not None}
            for event in sorted(events):
                index.setdefault(event, []).append(duty)
        return {event: tuple(duties) for event, duties in index.items()}

    def assigning(self, event_type: str) -> tuple[Duty, ...]:
        """The duties (as the newest version states each) whose evidence counts only at an
        organization an ``event_type`` fact assigned to the person (``assigned_by``: the
        visits to a 联系点, which ``ContactPointAssigned`` assigns)."""
        return self._assigning.get(event_type, ())

    def periodic(self, catalog: DutyCatalog, kind: PeriodKind) -> tuple[Duty, ...]:
        """The duties of ``catalog`` with cadence ``kind`` (每月/每季度/每学期/每年)."""
        return self._indexes[catalog.version].periodic.get(kind, ())

    def member_dues(self, catalog: DutyCatalog) -> tuple[tuple[Duty, PeriodKind], ...]:
        """The member dues duties of ``catalog`` with their cadence (按月, 按季度交纳党费)."""
        return self._indexes[catalog.version].member_dues

    def term_duties(self, catalog: DutyCatalog) -> tuple[tuple[Duty, TermCadence], ...]:
        """The term duties (任期届满换届) of ``catalog`` with their cadence."""
        return self._indexes[catalog.version].term_duties

    @cached_property
    def _term_events(self) -> frozenset[str]:
        return frozenset(
            ref.event
            for index in self._indexes.values()
            for _, cadence in index.term_duties
            for ref in (*cadence.term_ends, cadence.extended_by)
        )

    def names_terms(self, event_type: str) -> bool:
        """Whether ``event_type`` ends or extends a term in some version (most facts do not)."""
        return event_type in self._term_events

    @cached_property
    def _triggered_in_any(self) -> dict[str, tuple[Duty, ...]]:
        index: dict[str, list[Duty]] = {}
        for duty in self._latest.values():
            if isinstance(duty.cadence, WithinDaysCadence):
                index.setdefault(duty.cadence.trigger.event, []).append(duty)
        return {event: tuple(duties) for event, duties in index.items()}

    def triggered_in_any(self, event_type: str) -> tuple[Duty, ...]:
        """The ``within_days`` duties (限期事项) ``event_type`` opens in some version, as the
        newest that has each states it (in the order they were first cataloged)."""
        return self._triggered_in_any.get(event_type, ())

    def triggers(self, event_type: str) -> bool:
        """Whether ``event_type`` opens a ``within_days`` duty in some version."""
        return event_type in self._triggered_in_any

    def member_rules(self, catalog: DutyCatalog) -> tuple[MemberRule, ...]:
        """The member rules (党员情况提示) of ``catalog``."""
        return catalog.member_rules

    @cached_property
    def _signals(self) -> dict[str, tuple[tuple[str, str], ...]]:
        index: dict[str, list[tuple[str, str]]] = {}
        for catalog in self.catalogs:
            for rule in catalog.member_rules:
                for signal in rule.signals:
                    index.setdefault(signal.event, []).append((rule.id, signal.field))
        return {event: tuple(pairs) for event, pairs in index.items()}

    def signals(self, event_type: str) -> tuple[tuple[str, str], ...]:
        """(member rule id, month field) of every version's signals of ``event_type``, in order."""
        return self._signals.get(event_type, ())

    @cached_property
    def _waived_by(self) -> dict[str, tuple[tuple[str, str], ...]]:
        index: dict[str, set[tuple[str, str]]] = {}
        for duty in self._latest.values():
            if isinstance(duty.cadence, WithinDaysCadence):
                for event in duty.cadence.waived_by:
                    pair = (duty.id, duty.cadence.correlate.evidence_field)
                    index.setdefault(event, set()).add(pair)
        return {event: tuple(sorted(pairs)) for event, pairs in index.items()}

    def waived_by(self, event_type: str) -> tuple[tuple[str, str], ...]:
        """(duty id, correlated field) of the within-days duties ``event_type`` waives."""
        return self._waived_by.get(event_type, ())

    @cached_property
    def _member_facts(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for catalog in self.catalogs:
            for duty in catalog.duties:
                condition = duty.applies_to.members
                if condition is not None:
                    index[condition.fact.event] = condition.fact.field
        return index

    def member_fact_field(self, event_type: str) -> str | None:
        """The dating field of ``event_type`` when a member duty's condition names it."""
        return self._member_facts.get(event_type)

    @cached_property
    def _watches(self) -> dict[str, tuple[MemberWatch, ...]]:
        """Every version's member watches by the event types that open or clear them."""
        index: dict[str, dict[str, MemberWatch]] = {}
        for catalog in self.catalogs:
            for watch in catalog.member_watches:
                for event in (watch.opened_by.event, *watch.cleared_by):
                    index.setdefault(event, {})[watch.id] = watch
        return {event: tuple(found.values()) for event, found in index.items()}

    def watches(self, event_type: str) -> tuple[MemberWatch, ...]:
        """The member watches (any version's statement) ``event_type`` opens or clears."""
        return self._watches.get(event_type, ())

    def watch(self, version: str, watch_id: str) -> MemberWatch | None:
        """Watch ``watch_id`` as version ``version`` states it, if it has it."""
        found = [w for w in self._by_version[version].member_watches if w.id == watch_id]
        return found[0] if found else None
