"""A membership that ended (党员减少: 去世、出党) ends for good in the registry.

Expected outcomes, worked out from the rules before the code: 党员减少 — a member dies, or
leaves the Party's ranks by 开除党籍, 除名 (党员教育管理工作条例 第二十四条: 停止党籍二年后
按自行脱党除名) or 退党 — is recorded by the branch whose roll he is on that day (本支部
党员, as every member fact); he leaves that roll on the day. Nothing of his dated after it is
a fact about a member: refused, and nothing of it kept (``member.ended``); nor may he join
a roll again (转入, 恢复党籍, 接收预备党员: one admitted anew has a new member id), nor end
twice. His history before the day, recorded late (补录), is accepted; so are dues for a
month he was on the roll, paid after (as after a transfer out). A branch whose last member
died may be dissolved (撤销) without a transfer out to nowhere. Only a probationary member
is disqualified (取消预备党员资格, 党章第七条), and then never confirmed. The registry names a
person by one id, member or office holder: an office he holds is left first, none is taken
after the end, and no talk, training, visit or interview of his is dated after his death.

``m-1`` is on br-1's roll since 2017-09-01 (the ``university`` fixture); the clock is at
2018-04-01.
"""

from __future__ import annotations

import pytest

from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import structure as s
from contracts.events.base import Payload
from services.common.access.sources import Sources
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, payload

pytestmark = pytest.mark.unit

ENDED = "member.ended data.member_id"
NOT_HERE = "ref.not_a_member_here data.member_id"
LAST = "member.steps_after_end data.ended_on"


def _codes(university: RegistryState, sources: Sources, fact: Payload, n: str) -> list[str]:
    verdict = admit(university, sources, envelope(fact, n), None)
    assert (verdict.outcome is Outcome.ACCEPTED) == (not verdict.issues)
    return [f"{i.code} {i.field}" for i in verdict.issues]


def _end(on: str, org: str = "br-1", member: str = "m-1", end: str = "deceased") -> Payload:
    return payload(m.MembershipEnded, organization_id=org, member_id=member, ended_on=on,
                   end=end)  # fmt: skip


@pytest.fixture
def died(university: RegistryState, sources: Sources) -> RegistryState:
    """m-1 died on 2018-03-10, recorded by br-1; br-2 established beside it."""
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    assert _codes(university, sources, _end("2018-03-10"), "end") == []
    return university


def test_the_end_is_recorded_by_the_member_s_own_branch(
    university: RegistryState, sources: Sources
) -> None:
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    assert _codes(university, sources, _end("2018-03-10", org="br-2"), "other") == [NOT_HERE]
    unknown = _codes(university, sources, _end("2018-03-10", member="m-9"), "unknown")
    assert unknown == ["ref.unknown_member data.member_id"]
    assert _codes(university, sources, _end("2018-03-10", end="expelled"), "own") == []
    member = university.registry.members["m-1"]
    assert (member.status.value, member.organization_id) == ("ended", None)


@pytest.mark.parametrize(
    ("fact", "codes"),
    [
        (payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-03",
                 amount="20.00", paid_on="2018-03-20"), []),  # his last month, paid after
        (payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-02",
                 amount="20.00", paid_on="2018-03-01"), []),  # before, recorded late
        (payload(m.DuesPaid, organization_id="br-1", member_id="m-1", month="2018-04",
                 amount="20.00", paid_on="2018-03-25"), [NOT_HERE]),
        (payload(m.MemberLostContact, organization_id="br-1", member_id="m-1",
                 since="2018-02-01"), []),  # 补录: before the day
        (payload(m.MemberLostContact, organization_id="br-1", member_id="m-1",
                 since="2018-03-15"), [ENDED, NOT_HERE]),
        (payload(m.OrganizationalLifeAttended, organization_id="br-1", member_id="m-1",
                 meeting_id="mt-1", attended_on="2018-03-20"), [ENDED]),
        (_end("2018-03-12"), [ENDED, NOT_HERE]),
        (_end("2018-03-05", end="removed"), [ENDED, LAST]),  # a second end, dated before
        (payload(m.MembershipRestored, organization_id="br-1", member_id="m-1",
                 restored_on="2018-03-20"), [ENDED]),
        (payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-1",
                 member_name="张华", transferred_on="2018-03-20"), [ENDED]),
        (payload(m.MemberAdmittedAsProbationary, organization_id="br-2", member_id="m-1",
                 member_name="张华", admitted_on="2018-03-20"), [ENDED]),
    ],
    ids=["dues-last-month", "dues-before", "dues-after", "lost-before", "lost-after",
         "attended-after", "ended-again", "ended-again-before", "restored", "transferred-in",
         "admitted"],
)  # fmt: skip
def test_nothing_of_his_after_the_end_is_recorded(
    died: RegistryState, sources: Sources, fact: Payload, codes: list[str]
) -> None:
    before = died.registry.members["m-1"]
    assert _codes(died, sources, fact, "after") == codes
    after = died.registry.members["m-1"]
    assert (after.status.value, after.organization_id) == ("ended", None)
    if codes:
        assert after == before


def test_a_branch_whose_last_member_died_may_be_dissolved(
    died: RegistryState, sources: Sources
) -> None:
    """By hand: m-2, br-2's only member, on its roll from 2018-01-05; br-2 dissolved on
    2018-03-30. Before his death is recorded: refused (ref.members_on_roll, m-2). After
    (died 2018-03-20): accepted."""
    joined = payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-2",
                     member_name="李明", transferred_on="2018-01-05")  # fmt: skip
    assert _codes(died, sources, joined, "m-2") == []
    dissolved = payload(s.OrganizationDissolved, organization_id="br-2",
                        dissolved_on="2018-03-30")  # fmt: skip
    assert _codes(died, sources, dissolved, "dissolved") == [
        "ref.members_on_roll data.organization_id"
    ]
    assert _codes(died, sources, _end("2018-03-20", org="br-2", member="m-2"), "m-2-end") == []
    assert _codes(died, sources, dissolved, "dissolved-2") == []


def test_an_end_dated_before_steps_already_recorded_is_refused(
    university: RegistryState, sources: Sources
) -> None:
    """By hand: m-1 transferred out of br-1 on 2018-03-20 and into br-2 on 03-21; an end
    dated 03-10 from br-1 (his roll that day) would leave him dead in br-1 and alive in
    br-2: refused (member.steps_after_end, naming the later steps), nothing kept. Dated
    03-25 from br-2, his roll then: accepted."""
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    moved = [
        payload(m.MemberTransferredOut, organization_id="br-1", member_id="m-1",
                to_organization="br-2", transferred_on="2018-03-20"),
        payload(m.MemberTransferredIn, organization_id="br-2", member_id="m-1",
                member_name="张华", transferred_on="2018-03-21"),
    ]  # fmt: skip
    for n, fact in enumerate(moved):
        assert _codes(university, sources, fact, f"moved-{n}") == []
    before = university.registry.members["m-1"]
    verdict = admit(university, sources, envelope(_end("2018-03-10"), "early"), None)
    assert [f"{i.code} {i.field}" for i in verdict.issues] == [LAST]
    assert "MemberTransferredIn, MemberTransferredOut" in verdict.issues[0].message_en
    assert "党员减少应为最后一项" in verdict.issues[0].message_zh
    assert university.registry.members["m-1"] == before
    assert _codes(university, sources, _end("2018-03-25", org="br-2"), "late") == []


NOT_PROBATIONARY = "member.not_probationary data.end"


def _admitted(member: str, on: str) -> Payload:
    return payload(m.MemberAdmittedAsProbationary, organization_id="br-1", member_id=member,
                   member_name="李明", admitted_on=on)  # fmt: skip


def _confirmed(member: str, on: str) -> Payload:
    return payload(m.MemberConfirmed, organization_id="br-1", member_id=member, confirmed_on=on)


def test_only_a_probationary_member_is_disqualified(
    university: RegistryState, sources: Sources
) -> None:
    """取消预备党员资格 (党章第七条: 预备党员…不具备党员条件的，应当取消预备党员资格). By hand:
    m-1, a full member (transferred in 2017-09-01, the letter not saying probationary), is
    not disqualified on 2018-03-10: refused (member.not_probationary), nothing kept, he
    stays on br-1's roll. m-5, admitted as probationary on 2017-09-05, is disqualified on
    2018-03-10: accepted, off the roll for good. m-6, admitted on 2017-09-05 and confirmed
    on 2018-03-01, is a full member by 03-10: refused; a disqualification dated 02-20,
    before the confirmation already recorded, is refused as dated before his steps
    (member.steps_after_end) only: he was still probationary that day."""
    before = university.registry.members["m-1"]
    assert _codes(university, sources, _end("2018-03-10", end="disqualified"), "m-1") == [
        NOT_PROBATIONARY
    ]
    assert university.registry.members["m-1"] == before
    assert _codes(university, sources, _admitted("m-5", "2017-09-05"), "m-5-in") == []
    assert _codes(university, sources, _end("2018-03-10", member="m-5", end="disqualified"),
                  "m-5") == []  # fmt: skip
    m5 = university.registry.members["m-5"]
    assert (m5.status.value, m5.organization_id) == ("ended", None)
    for n, fact in enumerate((_admitted("m-6", "2017-09-05"), _confirmed("m-6", "2018-03-01"))):
        assert _codes(university, sources, fact, f"m-6-{n}") == []
    assert _codes(university, sources, _end("2018-03-10", member="m-6", end="disqualified"),
                  "m-6") == [NOT_PROBATIONARY]  # fmt: skip
    assert _codes(university, sources, _end("2018-02-20", member="m-6", end="disqualified"),
                  "m-6-early") == [LAST]  # fmt: skip


@pytest.mark.parametrize(("on", "codes"), [("2018-03-01", [ENDED]),
                                           ("2018-03-20", [ENDED, NOT_HERE])])  # fmt: skip
def test_a_disqualified_member_is_never_confirmed(
    university: RegistryState, sources: Sources, on: str, codes: list[str]
) -> None:
    """By hand: m-5, admitted as probationary on 2017-09-05, disqualified on 2018-03-10.
    A confirmation (转正) dated after it is refused like any fact of his after his end; one
    dated before it, recorded after (补录), is refused too (member.ended): a member whose
    probationary membership was cancelled was never confirmed. A death is not a
    disqualification: a confirmation dated before it, recorded after, is his history."""
    assert _codes(university, sources, _admitted("m-5", "2017-09-05"), "m-5-in") == []
    assert _codes(university, sources, _end("2018-03-10", member="m-5", end="disqualified"),
                  "m-5") == []  # fmt: skip
    assert _codes(university, sources, _confirmed("m-5", on), "m-5-confirmed") == codes
    assert _codes(university, sources, _admitted("m-7", "2017-09-05"), "m-7-in") == []
    assert _codes(university, sources, _end("2018-03-10", member="m-7"), "m-7") == []
    assert _codes(university, sources, _confirmed("m-7", "2018-03-01"), "m-7-confirmed") == []


HOLDS_OFFICE = "member.holds_office data.member_id"


def _appointed(
    person: str,
    on: str,
    left_on: str | None = None,
    org: str = "br-1",
    office: str = "committee_member",
) -> Payload:
    past = {} if left_on is None else {"left_on": left_on}
    return payload(s.OfficeHolderAppointed, organization_id=org, person_id=person,
                   person_name="张华", office=office, appointed_on=on, **past)  # fmt: skip


def test_a_member_in_office_leaves_it_before_his_end(
    university: RegistryState, sources: Sources
) -> None:
    """The registry names a person by one id, member or office holder (``knows_person``):
    m-1, br-1's 支委委员 since 2017-10-01, is the member m-1. A dead or expelled person
    holds no Party office, and reminders and measures would go on naming him. By hand:
    his end on 2018-03-10 while the registry has him in office is refused
    (member.holds_office, naming the office), nothing kept; once his leaving on 03-10 is
    recorded, the end is accepted."""
    assert _codes(university, sources, _appointed("m-1", "2017-10-01"), "in-office") == []
    before = university.registry.members["m-1"]
    verdict = admit(university, sources, envelope(_end("2018-03-10"), "early"), None)
    assert [f"{i.code} {i.field}" for i in verdict.issues] == [HOLDS_OFFICE]
    assert "br-1 committee_member" in verdict.issues[0].message_en
    assert "OfficeHolderLeftOffice" in verdict.issues[0].message_en
    assert "先登记其离任" in verdict.issues[0].message_zh
    assert university.registry.members["m-1"] == before
    left = payload(s.OfficeHolderLeftOffice, organization_id="br-1", person_id="m-1",
                   office="committee_member", left_on="2018-03-10")  # fmt: skip
    assert _codes(university, sources, left, "left") == []
    assert _codes(university, sources, _end("2018-03-10"), "end") == []


@pytest.mark.parametrize(
    ("fact", "codes"),
    [
        (_appointed("m-1", "2018-03-20"), ["member.ended data.appointed_on"]),
        (_appointed("m-1", "2017-10-01"), ["member.ended data.left_on"]),  # 补录, no end
        (_appointed("m-1", "2017-10-01", "2018-03-20"), ["member.ended data.left_on"]),
        (_appointed("m-1", "2017-10-01", "2018-03-10"), []),  # a past term, ended by then
    ],
    ids=["after", "backfilled-open", "backfilled-past-the-end", "backfilled-closed"],
)
def test_no_office_is_held_after_the_end(
    died: RegistryState, sources: Sources, fact: Payload, codes: list[str]
) -> None:
    """m-1 died on 2018-03-10. By hand: appointed after (03-20): refused (member.ended);
    a term entered afterwards (补录) from 2017-10-01 must say it ended (``left_on``) by
    03-10: open or ending 03-20, refused; ending 03-10, accepted."""
    assert _codes(died, sources, fact, "appointed") == codes


def _talk(counterpart: str, on: str, person: str = "p-1") -> Payload:
    return payload(a.TalkHeld, organization_id="br-1", kind="heart_to_heart", person_id=person,
                   counterpart_id=counterpart, held_on=on)  # fmt: skip


@pytest.mark.parametrize(
    ("fact", "codes"),
    [
        (_talk("m-1", "2018-03-05"), []),  # 补录: before the day
        (_talk("m-1", "2018-03-10"), []),  # the day itself
        (_talk("m-1", "2018-03-20"), ["member.ended data.counterpart_id"]),
        (_talk("p-1", "2018-03-20", person="m-1"), ["member.ended data.person_id"]),
        (payload(a.TrainingCompleted, organization_id="br-1", person_id="m-1",
                 kind="member_rotation", hours="8", completed_on="2018-03-20"),
         ["member.ended data.person_id"]),
        (payload(a.WorkReportEvaluated, organization_id="br-1", person_id="p-1", year=2017,
                 grade="good", evaluated_on="2018-03-20"), []),  # another person
    ],
    ids=["talk-before", "talk-that-day", "talk-with-him-after", "talk-by-him-after",
         "training-after", "evaluation-of-another"],
)  # fmt: skip
def test_no_activity_of_his_is_dated_after_the_end(
    died: RegistryState, sources: Sources, fact: Payload, codes: list[str]
) -> None:
    """m-1 died on 2018-03-10. By hand: a heart-to-heart talk (谈心谈话) with him, or held
    by him, a training he completed, dated after that day did not happen as recorded:
    refused (member.ended, on the field naming him), as his member facts are, so that no
    duty is credited with it; dated on or before it (补录), accepted."""
    assert _codes(died, sources, fact, "activity") == codes


def test_an_office_in_a_dissolved_organization_is_held_no_more(
    university: RegistryState, sources: Sources
) -> None:
    """By hand: m-1 was secretary of br-2 from 2017-10-01; br-2 was dissolved (撤销) on
    2018-02-01 with no leaving recorded (the office went with it). His end on 2018-03-10
    is accepted: he held no office that day."""
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    appointed = _appointed("m-1", "2017-10-01", org="br-2", office="secretary")
    dissolved = payload(s.OrganizationDissolved, organization_id="br-2",
                        dissolved_on="2018-02-01")  # fmt: skip
    for n, fact in enumerate((appointed, dissolved)):
        assert _codes(university, sources, fact, f"br-2-{n}") == []
    assert _codes(university, sources, _end("2018-03-10"), "end") == []


@pytest.mark.parametrize("end", ["removed", "withdrew"])
def test_one_who_left_alive_may_apply_again(
    university: RegistryState, sources: Sources, end: str
) -> None:
    """By hand: m-1 is removed (除名) or withdraws (退党) on 2018-03-10; he applies again,
    known by the same person id: the applicant talk (谈话) with him on 03-20 and his
    designation as an activist on 03-25 are accepted (he joins again, if admitted, under
    a new member id)."""
    assert _codes(university, sources, _end("2018-03-10", end=end), "end") == []
    talk = payload(a.TalkHeld, organization_id="br-1", kind="applicant_talk", person_id="p-1",
                   counterpart_id="m-1", held_on="2018-03-20")  # fmt: skip
    activist = payload(m.ActivistDesignated, organization_id="br-1", person_id="m-1",
                       designated_on="2018-03-25")  # fmt: skip
    for n, fact in enumerate((talk, activist)):
        assert _codes(university, sources, fact, f"again-{n}") == []
