"""The outbox check's matching (发件箱核对): which Kafka record stands for which row."""

from __future__ import annotations

from services.registry.adapters.outbox_check import _by_row

REGISTRY = "urn:zeren:registry"


def test_an_event_with_one_row_is_found_on_any_partition() -> None:
    by_row = _by_row({(REGISTRY, "checkpoint:2018-04-01"): [(0, 7)]})
    assert by_row == {(None, (REGISTRY, "checkpoint:2018-04-01")): 7}


def test_an_event_written_to_several_partitions_is_found_on_each_row_s_own() -> None:
    copied = ("urn:oa", "setup-0")
    by_row = _by_row({copied: [(0, 3), (1, 4), (2, 5)]})
    assert by_row == {(0, copied): 3, (1, copied): 4, (2, copied): 5}
    assert (None, copied) not in by_row  # a copy on partition 1 does not stand for row 3
