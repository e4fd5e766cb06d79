"""Fields added to stored documents after documents were written (可缺省字段).

Such a field has a default and is left out of the document while it holds it, so that a
document stored before the field existed loads, and one written while the field is unset
is the same bytes as before (the golden digests of the bench's history hold). Each
field's description says what an older document, which lacks it, means.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import Field


def when_set(description: str | None = None) -> Any:
    """A field None by default, stored only when set."""
    return Field(default=None, exclude_if=_unset, description=description)


def when_any(default_factory: Callable[[], Any], description: str | None = None) -> Any:
    """A collection empty by default, stored only when it holds something."""
    return Field(default_factory=default_factory, exclude_if=_empty, description=description)


def _unset(value: object) -> bool:
    return value is None


def _empty(value: Any) -> bool:
    return not value
