"""docs/catalog.md is the catalog's own rendering (issue 21): never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.catalog import CATALOGS, Duty, MemberRule
from contracts.catalog.document import render

pytestmark = pytest.mark.unit

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "catalog.md"


def test_the_committed_document_is_the_newest_catalog_rendered() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(CATALOGS[-1]), (
        "docs/catalog.md is stale: python -m contracts.catalog.document > docs/catalog.md"
    )


def test_every_question_and_every_entry_appears() -> None:
    catalog = CATALOGS[-1]
    text = render(catalog)
    for number in catalog.problem_list.numbers:
        assert f"| {number} | {catalog.problem_list.question(number).short_zh} |" in text
    entries: list[Duty | MemberRule] = [*catalog.duties, *catalog.member_rules]
    for entry in entries:  # once per question it serves, once in the list of every entry
        assert text.count(f"`{entry.id}`") == 1 + len(entry.questions)
