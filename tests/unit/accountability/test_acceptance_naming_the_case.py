"""An acceptance of a finding's rectification naming only the finding's case (案件编号).

Expected outcomes, written by hand before the change. A rectification names a finding
(问题编号), its case, or both (``RectificationTarget``); a campus system that knows the
case from its alerts may name the case only. The accountability service acts on the case
named; the duties service credited the finding's rectification duty by the finding only,
so it went on to remind (临期提醒) and to find the duty overdue (逾期) for a finding the
department had accepted in time: the unit's duties showed a rectification missed that the
case showed rectified, and its on-time rate fell for it. The catalog
(``oversight.finding.rectified``: due by the finding's 整改期限, fulfilled by the
department's acceptance dated ``accepted_on``) does not ask which id the acceptance uses.

br-1 (secretary p-1, ``finding_year``): inspection finding insp-1 found 07-10 with a
deadline of 09-30, reminded 7 days before (09-23).

1. Accepted on 09-20 naming only the finding's case: the duty fulfilled on 09-20, no
   reminder, no overdue; the case resolved on 09-20 — the same outputs of both services
   as an acceptance naming the finding.
2. Accepted on 10-05, after the deadline, naming only the case: overdue on 10-01 (the
   criticism sent), fulfilled late on 10-05, the case resolved — again the same as
   naming the finding.
3. An acceptance naming only a case of another unit's finding (br-2's insp-1) credits
   nothing at br-1: the duty is overdue on 10-01 as with no acceptance.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import oversight
from services.common.ids import finding_case_id
from tests.unit.accountability.finding_year import FOUND, INSPECTION, both_folds, finding, held
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

CASE = finding_case_id("br-1", INSPECTION[1])
DUTY = INSPECTION[2]


def _outputs(accepted_on: date | None, **named: str) -> tuple[list[tuple[str, str]], ...]:
    """(type, day) of the finding duty's outputs and of the finding case's actions, with an
    acceptance dated and recorded ``accepted_on`` naming ``named``."""
    facts = [*held(12), (FOUND, finding(INSPECTION))]
    if accepted_on is not None:
        step = make(oversight.RectificationAccepted, organization_id="br-1",
                    accepted_on=accepted_on, **named)  # fmt: skip
        facts.append((accepted_on, step))
    duties, actions, _ = both_folds(facts)
    return _of(duties, "duty_id", DUTY), _of(actions, "case_id", CASE)


def _of(envelopes: list[Envelope], field: str, value: str) -> list[tuple[str, str]]:
    return [(e.type.removeprefix("zeren."), str(e.time.date()))
            for e in envelopes if getattr(e.data, field, None) == value]  # fmt: skip


@pytest.mark.parametrize("accepted_on", [date(2018, 9, 20), date(2018, 10, 5)])
def test_naming_the_finding_s_case_is_naming_the_finding(accepted_on: date) -> None:
    by_case = _outputs(accepted_on, case_id=CASE)
    assert by_case == _outputs(accepted_on, finding_id=INSPECTION[1])
    duty, _ = by_case
    if accepted_on < date(2018, 9, 30):
        assert duty == [("DutyFulfilled", "2018-09-20")]
    else:
        assert duty == [("DutyDueSoon", "2018-09-23"), ("DutyOverdue", "2018-10-01"),
                        ("DutyFulfilledLate", "2018-10-05")]  # fmt: skip


def test_another_unit_s_finding_case_credits_nothing() -> None:
    other = _outputs(date(2018, 9, 20), case_id=finding_case_id("br-2", INSPECTION[1]))
    duty, _ = other
    assert duty == [("DutyDueSoon", "2018-09-23"), ("DutyOverdue", "2018-10-01")]
    assert other == _outputs(None)
