"""The duty state's stored documents (责任状态文档): their JSON, what changed, restore.

Keys: ``unit:<org>`` (the unit without its members, instances and calendar),
``calendar:<partition>`` (the calendar fields of the partition's units, once
per group of units with equal values: see ``CALENDAR_FIELDS``),
``member:<org>|<member>``, ``duty:<org>|<instance key>``, ``clock``,
``began``, ``placed``, ``awaiting:<duty>|<correlation>`` (evidence recorded
before its trigger, 先于触发事实记录的佐证), ``assigned:<event>|<person>`` (a
person's contact points, 联系点) and ``left:<org>|<member>`` (the day a member
transferred out of the unit's roll, 转出). What can be derived from the
instances (the open keys, the next day to look) is not stored but rebuilt on
restore, and instances the unit has archived stay out of memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic_core import to_json

from services.duties.domain.instances import INSTANCE_ADAPTER, Instance, Status
from services.duties.domain.roll import Member
from services.duties.domain.state import (
    ASSIGNED,
    ASSIGNED_ADAPTER,
    AWAITING,
    AWAITING_ADAPTER,
    BEGAN_KEY,
    CALENDAR,
    CALENDAR_FIELDS,
    CLOCK_KEY,
    INSTANCE,
    LEFT,
    MEMBER,
    PLACED_KEY,
    UNIT,
    DutyState,
    calendar_document,
    document_owner,
    instance_document,
    left_document,
    member_document,
)
from services.duties.domain.units import Unit


def take_changed(state: DutyState) -> dict[str, bytes | None]:
    """The documents changed since the last call, JSON-encoded (None: deleted).

    Archived instances are let go once their documents are taken.
    """
    keys, state.changed = sorted(state.changed), set()
    documents = {key: encoded(state, key) for key in keys}
    if not state.keep_archive:
        state.archive.clear()
    return documents


def document(state: DutyState, key: str) -> Any | None:
    """The JSON document stored under ``key``, parsed (None: there is none)."""
    raw = encoded(state, key)
    return None if raw is None else json.loads(raw)


def encoded(state: DutyState, key: str) -> bytes | None:
    """The JSON document stored under ``key``, encoded (None: there is none)."""
    if key in (CLOCK_KEY, BEGAN_KEY):
        days = state.clock if key == CLOCK_KEY else state.began
        return to_json({str(p): d for p, d in sorted(days.items())})
    if key == PLACED_KEY:
        return to_json(dict(sorted(state.placed.items()))) if state.placed else None
    if key.startswith(CALENDAR):
        return calendar_json(state, int(key.removeprefix(CALENDAR)))
    if key.startswith(AWAITING):
        kept = state.awaiting.get(key.removeprefix(AWAITING))
        return None if kept is None else AWAITING_ADAPTER.dump_json(kept, exclude_defaults=True)
    if key.startswith(ASSIGNED):
        assigned = state.assigned.get(key.removeprefix(ASSIGNED))
        if assigned is None:
            return None
        return ASSIGNED_ADAPTER.dump_json(dict(sorted(assigned.items())))
    if key.startswith(LEFT):
        org, member_id = document_owner(key, LEFT)
        left_on = state.units[org].transferred_out.get(member_id) if org in state.units else None
        return None if left_on is None else to_json(left_on)
    if key.startswith(UNIT):
        unit = state.units.get(key.removeprefix(UNIT))
        if unit is None:
            return None
        return unit.model_dump_json(exclude_defaults=True, exclude=set(CALENDAR_FIELDS)).encode()
    if key.startswith(MEMBER):
        org, member_id = document_owner(key, MEMBER)
        member = state.units[org].members.get(member_id) if org in state.units else None
        return None if member is None else member.model_dump_json().encode()
    org, instance_key = document_owner(key, INSTANCE)
    found = state.units[org].find(instance_key) if org in state.units else None
    if found is None and key in state.archive:
        found = state.archive[key][1]
    if found is None:
        return None
    return INSTANCE_ADAPTER.dump_json(found, exclude_defaults=True)


def calendar_json(state: DutyState, partition: int) -> bytes:
    """The calendar document of ``partition``: a list of groups, each the units (in id
    order) that share the calendar values it carries; groups in their first unit's order."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for org in state.by_partition.get(partition, []):
        groups.setdefault(state.units[org].calendar(), []).append(org)
    return to_json(
        [
            {
                "units": orgs,
                **state.units[orgs[0]].model_dump(
                    mode="json", include=set(CALENDAR_FIELDS), exclude_defaults=True
                ),
            }
            for orgs in groups.values()
        ]
    )


def entries(state: DutyState) -> dict[str, Any]:
    """Every document in memory, archived ones not yet let go included (for digests)."""
    keys = [CLOCK_KEY, BEGAN_KEY, *([PLACED_KEY] if state.placed else [])]
    keys += [calendar_document(p) for p in sorted(state.by_partition)]
    keys += [f"{AWAITING}{slot}" for slot in sorted(state.awaiting)]
    keys += [f"{ASSIGNED}{slot}" for slot in sorted(state.assigned)]
    for org, unit in sorted(state.units.items()):
        keys.append(f"{UNIT}{org}")
        keys += [member_document(org, member) for member in sorted(unit.members)]
        keys += [left_document(org, member) for member in sorted(unit.transferred_out)]
        keys += [instance_document(org, instance.key) for instance in unit.instances()]
    return {key: document(state, key) for key in [*keys, *sorted(state.archive)]}


def restore(stored: Mapping[str, Any], *, keep_archive: bool = False) -> DutyState:
    """Rebuild the state (and its derived indexes) from stored documents."""
    state = DutyState(keep_archive=keep_archive)
    buckets: dict[str, dict[int, dict[str, Instance]]] = {}
    members: dict[str, dict[str, Member]] = {}
    left: dict[str, dict[str, date]] = {}
    calendars: dict[str, dict[str, Any]] = {}
    for key, value in stored.items():
        if key.startswith(CALENDAR):
            for group in value:
                calendar = {k: v for k, v in group.items() if k != "units"}
                calendars.update(dict.fromkeys(group["units"], calendar))
        elif key in (CLOCK_KEY, BEGAN_KEY):
            days = {int(p): date.fromisoformat(d) for p, d in value.items()}
            state.clock, state.began = (
                (days, state.began) if key == CLOCK_KEY else (state.clock, days)
            )
        elif key == PLACED_KEY:
            state.placed = {org: int(home) for org, home in value.items()}
        elif key.startswith(AWAITING):
            state.awaiting[key.removeprefix(AWAITING)] = AWAITING_ADAPTER.validate_python(value)
        elif key.startswith(ASSIGNED):
            state.assigned[key.removeprefix(ASSIGNED)] = ASSIGNED_ADAPTER.validate_python(value)
        elif key.startswith(MEMBER):
            org, member_id = document_owner(key, MEMBER)
            members.setdefault(org, {})[member_id] = Member.model_validate(value)
        elif key.startswith(LEFT):
            org, member_id = document_owner(key, LEFT)
            left.setdefault(org, {})[member_id] = date.fromisoformat(value)
        elif key.startswith(INSTANCE):
            org = document_owner(key, INSTANCE)[0]
            instance = INSTANCE_ADAPTER.validate_python(value)
            years = buckets.setdefault(org, {})
            years.setdefault(instance.due_on.year, {})[instance.key] = instance
    for key, value in stored.items():
        if key.startswith(UNIT):
            # A document stored before the calendar documents carries its own calendar.
            unit = Unit.model_validate({**value, **calendars.get(value["organization_id"], {})})
            _fill(unit, buckets.get(unit.organization_id, {}), members)
            unit.transferred_out = left.get(unit.organization_id, {})
            state.add_unit(unit)
    state.changed.clear()
    return state


def _fill(
    unit: Unit, years: dict[int, dict[str, Instance]], members: dict[str, dict[str, Member]]
) -> None:
    """Put back a restored unit's members and in-memory instances; derive the rest."""
    for bucket in years.values():
        for instance in bucket.values():
            if not unit.archives(instance):
                unit.hold(instance)
    unit.members = dict(sorted(members.get(unit.organization_id, {}).items()))
    for member_id, member in unit.members.items():
        for rule_id, months in member.signals.items():
            for month in months:
                unit.note_signal(rule_id, month, member_id)
    unit.open_keys = {i.key: i.due_on.year for i in unit.instances() if i.status is Status.OPEN}
    unit.next_check = unit.next_look()
