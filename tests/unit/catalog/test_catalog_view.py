"""Text views of the catalog: every duty and question shown, columns aligned."""

from __future__ import annotations

import pytest

from contracts.catalog import CATALOGS, DutyCatalog
from services.cli.catalog_view import (
    SEPARATOR,
    display_width,
    render_catalog,
    render_questions,
    render_table,
)

pytestmark = pytest.mark.unit


def _separator_columns(text: str) -> set[tuple[int, ...]]:
    """For each table line, the display columns at which separators sit."""
    rows = set()
    for line in text.splitlines():
        if SEPARATOR.strip() in line:
            parts = line.split(SEPARATOR.strip())[:-1]
            offsets = [sum(display_width(p) + 1 for p in parts[: i + 1]) for i in range(len(parts))]
            rows.add(tuple(offsets))
    return rows


def test_display_width_counts_cjk_double() -> None:
    assert display_width("党课 x") == 6


def test_render_table_aligns_wide_and_multi_line_cells() -> None:
    text = render_table(["职责", "id"], [[["党课"], ["a"]], [["主题党日", "second"], ["bb"]]])
    assert len(_separator_columns(text)) == 1
    assert "second" in text


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_the_catalog_view_shows_every_duty(catalog: DutyCatalog) -> None:
    text = render_catalog(catalog)
    for heading in ("职责", "适用对象", "周期", "佐证事件", "依据条款", "问题清单"):
        assert heading in text
    for duty in catalog.duties:
        assert duty.id in text
        assert duty.title_zh in text
    assert len(_separator_columns(text)) == 1


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_the_questions_view_shows_every_question_and_its_duties(catalog: DutyCatalog) -> None:
    text = render_questions(catalog)
    lines = text.splitlines()
    for question in catalog.problem_list.questions:
        row = next(i for i, line in enumerate(lines) if line.startswith(f"{question.number} "))
        assert question.short_zh in lines[row]
        block = "\n".join(lines[row : row + len(catalog.duties_by_question[question.number])])
        for duty in catalog.duties_by_question[question.number]:
            assert duty.id in block
    assert len(_separator_columns(text)) == 1


def test_the_catalog_view_says_which_units_owe_visits_to_members_in_difficulty() -> None:
    lines = render_catalog(CATALOGS[0]).splitlines()
    row = next(i for i, line in enumerate(lines) if "走访慰问困难党员" in line)
    assert "·有困难党员的" in lines[row + 1]
