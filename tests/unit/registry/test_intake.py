"""The decision per submission: authorization, deduplication, then the rules."""

from __future__ import annotations

from datetime import date

from contracts.events import members as m
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.sources import Sources
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
