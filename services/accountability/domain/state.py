"""The accountability ledger (问责台账): everything the fold remembers, as keyed entries.

Keys: ``case:<id>`` (问责案件), ``holder:<org>|<office>`` (现任职务人),
``group:<duty>|<period>`` (duty across units, for the widespread rule),
``overdue:<org>`` (the duties a unit let pass overdue, and when, for the prominent rule),
``prominent`` (overdue duties the prominent rule has yet to weigh), and in a lane
``elsewhere:<lane>:record:<org>`` and ``elsewhere:<lane>:group:<duty>|<period>`` (what
each other lane last told of each, one entry each so that a part rewrites only what it
changed) and ``unshared`` (the record and group keys changed since this lane last told;
see ``exchange``),
``finding:<ref>`` (inspection finding → case), ``eligibility:<year>`` (lost
award eligibility), ``flags:<org>`` (情况提示 raised on the unit, to be shown),
``returns:<org>`` (the days its members came back, 返回, a flag's record needs),
``restored:<org>`` (the days its members' membership was restored, 恢复党籍, for a
suspension recorded after),
``terms:<org>|<office>`` (the terms held in an office, 任期, for the holders of a past day),
``unapplied:<org>`` (the department's steps naming the unit and a case the ledger does not
hold, a finding not entered yet or a decision not recorded yet, 未予执行, to be shown),
``organization:<id>`` (the unit's current name, for the alert
texts), ``days`` (the log's day per partition) and the
sequencer's ``clock`` (its frontiers; held records are read again after a
restart). Each change marks its key so the runtime writes back only what a
batch changed.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json

from contracts.events.oversight import DecisionReviewed
from contracts.policy import AccountabilityPolicy, Prominent, Rung
from services.accountability.domain import ladder
from services.accountability.domain.models import (
    Case,
    DutyGroup,
    Elsewhere,
    Flag,
    GroupPart,
    Holder,
    OverdueCase,
    ProminentCheck,
    Revocation,
    Term,
    Unapplied,
)
from services.common.sequencer import Sequencer, is_sequencer_key
from services.common.tenure import chain_end

(
    CASE,
    HOLDER,
    GROUP,
    OVERDUE,
    FINDING,
    ELIGIBILITY,
    FLAGS,
    ORGANIZATION,
    DAYS,
    PROMINENT,
    ELSEWHERE,
    UNSHARED,
    RETURNS,
    RESTORED,
    TERMS,
    UNAPPLIED,
) = (
    "case:",
    "holder:",
    "group:",
    "overdue:",
    "finding:",
    "eligibility:",
    "flags:",
    "organization:",
    "days",
    "prominent",
    "elsewhere:",
    "unshared",
    "returns:",
    "restored:",
    "terms:",
    "unapplied:",
)

_OVERDUE = TypeAdapter(list[tuple[date, str]])
#: The kinds of what another lane told, in its entries' keys (see :func:`told_key`).
TOLD_RECORD, TOLD_GROUP = "record", "group"


def told_key(lane: int, kind: str, key: str) -> str:
    """The entry (after ``elsewhere:``) of what ``lane`` told of record or group ``key``."""
    return f"{lane}:{kind}:{key}"


def _about_key(organization_id: str, duty_id: str, period: str) -> str:
    return f"{organization_id}|{duty_id}|{period}"


def group_key(duty_id: str, period: str) -> str:
    """The key of the group of ``duty_id`` for ``period``."""
    return f"{duty_id}|{period}"


def holder_key(organization_id: str, office: str) -> str:
    """``<org>|<office>``: the key of a current office holder (现任职务人)."""
    return f"{organization_id}|{office}"


_REVOCATIONS = TypeAdapter(list[Revocation])
_HOLDERS = TypeAdapter(list[Holder])
_FLAGS = TypeAdapter(list[Flag])
_CHECKS = TypeAdapter(list[ProminentCheck])
_MEMBER_DAYS = TypeAdapter(dict[str, list[date]])
_TERMS = TypeAdapter(list[Term])
_UNAPPLIED = TypeAdapter(list[Unapplied])
#: What a unit keeps once per event: its flags (情况提示), its steps not applied (未予执行).
K = TypeVar("K", Flag, Unapplied)


@dataclass
class Ledger:
    """State of the accountability service (see the module docstring for its keys)."""

    sequencer: Sequencer
    days: dict[int, date] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    holders: dict[str, list[Holder]] = field(default_factory=dict)
    groups: dict[str, DutyGroup] = field(default_factory=dict)
    overdue: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    findings: dict[str, str] = field(default_factory=dict)
    eligibility: dict[int, list[Revocation]] = field(default_factory=dict)
    flags: dict[str, list[Flag]] = field(default_factory=dict)
    #: The days each member of a unit came back (返回), as told, by unit and member, in
    #: order: a 外出 recorded late leaves a flag of months after one standing
    #: (:mod:`services.accountability.domain.flags`). A ledger stored before it has
    #: none: no return known, a 外出 then withdrawing every flag it may show false.
    returns: dict[str, dict[str, list[date]]] = field(default_factory=dict)
    #: The days each member of a unit's membership was restored (恢复党籍), as told, by
    #: unit and member, in order: a suspension recorded after the restoration that ended
    #: it leaves the flags about the months after it standing. A ledger stored before it
    #: has none: such a suspension withdraws them, as it did.
    restorations: dict[str, dict[str, list[date]]] = field(default_factory=dict)
    #: The terms held in each office (``holder_key``), in order of appointment, to read
    #: the holders of a past day. A ledger stored before it has none: the current holders
    #: are taken for any day, as they were.
    terms: dict[str, list[Term]] = field(default_factory=dict)
    unapplied: dict[str, list[Unapplied]] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    prominent: list[ProminentCheck] = field(default_factory=list)
    #: The partition this ledger folds alone (a lane), None when it folds every partition.
    lane: int | None = None
    unshared: set[str] = field(default_factory=set)
    elsewhere: dict[int, Elsewhere] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    #: Derived, not stored: open cases with a rectification deadline (限期整改), and
    #: groups the widespread rule has yet to evaluate; a tick looks only at these.
    deadlines: set[str] = field(default_factory=set)
    unevaluated: set[str] = field(default_factory=set)
    #: Derived, not stored: open cases of duties charged to a unit's parent, by the unit
    #: they are about, the duty and the period (:meth:`open_about`).
    about: dict[str, set[str]] = field(default_factory=dict)
    #: Derived, not stored: the ids of the cases each unit owes or that are about it, so
    #: that a unit's cases are found without reading every case (:meth:`cases_concerning`).
    concerning: dict[str, set[str]] = field(default_factory=dict)
    #: Derived, not stored: the keys of the groups listing each case overdue
    #: (:meth:`listings`), each group's place in ``groups`` (the order they are read in),
    #: and the keys of each duty's groups in that order.
    listing: dict[str, set[str]] = field(default_factory=dict)
    group_order: dict[str, int] = field(default_factory=dict)
    of_duty: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls, partitions: int, lane: int | None = None) -> Ledger:
        """A ledger for an input topic of ``partitions`` partitions; of one of them,
        ``lane``, folded alone."""
        return cls(Sequencer(partitions), lane=lane)

    @property
    def partitions(self) -> int:
        return self.sequencer.partitions

    def touch(self, prefix: str, key: str = "") -> None:
        """Mark the entry ``prefix + key`` as changed (in a lane, also as a record or
        group the other lanes are to be told of)."""
        self.changed.add(prefix + key)
        if self.lane is not None and prefix in (OVERDUE, GROUP):
            self.unshared.add(prefix + key)
            self.changed.add(UNSHARED)

    def counted(self, key: str) -> set[tuple[date, str]]:
        """The duties let pass overdue, and when, on record ``key`` in every lane."""
        entries = set(self.overdue.get(key, ()))
        for there in self.elsewhere.values():
            entries.update(there.records.get(key, ()))
        return entries

    def let_pass(self, key: str, since: date, until: date) -> set[str]:
        """The distinct works record ``key`` let pass overdue after ``since``, up to ``until``."""
        return {work for day, work in self.counted(key) if since < day <= until}

    def prominent_met(
        self, key: str, day: date, policy: AccountabilityPolicy
    ) -> Iterator[tuple[Rung, Prominent, date, set[str]]]:
        """The 特别突出 triggers of ``policy`` whose count record ``key`` reaches on ``day``:
        each with its rung, the start of its window and the distinct works let pass in it."""
        for rung, trigger in ladder.prominent(policy, "DutyOverdue"):
            since = ladder.months_before(day, trigger.window_months)
            within = self.let_pass(key, since, day)
            if len(within) >= trigger.min_count:
                yield rung, trigger, since, within

    def late_and_owing(self, key: str) -> tuple[set[str], set[str]]:
        """The units overdue in the group ``key``, and those owing it, in every lane."""
        group = self.groups[key]
        late, owing = set(group.overdue), group.fulfilled | group.overdue.keys()
        for there in self.elsewhere.values():
            part = there.groups.get(key)
            if part is not None:
                late |= part.overdue
                owing |= part.fulfilled | part.overdue
        return late, owing

    def holders_of(self, organization_id: str, office: str) -> list[Holder]:
        """The current holders of ``office`` in the organization, in order of appointment."""
        return self.holders.get(holder_key(organization_id, office), [])

    def current(self, organization_id: str, office: str) -> list[str]:
        """The ids of the current holders of ``office`` in the organization."""
        return [holder.person_id for holder in self.holders_of(organization_id, office)]

    def knows(self, organization_id: str, office: str) -> bool:
        """Whether an appointment to ``office`` in the organization reached the ledger."""
        key = holder_key(organization_id, office)
        return key in self.terms or key in self.holders

    def held_on(self, organization_id: str, office: str, day: date) -> list[str]:
        """Who held ``office`` in the organization at the close of ``day``, by their terms;
        the current holders where no term is kept (a ledger stored before them)."""
        terms = self.terms.get(holder_key(organization_id, office))
        if terms is None:
            return self.current(organization_id, office)
        return list(dict.fromkeys(term.person_id for term in terms if term.held_on(day)))

    def took_office(
        self, organization_id: str, office: str, person_id: str, day: date
    ) -> date | None:
        """The day ``person_id``'s term in ``office`` of the organization held on ``day``
        began (任职日期); None where no such term is kept (a ledger stored before them)."""
        terms = self.terms.get(holder_key(organization_id, office), [])
        held = [t.appointed_on for t in terms if t.person_id == person_id and t.held_on(day)]
        return min(held, default=None)

    def tenure_end(
        self, organization_id: str, offices: Sequence[str], person_id: str, day: date
    ) -> date:
        """The last day of ``person_id``'s tenure in ``offices`` of the organization that a
        leaving on ``day`` ends (:func:`chain_end`), along their terms kept."""
        return chain_end(day, [(term.appointed_on, term.left_on) for office in offices
                               for term in self.terms.get(holder_key(organization_id, office), [])
                               if term.person_id == person_id])  # fmt: skip

    def began(self, organization_id: str, office: str, person_id: str, on: date, name: str) -> None:
        """任职: a term of ``person_id`` (named ``name``) in the office from ``on``."""
        key = holder_key(organization_id, office)
        term = Term(person_id=person_id, appointed_on=on, person_name=name)
        self.terms.setdefault(key, []).append(term)
        self.touch(TERMS, key)

    def name_held(self, organization_id: str, office: str, person_id: str) -> str | None:
        """The name ``person_id`` held ``office`` in the organization under, currently or in
        a term that ended (None: not known by either)."""
        key = holder_key(organization_id, office)
        for holder in self.holders.get(key, []):
            if holder.person_id == person_id:
                return holder.person_name
        for term in reversed(self.terms.get(key, [])):
            if term.person_id == person_id and term.person_name:
                return term.person_name
        return None

    def ended(self, organization_id: str, office: str, person_id: str, on: date) -> None:
        """离任: the open terms of ``person_id`` in the office end on ``on``."""
        key = holder_key(organization_id, office)
        for term in self.terms.get(key, []):
            if term.person_id == person_id and term.left_on is None:
                term.left_on = on
                self.touch(TERMS, key)

    def save_case(self, case: Case) -> None:
        """Store ``case`` as changed, and keep the deadline index in step with it."""
        self.cases[case.case_id] = case
        self.touch(CASE, case.case_id)
        if case.rectify_by is not None and case.is_open:
            self.deadlines.add(case.case_id)
        else:
            self.deadlines.discard(case.case_id)
        for unit in (case.organization_id, case.subject_organization_id):
            if unit:
                self.concerning.setdefault(unit, set()).add(case.case_id)
        if case.subject_organization_id and case.duty_id and case.period:
            key = _about_key(case.subject_organization_id, case.duty_id, case.period)
            if case.is_open:
                self.about.setdefault(key, set()).add(case.case_id)
            elif case.case_id in self.about.get(key, ()):
                self.about[key].remove(case.case_id)
                if not self.about[key]:
                    del self.about[key]  # only open cases are kept, not a key per case ever

    def cases_concerning(self, organization_id: str) -> list[Case]:
        """The cases ``organization_id`` owes or that are about it, in key order."""
        return [self.cases[key] for key in sorted(self.concerning.get(organization_id, ()))]

    def open_about(self, organization_id: str, duty_id: str, period: str) -> set[str]:
        """The open cases of ``duty_id`` for ``period`` that a parent owes about
        ``organization_id``: one per parent charged with it (a unit moved under another
        parent may leave its former parent's)."""
        return self.about.get(_about_key(organization_id, duty_id, period), set())

    def flag(self, flag: Flag) -> bool:
        """Keep ``flag`` under its unit, once per event; whether it was new."""
        return self._once(self.flags, FLAGS, flag)

    def not_applied(self, step: Unapplied) -> None:
        """Keep ``step`` under the unit it names, once per event (未予执行)."""
        self._once(self.unapplied, UNAPPLIED, step)

    def _once(self, kept: dict[str, list[K]], prefix: str, item: K) -> bool:
        """Keep ``item`` under its unit in ``kept`` (the entries ``prefix``), once per
        event; whether it was new."""
        listed = kept.setdefault(item.organization_id, [])
        if any(known.event_id == item.event_id for known in listed):
            return False
        listed.append(item)
        self.touch(prefix, item.organization_id)
        return True

    def finding_entered(self, organization_id: str, finding_id: str) -> None:
        """The unit's acceptances kept for finding ``finding_id`` go: it is entered now."""
        self._no_longer_kept(organization_id, lambda step: step.finding_id == finding_id)

    def reviews_of(
        self, organization_id: str, case_id: str, decision_id: str
    ) -> list[tuple[str, DecisionReviewed]]:
        """The unit's reviews kept for decision ``decision_id`` on case ``case_id``, which
        is recorded now, with their event ids: they go from the kept steps, to be applied
        in the order of their days (复查日期), then of their recording."""
        waiting = [
            (step.event_id, step.review)
            for step in self.unapplied.get(organization_id, [])
            if step.review is not None
            and (step.review.case_id, step.review.decision_id) == (case_id, decision_id)
        ]
        taken = {event_id for event_id, _ in waiting}
        self._no_longer_kept(organization_id, lambda step: step.event_id in taken)
        return sorted(waiting, key=lambda kept: kept[1].reviewed_on)

    def _no_longer_kept(self, organization_id: str, gone: Callable[[Unapplied], bool]) -> None:
        """The unit's kept steps ``gone`` selects are applied now: they go."""
        kept = self.unapplied.get(organization_id, [])
        left = [step for step in kept if not gone(step)]
        if len(left) < len(kept):
            self.unapplied[organization_id] = left
            self.touch(UNAPPLIED, organization_id)

    def returned(self, organization_id: str, member_id: str, day: date) -> None:
        """Keep ``day`` as one the member of the unit came back (返回), once."""
        self._member_day(RETURNS, organization_id, member_id, day)

    def restored(self, organization_id: str, member_id: str, day: date) -> None:
        """Keep ``day`` as one the membership of the unit's member was restored (恢复党籍)."""
        self._member_day(RESTORED, organization_id, member_id, day)

    def _member_day(self, prefix: str, organization_id: str, member_id: str, day: date) -> None:
        days = self._member_days(prefix).setdefault(organization_id, {}).setdefault(member_id, [])
        if day not in days:
            insort(days, day)
            self.touch(prefix, organization_id)

    def _member_days(self, prefix: str) -> dict[str, dict[str, list[date]]]:
        """The member days kept under ``prefix`` (``returns:``, ``restored:``)."""
        return self.returns if prefix == RETURNS else self.restorations

    def group(self, duty_id: str, period: str, due_on: date) -> DutyGroup:
        """The group of ``duty_id`` for ``period``, created if new, marked as changed."""
        key = group_key(duty_id, period)
        self.known_group(duty_id, period, due_on)
        self.touch(GROUP, key)
        return self.groups[key]

    def known_group(self, duty_id: str, period: str, due_on: date) -> bool:
        """Know the group of ``duty_id`` for ``period`` owed until ``due_on`` (created, to
        be evaluated, if new); whether it is new or its deadline moved.

        A unit recorded late (补录) gets its own grace, so owes the same period until a
        later day: the group then waits for that deadline too (``DutyGroup.due_on``),
        and one evaluated already is evaluated again once it has passed."""
        key = group_key(duty_id, period)
        group = self.groups.get(key)
        if group is None:
            self._keep_group(key, DutyGroup(duty_id=duty_id, period=period, due_on=due_on))
        elif due_on > group.due_on:
            group.due_on, group.evaluated = due_on, False
        else:
            return False
        self.unevaluated.add(key)
        self.changed.add(GROUP + key)
        return True

    def owed_until(self, duty_id: str, period: str, due_on: date) -> None:
        """A unit owes the group of ``duty_id`` for ``period`` until ``due_on``, as its
        reminder (即将到期提醒) tells before its status: the group waits for that day.
        Written, and told to the other lanes, only when that is news."""
        if self.known_group(duty_id, period, due_on):
            self.touch(GROUP, group_key(duty_id, period))

    def _keep_group(self, key: str, group: DutyGroup) -> None:
        """Keep ``group`` as ``key``, new to this ledger, indexing the cases it lists."""
        self.group_order[key] = len(self.group_order)
        self.groups[key] = group
        self.of_duty.setdefault(group.duty_id, []).append(key)
        for listed in group.overdue.values():
            for overdue in listed:
                self.listing.setdefault(overdue.case_id, set()).add(key)

    def list_overdue(self, key: str, organization_id: str, overdue: OverdueCase) -> None:
        """List ``overdue`` under its unit in the group ``key``, unless its case is listed."""
        listed = self.groups[key].overdue.setdefault(organization_id, [])
        if all(known.case_id != overdue.case_id for known in listed):
            listed.append(overdue)
            self.listing.setdefault(overdue.case_id, set()).add(key)

    def unlist_overdue(self, key: str, organization_id: str, overdue: OverdueCase) -> None:
        """Take ``overdue`` off its unit's list in the group ``key``."""
        group = self.groups[key]
        group.overdue[organization_id].remove(overdue)
        if not group.overdue[organization_id]:
            del group.overdue[organization_id]
        self.listing[overdue.case_id].discard(key)

    def listings(self, case_id: str) -> list[str]:
        """The keys of the groups listing case ``case_id`` overdue, in the groups' order."""
        return sorted(self.listing.get(case_id, ()), key=self.group_order.__getitem__)

    def evaluated(self, key: str) -> None:
        """Mark the group ``key`` as evaluated by the widespread rule."""
        self.groups[key].evaluated = True
        self.unevaluated.discard(key)
        self.touch(GROUP, key)

    def weigh_later(self, check: ProminentCheck) -> None:
        """Keep ``check`` for the prominent rule, to weigh once its day has passed everywhere."""
        self.prominent.append(check)
        self.touch(PROMINENT)

    def ripe_checks(self, watermark: date) -> list[ProminentCheck]:
        """Take the checks of days every partition has passed, each once, in a fixed order."""
        by_key = {(c.day, c.case_id, c.event_id): c for c in self.prominent if c.day < watermark}
        ripe = [by_key[key] for key in sorted(by_key)]
        if ripe:
            self.prominent = [c for c in self.prominent if c.day >= watermark]
            self.touch(PROMINENT)
        return ripe

    def take_changes(self) -> dict[str, bytes | None]:
        """The entries changed since the last call, JSON-encoded (None: deleted)."""
        keys = self.changed | self.sequencer.take_changed()
        self.changed = set()
        return {key: self._entry(key) for key in sorted(keys)}

    def _entry(self, key: str) -> bytes | None:
        if is_sequencer_key(key):
            return self.sequencer.entry(key)
        if key == DAYS:
            return to_json({str(p): d for p, d in sorted(self.days.items())})
        if key == PROMINENT:
            return _CHECKS.dump_json(self.prominent)
        if key == UNSHARED:
            return to_json(sorted(self.unshared))
        if key.startswith(ELSEWHERE):
            return self._told(key)
        prefix, _, name = key.partition(":")
        documents: dict[str, Mapping[str, BaseModel]] = {"case": self.cases, "group": self.groups}
        document = documents.get(prefix, {}).get(name)
        if document is not None:
            return document.model_dump_json().encode()
        if key.startswith(HOLDER):
            holders = self.holders.get(name)
            return None if not holders else _HOLDERS.dump_json(holders)
        if key.startswith(OVERDUE):
            return _OVERDUE.dump_json(self.overdue[name])
        if key.startswith(FINDING):
            return to_json(self.findings[name])
        if key.startswith(ELIGIBILITY):
            return _REVOCATIONS.dump_json(self.eligibility[int(name)])
        if key.startswith(FLAGS):
            return _FLAGS.dump_json(self.flags[name])
        if key.startswith((RETURNS, RESTORED)):
            return _MEMBER_DAYS.dump_json(self._member_days(f"{prefix}:")[name])
        if key.startswith(TERMS):
            return _TERMS.dump_json(self.terms[name])
        if key.startswith(UNAPPLIED):
            steps = self.unapplied.get(name)
            return None if not steps else _UNAPPLIED.dump_json(steps)
        if key.startswith(ORGANIZATION):
            organization = self.organizations.get(name)
            return None if organization is None else to_json(organization)
        return None

    def _told(self, key: str) -> bytes | None:
        """An entry of what another lane told (None: no longer told)."""
        lane, kind, told = key.removeprefix(ELSEWHERE).split(":", 2)
        there = self.elsewhere.get(int(lane), Elsewhere())
        if kind == TOLD_RECORD:
            entries = there.records.get(told)
            return None if entries is None else _OVERDUE.dump_json(entries)
        group = there.groups.get(told)
        return None if group is None else group.model_dump_json().encode()

    @classmethod
    def restore(
        cls, partitions: int, entries: Mapping[str, Any], lane: int | None = None
    ) -> Ledger:
        """The ledger saved as ``entries`` (see :meth:`take_changes`)."""
        ledger = cls(Sequencer.restored(partitions, entries), lane=lane)
        for key, value in entries.items():
            if not is_sequencer_key(key):
                ledger._load(key, value)
        ledger.changed = set()
        return ledger

    def _load(self, key: str, value: Any) -> None:
        prefix, _, name = key.partition(":")
        if key == DAYS:
            self.days = {int(p): date.fromisoformat(d) for p, d in value.items()}
        elif key == PROMINENT:
            self.prominent = _CHECKS.validate_python(value)
        elif key == UNSHARED:
            self.unshared = set(value)
        elif key.startswith(ELSEWHERE):
            lane, kind, told = key.removeprefix(ELSEWHERE).split(":", 2)
            there = self.elsewhere.setdefault(int(lane), Elsewhere())
            if kind == TOLD_RECORD:
                there.records[told] = _OVERDUE.validate_python(value)
            else:
                there.groups[told] = GroupPart.model_validate(value)
        elif key.startswith(CASE):
            self.save_case(Case.model_validate(value))
        elif key.startswith(HOLDER):
            self.holders[name] = _HOLDERS.validate_python(value)
        elif key.startswith(GROUP):
            group = DutyGroup.model_validate(value)
            self._keep_group(name, group)
            if not group.evaluated:
                self.unevaluated.add(name)
        elif key.startswith(OVERDUE):
            self.overdue[name] = _OVERDUE.validate_python(value)
        elif key.startswith(FINDING):
            self.findings[name] = str(value)
        elif key.startswith(ELIGIBILITY):
            self.eligibility[int(name)] = _REVOCATIONS.validate_python(value)
        elif key.startswith(FLAGS):
            self.flags[name] = _FLAGS.validate_python(value)
        elif key.startswith((RETURNS, RESTORED)):
            self._member_days(f"{prefix}:")[name] = _MEMBER_DAYS.validate_python(value)
        elif key.startswith(TERMS):
            self.terms[name] = _TERMS.validate_python(value)
        elif key.startswith(UNAPPLIED):
            # a kept review is a strict contract payload, read here from its JSON values
            self.unapplied[name] = _UNAPPLIED.validate_python(value, strict=False)
        elif key.startswith(ORGANIZATION):
            self.organizations[name] = str(value)
        else:
            raise ValueError(f"unknown ledger entry {key!r} (未知台账条目)")
