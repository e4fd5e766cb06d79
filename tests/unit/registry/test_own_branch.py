"""A member's facts come from the member's own branch (本支部党员).

Expected outcomes, worked out from the rules before the code:
- 党章 第九条 and the dues rules: dues, organizational life and loss of contact are
  the business of the branch whose roll the member is on. A fact about ``m-1``
  (on br-1's roll since 2017-09-01) recorded by br-2 is refused, and nothing of it
  is kept: the registry still has ``m-1`` in br-1, and br-1 may still record the
  month's dues.
- 党费: dues are paid up to the month of a transfer (交至转出当月), often on the day of
  leaving or after; the branch left may record the transfer month's dues, not a
  later month's. The receiving branch records from the day of arrival.
- 预备党员转正 is decided by the branch the member is in: a confirmation from a branch
  the member has left is refused, and does not move the member back onto its roll.
- A backfilled fact (补录) is judged on its own day: dues paid before the transfer
  out, recorded after it, are the old branch's.
- Attendance is the exception: a branch records every attendee of its meetings,
  visitors too (党员领导干部参加双重组织生活); it counts for no other branch's roll, and
  moves nobody.
- 组织关系转接: a member is on one roll at a time. Transferred in to br-2 (or admitted
  there) while still on br-1's roll, ``m-1`` would be on both, and br-1 would flag a
  member paying dues to br-2 (党章第九条). Refused until br-1's transfer out is recorded,
  dated on or before the day in; nothing of the refused fact is kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import activities as a
from contracts.events import members as m
from contracts.events.base import Payload
from services.common.access.sources import Sources
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, payload

pytestmark = pytest.mark.unit


def _dues(branch: str, month: str, paid_on: str) -> Payload:
    return payload(m.DuesPaid, organization_id=branch, member_id="m-1", month=month,
                   amount="20.00", paid_on=paid_on)  # fmt: skip


def _lost_contact(branch: str) -> Payload:
    return payload(m.MemberLostContact, organization_id=branch, member_id="m-1",
                   since="2018-02-01")  # fmt: skip


def _attended(branch: str, on: str) -> Payload:
    return payload(m.OrganizationalLifeAttended, organization_id=branch, member_id="m-1",
                   meeting_id="mt-1", attended_on=on)  # fmt: skip


def _confirmed(branch: str, on: str) -> Payload:
    return payload(m.MemberConfirmed, organization_id=branch, member_id="m-1",
                   confirmed_on=on)  # fmt: skip


def _dual_report(branch: str, member: str | None) -> Payload:
    return payload(a.DualReportRegistered, organization_id=branch, member_id=member,
                   community="徐汇区国顺路社区党委", registered_on="2018-03-02")  # fmt: skip


@pytest.fixture
def two_branches(university: RegistryState) -> RegistryState:
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    return university


def _verdict(university: RegistryState, sources: Sources, fact: Payload, n: str) -> list[str]:
    """The codes ``fact`` draws (empty: accepted)."""
    verdict = admit(university, sources, envelope(fact, n), None)
    assert (verdict.outcome is Outcome.ACCEPTED) == (not verdict.issues)
    return [f"{i.code} {i.field}" for i in verdict.issues]


REFUSED = ["ref.not_a_member_here data.member_id"]


@pytest.mark.parametrize(
    "fact",
    [
        _dues("br-2", "2018-03", "2018-03-12"),
        _lost_contact("br-2"),
        _confirmed("br-2", "2018-03-10"),
        _dual_report("br-2", "m-1"),
    ],
    ids=lambda fact: type(fact).__name__,
)
def test_another_branch_may_not_record_a_members_fact(
    two_branches: RegistryState, sources: Sources, fact: Payload
) -> None:
    before = two_branches.registry.members["m-1"]
    issues = admit(two_branches, sources, envelope(fact, "other"), None).issues
    assert [f"{i.code} {i.field}" for i in issues] == REFUSED
    assert "m-1 is not on the roll of br-2 on 2018-0" in issues[0].message_en
    assert "党员名册" in issues[0].message_zh
    assert two_branches.registry.members["m-1"] == before
    assert _verdict(two_branches, sources, _dues("br-1", "2018-03", "2018-03-12"), "own") == []


def test_the_organizations_own_dual_report_names_no_member(
    two_branches: RegistryState, sources: Sources
) -> None:
    assert _verdict(two_branches, sources, _dual_report("br-2", None), "org") == []


def test_a_lost_contact_from_another_branch_does_not_move_the_member(
    two_branches: RegistryState, sources: Sources
) -> None:
    assert _verdict(two_branches, sources, _lost_contact("br-2"), "lost") == REFUSED
    assert two_branches.registry.members["m-1"].organization_id == "br-1"
    assert _verdict(two_branches, sources, _lost_contact("br-1"), "own") == []
    assert two_branches.registry.members["m-1"].status.value == "lost_contact"


@pytest.fixture
def moved(two_branches: RegistryState, sources: Sources) -> RegistryState:
    """``m-1`` transferred from br-1 to br-2 in March 2018 (out on the 20th, in on the 21st)."""
    out = payload(m.MemberTransferredOut, organization_id="br-1", member_id="m-1",
                  to_organization="br-2", transferred_on="2018-03-20")  # fmt: skip
    into = payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-1",
                   member_name="张华", transferred_on="2018-03-21")  # fmt: skip
    assert _verdict(two_branches, sources, out, "out") == []
    assert _verdict(two_branches, sources, into, "in") == []
    return two_branches


@pytest.mark.parametrize(
    ("fact", "codes"),
    [
        (_dues("br-1", "2018-03", "2018-03-25"), []),  # the transfer month, after leaving
        (_dues("br-1", "2018-02", "2018-03-20"), []),  # on the day of leaving
        (_dues("br-1", "2018-04", "2018-03-25"), REFUSED),  # a month the member is not there
        (_dues("br-2", "2018-04", "2018-04-02"), []),  # the new branch, after arriving
        (_dues("br-2", "2018-02", "2018-03-22"), []),  # arrears, paid where the member is
        (_dues("br-2", "2018-02", "2018-03-19"), REFUSED),  # before arriving, for before
        (_dues("br-1", "2018-03", "2018-03-10"), []),  # backfilled: before leaving
        (_attended("br-1", "2018-03-22"), []),  # a visitor's attendance
        (_confirmed("br-1", "2018-03-28"), REFUSED),  # the old branch, after leaving
        (_confirmed("br-2", "2018-03-28"), []),
    ],
)
def test_after_a_transfer_each_branch_records_its_own_days(
    moved: RegistryState, sources: Sources, fact: Payload, codes: list[str]
) -> None:
    assert _verdict(moved, sources, fact, "after") == codes
    assert moved.registry.members["m-1"].organization_id == "br-2"


def _transfer_in(on: str) -> Payload:
    return payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-1",
                   member_name="张华", transferred_on=on)  # fmt: skip


def _transfer_out(on: str) -> Payload:
    return payload(m.MemberTransferredOut, organization_id="br-1", member_id="m-1",
                   to_organization="br-2", transferred_on=on)  # fmt: skip


ON_ANOTHER_ROLL = ["ref.on_another_roll data.member_id"]


@pytest.mark.parametrize(
    ("before", "joining", "codes"),
    [
        ([], _transfer_in("2018-03-21"), ON_ANOTHER_ROLL),
        ([], payload(m.MemberAdmittedAsProbationary, organization_id="br-2", member_id="m-1",
                     member_name="张华", admitted_on="2018-03-21"), ON_ANOTHER_ROLL),
        ([_transfer_out("2018-03-20")], _transfer_in("2018-03-15"), ON_ANOTHER_ROLL),
        ([_transfer_out("2018-03-20")], _transfer_in("2018-03-20"), []),
        ([_transfer_out("2018-03-20")], _transfer_in("2018-03-21"), []),
    ],
    ids=["in", "admitted", "in-before-out", "in-on-the-day-out", "in-after-out"],
)  # fmt: skip
def test_a_member_joins_a_roll_once_off_the_other(
    two_branches: RegistryState,
    sources: Sources,
    before: list[Payload],
    joining: Payload,
    codes: list[str],
) -> None:
    for n, fact in enumerate(before):
        assert _verdict(two_branches, sources, fact, f"before-{n}") == []
    known = two_branches.registry.members["m-1"]
    issues = admit(two_branches, sources, envelope(joining, "joining"), None).issues
    assert [f"{i.code} {i.field}" for i in issues] == codes
    member = two_branches.registry.members["m-1"]
    if codes:
        assert "m-1 is on the roll of br-1" in issues[0].message_en
        assert "转出" in issues[0].message_zh
        assert member == known
    else:
        assert (member.organization_id, member.on_roll("br-1", date(2018, 3, 22), date.max)) == (
            "br-2",
            False,
        )
