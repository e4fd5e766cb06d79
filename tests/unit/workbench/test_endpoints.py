"""The read endpoints added for the workbench: the registry's names, the duties service's
on-time rate per month, and per unit for one month (the monthly report)."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from contracts.events import members as m
from contracts.events import structure as s
from services.duties.adapters.http import create_app
from services.duties.domain.queries import month_by_unit, monthly_compliance, unit_duties
from services.registry.adapters.http import names
from services.registry.domain.state import RegistryState
from tests.access import DEMO_HEADERS, demo_guard
from tests.unit.duties.builders import BRANCH, fold
from tests.unit.duties.test_queries import _state_after_a_quarter
from tests.unit.registry.conftest import envelope, established, payload


def test_names_of_office_holders_past_and_present_and_of_members() -> None:
    state = RegistryState()
    facts = [
        established("br-1", "branch", None),
        payload(s.OfficeHolderAppointed, organization_id="br-1", person_id="p-1",
                person_name="王丽", office="secretary", appointed_on="2017-09-01"),
        payload(s.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on="2017-12-01"),
        payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                member_name="张华", transferred_on="2017-09-01"),
    ]  # fmt: skip
    for n, fact in enumerate(facts):
        state.record(envelope(fact, f"setup-{n}"))
    assert names(state.registry, ["p-1", "m-1", "nobody"]) == {"m-1": "张华", "p-1": "王丽"}
    assert names(state.registry, []) == {}


def test_the_monthly_rate_counts_the_units_own_duties_by_the_month_they_fall_due() -> None:
    # a branch that met in January only, to 20 April (the duties queries' own history)
    state, _ = fold(_state_after_a_quarter().events)

    months = monthly_compliance(state, 2018)
    expected: Counter[tuple[str, str]] = Counter(
        (f"{v.due_on:%Y-%m}", v.status.value)
        for v in unit_duties(state, BRANCH, 2018)
        if v.member_id is None and v.due_on.year == 2018
    )
    found = Counter(
        {(month, status): n for month, tally in months.items() for status, n in tally.items()
         if status != "rate" and n}
    )  # fmt: skip
    assert found == expected
    assert found  # something fell due
    on_time, late, overdue = (
        expected["2018-02", k] for k in ("fulfilled", "fulfilled_late", "overdue")
    )
    assert months["2018-02"]["rate"] == round(on_time / (on_time + late + overdue), 4)
    client = TestClient(create_app(lambda: state, demo_guard()), headers=DEMO_HEADERS)
    assert client.get("/v1/compliance/monthly", params={"year": 2018}).json() == months
    assert client.get("/v1/compliance/monthly", params={"year": 1900}).status_code == 422


def test_one_months_rate_per_unit_counts_what_fell_due_that_month() -> None:
    state, _ = fold(_state_after_a_quarter().events)
    months = monthly_compliance(state, 2018)
    for month, overall in months.items():
        by_unit = month_by_unit(state, month)
        assert set(by_unit) == {BRANCH}  # the quarter's history has one branch
        assert by_unit[BRANCH] == overall  # its own duties are all the month's
    assert month_by_unit(state, "2017-01") == {}
    client = TestClient(create_app(lambda: state, demo_guard()), headers=DEMO_HEADERS)
    answer = client.get("/v1/compliance/monthly/units", params={"month": "2018-02"})
    assert answer.json() == month_by_unit(state, "2018-02")
    assert answer.json()[BRANCH]["fulfilled"] + answer.json()[BRANCH]["overdue"] > 0
    bad = client.get("/v1/compliance/monthly/units", params={"month": "2018-2"})
    assert bad.status_code == 422
