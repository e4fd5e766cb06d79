"""Plain-text views of the duty catalog (职责目录) for ``zeren catalog``.

Pure functions: a catalog in, a rich table out, which wraps its cells to
the terminal's width (CJK characters count double); a cell may span
several lines.
"""

from __future__ import annotations

from rich.table import Table

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
from services.common.tables import table

_PERIODS_ZH = {"monthly": "每月", "quarterly": "每季度", "semester": "每学期", "yearly": "每年"}


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


def catalog_table(catalog: DutyCatalog) -> Table:
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
