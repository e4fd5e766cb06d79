"""What the notifier sends, and to whom, clause by clause: from the facts to the message.

Each test's docstring states the outcome expected BY HAND, with the rule, before the code
was run. Rules (seed 沪开大委〔2017〕48号 四; docs/notifier.md; README):
- the system proposes, people decide: a proposal (问责建议) reads as a proposal, names
  the body that decides and never says the measure was taken;
- every alert names the unit charged and the office holders who owed the duty at the
  time (责任人), never a counterpart; a duty charged to the parent names the parent as
  the unit charged and the unit it is about only as 涉及;
- 提出批评，限期整改 names the persons charged and the rectification deadline;
- a correction (责任人更正) reaches the person no longer named when routes say
  ``charged: true``;
- a member flag is a 情况提示 for the branch, never a verdict;
- an alert is delivered once per recipient, whatever repeats of its event are read;
- routing is data: what the routes file says, nothing more, nothing less.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any
from unittest.mock import MagicMock

import pytest

from contracts.bindings import encode_binary
from contracts.envelope import Envelope, examples
from contracts.events import structure
from contracts.events.accountability import (
    EVENTS,
    AccountabilityAction,
    AccountabilityProposed,
    CriticismIssued,
    DecisionReviewConcluded,
    ResponsiblePersonsCorrected,
)
from contracts.events.base import Payload
from contracts.events.duties import DutyOverdue, MemberSituationFlagged, OrganizationFlagged
from contracts.events.enums import (
    DecidingBody,
    MemberSituation,
    Office,
    ReviewOutcome,
    Rung,
)
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.common.ids import case_id
from services.common.pipeline import InputRecord, Pipeline
from services.notifier.adapters.routes_file import DEFAULT_ROUTES, load_routes
from services.notifier.adapters.store import PLANNED_COLUMNS, PlanningPipeline, PlanningProjection
from services.notifier.domain.alerts import Alert, AlertKind, alert_of
from services.notifier.domain.messages import render
from services.notifier.domain.routes import Routes
from tests.unit.accountability.builders import (
    BEGINNING,
    QUARTERLY,
    Run,
    a_branch,
    duty,
    envelope,
    from_the_facts,
    tick,
)
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

ACCOUNTABILITY = "zeren.accountability.v2"
MEETING = "branch.general_meeting.quarterly"
EVALUATION = "parent.branch_work_report_evaluation.yearly"  # 三、（八）, charged to the parent
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]
#: What a measure taken says it does (texts._ACTIONS): never in a proposal.
TAKEN = ("现予提醒", "现提出批评", "现予通报", "约谈相关责任人，督促", "进行诫勉谈话",
         "予以通报批评", "取消该党组织及其负责人")  # fmt: skip


# ── helpers ──────────────────────────────────────────────────────────────────────────


def _example(event_type: str) -> Envelope:
    return next(e for e in examples() if e.type == f"zeren.{event_type}")


def _alert(env: Envelope) -> Alert:
    found = alert_of(env)
    assert found is not None, env.type
    return found


def _action(env: Envelope) -> AccountabilityAction:
    assert isinstance(env.data, AccountabilityAction), env.type
    return env.data


def _ids(routes: Routes, alert: Alert) -> list[str]:
    return [r.id for r in routes.deliveries(alert)]


def _routes(*routes: dict[str, Any], people: tuple[str, ...] = ()) -> Routes:
    """组织部, 党委 and a branch secretary's mailbox for each person in ``people``."""
    recipients: list[dict[str, Any]] = [
        {"id": "org", "name_zh": "组织部", "via": {"channel": "file", "path": "org.jsonl"}},
        {"id": "committee", "name_zh": "党委", "via": {"channel": "file", "path": "c.jsonl"}},
    ]
    recipients += [
        {"id": f"to-{p}", "name_zh": p, "person_id": p,
         "via": {"channel": "email", "address": f"{p}@example.edu.cn"}}
        for p in people
    ]  # fmt: skip
    return Routes.model_validate({"recipients": recipients, "routes": list(routes)})


def _left(org: str, person: str, on: date) -> Payload:
    return make(structure.OfficeHolderLeftOffice, organization_id=org, person_id=person,
                office="secretary", left_on=on)  # fmt: skip


def _appointed(org: str, person: str, on: date) -> Payload:
    return make(structure.OfficeHolderAppointed, organization_id=org, person_id=person,
                person_name=f"{person}同志", office="secretary", appointed_on=on)  # fmt: skip


def _about(outputs: list[Envelope], duty_id: str, period: str) -> list[Envelope]:
    return [
        e
        for e in outputs
        if isinstance(e.data, AccountabilityAction)
        and (e.data.duty_id, e.data.period) == (duty_id, period)
    ]


def _record(env: Envelope, offset: int) -> InputRecord:
    key, value, headers = encode_binary(env)
    return InputRecord(ACCOUNTABILITY, 0, offset, key, value, headers)


# ── 1. the packaged routes, every kind of event ──────────────────────────────────────


@pytest.mark.parametrize("event_type", [e.__name__ for e in EVENTS])
def test_the_packaged_routes_send_every_alert_to_the_department_and_no_person(
    event_type: str,
) -> None:
    """By hand (deploy/notifier_routes.yaml, docs/notifier.md "Out of the box"): every
    accountability alert, whatever its kind, reaches 组织部 (org-department); only a
    proposal the committee must decide reaches 党委 as well; the examples' proposal is
    to 组织部 (so: org-department alone). No person is reached (no person recipients)."""
    routes = load_routes(DEFAULT_ROUTES)
    assert _ids(routes, _alert(_example(event_type))) == ["org-department"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (DecidingBody.PARTY_COMMITTEE, ["org-department", "party-committee"]),
        (DecidingBody.ORGANIZATION_DEPARTMENT, ["org-department"]),
    ],
)
def test_the_packaged_routes_send_a_proposal_to_the_body_that_decides(
    body: DecidingBody, expected: list[str]
) -> None:
    """By hand (same file): a proposal to the committee reaches 党委 and 组织部; a
    proposal to the department only 组织部. A measure the committee decided is no
    proposal: it reaches 组织部 only (the routes name no other)."""
    env = _example("AccountabilityProposed")
    assert isinstance(env.data, AccountabilityProposed)
    proposal = env.model_copy(update={"data": env.data.model_copy(update={"proposed_to": body})})
    routes = load_routes(DEFAULT_ROUTES)
    assert _ids(routes, _alert(proposal)) == expected
    decided = _example("NotifiedCriticismIssued")
    decided = decided.model_copy(
        update={"data": decided.data.model_copy(update={"decided_by": body})}
    )
    assert _ids(routes, _alert(decided)) == ["org-department"]


# ── 2. from the facts: criticism and the proposals that follow ───────────────────────


def _untended_branch() -> list[Envelope]:
    """a_branch() (br-1, secretary p-1 王丽) holds nothing from 2018-01-01 to 2018-05-20."""
    return from_the_facts(a_branch(), BEGINNING, [], date(2018, 5, 20))


def test_a_criticism_names_the_persons_charged_and_the_deadline() -> None:
    """By hand (四: 提出批评，限期整改; 30 days): br-1's Q1 支部党员大会 (due 04-15) is
    criticised on 04-16, naming p-1 (王丽, secretary at the deadline), rectify_by
    04-16 + 30 days = 2018-05-16. The message: subject 【提出批评，限期整改】, the text
    naming 王丽（p-1） and saying 请于2018年5月16日前整改到位, the id line 责任人编号：p-1,
    the unit line 责任单位编号：br-1; the webhook body's persons_charged ["p-1"] and its
    data.rectify_by "2018-05-16". Under routes {charged: true} p-1 gets it."""
    (env,) = [e for e in _about(_untended_branch(), MEETING, "2018-Q1")
              if isinstance(e.data, CriticismIssued)]  # fmt: skip
    assert isinstance(env.data, CriticismIssued)
    assert env.data.rectify_by == env.time.date() + timedelta(days=30) == date(2018, 5, 16)
    message = render(_alert(env))
    assert message.subject.startswith("【提出批评，限期整改】")
    assert "王丽（p-1）" in message.text
    assert "请于2018年5月16日前整改到位" in message.text
    assert "责任人编号：p-1" in message.text.splitlines()
    assert "责任单位编号：br-1" in message.text.splitlines()
    assert message.body["persons_charged"] == ["p-1"]
    assert message.body["data"]["rectify_by"] == "2018-05-16"
    assert _ids(_routes({"charged": True}, people=("p-1", "p-9")), _alert(env)) == ["to-p-1"]


def test_a_proposal_reads_as_a_proposal_and_names_the_body_that_decides() -> None:
    """By hand (四: 通报、约谈 are proposed, never automatic; docs/notifier.md 【问责建议】):
    br-1 lets many works pass by 05-20, so 通报、约谈 are proposed to 组织部 (特别突出 or
    限期未整改). Every such alert: subject 【问责建议】…, title ending 的建议, first line
    "此为建议，尚待组织部研究决定；作出决定前，不采取上述措施", the text saying 建议 and
    提请组织部研究决定, no 决定机关 line, no phrase of a measure taken (现予通报, 约谈相关
    责任人，督促…), body kind "proposal". Packaged routes: org-department only.

    CORRECTED after running (my expectation was wrong): DecidingBody's label is
    党委组织部, not 组织部, so the lines read 尚待党委组织部研究决定 / 提请党委组织部研究决定."""
    proposals = [e for e in _untended_branch() if isinstance(e.data, AccountabilityProposed)]
    assert proposals
    routes = load_routes(DEFAULT_ROUTES)
    for env in proposals:
        assert isinstance(env.data, AccountabilityProposed)
        assert env.data.proposed_to is DecidingBody.ORGANIZATION_DEPARTMENT
        message = render(_alert(env))
        first = message.text.splitlines()[0]
        assert message.subject.startswith("【问责建议】")
        assert env.data.title_zh.endswith("的建议")
        assert "此为建议，尚待党委组织部研究决定；作出决定前，不采取上述措施" in first
        assert "建议" in _action(env).text_zh
        assert "提请党委组织部研究决定" in _action(env).text_zh
        assert "决定机关" not in message.text
        assert not [phrase for phrase in TAKEN if phrase in message.text]
        assert message.body["kind"] == "proposal"
        assert _ids(routes, _alert(env)) == ["org-department"]


def test_a_proposal_charges_only_the_persons_it_names() -> None:
    """By hand (test_answering_parties 7b; README: "a successor is not proposed for what a
    predecessor let pass; the unit is proposed all the same"): p-1 leaves br-1 on 04-09,
    p-2 takes the office on 04-10 and is criticised on 04-16; the 特别突出 proposal of
    04-17 about the Q1 meeting names nobody for 约谈 (person_ids []). The alert must charge
    exactly whom the proposal names: persons_charged (), no 责任人编号 line, and a route
    {charged: true} sends it to neither p-1 nor p-2 (never to a person the proposal does
    not name)."""
    facts = [
        (date(2018, 4, 9), _left("br-1", "p-1", date(2018, 4, 9))),
        (date(2018, 4, 10), _appointed("br-1", "p-2", date(2018, 4, 10))),
    ]
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 4, 17))
    (env,) = [e for e in _about(outputs, MEETING, "2018-Q1")
              if isinstance(e.data, AccountabilityProposed)]  # fmt: skip
    assert _action(env).person_ids == []
    alert = _alert(env)
    message = render(alert)
    assert alert.persons_charged == ()
    assert not [line for line in message.text.splitlines() if line.startswith("责任人编号")]
    assert _ids(_routes({"charged": True}, people=("p-1", "p-2")), alert) == []


def test_a_correction_reaches_the_person_no_longer_named() -> None:
    """By hand (README, docs/notifier.md `charged`): in the scenario above, p-1 was
    reminded on 04-01 and left on 04-09, before the Q1 meeting fell due (04-15): the
    correction of 04-09 withdraws p-1 and names nobody. Routes {charged: true} send it to
    p-1 (the person no longer named) and to nobody else; the packaged routes to 组织部
    only. The message: 【责任人更正】, 不再作为责任人的人员编号：p-1, no 责任人编号 line."""
    facts = [
        (date(2018, 4, 9), _left("br-1", "p-1", date(2018, 4, 9))),
        (date(2018, 4, 10), _appointed("br-1", "p-2", date(2018, 4, 10))),
    ]
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 4, 17))
    (env,) = [e for e in _about(outputs, MEETING, "2018-Q1")
              if isinstance(e.data, ResponsiblePersonsCorrected)]  # fmt: skip
    alert = _alert(env)
    assert alert.kind is AlertKind.CORRECTION
    assert _ids(_routes({"charged": True}, people=("p-1", "p-2")), alert) == ["to-p-1"]
    assert _ids(_routes({"kinds": ["correction"], "charged": True}, people=("p-1",)), alert) == [
        "to-p-1"
    ]
    assert _ids(load_routes(DEFAULT_ROUTES), alert) == ["org-department"]
    message = render(alert)
    lines = message.text.splitlines()
    assert lines[0] == "【责任人更正】本案所列责任人有变更，以本通知为准。"
    assert "不再作为责任人的人员编号：p-1" in lines
    assert not [line for line in lines if line.startswith("责任人编号")]


# ── 3. a duty charged to the parent ──────────────────────────────────────────────────


def test_a_duty_charged_to_the_parent_names_the_parent_and_the_branch_only_as_concerned() -> None:
    """By hand (catalog: 述职评议 charged_to: parent; README "the right party answers"):
    br-1's 2018 work-report evaluation is owed by its parent gb-1 (secretary p-g1), due
    2019-02-28. Nothing is recorded: the criticism of 2019-03-01 charges gb-1 and p-g1.
    The message: 责任单位编号：gb-1 (never br-1); the text begins with gb-1 and says
    涉及br-1党组织（br-1）; it names p-g1 and never p-1 (br-1's secretary, the
    counterpart). Routes {units: [br-1]} select nothing, {units: [gb-1]} select it;
    {charged: true} reaches p-g1 only."""
    outputs = from_the_facts(a_branch(), BEGINNING, [], date(2019, 3, 2))
    criticisms = [e for e in _about(outputs, EVALUATION, "2018")
                  if isinstance(e.data, CriticismIssued)]  # fmt: skip
    (env,) = [e for e in criticisms if _action(e).organization_id == "gb-1"]
    assert [_action(e).organization_id for e in criticisms] == ["gb-1"]
    alert = _alert(env)
    message = render(alert)
    assert alert.unit_id == "gb-1"
    assert alert.persons_charged == ("p-g1",)
    assert "责任单位编号：gb-1" in message.text.splitlines()
    assert _action(env).text_zh.startswith("gb-1党组织（gb-1）")
    assert "涉及br-1党组织（br-1）" in _action(env).text_zh
    assert "p-g1" in _action(env).text_zh
    assert "p-1）" not in _action(env).text_zh
    table = _routes(
        {"units": ["br-1"], "to": ["org"]},
        {"units": ["gb-1"], "to": ["committee"]},
        {"charged": True},
        people=("p-1", "p-g1"),
    )
    assert _ids(table, alert) == ["committee", "to-p-g1"]


# ── 4. member and organization flags ─────────────────────────────────────────────────


def test_a_flag_is_no_accountability_alert() -> None:
    """By hand (docs/notifier.md: the notifier reads the alerts of zeren.accountability.v2;
    flags are on zeren.duties.v2 and kept for the workbench; flags.py: "A flag opens no
    case and takes no measure"): a MemberSituationFlagged or OrganizationFlagged is no
    alert (alert_of gives None) and the planning projection plans nothing for it — it is
    never sent as a measure. The accountability service tells a flag it keeps on its own
    topic (SituationFlagNoted, see the next test and test_flags.py)."""
    projection = PlanningProjection(_routes({"to": ["org"]}, {"charged": True}, people=("p-1",)))
    for event_type in ("MemberSituationFlagged", "OrganizationFlagged"):
        env = _example(event_type)
        assert alert_of(env) is None
        projection.handle(_record(env, 0))
    assert projection.planned == []


@pytest.mark.parametrize("situation", list(MemberSituation))
def test_a_member_flag_reads_as_a_situation_for_the_branch_never_a_verdict(
    situation: MemberSituation,
) -> None:
    """By hand (党章 第九条 "被认为是自行脱党", decided by the branch; watches.py "The system
    flags; people decide"): no label of a member's situation states a removal or 脱党 as
    done: 除名 and 脱党 come only after 可, and such a label ends 由党组织决定; a
    suspension (停止党籍) is either only possible (可停止党籍) or the earlier decision a
    two-year watch counts from (停止党籍满二年).

    CORRECTED after running (my expectation was wrong): I first required 可 before every
    停止党籍, but 停止党籍满二年仍无法取得联系 states the prior suspension the branch
    decided, a fact about the record, not a verdict of the system."""
    text = situation.label_zh
    for verdict in ("除名", "脱党"):
        if verdict in text:
            assert "可" in text[: text.index(verdict)]
            assert text.endswith("（由党组织决定）")
    at = text.find("停止党籍")
    if at >= 0:
        assert text[at - 1 : at] == "可" or text[at + 4 : at + 5] == "满"
    assert not any(w in text for w in ("已除名", "予以除名", "视为", "已停止", "认定为"))


def test_a_member_flag_is_kept_for_the_branch_secretaries_and_sent_to_them() -> None:
    """By hand (flags.py keep_flag: a member's flag is for his branch, with its
    secretaries of the day): br-1 (secretary p-s1) gets a 连续六个月不交纳党费 flag for
    m-2: the ledger keeps it with decides br-1 and person_ids [p-s1]; the member is not
    charged. CHANGED with the flags' delivery (it used to assert that nothing is emitted):
    the accountability service tells it once (SituationFlagNoted), an alert of kind flag
    that routes {to: org} and {charged: true} send to 组织部 and to p-s1, who must decide,
    never to the member m-2."""
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    secretary = OfficeHolderAppointed(organization_id="br-1", person_id="p-s1",
                                      person_name="李书记", office=Office.SECRETARY,
                                      appointed_on=date(2018, 1, 2))  # fmt: skip
    run.send(envelope(secretary, "appoint", date(2018, 7, 1)))
    flag = duty(
        MemberSituationFlagged, "br-1", "2018-06", "member.art9.six_months_without_dues",
        member_id="m-2", situation=MemberSituation.DUES_UNPAID_SIX_MONTHS,
        since=date(2018, 1, 1), period_start=date(2018, 1, 1), period_end=date(2018, 6, 30),
        due_on=date(2018, 6, 30),
    )  # fmt: skip
    run.on(date(2018, 7, 1), envelope(flag, "flag-m-2", date(2018, 7, 1)))
    (told,) = run.outputs
    noted = _alert(told.envelope)
    assert noted.kind is AlertKind.FLAG
    table = _routes({"to": ["org"]}, {"charged": True}, people=("p-s1", "m-2"))
    assert _ids(table, noted) == ["org", "to-p-s1"]
    (kept,) = run.ledger.flags["br-1"]
    assert (kept.decides, kept.person_ids, kept.member_id) == ("br-1", ["p-s1"], "m-2")
    assert isinstance(flag, MemberSituationFlagged)
    assert not isinstance(flag, OrganizationFlagged)


# ── 5. decisions, a revoked decision and its restoration ─────────────────────────────


def _decided_and_revoked() -> Run:
    """br-1 (secretary p-1) misses its 2018-Q4 meeting, lets the criticism's 30 days pass
    and serious consequences are determined (03-01): the top rung is proposed to the
    committee; the committee decides it for p-1 (dw-1, 03-20); a review revokes dw-1
    entirely (05-10, 依据不足)."""
    run = Run()
    run.send(tick(date(2019, 1, 1)))
    appointed = OfficeHolderAppointed(organization_id="br-1", person_id="p-1",
                                      person_name="王丽", office=Office.SECRETARY,
                                      appointed_on=date(2017, 9, 1))  # fmt: skip
    run.send(envelope(appointed, "appoint-p-1", date(2019, 1, 1)))
    over = duty(DutyOverdue, "br-1", "2018-Q4", charged_person_ids=["p-1"])
    run.on(date(2019, 1, 11), envelope(over, "over", date(2019, 1, 11)))
    run.until(date(2019, 2, 12))
    key = case_id("duty", "br-1", QUARTERLY, "2018-Q4", "")
    serious = SeriousConsequenceDetermined(
        organization_id="br-1", case_id=key, determined_on=date(2019, 3, 1), description="失管失教"
    )
    run.on(date(2019, 3, 1), envelope(serious, "serious", date(2019, 3, 1)))
    decided = AccountabilityDecided(
        organization_id="br-1", case_id=key, decision_id="dw-1",
        decided_by=DecidingBody.PARTY_COMMITTEE, meeting="党委会", decided_on=date(2019, 3, 20),
        measures=TOP, person_ids=["p-1"],
    )  # fmt: skip
    run.on(date(2019, 3, 20), envelope(decided, "decided", date(2019, 3, 20)))
    reviewed = DecisionReviewed(
        organization_id="br-1", case_id=key, decision_id="dw-1", outcome=ReviewOutcome.REVOKED,
        reviewed_on=date(2019, 5, 10), reason="依据不足",
    )  # fmt: skip
    run.on(date(2019, 5, 10), envelope(reviewed, "review", date(2019, 5, 10)))
    return run


def _sent(run: Run) -> list[Envelope]:
    return [o.envelope for o in run.outputs]


def test_the_top_rung_is_proposed_to_the_committee_and_reaches_it() -> None:
    """By hand (四: 诫勉谈话、通报批评、取消评优 by the committee's decision): the proposal
    of 03-01 is to 党委: subject 【问责建议】, first line 尚待党委研究决定; packaged routes
    send it to org-department and party-committee. The measures decided on 03-20 read as
    taken (【诫勉谈话】…, 决定机关：党委（dw-1）) and reach org-department only."""
    run = _decided_and_revoked()
    routes = load_routes(DEFAULT_ROUTES)
    top = [e for e in _sent(run) if isinstance(e.data, AccountabilityProposed)
           and e.data.proposed_to is DecidingBody.PARTY_COMMITTEE]  # fmt: skip
    assert len(top) == 1
    message = render(_alert(top[0]))
    assert message.subject.startswith("【问责建议】")
    assert "尚待党委研究决定" in message.text.splitlines()[0]
    assert "提请党委研究决定" in _action(top[0]).text_zh
    assert _ids(routes, _alert(top[0])) == ["org-department", "party-committee"]
    taken = [e for e in _sent(run) if _action(e).decision_id == "dw-1"
             and _alert(e).kind is AlertKind.MEASURE]  # fmt: skip
    assert sorted(e.type.removeprefix("zeren.") for e in taken) == [
        "AdmonishmentRequired", "AwardEligibilityRevoked", "NotifiedCriticismIssued"
    ]  # fmt: skip
    for env in taken:
        text = render(_alert(env)).text
        assert "决定机关：党委（dw-1）" in text.splitlines()
        assert _ids(routes, _alert(env)) == ["org-department"]


def test_a_revoked_decision_is_sent_as_the_routes_say_and_reads_as_a_review() -> None:
    """By hand (docs/notifier.md kinds review and restoration; rungs "the rung"): the
    review of 05-10 gives a DecisionReviewConcluded (kind review, rung
    award_eligibility_revoked: the highest measure reviewed) and an
    AwardEligibilityRestored (kind restoration). Packaged routes: each to org-department
    only. Routes {rungs: [award_eligibility_revoked], to: committee} send both to the
    committee too (whoever got the revocation gets its undoing); {kinds: [measure]}
    selects neither; {charged: true} sends the review to p-1 (named by the decision).
    The review's text says 撤销 and 依据不足, and — the case being neither resolved nor
    closed by a review — never 案件办结; its label is 【复查结论】, not 【办结】."""
    run = _decided_and_revoked()
    after = [e for e in _sent(run) if e.time.date() == date(2019, 5, 10)]
    kinds = sorted(_alert(e).kind.value for e in after)
    assert kinds == ["restoration", "review"]
    (review,) = [e for e in after if isinstance(e.data, DecisionReviewConcluded)]
    routes = load_routes(DEFAULT_ROUTES)
    for env in after:
        assert _ids(routes, _alert(env)) == ["org-department"]
        assert _ids(_routes({"rungs": ["award_eligibility_revoked"], "to": ["committee"]}),
                    _alert(env)) == ["committee"]  # fmt: skip
        assert _ids(_routes({"kinds": ["measure"], "to": ["org"]}), _alert(env)) == []
    assert _ids(_routes({"charged": True}, people=("p-1",)), _alert(review)) == ["to-p-1"]
    message = render(_alert(review))
    assert message.subject.startswith("【复查结论】")
    assert "撤销" in _action(review).text_zh
    assert "依据不足" in _action(review).text_zh
    assert "案件办结" not in _action(review).text_zh


# ── 6. once per event id ─────────────────────────────────────────────────────────────


class _Conn:
    """A connection holding consumed_events and deliveries, as PostgreSQL would."""

    def __init__(self) -> None:
        self.consumed: dict[str, str | None] = {}
        self.rows: dict[tuple[str, str], tuple[Any, ...]] = {}

    async def fetch(self, sql: str, ids: list[str]) -> list[dict[str, Any]]:
        assert "consumed_events" in sql
        return [{"event_id": i, "position": self.consumed[i]} for i in ids if i in self.consumed]

    async def copy_records_to_table(self, table: str, **kw: Any) -> None:
        for event_id, position in kw["records"]:
            assert event_id not in self.consumed  # primary key
            self.consumed[event_id] = position

    async def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            key = (row[0], row[1])
            if key in self.rows:
                assert "ON CONFLICT (event_id, recipient) DO NOTHING" in sql, "duplicate key"
                continue
            self.rows[key] = row


def _batch(pipeline: PlanningPipeline, conn: _Conn, records: list[InputRecord]) -> None:
    async def run() -> None:
        fresh = await Pipeline._drop_consumed(pipeline, conn, records)  # type: ignore[arg-type]
        for record in fresh:
            pipeline.projection.handle(record)
        await pipeline.write_alongside(conn)  # type: ignore[arg-type]

    asyncio.run(run())


def test_an_event_read_twice_is_delivered_once_per_recipient() -> None:
    """By hand (docs/notifier.md "Exactly once per recipient"): the criticism example is
    read at offset 0, again in the same batch at offset 1 (a producer's repeat), then in
    a later batch at offset 5, and once more at its own offset 0 (re-read after a
    restart). Routes: 组织部 and the person charged (p-10021). Exactly two deliveries are
    planned in all: (event, org) and (event, to-p-10021)."""
    routes = _routes({"to": ["org"]}, {"charged": True}, people=("p-10021",))
    projection = PlanningProjection(routes)
    pipeline = PlanningPipeline(MagicMock(), "zeren_notifier", projection)
    conn = _Conn()
    env = _example("CriticismIssued")
    _batch(pipeline, conn, [_record(env, 0), _record(env, 1)])
    _batch(pipeline, conn, [_record(env, 5)])
    _batch(pipeline, conn, [_record(env, 0)])
    assert sorted(conn.rows) == [
        (env.id, "org"),
        (env.id, "to-p-10021"),
    ]
    row = dict(zip(PLANNED_COLUMNS, conn.rows[(env.id, "org")], strict=True))
    assert (row["kind"], row["rung"], row["unit_id"]) == (
        "measure",
        "criticism",
        "br-edu-faculty-1",
    )


def test_two_routes_naming_one_recipient_deliver_once() -> None:
    """By hand (docs/notifier.md "A recipient gets an alert once however many routes
    select it"): p-10021 named by a route's ``to`` (via a person recipient) and by
    {charged: true}; 组织部 by two routes: two recipients, each once."""
    routes = _routes(
        {"to": ["org", "to-p-10021"]}, {"rungs": ["criticism"], "to": ["org"]}, {"charged": True},
        people=("p-10021",),
    )  # fmt: skip
    assert _ids(routes, _alert(_example("CriticismIssued"))) == ["org", "to-p-10021"]
