"""The queries (pure, and over HTTP) on a folded state."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from services.duties.adapters.http import create_app
from services.duties.domain.instances import Status
from services.duties.domain.queries import compliance, duties_in, unit_duties
from tests.access import DEMO_HEADERS, demo_guard
from tests.unit.duties.builders import BRANCH, History, fold

COMMITTEE = "branch.committee_meeting.monthly"


def _state_after_a_quarter() -> History:
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 1, 9))
    history.meeting("branch_committee_meeting", date(2018, 1, 9))
    history.ticks(date(2018, 1, 10), date(2018, 4, 20))
    return history


def test_unit_duties_open_overdue_and_compliance() -> None:
    state, _ = fold(_state_after_a_quarter().events)

    committee = [v for v in unit_duties(state, BRANCH, 2018) if v.duty_id == COMMITTEE]
    assert [(v.period, v.status) for v in committee] == [
        ("2018-01", Status.FULFILLED),
        ("2018-02", Status.OVERDUE),
        ("2018-03", Status.OVERDUE),
        ("2018-04", Status.OPEN),
    ]
    assert {v.period for v in duties_in(state, Status.OVERDUE) if v.duty_id == COMMITTEE} == {
        "2018-02",
        "2018-03",
    }
    report = compliance(state, 2018)
    assert report.by_duty[COMMITTEE] == {
        "fulfilled": 1,
        "fulfilled_late": 0,
        "overdue": 2,
        "open": 1,
        "waived": 0,
        "rate": round(1 / 3, 4),
    }


def test_http_answers_the_same_as_the_domain() -> None:
    state, _ = fold(_state_after_a_quarter().events)
    client = TestClient(create_app(lambda: state, demo_guard()), headers=DEMO_HEADERS)

    units = client.get(f"/v1/units/{BRANCH}/duties", params={"year": 2018})
    assert units.status_code == 200
    assert len(units.json()) == len(unit_duties(state, BRANCH, 2018))
    assert len(client.get("/v1/duties/overdue").json()) == len(duties_in(state, Status.OVERDUE))
    assert len(client.get("/v1/duties/open").json()) == len(duties_in(state, Status.OPEN))
    rates = client.get("/v1/compliance", params={"year": 2018}).json()
    assert rates["by_unit"][BRANCH]["overdue"] == compliance(state, 2018).by_unit[BRANCH].get(
        "overdue"
    )
    assert client.get("/v1/compliance", params={"year": 1900}).status_code == 422


def test_members_duties_are_counted_apart_from_the_units_own() -> None:
    history = History()
    history.branch()
    for n in range(10):
        history.member(f"m-{n}", date(2018, 1, 1))
    for month in (1, 2, 3):
        history.meeting("branch_committee_meeting", date(2018, month, 9))
    history.ticks(date(2018, 1, 1), date(2018, 4, 20))
    state, _ = fold(history.events)

    report = compliance(state, 2018)
    views = unit_duties(state, BRANCH, 2018)
    own = [v for v in views if v.member_id is None and v.status is not Status.WAIVED]
    # The branch held its committee meetings; its ten members paid no dues (问题清单第21题).
    assert report.by_unit[BRANCH]["fulfilled"] == 3
    assert report.by_unit[BRANCH]["overdue"] == sum(v.status is Status.OVERDUE for v in own)
    assert report.members_by_unit[BRANCH]["overdue"] == 30  # 10 members × January–March
    assert report.members_by_unit[BRANCH]["rate"] == 0.0
    assert report.unit_duties["rate"] == report.by_unit[BRANCH]["rate"]  # its one unit
    assert report.member_duties["overdue"] == 30
