"""Event lists for the duties tests: facts on given days, clock ticks, the fold over them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from contracts.envelope import Envelope, new_envelope
from contracts.events import activities, members, oversight, structure
from contracts.events.base import Payload
from contracts.events.clock import ClockTicked
from services.duties.domain.documents import entries, restore, take_changed
from services.duties.domain.fold import decide
from services.duties.domain.matching import SHANGHAI
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState

P = TypeVar("P", bound=Payload)
RULES = Rules()
BRANCH = "br-edu-faculty-1"
GENERAL_BRANCH = "gb-edu"
SECRETARY = "p-10021"


def make(model: type[P], **fields: Any) -> P:
    """A payload validated as it travels (JSON), so strings stand for enums and dates."""
    return model.model_validate_json(json.dumps(fields, default=str))


def appointed(org: str, person: str, office: str, on: date) -> structure.OfficeHolderAppointed:
    """``person`` takes ``office`` in ``org`` on ``on`` (任职)."""
    return make(structure.OfficeHolderAppointed, organization_id=org, person_id=person,
                person_name=f"{person}同志", office=office, appointed_on=on)  # fmt: skip


def left_office(org: str, person: str, office: str, on: date) -> structure.OfficeHolderLeftOffice:
    """``person`` leaves ``office`` in ``org`` on ``on`` (离任)."""
    return make(structure.OfficeHolderLeftOffice, organization_id=org, person_id=person,
                office=office, left_on=on)  # fmt: skip


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


class History:
    """Builds envelopes with readable ids; each fact dated ``on`` (its envelope time)."""

    def __init__(self) -> None:
        self.events: list[tuple[Envelope, int]] = []

    def add(
        self, payload: Payload, on: date, *, id: str | None = None, partition: int = 0
    ) -> Envelope:
        event_id = id or f"{type(payload).__name__}-{len(self.events)}"
        env = new_envelope(payload, id=event_id, source="urn:test", time=at(on))
        self.events.append((env, partition))
        return env

    def tick(self, day: date, partition: int = 0) -> Envelope:
        env = new_envelope(
            ClockTicked(date=day, partition=partition),
            id=f"tick:{day}:{partition}",
            source="urn:zeren:registry",
            time=at(day, 0),
        )
        self.events.append((env, partition))
        return env

    def ticks(self, first: date, last: date, partition: int = 0) -> None:
        day = first
        while day <= last:
            self.tick(day, partition)
            day += timedelta(days=1)

    def branch(
        self,
        on: date = date(2018, 1, 1),
        *,
        org: str = BRANCH,
        committee: bool = True,
        term_ends_on: date | None = date(2019, 12, 31),
        partition: int = 0,
    ) -> None:
        """A faculty branch with a secretary (and a committee member)."""
        self.add(
            make(
                structure.OrganizationEstablished,
                organization_id=org,
                name="教育学院教工第一党支部",
                kind="branch",
                category="faculty",
                parent_id=GENERAL_BRANCH,
                established_on=on,
                term_ends_on=term_ends_on,
            ),
            on,
            partition=partition,
        )
        self.appoint(org, SECRETARY, "secretary", on, partition=partition)
        if committee:
            self.appoint(org, f"{org}-cm", "committee_member", on, partition=partition)

    def unit(
        self, org: str, kind: str, parent: str | None, secretary: str, on: date, **fields: Any
    ) -> None:
        """A unit of ``kind`` under ``parent`` with its ``secretary``, from ``on`` (a first
        term to 2020-12-31 unless ``fields`` say otherwise: three years from 2018-01-01,
        which 党章 第三十条 allows every kind, so that it raises no flag)."""
        fields = {"term_ends_on": date(2020, 12, 31), **fields}
        established = make(
            structure.OrganizationEstablished,
            organization_id=org,
            name=f"{org}党组织",
            kind=kind,
            parent_id=parent,
            established_on=on,
            **fields,
        )
        self.add(established, on)
        self.appoint(org, secretary, "secretary", on)

    def appoint(self, org: str, person: str, office: str, on: date, partition: int = 0) -> None:
        self.add(
            make(
                structure.OfficeHolderAppointed,
                organization_id=org,
                person_id=person,
                person_name="王丽",
                office=office,
                appointed_on=on,
            ),
            on,
            partition=partition,
        )

    def meeting(
        self,
        kind: str,
        held_on: date,
        *,
        org: str = BRANCH,
        recorded: date | None = None,
        id: str | None = None,
        partition: int = 0,
    ) -> Envelope:
        return self.add(
            make(
                activities.MeetingHeld,
                organization_id=org,
                meeting_id=f"m-{kind}-{held_on}",
                kind=kind,
                held_on=held_on,
                expected_attendees=10,
                present_attendees=9,
                topic="学习",
                chaired_by=SECRETARY,
            ),
            held_on if recorded is None else recorded,
            id=id,
            partition=partition,
        )

    def member(
        self,
        member_id: str,
        on: date,
        org: str = BRANCH,
        partition: int = 0,
        transferred_on: date | None = None,
        probationary: bool | None = None,
        dues_paid_through: str | None = None,
    ) -> None:
        """The member transferred in, recorded ``on`` (on the day transferred by default);
        ``probationary`` and ``dues_paid_through`` (党费交至月份): what the letter of
        introduction says (unset: nothing, and the field is left out)."""
        paid = {} if dues_paid_through is None else {"dues_paid_through": dues_paid_through}
        self.add(
            make(
                members.MemberTransferredIn,
                organization_id=org,
                member_id=member_id,
                member_name="张华",
                transferred_on=transferred_on or on,
                probationary=probationary,
                **paid,
            ),
            on,
            partition=partition,
        )

    def transfer_out(self, member_id: str, on: date, org: str = BRANCH) -> None:
        self.add(
            make(
                members.MemberTransferredOut,
                organization_id=org,
                member_id=member_id,
                to_organization="某街道党委",
                transferred_on=on,
            ),
            on,
        )

    def dues(
        self, member_id: str, month: str, paid_on: date, org: str = BRANCH, partition: int = 0
    ) -> None:
        self.add(
            make(
                members.DuesPaid,
                organization_id=org,
                member_id=member_id,
                month=month,
                amount="30.00",
                paid_on=paid_on,
            ),
            paid_on,
            partition=partition,
        )

    def finding(self, finding_id: str, found_on: date, deadline: date, org: str = BRANCH) -> None:
        self.add(
            make(
                oversight.InspectionFindingRecorded,
                organization_id=org,
                finding_id=finding_id,
                question=18,
                description="记录不全",
                found_on=found_on,
                rectification_deadline=deadline,
            ),
            found_on,
            id=finding_id,
        )


def fold(
    events: Iterable[tuple[Envelope, int]], rules: Rules = RULES, state: DutyState | None = None
) -> tuple[DutyState, list[Envelope]]:
    """The fold over ``events``: final state and every output, in order."""
    current = state or DutyState()
    outputs: list[Envelope] = []
    for env, partition in events:
        current, produced = decide(current, env, partition, rules)
        outputs += produced
    return current, outputs


def holders_index(state: DutyState) -> dict[str, set[str]]:
    """Where each person holds an office, read from every unit: what the derived index
    :attr:`DutyState.holding` must say."""
    held: dict[str, set[str]] = {}
    for unit in state.units.values():
        for person in unit.in_office():
            held.setdefault(person, set()).add(unit.organization_id)
    return held


def of_type(outputs: Iterable[Envelope], name: str, **fields: Any) -> list[Any]:
    """The outputs of type ``zeren.<name>`` whose payload has ``fields`` (payload read untyped)."""
    return [
        o
        for o in outputs
        if o.type == f"zeren.{name}" and all(getattr(o.data, k) == v for k, v in fields.items())
    ]


def stored_fold(
    events: Sequence[tuple[Envelope, int]], every: int, crash_at: int | None
) -> tuple[Any, dict[str, Any], list[str]]:
    """Fold in batches of ``every`` events, each committed as the pipeline does (documents
    and outputs together); at event ``crash_at``, lose memory and resume from the store."""
    store: dict[str, Any] = {}
    state, committed, pending = DutyState(), list[str](), list[str]()
    n = 0
    while n < len(events):
        if n == crash_at:
            crash_at, pending = None, []
            state = restore(json.loads(json.dumps(store)))
            n -= n % every  # the batch is read again from its first event
        env, partition = events[n]
        state, produced = decide(state, env, partition, RULES)
        pending += [o.model_dump_json() for o in produced]
        n += 1
        if n % every == 0 or n == len(events):
            for key, document in take_changed(state).items():
                if document is None:
                    store.pop(key, None)
                else:
                    store[key] = json.loads(document)
            committed, pending = committed + pending, []
    return entries(state), store, committed
