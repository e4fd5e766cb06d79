"""Shared helpers of the contract tests."""

from __future__ import annotations

import json
from typing import Any

from contracts.bindings import STRUCTURED_CONTENT_TYPE
from contracts.envelope import Envelope, examples

STRUCTURED_HEADERS = [("content-type", STRUCTURED_CONTENT_TYPE.encode())]


def example_of(name: str) -> Envelope:
    """The example envelope of the payload class called ``name``."""
    return next(env for env in examples() if type(env.data).__name__ == name)


def example_document(name: str) -> dict[str, Any]:
    """The example envelope of ``name`` as a JSON-ready dict."""
    document: dict[str, Any] = json.loads(example_of(name).model_dump_json(exclude_none=True))
    return document


def structured(document: dict[str, Any]) -> bytes:
    """A document as a structured-mode Kafka value."""
    return json.dumps(document, ensure_ascii=False).encode()
