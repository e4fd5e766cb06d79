"""A consent to quarterly dues recorded late (补录) withdraws the flag it shows false.

Expected outcomes, written by hand before running. The stories are those of
tests/unit/duties/test_quarterly_consent_flags.py (BRANCH and m-1 from 2018-01-01; m-1
pays January and nothing for February–June; the branch agrees on 2018-06-20 that he pays
by quarter from 2018-07; recorded on 2018-10-10), folded by the duties service, its
outputs then by accountability. The rules:

- 《中国共产党章程》第九条: 没有正当理由，连续六个月不交纳党费 (the system flags, the branch
  decides; a flag that no longer stands is withdrawn, never left against the member);
- 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008): 经党支部同意可按季度交纳 (a
  month's dues payable until its quarter ends);
- the day decides, not the order of recording: recorded on time the consent would have
  left no flag; recorded late, after the quarter ended, it withdraws the flag (as a late
  免交党费, a late payment or a late transfer out do: services/accountability/domain/
  flags.py). A run whose quarter ended without dues is flagged under either rhythm, and
  its flag stands.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events.accountability import SituationFlagWithdrawn
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.models import Flag
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.duties.test_dues_exemption import _flags, _fold
from tests.unit.duties.test_quarterly_consent_flags import (
    MADE_UP_IN_Q3,
    Q3_AFTER,
    Q3_IN_TIME,
    RECORDED_LATE,
    _story,
)

pytestmark = pytest.mark.unit


def _accountability(outputs: list[Envelope]) -> tuple[Ledger, list[Envelope]]:
    """Accountability's ledger after the duties outputs, and what it emitted."""
    ledger, emitted = Ledger.empty(1), []
    for offset, env in enumerate(outputs):
        emitted += [e.envelope for e in fold_case(ledger, Delivery(0, env, offset))]
    return ledger, emitted


def _until_the_record(outputs: list[Envelope]) -> list[Envelope]:
    """The duties outputs before the day of the consent's record (its tick first)."""
    record_day = next(n for n, o in enumerate(outputs) if o.id == f"tick:{RECORDED_LATE}:0")
    return outputs[:record_day]


def _withdrawals(emitted: list[Envelope]) -> list[SituationFlagWithdrawn]:
    return [e.data for e in emitted if isinstance(e.data, SituationFlagWithdrawn)]


def _shown(flag: Flag) -> tuple[date, date, date | None, str | None]:
    return (flag.flagged_on, flag.since or date.min, flag.withdrawn_on, flag.withdrawn_by)


def test_a_quarter_paid_within_it_withdraws_the_flag() -> None:
    """Expected: the 08-01 flag (February–July, since 2018-02-01) is kept standing until
    10-10: Q3 paid on 09-20 does not withdraw it (paid after it was raised, 补交, read
    monthly). On 10-10 the consent shows July's dues were payable until 09-30 and paid
    on 09-20, within Q3: February–July were not six months without dues. The flag is
    withdrawn on 10-10 by the consent's record (withdrawn_by its id); the reason names
    按季度交纳党费 and ends 此情况提示不再成立; one SituationFlagWithdrawn is emitted for
    the notifier. No flag about m-1 stands after."""
    history, record = _story(RECORDED_LATE, Q3_IN_TIME)
    _, outputs = _fold(history)
    before, _ = _accountability(_until_the_record(outputs))
    ledger, emitted = _accountability(outputs)

    assert [_shown(f) for f in _flags(before)] == [(date(2018, 8, 1), date(2018, 2, 1), None, None)]
    [withdrawn] = _flags(ledger)
    assert _shown(withdrawn) == (date(2018, 8, 1), date(2018, 2, 1), RECORDED_LATE, record.id)
    assert withdrawn.withdrawn_zh is not None
    assert "按季度交纳党费" in withdrawn.withdrawn_zh
    assert withdrawn.withdrawn_zh.endswith("此情况提示不再成立")
    assert [w.flag_event_id for w in _withdrawals(emitted)] == [withdrawn.event_id]
    assert _flags(ledger, standing=True) == []


def test_a_quarter_ended_unpaid_leaves_the_flag_standing() -> None:
    """Expected (a month of a quarter ended without dues is without dues: the run holds
    by quarter too): Q3 paid on 10-05, after it ended. The 08-01 flag (February–July)
    stands after the record of 10-10; nothing is withdrawn."""
    history, _ = _story(RECORDED_LATE, Q3_AFTER)
    ledger, emitted = _accountability(_fold(history)[1])

    assert [_shown(f) for f in _flags(ledger)] == [(date(2018, 8, 1), date(2018, 2, 1), None, None)]
    assert _withdrawals(emitted) == []


def test_months_made_up_within_the_quarter_withdraw_the_flag() -> None:
    """Expected: February–June made up (补交) on 09-15, Q3 paid on 10-05. Read monthly,
    one flag stands before the record: February–July (raised 08-01); the back payment of
    09-15 flags no run anew (the helper first expected a second flag, March–August, from
    the monthly behaviour before the session's back-payment rule), and is noted on the
    flag. Recorded on time, the consent leaves no flag: at the 10-01 tick, the first to
    judge July and August, February–June were paid. On 10-10 the flag is withdrawn by
    the consent's record: a month of it was paid (09-15) before Q3, the quarter of its
    last month, ended."""
    history, record = _story(RECORDED_LATE, MADE_UP_IN_Q3)
    _, outputs = _fold(history)
    before, _ = _accountability(_until_the_record(outputs))
    ledger, emitted = _accountability(outputs)

    assert [(f.flagged_on, f.since) for f in _flags(before, standing=True)] == [
        (date(2018, 8, 1), date(2018, 2, 1)),
    ]
    assert [_shown(f)[2:] for f in _flags(ledger)] == [(RECORDED_LATE, record.id)]
    assert len(_withdrawals(emitted)) == 1
