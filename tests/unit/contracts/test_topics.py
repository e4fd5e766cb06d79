"""Topic names, layout and configuration."""

from __future__ import annotations

import pytest

from contracts import events
from contracts.events.clock import ClockTicked
from contracts.events.rejections import SubmissionRejected
from contracts.topics import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    INTAKE_TOPIC,
    REJECTED_TOPIC,
    TOPICS,
    topic,
    topic_specs,
)
from contracts.types import EVENT_TYPES

pytestmark = pytest.mark.unit


def test_names_and_partitions() -> None:
    assert {spec.name: spec.partitions for spec in TOPICS} == {
        "zeren.intake.v1": 6,
        "zeren.events.v1": 6,
        "zeren.rejected.v1": 3,
        "zeren.duties.v2": 6,
        "zeren.accountability.v2": 6,
    }


def test_outputs_keep_the_partitioning_of_their_input() -> None:
    """Each service writes to the partition number it read from (docs/conventions.md)."""
    chain = [topic(t).partitions for t in (EVENTS_TOPIC, DUTIES_TOPIC, ACCOUNTABILITY_TOPIC)]
    assert len(set(chain)) == 1


def test_decisions_are_kept_forever() -> None:
    for name in (DUTIES_TOPIC, ACCOUNTABILITY_TOPIC):
        assert topic(name).config["retention.ms"] == "-1"


def test_rejections_are_kept_90_days_since_they_may_carry_personal_data() -> None:
    assert topic(REJECTED_TOPIC).config["retention.ms"] == str(90 * 24 * 3600 * 1000)


def test_canonical_log_is_kept_forever() -> None:
    config = topic(EVENTS_TOPIC).config
    assert config["retention.ms"] == "-1"
    assert config["cleanup.policy"] == "delete"
    assert config["min.insync.replicas"] == "1"


def test_min_insync_replicas_is_configurable() -> None:
    assert {spec.config["min.insync.replicas"] for spec in topic_specs(min_insync_replicas=2)} == {
        "2"
    }


def test_every_event_type_travels_on_some_topic() -> None:
    carried = {model for spec in TOPICS for model in spec.messages}
    assert carried == set(EVENT_TYPES.values())


def test_clock_ticks_are_not_submitted_but_logged() -> None:
    assert ClockTicked not in topic(INTAKE_TOPIC).messages
    assert ClockTicked in topic(EVENTS_TOPIC).messages
    assert topic(REJECTED_TOPIC).messages == (SubmissionRejected,)
    assert set(events.FORWARDED_TO_DUTIES) <= set(topic("zeren.duties.v2").messages)


def test_unknown_topic() -> None:
    with pytest.raises(KeyError):
        topic("zeren.nope.v1")
