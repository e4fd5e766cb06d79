"""Loading the duty catalog versions (职责目录各版本) from their YAML files.

Besides ``extends:`` (see :mod:`contracts.catalog.versioning`), a catalog
file names its problem list (``problem_list: questions.yaml``) and may hold
a ``self_check`` block: the yearly self-check (年度自查) template and, per
question, the organization kinds that answer it. The loader expands it into
one duty per question (``self_check.q07``: evidence ``SelfCheckAnswered``
with ``question == 7``), so the validated catalog is fully explicit.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from contracts.catalog.models import DutyCatalog
from contracts.catalog.problem_list import ProblemList, load_problem_list
from contracts.catalog.versioning import history, in_force, read_document, version_files

CATALOG_DIR = Path(__file__).parent
CATALOG_STEM = "duty_catalog"


def load_catalog(path: Path | None = None) -> DutyCatalog:
    """Load and validate one catalog version (default: the newest file)."""
    path = path or version_files(CATALOG_DIR, CATALOG_STEM)[-1]
    return DutyCatalog.model_validate(catalog_document(path))


def catalog_document(path: Path) -> dict[str, Any]:
    """The raw catalog mapping of ``path``: base merged, problem list and self-check expanded."""
    raw = read_document(path)
    problem_list = load_problem_list(path.parent / raw.pop("problem_list"))
    self_check = raw.pop("self_check", None)
    raw["problem_list"] = problem_list.model_dump(mode="json")
    if self_check is not None:
        raw["duties"] = [*raw.get("duties", []), *_expand_self_check(self_check, problem_list)]
    return raw


def _expand_self_check(block: dict[str, Any], problem_list: ProblemList) -> list[dict[str, Any]]:
    template = {k: v for k, v in block.items() if k not in ("answered_by", "evidence")}
    evidence = block["evidence"]
    duties = []
    for number, kinds in sorted(block["answered_by"].items()):
        question = problem_list.question(int(number))
        duties.append(
            template
            | {
                "id": f"{block['id']}.q{question.number:02d}",
                "title_zh": f"{block['title_zh']}第{question.number}题：{question.short_zh}",
                "title_en": f"{block['title_en']}: question {question.number}",
                "applies_to": {"kinds": kinds},
                "evidence": [
                    evidence
                    | {
                        "where": [
                            *evidence.get("where", []),
                            {"field": "question", "equals": question.number},
                        ]
                    }
                ],
                "questions": [question.number],
            }
        )
    return duties


def load_catalogs(folder: Path = CATALOG_DIR) -> tuple[DutyCatalog, ...]:
    """Every catalog version in ``folder``, checked as a history (v1, v2… later and later)."""
    return history(load_catalog(path) for path in version_files(folder, CATALOG_STEM))


#: All catalog versions, oldest first.
CATALOGS: tuple[DutyCatalog, ...] = load_catalogs()


@lru_cache(maxsize=4096)  # the folds ask once per event: a day's answer never changes
def catalog_in_force(on: date) -> DutyCatalog:
    """The catalog version in force on ``on`` (``LookupError`` before the first)."""
    return in_force(CATALOGS, on)


def catalog_version(version: str) -> DutyCatalog:
    """The catalog version called ``version`` (e.g. ``v1``; ``LookupError`` if none is)."""
    for catalog in CATALOGS:
        if catalog.version == version:
            return catalog
    raise LookupError(f"no catalog version {version}")
