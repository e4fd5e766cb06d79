"""Plain-text views of the duty catalog (职责目录) for ``zeren catalog``.

Pure functions: a catalog in, a rich table out, which wraps its cells to
the terminal's width (CJK characters count double); a cell may span
several lines.
"""

from __future__ import annotations

from rich.table import Table

from contracts.catalog import (
    Duty,
    DutyCatalog,
)
from contracts.catalog.describe import applies_to_lines, cadence_lines, evidence_lines
from services.common.tables import table


def _clause(duty: Duty) -> list[str]:
    lines = [duty.clause.ref]
    if duty.policy_setting:
        lines.append("（本校设定）")
    return lines


def catalog_table(catalog: DutyCatalog) -> Table:
    """The catalog as a table: 职责, 适用对象, 周期, 佐证事件, 依据条款, 问题清单."""
    rows = [
        [
            [duty.title_zh, duty.id],
            applies_to_lines(duty.applies_to),
            cadence_lines(duty.cadence),
            evidence_lines(duty),
            _clause(duty),
            [", ".join(map(str, duty.questions))],
        ]
        for duty in catalog.duties
    ]
    title = f"{catalog.title_zh}  {catalog.version}（{catalog.effective_from} 起施行）"
    headers = ["职责", "适用对象", "周期", "佐证事件", "依据条款", "问题清单"]
    return table(title, headers, rows)


def questions_table(catalog: DutyCatalog) -> Table:
    """For each problem-list question: its area, short text and the duties serving it,
    by Chinese title (with the id under it)."""
    problems = catalog.problem_list
    rows = [
        [
            [str(question.number)],
            [problems.area(question.area).title_zh],
            [question.short_zh],
            [
                line
                for duty in catalog.duties_by_question[question.number]
                for line in (duty.title_zh, f"  {duty.id}")
            ],
        ]
        for question in problems.questions
    ]
    title = f"{problems.title_zh}  {catalog.version}"
    return table(title, ["序号", "责任清单", "问题", "对应职责"], rows)
