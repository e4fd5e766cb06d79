"""Branch composition (支部工作条例 2018): size flags from the members the log names."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from tests.unit.duties.builders import BRANCH, GENERAL_BRANCH, History, fold, make, of_type

pytestmark = pytest.mark.unit


def _flags(history: History) -> list[tuple[str, str]]:
    """(situation, month) of every OrganizationFlagged, in order."""
    _, outputs = fold(history.events)
    flagged = of_type(outputs, "OrganizationFlagged")
    assert all(f.data.higher_organization_id == GENERAL_BRANCH for f in flagged)
    return [(f.data.situation.value, f.data.period) for f in flagged]


def _branch(full: int, *, committee: bool = True, on: date = date(2019, 1, 15)) -> History:
    history = History()
    history.branch(committee=committee)
    history.ticks(date(2018, 1, 1), on - date.resolution)
    for n in range(full):
        history.member(f"m-{n}", on)
    return history


def test_a_branch_of_two_full_members_is_flagged_once_until_a_third_joins() -> None:
    history = _branch(2)
    history.ticks(date(2019, 1, 15), date(2019, 3, 9))
    history.member("m-third", date(2019, 3, 10))
    history.ticks(date(2019, 3, 10), date(2019, 5, 1))

    assert _flags(history) == [("too_few_full_members", "2019-02")]


def test_a_probationary_member_is_not_a_full_member_until_confirmed() -> None:
    history = _branch(2)
    admitted = make(
        members.MemberAdmittedAsProbationary,
        organization_id=BRANCH,
        member_id="m-new",
        member_name="李明",
        admitted_on=date(2019, 1, 20),
    )
    history.add(admitted, date(2019, 1, 20))
    history.ticks(date(2019, 1, 15), date(2019, 6, 30))
    confirmed = make(
        members.MemberConfirmed,
        organization_id=BRANCH,
        member_id="m-new",
        confirmed_on=date(2019, 7, 10),
    )
    history.add(confirmed, date(2019, 7, 10))
    history.ticks(date(2019, 7, 10), date(2019, 8, 9))
    history.transfer_out("m-0", date(2019, 8, 10))
    history.ticks(date(2019, 8, 10), date(2019, 9, 1))

    # Two full and one probationary: flagged; confirmed, three full: the flag ends
    # (2019-08-01); one leaves, two full again: flagged anew.
    assert _flags(history) == [
        ("too_few_full_members", "2019-02"),
        ("too_few_full_members", "2019-09"),
    ]


def test_seven_full_members_call_for_a_branch_committee() -> None:
    without = _branch(7, committee=False)
    without.ticks(date(2019, 1, 15), date(2019, 2, 1))
    assert _flags(without) == [("committee_required", "2019-02")]

    with_committee = _branch(7, committee=True)
    with_committee.ticks(date(2019, 1, 15), date(2019, 2, 1))
    assert _flags(with_committee) == []


def test_more_than_fifty_members_is_flagged() -> None:
    history = _branch(51)
    history.ticks(date(2019, 1, 15), date(2019, 2, 1))
    assert _flags(history) == [("too_many_members", "2019-02")]


def test_nothing_is_flagged_before_the_branch_rules_took_effect() -> None:
    """The 支部工作条例 is in force from 2018-10-28 (catalog v3)."""
    history = _branch(2, on=date(2018, 3, 15))
    history.ticks(date(2018, 3, 15), date(2018, 10, 31))
    assert _flags(history) == []
    history.ticks(date(2018, 11, 1), date(2018, 11, 1))
    assert _flags(history) == [("too_few_full_members", "2018-11")]


@pytest.mark.parametrize(("probationary", "expected"), [
    (True, [("too_few_full_members", "2019-02")]),  # 2 正式党员 + 1 预备党员: under 3
    (None, []),  # a member from elsewhere, full unless the letter says otherwise: 3
    (False, []),
])  # fmt: skip
def test_a_member_transferred_in_as_probationary_is_not_a_full_member(
    probationary: bool | None, expected: list[tuple[str, str]]
) -> None:
    """支部工作条例 第五条: a branch is set up with three 正式党员 or more. The letter of
    introduction (组织关系介绍信) of a member transferred in says whether they are 预备党员."""
    history = _branch(2)
    history.member("m-in", date(2019, 1, 20), probationary=probationary)
    history.ticks(date(2019, 1, 15), date(2019, 2, 1))
    assert _flags(history) == expected


@pytest.mark.parametrize(("probationary", "expected"), [
    (True, [("too_few_full_members", "2019-05")]),  # 2 正式党员 + 1 预备党员: under 3
    (None, []),  # an older log's restoration, taken as full: 3 (the registry now refuses it)
    (False, []),
])  # fmt: skip
def test_a_probationary_member_restored_after_suspension_is_not_a_full_member(
    probationary: bool | None, expected: list[tuple[str, str]]
) -> None:
    """支部工作条例 第五条 (three 正式党员). 停止党籍 and 恢复党籍 do not confirm a 预备党员
    (党章 第七条): the decision restoring the member says which they are.

    By hand: three full members and ``m-p``, admitted as probationary on 2019-01-20,
    suspended on 02-10 and restored on 03-10; ``m-0`` leaves on 04-10. On 05-01 the
    branch has two full members besides ``m-p``: flagged only if ``m-p`` is probationary.
    """
    history = _branch(3)
    admitted, suspended, restored = date(2019, 1, 20), date(2019, 2, 10), date(2019, 3, 10)
    steps = [
        (admitted, make(members.MemberAdmittedAsProbationary, organization_id=BRANCH,
                        member_id="m-p", member_name="李明", admitted_on=admitted)),
        (suspended, make(members.MembershipSuspended, organization_id=BRANCH, member_id="m-p",
                         suspended_on=suspended, reason="失去联系满六个月")),
        (restored, make(members.MembershipRestored, organization_id=BRANCH, member_id="m-p",
                        restored_on=restored, probationary=probationary)),
    ]  # fmt: skip
    since = date(2019, 1, 15)
    for on, fact in steps:
        history.ticks(since, on - date.resolution)
        history.add(fact, on)
        since = on
    history.ticks(since, date(2019, 4, 9))
    history.transfer_out("m-0", date(2019, 4, 10))
    history.ticks(date(2019, 4, 10), date(2019, 5, 1))
    assert _flags(history) == expected
