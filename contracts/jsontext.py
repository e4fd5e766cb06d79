"""JSON read from untrusted bytes and written back (JSON 文本), failing only as a violation.

``json.loads`` raises ``RecursionError`` on deeply nested arrays (and
``json.dumps`` on less deeply nested ones) and accepts lone surrogate escapes
that cannot be encoded again as UTF-8; these helpers turn the first into a
``schema.bad_json`` violation and keep the second escaped,
so a hostile document is rejected like any other broken one.
"""

from __future__ import annotations

import json
from typing import Any

from contracts.errors import BAD_JSON, ContractViolation


def loads(raw: bytes | str, field: str = "message") -> Any:
    """The JSON value of ``raw``; :class:`ContractViolation` (``schema.bad_json``) if it is none."""
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ContractViolation.single(field, BAD_JSON, f"value is not JSON: {error}") from None
    except RecursionError:
        message = "value is not JSON: nested too deep"
        raise ContractViolation.single(field, BAD_JSON, message) from None


def dumps(value: Any, field: str = "message") -> bytes:
    """``value`` as UTF-8 JSON, non-ASCII text as it is unless it cannot be encoded
    (a lone surrogate): then escaped, for the schema to refuse. A value nested deeper
    than the encoder goes (``json.loads`` reads deeper than ``json.dumps`` writes) is a
    ``schema.bad_json`` violation of ``field``."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except RecursionError:
        message = "value is not JSON: nested too deep"
        raise ContractViolation.single(field, BAD_JSON, message) from None
    try:
        return text.encode()
    except UnicodeEncodeError:
        return json.dumps(value).encode()
