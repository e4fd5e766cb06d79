"""Member flags (党员情况提示) raised for the right member, months and branch, never verdicts.

Scenarios written by hand from the rules before the code was run, each docstring
stating the expected outcome and its source: 党章 第九条 (连续六个月 … 被认为是自行脱党;
the branch decides), 党员教育管理工作条例 2019 第二十四条 (失联), 中组部 2008 党费规定
(monthly; back-pay up to six months; probationary members pay from the 支部大会 day),
the catalog's member rules (contracts/catalog/duty_catalog.v1.yaml ``member_rules``,
``member_watches``) and the system's own stated principles (services/duties/domain/
member_flags.py: "flagged once for that run of months"; ticks.open_periods: "periods that
began before the log did are not judged: nothing of them can be in the log"; registry
rules: "党费交至转出当月"). Covered: six months, not five, once per run (S1); dues in
advance and back-paid (S2, S3); suspension and restoration (S4); transfers (S5, below); months
before the log (S6); members away (S7); the 失联 watch and the roll (S8); probation
(S9); accountability keeping the flag (S10).

Transfers (S5) are covered as far as the new branch's own record goes: dues a member
paid to the former branch (in advance, or for the month of a transfer on its first day)
do not reach the new branch's partition, which folds alone under subtree placement;
the log carries them as the 介绍信's "党费交到…月" (``MemberTransferredIn.dues_paid_through``,
test_dues_through_transfer.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from contracts.events.accountability import AccountabilityAction, SituationFlagNoted
from contracts.events.base import Payload
from services.accountability.domain import queries
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import a_branch, from_the_facts
from tests.unit.duties.builders import BRANCH, SECRETARY, History, fold, make, of_type

pytestmark = pytest.mark.unit

DUES_FLAG = "dues_unpaid_six_months"
ABSENT_FLAG = "absent_six_months"
OTHER = "br-edu-faculty-2"
RULE = "member.art9.six_months_without_dues"


def _dues_flags(outputs: list[Envelope], **fields: object) -> list[Any]:
    return of_type(outputs, "MemberSituationFlagged", situation=DUES_FLAG, **fields)


def _dues_runs(outputs: list[Envelope], **fields: object) -> list[tuple[str, date]]:
    """The dues flags' (tick that raised it, first silent month's day)."""
    return [(_flag_day(f), f.data.since) for f in _dues_flags(outputs, **fields)]


def _flag_day(flag: Any) -> str:
    return str(flag.data.cause_event_id)  # the tick that raised it


def _member_fact(history: History, model: type[Payload], on: date, member: str = "m-1",
                 org: str = BRANCH, **fields: object) -> None:  # fmt: skip
    history.add(make(model, organization_id=org, member_id=member, **fields), on)


def _attended(history: History, member_id: str, on: date) -> None:
    _member_fact(
        history,
        members.OrganizationalLifeAttended,
        on,
        member=member_id,
        meeting_id=f"mtg-{on}",
        attended_on=on,
    )


# ── S1: six consecutive months, not five; once per run ─────────────────────────────


def test_s1_exactly_six_silent_months_flag_once_five_do_not() -> None:
    """Expected (党章 第九条 "连续六个月"; member_flags.py "flagged once for that run"):
    a member on the roll from 2018-01-01 who pays nothing. After Jan–May (five months),
    at the 2018-06-01 tick: no flag. After Jan–Jun, at the 2018-07-01 tick: one flag
    dues_unpaid_six_months for period 2018-06, since 2018-01-01, to his branch (organization
    BRANCH), told to its secretary. Still silent to year end: no second flag for the same
    run. A second member who pays June breaks the run at five: never flagged."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.member("m-2", date(2018, 1, 1))
    history.dues("m-2", "2018-06", date(2018, 6, 20))
    history.ticks(date(2018, 1, 1), date(2018, 6, 30))
    _, before = fold(history.events)
    history.ticks(date(2018, 7, 1), date(2018, 12, 31))
    _, outputs = fold(history.events)

    assert _dues_flags(before) == []
    [flag] = _dues_flags(outputs)
    assert flag.data.member_id == "m-1"
    assert _flag_day(flag) == "tick:2018-07-01:0"
    assert (flag.data.period, flag.data.since) == ("2018-06", date(2018, 1, 1))
    assert flag.data.organization_id == BRANCH
    assert flag.data.charged_person_ids == [SECRETARY]


def test_s1b_a_paid_month_ends_the_run_and_the_next_run_counts_from_after_it() -> None:
    """Expected (党章 第九条): pays only 2018-03; Jan–Feb (two) silent, then Apr–Sep six
    silent → one flag at the 2018-10-01 tick, period 2018-09, since 2018-04-01."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.dues("m-1", "2018-03", date(2018, 3, 10))
    history.ticks(date(2018, 1, 1), date(2018, 12, 31))
    _, outputs = fold(history.events)

    [flag] = _dues_flags(outputs)
    assert _flag_day(flag) == "tick:2018-10-01:0"
    assert (flag.data.period, flag.data.since) == ("2018-09", date(2018, 4, 1))


# ── S2/S3: dues in advance and back-paid within the rules ───────────────────────────


def test_s2_dues_paid_a_year_in_advance_flag_nothing() -> None:
    """Expected (2008 党费规定: monthly; advance payment covers those months): all of 2018
    paid on 2018-01-05 → no flag in 2018, and no monthly dues overdue in 2018."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    for month in range(1, 13):
        history.dues("m-1", f"2018-{month:02d}", date(2018, 1, 5))
    history.ticks(date(2018, 1, 1), date(2019, 1, 1))
    state, outputs = fold(history.events)

    assert len(state.units[BRANCH].members["m-1"].signals[RULE]) == 12  # tracked
    assert _dues_flags(outputs) == []
    assert of_type(outputs, "DutyOverdue", duty_id="member.dues.monthly") == []


def test_s3_back_paid_within_six_months_flags_nothing() -> None:
    """Expected (2008 党费规定: back-pay up to six months; 党章 第九条 needs six silent
    months): nothing Jan–May, then Jan–May back-paid on 2018-06-15 and monthly after →
    at most five silent months at any evaluation: no flag."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    for month in range(1, 6):
        history.dues("m-1", f"2018-{month:02d}", date(2018, 6, 15))
    for month in range(6, 13):
        history.dues("m-1", f"2018-{month:02d}", date(2018, month, 20))
    history.events.sort(key=lambda e: e[0].time)
    history.ticks(date(2018, 1, 1), date(2019, 1, 1))
    history.events.sort(key=lambda e: e[0].time)
    state, outputs = fold(history.events)

    assert len(state.units[BRANCH].members["m-1"].signals[RULE]) == 12  # tracked
    assert _dues_flags(outputs) == []


# ── S4: suspension and restoration ──────────────────────────────────────────────────


def test_s4_a_run_interrupted_by_suspension_flags_nothing() -> None:
    """Expected (停止党籍, 条例 第二十四条: a suspended member is off the roll; 党章 第九条
    is about a member's duties): silent Jan–Apr, suspended 2018-05-10 → no flag in 2018."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 5, 9))
    _member_fact(history, members.MembershipSuspended, date(2018, 5, 10),
                 suspended_on=date(2018, 5, 10), reason="失联", ground="lost_contact")  # fmt: skip
    history.ticks(date(2018, 5, 10), date(2018, 12, 31))
    _, outputs = fold(history.events)

    overdue = of_type(outputs, "DutyOverdue", duty_id="member.dues.monthly", member_id="m-1")
    assert [o.data.period for o in overdue] == ["2018-01", "2018-02", "2018-03"]  # tracked
    assert _dues_flags(outputs) == []


def test_s4b_restored_member_counts_from_the_month_after_restoration() -> None:
    """Expected (恢复党籍 rejoins the roll; dues owed again from the month after restoring,
    as test_members.test_a_restored_member_owes_dues_again holds): paid Jan–Feb 2018,
    suspended 2018-03-01, restored 2018-09-03, then silent. No flag while suspended; the
    suspended months are not counted; Oct 2018–Mar 2019 are six → one flag at the
    2019-04-01 tick, period 2019-03, since 2018-10-01, to BRANCH."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.dues("m-1", "2018-01", date(2018, 1, 10))
    history.dues("m-1", "2018-02", date(2018, 2, 10))
    history.events.sort(key=lambda e: e[0].time)
    history.ticks(date(2018, 1, 1), date(2018, 2, 28))
    _member_fact(history, members.MembershipSuspended, date(2018, 3, 1),
                 suspended_on=date(2018, 3, 1), reason="失联", ground="lost_contact")  # fmt: skip
    history.ticks(date(2018, 3, 1), date(2018, 9, 2))
    _member_fact(history, members.MembershipRestored, date(2018, 9, 3),
                 restored_on=date(2018, 9, 3), probationary=False)  # fmt: skip
    history.ticks(date(2018, 9, 3), date(2019, 6, 30))
    _, outputs = fold(history.events)

    [flag] = _dues_flags(outputs)
    assert _flag_day(flag) == "tick:2019-04-01:0"
    assert (flag.data.period, flag.data.since) == ("2019-03", date(2018, 10, 1))
    assert flag.data.organization_id == BRANCH


# ── S5: transfer between branches ───────────────────────────────────────────────────


def _two_branches(history: History) -> None:
    history.branch()
    history.branch(org=OTHER)


def _transfer(history: History, member_id: str, on: date) -> None:
    history.transfer_out(member_id, on)
    history.member(member_id, on, org=OTHER)


def test_s5_dues_paid_to_the_month_of_transfer_are_not_silence_in_the_new_branch() -> None:
    """Expected (registry rule: 党费交至转出当月, dues are paid to the old branch up to the
    month of the transfer; 党章 第九条): m-1 pays Jan–Mar 2018 in BRANCH, is transferred to
    OTHER on 2018-03-15 and pays nothing after. OTHER's record starts with April: silent
    Apr–Sep → one flag to OTHER at the 2018-10-01 tick, period 2018-09, since 2018-04-01;
    nothing at 2018-09-01 (Apr–Aug are five); nothing to BRANCH, whose roll m-1 left."""
    history = History()
    _two_branches(history)
    history.member("m-1", date(2018, 1, 1))
    for month in range(1, 4):
        history.dues("m-1", f"2018-{month:02d}", date(2018, month, 10))
    history.events.sort(key=lambda e: e[0].time)
    history.ticks(date(2018, 1, 1), date(2018, 3, 14))
    _transfer(history, "m-1", date(2018, 3, 15))
    history.ticks(date(2018, 3, 15), date(2018, 12, 31))
    _, outputs = fold(history.events)

    assert _dues_flags(outputs, organization_id=BRANCH) == []
    assert _dues_runs(outputs, organization_id=OTHER) == [("tick:2018-10-01:0", date(2018, 4, 1))]


# ── S6: months before the log began ─────────────────────────────────────────────────


def _branch_older_than_the_log(history: History) -> None:
    history.branch(on=date(2010, 1, 1))


def test_s6_a_member_silent_from_the_log_start_is_flagged_after_six_months() -> None:
    """Expected (党章 第九条; ticks.open_periods: months before the log are not judged,
    nothing of them can be in it): branch and member (transferred in 2015) predate the
    log, which starts 2018-01-01; no dues in Jan–Jun 2018 → one flag at the 2018-07-01
    tick, since 2018-01-01 (the first month the log can show)."""
    history = History()
    _branch_older_than_the_log(history)
    history.member("m-1", date(2018, 1, 1), transferred_on=date(2015, 3, 1))
    history.ticks(date(2018, 1, 1), date(2018, 12, 31))
    _, outputs = fold(history.events)

    assert _dues_runs(outputs) == [("tick:2018-07-01:0", date(2018, 1, 1))]


def test_s6b_months_before_the_log_are_not_silence() -> None:
    """Expected (same sources; monthly dues have a 10-day grace in the catalog,
    member.dues.monthly grace_days: 10): member transferred in 2017-08-01, log starts
    2018-01-01; he pays each month's dues on the 5th of the next month (never overdue).
    At most one month without a recorded payment at any evaluation → no flag."""
    history = History()
    _branch_older_than_the_log(history)
    history.member("m-1", date(2018, 1, 1), transferred_on=date(2017, 8, 1))
    for month in range(1, 7):
        history.dues("m-1", f"2018-{month:02d}", date(2018, month + 1, 5))
    history.ticks(date(2018, 1, 1), date(2018, 7, 31))
    history.events.sort(key=lambda e: e[0].time)  # stable: same-time facts keep order
    _, outputs = fold(history.events)

    assert of_type(outputs, "DutyOverdue", duty_id="member.dues.monthly") == []
    assert _dues_flags(outputs) == []


# ── S7: away with the branch's knowledge (外出流动) ───────────────────────────────────


def _away_from_february(history: History, returned_on: date | None = None) -> None:
    """The branch keeps attendance all 2018 (m-2 attends and pays monthly); m-1 attends
    in January and goes away (mobile, recorded by the branch) on 2018-02-01, back on
    ``returned_on`` if given."""
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.member("m-2", date(2018, 1, 1))
    _attended(history, "m-1", date(2018, 1, 12))
    _member_fact(history, members.MemberWentAway, date(2018, 2, 1),
                 since=date(2018, 2, 1), destination="深圳", place="mobile")  # fmt: skip
    if returned_on is not None:
        _member_fact(history, members.MemberReturned, returned_on, returned_on=returned_on)
    for month in range(1, 13):
        _attended(history, "m-2", date(2018, month, 12))
        history.dues("m-2", f"2018-{month:02d}", date(2018, month, 12))
    history.ticks(date(2018, 1, 1), date(2018, 12, 31))


def _in_time_order(history: History) -> list[tuple[Envelope, int]]:
    return sorted(history.events, key=lambda e: e[0].time)  # stable: same-time facts keep order


def test_s7_a_member_away_is_not_flagged_for_absence_from_his_branch() -> None:
    """Expected (党章 第九条 "没有正当理由"; 流动党员 take part in organizational life where
    they are, 《关于加强和改进流动党员管理工作的意见》2006; brief: no flag for members away
    with arrangements): the branch keeps attendance from January (m-2 attends monthly);
    m-1 attends in January, goes away (mobile, recorded by the branch) from 2018-02-01 and
    pays dues every month. No absent_six_months flag for m-1 in 2018; no dues flag.
    (Neither DOMAIN.md nor the catalog says otherwise: the catalog's attendance rule is
    judged only where the branch's own record can show it, ``judged_once_recorded``, and
    a member away at a fixed place is flagged by member.away.transfer instead.)"""
    history = History()
    _away_from_february(history)
    for month in range(1, 13):
        history.dues("m-1", f"2018-{month:02d}", date(2018, month, 12))
    state, outputs = fold(_in_time_order(history))

    assert (
        state.units[BRANCH].signals_began["member.art9.six_months_without_organizational_life"]
        == "2018-01"
    )  # the branch keeps attendance: the rule judges it
    assert _dues_flags(outputs) == []
    assert of_type(outputs, "MemberSituationFlagged", situation=ABSENT_FLAG) == []


def test_s7b_attendance_counts_again_after_the_return_and_dues_never_pause() -> None:
    """Expected (same sources; dues are paid to the member's own branch while away): as
    S7, but m-1 pays January only and is back on 2018-04-15 (返回). Dues: Feb–Jul silent →
    one dues flag at the 2018-08-01 tick, since 2018-02-01. Attendance: counted again
    from May, the month after the return → one absent_six_months flag at the 2018-11-01
    tick, since 2018-05-01."""
    history = History()
    _away_from_february(history, returned_on=date(2018, 4, 15))
    history.dues("m-1", "2018-01", date(2018, 1, 12))
    _, outputs = fold(_in_time_order(history))

    flags = of_type(outputs, "MemberSituationFlagged", member_id="m-1")
    assert [(f.data.situation.value, _flag_day(f), f.data.since) for f in flags] == [
        (DUES_FLAG, "tick:2018-08-01:0", date(2018, 2, 1)),
        (ABSENT_FLAG, "tick:2018-11-01:0", date(2018, 5, 1)),
    ]


# ── S8: 失联 watch and who is on the roll ───────────────────────────────────────────


def test_s8_lost_contact_recorded_after_suspension_does_not_ask_to_suspend_again() -> None:
    """Expected (条例 第二十四条: 失联 six months → the branch may suspend; a member already
    suspended is off the roll — the watch is cleared by MembershipSuspended): contact lost
    since 2018-01-01, the branch suspends on 2018-07-05, then records the lost contact
    (补录, since 2018-01-01) on 2018-07-10 → no may_suspend_membership flag."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 7, 4))
    _member_fact(history, members.MembershipSuspended, date(2018, 7, 5),
                 suspended_on=date(2018, 7, 5), reason="失联", ground="lost_contact")  # fmt: skip
    history.ticks(date(2018, 7, 5), date(2018, 7, 9))
    _member_fact(history, members.MemberLostContact, date(2018, 7, 10), since=date(2018, 1, 1))
    history.ticks(date(2018, 7, 10), date(2018, 8, 31))
    _, outputs = fold(history.events)

    assert of_type(outputs, "MemberSituationFlagged", situation="may_suspend_membership") == []


def test_s8b_lost_contact_recorded_after_transfer_out_goes_to_no_former_branch() -> None:
    """Expected (条例 第二十四条: 停止党籍 is decided by the member's branch; a member
    transferred out is not BRANCH's — the watch is cleared by MemberTransferredOut): m-1
    transferred out 2018-03-01; BRANCH then records (on 2018-03-10) contact lost since
    2018-02-01 (the registry accepts it: on its roll that day) → no flag to BRANCH."""
    history = History()
    history.branch()
    history.member("m-1", date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 2, 28))
    history.transfer_out("m-1", date(2018, 3, 1))
    history.ticks(date(2018, 3, 1), date(2018, 3, 9))
    _member_fact(history, members.MemberLostContact, date(2018, 3, 10), since=date(2018, 2, 1))
    history.ticks(date(2018, 3, 10), date(2018, 9, 30))
    _, outputs = fold(history.events)

    assert of_type(outputs, "MemberSituationFlagged", organization_id=BRANCH) == []


# ── S9: probationary member confirmed mid-run ───────────────────────────────────────


def test_s9_probationary_member_counts_from_admission_and_across_confirmation() -> None:
    """Expected (2008 党费规定: probationary members pay from the 支部大会 day; 党章 第七条:
    预备党员's duties are a full member's; 转正 changes standing, not the months): admitted
    2018-01-01, confirmed 2018-04-01 (short probation only to keep it in one year), silent
    Jan–Jun → one flag at the 2018-07-01 tick, since 2018-01-01."""
    history = History()
    history.branch()
    _member_fact(history, members.MemberAdmittedAsProbationary, date(2018, 1, 1),
                 member_name="李明", admitted_on=date(2018, 1, 1))  # fmt: skip
    history.ticks(date(2018, 1, 1), date(2018, 3, 31))
    _member_fact(history, members.MemberConfirmed, date(2018, 4, 1), confirmed_on=date(2018, 4, 1))
    history.ticks(date(2018, 4, 1), date(2018, 8, 31))
    _, outputs = fold(history.events)

    assert _dues_runs(outputs) == [("tick:2018-07-01:0", date(2018, 1, 1))]


# ── S10: accountability keeps the flag for the branch; no case, no measure ───────────


def test_s10_accountability_keeps_the_flag_for_the_new_branch_and_acts_on_nobody() -> None:
    """Expected (党章 第九条: the branch decides; the system flags, never decides; 问责条例
    acts on organizations, not on a member's standing): br-1 and br-2 under gb-1; m-1 in
    br-1 from 2018-01-01, transferred to br-2 on 2018-02-01 (dues for January paid in
    br-1), silent after. The ledger keeps exactly one member flag: decides br-2, person_ids
    [p-2] (br-2's secretary), since 2018-02-01 (the member's first month in br-2, so the
    flag also holds under the code's per-branch count). No accountability action and no
    case names m-1 or a member.* duty. CHANGED with the flags' delivery: the flag is told
    (SituationFlagNoted, about br-2 and m-1, br-2 deciding), the only output naming m-1."""
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", date(2018, 1, 1), category="faculty")
    history.member("m-1", date(2018, 1, 1), org="br-1")
    facts = [
        (date(2018, 1, 20), make(members.DuesPaid, organization_id="br-1", member_id="m-1",
                                  month="2018-01", amount="30.00", paid_on=date(2018, 1, 20))),
        (date(2018, 2, 1), make(members.MemberTransferredOut, organization_id="br-1",
                                member_id="m-1", to_organization="br-2",
                                transferred_on=date(2018, 2, 1))),
        (date(2018, 2, 1), make(members.MemberTransferredIn, organization_id="br-2",
                                member_id="m-1", member_name="张华",
                                transferred_on=date(2018, 2, 1))),
    ]  # fmt: skip
    ledger = Ledger.empty(1)
    outputs = from_the_facts(history, date(2018, 1, 1), facts, date(2018, 9, 5), ledger)

    flags = queries.list_flags(ledger, member=True)
    dues = [f for f in flags if f.situation == DUES_FLAG]
    assert [(f.organization_id, f.decides, f.person_ids, f.since) for f in dues] == [
        ("br-2", "br-2", ["p-2"], date(2018, 2, 1))
    ]
    assert all(not (c.duty_id or "").startswith("member.") for c in ledger.cases.values())
    actions = [o for o in outputs if isinstance(o.data, AccountabilityAction)]
    assert not any("m-1" in o.model_dump_json() for o in actions)
    named = [o.data for o in outputs if "m-1" in o.model_dump_json()]
    noted = [t for t in named if isinstance(t, SituationFlagNoted)]
    assert noted == named
    assert [(t.organization_id, t.decides) for t in noted] == [("br-2", "br-2")]
