"""What a replay answers (回放查询), as rich tables: the same pure queries as the services'
HTTP API."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table

from services.accountability.domain.models import CaseStatus
from services.accountability.domain.queries import CaseFilter, award_eligibility, list_cases
from services.audit.replay import ReplayResult
from services.common.tables import table
from services.duties.domain.instances import Status
from services.duties.domain.queries import DutyView, compliance, unit_duties

STATUS_ZH = {
    Status.OPEN: "未到期",
    Status.FULFILLED: "已履行",
    Status.OVERDUE: "逾期",
    Status.FULFILLED_LATE: "补履行",
    Status.WAIVED: "免除",
}


def _as_of(result: ReplayResult) -> str:
    return f"as of 截至 {result.until}" if result.until else "whole log 全部日志"


def duty_matrix(result: ReplayResult, org: str, year: int) -> Table:
    """One unit's duties × periods of ``year`` with their status (本单位责任矩阵)."""
    views = unit_duties(result.duties, org, year)
    rows = [
        [[duty_id], [f"{_cell(v)} {STATUS_ZH[v.status]}" for v in group]]
        for duty_id, group in groupby(views, key=lambda v: v.duty_id)
    ]
    title = f"{org} {year} duties 责任事项 ({_as_of(result)})"
    return table(
        title, ["职责 duty", "期间 状态 period status"], rows or [[["无责任事项 none"], []]]
    )


def _cell(view: DutyView) -> str:
    subject = view.person_id or view.member_id
    return f"{view.period}/{subject}" if subject else view.period


def compliance_summary(result: ReplayResult, year: int) -> Table:
    """The university's on-time rate, unit and member duties apart, then per duty, for
    periods beginning in ``year`` (全校履行率)."""
    report = compliance(result.duties, year)
    totals = [
        [[label], [str(tally["rate"])], [f"逾期 {tally['overdue']}"]]
        for label, tally in (
            ("单位职责 unit duties", report.unit_duties),
            ("党员个人事项 member duties", report.member_duties),
        )
    ]
    per_duty = [
        [
            [duty_id],
            [str(tally["rate"])],
            [", ".join(f"{STATUS_ZH[s]} {tally[s.value]}" for s in Status)],
        ]
        for duty_id, tally in report.by_duty.items()
    ]
    title = f"{year} compliance 履行率 ({_as_of(result)})"
    return table(title, ["职责 duty", "按期率 rate", "计数 counts"], totals + per_duty)


def cases_and_eligibility(result: ReplayResult, year: int) -> tuple[Table, Table]:
    """Open cases (办理中的问责案件) and the year's lost award eligibility (取消评优资格)."""
    cases = [
        [[case.case_id], [case.organization_id], [case.level or "-"],
         [f"{case.duty_id} {case.period}" if case.duty_id else case.finding_id or ""]]
        for case in list_cases(result.ledger, CaseFilter(status=CaseStatus.OPEN))
    ]  # fmt: skip
    lost = award_eligibility(result.ledger, year)
    revoked = [
        [[subject.get("organization_id") or subject.get("person_id") or ""],
         [r["reason_zh"] for r in subject["revocations"]]]
        for subject in (*lost["organizations"], *lost["persons"])
    ]  # fmt: skip
    return (
        table(f"open cases 办理中案件 ({_as_of(result)})",
              ["案件 case", "责任单位 unit", "梯级 rung", "事项 item"], cases),
        table(f"{year} award eligibility revoked 取消评优评先资格",
              ["对象 subject", "原因 reasons"], revoked),
    )  # fmt: skip
