"""A finding's rectification accepted by the department in time, recorded late (补录).

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
党委…督导检查，发现问题及时解决; 对思想上不重视、工作不得力的，要提出批评，限期整改; 对带
有普遍性的问题或特别突出的问题…通报…约谈; 问题没有及时解决，造成不良影响和严重后果的…诫勉
谈话… — the catalog (``oversight.finding.rectified`` and
``oversight.self_check_finding.rectified``: due by the finding's 整改期限, grace 0,
fulfilled by the organization department's acceptance ``RectificationAccepted`` dated
``accepted_on``), and the project's rule "the right party answers".

The catalog's grace (宽限) is the tolerated delay in recording a unit's OWN facts: a
meeting held in time but recorded after the grace is the unit's own miss and its overdue
stays (test_late_record_clauses, CORRECTED notes; unchanged here). The acceptance is not
the unit's fact: it is the department's act (整改验收), recorded by the department. A
unit that rectified and was accepted within the deadline did solve the problem in time;
how late the department keys in its own acceptance is no miss of the unit's nor of its
secretary's. So, by hand, for an acceptance dated within the deadline and recorded after
it: the measures taken on what was registered meanwhile (the criticism) stay in the
history, but the case ends as it would have on the acceptance's day (resolved, rectified
in time), saying in Chinese that the overdue did not hold; no further rung follows from
that deadline; and the overdue leaves the unit's and its holders' records that the
特别突出 rule counts (三 works overdue within twelve months). An acceptance dated after
the deadline is late whoever records it: the overdue stands.

The calendar (``a_branch()``: br-1 under gb-1 under cmt, secretary p-1): br-1 holds every
主题党日 (monthly, due the 7th of the next month) and its Q1 and Q2 支部党员大会 and 党课
in time, but neither in Q3 (due 10-15, overdue 10-16): two distinct works. On 07-10 a
problem is found (督导检查 by the department, or br-1's own 年度自查) with a deadline of
09-30; reminded 7 (inspection) or 14 (self-check) days before.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import oversight
from contracts.events.accountability import AccountabilityAction, CaseResolved
from contracts.events.base import Payload
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.models import Case, CaseStatus
from services.common.ids import case_id
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    SELF_CHECK,
    Found,
    both_folds,
    finding,
    held,
    rows,
    works,
)
from tests.unit.duties.builders import make, of_type

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
LECTURE = "branch.party_lecture.quarterly"
IN_TIME = date(2018, 9, 25)
RECORDED_LATE = date(2018, 10, 10)
DETERMINED = date(2018, 11, 15)
ON_ITS_DAY, LATE = "on its day", "late"


def _facts(found: Found, accepted_on: date, recorded: date) -> list[tuple[date, Payload]]:
    """br-1's year as the module docstring says, the finding, and its acceptance dated
    ``accepted_on`` recorded on ``recorded``; the committee determines on 11-15 that the
    finding's problem had serious consequences (造成严重后果)."""
    number = found[1]
    accepted = make(oversight.RectificationAccepted, organization_id="br-1", finding_id=number,
                    accepted_on=accepted_on)  # fmt: skip
    serious = make(oversight.SeriousConsequenceDetermined, organization_id="br-1",
                   case_id=case_id("finding", "br-1", number), determined_on=DETERMINED,
                   description="支部组织生活长期不规范")  # fmt: skip
    return [*held(11), (FOUND, finding(found)), (recorded, accepted), (DETERMINED, serious)]


def _proposals(outputs: list[Envelope]) -> list[tuple[str, list[str], list[str]]]:
    """br-1's proposals (gb-1 and cmt, which hold nothing here, have their own)."""
    return [
        (e.data.case_id, e.data.person_ids, [str(g) for g in e.data.grounds])
        for e in outputs
        if e.type == "zeren.AccountabilityProposed"
        and isinstance(e.data, AccountabilityAction)
        and e.data.organization_id == "br-1"
    ]


def _final(case: Case) -> tuple[object, ...]:
    """What the case ends as, whatever the order the acceptance was recorded in."""
    return (case.status, case.rectify_by, case.missed_deadline, case.missed_on,
            sorted(case.grounds), case.person_ids, case.fulfilled_on, case.outstanding)  # fmt: skip


@pytest.mark.parametrize("found", [INSPECTION, SELF_CHECK], ids=["inspection", "self_check"])
@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_an_acceptance_within_the_deadline_recorded_late(found: Found, order: str) -> None:
    """组织部 accepts br-1's rectification on 09-25, within the deadline (09-30); the
    acceptance is recorded on 09-25 (1) or on 10-10 (2, 补录, after the deadline: grace 0).

    By hand, (1): the duty is fulfilled in time (DutyFulfilled, 09-25); the finding's case
    is reminded (09-23 or 09-16, naming p-1) and resolved on 09-25, naming p-1. Nothing is
    overdue about the finding; on 10-16 br-1 has two works overdue (Q3 meeting and 党课):
    no 特别突出 (四: three); the determination of 11-15 finds the problem solved in time:
    no top rung (四 asks 问题没有及时解决 AND 严重后果). No proposal at all for br-1.
    (2): on what was registered, 09-30 passed unaccepted: DutyOverdue and the criticism on
    10-01 naming p-1 (四: 提出批评，限期整改 — right on what the log had, and it stays).
    The record of 10-10 shows the duty done in time by the department's own act: the
    duties service says fulfilled IN TIME (DutyFulfilled, fulfilled on 09-25), not late —
    the department's recording delay is not the unit's; the case is resolved on 10-10,
    naming p-1, saying 经补录，验收日期在整改期限2018年9月30日之内 … 不成立; the overdue
    leaves br-1's and p-1's records, so on 10-16 there are two works, no 特别突出; no
    限期未整改 follows (the criticism's 10-31) and, the deadline met, no top rung on 11-15.
    Both: the case ends alike (resolved, fulfilled on 09-25, no deadline missed), and
    br-1's and p-1's records hold the Q3 meeting and 党课 only.

    CORRECTED after running (my oversight, not the finding's): the Q3 meeting's and
    党课's own criticisms (10-16, rectify by 11-15) pass unrectified, so 通报、约谈 is
    proposed on each on 11-16 (限期未整改, naming p-1), in both orders; those are br-1's
    only proposals (none 特别突出, none on the finding's case).
    """
    _, number, duty_id, reminded = found
    recorded = IN_TIME if order == ON_ITS_DAY else RECORDED_LATE
    duty_outputs, outputs, ledger = both_folds(_facts(found, IN_TIME, recorded))
    key = case_id("finding", "br-1", number)

    statuses = [
        (e.type.removeprefix("zeren."), e.data.fulfilled_on if hasattr(e.data, "fulfilled_on")
         else None) for e in duty_outputs
        if getattr(e.data, "duty_id", None) == duty_id and e.type != "zeren.DutyDueSoon"
    ]  # fmt: skip
    fulfilled = ("DutyFulfilled", IN_TIME)
    assert statuses == ([fulfilled] if order == ON_ITS_DAY else [("DutyOverdue", None), fulfilled])
    assert not of_type(duty_outputs, "DutyFulfilledLate", duty_id=duty_id)

    head = [("ReminderIssued", ["p-1"], reminded)]
    if order == ON_ITS_DAY:
        assert rows(outputs, key) == [*head, ("CaseResolved", ["p-1"], IN_TIME)]
    else:
        assert rows(outputs, key) == [
            *head,
            ("CriticismIssued", ["p-1"], date(2018, 10, 1)),
            ("CaseResolved", ["p-1"], RECORDED_LATE),
        ]
        [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                      and e.data.case_id == key]  # fmt: skip
        for said in ("2018年9月25日", "经补录，验收日期在整改期限2018年9月30日之内", "不成立"):
            assert said in resolved.text_zh, resolved.text_zh
    q3 = {duty_case_id("br-1", work, "2018-Q3") for work in (MEETING, LECTURE)}
    missed = ["rectification_missed"]
    assert sorted(_proposals(outputs)) == sorted((k, ["p-1"], missed) for k in q3)
    assert works(ledger, "br-1") == works(ledger, "br-1|p-1") == {MEETING, LECTURE}
    case = ledger.cases[key]
    assert _final(case) == (CaseStatus.RESOLVED, None, False, None, [], ["p-1"], IN_TIME, [])


def test_an_acceptance_after_the_deadline_recorded_late_leaves_the_overdue() -> None:
    """Pin: 组织部 accepts br-1's rectification of the inspection finding on 10-05, after
    its deadline (09-30), and records it on 10-10.

    By hand: the problem was not solved in time (四: 限期整改 missed) whoever records the
    acceptance: DutyOverdue on 10-01 (criticism naming p-1), DutyFulfilledLate (fulfilled on
    10-05) on 10-10, which resolves the case without saying any overdue did not hold. The
    overdue stays on br-1's and p-1's records: with the Q3 meeting and 党课 (10-16) three
    works, so 通报、约谈 is proposed (特别突出) naming p-1; the case keeps its missed deadline,
    so the determination of 11-15 proposes the top rung on the finding's case (问题没有及时
    解决 AND 严重后果), naming p-1, to the committee.
    """
    _, number, duty_id, _ = INSPECTION
    duty_outputs, outputs, ledger = both_folds(_facts(INSPECTION, date(2018, 10, 5), RECORDED_LATE))
    key = case_id("finding", "br-1", number)

    [late] = of_type(duty_outputs, "DutyFulfilledLate", duty_id=duty_id)
    assert late.data.fulfilled_on == date(2018, 10, 5)
    assert not of_type(duty_outputs, "DutyFulfilled", duty_id=duty_id)
    assert [kind for kind, _, _ in rows(outputs, key)][:3] == [
        "ReminderIssued",
        "CriticismIssued",
        "CaseResolved",
    ]
    [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                  and e.data.case_id == key]  # fmt: skip
    assert "不成立" not in resolved.text_zh
    assert works(ledger, "br-1") == works(ledger, "br-1|p-1") == {MEETING, LECTURE, key}
    proposals = _proposals(outputs)
    assert any(p == ["p-1"] and "prominent" in g for _, p, g in proposals), proposals
    assert any(k == key and p == ["p-1"] and "serious_consequence" in g
               for k, p, g in proposals), proposals  # fmt: skip
    assert ledger.cases[key].missed_deadline


def test_an_acceptance_in_time_recorded_after_the_criticism_s_deadline_too() -> None:
    """As above (inspection finding, accepted on 09-25), the acceptance recorded only on
    11-05, after the criticism's deadline (10-31) passed as well.

    By hand: on what was registered, criticised on 10-01 and, 10-31 passing unrectified,
    通报、约谈 proposed to 组织部 on 11-01 naming p-1 (四; 限期未整改). The record of 11-05
    shows the deadline met: the case is resolved that day, naming p-1, and says that the
    overdue did not hold and that the 限期未整改 ground of the proposal no longer holds
    (不再成立); the case keeps neither a missed deadline nor that ground, so the
    determination of 11-15 proposes nothing on it; the finding's overdue leaves br-1's and
    p-1's records. (The 特别突出 proposals made on 10-16 on the Q3 meeting and 党课, which
    counted the finding's overdue on what was registered, are not weighed here.)
    """
    _, number, _, reminded = INSPECTION
    _, outputs, ledger = both_folds(_facts(INSPECTION, IN_TIME, date(2018, 11, 5)))
    key = case_id("finding", "br-1", number)
    assert rows(outputs, key) == [
        ("ReminderIssued", ["p-1"], reminded),
        ("CriticismIssued", ["p-1"], date(2018, 10, 1)),
        ("AccountabilityProposed", ["p-1"], date(2018, 11, 1)),
        ("CaseResolved", ["p-1"], date(2018, 11, 5)),
    ]
    [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                  and e.data.case_id == key]  # fmt: skip
    for said in ("经补录，验收日期在整改期限2018年9月30日之内", "逾期不成立", "该项依据不再成立"):
        assert said in resolved.text_zh, resolved.text_zh
    case = ledger.cases[key]
    assert (case.missed_deadline, case.missed_on, case.grounds) == (False, None, [])
    assert key not in works(ledger, "br-1") | works(ledger, "br-1|p-1")
