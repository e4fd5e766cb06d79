"""The handlers of the accountability fold, by the payload type they fold (处理函数登记).

Each topic module (``decide`` for duty statuses and the clock, ``actions`` for the
department's and the committee's steps, ``structure`` for units and office holders)
registers its handlers with :func:`on`; ``decide.fold`` looks them up here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from contracts.events.base import Payload
from services.accountability.domain.measures import Decision

P = TypeVar("P", bound=Payload)
Handler = Callable[[Decision, Any], None]
HANDLERS: dict[type[Payload], Handler] = {}


def on(*types: type[P]) -> Callable[[Callable[[Decision, P], None]], Callable[..., None]]:
    """Register the decorated function as the handler of ``types``."""

    def register(handler: Callable[[Decision, P], None]) -> Callable[..., None]:
        for payload_type in types:
            HANDLERS[payload_type] = handler
        return handler

    return register
