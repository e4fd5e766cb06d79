"""A holder who took office after the work was done answers for no rectification deadline.

br-1's secretary ``p-1`` leaves on 2018-03-01, the seat vacant (三、（三）: 注重选优配强
党支部书记; the catalog's ``unit.secretary_vacancy.filled``: filled within 90 days, due
05-30, charged to the parent gb-1, whose secretary answers). gb-1 holds none of its own
meetings or study either. By hand, from the seed:

- 05-31: overdue, gb-1 criticised (四: 批评，限期整改, by 06-30) naming its secretary
  ``p-g1``; gb-1 having missed three different duties, 通报、约谈 proposed the same day
  (特别突出), naming ``p-g1``, who let them pass himself.
- 06-10: ``p-5`` takes br-1's seat (the vacancy filled). The appointment is recorded
  only on 07-20, after the rectification deadline (补录): the unit's own fact recorded
  after a deadline stays its miss, so 06-30 passes unrectified in the record
  (限期未整改) and the case ends on 07-20, filled on 06-10, its miss standing.
- 06-15: gb-1's secretary ``p-g1`` hands over to ``p-g9``.

Whom the case names at the end (the right party answers: those who owed the duty at the
time, 实施细则 三、（八）): ``p-g1``, who owed the filling on 05-30 and is named by the
特别突出 proposal. Not ``p-g9``: he took office on 06-15, after the seat was filled on
06-10; he owed neither the filling nor its rectification, and what the deadline missed
was the record of work done before his time. Recorded on their days, the case ends on
06-10, before he took office, and never names him; it must not name him because a record
came late. Before: he was named as the secretary on the deadline (整改期限届满时的
责任人), and stayed named on the resolved case, the miss on his own record.
"""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest

from contracts.events.accountability import CaseResolved
from contracts.events.base import Payload
from contracts.events.enums import Ground
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import appointed, left_office

pytestmark = pytest.mark.unit

VACANCY = "unit.secretary_vacancy.filled"
LEFT = left_office("br-1", "p-1", "secretary", date(2018, 3, 1))
FILLED = appointed("br-1", "p-5", "secretary", date(2018, 6, 10))
HANDED_OVER = left_office("gb-1", "p-g1", "secretary", date(2018, 6, 15))
SUCCESSOR = appointed("gb-1", "p-g9", "secretary", date(2018, 6, 15))


def _vacancy_case(facts: list[tuple[date, Payload]]) -> tuple[Case, list[str]]:
    """gb-1's case about br-1's vacancy after ``facts`` (each on its recording day), and
    whom its resolution (CaseResolved) named."""
    ledger = Ledger.empty(1)
    decided = from_the_facts(a_branch(), BEGINNING, [(LEFT.left_on, LEFT), *facts],
                             date(2018, 10, 31), ledger)  # fmt: skip
    (case,) = [case for case in ledger.cases.values() if case.duty_id == VACANCY]
    (resolved,) = [e for e in decided if isinstance(e.data, CaseResolved)
                   and e.data.case_id == case.case_id]  # fmt: skip
    return case, cast(CaseResolved, resolved.data).person_ids


@pytest.mark.parametrize(
    "handover_recorded",
    [date(2018, 6, 15), date(2018, 8, 1)],
    ids=["handover-on-its-day", "handover-recorded-after-the-fill"],
)
def test_a_secretary_who_came_after_the_filling_is_not_named_for_its_deadline(
    handover_recorded: date,
) -> None:
    case, resolution_named = _vacancy_case(
        [
            (date(2018, 7, 20), FILLED),
            (handover_recorded, HANDED_OVER),
            (handover_recorded, SUCCESSOR),
        ]
    )
    assert case.organization_id == "gb-1"
    assert case.status is CaseStatus.RESOLVED
    assert case.fulfilled_on == date(2018, 6, 10)
    assert case.missed_on == date(2018, 6, 30)  # the record came after the deadline
    assert case.proposed == ["notice_interview"]
    assert set(case.grounds) == {Ground.PROMINENT, Ground.RECTIFICATION_MISSED}
    assert case.person_ids == resolution_named == ["p-g1"]


def test_a_secretary_in_office_when_the_work_was_done_answers_for_its_record() -> None:
    """The same, the handover on 06-05, before the seat was filled on 06-10: ``p-g9`` was
    gb-1's secretary when the work was done and when the deadline passed without its
    record (整改期限届满时的责任人), and stays named."""
    handover = [
        (date(2018, 6, 5), left_office("gb-1", "p-g1", "secretary", date(2018, 6, 5))),
        (date(2018, 6, 5), appointed("gb-1", "p-g9", "secretary", date(2018, 6, 5))),
    ]
    case, resolution_named = _vacancy_case([*handover, (date(2018, 7, 20), FILLED)])
    assert case.status is CaseStatus.RESOLVED
    assert case.person_ids == resolution_named == ["p-g1", "p-g9"]
