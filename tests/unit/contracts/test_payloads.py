"""Payload models follow docs/event-names.md and the house rules for contracts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from contracts import events
from contracts.errors import DATE_ORDER, INCONSISTENT, ContractViolation
from contracts.events.accountability import AccountabilityAction, ReminderIssued, SituationFlag
from contracts.events.activities import MeetingHeld
from contracts.events.base import OrganizationPayload, Payload
from contracts.events.enums import (
    LABELS_ZH,
    InterviewKind,
    LabelledEnum,
    MeetingKind,
    Office,
    Rung,
)
from contracts.events.structure import ElectionHeld
from contracts.types import EVENT_TYPES, event_type_of

pytestmark = pytest.mark.unit

DOC = Path(__file__).resolve().parents[3] / "docs" / "event-names.md"
INPUT_LINE = re.compile(r"^- (\w+)\{(.*)\}", re.MULTILINE)
CAMEL_WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
PAYLOADS = list(EVENT_TYPES.values())
DUTY_FIELDS = [
    "duty_id",
    "period",
    "period_start",
    "period_end",
    "due_on",
    "organization_id",
    "office",
    "person_id",
    "member_id",
    "catalog_version",
    "clause",
    "questions",
    "evidence_event_ids",
    "cause_event_id",
]
ACCOUNTABILITY_FIELDS = [
    "case_id",
    "rung",
    "policy_version",
    "clause",
    "title_zh",
    "text_zh",
    "evidence_event_ids",
]
#: What a flag told on the accountability topic carries (情况提示): no case, no rung.
FLAG_FIELDS = [
    "organization_id",
    "member_id",
    "duty_id",
    "situation",
    "raised_on",
    "decides",
    "person_ids",
    "clause",
    "flag_event_id",
    "title_zh",
    "text_zh",
]
ACTIONS = tuple(m for m in events.ACCOUNTABILITY_OUTPUTS if issubclass(m, AccountabilityAction))
FLAGS = tuple(m for m in events.ACCOUNTABILITY_OUTPUTS if issubclass(m, SituationFlag))


def _split_top_level(fields: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in fields:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _documented_inputs() -> dict[str, dict[str, bool]]:
    """Input event name → {field: required} as written in the binding document."""
    documented = {}
    for name, fields in INPUT_LINE.findall(DOC.read_text(encoding="utf-8")):
        spec = {}
        for part in _split_top_level(fields):
            match = re.match(r"\s*(\w+)(\?)?", part)
            assert match, part
            spec[match[1]] = match[2] is None
        documented[name] = spec
    return documented


def test_registry_matches_the_binding_document() -> None:
    text = DOC.read_text(encoding="utf-8")
    outputs = text.split("## Outputs", 1)[1]
    documented = set(_documented_inputs()) | set(CAMEL_WORD.findall(outputs))
    assert documented == {model.__name__ for model in PAYLOADS}


@pytest.mark.parametrize(("name", "spec"), sorted(_documented_inputs().items()))
def test_documented_fields_exist_with_documented_optionality(
    name: str, spec: dict[str, bool]
) -> None:
    model = EVENT_TYPES[f"zeren.{name}"]
    for field, required in spec.items():
        assert field in model.model_fields, f"{name}.{field} missing"
        if name != "SubmissionRejected":
            assert model.model_fields[field].is_required() == required, f"{name}.{field}"


def test_every_accountability_output_is_an_action_or_a_flag() -> None:
    assert set(ACTIONS) | set(FLAGS) == set(events.ACCOUNTABILITY_OUTPUTS)
    assert not set(ACTIONS) & set(FLAGS)


@pytest.mark.parametrize(
    ("models", "fields"),
    [
        (events.DUTY_OUTPUTS, DUTY_FIELDS),
        (ACTIONS, ACCOUNTABILITY_FIELDS),
        (FLAGS, FLAG_FIELDS),
    ],
)
def test_outputs_carry_the_documented_common_fields(
    models: tuple[type[Payload], ...], fields: list[str]
) -> None:
    for model in models:
        assert set(fields) <= set(model.model_fields), model.__name__


@pytest.mark.parametrize("model", PAYLOADS, ids=lambda m: m.__name__)
def test_payload_house_rules(model: type[Payload]) -> None:
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"
    assert model.__doc__
    assert CJK.search(model.__doc__), "docstring needs the Chinese term"
    for name, field in model.model_fields.items():
        assert field.description, f"{model.__name__}.{name} has no description"
    example = model.example()
    assert isinstance(example, model)
    assert event_type_of(model) == f"zeren.{model.__name__}"


def _unbounded(node: object) -> list[object]:
    """Schema nodes of strings or arrays without a length bound (enum, pattern, format bound)."""
    if isinstance(node, list):
        return [hit for value in node for hit in _unbounded(value)]
    if not isinstance(node, dict):
        return []
    bounds = {"string": {"maxLength", "enum", "pattern", "format"}, "array": {"maxItems"}}
    needed = bounds.get(str(node.get("type")))
    own = [node] if needed is not None and not needed & node.keys() else []
    children = [value for key, value in node.items() if key != "examples"]
    return own + _unbounded(children)


@pytest.mark.parametrize("model", PAYLOADS, ids=lambda m: m.__name__)
def test_every_string_and_list_field_is_bounded(model: type[Payload]) -> None:
    assert _unbounded(model.model_json_schema()) == []


def test_unbounded_detector_finds_an_unbounded_string() -> None:
    assert _unbounded({"properties": {"x": {"type": "string"}}}) == [{"type": "string"}]


def test_organization_payloads_name_their_subject() -> None:
    example = MeetingHeld.example()
    assert isinstance(example, OrganizationPayload)
    assert example.expected_subject() == example.organization_id


def test_payloads_are_frozen_and_reject_unknown_fields() -> None:
    example = MeetingHeld.example()
    with pytest.raises(ValidationError):
        example.topic = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError) as caught:
        MeetingHeld.model_validate({**example.model_dump(), "venue": "room 1"})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_strict_models_do_not_coerce() -> None:
    document = {**MeetingHeld.example().model_dump(mode="json"), "present_attendees": "5"}
    with pytest.raises(ValidationError) as caught:
        MeetingHeld.model_validate_json(json.dumps(document))
    assert [error["loc"] for error in caught.value.errors()] == [("present_attendees",)]


@pytest.mark.parametrize(
    ("model", "change", "field", "code"),
    [
        (ElectionHeld, {"term_ends_on": "2017-01-01"}, "term_ends_on", DATE_ORDER),
        (MeetingHeld, {"present_attendees": 9}, "present_attendees", INCONSISTENT),
        (ReminderIssued, {"rung": "notice"}, "rung", INCONSISTENT),
    ],
)
def test_cross_field_rules_name_their_field(
    model: type[Payload], change: dict[str, object], field: str, code: str
) -> None:
    document = {**model.example().model_dump(mode="json"), **change}
    with pytest.raises(ValidationError) as caught:
        model.model_validate_json(json.dumps(document))
    violation = ContractViolation.from_validation_error(caught.value)
    assert violation.fields == [field]
    assert violation.codes == [code]


def test_every_enum_member_has_a_chinese_label() -> None:
    enums = LabelledEnum.__subclasses__()
    assert set(enums) == set(LABELS_ZH)
    for enum in enums:
        assert set(LABELS_ZH[enum]) == {member.value for member in enum}, enum.__name__
        assert all(CJK.search(member.label_zh) for member in enum)
    assert Office.SECRETARY.label_zh == "书记"
    assert MeetingKind("theme_party_day").label_zh == "主题党日"
    assert Rung.INTERVIEW.label_zh == InterviewKind.INTERVIEW.label_zh == "约谈"
    assert Rung.AWARD_ELIGIBILITY_REVOKED.label_zh == "取消年度评优评先资格"


def test_enum_schemas_carry_chinese_labels() -> None:
    schema = MeetingHeld.model_json_schema()
    assert schema["$defs"]["MeetingKind"]["x-labels-zh"]["party_lecture"] == "党课"
