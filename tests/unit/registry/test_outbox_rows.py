"""The outbox check's matching (发件箱核对): where a row's record is looked for in Kafka."""

from __future__ import annotations

from services.registry.adapters.chain import CHECKPOINT_DUE
from services.registry.adapters.outbox_check import row_key

FACT = [("ce_source", "urn:oa"), ("ce_id", "setup-0")]


def test_a_row_that_names_its_partition_is_looked_for_there() -> None:
    # Under subtree placement a fact has a row per partition with one identity: a copy
    # published on partition 0 must not stand for the row of partition 2.
    assert row_key(2, FACT) == (2, ("urn:oa", "setup-0"))


def test_a_row_the_relay_places_is_looked_for_anywhere() -> None:
    assert row_key(None, FACT) == (None, ("urn:oa", "setup-0"))
    due = [(CHECKPOINT_DUE, "1"), ("ce_source", "urn:zeren:registry"), ("ce_id", "checkpoint:x")]
    assert row_key(0, due) == (None, ("urn:zeren:registry", "checkpoint:x"))
