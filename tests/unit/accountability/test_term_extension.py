"""An approved delay of an election (延期换届) recorded after the term's end (补录).

Expected outcomes, written from the seed and the regulation before running. br-1's term
ends on 2020-12-31 (three years from 2018-01-01): its election (三、（二）: 按期换届,
《中国共产党章程》第三十条) is due that day (no grace), reminded 180 days before
(2020-07-04). 延期换届 needs the higher
committee's approval; approved, the election is due by the day approved instead.

- gb-1 approves a delay to 2021-06-30 on 2020-12-20, before the deadline, but the
  approval is recorded on 2021-01-15. Recorded on its day, it ends the old term's
  election (免除, 延期换届已批准) on 2020-12-20. Recorded late, the log first finds the
  election overdue: br-1 is criticised on 01-01 (四) on what was registered then. On
  01-15 the old term's election is waived and its case ends, as if recorded on time; its
  overdue leaves br-1's record of duties let pass (特别突出). The election by 06-30 is
  owed from then on: reminded at once (01-16).
- Approved on 2021-01-10, after the deadline passed with no approval: the election was
  overdue when approved, so the miss stays (no case ends on 01-15).
"""

from __future__ import annotations

from datetime import date

from contracts.events import structure
from contracts.events.accountability import AccountabilityAction
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import make

ELECTION = "org.election.term"
RECORDED = date(2021, 1, 15)


def _election(approved_on: date) -> tuple[list[tuple[str, str, date]], Ledger]:
    """(action, period, day) of br-1's measures about its elections, and the ledger."""
    approval = make(structure.TermExtensionApproved, organization_id="br-1",
                    approved_on=approved_on, extended_until=date(2021, 6, 30),
                    approved_by="gb-1", reason="学院调整，待机构设置确定后换届")  # fmt: skip
    ledger = Ledger.empty(1)
    decided = from_the_facts(a_branch(), BEGINNING, [(RECORDED, approval)], date(2021, 3, 31),
                             ledger)  # fmt: skip
    measures = []
    for env in decided:
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.organization_id == "br-1" and data.duty_id == ELECTION:
            assert data.period is not None
            measures.append((env.type.removeprefix("zeren."), data.period, env.time.date()))
    return measures, ledger


OLD_TERM = "term:2020-12-31"
#: As registered until the approval's record: reminded, then criticised for the old term.
REGISTERED = [
    ("ReminderIssued", OLD_TERM, date(2020, 7, 4)),
    ("CriticismIssued", OLD_TERM, date(2021, 1, 1)),
]


def _old_term(measures: list[tuple[str, str, date]]) -> list[tuple[str, str, date]]:
    """The measures about the old term's election, but proposals (many works are late)."""
    return [m for m in measures if m[1] == OLD_TERM and m[0] != "AccountabilityProposed"]


def test_a_delay_approved_in_time_and_recorded_late_waives_the_old_term_s_election() -> None:
    measures, ledger = _election(date(2020, 12, 20))
    assert _old_term(measures) == [*REGISTERED, ("CaseResolved", OLD_TERM, RECORDED)]
    assert ("ReminderIssued", "term:2021-06-30", date(2021, 1, 16)) in measures
    assert all(work != ELECTION for _, work in ledger.overdue["br-1"])


def test_a_delay_approved_after_the_deadline_leaves_the_miss() -> None:
    measures, ledger = _election(date(2021, 1, 10))
    assert _old_term(measures) == REGISTERED
    assert any(work == ELECTION for _, work in ledger.overdue["br-1"])
