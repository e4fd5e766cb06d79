"""The accountability policy (问责政策): the section 四 ladder as data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.catalog.event_fields import ACCOUNTABILITY_EVENTS
from contracts.events.enums import DecidingBody
from contracts.policy import (
    POLICIES,
    AccountabilityPolicy,
    Determined,
    Measure,
    RectificationMissed,
    load_policy,
    policy_in_force,
)

pytestmark = pytest.mark.unit


def _document() -> dict[str, Any]:
    return load_policy().model_dump(mode="json")


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.version)
def test_the_rungs_are_ordered_and_cite_a_clause(policy: AccountabilityPolicy) -> None:
    orders = [rung.order for rung in policy.rungs]
    assert orders == sorted(set(orders))
    for rung in policy.rungs:
        assert rung.clause.ref.startswith("四")
        assert rung.clause.excerpt_zh


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.version)
def test_the_ladder_follows_section_four(policy: AccountabilityPolicy) -> None:
    assert [r.measures for r in policy.rungs] == [
        (Measure.REMINDER,),
        (Measure.CRITICISM,),
        (Measure.NOTICE, Measure.INTERVIEW),
        (Measure.ADMONISHMENT, Measure.NOTIFIED_CRITICISM, Measure.AWARD_ELIGIBILITY_REVOKED),
    ]
    # 提醒 and 批评 are the system's; 通报、约谈 are proposed to the organization department;
    # the top rung only on a determination of serious consequences, decided by the committee.
    assert [r.decided_by for r in policy.rungs] == [
        None,
        None,
        DecidingBody.ORGANIZATION_DEPARTMENT,
        DecidingBody.PARTY_COMMITTEE,
    ]
    notice, last = policy.rungs[2], policy.rungs[-1]
    assert any(
        isinstance(t, RectificationMissed) and t.after_rung == "criticism" for t in notice.triggers
    )
    assert [type(t) for t in last.triggers] == [Determined]


def test_every_measure_has_its_accountability_event() -> None:
    assert {m.output_event for m in Measure} <= ACCOUNTABILITY_EVENTS.keys()


def test_the_policy_in_force_follows_the_dates() -> None:
    assert policy_in_force(date(2018, 1, 1)).version == "v1"
    assert not policy_in_force(date(2018, 1, 1)).settings.charge_leading_group_members
    assert policy_in_force(date(2019, 9, 1)).version == "v2"
    assert policy_in_force(date(2019, 9, 1)).settings.charge_leading_group_members
    with pytest.raises(LookupError):
        policy_in_force(date(2017, 1, 1))


def _swap_orders(document: dict[str, Any]) -> None:
    document["rungs"][1]["order"], document["rungs"][2]["order"] = 3, 2


def _share_above_one(document: dict[str, Any]) -> None:
    document["rungs"][2]["triggers"][0]["share"] = 1.5


def _no_units(document: dict[str, Any]) -> None:
    document["rungs"][2]["triggers"][0]["min_units"] = 0


def _no_clause(document: dict[str, Any]) -> None:
    del document["rungs"][3]["clause"]


def _escalating_from_a_later_rung(document: dict[str, Any]) -> None:
    document["rungs"][2]["triggers"][2]["after_rung"] = "admonishment"


def _unknown_event(document: dict[str, Any]) -> None:
    document["rungs"][0]["triggers"][0]["event"] = "DutyAlmostDue"


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (_swap_orders, "strictly increasing order"),
        (_share_above_one, "less than or equal to 1"),
        (_no_units, "greater than or equal to 1"),
        (_no_clause, "rung 'admonishment': clause: Field required"),
        (_escalating_from_a_later_rung, "must be an earlier rung"),
        (_unknown_event, "unknown event type 'DutyAlmostDue'"),
    ],
)
def test_a_broken_policy_fails_loading(breaks: Any, message: str) -> None:
    document = _document()
    breaks(document)
    with pytest.raises(ValidationError, match=message):
        AccountabilityPolicy.model_validate(document)
