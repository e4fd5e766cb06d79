"""Case queries and their HTTP filters (issue 28: an integrator finds a case id by unit,
duty or finding instead of reading every case)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from contracts.events.oversight import InspectionFindingRecorded
from services.accountability.adapters.http import http_app
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.queries import CaseFilter, list_cases
from services.accountability.domain.state import Ledger
from tests.access import DEMO_HEADERS, demo_guard
from tests.unit.accountability.builders import Run, envelope, tick

pytestmark = pytest.mark.unit


def _case(case_id: str, organization: str, **fields: object) -> Case:
    return Case.model_validate(
        {"case_id": case_id, "organization_id": organization, "home_partition": 0,
         "subject_zh": case_id, "opened_on": date(2018, 5, 1), "year": 2018, **fields}
    )  # fmt: skip


def _ledger() -> Ledger:
    ledger = Ledger.empty(1)
    for case in [
        _case("c-1", "br-1", duty_id="branch.committee_meeting.monthly", level="reminder"),
        _case("c-2", "br-1", duty_id="branch.general_meeting.quarterly", level="criticism",
              status=CaseStatus.CLOSED),
        _case("c-3", "gb-1", duty_id="general_branch.branch_building_report.semester",
              subject_organization_id="br-2", level="reminder", year=2019),
        _case("c-4", "br-2", finding_id="f-7", level="criticism"),
    ]:  # fmt: skip
        ledger.cases[case.case_id] = case
    return ledger


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (CaseFilter(), ["c-1", "c-2", "c-3", "c-4"]),
        (CaseFilter(unit="br-1"), ["c-1", "c-2"]),
        (CaseFilter(unit="br-2"), ["c-3", "c-4"]),  # c-3 charges gb-1 for br-2's report
        (CaseFilter(duty="branch.general_meeting.quarterly"), ["c-2"]),
        (CaseFilter(finding="f-7"), ["c-4"]),
        (CaseFilter(rung="criticism", status=CaseStatus.OPEN), ["c-4"]),
        (CaseFilter(year=2019), ["c-3"]),
        (CaseFilter(unit="br-1", rung="criticism"), ["c-2"]),
        (CaseFilter(unit="nowhere"), []),
    ],
)
def test_filters(wanted: CaseFilter, expected: list[str]) -> None:
    assert [c.case_id for c in list_cases(_ledger(), wanted)] == expected


def test_http_filters_are_the_query_parameters() -> None:
    ledger = _ledger()
    client = TestClient(http_app(lambda: ledger, demo_guard()), headers=DEMO_HEADERS)

    def ids(**params: str) -> list[str]:
        response = client.get("/v1/cases", params=params)
        assert response.status_code == 200, response.text
        return [c["case_id"] for c in response.json()]

    assert ids(unit="br-2", rung="criticism") == ["c-4"]
    assert ids(duty="branch.committee_meeting.monthly") == ["c-1"]
    assert ids(finding="f-7", year="2018") == ["c-4"]
    assert ids(status="closed") == ["c-2"]
    assert client.get("/v1/cases", params={"year": "abc"}).status_code == 422


def test_cases_of_one_inspection() -> None:
    """An inspection's findings open cases that a query finds by the inspection's id."""
    run = Run()
    run.send(tick(date(2018, 7, 10)))
    for n, (org, inspection) in enumerate([("br-1", "insp-2018"), ("br-2", "insp-2018"),
                                           ("br-1", "insp-2019"), ("br-2", None)]):  # fmt: skip
        finding = InspectionFindingRecorded(
            organization_id=org, finding_id=f"f-{n}", inspection_id=inspection, question=18,
            description="二季度未召开支部党员大会", found_on=date(2018, 7, 10),
            rectification_deadline=date(2018, 9, 30),
        )  # fmt: skip
        run.send(envelope(finding, f"finding-{n}", date(2018, 7, 10)))
    run.send(tick(date(2018, 7, 11)))  # the day's facts are decided once the next day ticks
    found = list_cases(run.ledger, CaseFilter(inspection="insp-2018"))
    assert [(c.organization_id, c.finding_id) for c in found] == [("br-1", "f-0"), ("br-2", "f-1")]
