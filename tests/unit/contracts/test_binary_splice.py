"""Binary decoding splices the value into the envelope only where that changes nothing.

:func:`reference` is the original decoding (parse the value, re-dump the whole
envelope, validate): every value below, odd or broken, must decode to the same
envelope (compared by its canonical JSON, so ``42.5`` and ``42.50`` differ) or
fail with the same issues.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import pytest

from contracts.bindings import HEADER_PREFIX, Headers, decode, encode_binary
from contracts.envelope import MAX_MESSAGE_BYTES, Envelope, check_size, examples, parse_envelope
from contracts.errors import BAD_JSON, ContractViolation
from contracts.jsontext import dumps, loads

from .conftest import example_of

pytestmark = pytest.mark.unit


def reference(value: bytes | None, headers: Headers) -> Envelope:
    """The binary decoding as first written: ``json.loads``, re-dump, ``validate_json``;
    re-dumped as :func:`contracts.jsontext.dumps` does, so that a lone surrogate is
    rejected rather than raised (issue 22)."""
    check_size(len(value or b"") + sum(len(name) + len(raw) for name, raw in headers))
    attributes: dict[str, Any] = {
        name.removeprefix(HEADER_PREFIX): raw.decode()
        for name, raw in headers
        if name.startswith(HEADER_PREFIX)
    }
    attributes["datacontenttype"] = dict(headers)["content-type"].decode()
    if value is not None:
        try:
            attributes["data"] = json.loads(value)
        except ValueError as error:
            raise ContractViolation.single(
                "data", BAD_JSON, f"value is not JSON: {error}"
            ) from None
    return parse_envelope(dumps(attributes))


def outcome(decoder: Callable[[bytes | None, Headers], Envelope], value: bytes | None) -> object:
    headers = encode_binary(example_of("DuesPaid"))[2]
    try:
        return decoder(value, headers).model_dump_json()
    except ContractViolation as violation:
        return violation.issues
    except (ValueError, UnicodeError) as error:
        return type(error)


def dues(**changes: str) -> bytes:
    """DuesPaid's example value with raw JSON tokens substituted for some fields."""
    data: dict[str, Any] = json.loads(encode_binary(example_of("DuesPaid"))[1])
    text = json.dumps({k: f"@{k}@" if k in changes else v for k, v in data.items()})
    for name, token in changes.items():
        text = text.replace(f'"@{name}@"', token)
    return text.encode()


ODD_VALUES = [
    dues(),
    dues(amount="42.50"),
    dues(amount="42.5"),
    dues(amount="4.25e1"),
    dues(amount="1e400"),
    dues(amount="NaN"),
    dues(amount="12345678.999999999999"),
    dues(amount="42"),
    dues(month="1.0"),
    dues(member_id='"m-\\u0031"'),
    dues(member_id='"\\ud800"'),
    dues(member_id='"a", "member_id": "m-2"'),
    dues(member_id="9" * 5000),
    json.dumps(json.loads(dues()), indent=4).encode(),
    b"\xef\xbb\xbf" + dues(),
    dues().decode().encode("utf-16"),
    dues() + b" " * (MAX_MESSAGE_BYTES // 2),
    b"{not json",
    dues() + b', "subject": "another-org"',  # spliced, it would smuggle in an attribute
    b"",
    b"[]",
    b'"text"',
    b"null",
    b"42",
    None,
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_values_decode_as_before(value: bytes | None) -> None:
    assert outcome(decode, value) == outcome(reference, value)


@pytest.mark.parametrize("env", list(examples()), ids=lambda e: e.type)
def test_every_example_decodes_as_before(env: Envelope) -> None:
    _, value, headers = encode_binary(env)
    assert decode(value, headers).model_dump_json() == reference(value, headers).model_dump_json()


def test_data_read_at_the_edge_of_the_stack_is_refused_not_raised() -> None:
    """``json.loads`` reads a value nested as deep as the stack allows; written back inside
    the envelope (one level more) it no longer fits: a coded violation of ``data``, not a
    RecursionError (found by the hostile-input test, at a depth of 1,986 under pytest)."""
    refused = []
    limit = sys.getrecursionlimit()
    for depth in range(limit - 200, limit + 5):
        try:
            value = loads(b"[" * depth + b"]" * depth, "data")
        except ContractViolation:
            continue
        try:
            dumps({"data": value}, "data")
        except ContractViolation as violation:
            refused.append((violation.codes, violation.issues[0].field))
    assert refused == [([BAD_JSON], "data")]
