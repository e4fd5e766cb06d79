"""A finding entered after the department recorded its rectification accepted (补录).

Expected outcomes, written by hand before running, from the seed 四 (党委…督导检查，发现问题
及时解决; 对…工作不得力的，要提出批评，限期整改) and the catalog
(``oversight.finding.rectified``, ``oversight.self_check_finding.rectified``: due by the
finding's 整改期限, fulfilled by the department's acceptance ``RectificationAccepted``).

br-1's finding (督导检查, or its own 年度自查) is made on 07-10 with a rectification
deadline of 09-30. The department accepts the rectification on 07-20 and records it that
day; the finding itself is entered only on 08-10. By hand: the problem was solved and
accepted within its deadline. No reminder, no criticism, no proposal on it (no measure: so
no 办结 notice either); its case ends resolved, rectified on 07-20, as it does with the
finding entered on its day, and nothing about it stays open on br-1's record.

Until the finding is entered, the acceptance names a finding br-1 has not had entered:
it is kept as not applied for now (暂未执行, ``GET /v1/unapplied``), in case it named the
wrong finding; once the finding is entered it is applied and the entry goes. One naming
a finding never entered stays listed at the end.

Before, the duties service credited the acceptance as the finding was entered and sent
that fulfilment ahead of the finding itself; accountability, reading the fulfilment
before it had opened the finding's case, kept it for no case, and the case opened next
stayed open for good: a problem shown unrectified on br-1's record.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight
from contracts.events.accountability import AccountabilityAction
from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import list_unapplied
from services.common.ids import case_id
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    SELF_CHECK,
    Found,
    both_folds,
    finding,
    rows,
)
from tests.unit.duties.builders import make
from tests.unit.stored import stored

pytestmark = pytest.mark.unit

ACCEPTED, ENTERED = date(2018, 7, 20), date(2018, 8, 10)


@pytest.mark.parametrize("found", [INSPECTION, SELF_CHECK], ids=["inspection", "self_check"])
@pytest.mark.parametrize("entered", [FOUND, ENTERED], ids=["on_its_day", "after_acceptance"])
def test_a_finding_accepted_in_time_ends_rectified_whenever_entered(
    found: Found, entered: date
) -> None:
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=found[1], accepted_on=ACCEPTED)  # fmt: skip
    _, outputs, ledger = both_folds([(entered, finding(found)), (ACCEPTED, accepted)])

    key = case_id("finding", "br-1", found[1])
    case = ledger.cases[key]
    assert case.status is CaseStatus.RESOLVED
    assert case.fulfilled_on == ACCEPTED
    assert "已于2018年7月20日履行到位" in case.history[-1].what
    assert rows(outputs, key) == []  # no measure was taken: nothing to tell of its end
    actions = [e.data for e in outputs if isinstance(e.data, AccountabilityAction)]
    assert [a for a in actions if (a.duty_id or "").startswith("oversight.")] == []
    open_findings = [c for c in ledger.cases.values() if c.finding_id and c.is_open]
    assert open_findings == []


@pytest.mark.parametrize("found", [INSPECTION, SELF_CHECK], ids=["inspection", "self_check"])
def test_an_acceptance_waits_visibly_for_its_finding(found: Found) -> None:
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=found[1], accepted_on=ACCEPTED)  # fmt: skip
    _, _, before = both_folds([(ACCEPTED, accepted)])
    [waiting] = list_unapplied(before, "br-1")
    assert (waiting.finding_id, waiting.case_id, waiting.recorded_on) == (found[1], None, ACCEPTED)
    assert waiting.reason_zh.endswith("暂未执行；该问题登记后即予执行")

    _, _, after = both_folds([(ENTERED, finding(found)), (ACCEPTED, accepted)])
    assert list_unapplied(after) == []
    saved = stored(after.take_changes())
    assert "unapplied:br-1" not in saved  # kept for a while, gone once applied
