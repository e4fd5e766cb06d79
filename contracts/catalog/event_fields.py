"""Known event types and their fields (事件类型与字段表), derived from the payload models.

The catalog and the policy are validated against this table: evidence and
triggers may only name input facts that exist, filters only fields those
facts carry, with values of the right kind. The table is read off the
pydantic models of :mod:`contracts.events` (registered in
:data:`contracts.types.EVENT_TYPES`), so it cannot drift from them. Events
are named by their bare class name, e.g. ``MeetingHeld``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal

from contracts import events
from contracts.events.base import EventId, Id, Month, Payload, Year
from contracts.types import TYPE_PREFIX, event_type_of


class FieldKind(StrEnum):
    """What a field holds, as far as catalog validation cares."""

    ID = "id"
    TEXT = "text"
    DATE = "date"
    MONTH = "month"  # "YYYY-MM"
    YEAR = "year"
    INT = "int"
    DECIMAL = "decimal"
    ENUM = "enum"
    LIST = "list"
    BOOL = "bool"


@dataclass(frozen=True)
class FieldSpec:
    """A field's kind and, for an enumeration, its allowed values."""

    kind: FieldKind
    values: frozenset[str] = field(default_factory=frozenset)


#: Constrained types of :mod:`contracts.events.base` with a kind of their own;
#: any other constrained type takes the kind of the type it constrains.
_ALIAS_KINDS: tuple[tuple[object, FieldKind], ...] = (
    (Id, FieldKind.ID),
    (EventId, FieldKind.ID),
    (Month, FieldKind.MONTH),
    (Year, FieldKind.YEAR),
)
_BASE_KINDS: Mapping[object, FieldKind] = {
    str: FieldKind.TEXT,
    int: FieldKind.INT,
    Decimal: FieldKind.DECIMAL,
    date: FieldKind.DATE,
    bool: FieldKind.BOOL,
}


def _without_none(hint: Any) -> Any:
    """``X`` for ``X | None``; ``hint`` itself otherwise."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"union {hint!r} has no single field kind")
        return options[0]
    return hint


def _spec_of(hint: Any) -> FieldSpec:
    """The :class:`FieldSpec` of a field annotated ``hint``; ``TypeError`` if it has none."""
    hint = _without_none(hint)
    for alias, kind in _ALIAS_KINDS:
        if hint == alias:
            return FieldSpec(kind)
    if typing.get_origin(hint) is Annotated:
        return _spec_of(typing.get_args(hint)[0])
    if isinstance(hint, type) and issubclass(hint, Enum):
        return FieldSpec(FieldKind.ENUM, frozenset(str(member.value) for member in hint))
    if typing.get_origin(hint) is Literal:
        return FieldSpec(FieldKind.ENUM, frozenset(str(value) for value in typing.get_args(hint)))
    if typing.get_origin(hint) is list:
        return FieldSpec(FieldKind.LIST)
    base_kind = _BASE_KINDS.get(hint)
    if base_kind is None:
        raise TypeError(f"no field kind for annotation {hint!r}")
    return FieldSpec(base_kind)


def model_fields(model: type[Payload]) -> Mapping[str, FieldSpec]:
    """The fields of a payload model, in declaration order, with their specs."""
    hints = typing.get_type_hints(model, include_extras=True)
    try:
        return types.MappingProxyType({name: _spec_of(hints[name]) for name in model.model_fields})
    except TypeError as error:
        raise TypeError(f"{model.__name__}: {error}") from None


def _table(models: Iterable[type[Payload]]) -> Mapping[str, Mapping[str, FieldSpec]]:
    """Field specs by bare event name (``zeren.MeetingHeld`` → ``MeetingHeld``)."""
    return types.MappingProxyType(
        {event_type_of(model).removeprefix(TYPE_PREFIX): model_fields(model) for model in models}
    )


#: Input facts published by campus systems (and the registry's clock).
INPUT_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = _table(events.INPUTS)

#: Duty status events of ``zeren.duties.v2``.
DUTY_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = _table(events.DUTY_OUTPUTS)

#: Accountability actions of ``zeren.accountability.v2``.
ACCOUNTABILITY_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = _table(events.ACCOUNTABILITY_OUTPUTS)

ALL_EVENTS: Mapping[str, Mapping[str, FieldSpec]] = types.MappingProxyType(
    {**INPUT_EVENTS, **DUTY_EVENTS, **ACCOUNTABILITY_EVENTS}
)


def event_fields(
    event: str, table: Mapping[str, Mapping[str, FieldSpec]] = INPUT_EVENTS
) -> Mapping[str, FieldSpec]:
    """The fields of ``event``; ``ValueError`` if ``table`` does not know it."""
    try:
        return table[event]
    except KeyError:
        raise ValueError(f"unknown event type {event!r} (see docs/event-names.md)") from None


def field_spec(event: str, name: str, *kinds: FieldKind) -> FieldSpec:
    """The spec of input field ``event.name``, optionally required to be of ``kinds``."""
    spec = event_fields(event).get(name)
    if spec is None:
        raise ValueError(f"event {event} has no field {name!r}")
    if kinds and spec.kind not in kinds:
        expected = " or ".join(kinds)
        raise ValueError(f"{event}.{name} is a {spec.kind} field, expected {expected}")
    return spec
