"""The evidence index (佐证索引) narrows the duties a fact is tried against, never
losing one it evidences (issue 25)."""

from __future__ import annotations

import json

import pytest

from contracts.types import EVENT_TYPES
from services.duties.domain.matching import matches
from services.duties.domain.rules import Rules

pytestmark = pytest.mark.unit

RULES = Rules()
MODELS = {model.__name__: model for model in EVENT_TYPES.values()}


def _variants(event_type: str) -> list[object]:
    """The type's example with its deciding field set to each indexed value."""
    model = MODELS[event_type]
    example = model.example()
    index = RULES._evidence_indexes[event_type]
    if index.field is None:
        return [example]
    document = json.loads(example.model_dump_json())
    return [
        model.model_validate_json(json.dumps({**document, index.field: value}))
        for value in index.by_value
    ]


@pytest.mark.parametrize("event_type", sorted(RULES._evidence_indexes))
def test_the_candidates_hold_every_duty_the_fact_evidences(event_type: str) -> None:
    for payload in _variants(event_type):
        evidenced = [
            duty_id
            for duty_id in RULES.evidenced_by(event_type)
            if any(
                e.event == event_type and matches(e, payload)  # type: ignore[arg-type]
                for e in RULES.latest(duty_id).evidence
            )
        ]
        candidates = RULES.may_evidence(payload)  # type: ignore[arg-type]
        assert set(evidenced) <= set(candidates)
        assert list(candidates) == [d for d in RULES.evidenced_by(event_type) if d in candidates]


def test_a_meeting_is_tried_against_the_duties_of_its_kind_only() -> None:
    index = RULES._evidence_indexes["MeetingHeld"]
    assert index.field == "kind"
    assert len(RULES.evidenced_by("MeetingHeld")) > 10
    assert max(len(ids) for ids in index.by_value.values()) <= 3
    answers = RULES._evidence_indexes["SelfCheckAnswered"]
    assert all(len(ids) == 1 for ids in answers.by_value.values())
