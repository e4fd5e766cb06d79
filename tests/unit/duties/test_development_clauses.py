"""发展党员 and branch composition (三、（四）; problem list 16, 20, 23; 问题清单 5).

Each scenario's expected outcome was written by hand, from the national rule cited in its
docstring, before the test was run. The rules:

- 《中国共产党发展党员工作细则》（2014）第六条: 党组织收到入党申请书后，应当在一个月内派人同
  入党申请人谈话 (the month runs from the application's receipt; whoever the
  organization sends holds the talk).
- 同 细则 第二十九条/第三十条: 预备期为一年，从支部大会通过之日起计算；预备期满，党支部应当
  及时讨论其能否转为正式党员; 延长预备期不少于半年，最长不超过一年 (the branch owes the
  discussion; the probationary member gets no verdict).
- 《中国共产党支部工作条例（试行）》（2018）第五条: 有正式党员3人以上的，应当成立党支部;
  党支部党员人数一般不超过50名 (all members, probationary included); 党小组会 monthly
  (第十条), answered by the group leader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.events import activities, members, structure
from contracts.events.base import Payload
from tests.unit.accountability.builders import from_the_facts, on_their_days
from tests.unit.duties.builders import (
    BRANCH,
    GENERAL_BRANCH,
    SECRETARY,
    History,
    fold,
    make,
    of_type,
)

pytestmark = pytest.mark.unit

TALK = "branch.applicant_talk.within_days"
COMMITTEE_MEMBER = f"{BRANCH}-cm"
START = date(2018, 1, 1)
Fact = tuple[date, Payload]


# ── builders ────────────────────────────────────────────────────────────────────────


def _application(person: str, received: date, org: str = BRANCH) -> Payload:
    return make(
        members.AdmissionApplicationReceived,
        organization_id=org,
        person_id=person,
        person_name="陈静",
        received_on=received,
    )


def _talk(
    counterpart: str,
    held: date,
    *,
    by: str = SECRETARY,
    org: str = BRANCH,
    kind: str = "applicant_talk",
) -> Payload:
    return make(
        activities.TalkHeld,
        organization_id=org,
        kind=kind,
        person_id=by,
        counterpart_id=counterpart,
        held_on=held,
    )


def _appoint(org: str, person: str, office: str, on: date) -> Payload:
    return make(
        structure.OfficeHolderAppointed,
        organization_id=org,
        person_id=person,
        person_name="王丽",
        office=office,
        appointed_on=on,
    )


def _left(org: str, person: str, office: str, on: date) -> Payload:
    return make(
        structure.OfficeHolderLeftOffice,
        organization_id=org,
        person_id=person,
        office=office,
        left_on=on,
    )


def _admitted(member: str, on: date, org: str = BRANCH) -> Payload:
    return make(
        members.MemberAdmittedAsProbationary,
        organization_id=org,
        member_id=member,
        member_name="李明",
        admitted_on=on,
    )


def _transferred_in(
    member: str, on: date, org: str = BRANCH, probationary: bool | None = None
) -> Payload:
    return make(
        members.MemberTransferredIn,
        organization_id=org,
        member_id=member,
        member_name="张华",
        transferred_on=on,
        probationary=probationary,
    )


def _recorded(history: History, facts: list[tuple[date, Payload]], last: date) -> History:
    """``facts`` each recorded on its (recording) day between daily ticks from START."""
    return on_their_days(history, START, facts, last)


def _outputs(facts: list[Fact], last: date, *, branches: tuple[str, ...] = (BRANCH,)) -> list[Any]:
    history = History()
    for org in branches:
        history.branch(org=org)
    _, outputs = fold(_recorded(history, facts, last).events)
    return outputs


def _talk_verdicts(outputs: list[Any], org: str = BRANCH) -> list[tuple[str, Any]]:
    """(status, due_on) of every status event of the applicant talk of ``org``."""
    names = ("DutyFulfilled", "DutyFulfilledLate", "DutyOverdue", "DutyWaived")
    return [
        (o.type.removeprefix("zeren."), o.data.due_on)
        for o in outputs
        if o.type.removeprefix("zeren.") in names
        and o.data.duty_id == TALK
        and o.data.organization_id == org
    ]


# ── 入党申请人谈话 (细则 第六条) ─────────────────────────────────────────────────────────


def test_an_application_recorded_late_is_due_a_month_from_its_receipt() -> None:
    """细则 第六条: the month runs from 收到入党申请书 (received 2018-03-01), not from the
    day the branch typed it in (2018-04-10). By hand: the talk was due 2018-03-31 (its
    span ends then); no talk was ever held, so the branch is overdue once. Recorded after
    that deadline, the duty is not found overdue at once: it gets from 04-10 its 7 days'
    reminder lead (test_late_triggers), so it is due 2018-04-17, and overdue only then."""
    facts: list[Fact] = [(date(2018, 4, 10), _application("s-1", date(2018, 3, 1)))]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyOverdue", date(2018, 4, 17))]
    [overdue] = [o for o in outputs if o.type == "zeren.DutyOverdue" and o.data.duty_id == TALK]
    assert overdue.data.period_end == date(2018, 3, 31)


def test_a_talk_held_before_the_application_was_recorded_fulfils_it() -> None:
    """细则 第六条. Application received 2018-03-01, recorded 2018-03-15; the secretary
    talked with the applicant on 2018-03-10 (within the month of receipt). By hand: the
    duty is fulfilled in time (due 2018-03-31); never overdue."""
    facts: list[Fact] = [
        (date(2018, 3, 15), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), _talk("s-1", date(2018, 3, 10))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyFulfilled", date(2018, 3, 31))]


def test_a_talk_within_the_month_recorded_after_the_application_fulfils_it() -> None:
    """Control for the above: received and recorded 2018-03-01, talk held and recorded
    2018-03-20. By hand: fulfilled, due 2018-03-31."""
    facts: list[Fact] = [
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), _talk("s-1", date(2018, 3, 20))),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyFulfilled", date(2018, 3, 31))]


@pytest.mark.parametrize(
    "by", [SECRETARY, COMMITTEE_MEMBER, "p-deputy", "p-member-sent"], ids=lambda p: p
)
def test_a_talk_by_whoever_the_branch_sends_counts(by: str) -> None:
    """细则 第六条 派人谈话: the branch sends someone; the secretary, a deputy, a committee
    member or a member sent all count. By hand: fulfilled (talk 2018-03-20, due 03-31)."""
    facts: list[Fact] = [
        (date(2018, 2, 1), _appoint(BRANCH, "p-deputy", "deputy_secretary", date(2018, 2, 1))),
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), _talk("s-1", date(2018, 3, 20), by=by)),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyFulfilled", date(2018, 3, 31))]


def test_another_kind_of_talk_with_the_applicant_does_not_count() -> None:
    """A heart-to-heart talk (谈心谈话) is not the applicant talk. By hand: overdue, due
    2018-03-31, and not fulfilled."""
    facts: list[Fact] = [
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), _talk("s-1", date(2018, 3, 20), kind="heart_to_heart")),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyOverdue", date(2018, 3, 31))]


def test_an_applicant_who_applies_again_elsewhere_is_talked_to_once_for_both() -> None:
    """The applicant applies to br-edu-faculty-1 on 2018-03-01 and, having moved, to br-2
    on 2018-03-20; br-2 talks with them on 2018-03-25. 第六条 asks that the applicant be
    talked to within the month; that happened for both applications. By hand: both
    branches fulfilled in time (due 03-31 and 04-19); neither overdue."""
    facts: list[Fact] = [
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 20), _application("s-1", date(2018, 3, 20), org="br-2")),
        (date(2018, 3, 25), _talk("s-1", date(2018, 3, 25), org="br-2")),
    ]
    outputs = _outputs(facts, date(2018, 6, 30), branches=(BRANCH, "br-2"))
    assert _talk_verdicts(outputs) == [("DutyFulfilled", date(2018, 3, 31))]
    assert _talk_verdicts(outputs, "br-2") == [("DutyFulfilled", date(2018, 4, 19))]


def test_a_branch_dissolved_before_the_deadline_owes_no_talk() -> None:
    """撤销: the branch dissolved on 2018-03-15, before the talk fell due (03-31). By
    hand: the open talk is waived, never overdue."""
    dissolved = make(
        structure.OrganizationDissolved, organization_id=BRANCH, dissolved_on=date(2018, 3, 15)
    )
    facts: list[Fact] = [
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1))),
        (date(2018, 3, 15), dissolved),
    ]
    outputs = _outputs(facts, date(2018, 6, 30))
    assert _talk_verdicts(outputs) == [("DutyWaived", date(2018, 3, 31))]


def test_the_secretary_in_office_when_the_talk_fell_due_answers() -> None:
    """The right party answers: the branch that owed the talk, and its secretary when it
    fell due. Application received 2018-03-01 (due 03-31); secretary p-1 leaves on 03-10,
    p-2 appointed the same day; no talk. By hand: the branch br-1 is criticised (四:
    提出批评，限期整改) on the day after the deadline (2018-04-01), naming p-2 only; the
    former secretary p-1 is named by no measure; the general branch gb-1 is charged with
    nothing."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", START)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", START)
    history.unit("br-1", "branch", "gb-1", "p-1", START, category="faculty")
    facts: list[Fact] = [
        (date(2018, 3, 1), _application("s-1", date(2018, 3, 1), org="br-1")),
        (date(2018, 3, 10), _left("br-1", "p-1", "secretary", date(2018, 3, 10))),
        (date(2018, 3, 10), _appoint("br-1", "p-2", "secretary", date(2018, 3, 10))),
    ]
    decided: list[Any] = from_the_facts(history, START, facts, date(2018, 4, 20))
    about_talk = [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.data.person_ids)
        for e in decided
        if getattr(e.data, "duty_id", None) == TALK
    ]
    assert ("CriticismIssued", "br-1", ["p-2"]) in about_talk
    assert all(org == "br-1" and "p-1" not in people for _, org, people in about_talk)


# ── 预备党员转正 (细则 第二十九条、第三十条) ───────────────────────────────────────────────


#: Duties and flags about a member that have nothing to do with probation: the member's
# ── 党支部设置 (支部工作条例 第五条) ──────────────────────────────────────────────────


def _composition(facts: list[Fact], last: date) -> list[tuple[str, str, str | None]]:
    """(situation, month, higher organization) of every OrganizationFlagged of the branch."""
    history = History()
    history.branch()
    _, outputs = fold(_recorded(history, facts, last).events)
    return [
        (f.data.situation.value, f.data.period, f.data.higher_organization_id)
        for f in of_type(outputs, "OrganizationFlagged", organization_id=BRANCH)
        if f.data.situation.value in ("too_few_full_members", "too_many_members")
    ]


def _full(n: int, on: date, prefix: str = "m") -> list[Fact]:
    return [(on, _transferred_in(f"{prefix}-{k}", on)) for k in range(n)]


@pytest.mark.parametrize(
    ("full", "probationary", "expected"),
    [
        (49, 2, [("too_many_members", "2019-02", GENERAL_BRANCH)]),
        (48, 2, []),
        (50, 0, []),
    ],
    ids=["49+2", "48+2", "50+0"],
)
def test_probationary_members_count_towards_fifty(
    full: int, probationary: int, expected: list[tuple[str, str, str]]
) -> None:
    """支部工作条例 第五条: 党员人数一般不超过50名 counts every member, 预备党员 included.
    By hand: 49 full + 2 probationary = 51 → flagged to gb-edu on 2019-02-01; 48 + 2 = 50
    and 50 + 0 = 50 → nothing (also no too-few flag: far more than 3 full)."""
    facts = _full(full, date(2019, 1, 15))
    facts += [
        (date(2019, 1, 15), _admitted(f"p-{k}", date(2019, 1, 15))) for k in range(probationary)
    ]
    assert _composition(facts, date(2019, 2, 1)) == expected


def test_a_member_out_of_contact_still_counts_a_suspended_one_does_not() -> None:
    """失联 does not end membership (it is 停止党籍 that takes the member off the roll).
    Three full members from 2019-01-15; m-0 lost contact since 2019-02-01 (recorded
    02-05): still three full, nothing flagged on 03-01. m-1 suspended on 2019-03-10:
    two full → flagged on 2019-04-01 to gb-edu."""
    lost = make(
        members.MemberLostContact, organization_id=BRANCH, member_id="m-0", since=date(2019, 2, 1)
    )
    suspended = make(
        members.MembershipSuspended,
        organization_id=BRANCH,
        member_id="m-1",
        suspended_on=date(2019, 3, 10),
        reason="违纪",
    )
    facts = [*_full(3, date(2019, 1, 15)), (date(2019, 2, 5), lost), (date(2019, 3, 10), suspended)]
    assert _composition(facts, date(2019, 4, 1)) == [
        ("too_few_full_members", "2019-04", GENERAL_BRANCH)
    ]


def test_an_expired_probation_does_not_make_a_full_member() -> None:
    """党章 第七条: a 预备党员 becomes 正式党员 only by the decision (转正), not by time.
    Two full members and m-p admitted 2018-11-15; the year ends 2019-11-15 with no
    confirmation. By hand: flagged on 2018-12-01 (2 full) and not again (the situation
    never ends) up to 2020-02-01."""
    facts = [
        *_full(2, date(2018, 11, 15)),
        (date(2018, 11, 15), _admitted("m-p", date(2018, 11, 15))),
    ]
    assert _composition(facts, date(2020, 2, 1)) == [
        ("too_few_full_members", "2018-12", GENERAL_BRANCH)
    ]


# ── 党小组会 (支部工作条例 第十条) ────────────────────────────────────────────────────


def test_a_party_group_meeting_missed_is_answered_by_the_group_leader() -> None:
    """党小组会 monthly (catalog party_group.meeting.monthly, grace 7 days, answered by
    group_leader). Group grp-1 of br-1 with leader p-gl from 2018-01-01; it meets every
    month except 2018-03. By hand: the 2018-03 meeting is overdue on 2018-04-08 (due
    04-07) for grp-1; the measure names p-gl, not the branch secretary p-1."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", START)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", START)
    history.unit("br-1", "branch", "gb-1", "p-1", START, category="faculty")
    group = make(
        structure.OrganizationEstablished,
        organization_id="grp-1",
        name="第一党小组",
        kind="party_group",
        parent_id="br-1",
        established_on=START,
    )
    history.add(group, START)
    history.add(_appoint("grp-1", "p-gl", "group_leader", START), START)
    facts: list[Fact] = []
    for month in (1, 2, 4):
        held = date(2018, month, 10)
        meeting = make(
            activities.MeetingHeld,
            organization_id="grp-1",
            meeting_id=f"grp-{month}",
            kind="party_group_meeting",
            held_on=held,
            expected_attendees=5,
            present_attendees=5,
            topic="学习",
            chaired_by="p-gl",
        )
        facts.append((held, meeting))
    decided: list[Any] = from_the_facts(history, START, facts, date(2018, 4, 20))
    about_group = [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.data.period, e.data.person_ids)
        for e in decided
        if getattr(e.data, "duty_id", None) == "party_group.meeting.monthly"
        and e.type.removeprefix("zeren.") == "CriticismIssued"
    ]
    assert about_group == [("CriticismIssued", "grp-1", "2018-03", ["p-gl"])]


@pytest.mark.parametrize(
    ("full", "probationary", "expected"),
    [(6, 1, []), (7, 0, [("committee_required", "2019-02")])],
    ids=["6+1", "7+0"],
)
def test_probationary_members_do_not_count_towards_a_committee(
    full: int, probationary: int, expected: list[tuple[str, str]]
) -> None:
    """支部工作条例 第五条: 正式党员7人以上的党支部，应当设立党支部委员会. A branch with a
    secretary only. By hand: six full + one probationary → nothing; seven full → flagged
    committee_required on 2019-02-01."""
    history = History()
    history.branch(committee=False)
    facts = _full(full, date(2019, 1, 15))
    facts += [
        (date(2019, 1, 15), _admitted(f"p-{k}", date(2019, 1, 15))) for k in range(probationary)
    ]
    _, outputs = fold(_recorded(history, facts, date(2019, 2, 1)).events)
    flags = [
        (f.data.situation.value, f.data.period)
        for f in of_type(outputs, "OrganizationFlagged", organization_id=BRANCH)
    ]
    assert flags == expected
