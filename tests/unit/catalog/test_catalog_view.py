"""Rich views of the catalog: every duty and question shown, by Chinese title, in the width
at hand (CJK characters count double)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from contracts.catalog import CATALOGS, DutyCatalog
from services.cli.catalog_view import catalog_table, questions_table
from services.common.tables import as_text

pytestmark = pytest.mark.unit

#: Wide enough that no title or id is wrapped, so each can be found whole.
UNWRAPPED = 400


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_the_catalog_view_shows_every_duty(catalog: DutyCatalog) -> None:
    text = as_text(catalog_table(catalog), UNWRAPPED)
    for heading in ("职责", "适用对象", "周期", "佐证事件", "依据条款", "问题清单"):
        assert heading in text
    for duty in catalog.duties:
        assert duty.id in text
        assert duty.title_zh in text


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
@pytest.mark.parametrize("width", [80, 120])
def test_no_line_is_wider_than_the_terminal(catalog: DutyCatalog, width: int) -> None:
    for table in (catalog_table(catalog), questions_table(catalog)):
        lines = as_text(table, width).splitlines()
        assert max(cell_len(line) for line in lines) <= width


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda c: c.version)
def test_the_questions_view_names_each_questions_duties_by_chinese_title(
    catalog: DutyCatalog,
) -> None:
    lines = as_text(questions_table(catalog), UNWRAPPED).splitlines()
    starts = {
        q.number: next(i for i, line in enumerate(lines) if line.startswith(f"│ {q.number} "))
        for q in catalog.problem_list.questions
    }
    order = sorted(starts.values())
    ends = dict(zip(order, [*order[1:], len(lines)], strict=True))
    blocks = {n: "\n".join(lines[i : ends[i]]) for n, i in starts.items()}
    for question in catalog.problem_list.questions:
        block = blocks[question.number]
        assert question.short_zh in block
        for duty in catalog.duties_by_question[question.number]:
            assert duty.title_zh in block
            assert duty.id in block


def test_the_catalog_view_says_which_units_owe_visits_to_members_in_difficulty() -> None:
    lines = as_text(catalog_table(CATALOGS[0]), UNWRAPPED).splitlines()
    row = next(i for i, line in enumerate(lines) if "走访慰问困难党员" in line)
    assert "·有困难党员的" in lines[row] + lines[row + 1]
