"""A case is judged by the duty the duties service judged: the version its status names.

The duties service judges a period by the catalog version in force on the period's
first day (a span by the one in force on the day it counts from) and names it in every
status (``catalog_version``, 责任清单版本). Accountability read the duty as the version in
force on the period's end (a status) or on its deadline (a case) states it: a version
adopted mid-period would make it judge the case by a duty definition the duties fold
never applied, and name as 责任人 the holders of an office that did not owe it (the right
party answers).

No stored version changes a duty's answering office, scope or charging (checked by
test_late_triggers for the triggered duties; the versions change evidence, term lengths
and clauses), so the catalog history is replaced by v1 and a made-up version adopted on
2018-05-15 that makes the 支部党员大会 (``branch.general_meeting.quarterly``, 三、（四）)
the deputy secretary's to answer for instead of the secretary's.

Expected by hand: br-1's 2018-Q2 meeting (04-01..06-30, due 07-10), judged by v1 (in force
on 04-01), is overdue; the case is answered for by v1's office, the secretary (书记), not
by the deputy secretary the made-up version (in force on 06-30 and 07-10) names.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from contracts.catalog import CATALOGS, loader
from contracts.events.duties import DutyOverdue
from contracts.events.enums import Office
from services.accountability.domain.cases import answering_office, case_duty
from tests.unit.accountability.builders import Run, duty, envelope

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
ADOPTED = date(2018, 5, 15)


@pytest.fixture
def deputy_answers_from_mid_quarter(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalog history v1, then a made-up v2 from :data:`ADOPTED` in which the deputy
    secretary answers for the branch general meeting."""
    v1 = CATALOGS[0]
    duties = tuple(
        d.model_copy(update={"responsible_office": Office.DEPUTY_SECRETARY})
        if d.id == MEETING
        else d
        for d in v1.duties
    )
    v2 = v1.model_copy(update={"version": "v2", "effective_from": ADOPTED, "duties": duties})
    monkeypatch.setattr(loader, "CATALOGS", (v1, v2))
    loader.catalog_in_force.cache_clear()
    yield
    loader.catalog_in_force.cache_clear()


@pytest.mark.usefixtures("deputy_answers_from_mid_quarter")
def test_the_case_is_answered_for_by_the_office_of_the_version_its_status_names() -> None:
    run = Run()
    overdue = duty(DutyOverdue, "br-1", "2018-Q2", MEETING, catalog_version="v1")
    assert overdue.due_on == date(2018, 7, 10)
    run.days(date(2018, 7, 10), date(2018, 7, 10))
    run.on(date(2018, 7, 11), envelope(overdue, "overdue-q2", date(2018, 7, 11)))
    [case] = run.ledger.cases.values()
    found = case_duty(case)
    assert found is not None
    assert found.responsible_office is Office.SECRETARY
    assert answering_office(case) is Office.SECRETARY
