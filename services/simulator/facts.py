"""A fact before it becomes an event (待发布事实): day, campus system, payload fields, delay."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from contracts.events.base import Payload

#: The campus systems (校园业务系统) and how each publishes: 组织部 over HTTP, the rest to Kafka.
CHANNELS = {
    "org-dept": "http",
    "oa-meetings": "kafka",
    "finance": "kafka",
    "party-school": "kafka",
    "hr": "kafka",
}


class Fact(NamedTuple):
    """Something that happened on ``on``, recorded by ``source`` ``delay`` days later (补录)."""

    on: date
    source: str
    model: type[Payload]
    fields: dict[str, Any]
    delay: int = 0
    #: The event id, when the fact has one of its own; else the next of its source's counter.
    event_id: str | None = None
