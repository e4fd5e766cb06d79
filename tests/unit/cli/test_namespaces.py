"""Demo namespaces are found by their names alone: a live or a test namespace is never one."""

from __future__ import annotations

from services.cli.namespaces import group


def test_schemas_and_topics_group_by_demo_run_oldest_first() -> None:
    schemas = [
        "demo20_registry",
        "demo3_duties",
        "demo3_registry",
        "registry",
        "replay_2019_06_30_duties",
        "t0a1b2c3_duties",
        "public",
    ]
    topics = ["zeren.events.v1.demo3", "zeren.events.v1", "zeren.duties.v2.demo20", "x.tabc"]
    found = group(schemas, topics)
    assert [n.name for n in found] == ["demo3", "demo20"]
    assert found[0].schemas == ["demo3_duties", "demo3_registry"]
    assert found[0].topics == ["zeren.events.v1.demo3"]
    assert found[1].schemas == ["demo20_registry"]
    assert found[1].topics == ["zeren.duties.v2.demo20"]


def test_nothing_of_a_demo_shape_means_no_namespace() -> None:
    assert group(["registry", "demo_registry"], ["zeren.events.v1", "zeren.events.v1.demo"]) == []
