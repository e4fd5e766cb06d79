"""The field table (字段表) is read off the payload models, not kept by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contracts import events
from contracts.catalog.event_fields import (
    ACCOUNTABILITY_EVENTS,
    ALL_EVENTS,
    DUTY_EVENTS,
    INPUT_EVENTS,
    FieldKind,
    FieldSpec,
    event_fields,
    field_spec,
    model_fields,
)
from contracts.events.base import OrganizationPayload
from contracts.events.enums import MeetingKind, Office, OrganizationKind
from contracts.types import EVENT_TYPES


def test_the_tables_cover_the_registered_event_groups() -> None:
    assert set(INPUT_EVENTS) == {m.__name__ for m in events.INPUTS}
    assert set(DUTY_EVENTS) == {m.__name__ for m in events.DUTY_OUTPUTS}
    assert set(ACCOUNTABILITY_EVENTS) == {m.__name__ for m in events.ACCOUNTABILITY_OUTPUTS}
    assert {f"zeren.{name}" for name in ALL_EVENTS} <= EVENT_TYPES.keys()


@pytest.mark.parametrize("name", sorted(ALL_EVENTS))
def test_every_model_field_is_in_the_table(name: str) -> None:
    assert list(ALL_EVENTS[name]) == list(EVENT_TYPES[f"zeren.{name}"].model_fields)


@pytest.mark.parametrize(
    ("event", "name", "spec"),
    [
        ("MeetingHeld", "organization_id", FieldSpec(FieldKind.ID)),
        ("MeetingHeld", "chaired_by", FieldSpec(FieldKind.ID)),  # Id | None
        ("MeetingHeld", "topic", FieldSpec(FieldKind.TEXT)),
        ("MeetingHeld", "held_on", FieldSpec(FieldKind.DATE)),
        ("MeetingHeld", "expected_attendees", FieldSpec(FieldKind.INT)),
        ("MeetingHeld", "kind", FieldSpec(FieldKind.ENUM, frozenset(MeetingKind))),
        ("OrganizationEstablished", "kind", FieldSpec(FieldKind.ENUM, frozenset(OrganizationKind))),
        ("OfficeHolderAppointed", "office", FieldSpec(FieldKind.ENUM, frozenset(Office))),
        ("DuesPaid", "month", FieldSpec(FieldKind.MONTH)),
        ("DuesPaid", "amount", FieldSpec(FieldKind.DECIMAL)),
        ("WorkReportSubmitted", "year", FieldSpec(FieldKind.YEAR)),
        ("SelfCheckAnswered", "evidence_refs", FieldSpec(FieldKind.LIST)),
        ("CatalogVersionAdopted", "version", FieldSpec(FieldKind.TEXT)),
    ],
)
def test_annotations_map_to_field_kinds(event: str, name: str, spec: FieldSpec) -> None:
    assert field_spec(event, name) == spec


def test_output_events_are_known_only_to_the_full_table() -> None:
    assert event_fields("DutyOverdue", ALL_EVENTS)["cause_event_id"] == FieldSpec(FieldKind.ID)
    with pytest.raises(ValueError, match="unknown event type 'DutyOverdue'"):
        event_fields("DutyOverdue")


def test_a_field_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ValueError, match=r"MeetingHeld.topic is a text field, expected id"):
        field_spec("MeetingHeld", "topic", FieldKind.ID)


def test_an_annotation_without_a_kind_is_refused() -> None:
    class Odd(OrganizationPayload):
        ratio: float

    class Mixed(OrganizationPayload):
        amount: Decimal | int

    for model in (Odd, Mixed):
        with pytest.raises(TypeError, match=model.__name__):
            model_fields(model)
