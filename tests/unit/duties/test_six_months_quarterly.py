"""党章第九条 (连续六个月不交纳党费) for a member who pays by quarter (经党支部同意按季度交纳).

Scenarios written by hand from the rules before the code was changed, each docstring
stating the expected outcome and its source:

- 《中国共产党章程》第九条: 党员如果没有正当理由，连续六个月不交纳党费 … 就被认为是自行脱党
  (the system flags, the branch decides: a flag names a real person, a false one is the
  worst defect);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 党员应按月交纳党费；因特殊情况经
  党支部同意可按季度交纳 (the rhythm says when a month's dues are payable: in the month,
  or for a quarterly payer in its quarter);
- the seed, 三、（四） and question 21: 按时足额缴纳党费.

How the rule counts today for a member paying by month (kept exactly): a month whose
dues were not paid (no ``DuesPaid`` for it) is silent from the end of that month, the
first tick of the next month judging it, before the dues duty's grace (due on the 10th
of the next month, overdue on the 11th); the flag is raised once per run, at the tick
that finds its sixth month (period: that month; since: the run's first month's day).

The rule decided here, for both rhythms: a month counts as without dues once the period
its dues are payable in has ended without them, its month for a monthly payer, its
quarter for a quarterly payer (the month's own end, or the quarter's: neither with the
duty's grace of ten days, so no rhythm is judged more leniently or harshly than the
other). A month of a quarter still running is not yet a month without dues: the first
tick after the quarter judges its three months at once, and the run that reaches six in
them is flagged then, with the month where it reaches six (its first six months).

The catalog (contracts/catalog/duty_catalog.v1.yaml): ``member.dues.monthly`` for members
without a ``QuarterlyDuesApproved`` counting on the period's first day,
``member.dues.quarterly`` (due 04-10, 07-10, 10-10, 01-10) for those with one;
``member.art9.six_months_without_dues`` (consecutive_months 6).

The common story: BRANCH from 2018-01-01 (the log's first day), ``m-1`` on its roll from
that day; daily ticks to 2018-10-31 unless said.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import members
from services.duties.domain.documents import document
from services.duties.domain.state import member_document
from tests.unit.duties.builders import BRANCH, History, make, stored_fold
from tests.unit.duties.test_dues_exemption import (
    _dues_flags,
    _exempt,
    _flags,
    _fold,
    _in_time_order,
    _ledger,
)

pytestmark = pytest.mark.unit

LAST_TICK = date(2018, 10, 31)


def _story(last_tick: date = LAST_TICK) -> History:
    """BRANCH and m-1 from 2018-01-01, daily ticks to ``last_tick``; nothing paid yet."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), last_tick)
    history.member("m-1", date(2018, 1, 1))
    return history


def _by_quarter(history: History, agreed: date, first: str, recorded: date | None = None) -> None:
    """The branch agrees on ``agreed`` (recorded that day, on time, or on ``recorded``)
    that m-1 pays by quarter from ``first``."""
    consent = make(
        members.QuarterlyDuesApproved,
        organization_id=BRANCH,
        member_id="m-1",
        approved_on=agreed,
        first_month=first,
    )
    history.add(consent, recorded or agreed)


def _pays(history: History, months: tuple[int, ...], on: date) -> None:
    """m-1 pays the dues of ``months`` of 2018 on ``on``, one ``DuesPaid`` each."""
    for month in months:
        history.dues("m-1", f"2018-{month:02d}", on)


def _behind_then_by_quarter(q3_paid: dict[date, tuple[int, ...]] | None) -> History:
    """m-1 pays January and February on the 20th, nothing for March–June; the branch agrees
    on 2018-06-20 that he pays by quarter from 2018-07; he pays Q3's months as
    ``q3_paid`` says (day: months); none if None (he stays monthly: no consent)."""
    history = _story()
    _pays(history, (1,), date(2018, 1, 20))
    _pays(history, (2,), date(2018, 2, 20))
    if q3_paid is not None:
        _by_quarter(history, date(2018, 6, 20), "2018-07")
        for day, months in q3_paid.items():
            _pays(history, months, day)
    return history


# ── a quarter still running is not yet without dues ───────────────────────────────────


def test_a_quarter_paid_within_it_is_never_without_dues() -> None:
    """Expected (党章第九条; 2008 规定 按季度交纳: Q3's dues are payable until 09-30): March–
    June are four months without dues (monthly, each silent from its month's end). July
    and August are months of Q3, not without dues at the 08-01 and 09-01 ticks (the
    quarter runs); he pays Q3 on 09-20, within it. The run is four months: no flag at
    any tick to 10-31, and accountability keeps none. (Before the fix: flagged at the
    09-01 tick, period 2018-08, since 2018-03-01: March–August counted as six.)"""
    history = _behind_then_by_quarter({date(2018, 9, 20): (7, 8, 9)})
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == []
    assert _flags(_ledger(outputs)) == []


def test_the_monthly_payer_in_the_same_months_is_flagged_as_before() -> None:
    """Expected (unchanged, the contrast: by month, August's dues are payable in August):
    the same member without the consent, paying July–September as months on 09-20: at
    the 09-01 tick March–August are six months without dues: flagged once, period
    2018-08, since 2018-03-01; accountability keeps it, standing."""
    history = _behind_then_by_quarter(None)
    _pays(history, (7, 8, 9), date(2018, 9, 20))
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [("tick:2018-09-01:0", "2018-08", date(2018, 3, 1))]
    [kept] = _flags(_ledger(outputs), standing=True)
    assert (kept.flagged_on, kept.since, kept.due_on) == (
        date(2018, 9, 1),
        date(2018, 3, 1),
        date(2018, 8, 31),
    )


def test_a_quarter_ended_unpaid_counts_its_months_at_once() -> None:
    """Expected (the quarter's end is its months' end, as a month's end is for a monthly
    payer; the duty's grace to 10-10 counts for neither): as the first story, but he pays
    Q3 on 10-05 (in time for the dues duty, due 10-10). At the 10-01 tick Q3 has ended
    without dues: July–September are silent, March–September seven months; the run
    reached six with August: flagged once at that tick, period 2018-08, since 2018-03-01
    (a monthly payer in the same months is flagged at the 09-01 tick). No flag before.
    (Before the fix: at the 09-01 tick.)"""
    history = _behind_then_by_quarter({date(2018, 10, 5): (7, 8, 9)})
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [("tick:2018-10-01:0", "2018-08", date(2018, 3, 1))]


def test_a_quarter_partly_paid_is_judged_for_its_unpaid_months() -> None:
    """Expected (each month is paid or not, 按时足额): as the first story, but he pays only
    September on 09-20, July and August on 10-20. At the 10-01 tick July and August are
    without dues (Q3 ended), September is paid: March–August are six, flagged at that
    tick, period 2018-08, since 2018-03-01, although September (the month the tick
    evaluates) was paid. (Before the fix: at the 09-01 tick.)"""
    history = _behind_then_by_quarter({date(2018, 9, 20): (9,), date(2018, 10, 20): (7, 8)})
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [("tick:2018-10-01:0", "2018-08", date(2018, 3, 1))]


# ── pins: what the quarter's end already decided ──────────────────────────────────────


@pytest.mark.parametrize("by_quarter", [True, False], ids=["quarterly", "monthly"])
def test_two_quarters_unpaid_are_flagged_at_the_second_ones_end(by_quarter: bool) -> None:
    """Expected (党章第九条; both rhythms alike): m-1 pays by quarter from 2018-01 (agreed
    2018-01-01), or by month; pays nothing for Q1 and Q2, then all six months on
    2018-07-20. Quarterly: at the 04-01 tick Q1's three months are without dues (three),
    at the 05-01 and 06-01 ticks still three (Q2 runs), at the 07-01 tick Q2 has ended:
    January–June are six. Monthly: one more each month, six at the 07-01 tick. Either
    way one flag at the 07-01 tick, period 2018-06, since 2018-01-01; none at the 08-01
    tick (paid since)."""
    history = _story()
    if by_quarter:
        _by_quarter(history, date(2018, 1, 1), "2018-01")
    _pays(history, (1, 2, 3, 4, 5, 6), date(2018, 7, 20))
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [("tick:2018-07-01:0", "2018-06", date(2018, 1, 1))]


@pytest.mark.parametrize("by_quarter", [True, False], ids=["quarterly", "monthly"])
def test_dues_paid_on_time_raise_no_flag(by_quarter: bool) -> None:
    """Expected (按时足额: nothing without dues): m-1 by quarter from 2018-01 paying each
    quarter's months on the 5th after it (04-05, 07-05, 10-05: in time, due on the
    10th), or by month paying each month on the 20th: no flag to 2018-10-31."""
    history = _story()
    if by_quarter:
        _by_quarter(history, date(2018, 1, 1), "2018-01")
        for quarter, paid_on in enumerate((date(2018, 4, 5), date(2018, 7, 5), date(2018, 10, 5))):
            _pays(history, tuple(range(3 * quarter + 1, 3 * quarter + 4)), paid_on)
    else:
        for month in range(1, 11):
            _pays(history, (month,), date(2018, month, 20))
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == []


def test_an_exemption_recorded_late_judges_no_running_quarter() -> None:
    """Expected (免交党费 is a 正当理由, 党章第九条; a quarter running is not yet without
    dues): m-1 by quarter from 2018-01 (agreed 2018-01-01) pays nothing in 2018. At the
    07-01 tick January–June are six: flagged (period 2018-06, since 2018-01-01). On
    2018-09-10 the higher committee's exemption of January alone is recorded: the flag,
    whose months include January, is withdrawn by accountability; February–June are five
    months without dues, and July and August are months of Q3, still running: nothing is
    flagged on 09-10. At the 10-01 tick Q3 has ended unpaid: February–July are six,
    flagged then, period 2018-07, since 2018-02-01, and it stands. (Before the fix: the
    second flag was raised on 09-10, caused by the exemption, counting July and August.)"""
    history = _story()
    _by_quarter(history, date(2018, 1, 1), "2018-01")
    _exempt(history, date(2018, 9, 10), "2018-01", "2018-01")
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [
        ("tick:2018-07-01:0", "2018-06", date(2018, 1, 1)),
        ("tick:2018-10-01:0", "2018-07", date(2018, 2, 1)),
    ]
    ledger = _ledger(outputs)
    [withdrawn] = [f for f in _flags(ledger) if not f.stands]
    assert (withdrawn.since, withdrawn.withdrawn_on) == (date(2018, 1, 1), date(2018, 9, 10))
    [standing] = _flags(ledger, standing=True)
    assert (standing.flagged_on, standing.since) == (date(2018, 10, 1), date(2018, 2, 1))


@pytest.mark.parametrize(
    "recorded", [date(2018, 6, 20), date(2018, 8, 10)], ids=["on-time", "late"]
)
def test_a_month_judged_before_a_late_consent_is_judged_again_when_its_quarter_ends(
    recorded: date,
) -> None:
    """Expected (the consent, 经党支部同意按季度交纳, moves when the months of its quarters are
    judged; the day decides, not the order of recording): m-1 pays January on 01-20 and
    nothing after; the branch agrees on 2018-06-20 that he pays by quarter from 2018-07.
    Recorded on time: February–June are five months (monthly), July–September are judged
    when Q3 ends unpaid, at the 10-01 tick: February–July are six, flagged then (period
    2018-07, since 2018-02-01). Recorded late, on 08-10: the 08-01 tick judged July as a
    month (the log knew no consent): February–July six, flagged then; on 08-10 the consent
    shows July's dues payable until 09-30, not yet without dues: accountability withdraws
    that flag (tests/unit/accountability/test_quarterly_consent_orders.py). July is judged
    again with its quarter, at the 10-01 tick, as on time: flagged then (period 2018-07,
    since 2018-02-01), the one flag standing. (The session before kept July judged as a
    month, ``judged_by_month``, and the 08-01 flag standing: a flag on a month whose dues
    could still be paid.) Nothing is kept as judged by month; a restart from the stored
    documents after the record (crash at the 2018-09-03 tick) changes nothing."""
    history = _story()
    _pays(history, (1,), date(2018, 1, 20))
    _by_quarter(history, date(2018, 6, 20), "2018-07", recorded)
    state, outputs = _fold(history)

    by_quarter = ("tick:2018-10-01:0", "2018-07", date(2018, 2, 1))
    by_month = [("tick:2018-08-01:0", "2018-07", date(2018, 2, 1))] if recorded.month == 8 else []
    assert _dues_flags(outputs) == [*by_month, by_quarter]
    [standing] = _flags(_ledger(outputs), standing=True)
    assert (standing.flagged_on, standing.since) == (date(2018, 10, 1), date(2018, 2, 1))
    stored = document(state, member_document(BRANCH, "m-1"))
    assert stored is not None
    assert "judged_by_month" not in stored

    events = _in_time_order(history)
    crash = next(n for n, e in enumerate(events) if e[0].id == "tick:2018-09-03:0")
    assert stored_fold(events, 50, crash) == stored_fold(events, 50, None)
