"""A proposal stands only on a ground that holds (问责建议须有依据).

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四:
对带有普遍性的问题或特别突出的问题，要通过文件、会议等形式进行通报，对相关责任人进行约谈 —
the system proposes 通报、约谈 on a ground (特别突出: three distinct works overdue within
twelve months; 限期未整改: a criticism's deadline passing unrectified), and people decide.
A proposal whose every ground no longer holds, with no decision recorded, is no proposal
against anyone: the case must not keep it as standing (it is shown as 问责建议 on the
department's case pages and exports, and a rung kept as proposed is never proposed again
on a ground that arises later).

The facts are those of ``finding_year`` (br-1 under gb-1 under cmt, secretary p-1; a
finding on 07-10 with a 整改期限 of 09-30), the department's acceptance (整改验收) dated
09-25, within the deadline, recorded after it (补录): the department's own act, judged by
its own day (test_finding_acceptance_recorded_late): the finding's overdue did not hold.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import oversight
from contracts.events.accountability import CaseResolved
from contracts.events.duties import DutyWaived
from contracts.events.enums import Ground
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.models import CaseStatus
from services.common.ids import case_id
from tests.unit.accountability.builders import duty, envelope, works_overdue
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    Fact,
    both_folds,
    finding,
    held,
    meeting,
    rows,
    works,
)
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

IN_TIME = date(2018, 9, 25)
NUMBER = INSPECTION[1]
FINDING_CASE = case_id("finding", "br-1", NUMBER)
MEETING = "branch.general_meeting.quarterly"
LECTURE = "branch.party_lecture.quarterly"
THEME = "branch.theme_party_day.monthly"


def _accepted(recorded: date) -> Fact:
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=NUMBER, accepted_on=IN_TIME)  # fmt: skip
    return recorded, accepted


def _q1_and_themes_to_june() -> list[Fact]:
    """br-1 holds its Q1 支部党员大会 and 党课 and its 主题党日 of January to June, and
    nothing after: Q2's meeting and 党课 are overdue on 07-16 (two works), July's 主题党日
    on 08-08 (the third)."""
    facts: list[Fact] = [(date(2018, m, 20), meeting("theme_party_day", date(2018, m, 20)))
                         for m in range(1, 7)]  # fmt: skip
    day = date(2018, 3, 10)
    return [*facts, (day, meeting("branch_general_meeting", day)),
            (day, meeting("party_lecture", day))]  # fmt: skip


def test_the_case_whose_own_overdue_did_not_hold_drops_its_prominent_ground() -> None:
    """br-1 has three distinct works overdue before the finding's deadline (Q2 meeting and
    党课 on 07-16, July's 主题党日 on 08-08): 特别突出 on 08-08. On 10-01, on what was
    registered, the finding is overdue too (a fourth work): criticised, and 通报、约谈 is
    proposed on the finding's case naming p-1 (特别突出, 四). The acceptance dated 09-25 is
    recorded on 10-10.

    By hand: the finding's problem was solved in time; its overdue leaves br-1's and p-1's
    records. br-1's other three works still make it 特别突出 (their cases keep their
    proposals), but the proposal on the finding's case rested on the finding's own
    failure, which did not hold: the case drops the ground, proposes nothing any more
    (no ground, no decision), and its resolution of 10-10 says the ground no longer holds
    (该项依据不再成立). Recorded on its day (09-25), the finding's case is only reminded and
    resolved: the same end (no ground, nothing proposed).
    """
    facts = [*_q1_and_themes_to_june(), (FOUND, finding(INSPECTION))]
    _, outputs, ledger = both_folds([*facts, _accepted(date(2018, 10, 10))])
    kinds = [kind for kind, _, _ in rows(outputs, FINDING_CASE)]
    assert kinds == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed",
                     "CaseResolved"], kinds  # fmt: skip
    [resolved] = [e.data for e in outputs if isinstance(e.data, CaseResolved)
                  and e.data.case_id == FINDING_CASE]  # fmt: skip
    assert "该项依据不再成立" in resolved.text_zh, resolved.text_zh
    case = ledger.cases[FINDING_CASE]
    assert (case.status, case.grounds, case.proposed) == (CaseStatus.RESOLVED, [], [])
    assert FINDING_CASE not in works(ledger, "br-1") | works(ledger, "br-1|p-1")
    theme = ledger.cases[duty_case_id("br-1", THEME, "2018-07")]
    assert ("prominent" in theme.grounds, theme.proposed) == (True, ["notice_interview"])

    _, _, on_time = both_folds([*facts, _accepted(IN_TIME)])
    same = on_time.cases[FINDING_CASE]
    assert (same.status, same.grounds, same.proposed) == (CaseStatus.RESOLVED, [], [])


def test_a_proposal_whose_deadline_ground_lapsed_no_longer_stands() -> None:
    """The finding alone (br-1 holding everything else, as in ``finding_year.held``): on
    what was registered, overdue on 10-01 and criticised (rectify by 10-31); 10-31 passing
    unrectified, 通报、约谈 proposed on 11-01 naming p-1 (限期未整改, 四). The acceptance
    dated 09-25 is recorded on 11-05.

    By hand: the deadline was met; the 限期未整改 ground no longer holds and the case cites
    none, and no decision is recorded: the proposal no longer stands — the case keeps no
    rung as proposed (it says 该项依据不再成立 on its resolution).
    """
    q3 = date(2018, 9, 10)
    facts = [*held(11), (q3, meeting("branch_general_meeting", q3)),
             (q3, meeting("party_lecture", q3)), (FOUND, finding(INSPECTION)),
             _accepted(date(2018, 11, 5))]  # fmt: skip
    _, outputs, ledger = both_folds(facts)
    kinds = [kind for kind, _, _ in rows(outputs, FINDING_CASE)]
    assert kinds == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed",
                     "CaseResolved"], kinds  # fmt: skip
    case = ledger.cases[FINDING_CASE]
    assert (case.grounds, case.proposed, case.decisions) == ([], [], [])


def test_a_waived_case_whose_own_overdue_did_not_hold_drops_its_prominent_ground() -> None:
    """br-1 (secretary p-1) lets four distinct works pass, overdue on 05-11 (the April
    支部委员会会议 and 主题党日, Q1's 支部党员大会 and 党课): criticised, and 通报、约谈
    proposed on each case naming p-1 (特别突出, 四). On 05-20 the duties service waives the
    April 主题党日 (免除 after its overdue: not owed on its day, e.g. a leaving or a 撤销
    recorded late).

    By hand: that overdue did not hold; it leaves the records, and the unit's three other
    works still make 特别突出 (their cases keep their proposals). The waived case's own
    failure was none: it drops the ground and proposes nothing any more (no decision), and
    its resolution says the ground no longer holds (该项依据不再成立)."""
    works = [("branch.committee_meeting.monthly", "2018-04", ["p-1"]),
             (THEME, "2018-04", ["p-1"]), (MEETING, "2018-Q1", ["p-1"]),
             (LECTURE, "2018-Q1", ["p-1"])]  # fmt: skip
    run = works_overdue(works, date(2018, 5, 11))
    waived = duty(DutyWaived, "br-1", "2018-04", THEME, charged_person_ids=["p-1"],
                  reason="党组织已撤销")  # fmt: skip
    run.on(date(2018, 5, 20), envelope(waived, "waive-theme", date(2018, 5, 20)))

    theme = run.ledger.cases[duty_case_id("br-1", THEME, "2018-04")]
    assert (theme.status, theme.grounds, theme.proposed) == (CaseStatus.RESOLVED, [], [])
    [resolved] = [a for a in run.actions() if isinstance(a, CaseResolved)]
    assert "该项依据不再成立" in resolved.text_zh, resolved.text_zh
    for other in (MEETING, LECTURE):
        case = run.ledger.cases[duty_case_id("br-1", other, "2018-Q1")]
        assert (case.grounds, case.proposed) == ([Ground.PROMINENT], ["notice_interview"])
