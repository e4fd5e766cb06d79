"""Dues paid before a transfer in (党费交至月份) are not owed again in the new branch.

Scenarios written by hand from the rules before the code was changed, each docstring
stating the expected outcome and its source:

- the seed, 三、（四）: 引导党员自觉履行义务，按时足额缴纳党费 (dues on time and in full:
  paid once, not twice);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): dues are paid monthly, by
  quarter with the branch's consent, and may be paid in advance; a member transferred
  carries the letter of introduction (组织关系介绍信), which states 党费交到X年X月, the
  last month already paid to the former organization;
- 《中国共产党章程》第九条: 连续六个月不交纳党费 … 被认为是自行脱党 (the system flags; the
  branch decides).

A member owes a month's dues to the branch whose roll they are on on the month's first
day (test_member_flag_clauses S5; Deferred.owed_by): a member transferred in on
2018-09-10 owes nothing for September in the new branch whatever the letter says, and
from October the months the letter says are paid are not owed there either.

The catalog (contracts/catalog/duty_catalog.v1.yaml): ``member.dues.monthly`` and
``member.dues.quarterly`` have 10 days of grace after the period and a reminder 5 days
before the deadline (a month's dues due on the 10th of the next month, reminded on the
5th, overdue on the 11th); ``member.art9.six_months_without_dues`` flags six
consecutive months without a ``DuesPaid``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from services.duties.domain.documents import document
from services.duties.domain.state import member_document
from tests.unit.duties.builders import BRANCH, History, fold, make, of_type, stored_fold

pytestmark = pytest.mark.unit

MONTHLY = "member.dues.monthly"
QUARTERLY = "member.dues.quarterly"
DUES_FLAG = "dues_unpaid_six_months"
#: The day the member's relation arrives in the branch (组织关系转入), after the 1st.
TRANSFERRED = date(2018, 9, 10)


def _history(
    paid_through: str | None,
    last_tick: date,
    *,
    member_id: str = "m-1",
    transferred_on: date = TRANSFERRED,
) -> History:
    """BRANCH from 2018-01-01 (the log's first day); ``member_id`` transferred in on
    ``transferred_on`` with the letter's 党费交至 ``paid_through`` (None: not stated);
    daily ticks to ``last_tick``; no dues paid."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), transferred_on - date.resolution)
    history.member(member_id, transferred_on, dues_paid_through=paid_through)
    history.ticks(transferred_on, last_tick)
    return history


def _periods(
    outputs: list[Envelope], name: str, duty: str = MONTHLY, member: str = "m-1"
) -> list[str]:
    return [o.data.period for o in of_type(outputs, name, duty_id=duty, member_id=member)]


def _dues_flags(outputs: list[Envelope], member: str = "m-1") -> list[tuple[str, str, date]]:
    """The dues flags' (tick that raised it, period, first silent month's day)."""
    flags = of_type(outputs, "MemberSituationFlagged", situation=DUES_FLAG, member_id=member)
    return [(str(f.data.cause_event_id), f.data.period, f.data.since) for f in flags]


def _quarterly_from_october(history: History, member_id: str) -> None:
    """The branch agrees on 2018-09-20 that ``member_id`` pays by quarter from 2018-Q4."""
    approved = make(
        members.QuarterlyDuesApproved,
        organization_id=BRANCH,
        member_id=member_id,
        approved_on=date(2018, 9, 20),
        first_month="2018-10",
    )
    history.add(approved, date(2018, 9, 20))


def _in_time_order(history: History) -> list[tuple[Envelope, int]]:
    return sorted(history.events, key=lambda e: e[0].time)  # stable: same-time facts keep order


# ── (a) the months paid through are not owed; the next one is ─────────────────────────


def test_a_months_paid_through_are_not_owed_and_january_is() -> None:
    """Expected (三、（四） 按时足额缴纳党费; 2008 规定: paid in advance, to the former
    organization, as the 介绍信 says): m-1 transferred in on 2018-09-10, 党费交至
    2018-12, pays nothing in BRANCH; ticks to 2019-02-28. September is not owed (joined
    after its first day); October, November and December were paid: no instance of
    member.dues.monthly for 2018-09…2018-12 is opened, reminded, overdue or waived.
    January 2019 is owed: reminded on 2019-02-05 (DutyDueSoon) and overdue on
    2019-02-11 (DutyOverdue, due 2019-02-10); February's reminder (03-05) is after the
    last tick. The member document keeps the month (党费交至月份) for a restart."""
    history = _history("2018-12", date(2019, 2, 28))
    state, outputs = fold(history.events)

    about_m1 = [
        (o.type, o.data.duty_id, o.data.period)
        for name in ("DutyDueSoon", "DutyOverdue", "DutyWaived", "DutyFulfilled")
        for o in of_type(outputs, name, member_id="m-1")
    ]
    assert about_m1 == [
        ("zeren.DutyDueSoon", MONTHLY, "2019-01"),
        ("zeren.DutyOverdue", MONTHLY, "2019-01"),
    ]
    [overdue] = of_type(outputs, "DutyOverdue", member_id="m-1")
    assert (overdue.data.cause_event_id, overdue.data.due_on) == (
        "tick:2019-02-11:0",
        date(2019, 2, 10),
    )
    assert state.units[BRANCH].find(f"{MONTHLY}|2018-12|m-1") is None
    stored = document(state, member_document(BRANCH, "m-1"))
    assert stored is not None
    assert stored["dues_paid_through"] == "2018-12"


def test_a2_a_transfer_on_the_first_with_dues_paid_for_that_month() -> None:
    """Expected (registry rule 党费交至转出当月: dues are paid to the old branch up to the
    month of the transfer; 三、（四）): m-1 transferred in on 2018-10-01 (on the roll on
    October's first day), 党费交至 2018-10. Today October would be owed in BRANCH as
    well; it was paid: November is the first month owed (overdue 2018-12-11, due
    12-10, reminded 12-05); nothing for October. Ticks to 2018-12-31."""
    history = _history("2018-10", date(2018, 12, 31), transferred_on=date(2018, 10, 1))
    _, outputs = fold(history.events)

    assert _periods(outputs, "DutyOverdue") == ["2018-11"]
    assert _periods(outputs, "DutyDueSoon") == ["2018-11"]  # December's: on 2019-01-05


# ── (b) without the field: exactly as before ───────────────────────────────────────────


def test_b_without_the_letter_s_month_every_month_from_october_is_owed() -> None:
    """Expected (the behaviour before the field existed, kept: nothing says the months
    were paid): m-1 transferred in on 2018-09-10 without 党费交至, pays nothing; ticks to
    2019-04-30. Overdue in BRANCH: 2018-10, 2018-11, 2018-12, 2019-01, 2019-02 (March's
    deadline is 04-10: overdue 04-11, also before the last tick: 2019-03 too). The dues
    flag (党章第九条) at the 2019-04-01 tick: October–March are six silent months, period
    2019-03, since 2018-10-01. The member document has no ``dues_paid_through`` key (the
    bench's stored bytes are unchanged)."""
    history = _history(None, date(2019, 4, 30))
    state, outputs = fold(history.events)

    assert _periods(outputs, "DutyOverdue") == [
        "2018-10",
        "2018-11",
        "2018-12",
        "2019-01",
        "2019-02",
        "2019-03",
    ]
    assert _dues_flags(outputs) == [("tick:2019-04-01:0", "2019-03", date(2018, 10, 1))]
    stored = document(state, member_document(BRANCH, "m-1"))
    assert stored is not None
    assert "dues_paid_through" not in stored


# ── (c) 党章第九条: the months paid through are not silent ─────────────────────────────


def test_c_six_silent_months_count_from_january() -> None:
    """Expected (党章第九条 连续六个月不交纳党费; 2008 规定: the months to 2018-12 were paid,
    to the former organization): m-1 transferred in on 2018-09-10, 党费交至 2018-12,
    pays nothing after; ticks to 2019-08-31. The run of silent months starts in January
    2019: no flag at the 2019-04-01 tick (where it would be without the letter's month,
    test (b)), nor at 05-01 or 06-01; one flag at the 2019-07-01 tick (January–June are
    six), period 2019-06, since 2019-01-01; none again in August for the same run."""
    history = _history("2018-12", date(2019, 8, 31))
    _, outputs = fold(history.events)

    assert _dues_flags(outputs) == [("tick:2019-07-01:0", "2019-06", date(2019, 1, 1))]


def test_c_a_payment_after_the_months_paid_through_breaks_the_run_as_any() -> None:
    """Expected (same sources): as (c), but m-1 pays January 2019 (on 01-20) and nothing
    after: silent February–July → one flag at the 2019-08-01 tick, period 2019-07,
    since 2019-02-01."""
    history = _history("2018-12", date(2019, 8, 31))
    history.dues("m-1", "2019-01", date(2019, 1, 20))
    _, outputs = fold(_in_time_order(history))

    assert _dues_flags(outputs) == [("tick:2019-08-01:0", "2019-07", date(2019, 2, 1))]


# ── (d) quarterly dues (经党支部同意按季度交纳) ───────────────────────────────────────


def test_d_a_quarter_wholly_paid_through_is_not_owed() -> None:
    """Expected (2008 规定: by quarter with the branch's consent; the months paid to the
    former organization are paid, whatever the rhythm): m-1 transferred in on
    2018-09-10, 党费交至 2018-12; the branch agrees on 2018-09-20 to quarterly dues from
    2018-10. 2018-Q4 (October–December) is wholly paid: not owed, no reminder, not
    overdue. 2019-Q1 is owed: m-1 pays nothing → overdue on 2019-04-11 (due 04-10). No
    monthly dues are owed (September before joining, from October by quarter). Ticks to
    2019-04-30."""
    history = _history("2018-12", date(2019, 4, 30))
    _quarterly_from_october(history, "m-1")
    _, outputs = fold(_in_time_order(history))

    assert _periods(outputs, "DutyOverdue", QUARTERLY) == ["2019-Q1"]
    assert _periods(outputs, "DutyDueSoon", QUARTERLY) == ["2019-Q1"]
    assert _periods(outputs, "DutyOverdue") == []


def test_d_a_quarter_partly_paid_through_is_owed_for_its_other_months() -> None:
    """Expected (2008 规定; 三、（四） 按时足额: each month paid once): two members
    transferred in on 2018-09-10 with 党费交至 2018-11, each agreed on 2018-09-20 to pay
    by quarter from 2018-10. 2018-Q4 is owed, and the two months paid to the former
    organization count among its three (October, November): m-2 pays December (on
    2018-12-20) → 2018-Q4 fulfilled in time (DutyFulfilled, its evidence that one
    payment), never overdue. m-3 pays nothing → 2018-Q4 overdue on 2019-01-11 (due
    01-10): December was paid nowhere. Ticks to 2019-01-31."""
    history = _history("2018-11", date(2019, 1, 31), member_id="m-2")
    history.member("m-3", TRANSFERRED, dues_paid_through="2018-11")
    _quarterly_from_october(history, "m-2")
    _quarterly_from_october(history, "m-3")
    history.dues("m-2", "2018-12", date(2018, 12, 20))
    _, outputs = fold(_in_time_order(history))

    [done] = of_type(outputs, "DutyFulfilled", duty_id=QUARTERLY, member_id="m-2")
    assert done.data.period == "2018-Q4"
    assert len(done.data.evidence_event_ids) == 1
    assert _periods(outputs, "DutyOverdue", QUARTERLY, member="m-2") == []
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=QUARTERLY, member_id="m-3")
    assert (overdue.data.period, overdue.data.cause_event_id) == ("2018-Q4", "tick:2019-01-11:0")


# ── (e) a month before the transfer changes nothing ────────────────────────────────────


@pytest.mark.parametrize("paid_through", ["2018-06", "2018-08", "2018-09"])
def test_e_a_month_paid_through_before_the_first_owed_here_changes_nothing(
    paid_through: str,
) -> None:
    """Expected (the months owed here begin with the first one on the branch's roll from
    its first day, October for a transfer on 2018-09-10; what the member owed the former
    organization is not this branch's): 党费交至 2018-06, 2018-08 (earlier than the month
    of transfer) or 2018-09 (the month of a transfer after its first day) → every output
    to 2019-04-30 is byte for byte that of the same history without the letter's month
    (test (b)): the same overdue months and the same flag."""
    _, without = fold(_history(None, date(2019, 4, 30)).events)
    _, outputs = fold(_history(paid_through, date(2019, 4, 30)).events)

    assert [o.model_dump_json() for o in outputs] == [o.model_dump_json() for o in without]


# ── a restart keeps the letter's month ─────────────────────────────────────────────────


def _committed(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines]


def test_a_restore_from_the_stored_documents_keeps_the_months_paid_through() -> None:
    """Expected (DESIGN: kill and restart, the outputs are those of an uninterrupted run):
    the (d) partly paid quarter and the (a) months paid through, beside m-3 on the roll
    from 2018-01-01 who owes every month (so October's dues are deferred with m-1 noted
    as not owing them), folded in batches of 40 events with a crash at the 2018-11-20
    tick (event 330, mid-batch: November's dues, deferred on 11-01, are restored from the
    stored calendar, not opened again): what is stored and emitted equals the
    uninterrupted run's; in it, m-1 owes no month of 2018, m-2's 2018-Q4 is fulfilled by
    December alone."""
    history = _history("2018-12", date(2019, 1, 31))
    history.member("m-2", TRANSFERRED, dues_paid_through="2018-11")
    _quarterly_from_october(history, "m-2")
    history.dues("m-2", "2018-12", date(2018, 12, 20))
    history.member("m-3", date(2018, 1, 1))  # owes every month: the months are deferred
    events = _in_time_order(history)
    assert events[311][0].id == "tick:2018-11-01:0"  # November deferred, stored at 320
    assert events[330][0].id == "tick:2018-11-20:0"

    crashed = stored_fold(events, 40, 330)
    assert crashed == stored_fold(events, 40, None)
    _, store, committed = crashed
    assert store[member_document(BRANCH, "m-1")]["dues_paid_through"] == "2018-12"
    dues = [o for o in _committed(committed) if o["data"].get("duty_id") in (MONTHLY, QUARTERLY)]
    said = [(o["type"], o["data"]["member_id"], o["data"]["period"]) for o in dues]
    # m-1's January is reminded on 02-05, after the last tick.
    assert [s for s in said if s[1] != "m-3"] == [("zeren.DutyFulfilled", "m-2", "2018-Q4")]
    assert ("zeren.DutyOverdue", "m-3", "2018-11") in said  # November was deferred
