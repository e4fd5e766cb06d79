"""Member entries of the catalog (党员管理): dated clauses, v4, and what fails loading."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.catalog import (
    CATALOGS,
    Duty,
    DutyCatalog,
    MemberRule,
    MemberWatch,
    Scope,
    catalog_in_force,
    load_catalog,
)

pytestmark = pytest.mark.unit

REGULATION = "《中国共产党党员教育管理工作条例》（2019-05-06施行）"


def test_v4_takes_effect_with_the_2019_regulation() -> None:
    assert catalog_in_force(date(2019, 5, 5)).version == "v3"
    v4 = catalog_in_force(date(2019, 5, 6))
    assert (v4.version, v4.effective_from) == ("v4", date(2019, 5, 6))
    assert v4.duty("member.training_hours.yearly").effective_from == date(2019, 5, 6)
    watches = {w.id: w for w in v4.member_watches}
    assert watches["member.suspended.two_years"].effective_from == date(2019, 5, 6)
    assert "member.suspended.two_years" not in {w.id for w in CATALOGS[2].member_watches}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_every_member_entry_cites_a_dated_national_rule(catalog: DutyCatalog) -> None:
    entries: list[Duty | MemberRule | MemberWatch] = [
        *(d for d in catalog.duties if d.applies_to.scope is Scope.MEMBER),
        *catalog.member_rules,
        *catalog.member_watches,
    ]
    assert len(entries) >= 5
    for entry in entries:
        national = entry.clause.national or ""
        assert re.search(r"（(19|20)\d\d", national), entry.id  # the rule names its year


def test_the_2019_entries_quote_the_regulation() -> None:
    v4 = CATALOGS[3]
    cited = [
        v4.duty("unit.secretary_training.yearly").clause.national,
        v4.duty("member.training_hours.yearly").clause.national,
        v4.duty("member.away.transfer").clause.national,
        *(w.clause.national for w in v4.member_watches),
    ]
    assert all(REGULATION in (text or "") for text in cited)


def _document() -> dict[str, Any]:
    return load_catalog().model_dump(mode="json")


def _entry(entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return next(e for e in entries if e["id"] == entry_id)


def _watch_cleared_by_a_fact_without_member(document: dict[str, Any]) -> None:
    _entry(document["member_watches"], "member.lost_contact.six_months")["cleared_by"] = [
        "MeetingHeld"
    ]


def _condition_on_a_unit_duty(document: dict[str, Any]) -> None:
    condition = _entry(document["duties"], "member.dues.monthly")["applies_to"]["members"]
    _entry(document["duties"], "branch.committee_meeting.monthly")["applies_to"]["members"] = (
        condition
    )


def _counted_from_without_days(document: dict[str, Any]) -> None:
    cadence = _entry(document["duties"], "member.away.transfer")["cadence"]
    cadence.update(days=None, deadline_field="since")


def _total_of_a_text_field(document: dict[str, Any]) -> None:
    evidence = _entry(document["duties"], "member.training_hours.yearly")["evidence"][0]
    evidence["min_total"]["field"] = "organization_id"


@pytest.mark.parametrize(
    ("breaks", "names", "message"),
    [
        (
            _watch_cleared_by_a_fact_without_member,
            "memberwatch 'member.lost_contact.six_months'",
            "has no field 'member_id'",
        ),
        (
            _condition_on_a_unit_duty,
            "duty 'branch.committee_meeting.monthly'",
            "member condition applies to member duties only",
        ),
        (_counted_from_without_days, "duty 'member.away.transfer'", "counted_from needs days"),
        (
            _total_of_a_text_field,
            "duty 'member.training_hours.yearly'",
            "is a id field, expected int or decimal",
        ),
    ],
)
def test_a_broken_member_entry_fails_loading_naming_it(
    breaks: Any, names: str, message: str
) -> None:
    document = _document()
    breaks(document)
    problem = _loading_error(document)
    assert names in problem
    assert message in problem


def _loading_error(document: dict[str, Any]) -> str:
    """The validation error ``document`` fails with (empty if it loads)."""
    try:
        DutyCatalog.model_validate(document)
    except ValidationError as error:
        return str(error)
    return ""
