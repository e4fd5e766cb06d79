"""The 问题清单 and the 整改台账 as Excel workbooks (导出), from the case rows of the pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

#: 问题清单: every case of the year, the problem it is about and where it stands.
PROBLEMS = [
    ("序号", None), ("责任单位", "unit"), ("问题", "subject_zh"), ("考核周期", "period_zh"),
    ("截止日期", "due_on"), ("立案日期", "opened_on"), ("问责情形", "grounds_zh"),
    ("已采取措施", "level_zh"), ("问责建议", "proposed_zh"), ("责任人", "persons"),
    ("状态", "status_zh"),
]  # fmt: skip
#: 整改台账: the cases with a rectification to make, its deadline and what is outstanding.
RECTIFICATIONS = [
    ("序号", None), ("责任单位", "unit"), ("问题", "subject_zh"), ("整改期限", "rectify_by"),
    ("逾期未整改", "missed_deadline"), ("严重后果", "serious"), ("未完成事项", "outstanding"),
    ("责任人", "persons"), ("状态", "status_zh"), ("办结日期", "closed_on"),
]  # fmt: skip


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(f"问题清单第{v}题" if v else "本单位" for v in value) or "—"
    return "—" if value is None else value


def workbook(
    title: str, columns: list[tuple[str, str | None]], rows: list[dict[str, Any]]
) -> bytes:
    """One sheet named ``title``: a red header row, then one row per case."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(rows, 1):
        sheet.append([number if key is None else _cell(row.get(key)) for _, key in columns])
    for letter, width in zip(
        "ABCDEFGHIJK", (6, 28, 48, 16, 12, 12, 20, 24, 24, 16, 10), strict=False
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
