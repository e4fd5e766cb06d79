"""Decoding the trusted log (可信日志解码): binary CloudEvents records by msgspec.

Downstream of the registry every record of ``zeren.events.v1`` (and of the
topics the services derive from it) was validated by the pydantic contract
models before it was written, so validating it again on every read only
costs time: a replay decodes millions of records. :func:`decode_trusted`
decodes the ``data`` with the msgspec Struct of its type
(:mod:`contracts.fast.structs`) and reads the envelope's attributes from
the ``ce_`` headers, giving the same pydantic ``Envelope`` that
:func:`contracts.bindings.decode` would (``tests/unit/contracts/
test_fast_decode.py`` proves it), at a fraction of the cost. Types are
still checked (a record that is not of its type's shape is refused);
constraints (lengths, patterns, ranges) are not.

Headers that name no envelope attribute are ignored, not refused. A record
in structured mode (no ``ce_specversion`` header) is left to
:func:`contracts.bindings.decode`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

import msgspec

from contracts.bindings import CONTENT_TYPE, HEADER_PREFIX, SPECVERSION_HEADER, ReadHeaders, decode
from contracts.envelope import ENVELOPE_MODELS, Envelope
from contracts.errors import BAD_FORMAT, INVALID, UNKNOWN_TYPE, ContractViolation
from contracts.fast.structs import builder, construct, struct_of
from contracts.types import EVENT_TYPES

_ATTRIBUTES = {
    f"{HEADER_PREFIX}{name}": name
    for name in Envelope.model_fields
    if name not in ("data", "datacontenttype")
}
_INSTANT = msgspec.json.Decoder(datetime)
_TIMES = ("time", "recordedtime")
_REQUIRED = ("specversion", "id", "source", "type", "subject", "time", "schemaversion")


@cache
def _payload_reader(event_type: str) -> Callable[[bytes], Any]:
    """JSON ``data`` of ``event_type`` to its pydantic payload, through its Struct."""
    model = EVENT_TYPES[event_type]
    decoder = msgspec.json.Decoder(struct_of(model))
    build = builder(model)
    return lambda value: build(decoder.decode(value))


@cache
def _envelope_fields(event_type: str) -> tuple[type[Envelope], tuple[str, ...]]:
    model = ENVELOPE_MODELS[event_type]
    return model, tuple(model.model_fields)


def decode_trusted(value: bytes | None, headers: ReadHeaders | None) -> Envelope:
    """The envelope of a binary record of the trusted log; see the module's docstring."""
    attributes: dict[str, Any] = {}
    binary = False
    for name, raw in headers or ():
        attribute = _ATTRIBUTES.get(name)
        if attribute is not None and raw is not None:
            attributes[attribute] = raw
        elif name == CONTENT_TYPE and raw is not None:
            attributes["datacontenttype"] = raw
        binary = binary or name == SPECVERSION_HEADER
    if not binary:
        return decode(value, headers)
    missing = [name for name in _REQUIRED if name not in attributes]
    if missing or value is None:
        raise ContractViolation.single(
            missing[0] if missing else "data", INVALID, "a binary record needs it (缺少必需属性)"
        )
    event_type = attributes["type"].decode()
    if event_type not in EVENT_TYPES:
        raise ContractViolation.single("type", UNKNOWN_TYPE, f"unknown event type {event_type}")
    try:
        values: dict[str, Any] = {
            name: _INSTANT.decode(b'"' + raw + b'"') if name in _TIMES else raw.decode()
            for name, raw in attributes.items()
        }
        values["schemaversion"] = int(values["schemaversion"])
        values["data"] = _payload_reader(event_type)(value)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, ValueError) as error:
        raise ContractViolation.single("data", BAD_FORMAT, str(error)) from None
    model, names = _envelope_fields(event_type)
    values.setdefault("datacontenttype", "application/json")
    values.setdefault("recordedtime", None)
    return construct(model, {name: values[name] for name in names}, frozenset(names))  # type: ignore[no-any-return]
