"""CloudEvents Kafka protocol bindings (Kafka 协议绑定), structured and binary mode.

* structured: the value is the JSON envelope, header
  ``content-type: application/cloudevents+json``;
* binary: the value is the JSON ``data``, every other attribute is a
  ``ce_<name>`` header and ``content-type`` is ``application/json``.

The record key is always the subject (the responsible organization's id).
:func:`decode` detects the mode and raises :class:`ContractViolation` with one
issue per broken field; messages above ``MAX_MESSAGE_BYTES`` are refused first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic_core import from_json, to_json

from contracts.envelope import (
    MAX_MESSAGE_BYTES,
    Envelope,
    check_size,
    parse_envelope,
)
from contracts.errors import BAD_FORMAT, BAD_JSON, INVALID, NOT_CLOUDEVENT, ContractViolation
from contracts.jsontext import dumps, loads

STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
CONTENT_TYPE = "content-type"
HEADER_PREFIX = "ce_"
SPECVERSION_HEADER = f"{HEADER_PREFIX}specversion"

_NOT_HEADERS = {"data", "datacontenttype"}
#: The attributes a binary record carries as ``ce_`` headers, in the envelope's order,
#: each with its header's name.
_HEADER_ATTRIBUTES = tuple(
    (name, f"{HEADER_PREFIX}{name}") for name in Envelope.model_fields if name not in _NOT_HEADERS
)

Headers = list[tuple[str, bytes]]
#: Headers as a Kafka consumer hands them over: a value may be null.
ReadHeaders = Iterable[tuple[str, bytes | None]]
Record = tuple[bytes, bytes, Headers]


def encode_structured(env: Envelope) -> Record:
    """Key, value and headers of ``env`` in structured mode."""
    value = env.model_dump_json(exclude_none=True).encode()
    return env.subject.encode(), value, [(CONTENT_TYPE, STRUCTURED_CONTENT_TYPE.encode())]


def encode_binary(env: Envelope, recordedtime: datetime | None = None) -> Record:
    """Key, value and headers of ``env`` in binary mode.

    ``recordedtime`` stamps the record on the way (the registry's 入账), as
    ``env.recorded_at(recordedtime)`` would, without copying the envelope.

    Each attribute is written as its JSON form would read (``to_json``, the
    serializer ``model_dump_json`` uses: a time as ``…+08:00`` or ``…Z``), one
    attribute at a time: dumping the envelope first took twice as long.
    """
    if recordedtime is not None and recordedtime.utcoffset() is None:
        raise ValueError(f"recordedtime must have a time zone: {recordedtime}")
    headers = []
    for name, header in _HEADER_ATTRIBUTES:
        value = getattr(env, name)
        if name == "recordedtime" and recordedtime is not None:
            value = recordedtime
        if value is not None:
            headers.append((header, _attribute_text(value)))
    headers.append((CONTENT_TYPE, env.datacontenttype.encode()))
    return env.subject.encode(), to_json(env.data, exclude_none=True), headers


def _attribute_text(value: object) -> bytes:
    """A header's value: a string as it is; a number or time as its JSON text."""
    return value.encode() if isinstance(value, str) else to_json(value).strip(b'"')


def decode(value: bytes | None, headers: ReadHeaders | None) -> Envelope:
    """The envelope carried by a Kafka record in either mode."""
    header_list = _present(headers or ())
    size, content_type, binary = len(value or b""), None, False
    for name, raw in header_list:
        size += len(name) + len(raw)
        # ``content-type`` in any case: only a name of its length can be it.
        if content_type is None and len(name) == len(CONTENT_TYPE) and name.lower() == CONTENT_TYPE:
            content_type = _text(name, raw)
        binary = binary or name == SPECVERSION_HEADER
    check_size(size)
    if (content_type or "").startswith(STRUCTURED_CONTENT_TYPE):
        if value is None:
            raise ContractViolation.single(
                "message", NOT_CLOUDEVENT, "structured mode needs a value"
            )
        return parse_envelope(value)
    if binary:
        return _decode_binary(value, header_list, content_type or "")
    raise ContractViolation.single(
        CONTENT_TYPE,
        NOT_CLOUDEVENT,
        f"need content-type {STRUCTURED_CONTENT_TYPE} or a {SPECVERSION_HEADER} header",
    )


def _present(headers: ReadHeaders) -> Headers:
    """The headers, each with its value: a null value breaks the binding."""
    present = []
    for name, raw in headers:
        if raw is None:
            raise ContractViolation.single(
                name.removeprefix(HEADER_PREFIX), BAD_FORMAT, f"header {name} has a null value"
            )
        present.append((name, raw))
    return present


def _decode_binary(value: bytes | None, headers: Headers, content_type: str) -> Envelope:
    attributes = _attributes(headers, content_type)
    if value is None:
        return parse_envelope(dumps(attributes))
    # Splicing the value in as ``data`` is safe once it is known to be one JSON value
    # (pydantic's parser: fast); validating the spliced document is then validating
    # ``data`` (pydantic reads numbers as json.loads does; tests/unit/contracts/
    # test_binary_splice.py pins it) unless the re-dumped form, at most twice as long,
    # could have crossed the size limit, or pydantic's parser refuses what json.loads
    # accepts (BAD_JSON): then the value is parsed by json.loads and re-dumped.
    document = _with_value(attributes, value)
    if 2 * len(document) <= MAX_MESSAGE_BYTES and _one_json_value(value):
        try:
            return parse_envelope(document)
        except ContractViolation as violation:
            if BAD_JSON not in violation.codes:
                raise
    return parse_envelope(dumps({**attributes, "data": loads(value, "data")}, "data"))


def _one_json_value(value: bytes) -> bool:
    try:
        from_json(value)
    except ValueError:
        return False
    return True


#: A CloudEvents attribute name: lower-case ASCII letters and digits (spec 1.0, 3.1.1).
_ATTRIBUTE_NAME = re.compile(r"[a-z0-9]{1,20}")
#: The attribute each ``ce_`` header of an envelope attribute names.
_ATTRIBUTE_OF = {header: name for name, header in _HEADER_ATTRIBUTES}


def _attributes(headers: Headers, content_type: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, raw in headers:
        attribute = _ATTRIBUTE_OF.get(name)
        if attribute is None:  # an extension attribute, or not an attribute at all
            if not name.startswith(HEADER_PREFIX):
                continue
            attribute = name.removeprefix(HEADER_PREFIX)
        text = _text(name, raw)
        if not _ATTRIBUTE_NAME.fullmatch(attribute):
            raise ContractViolation.single(
                attribute, BAD_FORMAT, f"header {name} names no CloudEvents attribute"
            )
        if attribute in attributes:
            raise ContractViolation.single(attribute, INVALID, f"header {name} appears twice")
        attributes[attribute] = text
    if content_type:
        attributes["datacontenttype"] = content_type
    return attributes


def _with_value(attributes: dict[str, Any], value: bytes) -> bytes:
    """The envelope document with the record's value spliced in, byte for byte, as ``data``."""
    head = to_json(attributes)[:-1]
    return head + (b"," if attributes else b"") + b'"data":' + value + b"}"


def _text(name: str, raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        raise ContractViolation.single(
            name.removeprefix(HEADER_PREFIX), BAD_FORMAT, f"header {name} is not UTF-8"
        ) from None
