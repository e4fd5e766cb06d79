"""Catalog entries described in Chinese (职责说明), as lines: what ``zeren catalog`` shows
in its cells and ``docs/catalog.md`` in its rows."""

from __future__ import annotations

from contracts.catalog.models import (
    AppliesTo,
    Cadence,
    Duty,
    FieldFilter,
    Scope,
    TermCadence,
    WithinDaysCadence,
)

PERIODS_ZH = {"monthly": "每月", "quarterly": "每季度", "semester": "每学期", "yearly": "每年"}


def applies_to_lines(applies: AppliesTo) -> list[str]:
    """适用对象: the kinds (and categories), then whom within them."""
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


def cadence_lines(cadence: Cadence) -> list[str]:
    """周期: when an instance falls due."""
    if isinstance(cadence, WithinDaysCadence):
        due = f"{cadence.days}天内" if cadence.days is not None else f"至{cadence.deadline_field}"
        return [f"{cadence.trigger.event}后", due]
    if isinstance(cadence, TermCadence):
        return ["任期届满前"]
    return [PERIODS_ZH[cadence.kind]]


def condition_zh(condition: FieldFilter) -> str:
    """One filter an evidence fact must pass."""
    if condition.equals is not None:
        return f"{condition.field}={condition.equals}"
    if condition.one_of is not None:
        return f"{condition.field}∈{{{','.join(map(str, condition.one_of))}}}"
    return f"{condition.field}>{condition.greater_than}"


def evidence_lines(duty: Duty) -> list[str]:
    """佐证事件: the facts that meet the duty, any one of them, with their filters."""
    lines = []
    for position, evidence in enumerate(duty.evidence):
        count = f"×{evidence.min_count}" if evidence.min_count > 1 else ""
        lines.append(("或 " if position else "") + evidence.event + count)
        lines.extend(f"  {condition_zh(c)}" for c in evidence.where)
        if evidence.min_attendance_ratio is not None:
            lines.append(f"  出席率≥{evidence.min_attendance_ratio}")
        if evidence.assigned_by is not None:
            lines.append(f"  限本人经{evidence.assigned_by.event}确定的组织")
        if evidence.by_the_department:
            lines.append("  组织部所为，以其日期为准")
    return lines
