"""The demo's summary: proposals against decisions per rung, eligibility lost and restored."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.policy import policy_in_force
from services.cli.demo_summary import eligibility_lines, ladder_lines, render

pytestmark = pytest.mark.unit

POLICY = policy_in_force(date(2020, 12, 31))


def _case(n: int, status: str = "open", level: str | None = "criticism", **fields: Any) -> Any:
    return {
        "case_id": f"case-{n}",
        "organization_id": "br-1",
        "status": status,
        "level": level,
        "proposed": [],
        "decisions": [],
        **fields,
    }


def _decided(body: str, reviewed: str | None = None) -> dict[str, Any]:
    return {"decision_id": f"d-{body}", "decided_by": body, "reviewed": reviewed}


CASES = [
    _case(1, proposed=["notice_interview"]),
    _case(2, proposed=["notice_interview"], status="resolved"),
    _case(3, proposed=["notice_interview"], decisions=[_decided("organization_department")]),
    _case(
        4,
        level="admonishment",
        proposed=["notice_interview", "admonishment"],
        decisions=[_decided("organization_department"), _decided("party_committee")],
    ),
    _case(
        5,
        status="resolved",
        level="admonishment",
        proposed=["notice_interview", "admonishment"],
        decisions=[_decided("party_committee", reviewed="revoked")],
    ),
    _case(6, proposed=["notice_interview", "admonishment"]),
    _case(7),
]


def test_each_decided_rung_shows_proposals_against_decisions() -> None:
    lines = ladder_lines(CASES, POLICY)

    assert lines[1] == (
        "  通报、约谈 (党委组织部): 建议 proposed 6 / 已决定 decided 2（复查撤销 revoked 0）, "
        "未结待决定 open awaiting 2"
    )
    assert lines[2] == (
        "  诫勉谈话、通报批评、取消年度评优评先资格 (党委): 建议 proposed 3 / "
        "已决定 decided 2（复查撤销 revoked 1）, 未结待决定 open awaiting 1"
    )
    assert lines[3].endswith(
        "measures without a decision: 0（无决定即无此类措施 none exists without a decision）"
    )
    assert len(lines) == 4


def test_a_top_rung_case_with_no_committee_decision_is_counted() -> None:
    stray = _case(8, level="admonishment", decisions=[_decided("organization_department")])
    assert "without a decision: 1（" in ladder_lines([*CASES, stray], POLICY)[-1]


def _eligibility(orgs: int, persons: int, restored: list[str]) -> dict[str, Any]:
    return {
        "organizations": [{"organization_id": f"br-{n}"} for n in range(orgs)],
        "persons": [{"person_id": f"p-{n}"} for n in range(persons)],
        "restored": [{"subject": s} for s in restored],
    }


def test_eligibility_lost_and_restored_per_year() -> None:
    lines = eligibility_lines(
        {2019: _eligibility(3, 2, ["organization", "person"]), 2018: _eligibility(0, 0, [])}
    )
    assert lines[1:] == [
        "  2018年度: 取消 lost 0 个党组织, 0 名负责人; 复查恢复 restored 0 个党组织, 0 名负责人",
        "  2019年度: 取消 lost 3 个党组织, 2 名负责人; 复查恢复 restored 1 个党组织, 1 名负责人",
    ]


def test_the_summary_carries_the_ladder_and_the_eligibility() -> None:
    data = {
        "names": {"br-0": "第一党支部"},
        "intake": {"accepted": 10},
        "compliance": {
            2020: {
                "by_unit": {"br-0": {"rate": 0.9, "overdue": 1, "fulfilled_late": 0}},
                "by_duty": {},
                "member_duties": {"rate": 0.5, "overdue": 40, "fulfilled_late": 2},
            }
        },
        "cases": CASES,
        "eligibility": {2020: _eligibility(1, 1, ["organization"])},
    }
    text = render(data, 2020)

    assert "未结案件 open cases: 5 — admonishment 1, criticism 4" in text
    assert "on-time rate per unit (单位职责 unit duties): 1 个单位, 平均 90.0%" in text
    assert (
        "党员个人事项按期率 member duties on-time rate (另计 counted apart): 50.0%, 逾期 40" in text
    )
    assert "通报、约谈 (党委组织部): 建议 proposed 6 / 已决定 decided 2" in text
    assert "2020年度: 取消 lost 1 个党组织, 1 名负责人; 复查恢复 restored 1 个党组织" in text
    assert "  第一党支部 (br-0) 取消2020年度评优评先资格" in text
