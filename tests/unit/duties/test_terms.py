"""Terms (任期): lengths checked against the rules in force, extensions never clamped."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import structure
from tests.unit.duties.builders import BRANCH, GENERAL_BRANCH, History, fold, make, of_type

pytestmark = pytest.mark.unit

TERM = "org.election.term"


def _elected(held_on: date, term_ends_on: date) -> list[Any]:
    """A branch (term to 2019-12-31) holds an election; the flags that follow."""
    history = History()
    history.branch(term_ends_on=date(2019, 12, 31))
    history.add(
        make(
            structure.ElectionHeld,
            organization_id=BRANCH,
            held_on=held_on,
            term_ends_on=term_ends_on,
        ),
        held_on,
        id="election",
    )
    _, outputs = fold(history.events)
    return of_type(outputs, "OrganizationFlagged")


def test_a_five_year_branch_term_in_2019_is_flagged_under_the_2017_constitution() -> None:
    """党章 (2017-10-24) 第三十条: 支部委员会每届任期两年或三年."""
    [flag] = _elected(date(2019, 3, 1), date(2024, 2, 28))

    assert flag.data.situation == "term_out_of_range"
    assert (flag.data.organization_id, flag.data.higher_organization_id) == (
        BRANCH,
        GENERAL_BRANCH,
    )
    assert flag.data.period == "term:2024-02-28"  # the term as elected, not shortened
    assert "第三十条" in flag.data.detail_zh
    assert flag.data.cause_event_id == "election"


def test_a_three_year_branch_term_in_2019_is_allowed() -> None:
    assert _elected(date(2019, 3, 1), date(2022, 2, 28)) == []


def test_a_five_year_branch_term_after_2022_10_22_is_allowed() -> None:
    """党章 (2022-10-22) 第三十一条: 支部委员会每届任期三年至五年."""
    assert _elected(date(2023, 3, 1), date(2028, 2, 29)) == []


def test_a_two_year_branch_term_after_2022_10_22_is_flagged() -> None:
    [flag] = _elected(date(2023, 3, 1), date(2025, 2, 28))

    assert flag.data.situation == "term_out_of_range"
    assert "第三十一条" in flag.data.detail_zh


def _extended(*until: date) -> list[Envelope]:
    """A branch whose term ends 2019-12-31 gets each extension in turn."""
    history = History()
    history.branch(term_ends_on=date(2019, 12, 31))
    for n, day in enumerate(until):
        approval = make(
            structure.TermExtensionApproved,
            organization_id=BRANCH,
            approved_on=date(2019, 11, 1 + n),
            extended_until=day,
            approved_by="pc-university",
            reason="学院合并调整",
        )
        history.add(approval, date(2019, 11, 1 + n), id=f"extension-{n}")
    _, outputs = fold(history.events)
    return outputs


def test_an_extension_beyond_a_year_is_kept_and_flagged() -> None:
    outputs = _extended(date(2021, 6, 30))

    [flag] = of_type(outputs, "OrganizationFlagged")
    assert flag.data.situation == "extension_over_limit"
    assert flag.data.higher_organization_id == "pc-university"
    # The election is due on the approved day, not on a day the system chose.
    assert flag.data.period == "term:2021-06-30"
    assert [w.data.period for w in of_type(outputs, "DutyWaived", duty_id=TERM)] == [
        "term:2019-12-31"
    ]


def test_an_extension_within_a_year_is_not_flagged() -> None:
    assert of_type(_extended(date(2020, 10, 31)), "OrganizationFlagged") == []


def test_extensions_count_from_the_regular_end_of_the_term() -> None:
    """Two extensions of eight months each: the second passes the year after 2019-12-31."""
    outputs = _extended(date(2020, 8, 31), date(2021, 4, 30))

    [flag] = of_type(outputs, "OrganizationFlagged")
    assert flag.data.cause_event_id == "extension-1"
    assert "2019-12-31" in flag.data.detail_zh
