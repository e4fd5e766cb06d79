"""Topic names, layout and configuration."""

from __future__ import annotations

import re

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
    source_intake_topic,
    source_slug,
    topic,
    topic_specs,
)
from contracts.types import EVENT_TYPES

pytestmark = pytest.mark.unit


def test_names_and_partitions() -> None:
    assert {spec.name: spec.partitions for spec in TOPICS} == {
        "zeren.intake.v1": 3,  # each campus system's zeren.intake.v1.<slug>
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


@pytest.mark.parametrize(
    ("source", "topic"),
    [
        ("urn:campus:hr", "zeren.intake.v1.urn-campus-hr"),
        ("urn:campus:oa-meetings", "zeren.intake.v1.urn-campus-oa-meetings"),
        ("https://sys.example.edu/财务/", "zeren.intake.v1.https-sys-example-edu"),
        ("a.b_c", "zeren.intake.v1.a-b-c"),
    ],
)
def test_each_campus_system_has_an_intake_topic_named_from_its_source(
    source: str, topic: str
) -> None:
    assert source_intake_topic(source) == topic


@pytest.mark.parametrize(
    "source", ["", ".", "..x..", "-a-", "a..b", "urn:x:", "x_y.z", "é.ü", "a\x00b", "--", "A-b"]
)
def test_a_slug_has_no_dot_so_no_sources_topic_is_a_prefix_of_anothers(source: str) -> None:
    """The prefixed ACLs grant ``zeren.intake.v1.<slug>.``: a slug without ``.`` cannot
    reach into another source's topic (``hr`` gets nothing of ``hr2``)."""
    slug = source_slug(source)
    assert re.fullmatch(r"([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)?", slug)
    assert source_slug(slug) == slug
