"""The branch's consent to quarterly dues (经党支部同意按季度交纳党费) recorded late (补录).

Scenarios written by hand from the rules before the code was changed, each docstring
stating the expected outcome and its source:

- the seed, 三、（四） and question 21: 引导党员自觉履行义务，按时足额缴纳党费 (dues owed on
  time and in full: what is owed, once, by the rhythm that governs it);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 党员应按月交纳党费；因特殊情况经
  党支部同意可按季度交纳 (the branch decides the rhythm; from the quarter it names the
  member's dues fall due by quarter, not by month);
- 《中国共产党章程》第九条: 没有正当理由，连续六个月不交纳党费 (counts months whose dues were
  not paid; the consent changes when dues fall due, not whether they are paid).

The catalog (contracts/catalog/duty_catalog.v1.yaml): ``member.dues.monthly`` is owed by
members without a ``QuarterlyDuesApproved`` counting on the period's first day (the fact
counts from its ``first_month``), ``member.dues.quarterly`` by those with one; a month is
due on the 10th of the next month (reminded on the 5th), a quarter on the 10th after it
(07-10 for Q2, reminded 07-05); a quarter is paid by three ``DuesPaid``, one per month.

The reading chosen (the day decides, not the order of recording): the consent governs
from its ``first_month`` whatever day it was recorded, and whatever day it was given
(``approved_on`` after ``first_month``, a retroactive consent, which the registry
accepts: a quarter falls due no earlier than any of its months, so governing from
``first_month`` never judges the member more harshly than the monthly rule did). Recorded
late, the monthly dues of the months it covers still owed (open, or found overdue) are
waived; the quarters from ``first_month`` the log has already opened are owed by the
member; a month of them the member had already paid as a month before the record was
judged when paid and counts among its quarter's three (what is owed, once), so a quarter
wholly paid that way owes nothing more and nothing is said of it.

The common story: BRANCH from 2018-01-01 (the log's first day), ``m-1`` on its roll from
that day, paying January–March 2018 on the 20th (monthly). The branch agrees on
2018-03-20 that he pays by quarter from 2018-04. He pays the months of Q2 on 2018-07-05
(three ``DuesPaid``, 2018-04…06) and of Q3 on 2018-10-08. Daily ticks to 2018-10-31.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from services.duties.domain.documents import document
from services.duties.domain.state import member_document
from tests.unit.duties.builders import BRANCH, History, make, of_type, stored_fold
from tests.unit.duties.test_dues_exemption import (
    MONTHLY,
    QUARTERLY,
    _dues_flags,
    _fold,
    _in_time_order,
    _said,
)

pytestmark = pytest.mark.unit

AGREED = date(2018, 3, 20)
RECORDED = date(2018, 8, 10)
LAST_TICK = date(2018, 10, 31)


def _story(*, q2: tuple[str, ...] = ("04", "05", "06"), first_quarter: bool = True) -> History:
    """BRANCH and m-1 from 2018-01-01; m-1 pays January–March on the 20th (unless not
    ``first_quarter``), the months ``q2`` of Q2 on 07-05 and Q3's on 10-08; ticks to
    2018-10-31."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), LAST_TICK)
    history.member("m-1", date(2018, 1, 1))
    for month in range(1, 4) if first_quarter else ():
        history.dues("m-1", f"2018-{month:02d}", date(2018, month, 20))
    for q2_month in q2:
        history.dues("m-1", f"2018-{q2_month}", date(2018, 7, 5))
    for q3_month in ("07", "08", "09"):
        history.dues("m-1", f"2018-{q3_month}", date(2018, 10, 8))
    return history


def _consent(
    history: History, recorded: date, approved_on: date = AGREED, first: str = "2018-04"
) -> Envelope:
    """The branch agreed on ``approved_on`` that m-1 pays by quarter from ``first``; the
    registry records it on ``recorded``."""
    agreed = make(
        members.QuarterlyDuesApproved,
        organization_id=BRANCH,
        member_id="m-1",
        approved_on=approved_on,
        first_month=first,
    )
    return history.add(agreed, recorded)


def _from_april(outputs: list[Envelope]) -> list[tuple[str, str, str, str]]:
    return _said(outputs, since="2018-04")


def test_recorded_on_time_the_dues_fall_due_by_quarter() -> None:
    """Expected (2008 规定 经党支部同意可按季度交纳; the comparison): the consent recorded on
    the day given (2018-03-20). No monthly dues from April are reminded, overdue or
    waived. Q2 is reminded at the 07-05 tick and fulfilled in time by the payment of its
    third month that day (DutyFulfilled, its evidence the three payments); Q3 is
    reminded on 10-05 and fulfilled on 10-08."""
    history = _story()
    _consent(history, AGREED)
    _, outputs = _fold(history)

    said = _from_april(outputs)
    assert [s[:3] for s in said] == [
        ("DutyDueSoon", QUARTERLY, "2018-Q2"),
        ("DutyFulfilled", QUARTERLY, "2018-Q2"),
        ("DutyDueSoon", QUARTERLY, "2018-Q3"),
        ("DutyFulfilled", QUARTERLY, "2018-Q3"),
    ]
    done = of_type(outputs, "DutyFulfilled", duty_id=QUARTERLY)
    assert [len(d.data.evidence_event_ids) for d in done] == [3, 3]


@pytest.mark.parametrize("approved_on", [AGREED, RECORDED], ids=["agreed-in-march", "retroactive"])
def test_recorded_late_the_monthly_dues_still_owed_are_waived(approved_on: date) -> None:
    """Expected (the consent governs from its first month, whatever day it was recorded;
    2008 规定: the months it covers are due by quarter, so not owed as months; 三、（四）
    按时足额: what is owed, once): recorded on 2018-08-10 (given on 03-20, or, retroactive,
    on 08-10 itself for months from April: the same). Before the record the log judged
    April–July as months: April and May reminded (05-05, 06-05), overdue (05-11, 06-11)
    and fulfilled late by the payment of 07-05; June reminded at the 07-05 tick and
    fulfilled that day; July reminded on 08-05. Those decided stay as said. On 08-10 July,
    still owed as a month, is waived (DutyWaived caused by the record, its reason naming
    经党支部同意按季度交纳党费): it is never said overdue (08-11). Q2's months were all
    paid before the record: nothing more is owed of it and nothing is said of it. Q3 is
    owed by m-1 (by nobody before the fix: neither as months, the consent counting from
    April, nor as a quarter, the 07-01 tick having found no member paying by quarter):
    reminded on 10-05 and fulfilled on 10-08 by its three payments. August and September
    are never said as months."""
    history = _story()
    record = _consent(history, RECORDED, approved_on)
    _, outputs = _fold(history)

    said = _from_april(outputs)
    assert [s[:3] for s in said] == [
        ("DutyDueSoon", MONTHLY, "2018-04"),
        ("DutyOverdue", MONTHLY, "2018-04"),
        ("DutyDueSoon", MONTHLY, "2018-05"),
        ("DutyOverdue", MONTHLY, "2018-05"),
        ("DutyDueSoon", MONTHLY, "2018-06"),
        ("DutyFulfilledLate", MONTHLY, "2018-04"),
        ("DutyFulfilledLate", MONTHLY, "2018-05"),
        ("DutyFulfilled", MONTHLY, "2018-06"),
        ("DutyDueSoon", MONTHLY, "2018-07"),
        ("DutyWaived", MONTHLY, "2018-07"),
        ("DutyDueSoon", QUARTERLY, "2018-Q3"),
        ("DutyFulfilled", QUARTERLY, "2018-Q3"),
    ]
    assert [s[3] for s in said if s[0] == "DutyWaived" or s[2] == "2018-Q3"][:2] == [
        record.id,
        "tick:2018-10-05:0",
    ]
    [waived] = of_type(outputs, "DutyWaived", member_id="m-1")
    assert "经党支部同意按季度交纳党费" in str(waived.data.reason)
    [q3] = of_type(outputs, "DutyFulfilled", duty_id=QUARTERLY)
    assert (q3.data.fulfilled_on, len(q3.data.evidence_event_ids)) == (date(2018, 10, 8), 3)


def test_a_quarter_partly_paid_as_months_owes_its_other_months() -> None:
    """Expected (三、（四） 按时足额: each month owed paid once; the deadline of a period a
    late fact makes owed runs from the record, as for any duty recorded late): as the
    story, but m-1 paid only April and May on 07-05; the consent (given 03-20) recorded
    on 08-10. June was reminded at the 07-05 tick and found overdue on 07-11 as a month:
    on 08-10 it is waived (caused by the record). Q2 is owed for June alone (April and
    May count among its three): opened on 08-10 with its grace from that day, reminded on
    08-15 and overdue on 08-21 (due 08-20). Recorded on time, Q2 would have been overdue
    on 07-11 for the same unpaid June: the member is not judged more harshly."""
    history = _story(q2=("04", "05"))
    record = _consent(history, RECORDED)
    _, outputs = _fold(history)

    june = [s for s in _from_april(outputs) if s[2] == "2018-06"]
    assert june == [
        ("DutyDueSoon", MONTHLY, "2018-06", "tick:2018-07-05:0"),
        ("DutyOverdue", MONTHLY, "2018-06", "tick:2018-07-11:0"),
        ("DutyWaived", MONTHLY, "2018-06", record.id),
    ]
    assert [s for s in _from_april(outputs) if s[2] == "2018-Q2"] == [
        ("DutyDueSoon", QUARTERLY, "2018-Q2", "tick:2018-08-15:0"),
        ("DutyOverdue", QUARTERLY, "2018-Q2", "tick:2018-08-21:0"),
    ]
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=QUARTERLY)
    assert overdue.data.due_on == date(2018, 8, 20)


def test_a_month_paid_before_the_record_counts_in_its_running_quarter() -> None:
    """Expected (按时足额: each month paid once, counted once): as the story, but m-1 also
    paid July as a month on 07-20 (the log still expecting months), and pays August and
    September alone on 10-08; consent recorded 08-10. July was fulfilled in time as a
    month (never reminded: its reminder day 08-05 came after): it stays so, nothing
    waived. Q3 is owed for August and September, reminded on 10-05 and fulfilled on
    10-08 by those two payments (July counted among its three). A restart from the stored
    documents after the record (crash at the 2018-09-03 tick) changes nothing: the months
    paid before the record are kept in the member document."""
    history = _story()
    history.events = [
        e
        for e in history.events
        if not (isinstance(e[0].data, members.DuesPaid) and e[0].data.month == "2018-07")
    ]
    history.dues("m-1", "2018-07", date(2018, 7, 20))
    _consent(history, RECORDED)
    state, outputs = _fold(history)

    july = [s for s in _from_april(outputs) if s[2] in ("2018-07", "2018-Q3")]
    assert [s[:3] for s in july] == [
        ("DutyFulfilled", MONTHLY, "2018-07"),
        ("DutyDueSoon", QUARTERLY, "2018-Q3"),
        ("DutyFulfilled", QUARTERLY, "2018-Q3"),
    ]
    [q3] = of_type(outputs, "DutyFulfilled", duty_id=QUARTERLY)
    assert (q3.data.fulfilled_on, len(q3.data.evidence_event_ids)) == (date(2018, 10, 8), 2)
    assert of_type(outputs, "DutyWaived") == []
    stored = document(state, member_document(BRANCH, "m-1"))
    assert stored is not None
    assert stored["paid_by_month"] == ["2018-04", "2018-05", "2018-06", "2018-07"]

    events = _in_time_order(history)
    crash = next(n for n, e in enumerate(events) if e[0].id == "tick:2018-09-03:0")
    assert stored_fold(events, 50, crash) == stored_fold(events, 50, None)


def test_the_six_months_flag_is_the_same_recorded_late_as_on_time() -> None:
    """Expected (党章第九条 counts months whose dues were not paid; the consent says when
    dues fall due, it is no 正当理由 for not paying them, unlike 免交党费; the day decides,
    not the order of recording): m-1 pays nothing for January–March; Q2 paid on 07-05.
    At the 2018-07-01 tick January–June are six months without dues: flagged (period
    2018-06, since 2018-01-01) whether the consent was recorded on 03-20 or on 08-10, and
    the late record withdraws nothing and raises nothing. Whether months of a quarter not
    yet due should count as silent is a question about the rule, the same for a consent
    recorded on time: not decided here."""
    late, on_time = _story(first_quarter=False), _story(first_quarter=False)
    _consent(late, RECORDED)
    _consent(on_time, AGREED)
    _, late_outputs = _fold(late)
    _, on_time_outputs = _fold(on_time)

    flagged = [("tick:2018-07-01:0", "2018-06", date(2018, 1, 1))]
    assert _dues_flags(on_time_outputs) == flagged
    assert _dues_flags(late_outputs) == flagged
