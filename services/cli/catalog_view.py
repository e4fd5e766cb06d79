"""Plain-text views of the duty catalog (职责目录) for ``zeren catalog``.

Pure functions: a catalog in, aligned text out. Columns are padded by
display width (CJK characters count double, per ``east_asian_width``);
a cell may span several lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from contracts.catalog import (
    AppliesTo,
    Cadence,
    Duty,
    DutyCatalog,
    FieldFilter,
    Scope,
    TermCadence,
    WithinDaysCadence,
)

Cell = Sequence[str]
SEPARATOR = " │ "

_PERIODS_ZH = {"monthly": "每月", "quarterly": "每季度", "semester": "每学期", "yearly": "每年"}


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """An aligned table; each cell is a list of lines."""
    table = [[[h] for h in headers], *[[list(cell) or [""] for cell in row] for row in rows]]
    widths = [
        max(display_width(line) for row in table for line in row[i]) for i in range(len(headers))
    ]
    rule = "─┼─".join("─" * w for w in widths)
    out = [*_render_row(table[0], widths), rule]
    for row in table[1:]:
        out.extend(_render_row(row, widths))
    return "\n".join(out)


def _render_row(row: Sequence[Cell], widths: Sequence[int]) -> list[str]:
    height = max(len(cell) for cell in row)
    lines = []
    for i in range(height):
        parts = [cell[i] if i < len(cell) else "" for cell in row]
        padded = [p + " " * (w - display_width(p)) for p, w in zip(parts, widths, strict=True)]
        lines.append(SEPARATOR.join(padded).rstrip())
    return lines


def _applies_to(applies: AppliesTo) -> list[str]:
    kinds = "、".join(k.label_zh for k in applies.kinds)
    if applies.categories:
        kinds += "（" + "、".join(c.label_zh for c in applies.categories) + "）"
    if applies.scope is Scope.OFFICE:
        return [kinds, "·" + "、".join(o.label_zh for o in applies.offices)]
    if applies.scope is Scope.MEMBER:
        return [kinds, "·每名党员"]
    if applies.only_with_office is not None:
        return [kinds, f"·设{applies.only_with_office.label_zh}的"]
    if applies.only_with_needy_members:
        return [kinds, "·有困难党员的"]
    return [kinds]


def _cadence(cadence: Cadence) -> list[str]:
    if isinstance(cadence, WithinDaysCadence):
        due = f"{cadence.days}天内" if cadence.days is not None else f"至{cadence.deadline_field}"
        return [f"{cadence.trigger.event}后", due]
    if isinstance(cadence, TermCadence):
        return ["任期届满前"]
    return [_PERIODS_ZH[cadence.kind]]


def _condition(condition: FieldFilter) -> str:
    if condition.equals is not None:
        return f"{condition.field}={condition.equals}"
    if condition.one_of is not None:
        return f"{condition.field}∈{{{','.join(map(str, condition.one_of))}}}"
    return f"{condition.field}>{condition.greater_than}"


def _evidence(duty: Duty) -> list[str]:
    lines = []
    for position, evidence in enumerate(duty.evidence):
        count = f"×{evidence.min_count}" if evidence.min_count > 1 else ""
        lines.append(("或 " if position else "") + evidence.event + count)
        lines.extend(f"  {_condition(c)}" for c in evidence.where)
        if evidence.min_attendance_ratio is not None:
            lines.append(f"  出席率≥{evidence.min_attendance_ratio}")
    return lines


def _clause(duty: Duty) -> list[str]:
    lines = [duty.clause.ref]
    if duty.policy_setting:
        lines.append("（本校设定）")
    return lines


def render_catalog(catalog: DutyCatalog) -> str:
    """The catalog as a table: 职责, 适用对象, 周期, 佐证事件, 依据条款, 问题清单."""
    rows = [
        [
            [duty.title_zh, duty.id],
            _applies_to(duty.applies_to),
            _cadence(duty.cadence),
            _evidence(duty),
            _clause(duty),
            [", ".join(map(str, duty.questions))],
        ]
        for duty in catalog.duties
    ]
    title = f"{catalog.title_zh}  {catalog.version}（{catalog.effective_from} 起施行）"
    headers = ["职责", "适用对象", "周期", "佐证事件", "依据条款", "问题清单"]
    return f"{title}\n\n{render_table(headers, rows)}\n"


def render_questions(catalog: DutyCatalog) -> str:
    """For each problem-list question: its area, short text and the duties serving it."""
    problems = catalog.problem_list
    rows = [
        [
            [str(question.number)],
            [problems.area(question.area).title_zh],
            [question.short_zh],
            [duty.id for duty in catalog.duties_by_question[question.number]],
        ]
        for question in problems.questions
    ]
    title = f"{problems.title_zh}  {catalog.version}"
    return f"{title}\n\n{render_table(['序号', '责任清单', '问题', '对应职责'], rows)}\n"
