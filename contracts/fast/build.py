"""Envelopes built by the services without validating them again (可信构建).

A service builds its output events from its own state, which holds only what
it read from the validated log and the validated catalog. Validating each
output again cost the duties fold a tenth of its time. :func:`trusted_envelope`
gives the envelope :func:`contracts.envelope.new_envelope` would, unvalidated;
the tests validate every output of the bench's history with the pydantic
models (``tests/bench/golden.py``) and compare the two builders
(``tests/unit/contracts/test_fast_decode.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from contracts.envelope import (
    DATA_CONTENT_TYPE,
    ENVELOPE_MODELS,
    SCHEMA_VERSION,
    SPECVERSION,
    Envelope,
)
from contracts.events.base import Payload
from contracts.fast.structs import construct
from contracts.types import event_type_of

#: Every field of an envelope: all are set in one the registry logged or a service built.
ENVELOPE_FIELDS = frozenset(Envelope.model_fields)
P = TypeVar("P", bound=Payload)


@cache
def _layout(
    model: type[Payload],
) -> tuple[dict[str, Any], frozenset[str], dict[str, Callable[[], Any]]]:
    """``model``'s fields in order, each with its fixed default (``None`` where it has none),
    its required fields, and its default factories."""
    template: dict[str, Any] = {}
    required: set[str] = set()
    factories: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        template[name] = None
        if info.default_factory is not None:
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif info.is_required():
            required.add(name)
        else:
            template[name] = info.default
    return template, frozenset(required), factories


def trusted_payload(model: type[P], values: Mapping[str, Any]) -> P:
    """``model(**values)`` with the defaults filled in, not validated (what
    ``model_construct`` does, in a fraction of its time); ``KeyError`` when a required
    field is missing. ``values`` are the fields set, as after validation."""
    template, required, factories = _layout(model)
    if not required <= values.keys():
        raise KeyError(min(required - values.keys()))
    fields = {**template, **values}  # the model's order: its fields were all there first
    if len(fields) != len(template):
        fields = {name: fields[name] for name in template}  # not one of its fields: dropped
    for name, make in factories.items():
        if name not in values:
            fields[name] = make()
    return construct(model, fields, frozenset(values))  # type: ignore[no-any-return]


def trusted_envelope(payload: Payload, *, id: str, source: str, time: datetime) -> Envelope:
    """``payload`` in its envelope, subject its responsible party, not validated."""
    event_type = event_type_of(type(payload))
    values = {
        "specversion": SPECVERSION,
        "id": id,
        "source": source,
        "type": event_type,
        "subject": payload.expected_subject(),
        "time": time,
        "datacontenttype": DATA_CONTENT_TYPE,
        "recordedtime": None,
        "schemaversion": SCHEMA_VERSION,
        "data": payload,
    }
    return construct(ENVELOPE_MODELS[event_type], values, ENVELOPE_FIELDS)  # type: ignore[no-any-return]
