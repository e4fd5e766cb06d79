"""The source binding: a Kafka record's source is its topic's system (来源绑定)."""

from __future__ import annotations

import pytest

from services.common.pipeline import InputRecord
from services.registry.adapters.intake_topics import IntakeTopicError, IntakeTopics, bound_source
from services.registry.adapters.records import http_record

SOURCES = ["urn:campus:hr", "urn:campus:finance"]


def suffixed(name: str) -> str:
    return f"{name}.demo3"


def test_each_source_has_its_own_topic_in_the_namespace() -> None:
    topics = IntakeTopics.of(SOURCES, suffixed)

    assert topics.names == [
        "zeren.intake.v1.urn-campus-finance.demo3",
        "zeren.intake.v1.urn-campus-hr.demo3",
    ]
    assert topics.by_topic["zeren.intake.v1.urn-campus-hr.demo3"] == "urn:campus:hr"


def test_a_kafka_record_is_bound_to_its_topics_source_and_http_to_its_token() -> None:
    topics = IntakeTopics.of(SOURCES, suffixed)
    on_hr = InputRecord("zeren.intake.v1.urn-campus-hr.demo3", 0, 7, None, b"{}")
    elsewhere = InputRecord("zeren.intake.v1", 0, 7, None, b"{}")

    assert bound_source(on_hr, topics) == "urn:campus:hr"
    assert bound_source(elsewhere, topics) == ""  # no source: it cannot pass
    assert bound_source(http_record(b"{}", "urn:campus:finance"), topics) == "urn:campus:finance"


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        (["urn:a:b", "urn-a-b"], "share the topic"),
        (["::"], "no valid intake topic"),
        (["x" * 240], "no valid intake topic"),
    ],
)
def test_sources_without_a_topic_of_their_own_stop_the_registry(
    sources: list[str], message: str
) -> None:
    with pytest.raises(IntakeTopicError, match=message):
        IntakeTopics.of(sources, suffixed)


def test_a_source_listed_twice_keeps_its_one_topic() -> None:
    assert IntakeTopics.of(["urn:campus:hr"] * 2, suffixed).names == [
        "zeren.intake.v1.urn-campus-hr.demo3"
    ]
