"""Flags (党章第九条) around consents to dues by quarter, in any order of recording.

Scenarios written by hand from the rules before the code was changed, each docstring
stating the facts in recording order and the flags expected (raised, withdrawn, none):

- 《中国共产党章程》第九条: 党员如果没有正当理由，连续六个月不交纳党费 … 就被认为是自行脱党
  (the system flags, the branch decides; a flag that no longer stands is withdrawn,
  never left against a real person);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 党员应按月交纳党费；因特殊情况经
  党支部同意可按季度交纳 (from the quarter the consent names, a month's dues are payable
  until its quarter ends: a month is without dues only once its quarter has ended
  without them; tests/unit/duties/test_six_months_quarterly.py);
- the day decides, not the order of recording (补录): the same facts, whatever order
  they are recorded in, leave the same flags standing.

The rule decided here for a second consent (gap 3): a later consent restates the rhythm
from its own month; the earlier one still governs its own span. The member pays by
quarter from the earliest month any consent names (no fact returns him to months).

Dues flags are shown as (cause that raised it, period: the month the run reached six,
since: the run's first day); kept flags as (raised, since, withdrawn on, withdrawn by).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from tests.unit.duties.builders import BRANCH, History, make, of_type
from tests.unit.duties.test_dues_exemption import _dues_flags, _flags, _fold, _ledger
from tests.unit.duties.test_six_months_quarterly import _by_quarter

pytestmark = pytest.mark.unit

#: The 08-01 flag read by month: February–July 2025 without dues.
FLAGGED_AUGUST_1 = ("tick:2025-08-01:0", "2025-07", date(2025, 2, 1))
#: The 10-01 flag read by quarter: Q3 ended unpaid, February–July 2025 six.
FLAGGED_OCTOBER_1 = ("tick:2025-10-01:0", "2025-07", date(2025, 2, 1))
#: The run February–July 2025 as a kept flag shows it: (since, due_on).
FEBRUARY_TO_JULY = (date(2025, 2, 1), date(2025, 7, 31))
Q3_IN_TIME, Q3_AFTER = date(2025, 9, 20), date(2025, 10, 5)


def _branch(first: date, last_tick: date) -> History:
    """BRANCH and m-1 from ``first`` (the log's first day), daily ticks to ``last_tick``."""
    history = History()
    history.branch(first, term_ends_on=date(2027, 12, 31))
    history.ticks(first, last_tick)
    history.member("m-1", first)
    return history


def _consent(history: History, agreed: date, first: str, recorded: date | None = None) -> Envelope:
    """The branch agrees on ``agreed`` that m-1 pays by quarter from ``first``; recorded
    that day, or on ``recorded`` (补录). Returns the consent."""
    _by_quarter(history, agreed, first, recorded)
    consent, _ = history.events[-1]
    return consent


def _pays(
    history: History, months: tuple[str, ...], paid_on: date, recorded: date | None = None
) -> list[Envelope]:
    """m-1 pays ``months`` on ``paid_on``, recorded that day or on ``recorded`` (补录)."""
    paid = [
        make(members.DuesPaid, organization_id=BRANCH, member_id="m-1", month=month,
             amount="30.00", paid_on=paid_on)
        for month in months
    ]  # fmt: skip
    return [history.add(fact, recorded or paid_on) for fact in paid]


def _kept(history: History) -> list[tuple[date, date | None, date | None, str | None]]:
    """Accountability's dues flags about m-1: (raised, since, withdrawn on, withdrawn by)."""
    ledger = _ledger(_fold(history)[1])
    return [(f.flagged_on, f.since, f.withdrawn_on, f.withdrawn_by) for f in _flags(ledger)]


def _standing(history: History) -> list[tuple[date | None, date]]:
    """The runs of m-1's flags left standing once every fact is recorded: (since, due_on)."""
    return [(f.since, f.due_on) for f in _flags(_ledger(_fold(history)[1]), standing=True)]


# ── gap 1: a consent recorded while its quarter runs ───────────────────────────────────


def _behind() -> History:
    """2025: BRANCH and m-1 from 2025-01-01, ticks to 2025-10-31; m-1 pays January on
    01-20 and nothing by month after it."""
    history = _branch(date(2025, 1, 1), date(2025, 10, 31))
    _pays(history, ("2025-01",), date(2025, 1, 20))
    return history


Q3 = ("2025-07", "2025-08", "2025-09")


@pytest.mark.parametrize(
    "agreed", [date(2025, 8, 10), date(2025, 9, 10)], ids=["july-judged", "july-august-judged"]
)
def test_a_consent_in_its_running_quarter_withdraws_the_flag_on_its_months(agreed: date) -> None:
    """Facts in recording order: 08-01 tick; the branch agrees on ``agreed`` (08-10, or
    09-10 after the 09-01 tick also counted August), recorded that day, that m-1 pays by
    quarter from 2025-07; Q3 (July–September) paid on 09-20.

    Expected (党章第九条; 2008 规定 经党支部同意可按季度交纳): read by month (no consent
    known), February–July are six months without dues at the 08-01 tick: flagged
    (period 2025-07, since 2025-02-01). The consent governs from July: July's dues are
    payable until 09-30, so on ``agreed`` July is not yet a month without dues and the
    run is five (February–June): the flag is withdrawn that day by the consent (reason
    naming 按季度交纳党费). Q3 paid on 09-20, within it: no flag at the 10-01 tick or
    after. Nothing stands."""
    history = _behind()
    consent = _consent(history, agreed, "2025-07")
    _pays(history, Q3, Q3_IN_TIME)
    _, outputs = _fold(history)
    ledger = _ledger(outputs)

    assert _dues_flags(outputs) == [FLAGGED_AUGUST_1]
    [withdrawn] = _flags(ledger)
    assert (withdrawn.withdrawn_on, withdrawn.withdrawn_by) == (agreed, consent.id)
    assert withdrawn.withdrawn_zh is not None
    assert "按季度交纳党费" in withdrawn.withdrawn_zh
    assert _flags(ledger, standing=True) == []


def test_a_consent_in_its_running_quarter_then_the_quarter_ended_unpaid() -> None:
    """Facts in recording order: 08-01 tick; consent agreed and recorded 2025-08-10 (by
    quarter from 2025-07); Q3 paid on 10-05, after it ended.

    Expected (党章第九条 by quarter: a month of a quarter ended without dues is without
    dues): the 08-01 flag (February–July) is withdrawn on 08-10 as above. The months of
    Q3 are judged when it ends, not before (not counted as months without dues at the
    09-01 tick): at the 10-01 tick July–September are without dues, February–July six:
    flagged then (period 2025-07, since 2025-02-01), and it stands (paid 10-05, after it
    was raised: 补交, for the branch to weigh)."""
    history = _behind()
    consent = _consent(history, date(2025, 8, 10), "2025-07")
    _pays(history, Q3, Q3_AFTER)
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [FLAGGED_AUGUST_1, FLAGGED_OCTOBER_1]
    assert _kept(history) == [
        (date(2025, 8, 1), date(2025, 2, 1), date(2025, 8, 10), consent.id),
        (date(2025, 10, 1), date(2025, 2, 1), None, None),
    ]


#: When each order records the consent and the payments late (补录); else on their day.
RECORDED_LATE = {"consent-late": date(2025, 10, 10)}
PAID_LATE = {"payments-late": date(2025, 10, 15)}


@pytest.mark.parametrize(
    ("paid_on", "standing"), [(Q3_IN_TIME, []), (Q3_AFTER, [FEBRUARY_TO_JULY])], ids=["in", "after"]
)
@pytest.mark.parametrize("order", ["consent-first", "consent-late", "payments-late"])
def test_the_order_of_recording_leaves_the_same_flags(
    order: str, paid_on: date, standing: list[tuple[date, date]]
) -> None:
    """The same facts (consent agreed 2025-08-10, by quarter from 2025-07; Q3 paid on
    ``paid_on``) recorded in three orders: the consent on its day, then the payments on
    theirs (appointment order); the payments on their day, the consent on 10-10 (补录,
    after Q3); the consent on its day, the payments on 10-15 (补录).

    Expected (the day decides): Q3 paid on 09-20, within it: no flag stands in any
    order (08-01 flag withdrawn by the consent, or by the late consent showing the payment
    within Q3, or never re-raised). Q3 paid on 10-05, after it ended: one flag stands for
    February–July (since 2025-02-01, due 2025-07-31) in every order."""
    history = _behind()  # facts are folded in the order of the day they are recorded
    _consent(history, date(2025, 8, 10), "2025-07", RECORDED_LATE.get(order))
    _pays(history, Q3, paid_on, PAID_LATE.get(order))

    assert _standing(history) == standing


# ── gap 2: a payment within the quarter recorded after the consent ────────────────────


def test_a_payment_within_the_quarter_recorded_after_a_late_consent() -> None:
    """Facts in recording order: the branch agreed on 2025-06-20 that m-1 pays by quarter
    from 2025-07; 08-01 tick; the consent recorded on 10-10 (补录, after Q3 ended); Q3's
    payments, made on 09-20, recorded on 10-15 (补录), July first.

    Expected (党章第九条; 2008 规定 按季度交纳; the day decides): read by month, flagged at
    the 08-01 tick (February–July). On 10-10 the consent shows Q3 ended with no payment
    recorded: the run holds by quarter too, the flag stands. On 10-15 July's payment
    shows July's dues, payable until 09-30, were paid on 09-20: February–July were not
    six months without dues, the flag is withdrawn that day by the July payment. No flag
    is raised after it; nothing stands. (Recorded on time, the consent of 06-20 leaves no
    flag at all; recorded late after the payments, it withdraws the flag on 10-10.)"""
    history = _behind()
    _consent(history, date(2025, 6, 20), "2025-07", date(2025, 10, 10))
    july, *_ = _pays(history, Q3, Q3_IN_TIME, date(2025, 10, 15))
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [FLAGGED_AUGUST_1]
    assert _kept(history) == [(date(2025, 8, 1), date(2025, 2, 1), date(2025, 10, 15), july.id)]


@pytest.mark.parametrize(
    ("consent_recorded", "paid_recorded"),
    [
        (date(2025, 6, 20), None),
        (date(2025, 10, 10), None),
        (date(2025, 10, 10), date(2025, 10, 15)),
    ],
    ids=["consent-on-time", "consent-late", "both-late"],
)
def test_a_consent_before_the_quarter_leaves_no_flag_in_any_order(
    consent_recorded: date, paid_recorded: date | None
) -> None:
    """The same facts (consent agreed 2025-06-20, by quarter from 2025-07; Q3 paid on
    09-20) recorded in three orders: the consent on its day, the payments on theirs
    (appointment order); the payments on their day, the consent on 10-10; the consent on
    10-10, the payments on 10-15.

    Expected (the day decides; Q3 paid within it, 2008 规定 按季度交纳): no flag stands in
    any order (none raised on time; the 08-01 flag withdrawn on 10-10 by the consent, or on
    10-15 by the July payment)."""
    history = _behind()  # facts are folded in the order of the day they are recorded
    _consent(history, date(2025, 6, 20), "2025-07", consent_recorded)
    _pays(history, Q3, Q3_IN_TIME, paid_recorded)

    assert _standing(history) == []


# ── gap 3: a second consent for the same member ───────────────────────────────────────


def _two_consents(second_recorded: date) -> History:
    """2024: BRANCH and m-1 from 2024-01-01, ticks to 2025-01-31. m-1 pays January–March
    2024 on the 20th of each; the branch agrees on 2024-03-20 (recorded that day) that he
    pays by quarter from 2024-04; he pays April and May on 06-20, never June nor Q3, and
    Q4 (October–December) on 12-20. The branch agrees again on 2024-11-10 that he pays by
    quarter from 2025-01, recorded on ``second_recorded``."""
    history = _branch(date(2024, 1, 1), date(2025, 1, 31))
    for month in (1, 2, 3):
        _pays(history, (f"2024-{month:02d}",), date(2024, month, 20))
    _consent(history, date(2024, 3, 20), "2024-04")
    _pays(history, ("2024-04", "2024-05"), date(2024, 6, 20))
    _consent(history, date(2024, 11, 10), "2025-01", second_recorded)
    _pays(history, ("2024-10", "2024-11", "2024-12"), date(2024, 12, 20))
    return history


@pytest.mark.parametrize(
    "second_recorded", [date(2024, 11, 10), date(2025, 1, 5)], ids=["on-its-day", "after-q4"]
)
def test_a_second_consent_restates_from_its_month_and_leaves_the_first_span(
    second_recorded: date,
) -> None:
    """Facts in recording order: as ``_two_consents``, the second consent recorded on its
    day (11-10, Q4 running; then Q4 paid on 12-20) or on 2025-01-05 (after Q4's payment).

    Expected (2008 规定 经党支部同意可按季度交纳: the first consent governs from April 2024,
    the second restates the rhythm from January 2025 and takes nothing from the first's
    span; 党章第九条): June is without dues at the 07-01 tick (Q2 ended), July–September
    at the 10-01 tick (Q3 ended): June–September are four. October and November are
    months of Q4, payable until 12-31, not judged at the 11-01 or 12-01 ticks; Q4 is
    paid on 12-20, within it: at the 2025-01-01 tick nothing more is without dues. No
    flag is raised in either order (read by month from the second consent on, June–
    November would be six at the 12-01 tick: a false flag). Q4 is owed by quarter and
    fulfilled: none of m-1's dues are waived by the second consent."""
    history = _two_consents(second_recorded)
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == []
    assert _kept(history) == []
    assert of_type(outputs, "DutyWaived", member_id="m-1") == []
