"""Cross-unit rules, clause by clause: 普遍性, award eligibility, self-check cases.

Each test's docstring states the outcome expected BY HAND, with the clause, before the
code was run. Seed 沪开大委〔2017〕48号 四: "对带有普遍性的问题或特别突出的问题，要通过文件、
会议等形式进行通报，对相关责任人进行约谈" and "取消党组织及其负责人年度评优评先资格".
Policy v1: 普遍性 = the same duty, one period, overdue in >= 30 % of the units owing it
AND in >= 3 units; 通报、约谈 proposed to 组织部 for each overdue unit, naming who owed the
duty. Top rung (诫勉、通报批评、取消评优) only by the committee's recorded decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.events import activities, oversight, structure
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.duties import (
    DutyDueSoon,
    DutyFulfilled,
    DutyFulfilledLate,
    DutyOverdue,
    DutyWaived,
)
from contracts.events.enums import DecidingBody, Ground, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import CaseFilter, award_eligibility, list_cases
from services.accountability.domain.state import Ledger
from services.common.ids import case_id
from tests.unit.accountability.builders import (
    BEGINNING,
    QUARTERLY,
    Run,
    a_branch,
    duty,
    envelope,
    from_the_facts,
    tick,
)
from tests.unit.duties.builders import History, make

pytestmark = pytest.mark.unit

DUE, OVERDUE_DAY = date(2018, 7, 10), date(2018, 7, 11)  # 2018-Q2 meeting
GROUP = f"{QUARTERLY}|2018-Q2"
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]


def _proposed(run: Run) -> list[tuple[str, list[str], list[str]]]:
    """(unit, persons, grounds) of each AccountabilityProposed so far, sorted."""
    return sorted(
        (a.organization_id, list(a.person_ids), [str(g) for g in a.grounds])
        for name, a in zip([n for n, _ in run.types()], run.actions(), strict=True)
        if name == "AccountabilityProposed"
    )


def _quarter(overdue: list[str], fulfilled: list[str], partitions: int = 1, **later: object) -> Run:
    """Branches' 2018-Q2 meeting: ``overdue`` ones overdue 07-11 (each naming its secretary
    ``p-<unit>``), ``fulfilled`` ones done on 06-20; ticks from 06-20 to 07-10."""
    run = Run(partitions=partitions)
    run.days(date(2018, 6, 20), date(2018, 7, 10))
    for n, org in enumerate(fulfilled):
        env = envelope(
            duty(DutyFulfilled, org, fulfilled_on=date(2018, 6, 20)), f"ok-{org}", date(2018, 6, 20)
        )
        run.send(env, n % partitions)
    for n, org in enumerate(overdue):
        status = duty(DutyOverdue, org, charged_person_ids=[f"p-{org}"])
        run.send(envelope(status, f"over-{org}", OVERDUE_DAY), n % partitions)
    return run


def _units(n: int, prefix: str = "br") -> list[str]:
    return [f"{prefix}-{k:02d}" for k in range(n)]


# ── 普遍性: threshold edges ──────────────────────────────────────────────────────


def test_two_of_four_is_half_but_below_the_minimum_count() -> None:
    """By hand (四 普遍性; policy min_units 3): 2 of 4 branches overdue = 50 % >= 30 %, but
    only 2 units < 3: not widespread. Two criticisms, no proposal through 07-20."""
    units = _units(4)
    run = _quarter(units[:2], units[2:])
    run.days(OVERDUE_DAY, date(2018, 7, 20))
    assert [n for n, _ in run.types()] == ["CriticismIssued"] * 2


def test_three_of_three_is_widespread_and_each_names_its_own_secretary() -> None:
    """By hand (四 普遍性: 3 of 3 = 100 %, 3 units; 对相关责任人进行约谈): the three units'
    cases each get one 通报、约谈 proposal (ground widespread) naming that unit's own
    secretary p-<unit>, sent when every partition has passed 07-11 (07-12's tick)."""
    units = _units(3)
    run = _quarter(units, [], partitions=2)
    run.days(OVERDUE_DAY, OVERDUE_DAY)
    assert _proposed(run) == []
    run.days(date(2018, 7, 12), date(2018, 7, 14))
    assert _proposed(run) == [(u, [f"p-{u}"], ["widespread"]) for u in units]
    proposals = [a for a in run.actions() if type(a).__name__ == "AccountabilityProposed"]
    assert all("全校3个应完成该项工作的单位中有3个逾期未完成" in a.text_zh for a in proposals)
    assert {a.decided_on for a in proposals} == {date(2018, 7, 12)}


def test_a_unit_that_fulfilled_in_time_is_never_named() -> None:
    """By hand (四 普遍性: 4 of 10 = 40 %): proposals for br-00..br-03 only; no output of any
    kind names br-04..br-09, which held their meeting in time (only reminders/criticisms/
    proposals would name them, and they had no failure)."""
    units = _units(10)
    run = _quarter(units[:4], units[4:], partitions=2)
    run.days(OVERDUE_DAY, date(2018, 8, 31))
    assert {org for _, org in run.types()} == set(units[:4])
    assert [u for u, _, _ in _proposed(run)] == units[:4]


def test_another_period_or_another_duty_is_not_the_same_problem() -> None:
    """By hand (四 普遍性 is the same duty in one period): of 10 branches, 2 miss the 2018-Q2
    meeting, a third misses the 2018-Q2 party lecture, a fourth the 2018-Q1 meeting (due
    04-10). No group reaches 3 units: criticisms only, no proposal."""
    units = _units(10)
    run = _quarter(units[:2], units[2:])
    lecture = duty(DutyOverdue, "br-02", duty_id="branch.party_lecture.quarterly")
    run.send(envelope(lecture, "over-lecture", OVERDUE_DAY))
    run.days(OVERDUE_DAY, date(2018, 7, 20))
    assert _proposed(run) == []
    assert [n for n, _ in run.types()] == ["CriticismIssued"] * 3


# ── 普遍性: which units count as owing ──────────────────────────────────────────


def test_a_unit_waived_after_its_overdue_leaves_numerator_and_denominator() -> None:
    """By hand (DutyGroup: waived units do not count; a dissolution recorded late waives
    what fell due after it): 3 of 10 overdue on 07-11, then br-02's duty is waived the same
    day (撤销 recorded late). Owing: 9 units, overdue 2 -> 22 %, 2 units: not widespread.
    br-02's case ends (免除); no proposal for anyone."""
    units = _units(10)
    run = _quarter(units[:3], units[3:])
    waived = duty(DutyWaived, "br-02", reason="支部已撤销")
    run.send(envelope(waived, "waive-br-02", OVERDUE_DAY))
    run.days(OVERDUE_DAY, date(2018, 7, 20))
    assert run.ledger.late_and_owing(GROUP) == ({"br-00", "br-01"}, set(units) - {"br-02"})
    assert _proposed(run) == []


def test_a_waived_unit_out_of_the_denominator_can_make_it_widespread() -> None:
    """By hand: with br-10 owing, 3 of 11 overdue (27 %) would not be widespread; but
    br-10's duty is waived before its deadline (撤销), so it owes nothing: 10 owing units,
    3 overdue = 30 %, 3 units: widespread, proposals for br-00..br-02 only."""
    units = _units(11)
    run = _quarter(units[:3], units[3:10])
    run.send(envelope(duty(DutyWaived, "br-10", reason="支部已撤销"), "waive-10", DUE))
    run.days(OVERDUE_DAY, date(2018, 7, 20))
    assert [u for u, _, _ in _proposed(run)] == units[:3]


def test_a_unit_that_fulfilled_late_before_the_weighing_still_counts_as_overdue() -> None:
    """By hand (四 普遍性 counts the units that let the deadline pass; 履行 late does not
    undo the overdue): 3 of 10 overdue 07-11; br-00 submits late on 07-11 (DutyFulfilledLate,
    its case ends: 整改到位). Still 3 of 10 = 30 %, 3 units: widespread; proposals go to
    the two cases still open, br-01 and br-02, each naming its secretary; the text counts 3."""
    units = _units(10)
    run = _quarter(units[:3], units[3:])
    late = duty(DutyFulfilledLate, "br-00", fulfilled_on=OVERDUE_DAY)
    run.send(envelope(late, "late-00", OVERDUE_DAY))
    run.days(OVERDUE_DAY, date(2018, 7, 20))
    assert run.ledger.late_and_owing(GROUP)[0] == {"br-00", "br-01", "br-02"}
    assert _proposed(run) == [(u, [f"p-{u}"], ["widespread"]) for u in units[1:3]]
    proposal = run.actions()[-1]
    assert "全校10个应完成该项工作的单位中有3个逾期未完成" in proposal.text_zh


def _with_a_later_deadline(
    overdue: int, total: int, late_unit_fails: bool, recorded: date = date(2018, 7, 20)
) -> Run:
    """``total`` branches owe the 2018-Q2 meeting; the first ``overdue`` (regular deadline
    07-10) let it pass; the last one, recorded late (补录) on ``recorded``, has its own
    grace of 10 days from then (07-30 by default), is reminded (DutyDueSoon) the next day
    as the duties service does (the reminder lead is longer than the grace), and either
    lets its deadline pass (overdue the day after) or holds the meeting 5 days before it."""
    units = _units(total)
    regular, late_unit = units[:-1], units[-1]
    run = _quarter(regular[:overdue], regular[overdue:])
    run.until(recorded)
    due = recorded + timedelta(days=10)
    own: dict[str, Any] = {"due_on": due, "charged_person_ids": [f"p-{late_unit}"]}
    reminder = duty(DutyDueSoon, late_unit, **own)
    run.send(envelope(reminder, f"soon-{late_unit}", recorded + timedelta(days=1)))
    if late_unit_fails:
        run.until(due)
        status = duty(DutyOverdue, late_unit, **own)
        run.send(envelope(status, f"over-{late_unit}", due + timedelta(days=1)))
    else:
        held = due - timedelta(days=5)
        run.until(held - timedelta(days=1))
        status = duty(DutyFulfilled, late_unit, fulfilled_on=held, **own)
        run.send(envelope(status, f"ok-{late_unit}", held))
    run.until(date(2018, 8, 5))
    return run


def test_a_unit_with_its_own_later_deadline_counts_when_it_lets_it_pass() -> None:
    """By hand (四 普遍性; the unit recorded late owes the same duty for the same period,
    only with its own grace — see test_unit_recorded_late): 10 branches owe the 2018-Q2
    meeting; br-00 and br-01 let 07-10 pass, br-09 lets its own deadline 07-30 pass. 3 of 10
    = 30 %, 3 units: a widespread problem. Expected by 08-05: 通报、约谈 proposed for
    br-00, br-01 and br-09, each naming its own secretary."""
    run = _with_a_later_deadline(overdue=2, total=10, late_unit_fails=True)
    assert [u for u, _, _ in _proposed(run)] == ["br-00", "br-01", "br-09"]


def test_a_unit_with_its_own_later_deadline_counts_when_it_fulfils_it() -> None:
    """By hand (四 普遍性): 11 branches owe the 2018-Q2 meeting; br-00..br-02 let 07-10 pass,
    br-10 (recorded late on 07-09, own deadline 07-19, reminded 07-10) holds it on 07-14, in
    time. 3 of 11 = 27 %: NOT widespread. Its reminder came before the group was weighed
    (07-12), so the group waits for 07-19. Expected: three criticisms, no proposal.

    Recorded only on 07-20 (own deadline 07-30), br-10 is unknown when the group is weighed
    on 07-12: 3 of the 10 units known to owe the meeting = 30 %, widespread, so 通报、约谈 is
    proposed for br-00..br-02 that day. Nothing could wait for a unit not yet recorded;
    its meeting held in time later withdraws no proposal (proposals name persons, and
    people decide): the group weighed again after 07-30 adds none either."""
    run = _with_a_later_deadline(
        overdue=3, total=11, late_unit_fails=False, recorded=date(2018, 7, 9)
    )
    assert _proposed(run) == []
    assert [n for n, _ in run.types()].count("CriticismIssued") == 3
    after = _with_a_later_deadline(overdue=3, total=11, late_unit_fails=False)
    assert _proposed(after) == [(u, [f"p-{u}"], ["widespread"]) for u in _units(3)]
    proposals = [a for a in after.actions() if type(a).__name__ == "AccountabilityProposed"]
    assert {a.decided_on for a in proposals} == {date(2018, 7, 12)}
    assert all("全校10个应完成该项工作的单位中有3个" in a.text_zh for a in proposals)
    assert after.ledger.late_and_owing(GROUP)[1] == set(_units(11))


def test_units_established_or_dissolved_mid_quarter_do_not_owe_it() -> None:
    """By hand, from the facts (owing: established by the period's first day, not dissolved
    before its deadline): br-1..br-3 (from 2018-01-01) record nothing; br-4 is established
    2018-02-15; br-5 (from 01-01) is dissolved 2018-03-01. For the 2018-Q1 支部党员大会
    (due 04-15) the owing units are br-1..br-3, all overdue: 3 of 3, widespread (四). br-4
    and br-5 have no Q1 meeting case; each of br-1..br-3's Q1 meeting case carries the
    widespread ground and names its own secretary."""
    history = History()
    start = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-cmt", start)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", start)
    for n in (1, 2, 3, 5):
        history.unit(f"br-{n}", "branch", "gb-1", f"p-{n}", start, category="faculty")
    new_on = date(2018, 2, 15)
    established = make(
        structure.OrganizationEstablished,
        organization_id="br-4",
        name="br-4党组织",
        kind="branch",
        category="faculty",
        parent_id="gb-1",
        established_on=new_on,
        term_ends_on=date(2021, 1, 1),
    )
    appointed = make(
        OfficeHolderAppointed,
        organization_id="br-4",
        person_id="p-4",
        person_name="王丽",
        office="secretary",
        appointed_on=new_on,
    )
    dissolved = make(
        structure.OrganizationDissolved, organization_id="br-5", dissolved_on=date(2018, 3, 1)
    )
    facts = [(new_on, established), (new_on, appointed), (date(2018, 3, 1), dissolved)]
    ledger = Ledger.empty(1)
    from_the_facts(history, start, facts, date(2018, 4, 30), ledger)
    key = f"{QUARTERLY}|2018-Q1"
    assert ledger.late_and_owing(key) == ({"br-1", "br-2", "br-3"}, {"br-1", "br-2", "br-3"})
    q1 = [c for c in ledger.cases.values() if c.duty_id == QUARTERLY and c.period == "2018-Q1"]
    assert sorted((c.organization_id, c.person_ids) for c in q1) == [
        ("br-1", ["p-1"]),
        ("br-2", ["p-2"]),
        ("br-3", ["p-3"]),
    ]
    assert all(Ground.WIDESPREAD in c.grounds for c in q1)


def test_from_the_facts_a_branch_recorded_late_is_weighed_with_the_others() -> None:
    """By hand, from the facts (四 普遍性; owing: every unit existing on the period's first
    day): br-1, br-3 (from 2018-01-01) record nothing; br-4..br-7 hold their first-quarter
    支部党员大会 on 03-10; br-2, established 01-01 but recorded only on 04-20 (补录, its own
    grace to 05-05), records nothing. Owing the 2018-Q1 meeting: 7 units; overdue: br-1,
    br-3 (04-16) and br-2 (05-06) = 3 of 7 = 43 %, 3 units: widespread. Expected by
    05-31: each of the three Q1-meeting cases carries the widespread ground."""
    history = a_branch()
    for n in (3, 4, 5, 6, 7):
        history.unit(f"br-{n}", "branch", "gb-1", f"p-{n}", BEGINNING, category="faculty")
    recorded = date(2018, 4, 20)
    held = [(date(2018, 3, 10), _held(f"br-{n}")) for n in (4, 5, 6, 7)]
    established = make(
        structure.OrganizationEstablished,
        organization_id="br-2",
        name="br-2党组织",
        kind="branch",
        category="faculty",
        parent_id="gb-1",
        established_on=BEGINNING,
        term_ends_on=date(2021, 1, 1),
    )
    appointed = make(
        OfficeHolderAppointed,
        organization_id="br-2",
        person_id="p-2",
        person_name="王丽",
        office="secretary",
        appointed_on=BEGINNING,
    )
    facts: list[tuple[date, Payload]] = [*held, (recorded, established), (recorded, appointed)]
    ledger = Ledger.empty(1)
    from_the_facts(history, BEGINNING, facts, date(2018, 5, 31), ledger)
    q1 = {
        c.organization_id: c
        for c in ledger.cases.values()
        if c.duty_id == QUARTERLY and c.period == "2018-Q1" and c.level == "criticism"
    }
    assert sorted(q1) == ["br-1", "br-2", "br-3"]
    assert {org: Ground.WIDESPREAD in c.grounds for org, c in q1.items()} == {
        "br-1": True,
        "br-2": True,
        "br-3": True,
    }


def _held(org: str) -> Payload:
    return make(
        activities.MeetingHeld,
        organization_id=org,
        meeting_id=f"m-{org}",
        kind="branch_general_meeting",
        held_on=date(2018, 3, 10),
        expected_attendees=10,
        present_attendees=9,
        topic="学习",
        chaired_by=f"p-{org[3:]}",
    )


# ── award eligibility (取消党组织及其负责人年度评优评先资格) ──────────────────────────────


def _top_case(org: str = "br-1", period: str = "2018-Q4") -> tuple[Run, str]:
    """``org`` (secretary p-1 from 2017-09-01) misses its ``period`` meeting, lets the
    criticism's 30 days pass, and serious consequences are determined: the top rung is
    proposed to the committee."""
    run = Run()
    run.send(tick(date(2019, 1, 1)))
    appointed = OfficeHolderAppointed(
        organization_id=org,
        person_id="p-1",
        person_name="王丽",
        office=Office.SECRETARY,
        appointed_on=date(2017, 9, 1),
    )
    run.send(envelope(appointed, "appoint-p-1", date(2019, 1, 1)))
    over = duty(DutyOverdue, org, period, charged_person_ids=["p-1"])
    run.on(date(2019, 1, 11), envelope(over, "over", date(2019, 1, 11)))
    run.until(date(2019, 2, 12))
    key = case_id("duty", org, QUARTERLY, period, "")
    serious = SeriousConsequenceDetermined(
        organization_id=org, case_id=key, determined_on=date(2019, 3, 1), description="失管失教"
    )
    run.on(date(2019, 3, 1), envelope(serious, "serious", date(2019, 3, 1)))
    return run, key


def _decide(
    run: Run,
    key: str,
    measures: list[Rung],
    persons: list[str],
    day: date,
    decision: str = "dw-1",
    event: str | None = None,
    org: str = "br-1",
) -> None:
    decided = AccountabilityDecided(
        organization_id=org,
        case_id=key,
        decision_id=decision,
        decided_by=DecidingBody.PARTY_COMMITTEE,
        meeting="党委会",
        decided_on=day,
        measures=measures,
        person_ids=persons,
    )
    run.on(day, envelope(decided, event or f"decided-{decision}", day))


def test_the_department_cannot_decide_a_loss_of_award_eligibility() -> None:
    """By hand (四: 取消评优 is the committee's; 问责条例 第三条 集体决定): a decision of the
    organization department naming 取消评优评先资格 is refused by the contract."""
    with pytest.raises(ValidationError):
        AccountabilityDecided(
            organization_id="br-1",
            case_id="c-1",
            decision_id="d-1",
            decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
            meeting="部务会",
            decided_on=date(2019, 3, 20),
            measures=[Rung.AWARD_ELIGIBILITY_REVOKED],
            person_ids=["p-1"],
        )


def test_a_proposal_alone_loses_no_eligibility_a_decision_does_once() -> None:
    """By hand (the system proposes, people decide): after the top-rung proposal the list
    for 2018 is empty. The committee decides (2019-03-20) the three measures for p-1; the
    same decision is delivered again under another event id (重复录入). The 2018 list then
    holds br-1 and p-1, each with exactly one revocation; 2019's is empty."""
    run, key = _top_case()
    assert award_eligibility(run.ledger, 2018)["organizations"] == []
    _decide(run, key, TOP, ["p-1"], date(2019, 3, 20))
    _decide(run, key, TOP, ["p-1"], date(2019, 3, 21), event="decided-again")
    lost = award_eligibility(run.ledger, 2018)
    assert [(o["organization_id"], len(o["revocations"])) for o in lost["organizations"]] == [
        ("br-1", 1)
    ]
    assert [(p["person_id"], len(p["revocations"])) for p in lost["persons"]] == [("p-1", 1)]
    assert award_eligibility(run.ledger, 2019)["persons"] == []


def test_a_person_who_moved_and_a_unit_renamed_stay_on_the_year_s_list() -> None:
    """By hand (四: the organization and its 负责人, as decided): p-1, br-1's secretary when
    the 2018-Q4 meeting was missed, leaves br-1 on 2019-03-05 and becomes secretary of br-2;
    the committee decides on 03-20 the loss for p-1 (a former holder); br-1 is renamed on
    04-01. The 2018 list: organization br-1 and person p-1, the person's revocation citing
    br-1 (the unit of the failure), not br-2; br-2 lost nothing."""
    run, key = _top_case()
    left = structure.OfficeHolderLeftOffice(
        organization_id="br-1", person_id="p-1", office=Office.SECRETARY, left_on=date(2019, 3, 5)
    )
    run.on(date(2019, 3, 5), envelope(left, "left", date(2019, 3, 5)))
    moved = OfficeHolderAppointed(
        organization_id="br-2",
        person_id="p-1",
        person_name="王丽",
        office=Office.SECRETARY,
        appointed_on=date(2019, 3, 6),
    )
    run.on(date(2019, 3, 6), envelope(moved, "appoint-br-2", date(2019, 3, 6)))
    _decide(run, key, TOP, ["p-1"], date(2019, 3, 20))
    renamed = structure.OrganizationRenamed(
        organization_id="br-1", name="新名称党支部", renamed_on=date(2019, 4, 1)
    )
    run.on(date(2019, 4, 1), envelope(renamed, "renamed", date(2019, 4, 1)))
    lost = award_eligibility(run.ledger, 2018)
    assert [o["organization_id"] for o in lost["organizations"]] == ["br-1"]
    assert [(p["person_id"], p["revocations"][0]["organization_id"]) for p in lost["persons"]] == [
        ("p-1", "br-1")
    ]
    revoked = [a for a in run.actions() if type(a).__name__ == "AwardEligibilityRevoked"]
    assert [(a.organization_id, a.person_ids, a.model_dump()["year"]) for a in revoked] == [
        ("br-1", ["p-1"], 2018)
    ]


def test_a_review_restores_only_its_own_decision_s_losses() -> None:
    """By hand (复查 cancels what it cancels, nothing else): br-1 loses its 2018 eligibility
    on two cases (2018-Q3 and 2018-Q4 meetings), by decisions dw-3 and dw-4 naming p-1. A
    review revokes dw-4 entirely (2019-05-10). The 2018 list still holds br-1 and p-1 (by
    dw-3 only); restored lists dw-4's two revocations."""
    run = Run()
    run.send(tick(date(2018, 10, 1)))
    keys = []
    for period, due in (("2018-Q3", date(2018, 10, 10)), ("2018-Q4", date(2019, 1, 10))):
        over = duty(DutyOverdue, "br-1", period, charged_person_ids=["p-1"])
        run.on(due + timedelta(days=1), envelope(over, f"over-{period}", due + timedelta(days=1)))
        keys.append(case_id("duty", "br-1", QUARTERLY, period, ""))
    run.until(date(2019, 2, 12))
    for n, key in enumerate(keys):
        serious = SeriousConsequenceDetermined(
            organization_id="br-1", case_id=key, determined_on=date(2019, 3, 1), description="x"
        )
        run.on(date(2019, 3, 1), envelope(serious, f"serious-{n}", date(2019, 3, 1)))
    _decide(run, keys[0], TOP, ["p-1"], date(2019, 3, 20), decision="dw-3")
    _decide(run, keys[1], TOP, ["p-1"], date(2019, 3, 20), decision="dw-4")
    reviewed = DecisionReviewed(
        organization_id="br-1",
        case_id=keys[1],
        decision_id="dw-4",
        outcome=ReviewOutcome.REVOKED,
        reviewed_on=date(2019, 5, 10),
        reason="依据不足",
    )
    run.on(date(2019, 5, 10), envelope(reviewed, "review", date(2019, 5, 10)))
    lost = award_eligibility(run.ledger, 2018)
    org = [(r["decision_id"]) for o in lost["organizations"] for r in o["revocations"]]
    per = [(r["decision_id"]) for p in lost["persons"] for r in p["revocations"]]
    assert (org, per) == (["dw-3"], ["dw-3"])
    assert sorted((r["subject_id"], r["decision_id"]) for r in lost["restored"]) == [
        ("br-1", "dw-4"),
        ("p-1", "dw-4"),
    ]


# ── self-check (年度自查): cases per unit and year ──────────────────────────────────────


def _answer(
    org: str,
    question: int,
    answer: str,
    on: date,
    finding: str | None,
    deadline: date | None,
    year: int = 2018,
) -> oversight.SelfCheckAnswered:
    return make(
        oversight.SelfCheckAnswered,
        organization_id=org,
        year=year,
        question=question,
        answer=answer,
        evidence_refs=["oa-1"],
        answered_on=on,
        finding_id=finding,
        rectification_deadline=deadline,
    )


def _self_check(facts: Sequence[tuple[date, Payload]], last: date) -> tuple[Ledger, list[object]]:
    """a_branch-like units (cmt/p-cmt, gb-1/p-g1, br-1/p-1, br-2/p-2) and ``facts``."""
    history = History()
    start = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-cmt", start)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", start)
    history.unit("br-1", "branch", "gb-1", "p-1", start, category="faculty")
    history.unit("br-2", "branch", "gb-1", "p-2", start, category="faculty")
    ledger = Ledger.empty(1)
    out = from_the_facts(history, start, facts, last, ledger)
    return ledger, [e.data for e in out]


def test_a_general_branch_s_self_check_problem_is_its_own_case_and_its_secretary_s() -> None:
    """By hand (四 开展责任制落实情况检查, 限期整改; a self-check answer 否/部分 is a finding of
    the unit answering, charged to its secretaries): gb-1 answers question 13 否 on
    2018-12-10 (finding zc-g13, rectify by 2019-03-31); br-1 answers question 18 部分 (zc-b18,
    same deadline). Two finding cases: gb-1's naming p-g1, br-1's naming p-1; neither names
    the other unit's secretary nor the committee's."""
    day, deadline = date(2018, 12, 10), date(2019, 3, 31)
    facts = [
        (day, _answer("gb-1", 13, "no", day, "zc-g13", deadline)),
        (day, _answer("br-1", 18, "partly", day, "zc-b18", deadline)),
    ]
    ledger, _ = _self_check(facts, date(2018, 12, 20))
    g = ledger.cases[case_id("finding", "gb-1", "zc-g13")]
    b = ledger.cases[case_id("finding", "br-1", "zc-b18")]
    assert (g.organization_id, g.person_ids, g.year, g.due_on) == ("gb-1", ["p-g1"], 2018, deadline)
    assert (b.organization_id, b.person_ids, b.year) == ("br-1", ["p-1"], 2018)


def test_the_same_finding_number_in_two_units_is_accepted_for_the_right_one() -> None:
    """By hand (the right party answers): br-1 and br-2 both number their problem "zc-18"
    (2018-12-10, rectify by 2019-03-31). The department accepts br-1's rectification on
    2019-02-01 (naming br-1 and zc-18). br-1's case is resolved; br-2's stays open and,
    its deadline passing, is criticised on 2019-04-01 (四 限期整改) naming p-2."""
    day, deadline = date(2018, 12, 10), date(2019, 3, 31)
    accepted = make(
        oversight.RectificationAccepted,
        organization_id="br-1",
        finding_id="zc-18",
        accepted_on=date(2019, 2, 1),
    )
    facts = [
        (day, _answer("br-1", 18, "no", day, "zc-18", deadline)),
        (day, _answer("br-2", 18, "no", day, "zc-18", deadline)),
        (date(2019, 2, 1), accepted),
    ]
    ledger, _ = _self_check(facts, date(2019, 4, 3))
    one = ledger.cases[case_id("finding", "br-1", "zc-18")]
    two = ledger.cases[case_id("finding", "br-2", "zc-18")]
    assert (one.status, one.level) == (CaseStatus.RESOLVED, None)
    assert (two.status, two.level, two.person_ids) == (CaseStatus.OPEN, "criticism", ["p-2"])


def test_a_self_check_problem_answered_in_january_belongs_to_the_year_checked() -> None:
    """By hand (四 取消…年度评优评先资格; the 2018 self-check, due 2019-01-31 — the year and
    31 days of grace — may be answered in January 2019): br-1 answers question 18 否 for
    year 2018 on 2019-01-15 (zc-18, rectify by 2019-03-31). The problem is one of 2018's
    work found by 2018's self-check: its case is of year 2018 (as a case of the unanswered
    2018 self-check itself would be), so a query of 2018's cases finds it and a loss of
    award eligibility decided on it is 2018's."""
    day = date(2019, 1, 15)
    facts = [(day, _answer("br-1", 18, "no", day, "zc-18", date(2019, 3, 31)))]
    ledger, _ = _self_check(facts, date(2019, 1, 20))
    case = ledger.cases[case_id("finding", "br-1", "zc-18")]
    assert "2018年度自查" in case.subject_zh
    assert case.year == 2018
    assert [c.case_id for c in list_cases(ledger, CaseFilter(year=2018, finding="zc-18"))] == [
        case.case_id
    ]


def test_an_unanswered_self_check_is_one_case_per_unit_and_year() -> None:
    """By hand (年度自查: one obligation per unit and year, whatever the questions; 四 批评):
    nobody answers the 2018 self-check (due 2019-01-31). On 2019-02-01 br-1 is criticised
    once for its self-check (one case: duty self_check, period 2018, year 2018, naming p-1),
    however many questions it owed; br-2 likewise, naming p-2."""
    ledger, out = _self_check([], date(2019, 2, 2))
    cases = [c for c in ledger.cases.values() if c.duty_id == "self_check"]
    mine = sorted(
        (c.organization_id, c.period, c.year, c.person_ids)
        for c in cases
        if c.organization_id.startswith("br-")
    )
    assert mine == [("br-1", "2018", 2018, ["p-1"]), ("br-2", "2018", 2018, ["p-2"])]
    criticised = [
        a
        for a in out
        if isinstance(a, AccountabilityAction)
        and type(a).__name__ == "CriticismIssued"
        and a.duty_id == "self_check"
    ]
    assert sorted(a.organization_id for a in criticised if a.organization_id.startswith("br-")) == [
        "br-1",
        "br-2",
    ]
