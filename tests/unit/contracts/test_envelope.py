"""The envelope: construction, subjects, and the per-type dispatch."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from contracts.envelope import (
    ENVELOPE_MODELS,
    EXAMPLE_TIME,
    Envelope,
    examples,
    new_envelope,
    parse_envelope,
)
from contracts.errors import INCONSISTENT, NAIVE_DATETIME, SUBJECT_MISMATCH, ContractViolation
from contracts.events.activities import MeetingHeld
from contracts.events.clock import CatalogVersionAdopted, ClockTicked
from contracts.events.rejections import SubmissionRejected
from contracts.types import EVENT_TYPES

pytestmark = pytest.mark.unit

CST = timezone(timedelta(hours=8))


def test_examples_cover_every_type_once() -> None:
    envs = list(examples())
    assert [env.type for env in envs] == list(EVENT_TYPES)
    for env in envs:
        assert isinstance(env, Envelope)
        assert type(env) is ENVELOPE_MODELS[env.type]
        assert type(env.data) is EVENT_TYPES[env.type]
        assert env.specversion == "1.0"
        assert env.schemaversion == 1


def test_subject_defaults_to_the_responsible_organization() -> None:
    env = new_envelope(MeetingHeld.example(), id="e-1", source="urn:campus:oa", time=EXAMPLE_TIME)
    assert env.subject == "br-edu-faculty-1"
    assert env.type == "zeren.MeetingHeld"
    assert env.recordedtime is None


def test_subject_must_match_the_payload() -> None:
    with pytest.raises(ContractViolation) as caught:
        new_envelope(
            MeetingHeld.example(),
            id="e-1",
            source="urn:campus:oa",
            time=EXAMPLE_TIME,
            subject="gb-edu",
        )
    assert caught.value.fields == ["subject"]
    assert caught.value.codes == [SUBJECT_MISMATCH]
    assert "br-edu-faculty-1" in caught.value.issues[0].message_en


def test_clock_ticks_and_rule_versions_use_system_subjects() -> None:
    tick = new_envelope(
        ClockTicked(date=EXAMPLE_TIME.date(), partition=4),
        id="t",
        source="urn:zeren:registry",
        time=EXAMPLE_TIME,
    )
    adopted = new_envelope(
        CatalogVersionAdopted.example(), id="c", source="urn:zeren:ops", time=EXAMPLE_TIME
    )
    assert tick.subject == "partition:4"
    assert adopted.subject == "system"


def test_rejections_fall_back_to_unknown_subject() -> None:
    payload = SubmissionRejected.example().model_copy(update={"organization_id": None})
    env = new_envelope(payload, id="r", source="urn:zeren:registry", time=EXAMPLE_TIME)
    assert env.subject == "unknown"


def test_naive_time_is_rejected_when_building() -> None:
    with pytest.raises(ContractViolation) as caught:
        new_envelope(
            MeetingHeld.example(), id="e-1", source="urn:campus:oa", time=datetime(2018, 4, 1)
        )
    assert caught.value.fields == ["time"]
    assert caught.value.codes == [NAIVE_DATETIME]
    assert caught.value.issues[0].message_zh == "time：时间必须带时区"


def test_base_envelope_rejects_a_payload_of_another_type() -> None:
    good = next(examples())
    with pytest.raises(ValidationError) as caught:
        Envelope.model_validate({**dict(good), "type": "zeren.MeetingHeld"})
    violation = ContractViolation.from_validation_error(caught.value)
    assert violation.fields == ["data"]
    assert violation.codes == [INCONSISTENT]


def test_recorded_at_stamps_a_validated_copy() -> None:
    env = new_envelope(MeetingHeld.example(), id="e-1", source="urn:campus:oa", time=EXAMPLE_TIME)
    when = datetime(2018, 4, 2, 8, 0, tzinfo=CST)
    stamped = env.recorded_at(when)
    assert stamped.recordedtime == when
    assert env.recordedtime is None
    assert type(stamped) is type(env)
    with pytest.raises(ValidationError):
        env.recorded_at(datetime(2018, 4, 2, 8, 0))


def test_envelopes_are_frozen() -> None:
    env = next(examples())
    with pytest.raises(ValidationError):
        env.subject = "other"  # type: ignore[misc]


def test_parse_accepts_the_json_it_produces() -> None:
    for env in examples():
        assert parse_envelope(env.model_dump_json()) == env


def _structured_with_schemaversion(value: object) -> str:
    document = json.loads(next(iter(examples())).model_dump_json())
    document["schemaversion"] = value
    return json.dumps(document)


@pytest.mark.parametrize("written", [1, "1", "01"])
def test_schemaversion_is_a_number_or_its_digits_in_structured_mode(written: object) -> None:
    """Issue 28: the SDKs write an extension attribute as text in both modes."""
    env = parse_envelope(_structured_with_schemaversion(written))
    assert env.schemaversion == 1
    assert json.loads(env.model_dump_json())["schemaversion"] == 1


@pytest.mark.parametrize(
    ("written", "code"),
    [("one", "schema.bad_type"), ("²", "schema.bad_type"), ("1.0", "schema.bad_type"),
     ("0", "schema.out_of_range"), ("1001", "schema.out_of_range"), (True, "schema.bad_type")],
)  # fmt: skip
def test_schemaversion_other_text_is_refused(written: object, code: str) -> None:
    with pytest.raises(ContractViolation) as caught:
        parse_envelope(_structured_with_schemaversion(written))
    assert caught.value.fields == ["schemaversion"]
    assert caught.value.codes == [code]
