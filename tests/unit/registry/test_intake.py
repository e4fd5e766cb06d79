"""The decision per submission: authorization, deduplication, then the rules."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members as m
from services.common.access.sources import Sources
from services.registry.domain import state as registry_state
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import (
    DEMO,
    FINANCE,
    envelope,
    established,
    meeting,
    payload,
)
from tests.unit.stored import stored


def test_accepted_then_duplicate_per_source(university: RegistryState, sources: Sources) -> None:
    first = envelope(meeting(), "oa-1")
    assert admit(university, sources, first, None).outcome is Outcome.ACCEPTED
    assert admit(university, sources, first, None).outcome is Outcome.DUPLICATE
    dues = payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-03",
                   amount="10.00", paid_on="2018-03-05")  # fmt: skip
    # The same id from another source is another event.
    assert admit(university, sources, envelope(dues, "oa-1", FINANCE), None).outcome is (
        Outcome.ACCEPTED
    )


def test_forbidden_type_unknown_source_and_impersonation(
    university: RegistryState, sources: Sources
) -> None:
    def code(source: str, caller: str | None) -> str:
        verdict = admit(university, sources, envelope(meeting(), "x", source), caller)
        assert verdict.outcome is Outcome.REJECTED
        return verdict.issues[0].code

    assert code(FINANCE, None) == "auth.forbidden_type"
    assert code("urn:campus:nobody", None) == "auth.unknown_source"
    assert code(DEMO, FINANCE) == "auth.source_mismatch"


def test_a_rejected_id_may_be_corrected_and_resubmitted(
    university: RegistryState, sources: Sources
) -> None:
    wrong = admit(university, sources, envelope(meeting(on="2030-01-01"), "oa-7"), None)
    assert wrong.outcome is Outcome.REJECTED
    right = admit(university, sources, envelope(meeting(), "oa-7"), None)
    assert right.outcome is Outcome.ACCEPTED


def test_state_survives_its_entries(sources: Sources) -> None:
    state = RegistryState()
    state.move_clock(date(2018, 4, 1))
    facts = [
        established("pc", "party_committee", None),
        established("br-1", "branch", "pc"),
        payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                member_name="张华", transferred_on="2018-03-01"),
        payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-03",
                amount="10.00", paid_on="2018-03-05"),
        meeting(),
    ]  # fmt: skip
    for n, fact in enumerate(facts):
        assert admit(state, sources, envelope(fact, f"e-{n}"), None).outcome is Outcome.ACCEPTED
    restored = RegistryState.from_entries(stored(state.take_changes()))
    assert restored.seen == state.seen
    assert len(restored.seen) == 5
    assert restored.dues_paid == {"m-1|2018-03"}
    assert restored.registry == state.registry
    assert restored.registry.members["m-1"].organization_id == "br-1"
    assert restored.clock.today == date(2018, 4, 1)
    assert state.take_changes() == {}


def test_growing_sets_are_written_in_sorted_chunks(
    sources: Sources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's accepted ids go out as chunks keyed by their first id, not a row each."""
    monkeypatch.setattr(registry_state, "CHUNK", 2)
    state = RegistryState()
    state.move_clock(date(2018, 4, 1))
    state.record(envelope(established("pc", "party_committee", None), "e-0"))
    state.record(envelope(established("br-1", "branch", "pc"), "e-1"))
    first = state.take_changes()
    for n in (4, 2, 3):
        state.record(envelope(meeting(), f"e-{n}"))
    second = state.take_changes()
    seen = sorted(key for key in second if key.startswith("seen"))
    source = envelope(meeting(), "x").source
    assert seen == [f"seen+{source}|e-2", f"seen+{source}|e-4"]
    assert stored(second)[seen[0]] == [f"{source}|e-2", f"{source}|e-3"]
    restored = RegistryState.from_entries(stored(first) | stored(second))
    assert restored.seen == state.seen
    assert len(state.seen) == 5


def test_one_row_per_element_entries_are_still_read() -> None:
    """The earlier form of the growing sets (``seen:<id>``, ``dues:<id>``: 1) restores as before."""
    entries = {"seen:urn:oa|e-1": 1, "dues:m-1|2018-03": 1, "seen+urn:oa|e-2": ["urn:oa|e-2"]}
    restored = RegistryState.from_entries(entries)
    assert restored.seen == {"urn:oa|e-1", "urn:oa|e-2"}
    assert restored.dues_paid == {"m-1|2018-03"}
