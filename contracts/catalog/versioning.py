"""Versioned rule documents (版本化规则文件).

The duty catalog (职责目录) and the accountability policy (问责政策) are both
YAML documents in numbered versions (``<stem>.v1.yaml``, ``<stem>.v2.yaml``…),
each with an ``effective_from`` date (施行日期). A later version may
``extends:`` an earlier file and state only what changed: mappings merge key
by key, lists of entries with an ``id`` merge entry by entry, anything else
is replaced. Top-level keys starting with ``x-`` only hold YAML anchors for
reuse inside the file and are dropped. A replay of history picks the version in force on each day
(:func:`in_force`), so 2017 facts are judged by the 2017 rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, Self, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

VERSION_PATTERN = r"^v[1-9][0-9]*$"
_VERSION_FILE = re.compile(r"\.v([1-9][0-9]*)\.yaml$")


class FrozenModel(BaseModel):
    """Base of every rule model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Clause(FrozenModel):
    """依据条款: the clause of the seed a rule comes from, quoted.

    ``ref`` locates it (e.g. ``三、（二）`` or ``附件 问题清单第27题``),
    ``excerpt_zh`` quotes the seed's words, ``national`` names the national
    regulation the seed relies on for the figure, where there is one.
    """

    ref: str = Field(min_length=1)
    excerpt_zh: str = Field(min_length=1)
    national: str | None = None


class Entry(FrozenModel):
    """An entry with a stable ``id`` (a duty, a rung…).

    Validation errors inside an entry are re-raised naming the entry, so a
    broken catalog says which duty is wrong rather than ``duties.17``.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")

    @model_validator(mode="wrap")
    @classmethod
    def _name_the_entry(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        name = data.get("id") if isinstance(data, dict) else getattr(data, "id", None)
        try:
            entry = handler(data)
            entry.check()
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in item['loc']) or '(entry)'}: {item['msg']}"
                for item in error.errors()
            )
        except ValueError as error:
            problems = str(error)
        else:
            return entry
        raise ValueError(f"{cls.__name__.lower()} {name!r}: {problems}") from None

    def check(self) -> None:
        """Cross-field checks of a subclass, run after field validation (raise ``ValueError``)."""


class VersionedDocument(FrozenModel):
    """Fields common to every rule document version (规则版本)."""

    version: str = Field(pattern=VERSION_PATTERN)
    effective_from: date
    title_zh: str = Field(min_length=1)
    source: str = Field(min_length=1, description="Issuing document, e.g. 沪开大委〔2017〕48号")
    changes_zh: str = Field(min_length=1, description="What this version establishes or changes")

    @property
    def version_number(self) -> int:
        """The number of the version (``v2`` → 2)."""
        return int(self.version[1:])


D = TypeVar("D", bound=VersionedDocument)


def version_files(folder: Path, stem: str) -> list[Path]:
    """The ``<stem>.vN.yaml`` files of ``folder``, in version order."""
    numbered = []
    for path in folder.glob(f"{stem}.v*.yaml"):
        match = _VERSION_FILE.search(path.name)
        if match:
            numbered.append((int(match.group(1)), path))
    return [path for _, path in sorted(numbered)]


#: libyaml's parser when PyYAML was built with it: the same documents, five times
#: faster, which every service pays at start for the catalog and the policy.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file whose top level must be a mapping."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    return raw


def read_document(path: Path) -> dict[str, Any]:
    """Read a version file, dropping ``x-`` keys and resolving ``extends:``."""
    raw = {k: v for k, v in read_yaml_mapping(path).items() if not str(k).startswith("x-")}
    base_name = raw.pop("extends", None)
    if base_name is None:
        return raw
    missing = sorted({"version", "effective_from", "changes_zh"} - raw.keys())
    if missing:
        raise ValueError(f"{path.name} extends {base_name} but does not set its own {missing}")
    merged: dict[str, Any] = merge(read_document(path.parent / str(base_name)), raw)
    return merged


def merge(base: Any, override: Any) -> Any:
    """Overlay ``override`` on ``base`` (see the module docstring)."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: merge(base[k], v) if k in base else v for k, v in override.items()}}
    if _is_entry_list(base) and _is_entry_list(override):
        by_id = {item["id"]: item for item in base}
        for item in override:
            by_id[item["id"]] = merge(by_id[item["id"]], item) if item["id"] in by_id else item
        return list(by_id.values())
    return override


def _is_entry_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "id" in i for i in value)


def history(documents: Iterable[D]) -> tuple[D, ...]:
    """The versions as a history: numbered 1, 2, 3… with strictly later dates."""
    ordered = tuple(sorted(documents, key=lambda d: d.version_number))
    for number, document in enumerate(ordered, start=1):
        if document.version_number != number:
            raise ValueError(f"version {document.version} found where v{number} was expected")
    for earlier, later in pairwise(ordered):
        if later.effective_from <= earlier.effective_from:
            raise ValueError(
                f"{later.version} takes effect {later.effective_from}, "
                f"not after {earlier.version} ({earlier.effective_from})"
            )
    return ordered


def in_force(documents: Sequence[D], on: date) -> D:
    """The version in force on ``on``: the latest that took effect on or before it."""
    current = [d for d in documents if d.effective_from <= on]
    if not current:
        first = min(documents, key=lambda d: d.effective_from)
        raise LookupError(
            f"no version in force on {on}: the first takes effect {first.effective_from}"
        )
    return max(current, key=lambda d: d.effective_from)
