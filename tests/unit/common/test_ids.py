"""Derived ids are RFC 4122 uuid5 over Zeren's namespace, whatever the name's characters."""

from __future__ import annotations

import uuid

import pytest

from services.common.ids import ZEREN_NAMESPACE, derived_id

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("cause", "rule", "key"),
    [
        ("e-1", "dues_monthly", ""),
        ("tick:2018-04-01:3", "branch_committee_meeting", "br-1|2018-03||DutyOverdue"),
        ("campus-7f3a", "case", "组织生活会|2018"),
        ("", "", ""),
    ],
)
def test_derived_id_is_uuid5_of_the_joined_name(cause: str, rule: str, key: str) -> None:
    expected = uuid.uuid5(ZEREN_NAMESPACE, f"{cause}|{rule}|{key}")
    assert derived_id(cause, rule, key) == str(expected)
    assert uuid.UUID(derived_id(cause, rule, key)).version == 5
