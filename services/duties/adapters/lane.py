"""One partition of a subtree-placed log folded alone (分区独立折叠), as a
:class:`services.common.pipeline.Projection` for a lane (:mod:`services.common.lanes`).

A state of its own and no sequencer: under subtree placement a partition holds
every fact its units need (docs/scale-out.md), so it is folded in offset order.
Its outputs go to the same partition number of zeren.duties.v2.

A log written under key placement cannot be folded this way: a parent's office
holders and a letter's counterparty would be on other partitions, and the fold
would charge the wrong party. Such a log is refused (:class:`KeyPlacedLogError`):
under subtree placement a root is placed on every partition (``UnitPlaced``)
before any organization is established.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contracts.events.structure import OrganizationEstablished
from services.common.outbox import OutboxRecord
from services.common.pipeline import InputRecord
from services.duties.adapters.projection import decoded, outbox
from services.duties.domain.documents import restore, take_changed
from services.duties.domain.fold import decide
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState

KEY_PLACED_LOG = "KEY_PLACED_LOG"


class KeyPlacedLogError(RuntimeError):
    """The log was written under key placement: it must be folded whole, in one instance."""

    def __init__(self, record: InputRecord) -> None:
        self.code = KEY_PLACED_LOG
        super().__init__(
            f"{KEY_PLACED_LOG}: {record.position} establishes an organization on a partition"
            " no UnitPlaced has reached: the log was written under key placement and cannot"
            " be folded partition by partition; run the duties service with"
            " ZEREN_PLACEMENT=key (日志按键分区写入，不能按分区独立折叠；"
            "请以 ZEREN_PLACEMENT=key 运行责任状态服务)"
        )


class DutiesLane:
    """The duty state of one partition; the pipeline persists what changed."""

    def __init__(self, partition: int, output_topic: str, rules: Rules | None = None) -> None:
        self.partition, self.output_topic = partition, output_topic
        self.rules = rules or Rules()
        self.state = DutyState()

    def restore(self, entries: Mapping[str, Any]) -> None:
        self.state = restore(entries)

    def event_id(self, record: InputRecord) -> str | None:
        """None: no consumed-id rows (see ``DutiesProjection.event_id``)."""
        return None

    def handle(self, record: InputRecord) -> list[OutboxRecord]:
        assert record.partition == self.partition, "a lane folds its own partition only"
        event = decoded(record)
        if event is None:
            return []
        if isinstance(event.data, OrganizationEstablished) and not self.state.placed:
            raise KeyPlacedLogError(record)
        self.state, outputs = decide(self.state, event, self.partition, self.rules)
        return [outbox(self.output_topic, out, self.partition) for out in outputs]

    def holding(self) -> dict[int, int]:
        """Nothing is held back: no sequencer."""
        return {}

    def take_changes(self) -> dict[str, Any | None]:
        return dict(take_changed(self.state))
