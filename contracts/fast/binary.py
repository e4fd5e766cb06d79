"""Decoding and encoding the trusted log (可信日志编解码): binary CloudEvents records.

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

:func:`encode_trusted` writes what :func:`contracts.bindings.encode_binary`
writes, for the envelopes the fold services build or decode, with less
Python per header (``tests/unit/contracts/test_fast_encode.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

import msgspec
from pydantic_core import to_json

from contracts.bindings import CONTENT_TYPE, HEADER_PREFIX, ReadHeaders, Record, decode
from contracts.envelope import ENVELOPE_MODELS, Envelope
from contracts.errors import BAD_FORMAT, INVALID, UNKNOWN_TYPE, ContractViolation
from contracts.fast.build import ENVELOPE_FIELDS
from contracts.fast.structs import builder, construct, struct_of
from contracts.types import EVENT_TYPES

_ATTRIBUTES = {
    f"{HEADER_PREFIX}{name}": name
    for name in Envelope.model_fields
    if name not in ("data", "datacontenttype")
}
_ATTRIBUTES[CONTENT_TYPE] = "datacontenttype"
_INSTANT = msgspec.json.Decoder(datetime)
#: Marks an attribute without a default: a record must carry it.
_REQUIRED = object()


def _instant(raw: bytes) -> datetime:
    return _INSTANT.decode(b'"' + raw + b'"')


#: The envelope's attributes but ``data``, in the models' order (every envelope model has
#: the base's), each with how its header's bytes become its value and its default.
_CONVERTERS: dict[str, Callable[[bytes], Any]] = {
    "time": _instant,
    "recordedtime": _instant,
    "schemaversion": int,
}
_READ_ORDER = tuple(
    (
        name,
        _CONVERTERS.get(name, bytes.decode),
        _REQUIRED if info.is_required() else info.default,
    )
    for name, info in Envelope.model_fields.items()
    if name != "data"
)
if any(tuple(m.model_fields) != (*Envelope.model_fields,) for m in ENVELOPE_MODELS.values()):
    raise TypeError("an envelope model reorders the base's fields")


@cache
def _payload_reader(event_type: str) -> Callable[[bytes], Any]:
    """JSON ``data`` of ``event_type`` to its pydantic payload, through its Struct."""
    model = EVENT_TYPES[event_type]
    decoder = msgspec.json.Decoder(struct_of(model))
    build = builder(model)
    return lambda value: build(decoder.decode(value))


def decode_trusted(value: bytes | None, headers: ReadHeaders | None) -> Envelope:
    """The envelope of a binary record of the trusted log; see the module's docstring."""
    found: dict[str, bytes] = {}
    for name, raw in headers or ():
        attribute = _ATTRIBUTES.get(name)
        if attribute is not None and raw is not None:
            found[attribute] = raw
    if "specversion" not in found:
        return decode(value, headers)
    try:
        event_type = found["type"].decode()
        model, read = ENVELOPE_MODELS[event_type], _payload_reader(event_type)
    except (KeyError, UnicodeDecodeError):
        raise ContractViolation.single("type", UNKNOWN_TYPE, "unknown event type") from None
    if value is None:
        raise ContractViolation.single("data", INVALID, "a binary record needs a value")
    values: dict[str, Any] = {}
    try:
        for name, convert, default in _READ_ORDER:
            raw = found.get(name)
            if raw is not None:
                values[name] = convert(raw)
            elif default is _REQUIRED:
                raise ContractViolation.single(name, INVALID, "missing (缺少必需属性)")
            else:
                values[name] = default
        values["data"] = read(value)
    except ContractViolation:
        raise  # a ValueError too: not a broken value
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as error:
        raise ContractViolation.single("data", BAD_FORMAT, str(error)) from None
    envelope: Envelope = construct(model, values, ENVELOPE_FIELDS)
    return envelope


_ENCODER = msgspec.json.Encoder()


def _instant_text(value: datetime) -> bytes:
    return _ENCODER.encode(value)[1:-1]


#: How each header attribute's value becomes its header's bytes, in :func:`encode_binary`'s
#: order: as its JSON form reads, without the quotes.
_HEADER_WRITERS: tuple[tuple[str, str, Callable[[Any], bytes]], ...] = tuple(
    (
        name,
        f"{HEADER_PREFIX}{name}",
        {
            "time": _instant_text,
            "recordedtime": _instant_text,
            "schemaversion": lambda number: str(number).encode(),
        }.get(name, str.encode),
    )
    for name in Envelope.model_fields
    if name not in ("data", "datacontenttype")
)


def encode_trusted(env: Envelope) -> Record:
    """Key, value and headers of ``env`` in binary mode: the bytes of
    :func:`contracts.bindings.encode_binary` (``tests/unit/contracts/test_fast_encode.py``
    proves it for every event type), the headers written in a third of its time.

    For envelopes the services built or decoded from the trusted log: the header
    attributes are of their declared types (text, an aware time, a number)."""
    values = env.__dict__  # every field, as the models hold them
    headers = [
        (header, write(value))
        for name, header, write in _HEADER_WRITERS
        if (value := values[name]) is not None
    ]
    headers.append((CONTENT_TYPE, env.datacontenttype.encode()))
    return env.subject.encode(), to_json(env.data, exclude_none=True), headers
