"""A flag of months without dues raised before a consent to quarterly dues was recorded (补录).

Scenarios written by hand from the rules before the code was changed, each docstring
stating the expected outcome and its source:

- 《中国共产党章程》第九条: 党员如果没有正当理由，连续六个月不交纳党费 … 就被认为是自行脱党
  (the system flags, the branch decides: a false flag against a real person is the worst
  defect);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 党员应按月交纳党费；因特殊情况经
  党支部同意可按季度交纳 (for a quarterly payer a month's dues are payable until its
  quarter ends: a month is without dues once its quarter has ended without them, see
  tests/unit/duties/test_six_months_quarterly.py);
- the day decides, not the order of recording (补录): recorded late, the consent is
  judged as it would have been recorded on the day given (the months of a quarter
  running at the record included: tests/unit/accountability/
  test_quarterly_consent_orders.py).

The common story (``_story``): BRANCH from 2018-01-01 (the log's first day), ``m-1`` on
its roll from that day, paying January on 01-20 and nothing for February–June (five
months, monthly). The branch agrees on 2018-06-20 that he pays by quarter from 2018-07.
Daily ticks to 2018-10-31. Recorded on time the consent is recorded on 06-20; late, on
2018-10-10, after Q3 (July–September) ended.

Read by the monthly rule (the log knowing no consent), July is without dues at the
08-01 tick: February–July are six, flagged at that tick (period 2018-07, since
2018-02-01). Read by the quarterly rule, July's dues were payable until 09-30.

These tests look at what the duties service says (flags raised, facts forwarded to
accountability); tests/unit/accountability/test_quarterly_consent_flags.py at the
withdrawal delivered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from contracts.envelope import Envelope
from tests.unit.duties.builders import History
from tests.unit.duties.test_dues_exemption import _dues_flags, _fold
from tests.unit.duties.test_six_months_quarterly import _by_quarter

pytestmark = pytest.mark.unit

AGREED = date(2018, 6, 20)
RECORDED_LATE = date(2018, 10, 10)
#: The flag the monthly reading raises at the 08-01 tick: February–July.
FLAGGED_AUGUST_1 = ("tick:2018-08-01:0", "2018-07", date(2018, 2, 1))


def _story(recorded: date, paid: Mapping[date, tuple[int, ...]]) -> tuple[History, Envelope]:
    """BRANCH and m-1 from 2018-01-01, ticks to 2018-10-31; m-1 pays January on 01-20 and
    the months of 2018 ``paid`` says (day: months); the consent (agreed 06-20, quarterly
    from 2018-07) recorded on ``recorded``. Returns the history and the consent."""
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 10, 31))
    history.member("m-1", date(2018, 1, 1))
    history.dues("m-1", "2018-01", date(2018, 1, 20))
    _by_quarter(history, AGREED, "2018-07", recorded)
    record, _ = history.events[-1]
    for day, months in paid.items():
        for month in months:
            history.dues("m-1", f"2018-{month:02d}", day)
    return history, record


#: Q3's three months paid on 09-20, within Q3.
Q3_IN_TIME = {date(2018, 9, 20): (7, 8, 9)}
#: Q3's three months paid on 10-05, after Q3 ended (within the dues duty's grace).
Q3_AFTER = {date(2018, 10, 5): (7, 8, 9)}
#: February–June made up (补交) on 09-15, within Q3; Q3 paid on 10-05, after it ended.
MADE_UP_IN_Q3 = {date(2018, 9, 15): (2, 3, 4, 5, 6), date(2018, 10, 5): (7, 8, 9)}


def _forwarded_consent(outputs: list[Envelope], record: Envelope) -> list[Envelope]:
    """The consent's own envelope among the duties outputs (forwarded to accountability)."""
    return [o for o in outputs if o.id == record.id]


def test_on_time_a_quarter_paid_within_it_raises_no_flag() -> None:
    """Expected (党章第九条; 2008 规定 按季度交纳: Q3's dues payable until 09-30): recorded
    on 06-20, February–June are five months without dues; July and August are months of
    Q3, not without dues at the 08-01 and 09-01 ticks; Q3 is paid on 09-20, within it:
    never without dues. No flag to 10-31. (The comparison: unchanged behaviour.)"""
    history, _ = _story(AGREED, Q3_IN_TIME)
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == []


def test_recorded_late_the_consent_is_forwarded_and_raises_nothing() -> None:
    """Expected (the day decides; 党章第九条 judged by quarter): recorded on 10-10, the log
    judged July as a month at the 08-01 tick: February–July flagged then (period 2018-07,
    since 2018-02-01); the payment of 09-20 does not unsay it (paid after it was
    raised, 补交, as for any monthly payer). On 10-10 the consent shows that July's dues
    were payable until 09-30 and were paid on 09-20: February–July were not six months
    without dues, and the flag does not stand. The duties service forwards the consent
    (the fact that shows it) to accountability, which withdraws the flag (see the
    accountability test). No flag is raised by the record (Q3 paid: no run of six)."""
    history, record = _story(RECORDED_LATE, Q3_IN_TIME)
    _, outputs = _fold(history)

    assert _dues_flags(outputs) == [FLAGGED_AUGUST_1]
    assert len(_forwarded_consent(outputs, record)) == 1


def test_a_quarter_ended_unpaid_keeps_the_run_recorded_late() -> None:
    """Expected (党章第九条: a month of a quarter ended without dues is without dues; a run
    is flagged once): Q3 paid on 10-05, after Q3 ended. On time: at the 10-01 tick
    July–September are without dues, February–July six: flagged then (period 2018-07,
    since 2018-02-01). Late (10-10): flagged at the 08-01 tick for the same months; the
    record raises no second flag for the run (its months are all without dues by
    quarter too)."""
    on_time, _ = _story(AGREED, Q3_AFTER)
    late, _ = _story(RECORDED_LATE, Q3_AFTER)

    assert _dues_flags(_fold(on_time)[1]) == [("tick:2018-10-01:0", "2018-07", date(2018, 2, 1))]
    assert _dues_flags(_fold(late)[1]) == [FLAGGED_AUGUST_1]


def test_months_made_up_within_the_quarter_recorded_late() -> None:
    """Expected (党章第九条; the day decides): February–June made up (补交) on 09-15, Q3
    paid on 10-05. On time: at the 10-01 tick only July–September are without dues
    (February–June paid by then): three, no flag. Late (10-10): flagged at the 08-01 tick
    (February–July); on 09-15 the payment of February, a month of that run, is a back
    payment (补交: made after February was judged), which flags no run anew (the session's
    rule for back payments; the helper's first expectation here, a second flag for
    March–August, followed the monthly behaviour before it). The flag counts July without
    dues before Q3 ended: the consent recorded on 10-10 is forwarded (accountability
    withdraws it: see the accountability test), and raises nothing itself."""
    on_time, _ = _story(AGREED, MADE_UP_IN_Q3)
    late, record = _story(RECORDED_LATE, MADE_UP_IN_Q3)
    _, outputs = _fold(late)

    assert _dues_flags(_fold(on_time)[1]) == []
    assert _dues_flags(outputs) == [FLAGGED_AUGUST_1]
    assert len(_forwarded_consent(outputs, record)) == 1
