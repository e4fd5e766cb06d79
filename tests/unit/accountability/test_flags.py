"""Situations flagged for people to decide (情况提示): kept to be shown, never a case.

Expected outcomes, written from the rules before running:
- 党章 第九条 / 实施细则 三、(四): a member six months without dues is flagged to his
  branch, which decides; the ledger keeps the flag naming the branch as the one that
  decides and its secretary of the day (p-s1) as who answers. The member is the one
  concerned, never charged: no case, no measure; the flag is told (SituationFlagNoted,
  see test_flag_events.py), no accountability action.
- An organization's term out of range (党章 第三十条) asks the higher organization named
  in the flag (gb-1) to decide: its secretary (p-g1) answers, not the branch's.
- The adapter passes member duties' own statuses over undecoded (they change nothing),
  never a flag, even one about a member duty.
- The same flag read twice (a repeat of the duties topic) is kept once; the flags survive
  the ledger's save and restore.
"""

from __future__ import annotations

from datetime import date

from contracts.events.duties import DutyFulfilled, MemberSituationFlagged, OrganizationFlagged
from contracts.events.enums import MemberSituation, Office, OrganizationSituation
from contracts.events.structure import OfficeHolderAppointed
from contracts.types import event_type_of
from services.accountability.domain import queries
from services.accountability.domain.decide import makes_no_decision
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import Run, duty, envelope, tick
from tests.unit.stored import stored


def _secretary(org: str, person: str) -> OfficeHolderAppointed:
    return OfficeHolderAppointed(
        organization_id=org, person_id=person, person_name=f"{person}书记",
        office=Office.SECRETARY, appointed_on=date(2018, 1, 2),
    )  # fmt: skip


def _flagged_run() -> Run:
    run = Run()
    run.send(tick(date(2018, 1, 2)))
    run.send(envelope(_secretary("br-1", "p-s1"), "appoint-s1", date(2018, 1, 2)))
    run.send(envelope(_secretary("gb-1", "p-g1"), "appoint-g1", date(2018, 1, 2)))
    run.until(date(2018, 7, 1))
    six_months = duty(
        MemberSituationFlagged, "br-1", "2018-06", "member.art9.six_months_without_dues",
        member_id="m-2", situation=MemberSituation.DUES_UNPAID_SIX_MONTHS,
        since=date(2018, 1, 1), period_start=date(2018, 1, 1), period_end=date(2018, 6, 30),
        due_on=date(2018, 6, 30),
    )  # fmt: skip
    term = duty(
        OrganizationFlagged, "br-1", "term:2021-06-30", "org.election.term",
        situation=OrganizationSituation.TERM_OUT_OF_RANGE, higher_organization_id="gb-1",
        detail_zh="任期不符合党章第三十条", period_start=date(2018, 7, 1),
        period_end=date(2021, 6, 30), due_on=date(2021, 6, 30),
    )  # fmt: skip
    for payload, event_id in ((six_months, "flag-m-2"), (term, "flag-term")):
        run.on(date(2018, 7, 1), envelope(payload, event_id, date(2018, 7, 1)))
    run.send(envelope(six_months, "flag-m-2", date(2018, 7, 1)))  # read again
    run.until(date(2018, 7, 5))
    return run


def test_a_member_flag_is_kept_for_his_branch_and_makes_no_case() -> None:
    run = _flagged_run()
    assert [o.envelope.type for o in run.outputs] == ["zeren.SituationFlagNoted"] * 2
    assert run.ledger.cases == {}
    (member,) = queries.list_flags(run.ledger, member=True)
    assert (member.organization_id, member.member_id) == ("br-1", "m-2")
    assert (member.decides, member.person_ids) == ("br-1", ["p-s1"])
    assert member.situation == "dues_unpaid_six_months"
    assert member.since == date(2018, 1, 1)
    assert member.flagged_on.year == 2018


def test_an_organization_flag_is_for_the_higher_organization_to_decide() -> None:
    run = _flagged_run()
    (term,) = queries.list_flags(run.ledger, member=False)
    assert (term.organization_id, term.decides, term.person_ids) == ("br-1", "gb-1", ["p-g1"])
    assert term.member_id is None
    assert term.detail_zh == "任期不符合党章第三十条"
    assert queries.list_flags(run.ledger, unit="gb-1") == [term]  # the deciding unit sees it
    assert len(queries.list_flags(run.ledger, unit="br-1", year=2018)) == 2
    assert queries.list_flags(run.ledger, year=2019) == []


def test_flags_survive_save_and_restore() -> None:
    run = _flagged_run()
    saved = stored(run.ledger.take_changes())
    assert len(saved["flags:br-1"]) == 2
    assert Ledger.restore(1, saved).flags == run.ledger.flags


def test_a_flag_is_never_passed_over_undecoded() -> None:
    assert makes_no_decision(event_type_of(DutyFulfilled), "member.dues.monthly", "v1")
    for flag in (MemberSituationFlagged, OrganizationFlagged):
        assert not makes_no_decision(event_type_of(flag), "member.dues.monthly", "v1")
