"""Builders for the registry's unit tests: a small university and envelopes."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from contracts.envelope import Envelope, new_envelope
from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import structure as s
from contracts.events.base import Payload
from services.common.access.sources import Source, Sources
from services.registry.domain.state import RegistryState

CST = timezone(timedelta(hours=8))
DEMO = "urn:zeren:demo"
FINANCE = "urn:campus:finance"


def envelope(payload: Payload, event_id: str = "e-1", source: str = DEMO) -> Envelope:
    return new_envelope(payload, id=event_id, source=source, time=datetime(2018, 4, 1, tzinfo=CST))


def payload(model: type[Payload], **fields: Any) -> Payload:
    """A payload as it travels: validated from JSON."""
    return model.model_validate_json(json.dumps(fields, ensure_ascii=False))


def established(org: str, kind: str, parent: str | None, on: str = "2017-09-01") -> Payload:
    return payload(
        s.OrganizationEstablished, organization_id=org, name=f"{org} 党组织", kind=kind,
        parent_id=parent, established_on=on,
    )  # fmt: skip


def meeting(
    org: str = "br-1", kind: str = "branch_committee_meeting", on: str = "2018-03-12"
) -> Payload:
    return payload(
        a.MeetingHeld, organization_id=org, meeting_id="m-1", kind=kind, held_on=on,
        expected_attendees=5, present_attendees=5, topic="学习",
    )  # fmt: skip


@pytest.fixture
def sources() -> Sources:
    return Sources(
        sources=(
            Source(source=DEMO, name="demo", types=frozenset(["*"])),
            Source(source=FINANCE, name="finance", types=frozenset({"DuesPaid"})),
        )
    )


@pytest.fixture
def university() -> RegistryState:
    """A committee, a general branch, a branch (with a secretary and a member ``m-1``) and a
    party group."""
    state = RegistryState()
    facts = [
        established("pc", "party_committee", None, "2017-01-01"),
        established("gb-1", "general_branch", "pc"),
        established("br-1", "branch", "gb-1"),
        established("pg-1", "party_group", "br-1"),
        payload(
            s.OfficeHolderAppointed, organization_id="br-1", person_id="p-1",
            person_name="王丽", office="secretary", appointed_on="2017-09-01",
        ),
        payload(
            m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
            member_name="张华", transferred_on="2017-09-01",
        ),
    ]  # fmt: skip
    for n, fact in enumerate(facts):
        state.record(envelope(fact, f"setup-{n}"))
    state.move_clock(date(2018, 4, 1))
    state.take_changes()
    return state
