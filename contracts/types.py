"""The event type registry (事件类型表): CloudEvents ``type`` string ↔ payload model.

The type string is ``zeren.<ClassName>``, e.g. ``zeren.MeetingHeld``
(docs/event-names.md). This map is the single source of truth: the envelope,
the bindings, the exports and the services all look types up here.
"""

from __future__ import annotations

from types import MappingProxyType

from contracts import events
from contracts.events.base import Payload

TYPE_PREFIX = "zeren."
#: Pattern of a well-formed type string (known or not).
TYPE_PATTERN = r"^zeren\.[A-Z][A-Za-z]{1,63}$"

EVENT_TYPES: MappingProxyType[str, type[Payload]] = MappingProxyType(
    {f"{TYPE_PREFIX}{model.__name__}": model for model in events.ALL}
)


def event_type_of(model: type[Payload]) -> str:
    """The CloudEvents ``type`` of a payload class; ``KeyError`` if it is not registered."""
    event_type = f"{TYPE_PREFIX}{model.__name__}"
    if EVENT_TYPES.get(event_type) is not model:
        raise KeyError(f"{model.__qualname__} is not a registered event payload")
    return event_type
