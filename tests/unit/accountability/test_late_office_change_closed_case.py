"""An office change recorded late (补录) after the case it concerns was closed.

沪开大委〔2017〕48号 四 (批评、通报、约谈 of the 相关责任人) and the rule the brief puts
first: every measure names the unit and the office holder(s) that owed the duty at the
time. A finding at br-1 (督导检查发现问题) is answered by its secretary (书记).

Expected outcomes, written by hand before the code was run. br-1 (:func:`a_branch`,
secretary ``p-1``). Finding ``f-0`` is recorded on 05-03, to be rectified by 06-30.
``p-1`` hands the secretary's seat to ``p-2`` on 05-06. Nothing is rectified by 06-30:
overdue on 07-01 (批评，限期整改). The department accepts the rectification on 07-15
(履行到位, late): the case is resolved.

- Recorded on their days: the miss is ``p-2``'s, never ``p-1``'s; ``p-2``'s own record
  counts it (for 特别突出), ``p-1``'s does not.
- The leaving recorded on 09-05, the appointment on 09-23: on 07-01 the seat looked
  ``p-1``'s, and the criticism named him. When the leaving is recorded, the case,
  resolved meanwhile, stops naming him and says so (责任人更正), and his own record no
  longer counts the miss; when the appointment is recorded, the case names ``p-2`` and
  his record counts it. The end is the same as on their days. The criticism stays on
  record as taken (a measure is not undone); the correction is announced.
- The handover on 07-20 instead, after the miss and before the rectification deadline
  (07-31, passed unrectified; accepted on 08-10): the miss is ``p-1``'s, and br-1 let
  four works pass (no meeting held), so 特别突出 names him; the missed deadline is
  ``p-2``'s (整改期限届满时的责任人). The case names both at the end, in either order:
  recorded late, the appointment names ``p-2`` on the resolved case as of the deadline.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight
from contracts.events.accountability import ResponsiblePersonsCorrected
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.state import Ledger, holder_key
from tests.unit.accountability.structural_histories import Fact, folded
from tests.unit.duties.builders import appointed, left_office, make

pytestmark = pytest.mark.unit

FOUND, HANDOVER, ACCEPTED = date(2018, 5, 3), date(2018, 5, 6), date(2018, 7, 15)
LEAVING_RECORDED, APPOINTMENT_RECORDED = date(2018, 9, 5), date(2018, 9, 23)
OVERDUE = date(2018, 7, 1)


def _through(
    late: bool, handover: date = HANDOVER, accepted_on: date = ACCEPTED
) -> tuple[Ledger, list[ResponsiblePersonsCorrected]]:
    """The ledger at the end, and the corrections announced, the handover on ``handover``
    recorded on its day or ``late``, the rectification accepted on ``accepted_on``."""
    finding = make(oversight.InspectionFindingRecorded, organization_id="br-1",
                   finding_id="f-0", question=18, description="记录不全", found_on=FOUND,
                   rectification_deadline=date(2018, 6, 30))  # fmt: skip
    acceptance = make(oversight.RectificationAccepted, organization_id="br-1",
                      finding_id="f-0", accepted_on=accepted_on)  # fmt: skip
    facts = [
        Fact(FOUND, finding),
        Fact(handover, left_office("br-1", "p-1", "secretary", handover),
             (LEAVING_RECORDED - handover).days if late else 0),
        Fact(handover, appointed("br-1", "p-2", "secretary", handover),
             (APPOINTMENT_RECORDED - handover).days if late else 0),
        Fact(accepted_on, acceptance),
    ]  # fmt: skip
    found = folded(facts)
    assert found is not None
    ledger, _, decided = found
    corrections = [e.data for e in decided if isinstance(e.data, ResponsiblePersonsCorrected)]
    return ledger, corrections


def _finding_case(ledger: Ledger) -> Case:
    (case,) = [c for c in ledger.cases.values() if c.finding_id == "f-0"]
    return case


def _counted(ledger: Ledger, person: str) -> bool:
    """Whether ``person``'s own record (特别突出) counts f-0's overdue of 07-01."""
    case = _finding_case(ledger)
    return (OVERDUE, case.work) in ledger.overdue.get(holder_key("br-1", person), [])


@pytest.mark.parametrize("late", [False, True], ids=["on their days", "recorded late"])
def test_the_closed_case_names_whom_the_miss_was_owed_by(late: bool) -> None:
    ledger, _ = _through(late)
    case = _finding_case(ledger)
    assert case.status is CaseStatus.RESOLVED
    assert case.person_ids == ["p-2"]
    assert (_counted(ledger, "p-1"), _counted(ledger, "p-2")) == (False, True)


def test_the_late_handover_corrects_the_closed_case_and_says_so() -> None:
    ledger, corrections = _through(late=True)
    case = _finding_case(ledger)
    assert [
        (c.withdrawn_person_ids, c.added_person_ids)
        for c in corrections
        if c.case_id == case.case_id
    ] == [
        (["p-1"], None),
        (None, ["p-2"]),
    ]
    said = [step.on for step in case.history if "责任人更正" in step.what]
    assert said == [LEAVING_RECORDED, APPOINTMENT_RECORDED]


@pytest.mark.parametrize("late", [False, True], ids=["on their days", "recorded late"])
def test_the_closed_case_names_whom_the_missed_deadline_was_owed_by(late: bool) -> None:
    ledger, _ = _through(late, handover=date(2018, 7, 20), accepted_on=date(2018, 8, 10))
    case = _finding_case(ledger)
    assert case.status is CaseStatus.RESOLVED
    assert case.person_ids == ["p-1", "p-2"]
