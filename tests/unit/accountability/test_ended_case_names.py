"""A case ended by people keeps whom it named (the right party answers).

Expected outcome written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 and
the project's rule that every measure names the unit and the holders that owed the duty
at the time: 组织部's closure (结案) ends a case; nothing is taken or proposed on it after
that, and the duties service, which does not know of closures, may still say the duty
overdue. That status names whoever holds the office on its day; it is no measure against
anyone, and the closed case must not start naming them in place of those it named when
it was closed (its pages and exports show the case's 责任人).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.duties import DutyDueSoon, DutyOverdue
from contracts.events.oversight import CaseClosed
from services.accountability.domain.models import CaseStatus
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, tick

pytestmark = pytest.mark.unit

CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")


def test_a_status_after_the_closure_does_not_rename_the_case() -> None:
    """br-1's Q2 支部党员大会 (due 07-10) is reminded on 07-03 naming p-1; 组织部 closes
    the case on 07-05. On 07-11 the duties service says the duty overdue, naming p-9
    (secretary since 07-06). By hand: the case stays closed, naming p-1; nothing is sent
    on it after the closure."""
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    reminded = duty(DutyDueSoon, "br-1", charged_person_ids=["p-1"])
    run.on(date(2018, 7, 3), envelope(reminded, "due", date(2018, 7, 3)))
    closed = CaseClosed(organization_id="br-1", case_id=CASE, closed_on=date(2018, 7, 5),
                        reason="经研究，予以结案")  # fmt: skip
    run.on(date(2018, 7, 5), envelope(closed, "closed", date(2018, 7, 5)))
    sent = len(run.outputs)
    overdue = duty(DutyOverdue, "br-1", charged_person_ids=["p-9"])
    run.on(date(2018, 7, 11), envelope(overdue, "over", date(2018, 7, 11)))

    case = run.ledger.cases[CASE]
    assert (case.status, case.person_ids) == (CaseStatus.CLOSED, ["p-1"])
    assert run.outputs[sent:] == []
