"""A member's standing (预备党员 or 正式党员) follows them across transfers and absences.

党章 第七条: a probationary member becomes a full member only when the branch
confirms them (预备党员转正). Moving between branches, going away and coming
back, or losing and restoring contact changes where a member is, not their
standing. A member transferred in carries the letter of introduction's word on
it (组织关系介绍信); when the registry knows the member as probationary and the
transfer does not say, it is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contracts.events import members as m
from contracts.events.base import Payload
from services.common.access.sources import Sources
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, payload

pytestmark = pytest.mark.unit


def _admitted_then(leaving: Payload) -> Callable[[RegistryState, Sources], None]:
    """``m-new`` admitted as probationary in br-1, then ``leaving`` its roll."""

    def before(university: RegistryState, sources: Sources) -> None:
        university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
        admitted = payload(m.MemberAdmittedAsProbationary, organization_id="br-1",
                           member_id="m-new", member_name="李明",
                           admitted_on="2018-03-01")  # fmt: skip
        _accepted(university, sources, [admitted, leaving])

    return before


def _accepted(university: RegistryState, sources: Sources, facts: list[Payload]) -> None:
    for n, fact in enumerate(facts):
        assert admit(university, sources, envelope(fact, f"m-{n}"), None).outcome is (
            Outcome.ACCEPTED
        )


def _transfer_in(stated: bool | None) -> Payload:
    return payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-new",
                   member_name="李明", transferred_on="2018-03-21",
                   **({} if stated is None else {"probationary": stated}))  # fmt: skip


def test_a_member_from_elsewhere_is_full_unless_the_letter_says_otherwise(
    university: RegistryState, sources: Sources
) -> None:
    fact = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-far",
                   member_name="周洁", transferred_on="2018-03-21")  # fmt: skip
    assert admit(university, sources, envelope(fact, "far"), None).outcome is Outcome.ACCEPTED
    assert university.registry.members["m-far"].status.value == "full"


def _admitted() -> Payload:
    return payload(m.MemberAdmittedAsProbationary, organization_id="br-1", member_id="m-new",
                   member_name="李明", admitted_on="2018-03-01")  # fmt: skip


def _away(org: str, since: str) -> Payload:
    return payload(m.MemberWentAway, organization_id=org, member_id="m-new",
                   destination="深圳", since=since)  # fmt: skip


def _back(org: str, on: str) -> Payload:
    return payload(m.MemberReturned, organization_id=org, member_id="m-new", returned_on=on)


def _confirmed(org: str, on: str) -> Payload:
    return payload(m.MemberConfirmed, organization_id=org, member_id="m-new", confirmed_on=on)


def _seen(
    university: RegistryState, sources: Sources, facts: list[Payload]
) -> list[tuple[str | None, str, bool]]:
    """Where ``m-new`` is, its status and standing, after each of ``facts`` (each accepted)."""
    seen = []
    for n, fact in enumerate(facts):
        assert admit(university, sources, envelope(fact, f"s-{n}"), None).outcome is (
            Outcome.ACCEPTED
        )
        member = university.registry.members["m-new"]
        seen.append((member.organization_id, member.status.value, member.probationary))
    return seen


def test_going_away_and_coming_back_leaves_a_probationary_member_probationary(
    university: RegistryState, sources: Sources
) -> None:
    facts = [_admitted(), _away("br-1", "2018-03-05"), _back("br-1", "2018-03-25"),
             _confirmed("br-1", "2018-03-28")]  # fmt: skip
    assert [status for _, status, _ in _seen(university, sources, facts)] == [
        "probationary",
        "away",
        "probationary",
        "full",
    ]


def test_a_member_confirmed_while_away_is_still_away(
    university: RegistryState, sources: Sources
) -> None:
    """转正 changes the standing, not where the member is (外出流动 until 返回)."""
    facts = [_admitted(), _away("br-1", "2018-03-05"), _confirmed("br-1", "2018-03-28"),
             _back("br-1", "2018-04-01")]  # fmt: skip
    assert [(status, standing) for _, status, standing in _seen(university, sources, facts)] == [
        ("probationary", True),
        ("away", True),
        ("away", False),
        ("full", False),
    ]


def test_a_backfilled_step_does_not_move_the_member_back(
    university: RegistryState, sources: Sources
) -> None:
    """补录: m-new, admitted in br-1 on 03-01, transferred to br-2 on 03-20/21. A stay away
    from br-1 of 03-05 to 03-10, recorded afterwards, is accepted (br-1's on those days)
    and kept in the history, but the member stays in br-2, probationary, as the latest
    day says; confirmed by br-2 on 03-28, the member is full there."""
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    facts = [
        _admitted(),
        payload(m.MemberTransferredOut, organization_id="br-1", member_id="m-new",
                to_organization="br-2", transferred_on="2018-03-20"),
        payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-new",
                member_name="李明", transferred_on="2018-03-21", probationary=True),
        _away("br-1", "2018-03-05"),
        _back("br-1", "2018-03-10"),
        _confirmed("br-2", "2018-03-28"),
    ]  # fmt: skip
    assert [(org, status) for org, status, _ in _seen(university, sources, facts)] == [
        ("br-1", "probationary"),
        (None, "transferred_out"),
        ("br-2", "probationary"),
        ("br-2", "probationary"),
        ("br-2", "probationary"),
        ("br-2", "full"),
    ]
    assert len(university.registry.members["m-new"].history) == len(facts)


def _restored(stated: bool | None) -> Payload:
    return payload(m.MembershipRestored, organization_id="br-1", member_id="m-new",
                   restored_on="2018-03-25",
                   **({} if stated is None else {"probationary": stated}))  # fmt: skip


#: How a member rejoins a branch's roll: what came before, the fact, and the branch.
_REJOINING = {
    "transfer": (
        _admitted_then(
            payload(
                m.MemberTransferredOut,
                organization_id="br-1",
                member_id="m-new",
                to_organization="化学系党支部",
                transferred_on="2018-03-20",
            )
        ),
        _transfer_in,
        "br-2",
    ),
    "restoration": (
        _admitted_then(
            payload(
                m.MembershipSuspended,
                organization_id="br-1",
                member_id="m-new",
                suspended_on="2018-03-20",
                reason="失去联系满六个月",
            )
        ),
        _restored,
        "br-1",
    ),
}


@pytest.mark.parametrize("rejoining", sorted(_REJOINING))
def test_a_known_probationary_member_rejoining_must_say_so(
    university: RegistryState, sources: Sources, rejoining: str
) -> None:
    """Neither a transfer nor 恢复党籍 confirms a 预备党员: unstated, refused, not guessed."""
    before, rejoin, _ = _REJOINING[rejoining]
    before(university, sources)
    known = university.registry.members["m-new"]
    verdict = admit(university, sources, envelope(rejoin(None), "back"), None)
    assert verdict.outcome is Outcome.REJECTED
    assert [(i.code, i.field) for i in verdict.issues] == [
        ("member.standing_unstated", "data.probationary")
    ]
    assert "预备党员" in verdict.issues[0].message_zh
    assert university.registry.members["m-new"] == known


@pytest.mark.parametrize("rejoining", sorted(_REJOINING))
@pytest.mark.parametrize(("stated", "status"), [(True, "probationary"), (False, "full")])
def test_the_word_on_the_standing_is_kept(
    university: RegistryState, sources: Sources, rejoining: str, stated: bool, status: str
) -> None:
    before, rejoin, branch = _REJOINING[rejoining]
    before(university, sources)
    verdict = admit(university, sources, envelope(rejoin(stated), "back"), None)
    assert verdict.outcome is Outcome.ACCEPTED
    member = university.registry.members["m-new"]
    assert (member.organization_id, member.status.value) == (branch, status)
