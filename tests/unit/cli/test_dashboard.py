"""The dashboard page shows what the services report, escaped, in Chinese."""

from __future__ import annotations

from typing import Any

from services.cli.dashboard import render_page


def _data() -> dict[str, Any]:
    tally = {"fulfilled": 40, "fulfilled_late": 2, "overdue": 3, "open": 1, "waived": 0}
    return {
        "names": {"br-1": "教工第1党支部", "br-2": "<script>x</script>"},
        "compliance": {
            2019: {
                "by_unit": {
                    "br-1": {**tally, "rate": 40 / 45},
                    "br-2": {**tally, "overdue": 9, "rate": 0.5},
                },
                "members_by_unit": {"br-1": {**tally, "overdue": 27, "rate": 0.25}},
                "by_duty": {},
            }
        },
        "cases": [
            {"status": "open", "level": "admonishment"},
            {"status": "open", "level": "criticism"},
            {"status": "resolved", "level": "criticism"},
        ],
        "eligibility": {
            2019: {
                "organizations": [{"organization_id": "br-2", "revocations": []}],
                "persons": [{"person_id": "p-7", "revocations": []}],
            }
        },
    }


def test_page_lists_units_worst_first_cases_per_rung_and_lost_eligibility() -> None:
    page = render_page(_data(), 2019)
    assert "基层党建工作责任制看板（2019 年度）" in page
    assert page.index("br-2") < page.index("教工第1党支部")  # lowest rate first
    assert "<td>88.9%</td>" in page
    assert "<td>50.0%</td>" in page
    # Members' dues counted apart: br-1's own rate stays 88.9%, its members' is 25%.
    assert (
        "<td>88.9%</td><td>40</td><td>2</td><td>3</td><td>1</td><td>25.0%</td><td>27</td>" in page
    )
    assert "党员个人事项按期率" in page
    assert "<td>诫勉谈话、通报批评、取消评优资格</td><td>1</td>" in page
    assert "<td>批评、限期整改</td><td>1</td>" in page  # the resolved case is not counted
    assert "负责人 p-7" in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
