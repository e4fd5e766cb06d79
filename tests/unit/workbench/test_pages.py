"""The workbench's pages over a fake of the services: log-in, grouping, names, scope,
Chinese errors, the forms' events, the registry's rejection, exports and deliveries."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from starlette.datastructures import FormData

from contracts.events.oversight import AccountabilityDecided
from services.workbench.forms import payload
from services.workbench.reader import Reader
from tests.unit.workbench.fake import (
    ENDPOINTS,
    SILENT_NOTIFIER,
    WITH_NOTIFIER,
    Fake,
    workbench,
)

ORG_DEPT, AUDITOR = "zeren-demo:org-dept", "zeren-demo:auditor"
SECRETARY = "zeren-demo:branch-secretary"


@pytest.fixture
def fake() -> Fake:
    return Fake()


def logged_in(fake: Fake, token: str, **options: object) -> Iterator[TestClient]:
    with TestClient(workbench(fake, **options)) as client:  # type: ignore[arg-type]
        answer = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
        assert answer.status_code == 303, answer.text
        yield client


@pytest.fixture
def staff(fake: Fake) -> Iterator[TestClient]:
    yield from logged_in(fake, ORG_DEPT)


def main_of(html: str) -> str:
    return html[html.index("<main>") :]


def test_a_page_without_a_session_sends_the_browser_to_log_in(fake: Fake) -> None:
    with TestClient(workbench(fake)) as client:
        answer = client.get("/cases?year=2018", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=%2Fcases%3Fyear%3D2018"
        refused = client.post("/login", data={"token": "zeren-demo:nobody"})
        assert refused.status_code == 401
        assert "令牌无效" in refused.text
        client.cookies.set("zeren_workbench", "forged.value")
        assert client.get("/", follow_redirects=False).status_code == 303
        # a campus system's token is no workbench user
        assert client.post("/login", data={"token": "zeren-demo:finance"}).status_code == 401


def test_log_in_goes_back_only_to_a_page_of_the_site(fake: Fake) -> None:
    with TestClient(workbench(fake)) as client:
        for target, expected in [("/cases", "/cases"), ("//evil.example", "/"), ("http://x", "/")]:
            answer = client.post(
                "/login", data={"token": AUDITOR, "next": target}, follow_redirects=False
            )
            assert answer.headers["location"] == expected
            assert "httponly" in answer.headers["set-cookie"].lower()
            assert "samesite=strict" in answer.headers["set-cookie"].lower()


def test_the_overview_groups_units_and_counts_the_chosen_years_cases(
    staff: TestClient, fake: Fake
) -> None:
    page = main_of(staff.get("/?year=2018").text)
    names = ("中共示范大学委员会", "教育学院党总支", "教育学院教工第1党支部",
             "教工第1党支部第1党小组", "党委直属党支部", "机关第1党支部")  # fmt: skip
    order = [page.index(n) for n in names]
    assert order == sorted(order)
    assert "上海市教育卫生工作委员会" not in page  # the higher committee is no unit here
    assert "数据截至日志时钟 2018-06-30" in page
    assert '<tr class="group"><td><a href="/units/br-1-g1?year=2018">' in page
    rungs = page[page.index('id="rungs"') : page.index("</table>", page.index('id="rungs"'))]
    # 2018: case-1 at criticism (open, notice proposed), case-2 at reminder (resolved)
    assert "提醒</a></td><td>1</td><td>0</td><td>0</td>" in rungs
    assert "限期整改</a></td><td>1</td><td>1</td><td>0</td>" in rungs
    assert "通报、约谈</a></td><td>0</td><td>0</td><td>1</td>" in rungs
    assert ("/v1/cases", "year=2018", ORG_DEPT) in fake.asked
    page_2019 = main_of(staff.get("/?year=2019").text)
    assert "通报、约谈</a></td><td>1</td><td>1</td><td>0</td>" in page_2019


@pytest.mark.parametrize("query", ["year=abc", "year=1800", "year=", "status=lost"])
def test_a_bad_query_parameter_answers_a_chinese_page(staff: TestClient, query: str) -> None:
    path = "/cases" if query.startswith("status") else "/"
    answer = staff.get(f"{path}?{query}")
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "查询参数有误" in answer.text
    assert "workbench.bad_query" in answer.text
    assert "Field required" not in answer.text
    assert '"detail"' not in answer.text


def test_unknown_pages_and_cases_answer_chinese_pages(staff: TestClient) -> None:
    assert "页面不存在" in staff.get("/nowhere").text
    missing = staff.get("/cases/case-404")
    assert missing.status_code == 404
    assert "未找到所查对象" in missing.text
    assert "查询参数有误：梯级" in staff.get("/cases?rung=top").text


def test_an_unreadable_answer_is_a_chinese_page(fake: Fake, staff: TestClient) -> None:
    fake.garbled = True
    answer = staff.get("/")
    assert answer.status_code == 502
    assert "服务返回的内容无法解析" in answer.text


def test_an_unexpected_failure_is_a_chinese_500_page(fake: Fake) -> None:
    fake.cases = [{"case_id": "malformed"}]  # no unit, no status: the overview cannot shape it
    with TestClient(workbench(fake), raise_server_exceptions=False) as client:
        client.post("/login", data={"token": ORG_DEPT})
        answer = client.get("/?year=2018")
    assert answer.status_code == 500
    assert "工作台内部错误" in answer.text
    assert "workbench.internal" in answer.text
    assert "Traceback" not in answer.text


def test_a_unit_shows_its_duties_by_period_with_deadline_status_and_evidence(
    staff: TestClient,
) -> None:
    page = main_of(staff.get("/units/br-1?year=2018").text)
    assert "2018年2月" in page
    assert "2018年3月" in page
    assert page.index("2018年2月") < page.index("2018年3月")
    assert "逾期未履行" in page
    assert "按期履行" in page
    assert "<code>meet-feb</code>" in page
    assert "2018-04-15" in page
    assert "书记 张三" in page  # names, not ids
    members = page[page.index('class="member-duties"') :]
    assert "王五（逾期未履行）" in members  # members' duties summed, the late ones named
    assert '<td class="ok">2</td>' in members
    assert "p-1" not in page


def test_a_unit_shows_the_steps_naming_a_case_it_has_not(staff: TestClient) -> None:
    """未予执行: a decision recorded under a mistyped case id, an acceptance naming a finding
    not entered, and a review naming a decision not recorded, are shown on the unit's page
    for the year they were recorded."""
    page = main_of(staff.get("/units/br-1?year=2018").text)
    shown = page[page.index('id="unapplied"') :]
    assert "<code>dw-slip</code>" in shown
    assert "未见于教育学院教工第1党支部（br-1）的问责案件，未予执行" in shown
    assert "<code>insp-404</code>" in shown  # an acceptance waiting for its finding
    assert "<code>case-br-1-q2</code>（决定 <code>dw-77</code>）" in shown  # a review waiting
    assert 'id="unapplied"' not in main_of(staff.get("/units/br-1?year=2019").text)
    assert 'id="unapplied"' not in main_of(staff.get("/units/br-2?year=2018").text)


def test_overdue_duties_and_member_flags_name_who_answers(staff: TestClient) -> None:
    page = main_of(staff.get("/overdue").text)
    units = page[page.index('id="overdue-units"') : page.index('id="overdue-members"')]
    assert "教育学院教工第1党支部" in units
    assert "张三" in units
    members = page[page.index('id="overdue-members"') :]
    assert "书记 张三" in members  # no case: the unit's office holders answer
    assert "王五" in members
    assert "m-1" not in members


def test_flags_show_who_decides_and_answers_within_the_last_year(staff: TestClient) -> None:
    page = main_of(staff.get("/overdue").text)
    members = page[page.index('id="member-flags"') : page.index('id="unit-flags"')]
    assert "王五" in members  # the member concerned, by name
    assert "连续六个月不交纳党费" in members
    assert "张三" in members  # br-1's secretary when the flag was raised answers
    assert "失去联系" not in members  # raised 2017-05-01, over a year before the clock
    units = page[page.index('id="unit-flags"') :]
    assert "机关第1党支部" in units
    assert "任期不符合党章第三十条" in units
    assert "李四" in units  # the deciding organization's secretary


def test_cases_filter_and_show_names(staff: TestClient, fake: Fake) -> None:
    page = main_of(staff.get("/cases?year=2018&status=open&rung=criticism&unit=br-1").text)
    assert "共 1 件" in page
    assert "br-1支委会未按期召开问题" in page
    assert "张三" in page
    assert ("/v1/cases", "year=2018&rung=criticism&unit=br-1&status=open", ORG_DEPT) in fake.asked


def test_a_case_page_explains_down_to_the_clause_and_the_missing_evidence(
    staff: TestClient,
) -> None:
    page = main_of(staff.get("/cases/case-1").text)
    assert "《实施细则》" in page  # the rungs' and the duty's clauses, quoted
    assert "支部委员会会议" in page or "支委会" in page
    missing = page[page.index('id="missing"') :]
    assert "截止2018-04-15前未记录以下任一佐证" in missing
    assert 'id="form-decision"' in page
    history = page[page.index('id="history"') :]
    assert "<td>逾期未履行：2018年3月</td><td><code>ev-1</code>" in history
    assert 'id="form-interview"' in page
    assert "张三" in page


def test_only_the_organization_department_gets_the_forms(fake: Fake) -> None:
    for client in logged_in(fake, AUDITOR):
        page = client.get("/cases/case-1").text
        assert "问责依据" in page
        assert 'id="form-decision"' not in page
        refused = client.post("/cases/case-1/record/decision", data={})
        assert refused.status_code == 403
        assert "仅党委组织部可记录" in refused.text
    assert fake.posted == []


DECISION = {
    "decided_by": "organization_department", "decision_id": "zzb-2018-7",
    "meeting": "组织部2018年第6期通报", "on": "2018-06-30",
    "measures": ["notice", "interview"], "person_ids": ["p-1"], "reason": "予以通报并约谈",
}  # fmt: skip


def test_a_decision_form_posts_the_department_event_to_the_registry(
    staff: TestClient, fake: Fake
) -> None:
    answer = staff.post("/cases/case-1/record/decision", data=DECISION, follow_redirects=False)
    assert answer.status_code == 303
    (event,) = fake.posted
    assert answer.headers["location"] == f"/cases/case-1?sent=accepted&event={event['id']}"
    assert event["type"] == "zeren.AccountabilityDecided"
    assert event["source"] == "urn:campus:org-dept"
    assert event["data"] == {
        "organization_id": "br-1", "subject_organization_id": "br-1", "case_id": "case-1",
        "decision_id": "zzb-2018-7",
        "decided_by": "organization_department", "meeting": "组织部2018年第6期通报",
        "decided_on": "2018-06-30", "measures": ["notice", "interview"],
        "person_ids": ["p-1"], "reason": "予以通报并约谈",
    }  # fmt: skip
    assert event["time"].startswith("2018-06-30T09:00:00")
    assert ("/v1/events", "", ORG_DEPT) in fake.asked
    staff.post("/cases/case-1/record/decision", data=DECISION)
    assert fake.posted[1]["id"] == event["id"]  # the same form again is a duplicate


def test_a_decision_on_a_committee_case_names_the_unit_the_case_is_about() -> None:
    """A committee's case about a general branch (charged to the parent) is kept where the
    general branch is folded: the event names it (所涉单位) so that the registry places
    it there too. A unit's own case names the unit itself: the registry asks every unit
    answering for others to say which (``ref.subject_unnamed``)."""
    committee = {"organization_id": "cmt", "case_id": "case-9", "subject_organization_id": "gb-1"}
    own = {"organization_id": "br-1", "case_id": "case-1", "subject_organization_id": None}
    form = FormData([("decided_by", "organization_department"), ("decision_id", "zzb-2018-7"),
                     ("meeting", "组织部2018年第6期通报"), ("on", "2018-06-30"),
                     ("measures", "notice")])  # fmt: skip
    decided, decided_own = payload("decision", committee, form), payload("decision", own, form)
    assert isinstance(decided, AccountabilityDecided)
    assert isinstance(decided_own, AccountabilityDecided)
    assert (decided.organization_id, decided.subject_organization_id) == ("cmt", "gb-1")
    assert decided_own.subject_organization_id == "br-1"


def test_after_a_form_the_case_page_reloads_until_the_event_is_noted(staff: TestClient) -> None:
    waiting = staff.get("/cases/case-1?sent=accepted&event=wb-new").text
    assert "正在等待各服务处理" in waiting
    assert 'content="3;url=/cases/case-1?sent=accepted&amp;event=wb-new&amp;tries=1"' in waiting
    noted = staff.get("/cases/case-1?sent=accepted&event=ev-1").text  # in the case's history
    assert "各服务已处理" in noted
    assert 'http-equiv="refresh"' not in noted
    given_up = staff.get("/cases/case-1?sent=accepted&event=wb-new&tries=20").text
    assert "尚未在本案记录此事件" in given_up
    assert 'http-equiv="refresh"' not in given_up
    assert staff.get("/cases/case-1?tries=99").status_code == 400


@pytest.mark.parametrize(
    ("kind", "form", "event_type"),
    [
        ("interview", {"person_id": "p-1", "kind": "interview", "on": "2018-06-30"},
         "InterviewConducted"),
        ("rectification", {"on": "2018-06-30"}, "RectificationAccepted"),
        ("serious", {"on": "2018-06-30", "description": "造成不良影响"},
         "SeriousConsequenceDetermined"),
        ("review", {"decision_id": "zzb-1", "outcome": "revoked", "on": "2018-06-30",
                    "reason": "依据不足"}, "DecisionReviewed"),
    ],
)  # fmt: skip
def test_each_form_makes_its_event(
    staff: TestClient, fake: Fake, kind: str, form: dict[str, str], event_type: str
) -> None:
    answer = staff.post(f"/cases/case-1/record/{kind}", data=form, follow_redirects=False)
    assert answer.status_code == 303, main_of(answer.text)
    assert fake.posted[-1]["type"] == f"zeren.{event_type}"
    assert fake.posted[-1]["data"]["case_id"] == "case-1"


def test_a_form_breaking_the_contract_is_refused_in_chinese_and_not_sent(
    staff: TestClient, fake: Fake
) -> None:
    by_department = {**DECISION, "measures": ["admonishment"]}
    answer = staff.post("/cases/case-1/record/decision", data=by_department)
    assert answer.status_code == 400
    assert "未能记录（问责决定（集体决定））" in answer.text
    assert "decided_by" in answer.text
    missing = staff.post("/cases/case-1/record/serious", data={"on": "2018-06-30"})
    assert missing.status_code == 400
    assert "description" in missing.text
    assert fake.posted == []


def test_a_review_keeping_a_measure_the_decision_did_not_take_is_refused(
    staff: TestClient, fake: Fake
) -> None:
    """zzb-1 took 通报、约谈 (case-3); a 变更 keeping 诫勉谈话 would add a measure: the
    accountability service would not apply it, so the form says so and sends nothing."""
    form = {"decision_id": "zzb-1", "outcome": "changed", "on": "2019-06-30",
            "measures": ["notice", "admonishment"], "reason": "复查"}  # fmt: skip
    answer = staff.post("/cases/case-3/record/review", data=form)
    assert answer.status_code == 400
    assert "复查变更只能保留原决定所作的措施，不能增加" in answer.text
    assert fake.posted == []
    kept = staff.post("/cases/case-3/record/review", data={**form, "measures": ["notice"]},
                      follow_redirects=False)  # fmt: skip
    assert kept.status_code == 303, main_of(kept.text)
    assert fake.posted[-1]["data"]["measures"] == ["notice"]


def test_the_registrys_rejection_is_shown_in_chinese(staff: TestClient, fake: Fake) -> None:
    fake.rejection = {
        "field": "source", "code": "auth.type_not_allowed",
        "message_en": "not allowed", "message_zh": "该来源无权发布此类事件",
    }  # fmt: skip
    answer = staff.post("/cases/case-1/record/decision", data=DECISION)
    assert answer.status_code == 422
    assert "该来源无权发布此类事件" in answer.text
    assert "auth.type_not_allowed" in answer.text


def test_a_branch_secretary_sees_only_his_units(fake: Fake) -> None:
    fake.cases[0]["organization_id"] = fake.cases[0]["subject_organization_id"] = "br-edu-faculty-1"
    for client in logged_in(fake, SECRETARY):
        overview = main_of(client.get("/?year=2018").text)
        assert "教育学院教工第3党支部" in overview
        assert "第3党支部第1党小组" in overview
        assert "教育学院教工第1党支部" not in overview  # br-1 is not his
        assert "80.0%" not in overview  # the committee is named for context, its figures not
        assert "机关第1党支部" not in overview
        refused = client.get("/units/br-1?year=2018")
        assert refused.status_code == 403
        assert "不在您的查阅范围内" in refused.text
        cases = main_of(client.get("/cases?year=2018").text)
        assert "共 1 件" in cases
        assert "/cases/case-1" in cases
        assert client.get("/cases/case-2").status_code == 403
        overdue = main_of(client.get("/overdue").text)
        assert "连续六个月不交纳党费" not in overdue  # br-1's member: not his
        assert "任期不符合党章第三十条" not in overdue
        assert client.get("/trends").status_code == 403
        assert client.get("/export/problems.xlsx?year=2018").status_code == 403
    # his pages read with the workbench's reader token, never his own
    assert {token for _, _, token in fake.asked} == {AUDITOR}


def test_the_exports_are_excel_workbooks_of_the_years_cases(staff: TestClient) -> None:
    problems = staff.get("/export/problems.xlsx?year=2018")
    assert problems.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(problems.content)).active
    assert sheet is not None
    rows = list(sheet.values)
    assert rows[0][:3] == ("序号", "责任单位", "问题")
    assert [r[1] for r in rows[1:]] == ["教育学院教工第1党支部", "教育学院学生第1党支部"]
    ledger = load_workbook(BytesIO(staff.get("/export/rectifications.xlsx?year=2018").content))
    assert ledger.active is not None
    rows = list(ledger.active.values)
    assert rows[0][3] == "整改期限"
    assert [(r[2], r[3]) for r in rows[1:]] == [("br-1支委会未按期召开问题", "2018-05-16")]


def test_the_notice_is_printable_and_lists_the_decisions(staff: TestClient) -> None:
    page = staff.get("/notice?year=2019").text
    assert "@media print" in page
    notice = main_of(page)
    assert "关于2019年度基层党建工作责任制落实情况的通报" in notice
    assert "组织部通报" in notice
    assert "通报、约谈" not in notice.split('id="notice"')[0]
    assert "李四" in notice
    assert "党委组织部" in notice


def test_trends_draw_the_monthly_rate_and_cases_as_inline_svg(staff: TestClient) -> None:
    page = staff.get("/trends?year=2018").text
    assert page.count("<svg") == 5  # the rate, then one per rung
    assert "<title>2018-03：50.0%</title>" in page
    assert "<title>2018-04 立案：1</title>" in page
    assert "<script" not in page
    assert "http://" not in page.split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


def test_deliveries_show_when_a_notifier_is_configured(fake: Fake) -> None:
    fake.deliveries = [
        {"event_id": "a-1", "case_id": "case-1", "unit_id": "br-1", "rung": "interview",
         "kind": "proposal", "channel": "webhook", "recipient": "oa",
         "recipient_name": "组织部办公系统", "status": "failed", "attempts": 5,
         "last_error": "HTTP 500", "updated_at": "2018-06-30"},
        {"event_id": "a-2", "case_id": "case-2", "unit_id": "br-2", "rung": "reminder",
         "kind": "measure", "channel": "email", "recipient": "zzb",
         "recipient_name": "组织部邮箱", "status": "delivered", "attempts": 1,
         "last_error": None, "updated_at": "2018-06-30"},
    ]  # fmt: skip
    for client in logged_in(fake, ORG_DEPT, endpoints=WITH_NOTIFIER):
        page = main_of(client.get("/deliveries").text)
        assert "发送失败" in page
        assert "已送达" in page
        assert "HTTP 500" in page
        assert "教育学院教工第1党支部" in page
        for label in ("约谈", "问责建议", "接口推送", "组织部办公系统", "电子邮件", "组织部邮箱"):
            assert label in page  # names and Chinese labels, not ids
        failed = main_of(client.get("/deliveries?status=failed").text)
        assert "组织部办公系统" in failed
        assert "组织部邮箱" not in failed
        bad = client.get("/deliveries?status=lost")
        assert bad.status_code in (400, 422)
        assert "查询参数有误" in bad.text
        case = main_of(client.get("/cases/case-1").text)
        deliveries = case[case.index('id="deliveries"') :]
        assert "组织部办公系统" in deliveries
        assert "组织部邮箱" not in deliveries  # another case's
    for client in logged_in(Fake(), ORG_DEPT, endpoints=SILENT_NOTIFIER):
        case = client.get("/cases/case-1")
        assert case.status_code == 200  # the case stands without the notifier
        assert "告警通知服务：服务暂不可用" in case.text
        assert client.get("/deliveries").status_code == 503
    for client in logged_in(Fake(), ORG_DEPT):
        assert "未配置告警通知服务" in client.get("/deliveries").text
        assert 'id="deliveries"' not in client.get("/cases/case-1").text


async def test_names_are_asked_a_few_hundred_at_a_time(fake: Fake) -> None:
    transport = httpx.ASGITransport(fake.app())
    async with httpx.AsyncClient(transport=transport) as http:
        found = await Reader(http, ENDPOINTS, AUDITOR).names(
            {f"x-{n}" for n in range(450)} | {"p-1"}
        )
    assert found == {"p-1": "张三"}
    assert [path for path, _, _ in fake.asked] == ["/v1/names"] * 3
