"""A finding's case has two deadlines: the finding's own and the criticism's.

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
党委…督导检查，发现问题及时解决; 对思想上不重视、工作不得力的，要提出批评，限期整改; 对带
有普遍性的问题或特别突出的问题…通报…约谈; 问题没有及时解决，造成不良影响和严重后果的…诫勉
谈话、通报批评、取消年度评优评先资格 —, the policy (v1: 批评 sets 30 days; 通报、约谈 is
proposed on 限期未整改 when the criticism's deadline passes, cleared by
DutyFulfilledLate, RectificationAccepted or CaseClosed; a decision of 通报、约谈 sets 15
days) and the project's rule that the day decides, not the order of recording.

A finding (督导检查 or 年度自查 发现的问题) sets its own 整改期限 (09-30). When it passes
unaccepted the problem was not solved in time (问题没有及时解决, a ground of the top rung
with a serious consequence), and the unit is criticised with a deadline of its own
(批评，限期整改: 10-01 + 30 days = 10-31); only when THAT one passes is 通报、约谈
proposed on 限期未整改. A step of 组织部 dated between the two (10-05) came too late for
the finding's deadline but in time for the criticism's. Recorded on its day, the case
ends with the finding's deadline missed and no 限期未整改; recorded after 10-31 (补录),
when 通报、约谈 was already proposed on 11-01, it must end the same: the 限期未整改 ground
no longer holds (the proposal no longer stands, and the text says so), the finding's own
deadline stays missed (``missed_on`` 09-30).

The calendar (``finding_year``: br-1 under gb-1, secretary p-1): br-1 holds every 主题党日
and its Q1 and Q2 支部党员大会 and 党课, neither in Q3 (overdue 10-16); the finding is
found on 07-10, due 09-30.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import oversight
from contracts.events.accountability import AccountabilityAction, CaseResolved
from contracts.events.base import Payload
from contracts.events.enums import DecidingBody, Rung
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.state import Ledger
from services.accountability.domain.texts import GROUND_GONE
from services.common.ids import case_id
from services.common.sequencer import Delivery
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.accountability.finding_year import (
    DEADLINE,
    FOUND,
    INSPECTION,
    SELF_CHECK,
    Fact,
    Found,
    both_folds,
    finding,
    held,
    rows,
)
from tests.unit.duties.builders import fold, make

pytestmark = pytest.mark.unit

STEP = date(2018, 10, 5)  # after the finding's 09-30, within the criticism's 10-31
CRITICISED = date(2018, 10, 1)  # the criticism's deadline: 10-31
PROPOSED, RECORDED_LATE = date(2018, 11, 1), date(2018, 11, 5)
DETERMINED = date(2018, 11, 15)
ON_ITS_DAY, LATE = "on its day", "late"


def _year(found: Found, step: Payload, recorded: date, *more: Fact) -> list[Fact]:
    return [*held(11), (FOUND, finding(found)), (recorded, step), *more]


def _key(found: Found) -> str:
    return case_id("finding", "br-1", found[1])


def _final(case: Case) -> tuple[object, ...]:
    """What the case ends as, whatever the order its step was recorded in."""
    return (case.status, case.level, case.rectify_by, case.missed_deadline, case.missed_on,
            sorted(case.grounds), case.proposed, case.person_ids)  # fmt: skip


def _proposals(outputs: list[Envelope], key: str) -> list[tuple[date, list[str]]]:
    """(day sent, grounds) of every proposal on case ``key``."""
    return [
        (e.time.date(), [str(g) for g in e.data.grounds])
        for e in outputs
        if e.type == "zeren.AccountabilityProposed"
        and isinstance(e.data, AccountabilityAction)
        and e.data.case_id == key
    ]


def _notice_and_interview(key: str, decided_on: date) -> Payload:
    """组织部's decision of 通报、约谈 for p-1 on case ``key`` (15 days to rectify)."""
    return make(oversight.AccountabilityDecided, organization_id="br-1", case_id=key,
                decision_id="dw-1", decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
                meeting="组织部部务会", decided_on=decided_on,
                measures=[Rung.NOTICE, Rung.INTERVIEW], person_ids=["p-1"])  # fmt: skip


def _resolution(outputs: list[Envelope], key: str) -> str:
    """The text of case ``key``'s resolution (办结、结案)."""
    [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                  and e.data.case_id == key]  # fmt: skip
    return resolved.text_zh


@pytest.mark.parametrize("found", [INSPECTION, SELF_CHECK], ids=["inspection", "self_check"])
@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_an_acceptance_between_the_two_deadlines(found: Found, order: str) -> None:
    """组织部 accepts br-1's rectification on 10-05 (RectificationAccepted); recorded on
    10-05 (1) or on 11-05 (2, 补录, after the criticism's deadline). The committee
    determines on 11-15 that the problem had serious consequences (造成严重后果).

    By hand, (1): 09-30 passes unaccepted: criticised on 10-01 naming p-1 (四: 批评，限期
    整改, to 10-31); accepted 10-05, the case is resolved that day (整改到位, the criticism's
    deadline met): no 限期未整改, no 通报、约谈. The finding's own deadline was missed (问题
    没有及时解决), so the determination of 11-15 proposes the top rung to the committee on
    the finding's case, naming p-1, on the ground 严重后果 alone.
    (2): on what was registered, 10-31 passes too: 通报、约谈 proposed on 11-01 naming p-1
    on 限期未整改 (right on what the log had; it stays in the history). The record of 11-05
    shows the criticism's deadline met: resolved on 11-05 naming p-1, the text saying the
    acceptance came within 2018年10月31日, that 限期未整改 does not hold and that the
    proposal's ground no longer holds (GROUND_GONE), while the finding's deadline
    (2018年9月30日) stays missed; 11-15 proposes the top rung as in (1).
    Both end alike: resolved, level criticism, no running deadline, a deadline missed
    (09-30), grounds [严重后果], proposed [the top rung] only (通报、约谈 withdrawn in (2)),
    naming p-1.
    """
    _, _, _, reminded = found
    key = _key(found)
    accepted = make(oversight.RectificationAccepted, organization_id="br-1", finding_id=found[1],
                    accepted_on=STEP)  # fmt: skip
    serious = make(oversight.SeriousConsequenceDetermined, organization_id="br-1", case_id=key,
                   determined_on=DETERMINED, description="支部组织生活长期不规范")  # fmt: skip
    recorded = STEP if order == ON_ITS_DAY else RECORDED_LATE
    _, outputs, ledger = both_folds(_year(found, accepted, recorded, (DETERMINED, serious)))

    head = [("ReminderIssued", ["p-1"], reminded), ("CriticismIssued", ["p-1"], CRITICISED)]
    top = ("AccountabilityProposed", ["p-1"], DETERMINED)
    if order == ON_ITS_DAY:
        assert rows(outputs, key) == [*head, ("CaseResolved", ["p-1"], STEP), top]
    else:
        assert rows(outputs, key) == [
            *head,
            ("AccountabilityProposed", ["p-1"], PROPOSED),
            ("CaseResolved", ["p-1"], RECORDED_LATE),
            top,
        ]
        text = _resolution(outputs, key)
        for said in ("2018年10月31日之内", "“限期未整改”不成立", GROUND_GONE, "2018年9月30日"):
            assert said in text, text
    assert _proposals(outputs, key)[-1] == (DETERMINED, ["serious_consequence"])
    assert _final(ledger.cases[key]) == (
        CaseStatus.RESOLVED, "criticism", None, True, DEADLINE,
        ["serious_consequence"], ["admonishment"], ["p-1"],
    )  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_closure_between_the_two_deadlines(order: str) -> None:
    """组织部 closes the inspection finding's case on 10-05 (CaseClosed); recorded on 10-05
    (1) or on 11-05 (2, 补录).

    By hand, (1): criticised 10-01 (to 10-31); closed 10-05: nothing more on the case.
    (2): 通报、约谈 proposed 11-01 on 限期未整改; closed on 11-05, the text saying the
    closure came within 2018年10月31日, that 限期未整改 does not hold and the proposal's
    ground no longer holds. Both end alike: closed, level criticism, the finding's own
    deadline missed (09-30, the closure came after it), no ground, nothing proposed.
    """
    key = _key(INSPECTION)
    closed = make(oversight.CaseClosed, organization_id="br-1", case_id=key, closed_on=STEP,
                  reason="经研究，予以结案")  # fmt: skip
    recorded = STEP if order == ON_ITS_DAY else RECORDED_LATE
    _, outputs, ledger = both_folds(_year(INSPECTION, closed, recorded))

    kinds = [kind for kind, _, _ in rows(outputs, key)]
    if order == ON_ITS_DAY:
        assert kinds == ["ReminderIssued", "CriticismIssued", "CaseResolved"]
    else:
        assert kinds == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed",
                         "CaseResolved"]  # fmt: skip
        text = _resolution(outputs, key)
        for said in ("2018年10月31日之内", "“限期未整改”不成立", GROUND_GONE):
            assert said in text, text
    assert _final(ledger.cases[key]) == (
        CaseStatus.CLOSED, "criticism", None, True, DEADLINE, [], [], ["p-1"],
    )  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_between_the_two_deadlines(order: str) -> None:
    """组织部 decides 通报、约谈 for p-1 on 10-20, within the criticism's deadline (10-31);
    recorded on 10-20 (1) or on 11-05 (2, 补录).

    By hand, (1): criticised 10-01 (to 10-31); the decision of 10-20 takes 通报、约谈 and
    sets its own deadline in place of the criticism's (15 days: 11-04); 10-31 never passes
    as a deadline (no 限期未整改, nothing proposed); 11-04 passes unrectified on the 11-05
    tick (a deadline missed; no rung follows 通报、约谈's deadline).
    (2): 通报、约谈 proposed on 11-01 on 限期未整改; the decision recorded on 11-05 replaced
    the criticism's deadline on its day: the 限期未整改 ground no longer holds (its text
    says so), the decision's 11-04 governs and, passed, is missed on the next tick. The
    finding's own deadline is no rung's and no decision replaces it: it stays missed.
    Both end alike: open at 通报、约谈, no running deadline, a deadline missed since 09-30,
    no ground, nothing proposed standing, naming p-1.
    """
    key = _key(INSPECTION)
    decided_on = date(2018, 10, 20)
    decided = _notice_and_interview(key, decided_on)
    recorded = decided_on if order == ON_ITS_DAY else RECORDED_LATE
    _, outputs, ledger = both_folds(_year(INSPECTION, decided, recorded))

    proposals = _proposals(outputs, key)
    if order == ON_ITS_DAY:
        assert proposals == []
    else:
        assert proposals == [(PROPOSED, ["rectification_missed"])]
        case = ledger.cases[key]
        [said] = [step.what for step in case.history if step.on == RECORDED_LATE
                  and "组织部" in step.what and "决定" in step.what]  # fmt: skip
        for part in ("2018年10月31日之内", "“限期未整改”不成立", "2018年11月4日"):
            assert part in said, said
    assert _final(ledger.cases[key]) == (
        CaseStatus.OPEN, "notice_interview", None, True, DEADLINE, [], [], ["p-1"],
    )  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_closure_between_a_decision_s_deadline_and_the_finding_s(order: str) -> None:
    """The other way round: 组织部 decides 通报、约谈 for p-1 on the inspection finding on
    08-01, before the finding's own deadline (15 days: to 08-16), recorded that day; it
    closes the case on 08-20 (CaseClosed), recorded on 08-20 (1) or on 10-05 (2, 补录).

    By hand, (1): 08-16 passes unrectified (a deadline missed; no rung follows 通报、约谈's
    deadline, so no ground); closed 08-20, before the finding's own deadline: nothing more.
    (2): as (1) up to 08-20; 09-30 passes unaccepted too (DutyOverdue on 10-01: the
    finding's own deadline missed; the case is above the criticism, so none is taken). The
    closure of 10-05 came before 09-30 but after 08-16: the finding's own deadline was met,
    the decision's stays missed, and the text says so. Both end alike: closed at 通报、约谈,
    missed since 08-16, no ground, nothing proposed, naming p-1.
    """
    key = _key(INSPECTION)
    decided_on, closed_on, decision_s = date(2018, 8, 1), date(2018, 8, 20), date(2018, 8, 16)
    decided = _notice_and_interview(key, decided_on)
    closed = make(oversight.CaseClosed, organization_id="br-1", case_id=key,
                  closed_on=closed_on, reason="经研究，予以结案")  # fmt: skip
    recorded = closed_on if order == ON_ITS_DAY else STEP
    _, outputs, ledger = both_folds(_year(INSPECTION, closed, recorded, (decided_on, decided)))

    if order == LATE:
        text = _resolution(outputs, key)
        for said in ("2018年9月30日之内", "整改期限2018年8月16日已过，逾期未整改仍然成立"):
            assert said in text, text
        assert "“限期未整改”不成立" not in text, text
    assert _final(ledger.cases[key]) == (
        CaseStatus.CLOSED, "notice_interview", None, True, decision_s, [], [], ["p-1"],
    )  # fmt: skip


def test_a_finding_s_case_stored_before_its_deadlines_were_kept_apart() -> None:
    """As the late acceptance above (inspection, accepted 10-05, recorded 11-05, no
    determination), the finding's case stored by older code before 11-05: its deadlines
    missed not kept apart (no ``finding_missed_on``, no ``rung_missed_on``), ``missed_on``
    09-30 only.

    By hand (the documented meaning of an old document): ``missed_on`` is taken for the
    finding's own deadline; the acceptance came after it, so every miss stands, as older
    code had it: resolved on 11-05 without saying anything does not hold, the 限期未整改
    ground and the 通报、约谈 proposal standing, missed since 09-30.
    """
    key = _key(INSPECTION)
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=INSPECTION[1], accepted_on=STEP)  # fmt: skip
    facts = _year(INSPECTION, accepted, RECORDED_LATE)
    _, duty_outputs = fold(on_their_days(a_branch(), BEGINNING, facts, date(2018, 12, 31)).events)
    ledger, outputs = Ledger.empty(1), list[Envelope]()
    for offset, env in enumerate(duty_outputs):
        if env.time.date() == RECORDED_LATE and ledger.cases[key].rung_missed_on:
            ledger = _stored_before_the_deadlines_apart(ledger, key)
        outputs += [out.envelope for out in fold_case(ledger, Delivery(0, env, offset))]

    assert "不成立" not in _resolution(outputs, key)
    assert _final(ledger.cases[key]) == (
        CaseStatus.RESOLVED, "criticism", None, True, DEADLINE,
        ["rectification_missed"], ["notice_interview"], ["p-1"],
    )  # fmt: skip


def _stored_before_the_deadlines_apart(ledger: Ledger, key: str) -> Ledger:
    """``ledger`` as stored, case ``key``'s document as older code stored it: its deadlines
    missed (the finding's own 09-30, the criticism's 10-31) not kept apart."""
    entries = {k: json.loads(v) for k, v in ledger.take_changes().items() if v is not None}
    document = entries[f"case:{key}"]
    kept = (document.pop("finding_missed_on"), document.pop("rung_missed_on"))
    assert kept == (DEADLINE.isoformat(), "2018-10-31")
    assert document["missed_on"] == DEADLINE.isoformat()
    return Ledger.restore(ledger.partitions, entries)
