"""Subtree placement (按子树分区): which partitions of the log each fact goes to.

Under key placement the producer hashes a fact's subject, so a unit's parent,
the committee whose letter credits it, or the office holder a talk credits
are read from other partitions, and a consumer must fold every partition in
one global order. Subtree placement keeps each fact on the partition where
every organization it concerns is folded, so that a partition can be folded
on its own:

- a root (the 党委, or a 上级党委 registered as one) and each top-level unit
  (a unit whose parent is a root: 党总支, 二级党组织) get a home of their own,
  the partition holding the fewest organizations then (lowest number on a
  tie); every other unit shares its parent's home. The registry writes the
  decision as ``UnitPlaced`` to every partition, before the unit's first fact;
- a fact goes to the home of its subject and of every organization it may
  credit: the one a duty's evidence names in another field (the general branch
  a responsibility letter names) and those where the person it credits holds
  an office (a talk with a 党总支书记); evidence of a deadline duty that finds
  its instance by a person, member or finding (a contact point a branch
  records for a 党委委员) goes to every partition, since the instance is
  wherever its trigger happened; so does a fact assigning where a person's
  evidence counts (``Evidence.assigned_by``: the 联系点 a visit must be to);
- the structure facts of a unit (establishment, name, office holders,
  dissolution) also go to the homes of its children, and a root's to every
  partition: units charged to their parent answer through the parent's
  office holders, on their own partition;
- an event about an accountability case (a decision, a closure…) also goes to
  the home of the unit the case is about (``CaseAction.subject_organization_id``),
  where the case is kept: a committee's case about a general branch is folded
  on the general branch's partition.

A unit keeps its home when it is moved under another parent. If the new
parent is folded elsewhere, the registry first writes the parent's structure
to the unit's partition (``StructureShared``); its later structure facts
follow by the rule above.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from contracts.catalog import CATALOGS, CreditedBy, Duty, WithinDaysCadence
from contracts.envelope import Envelope, new_envelope
from contracts.events import structure
from contracts.events.base import OrganizationPayload
from contracts.events.oversight import CaseAction
from contracts.events.placement import SharedHolder, StructureShared, UnitPlaced
from services.registry.domain.clock import REGISTRY_SOURCE
from services.registry.domain.organizations import Organization

#: The registry's record of an organization, by id (for ``StructureShared``).
Describe = Callable[[str], Organization]

#: The placement scheme this module implements (``UnitPlaced.scheme``).
SCHEME = 1
#: A unit's structure facts (上级组织的结构事实), which its children's partitions fold too
#: (every partition, for a root's): units charged to their parent answer through them.
SHARED = (
    structure.OrganizationEstablished,
    structure.OrganizationRenamed,
    structure.OrganizationDissolved,
    structure.OfficeHolderAppointed,
    structure.OfficeHolderLeftOffice,
)


@dataclass(frozen=True)
class Credits:
    """The fields of an event type naming whom a duty's evidence may credit, and whether
    it may credit a deadline duty of any unit (``everywhere``)."""

    organizations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    everywhere: bool = False


@cache
def credits_of(event_type: str) -> Credits:
    """What ``event_type`` may credit besides its subject, in every catalog version."""
    organizations: set[str] = set()
    people: set[str] = set()
    everywhere = False
    for catalog in CATALOGS:
        for duty in catalog.duties:
            for spec in duty.evidence:
                # An assignment (联系点) decides where a person's evidence counts, wherever
                # their instance is folded.
                everywhere |= spec.assigned_by is not None and spec.assigned_by.event == event_type
                if spec.event != event_type:
                    continue
                everywhere |= _correlated_elsewhere(duty)
                if spec.credited_by is CreditedBy.ORGANIZATION:
                    organizations.add(spec.organization_field)
                elif spec.person_field is not None:
                    people.add(spec.person_field)
    return Credits(tuple(sorted(organizations)), tuple(sorted(people)), everywhere)


def _correlated_elsewhere(duty: Duty) -> bool:
    """A deadline duty whose instance, opened on its trigger's unit, is found by a value
    other than that unit (限期事项: a person, a member, a finding)."""
    cadence = duty.cadence
    return isinstance(cadence, WithinDaysCadence) and (
        cadence.correlate.trigger_field != "organization_id"
    )


def placed_id(organization_id: str, partition: int) -> str:
    """The deterministic id of the copy of ``organization_id``'s placement on ``partition``."""
    return f"placed:{organization_id}:{partition}"


def announced_on(env: Envelope) -> int:
    """The partition an announcement (``UnitPlaced``, ``StructureShared``) is written to."""
    assert isinstance(env.data, UnitPlaced | StructureShared)
    return env.data.partition


@dataclass
class Placement:
    """The registry's record of homes (归属分区), office holders and roots."""

    partitions: int
    homes: dict[str, int] = field(default_factory=dict)
    roots: set[str] = field(default_factory=set)
    #: Organizations homed on each partition.
    loads: list[int] = field(default_factory=list)
    #: Person → the (organization, office) pairs they hold now (a past term adds none).
    offices: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: Organization → its current parent, and parent → its current children.
    parents: dict[str, str] = field(default_factory=dict)
    children: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.loads:
            self.loads = [0] * self.partitions

    def place(
        self, env: Envelope, recorded: datetime, describe: Describe
    ) -> tuple[list[Envelope], list[int]]:
        """The announcements to write before ``env`` and the partitions ``env`` goes to, in
        order; then follow it. The announcements are the ``UnitPlaced`` copies when ``env``
        establishes a root or a top-level unit (one per partition, in partition order), or
        the new parent's ``StructureShared`` when it moves a unit under a parent folded
        elsewhere (``describe`` gives the parent's record)."""
        announced = self._establish(env, recorded) + self._share(env, recorded, describe)
        targets = self.partitions_of(env)
        self._follow(env)
        return announced, targets

    def partitions_of(self, env: Envelope) -> list[int]:
        """The partitions ``env`` goes to, sorted."""
        shared = type(env.data) in SHARED
        credits = credits_of(type(env.data).__name__)
        if credits.everywhere or (shared and env.subject in self.roots):
            return list(range(self.partitions))
        homes = {self.home(env.subject)}
        if isinstance(env.data, CaseAction) and env.data.subject_organization_id in self.homes:
            homes.add(self.homes[env.data.subject_organization_id])
        if shared:
            homes.update(self.home(child) for child in self.children.get(env.subject, ()))
        for name in credits.organizations:
            named = _text(env.data, name)
            if named is not None and named in self.homes:
                homes.add(self.homes[named])
        for name in credits.people:
            person = _text(env.data, name)
            homes.update(self.home(org) for org, _ in self.offices.get(person or "", ()))
        return sorted(homes)

    def home(self, organization_id: str) -> int:
        """The home of ``organization_id``; an organization the registry does not know (only
        the clock's and rules' events have such subjects) goes to partition 0."""
        return self.homes.get(organization_id, 0)

    def _establish(self, env: Envelope, recorded: datetime) -> list[Envelope]:
        fact = env.data
        if not isinstance(fact, structure.OrganizationEstablished):
            return []
        org, parent = fact.organization_id, fact.parent_id
        if org in self.homes:
            return []
        if parent is not None and parent in self.homes and parent not in self.roots:
            self._home(org, self.homes[parent])
            return []
        if parent is None:
            self.roots.add(org)
        home = min(range(self.partitions), key=lambda p: (self.loads[p], p))
        self._home(org, home)
        return [
            new_envelope(
                UnitPlaced(organization_id=org, home=home, scheme=SCHEME, partition=p),
                id=placed_id(org, p),
                source=REGISTRY_SOURCE,
                time=recorded,
                recordedtime=recorded,
            )
            for p in range(self.partitions)
        ]

    def _share(self, env: Envelope, recorded: datetime, describe: Describe) -> list[Envelope]:
        """The new parent's structure, when ``env`` moves a unit under a parent that is
        neither a root nor yet shared with the unit's partition."""
        fact = env.data
        if not isinstance(fact, structure.OrganizationReparented):
            return []
        parent, home = fact.parent_id, self.home(fact.organization_id)
        shared = {self.home(child) for child in self.children.get(parent, ())}
        if parent in self.roots or self.home(parent) == home or home in shared:
            return []
        record = describe(parent)
        holders = [
            SharedHolder(person_id=t.person_id, office=t.office) for t in record.office_holders()
        ]
        return [
            new_envelope(
                StructureShared(
                    organization_id=parent,
                    home=self.home(parent),
                    kind=record.kind,
                    category=record.category,
                    parent_id=record.parent_id,
                    established_on=record.established_on,
                    dissolved_on=record.dissolved_on,
                    holders=holders,
                    partition=home,
                ),
                id=f"shared:{parent}:{home}:{env.id}",
                source=REGISTRY_SOURCE,
                time=recorded,
                recordedtime=recorded,
            )
        ]

    def _home(self, org: str, partition: int) -> None:
        self.homes[org] = partition
        self.loads[partition] += 1

    def _follow(self, env: Envelope) -> None:
        fact = env.data
        if isinstance(fact, structure.OrganizationEstablished) and fact.parent_id is not None:
            self._adopt(fact.organization_id, fact.parent_id)
        elif isinstance(fact, structure.OrganizationReparented):
            self.children.get(self.parents.get(fact.organization_id, ""), set()).discard(
                fact.organization_id
            )
            self._adopt(fact.organization_id, fact.parent_id)
        elif isinstance(fact, structure.OfficeHolderAppointed) and fact.left_on is None:
            held = self.offices.setdefault(fact.person_id, set())
            held.add((fact.organization_id, fact.office.value))
        elif isinstance(fact, structure.OfficeHolderLeftOffice):
            held = self.offices.get(fact.person_id, set())
            held.discard((fact.organization_id, fact.office.value))
            if not held:
                self.offices.pop(fact.person_id, None)

    def _adopt(self, child: str, parent: str) -> None:
        self.parents[child] = parent
        self.children.setdefault(parent, set()).add(child)

    def settle(self, placed: UnitPlaced) -> None:
        """A placement read back from the log (rebuilding the registry from it); its copies
        are on every partition the registry placed on."""
        self.widen(max(placed.home, placed.partition) + 1)
        if placed.organization_id not in self.homes:
            self._home(placed.organization_id, placed.home)

    def written_home(self, env: Envelope) -> int | None:
        """The partition whose copy of ``env`` is the original, for reading the log back
        (None: not known yet, so ``env`` was read on another partition than its subject's
        home, which holds the subject's establishment before any of its facts)."""
        fact = env.data
        if env.subject in self.homes:
            return self.homes[env.subject]
        if isinstance(fact, structure.OrganizationEstablished) and fact.parent_id is not None:
            return self.homes.get(fact.parent_id)
        return None if isinstance(fact, OrganizationPayload) else self.home(env.subject)

    def follow_logged(self, env: Envelope) -> None:
        """A fact read back from the log, once (rebuilding): its unit's home and office
        holders. Placed units are settled by their ``UnitPlaced``, written before them."""
        fact = env.data
        if isinstance(fact, structure.OrganizationEstablished):
            if fact.parent_id is None:
                self.roots.add(fact.organization_id)
            elif fact.organization_id not in self.homes:
                self._home(fact.organization_id, self.home(fact.parent_id))
        self._follow(env)

    def widen(self, partitions: int) -> None:
        """Place on ``partitions`` partitions from now on (a topic only ever grows)."""
        if partitions > self.partitions:
            self.loads += [0] * (partitions - self.partitions)
            self.partitions = partitions

    def entry(self) -> dict[str, Any]:
        """The stored form: the homes and roots (the office holders are the registry's)."""
        return {
            "partitions": self.partitions,
            "homes": dict(sorted(self.homes.items())),
            "roots": sorted(self.roots),
        }

    @classmethod
    def restored(
        cls,
        entry: Mapping[str, Any],
        holders: Iterable[tuple[str, str, str]],
        parents: Iterable[tuple[str, str]],
    ) -> Placement:
        """The placement stored as ``entry``, with the registry's current ``holders``
        (person, organization, office) and ``parents`` (organization, parent)."""
        placement = cls(int(entry["partitions"]))
        for org, home in entry["homes"].items():
            placement._home(org, int(home))
        placement.roots = set(entry["roots"])
        for person, org, office in holders:
            placement.offices.setdefault(person, set()).add((org, office))
        for org, parent in parents:
            placement._adopt(org, parent)
        return placement


def _text(payload: object, name: str) -> str | None:
    value = getattr(payload, name, None)
    return value if isinstance(value, str) else None
