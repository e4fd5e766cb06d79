"""Everything the registry remembers (登记处状态), as small keyed entries.

Keys: ``org:<id>`` and ``member:<id>`` (registry documents), ``clock`` (the
last day begun), ``placement`` (the homes, under subtree placement), and the
sets that only grow: accepted submissions (``<source>|<id>``, for
deduplication), paid months (``<member>|<month>``) and the people known as
office holders or applicants (``people+<first>``).
The log's chain heads and daily checkpoints are entries of the same table,
kept by the registry's relay (see :mod:`.checkpoints`).
Each change marks its key, so the runtime writes back only what a batch
changed; a batch's additions to a set are written as a few sorted chunks
(``seen+<first>``, ``dues+<first>``), not one row each (measured: a third of
the intake's writing time). Entries of the earlier one-row-per-element form
(``seen:<element>``, ``dues:<element>``) are still read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic_core import to_json

from contracts.envelope import Envelope
from contracts.events.members import DuesPaid
from contracts.events.placement import UnitPlaced
from contracts.events.structure import OrganizationEstablished
from services.registry.domain.clock import Clock
from services.registry.domain.organizations import Member, Organization, Registry, apply_fact
from services.registry.domain.placement import Placement
from services.registry.domain.rules import dues_key

ORG, MEMBER, SEEN, DUES, CLOCK = "org:", "member:", "seen:", "dues:", "clock"
#: The homes of subtree placement (absent: the log is written under key placement).
PLACEMENT = "placement"
#: The last 入账时间 (``recordedtime``) stamped on an accepted fact.
STAMPED = "stamped"
#: The least step between two stamps.
TICK = timedelta(microseconds=1)
#: Chunks of the growing sets: ``<prefix><first element>`` → the sorted elements.
SEEN_CHUNK, DUES_CHUNK, PEOPLE_CHUNK = "seen+", "dues+", "people+"
#: At most this many elements per chunk (a rebuild from the log writes every one at once).
CHUNK = 10_000


def seen_key(source: str, event_id: str) -> str:
    """Identifies one accepted submission: ids are unique per source (来源+编号)."""
    return f"{source}|{event_id}"


@dataclass
class RegistryState:
    """The registry's memory: organizations, members, accepted ids, paid dues, clock."""

    registry: Registry = field(default_factory=Registry)
    seen: set[str] = field(default_factory=set)
    dues_paid: set[str] = field(default_factory=set)
    clock: Clock = field(default_factory=Clock)
    #: Where facts go under subtree placement (None: key placement).
    placement: Placement | None = None
    #: The last ``recordedtime`` stamped on an accepted fact (see :meth:`stamp`).
    stamped: datetime | None = None
    _changed: set[str] = field(default_factory=set)
    _seen_added: list[str] = field(default_factory=list)
    _dues_added: list[str] = field(default_factory=list)
    _people_added: list[str] = field(default_factory=list)

    def is_duplicate(self, env: Envelope) -> bool:
        """Whether an event with this source and id is already in the log."""
        return seen_key(env.source, env.id) in self.seen

    def record(self, env: Envelope) -> None:
        """Remember an event appended to the log (fold it into the registry)."""
        key = seen_key(env.source, env.id)
        self.seen.add(key)
        self._seen_added.append(key)
        if not self.clock.pending:
            self.clock = self.clock.model_copy(update={"pending": True})
            self._changed.add(CLOCK)
        changed = apply_fact(self.registry, env.data)
        if changed.organization is not None:
            self._changed.add(ORG + changed.organization.organization_id)
        if changed.member is not None:
            self._changed.add(MEMBER + changed.member.member_id)
        if changed.person is not None:
            self._people_added.append(changed.person)
        if isinstance(env.data, DuesPaid):
            paid = dues_key(env.data.member_id, env.data.month)
            self.dues_paid.add(paid)
            self._dues_added.append(paid)

    def stamp(self, now: datetime) -> datetime:
        """入账时间 for the fact accepted ``now``: later than every stamp before it, even if
        the wall clock stepped back. Rebuilding from the log orders a member's moves
        across partitions by it (a transfer's "out" and "in" are on two partitions)."""
        if self.stamped is not None and now <= self.stamped:
            now = self.stamped + TICK
        self.saw_stamp(now)
        return now

    def saw_stamp(self, recorded: datetime) -> None:
        """A stamp read back from the log (rebuilding), or just given."""
        if self.stamped is None or recorded > self.stamped:
            self.stamped = recorded
            self._changed.add(STAMPED)

    def place(self, env: Envelope, recorded: datetime) -> tuple[list[Envelope], list[int]]:
        """Under subtree placement, the announcements to append before ``env`` and the
        partitions ``env`` goes to (see :meth:`Placement.place`)."""
        assert self.placement is not None
        self._homes_follow(env)
        return self.placement.place(env, recorded, self.registry.organizations.__getitem__)

    def place_by_subtree(self, partitions: int) -> None:
        """Write the log under subtree placement from its first fact on."""
        self.placement = Placement(partitions)
        self._changed.add(PLACEMENT)

    def settle(self, placed: UnitPlaced) -> None:
        """A ``UnitPlaced`` read back from the log (rebuilding)."""
        if self.placement is None:
            self.placement = Placement(1)
        self.placement.settle(placed)
        self._changed.add(PLACEMENT)

    def follow_logged(self, env: Envelope, partition: int) -> None:
        """A fact read back from the log on ``partition`` (rebuilding): recorded once, from
        where it was written first (a fact on several partitions: its subject's home), and
        followed by the placement if the log has one."""
        if self.is_duplicate(env):
            return
        if self.placement is not None and self.placement.written_home(env) != partition:
            return
        self.record(env)
        if self.placement is not None:
            self.placement.follow_logged(env)
            self._homes_follow(env)

    def _homes_follow(self, env: Envelope) -> None:
        """Mark the stored placement changed when ``env`` may give a unit its home."""
        if isinstance(env.data, OrganizationEstablished):
            self._changed.add(PLACEMENT)

    def move_clock(self, today: date) -> None:
        """The day ``today`` has begun (never called with an earlier day)."""
        self.clock = Clock(today=today)
        self._changed.add(CLOCK)

    def next_beat(self) -> int | None:
        """Number the beat that closes the pending facts (None: nothing to close)."""
        if not self.clock.pending or self.clock.today is None:
            return None
        self.clock = Clock(today=self.clock.today, beat=self.clock.beat + 1)
        self._changed.add(CLOCK)
        return self.clock.beat

    def heard_beat(self, beat: int) -> None:
        """A beat of today found in the log (rebuilding): later beats number after it."""
        if beat > self.clock.beat:
            self.clock = Clock(today=self.clock.today, beat=beat)
            self._changed.add(CLOCK)

    def take_changes(self) -> dict[str, bytes]:
        """The entries changed since the last call, JSON-encoded."""
        changes = {key: self._entry(key) for key in self._changed}
        self._changed.clear()
        for prefix, added in (
            (SEEN_CHUNK, self._seen_added),
            (DUES_CHUNK, self._dues_added),
            (PEOPLE_CHUNK, self._people_added),
        ):
            added.sort()
            for start in range(0, len(added), CHUNK):
                chunk = added[start : start + CHUNK]
                changes[prefix + chunk[0]] = to_json(chunk)
            added.clear()
        return changes

    def _entry(self, key: str) -> bytes:
        if key.startswith(ORG):
            return self.registry.organizations[key.removeprefix(ORG)].model_dump_json().encode()
        if key.startswith(MEMBER):
            return self.registry.members[key.removeprefix(MEMBER)].model_dump_json().encode()
        if key == PLACEMENT:
            assert self.placement is not None
            return to_json(self.placement.entry())
        if key == STAMPED:
            return to_json(self.stamped)
        return self.clock.model_dump_json().encode()

    @property
    def is_empty(self) -> bool:
        """Whether nothing was ever recorded (a fresh or dropped schema)."""
        return not self.seen and self.clock.today is None

    @classmethod
    def from_entries(cls, entries: Mapping[str, Any]) -> RegistryState:
        """The state saved as ``entries`` by earlier batches."""
        state, placement = cls(), None
        for key, value in entries.items():
            if key.startswith(ORG):
                org = Organization.model_validate(value)
                state.registry.organizations[org.organization_id] = org
            elif key.startswith(MEMBER):
                member = Member.model_validate(value)
                state.registry.members[member.member_id] = member
            elif key.startswith(SEEN_CHUNK):
                state.seen.update(value)
            elif key.startswith(DUES_CHUNK):
                state.dues_paid.update(value)
            elif key.startswith(PEOPLE_CHUNK):
                state.registry.people.update(value)
            elif key.startswith(SEEN):
                state.seen.add(key.removeprefix(SEEN))
            elif key.startswith(DUES):
                state.dues_paid.add(key.removeprefix(DUES))
            elif key == CLOCK:
                state.clock = Clock.model_validate(value)
            elif key == PLACEMENT:
                placement = value
            elif key == STAMPED:
                state.stamped = datetime.fromisoformat(value)
        # A state saved before people were kept: its office holders are known all the same.
        for org in state.registry.organizations.values():
            state.registry.people.update(t.person_id for t in org.tenures)
        if placement is not None:
            parents = [
                (o.organization_id, o.parent_id)
                for o in state.registry.organizations.values()
                if o.parent_id is not None
            ]
            state.placement = Placement.restored(placement, _holders(state.registry), parents)
        return state


def _holders(registry: Registry) -> Iterator[tuple[str, str, str]]:
    """(person, organization, office) of every current office holder."""
    for org in registry.organizations.values():
        for tenure in org.office_holders():
            yield tenure.person_id, org.organization_id, tenure.office.value
