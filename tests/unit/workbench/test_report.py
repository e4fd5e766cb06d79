"""The monthly report (月度报告) over the fake services: rates by 二级党组织, cases per rung,
and the log's checkpoints checked against the published key (✓/✗/根不符)."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from services.workbench.report import second_level
from services.workbench.views import flatten
from tests.unit.workbench.fake import TREE, Fake, signed_checkpoint
from tests.unit.workbench.test_pages import ORG_DEPT, SECRETARY, logged_in, main_of

pytestmark = pytest.mark.unit

KEY = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _rows(page: str, table: str) -> list[list[str]]:
    """The cells of ``table``'s body rows, tags stripped."""
    body = page.split(f'id="{table}"')[1].split("</table>")[0].split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _cases(page: str) -> dict[str, tuple[str, str]]:
    """Per rung: the month's cases opened and closed."""
    return {r[0]: (r[1], r[2]) for r in _rows(page, "report-cases")}


def test_the_report_checks_each_checkpoint_against_the_published_key() -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes([8]) * 32)
    fake = Fake(public_key=PUBLIC, checkpoints=[
        signed_checkpoint(KEY, "2018-04-01", [5, 3, 4]),
        signed_checkpoint(other, "2018-04-02", [6, 3, 4]),  # not the registry's key
        signed_checkpoint(KEY, "2018-04-03", [7, 4, 4], alter_count=True),
        signed_checkpoint(KEY, "2018-05-01", [9, 9, 9]),  # another month
    ])  # fmt: skip
    for client in logged_in(fake, ORG_DEPT):
        answer = client.get("/report?month=2018-04")
        assert answer.status_code == 200
        page = main_of(answer.text)
        assert "@media print" in answer.text
        assert "2018年4月基层党建工作责任制落实情况月度报告" in page
        assert f'<code id="public-key" class="hash">{PUBLIC}</code>' in page
        rows = _rows(page, "report-checkpoints")
        assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
            ("2018-04-01", "3", "12", "✓ 签名有效"),
            ("2018-04-02", "3", "13", "✗ 签名无效"),
            ("2018-04-03", "3", "16", "根不符"),
        ]
        assert rows[0][3] == fake.checkpoints[0]["root"]
        assert '<a href="/report">月度报告</a>' in answer.text
    assert ("/v1/chain/checkpoints", "month=2018-04", ORG_DEPT) in fake.asked


def test_the_report_shows_the_months_rates_by_second_level_unit_and_its_cases() -> None:
    fake = Fake()
    for client in logged_in(fake, ORG_DEPT):
        page = main_of(client.get("/report?month=2018-04").text)
        rates = _rows(page, "report-rates")
        # br-1 (8/1/1, 2 open) and br-2 (1/0/1, 2 open) under 教育学院党总支: 9 of 12 on time
        assert rates == [
            ["党委本级", "书记 张三", "80.0%", "8", "1", "1", "2"],
            ["教育学院党总支", "书记 张三", "75.0%", "9", "1", "2", "4"],
            ["党委直属党支部", "各支部书记", "80.0%", "8", "1", "1", "2"],
            ["全校合计", "", "80.0%", "8", "1", "1", "2"],
        ]
        asked = {path for path, _, _ in fake.asked}
        assert {"/v1/organizations/pc", "/v1/organizations/gb-1"} <= asked
        cases = _cases(page)
        # case-1 (批评) and case-2 (提醒, closed in May) opened 2018-04-16
        assert cases["提醒"] == ("1", "0")
        assert cases["提出批评，限期整改"] == ("1", "0")
        may = _cases(client.get("/report?month=2018-05").text)
        assert may["提醒"] == ("0", "1")
        assert "本月无签名检查点（日志未启用哈希链）" in page
        assert "未发布签名公钥" in page


def test_the_report_defaults_to_the_clocks_month_and_says_when_it_has_no_checkpoints() -> None:
    fake = Fake(public_key=PUBLIC, checkpoints=[signed_checkpoint(KEY, "2018-04-01", [1])])
    for client in logged_in(fake, ORG_DEPT):
        page = main_of(client.get("/report").text)
        assert "2018年6月" in page  # the fake's clock is at 2018-06-30
        assert "本月无签名检查点（本月日志尚未开始或尚未记录）" in page
        assert 'id="report-checkpoints"' not in page


@pytest.mark.parametrize("month", ["abc", "2018-13", "2018-4", "1999-12"])
def test_a_bad_month_answers_a_chinese_page(month: str) -> None:
    for client in logged_in(Fake(), ORG_DEPT):
        answer = client.get(f"/report?month={month}")
        assert answer.status_code == 400
        assert "查询参数有误：月份" in answer.text
        assert "workbench.bad_query" in answer.text


def test_the_report_is_for_readers_of_the_whole_university() -> None:
    for client in logged_in(Fake(), SECRETARY):
        refused = client.get("/report?month=2018-04")
        assert refused.status_code == 403
        assert "此页面仅限党委组织部、党委委员和审计查阅" in refused.text
        assert '<a href="/report">' not in client.get("/").text


def test_each_unit_reports_under_its_second_level_unit() -> None:
    orgs = flatten(TREE)
    assert second_level(orgs, "br-1-g1") == ("教育学院党总支", "gb-1")
    assert second_level(orgs, "gb-1") == ("教育学院党总支", "gb-1")
    assert second_level(orgs, "br-9") == ("党委直属党支部", None)
    assert second_level(orgs, "pc") == ("党委本级", "pc")
    assert second_level(orgs, "ext-city") is None  # the higher committee is no unit here
    assert second_level(orgs, "nowhere") is None
