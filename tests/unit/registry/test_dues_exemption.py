"""An exemption from dues (免交党费) as the registry takes it.

Expected outcomes, worked out from the rules before the code: 中组部《关于中国共产党党费
收缴、使用和管理的规定》(2008): 生活确有困难的党员，经党支部研究、报上一级党委批准，可以少交
或免交党费. So the fact comes from the member's own branch (the member on its roll on the
day of the approval: ``ref.not_a_member_here``, ``ref.unknown_member``), names as
``approved_by`` a registered organization (``ref.unknown_organization``) that is a Party
committee above the branch (``dues.exemption_not_approved_above``: not the branch itself,
not the general branch between them, not a unit below), and its last month, if stated,
is not before its first (``schema.date_order``). In the fixture ``pc`` (党委) is above
``gb-1`` (党总支), above ``br-1`` (党支部, ``m-1`` on its roll from 2017-09-01), above
``pg-1`` (党小组); the clock is at 2018-04-01.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.errors import DATE_ORDER, ContractViolation
from contracts.events import members as m
from contracts.events.base import Payload
from services.common.access.sources import Sources
from services.common.access.sources_file import load_sources
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, payload

pytestmark = pytest.mark.unit


def _exemption(**changes: Any) -> Payload:
    fields = {
        "organization_id": "br-1",
        "member_id": "m-1",
        "first_month": "2018-04",
        "last_month": "2018-12",
        "approved_on": "2018-03-20",
        "approved_by": "pc",
        **changes,
    }
    return payload(m.DuesExemptionApproved, **fields)


def _codes(state: RegistryState, sources: Sources, fact: Payload, n: str = "ex-1") -> list[str]:
    verdict = admit(state, sources, envelope(fact, n), None)
    assert (verdict.outcome is Outcome.ACCEPTED) == (not verdict.issues)
    return [f"{i.code} {i.field}" for i in verdict.issues]


def test_an_exemption_approved_by_the_committee_above_is_accepted(
    university: RegistryState, sources: Sources
) -> None:
    assert _codes(university, sources, _exemption()) == []
    open_ended = _exemption(last_month=None, first_month="2018-05")
    assert _codes(university, sources, open_ended, "ex-2") == []


@pytest.mark.parametrize("approver", ["gb-1", "br-1", "pg-1", "br-2"])
def test_only_a_party_committee_above_the_branch_approves(
    university: RegistryState, sources: Sources, approver: str
) -> None:
    """The general branch between them is above but no 党委; the branch itself, its party
    group and a sibling branch are not above it."""
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    verdict = admit(university, sources, envelope(_exemption(approved_by=approver)), None)
    assert [f"{i.code} {i.field}" for i in verdict.issues] == [
        "dues.exemption_not_approved_above data.approved_by"
    ]
    [issue] = verdict.issues
    assert f"{approver} is not a Party committee above br-1" in issue.message_en
    assert issue.message_zh == (
        "data.approved_by：免交党费的批准单位须为该党支部的上级党委（经党支部研究、报上一级党委批准）"
    )


def test_an_unknown_approver_is_refused(university: RegistryState, sources: Sources) -> None:
    assert _codes(university, sources, _exemption(approved_by="pc-404")) == [
        "ref.unknown_organization data.approved_by"
    ]


def test_the_member_is_on_the_branch_s_roll(university: RegistryState, sources: Sources) -> None:
    university.record(envelope(established("br-2", "branch", "gb-1"), "br-2"))
    assert _codes(university, sources, _exemption(organization_id="br-2")) == [
        "ref.not_a_member_here data.member_id"
    ]
    assert _codes(university, sources, _exemption(member_id="m-404")) == [
        "ref.unknown_member data.member_id"
    ]


def test_the_approval_is_not_dated_after_the_clock(
    university: RegistryState, sources: Sources
) -> None:
    assert _codes(university, sources, _exemption(approved_on="2018-04-03")) == [
        "date.in_future data.approved_on"
    ]


def test_the_last_month_is_not_before_the_first() -> None:
    document = {**m.DuesExemptionApproved.example().model_dump(mode="json")}
    document |= {"first_month": "2019-03", "last_month": "2019-02"}
    with pytest.raises(ValidationError) as caught:
        m.DuesExemptionApproved.model_validate_json(json.dumps(document))
    violation = ContractViolation.from_validation_error(caught.value)
    assert (violation.fields, violation.codes) == (["last_month"], [DATE_ORDER])
    same = {**document, "last_month": "2019-03"}
    assert m.DuesExemptionApproved.model_validate_json(json.dumps(same)).months_zh == (
        "2019年3月至2019年3月"
    )


def test_the_organization_department_s_system_may_send_it() -> None:
    org_dept = load_sources().named("urn:campus:org-dept")
    assert org_dept is not None
    assert "DuesExemptionApproved" in org_dept.types
