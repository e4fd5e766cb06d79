"""The right party answers when a late record (补录) changes the facts a case's persons rest on.

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
对思想上不重视、工作不得力的，要提出批评，限期整改; 对带有普遍性的问题或特别突出的问题…通报…
对相关责任人进行约谈; 问题没有及时解决，造成不良影响和严重后果的…诫勉谈话、通报批评，并取消
党组织及其负责人年度评优评先资格 —, the policy (v1: a criticism's 30 days; 限期未整改 cleared
by DutyFulfilledLate, RectificationAccepted, CaseClosed; 通报、约谈 sets 15 days; 特别突出:
three distinct works overdue within twelve months) and the project's rules: the right party
answers (every measure names the office holders that owed the duty at the time), the day
decides, not the order of recording.

1. Persons re-named at a deadline that was met after all. When a criticism's deadline
   passes unrectified, the case names the holders of the answering office that day
   (整改期限届满时的责任人, ``missed.answering_now``): 限期未整改 is theirs to answer. A step
   recorded late (整改验收、结案 or a decision dated within that deadline) shows it was
   met: the miss lapses (``Case.missed_on``), and with it the re-naming; the case names
   again those it named before, as it would had the step been recorded on its day.
2. 特别突出 on a unit's case names, for 约谈, those of its persons who themselves let three
   works pass (``_let_them_pass``); a person is named on that ground only while his own
   count holds, the unit's count holding or not.
3. An acceptance in time recorded late on a case already closed (结案): the overdue that
   did not hold leaves the records (the unit's and its secretary's: 特别突出 counts), and
   the deadline it missed is no longer counted, as for an open case
   (test_finding_acceptance_recorded_late); the closure, people's step, stands.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import oversight
from contracts.events.accountability import (
    AccountabilityAction,
    AccountabilityProposed,
    ResponsiblePersonsCorrected,
)
from contracts.events.base import Payload
from contracts.events.duties import DutyWaived
from contracts.events.enums import DecidingBody, Ground, Office, Rung
from contracts.events.oversight import AccountabilityDecided, CaseClosed, RectificationAccepted
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.models import Case, CaseStatus
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, works_overdue
from tests.unit.accountability.finding_year import (
    FOUND,
    INSPECTION,
    both_folds,
    finding,
    held,
    rows,
    works,
)
from tests.unit.accountability.test_ladder_clauses import _overdue_run
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

ON_ITS_DAY, LATE = "on its day", "late"
DEPARTMENT = DecidingBody.ORGANIZATION_DEPARTMENT


def _record(run: Run, step: Payload, event_id: str, recorded: date) -> None:
    run.on(recorded, envelope(step, event_id, recorded))


def _kind(emitted: Envelope) -> str:
    return emitted.type.removeprefix("zeren.")


def _after(run: Run, since: int) -> list[tuple[str, list[str], date]]:
    """(action, persons named, day) of the outputs from ``since`` on."""
    out = []
    for emitted in run.outputs[since:]:
        data = emitted.envelope.data
        assert isinstance(data, AccountabilityAction)
        out.append((_kind(emitted.envelope), list(data.person_ids), emitted.envelope.time.date()))
    return out


# ── 1. persons re-named at a deadline met after all ─────────────────────────────────

#: br-1's 2018-Q2 支部党员大会 (``_overdue_run``): overdue 07-11, criticised naming p-1,
#: to rectify by 08-10.
Q2 = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")


def _secretary_replaced() -> Run:
    """``_overdue_run``, then p-1 leaves the secretary's office on 08-01 and p-9 (陈明) takes
    it on 08-03, each recorded on its day. p-1 owed the duty when it fell due (07-10): the
    case keeps naming p-1 (the leaving is after the due day)."""
    run = _overdue_run()
    left = OfficeHolderLeftOffice(organization_id="br-1", person_id="p-1",
                                  office=Office.SECRETARY, left_on=date(2018, 8, 1))  # fmt: skip
    _record(run, left, "left-p-1", date(2018, 8, 1))
    came = OfficeHolderAppointed(organization_id="br-1", person_id="p-9", person_name="陈明",
                                 office=Office.SECRETARY,
                                 appointed_on=date(2018, 8, 3))  # fmt: skip
    _record(run, came, "appoint-p-9", date(2018, 8, 3))
    return run


def _step(kind: str) -> Payload:
    """组织部's step dated 08-05, within the criticism's deadline (08-10)."""
    if kind == "acceptance":
        return RectificationAccepted(organization_id="br-1", case_id=Q2,
                                     accepted_on=date(2018, 8, 5))  # fmt: skip
    return CaseClosed(organization_id="br-1", case_id=Q2, closed_on=date(2018, 8, 5),
                      reason="经研究，予以结案")  # fmt: skip


@pytest.mark.parametrize("kind", ["acceptance", "closure"])
@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_step_in_time_recorded_late_names_again_those_named_before(order: str, kind: str) -> None:
    """组织部 accepts br-1's rectification (or closes the case) on 08-05, within the
    deadline (08-10), recorded on 08-05 (1) or on 08-20 (2, 补录). The committee determines
    serious consequences on 09-03.

    By hand: (1) on 08-05 the case names p-1 (who owed the duty when it fell due and was
    criticised; his leaving came after): it ends (resolved, or closed) naming p-1 and no
    one else is ever named; the 09-03 determination finds no deadline missed (四: 没有及时
    解决 AND 严重后果): nothing. (2) On what was registered, 08-10 passed unrectified: on
    08-11 the case names the secretary of that day, p-9, and 通报、约谈 is proposed naming
    p-9 (限期未整改; right on what the log had). The step of 08-20 shows the deadline met:
    the ground lapses, and with it the re-naming at the deadline — p-9 never owed this
    duty (he came after it fell due) and the case names p-1 again. p-9 is told he is no
    longer named (责任人更正, withdrawn p-9), p-1 is named again (added p-1), and the
    resolution names p-1 only. Nothing names p-9 after 08-20; the case ends as in (1)
    (same status, persons [p-1], no missed deadline, no ground); the determination of
    09-03 proposes nothing.
    """
    run = _secretary_replaced()
    since = len(run.outputs)
    recorded = date(2018, 8, 5) if order == ON_ITS_DAY else date(2018, 8, 20)
    _record(run, _step(kind), "step", recorded)
    serious = oversight.SeriousConsequenceDetermined(organization_id="br-1", case_id=Q2,
                                                     determined_on=date(2018, 9, 3),
                                                     description="失管失教")  # fmt: skip
    _record(run, serious, "serious", date(2018, 9, 3))
    run.until(date(2018, 12, 31))

    got = _after(run, since)
    resolved = ("CaseResolved", ["p-1"], recorded)
    if order == ON_ITS_DAY:
        assert got == [resolved]
    else:
        assert got[0] == ("AccountabilityProposed", ["p-9"], date(2018, 8, 11))
        assert got[-1] == resolved
        corrected = [o.envelope.data for o in run.outputs[since:]
                     if isinstance(o.envelope.data, ResponsiblePersonsCorrected)]  # fmt: skip
        assert {p for c in corrected for p in c.withdrawn_person_ids or ()} == {"p-9"}
        assert {p for c in corrected for p in c.added_person_ids or ()} == {"p-1"}
        assert all(c.decided_on == recorded for c in corrected)
        assert all(day == recorded for _, _, day in got[1:])
    case = run.ledger.cases[Q2]
    status = CaseStatus.RESOLVED if kind == "acceptance" else CaseStatus.CLOSED
    assert (case.status, case.person_ids, case.missed_deadline, case.missed_on,
            case.grounds) == (status, ["p-1"], False, None, [])  # fmt: skip


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
def test_a_decision_in_time_recorded_late_names_again_those_named_before(order: str) -> None:
    """组织部 decides 通报 for p-1 on 08-05 (rung 3: to rectify within 15 days, by 08-20),
    recorded on 08-05 (1) or on 08-15 (2, 补录). The committee determines serious
    consequences on 09-03.

    By hand: (1) from 08-05 the decision's deadline governs (08-20); the case names p-1
    until it passes. On 08-21 it passes unrectified: the case names the secretary of that
    day, p-9 (整改期限届满时的责任人); no rung follows rung 3's deadline by itself. On
    09-03, a deadline missed and serious consequences: the top rung proposed to 党委
    naming p-9. (2) On 08-11 the criticism's deadline is found missed: the case names p-9,
    通报、约谈 proposed naming p-9. The decision recorded on 08-15 replaced that deadline
    on 08-05: the miss lapses, and with it the re-naming — from 08-15 the case names p-1,
    as in (1) on that day (p-9 withdrawn, p-1 added, 责任人更正). From 08-21 on, as in (1):
    p-9 named at the decision's deadline, the top rung of 09-03 naming p-9. Both: on 08-16
    the case names p-1; NoticeCirculated names p-1 (people decided).
    """
    run = _secretary_replaced()
    decided = AccountabilityDecided(organization_id="br-1", case_id=Q2, decision_id="dw-1",
                                    decided_by=DEPARTMENT, meeting="组织部部务会",
                                    decided_on=date(2018, 8, 5), measures=[Rung.NOTICE],
                                    person_ids=["p-1"])  # fmt: skip
    recorded = date(2018, 8, 5) if order == ON_ITS_DAY else date(2018, 8, 15)
    _record(run, decided, "decided", recorded)
    run.until(date(2018, 8, 16))
    assert run.ledger.cases[Q2].person_ids == ["p-1"]
    serious = oversight.SeriousConsequenceDetermined(organization_id="br-1", case_id=Q2,
                                                     determined_on=date(2018, 9, 3),
                                                     description="失管失教")  # fmt: skip
    _record(run, serious, "serious", date(2018, 9, 3))
    run.until(date(2018, 10, 31))

    [notice] = [a for a in run.actions() if type(a).__name__ == "NoticeCirculated"]
    assert notice.person_ids == ["p-1"]
    top = [
        (a.person_ids, a.decided_on)
        for a in run.actions()
        if isinstance(a, AccountabilityProposed) and Ground.SERIOUS_CONSEQUENCE in a.grounds
    ]
    assert top == [(["p-9"], date(2018, 9, 3))]
    assert run.ledger.cases[Q2].person_ids == ["p-9"]


# ── 2. 特别突出 names a person only while his own count holds ─────────────────────────

#: br-1's works let pass, all overdue on 05-11 (四 distinct duties): the first three were
#: p-1's to do (charged_person_ids [p-1]); the Q1 meeting names nobody (its answering
#: office was vacant when it fell due).
WORKS = [
    ("branch.committee_meeting.monthly", "2018-04", ["p-1"]),
    ("branch.theme_party_day.monthly", "2018-04", ["p-1"]),
    ("branch.party_lecture.quarterly", "2018-Q1", ["p-1"]),
    (QUARTERLY, "2018-Q1", []),
]
COMMITTEE, THEME_DAY, LECTURE, MEETING_Q1 = (duty_case_id("br-1", d, p) for d, p, _ in WORKS)
WAIVED = date(2018, 5, 20)


def _four_works_overdue(decided: bool = False) -> Run:
    """br-1 (secretary p-1) lets the four :data:`WORKS` pass, overdue on 05-11 (criticisms,
    to rectify by 06-10): br-1 has four distinct works overdue within twelve months, p-1
    three. With ``decided``, 组织部 decides 约谈 for p-1 on COMMITTEE on 05-15. On 05-20 the
    duties service waives the Q1 党课 (免除: not owed on its day, recorded late)."""
    run = works_overdue(WORKS, date(2018, 5, 11))
    if decided:
        decision = AccountabilityDecided(organization_id="br-1", case_id=COMMITTEE,
                                         decision_id="dw-1", decided_by=DEPARTMENT,
                                         meeting="组织部部务会", decided_on=date(2018, 5, 15),
                                         measures=[Rung.INTERVIEW], person_ids=["p-1"])  # fmt: skip
        _record(run, decision, "decided", date(2018, 5, 15))
    lecture, period, _ = WORKS[2]
    waived = duty(DutyWaived, "br-1", period, lecture, charged_person_ids=["p-1"],
                  reason="经核实，该项责任不再适用")  # fmt: skip
    _record(run, waived, "waived", WAIVED)
    return run


def _prominent_named(run: Run) -> dict[str, list[str]]:
    """Whom each 特别突出 proposal named, by case."""
    return {
        a.case_id: list(a.person_ids)
        for a in run.actions()
        if isinstance(a, AccountabilityProposed) and Ground.PROMINENT in a.grounds
    }


def _notes_on(case: Case, day: date) -> list[str]:
    return [step.what for step in case.history if step.on == day]


def _says_p1_no_longer(case: Case) -> bool:
    """The case says on 05-20 that p-1's own count no longer holds for 特别突出."""
    return any(
        "特别突出" in what and "王丽（p-1）" in what and "不足" in what
        for what in _notes_on(case, WAIVED)
    )


def test_a_person_whose_own_count_fell_below_three_is_named_no_longer() -> None:
    """By hand: on 05-11 (sent with 05-12's tick) br-1 has four works overdue and p-1 three
    (四: 特别突出; 相关责任人 for 约谈 are those who let three pass): 通报、约谈 proposed on
    COMMITTEE, THEME_DAY and LECTURE naming p-1, on MEETING_Q1 naming nobody (its own
    persons: none). On 05-20 the 党课 is waived: its overdue leaves br-1's and p-1's
    records. br-1 still has three works (committee meeting, 主题党日, Q1 meeting): 特别突出
    still holds for br-1, the proposals stand and COMMITTEE, THEME_DAY, MEETING_Q1 keep
    Ground.PROMINENT. p-1 has two: he is no longer a 相关责任人 of the 特别突出 problem:
    COMMITTEE and THEME_DAY (open, undecided) each say so on 05-20, naming him (王丽（p-1）,
    不足…所需项数). MEETING_Q1, which named nobody on that ground, says nothing of p-1.
    Their own persons (who owed each duty: p-1) are unchanged: he still answers for the
    works themselves (their criticisms, 限期未整改)."""
    run = _four_works_overdue()
    assert _prominent_named(run) == {COMMITTEE: ["p-1"], THEME_DAY: ["p-1"], LECTURE: ["p-1"],
                                     MEETING_Q1: []}  # fmt: skip
    assert works(run.ledger, "br-1") == {d for d, _, _ in WORKS} - {WORKS[2][0]}
    assert works(run.ledger, "br-1|p-1") == {WORKS[0][0], WORKS[1][0]}
    for key in (COMMITTEE, THEME_DAY, MEETING_Q1):
        case = run.ledger.cases[key]
        assert Ground.PROMINENT in case.grounds, (key, case.grounds)
    for key in (COMMITTEE, THEME_DAY):
        case = run.ledger.cases[key]
        assert _says_p1_no_longer(case), _notes_on(case, WAIVED)
        assert case.person_ids == ["p-1"]
    assert not _says_p1_no_longer(run.ledger.cases[MEETING_Q1])


def test_a_decided_proposal_naming_him_is_left_as_people_decided() -> None:
    """By hand: as above, 组织部 having decided 约谈 for p-1 on COMMITTEE on 05-15 (people
    decided whom it names). On 05-20 COMMITTEE keeps its decision and ground and only
    notes that p-1's own count no longer holds (不足…), adjusting being for the deciding
    body (决定机关); THEME_DAY, undecided, says so as above."""
    run = _four_works_overdue(decided=True)
    committee = run.ledger.cases[COMMITTEE]
    assert [d.person_ids for d in committee.decisions] == [["p-1"]]
    assert Ground.PROMINENT in committee.grounds
    assert _says_p1_no_longer(committee), _notes_on(committee, WAIVED)
    assert any("决定机关" in what for what in _notes_on(committee, WAIVED))
    assert _says_p1_no_longer(run.ledger.cases[THEME_DAY])


# ── 3. an acceptance in time recorded late on a closed case ──────────────────────────

FINDING_CASE = case_id("finding", "br-1", INSPECTION[1])
Q3 = {
    duty_case_id("br-1", work, "2018-Q3")
    for work in ("branch.general_meeting.quarterly", "branch.party_lecture.quarterly")
}


def test_an_acceptance_in_time_recorded_late_on_a_closed_case() -> None:
    """The calendar of ``finding_year``: the inspection finds a problem on 07-10, to
    rectify by 09-30; br-1 holds every 主题党日 and its Q1/Q2 meetings and 党课, neither
    in Q3 (overdue 10-16). Nothing accepted by 09-30: DutyOverdue and the criticism on
    10-01 naming p-1. 组织部 closes the finding's case on 10-05 (结案, after the deadline:
    the miss stands then). On 10-10 it records (补录) its acceptance of the rectification
    dated 09-25, within the deadline. The committee determines serious consequences on
    11-15.

    By hand: the acceptance shows the problem solved in time (四: 限期整改 met), as for an
    open case (test_finding_acceptance_recorded_late): the duties service says the duty
    fulfilled in time; the overdue did not hold and leaves br-1's and p-1's records; the
    case no longer counts a deadline missed (missed_deadline False, missed_on None) and
    says so (逾期不成立), but stays CLOSED (people closed it; nothing is announced again).
    So on 10-16 br-1 and p-1 have two works overdue (Q3 meeting and 党课): no 特别突出;
    on 11-15 no top rung on the finding's case (没有及时解决 does not hold). br-1's only
    proposals: 通报、约谈 on the Q3 cases on 11-16 (限期未整改, naming p-1).
    """
    closed = make(oversight.CaseClosed, organization_id="br-1", case_id=FINDING_CASE,
                  closed_on=date(2018, 10, 5), reason="经研究，予以结案")  # fmt: skip
    accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                    finding_id=INSPECTION[1], accepted_on=date(2018, 9, 25))  # fmt: skip
    serious = make(oversight.SeriousConsequenceDetermined, organization_id="br-1",
                   case_id=FINDING_CASE, determined_on=date(2018, 11, 15),
                   description="支部组织生活长期不规范")  # fmt: skip
    facts = [*held(11), (FOUND, finding(INSPECTION)), (date(2018, 10, 5), closed),
             (date(2018, 10, 10), accepted), (date(2018, 11, 15), serious)]  # fmt: skip
    _, outputs, ledger = both_folds(facts)

    assert [kind for kind, _, _ in rows(outputs, FINDING_CASE)] == [
        "ReminderIssued", "CriticismIssued", "CaseResolved"]  # fmt: skip
    meeting, lecture = sorted(Q3)
    assert works(ledger, "br-1") == works(ledger, "br-1|p-1") == {
        "branch.general_meeting.quarterly", "branch.party_lecture.quarterly"}  # fmt: skip
    proposals = [
        (e.data.case_id, e.data.person_ids, [str(g) for g in e.data.grounds], e.time.date())
        for e in outputs
        if isinstance(e.data, AccountabilityProposed) and e.data.organization_id == "br-1"
    ]
    missed = ["rectification_missed"]
    assert sorted(proposals) == sorted(
        (key, ["p-1"], missed, date(2018, 11, 16)) for key in (meeting, lecture)
    )
    case = ledger.cases[FINDING_CASE]
    assert (case.status, case.missed_deadline, case.missed_on) == (CaseStatus.CLOSED, False, None)
    assert any("逾期不成立" in step.what for step in case.history)
