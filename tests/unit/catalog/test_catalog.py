"""The duty catalog (职责目录): coverage, validation failures, versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from contracts.catalog import (
    CATALOGS,
    AcademicCalendar,
    DutyCatalog,
    catalog_in_force,
    load_catalog,
    load_problem_list,
)
from contracts.catalog.event_fields import INPUT_EVENTS
from contracts.catalog.versioning import history, merge, read_document
from contracts.events.enums import OrganizationKind

pytestmark = pytest.mark.unit


def _document() -> dict[str, Any]:
    """The newest catalog as plain data, to break in a test."""
    return load_catalog().model_dump(mode="json")


def _duty(document: dict[str, Any], duty_id: str) -> dict[str, Any]:
    return next(d for d in document["duties"] if d["id"] == duty_id)


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_every_question_of_the_problem_list_is_served(catalog: DutyCatalog) -> None:
    numbers = load_problem_list().numbers
    served = {n for duty in catalog.duties for n in duty.questions}
    assert catalog.problem_list.numbers == numbers
    assert set(numbers) <= served
    assert all(catalog.duties_by_question[n] for n in numbers)


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_every_question_is_in_the_yearly_self_check(catalog: DutyCatalog) -> None:
    for number in catalog.problem_list.numbers:
        duty = catalog.duty(f"self_check.q{number:02d}")
        assert duty.questions == (number,)
        assert duty.evidence[0].event == "SelfCheckAnswered"
        assert [(f.field, f.equals) for f in duty.evidence[0].where] == [("question", number)]


def test_evidence_names_only_known_input_events() -> None:
    for catalog in CATALOGS:
        for duty in catalog.duties:
            assert {e.event for e in duty.evidence} <= INPUT_EVENTS.keys(), duty.id


def test_the_plain_data_round_trips() -> None:
    assert DutyCatalog.model_validate(_document()) == load_catalog()


def _without_evidence(document: dict[str, Any]) -> None:
    _duty(document, "branch.committee_meeting.monthly")["evidence"] = []


def _without_clause(document: dict[str, Any]) -> None:
    del _duty(document, "branch.committee_meeting.monthly")["clause"]


def _unknown_event(document: dict[str, Any]) -> None:
    _duty(document, "branch.committee_meeting.monthly")["evidence"][0]["event"] = "MeetingHappened"


def _unknown_filter_field(document: dict[str, Any]) -> None:
    _duty(document, "branch.committee_meeting.monthly")["evidence"][0]["where"][0]["field"] = "room"


def _unknown_enum_value(document: dict[str, Any]) -> None:
    _duty(document, "branch.committee_meeting.monthly")["evidence"][0]["where"][0]["equals"] = "tea"


def _wrong_value_kind(document: dict[str, Any]) -> None:
    _duty(document, "branch.committee_meeting.monthly")["evidence"][0]["where"][0]["equals"] = 3


def _uncorrelated_evidence(document: dict[str, Any]) -> None:
    _duty(document, "oversight.finding.rectified")["evidence"][0]["event"] = "MeetingHeld"
    _duty(document, "oversight.finding.rectified")["evidence"][0]["dated_by"] = "held_on"


def _office_duty_without_person(document: dict[str, Any]) -> None:
    del _duty(document, "unit.secretary_work_report.yearly")["evidence"][0]["person_field"]


@pytest.mark.parametrize(
    ("breaks", "duty_id", "message"),
    [
        (_without_evidence, "branch.committee_meeting.monthly", "evidence"),
        (_without_clause, "branch.committee_meeting.monthly", "clause"),
        (
            _unknown_event,
            "branch.committee_meeting.monthly",
            "unknown event type 'MeetingHappened'",
        ),
        (_unknown_filter_field, "branch.committee_meeting.monthly", "has no field 'room'"),
        (_unknown_enum_value, "branch.committee_meeting.monthly", "has no value 'tea'"),
        (_wrong_value_kind, "branch.committee_meeting.monthly", "is a enum field, not 3"),
        (_uncorrelated_evidence, "oversight.finding.rectified", "has no field 'finding_id'"),
        (_office_duty_without_person, "unit.secretary_work_report.yearly", "person_field"),
    ],
)
def test_a_broken_duty_fails_loading_naming_the_duty(
    breaks: Any, duty_id: str, message: str
) -> None:
    document = _document()
    breaks(document)
    with pytest.raises(ValidationError) as failure:
        DutyCatalog.model_validate(document)
    assert f"duty '{duty_id}'" in str(failure.value)
    assert message in str(failure.value)


def test_an_unserved_question_fails_loading() -> None:
    document = _document()
    document["duties"] = [d for d in document["duties"] if 36 not in d["questions"]]
    with pytest.raises(ValidationError, match=r"questions served by no duty: \[36\]"):
        DutyCatalog.model_validate(document)


def test_coverage_is_computed_from_all_duties() -> None:
    document = _document()
    document["duties"] = [d for d in document["duties"] if d["id"] != "self_check.q36"]
    catalog = DutyCatalog.model_validate(document)
    assert [d.id for d in catalog.duties_by_question[36]] == [
        "committee.secretary_exchange.semester",
        "committee.department_head_exchange.semester",
    ]


def test_a_question_outside_the_problem_list_fails_loading() -> None:
    document = _document()
    _duty(document, "branch.committee_meeting.monthly")["questions"] = [18, 99]
    with pytest.raises(ValidationError, match=r"questions \[99\] are not in the problem list"):
        DutyCatalog.model_validate(document)


def test_duplicate_duty_ids_fail_loading() -> None:
    document = _document()
    document["duties"].append(_duty(document, "member.dues.monthly"))
    with pytest.raises(ValidationError, match="duplicate ids"):
        DutyCatalog.model_validate(document)


@pytest.mark.parametrize(
    ("day", "version", "branch_term"),
    [
        (date(2017, 10, 20), "v1", 2),
        (date(2017, 12, 31), "v1", 2),
        (date(2018, 7, 12), "v2", 3),
        (date(2018, 10, 27), "v2", 3),
        (date(2019, 3, 1), "v3", 3),
    ],
)
def test_the_catalog_in_force_follows_the_dates(day: date, version: str, branch_term: int) -> None:
    catalog = catalog_in_force(day)
    assert catalog.version == version
    assert catalog.settings.term_years[OrganizationKind.BRANCH] == branch_term


def test_no_catalog_is_in_force_before_the_seed() -> None:
    with pytest.raises(LookupError, match="2017-10-20"):
        catalog_in_force(date(2017, 10, 19))


def test_later_versions_keep_the_earlier_duties_and_change_what_they_say() -> None:
    v1, v2, *_ = CATALOGS
    assert [d.id for d in v1.duties] == [d.id for d in v2.duties]
    assert v1.settings.term_years != v2.settings.term_years
    assert v1.duty("org.election.term").clause != v2.duty("org.election.term").clause
    assert v1.duty("org.election.term").cadence == v2.duty("org.election.term").cadence


def test_versions_must_take_effect_later_and_later() -> None:
    v1, v2, *_ = CATALOGS
    with pytest.raises(ValueError, match="not after v1"):
        history([v1, v2.model_copy(update={"effective_from": v1.effective_from})])


def test_an_extending_version_must_name_itself(tmp_path: Path) -> None:
    (tmp_path / "rules.v1.yaml").write_text("version: v1\neffective_from: 2017-10-20\n")
    (tmp_path / "rules.v2.yaml").write_text("extends: rules.v1.yaml\nversion: v2\n")
    with pytest.raises(ValueError, match="does not set its own"):
        read_document(tmp_path / "rules.v2.yaml")


def test_merge_overlays_mappings_and_entries_by_id() -> None:
    base = {"a": {"x": 1, "y": 2}, "items": [{"id": "p", "n": 1, "m": 1}, {"id": "q", "n": 1}]}
    override = {"a": {"y": 3}, "items": [{"id": "p", "n": 2}, {"id": "r", "n": 1}]}
    assert merge(base, override) == {
        "a": {"x": 1, "y": 3},
        "items": [{"id": "p", "n": 2, "m": 1}, {"id": "q", "n": 1}, {"id": "r", "n": 1}],
    }


@pytest.mark.parametrize(
    ("day", "period", "start", "end"),
    [
        (date(2018, 9, 1), "2018-S1", date(2018, 9, 1), date(2019, 1, 31)),
        (date(2019, 1, 31), "2018-S1", date(2018, 9, 1), date(2019, 1, 31)),
        (date(2019, 2, 1), "2018-S2", date(2019, 2, 1), date(2019, 8, 31)),
        (date(2019, 8, 31), "2018-S2", date(2019, 2, 1), date(2019, 8, 31)),
    ],
)
def test_the_academic_calendar_names_semesters(
    day: date, period: str, start: date, end: date
) -> None:
    found = load_catalog().settings.academic_calendar.semester_containing(day)
    assert (found.id, found.start, found.end) == (period, start, end)


@pytest.mark.parametrize(
    "semesters",
    [
        [
            {"name": "S1", "starts": "09-01", "ends": "01-15"},
            {"name": "S2", "starts": "02-01", "ends": "08-31"},
        ],
        [
            {"name": "S1", "starts": "09-01", "ends": "08-31"},
            {"name": "S2", "starts": "09-01", "ends": "08-31"},
        ],
        [{"name": "S1", "starts": "02-30", "ends": "08-31"}],
    ],
    ids=["gap", "two-years", "no-such-day"],
)
def test_a_calendar_must_cover_one_year(semesters: list[dict[str, str]]) -> None:
    with pytest.raises(ValidationError):
        AcademicCalendar.model_validate({"semesters": semesters})


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).parents[3] / "contracts").rglob("*.yaml")),
    ids=lambda p: p.name,
)
def test_the_rule_documents_read_the_same_with_libyaml(path: Path) -> None:
    """The services read the catalog and the policy with libyaml's parser when there is
    one; it must give what PyYAML's own safe loader gives."""
    text = path.read_text(encoding="utf-8")
    assert yaml.__with_libyaml__
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)
