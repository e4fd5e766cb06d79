"""How people's decisions are recorded (registry) and applied (fold), clause by clause.

Each test's docstring states the outcome expected BY HAND, with the rule it rests on,
before the code was run. The rules (seed 四; 问责条例 第三条 集体决定、分清责任; README
"Accountability: the system proposes, people decide"; docs/integrating.md):
- a decision (问责决定) takes effect exactly as decided, for the unit and persons decided;
  诫勉谈话、通报批评、取消评优 are the committee's, 通报、约谈 the department's;
- a decision or review may hold accountable only persons who hold or held an office in
  the unit by its date (``ref.not_answerable``); a date after the clock is refused
  (``date.in_future``), one before the unit existed too (``date.before_established``);
- a review (申诉、复查) upheld / changed / revoked adjusts a recorded decision; a review
  that cancels a loss of eligibility restores it, nothing deleted;
- a step naming another unit is noted on the case and changes nothing.

The case used throughout: br-1 (secretary p-1, committee member p-2) misses its 2018-Q2
general meeting (reminded 07-03, overdue 07-11: criticism, rectify by 08-10); the
deadline passes: 通报、约谈 proposed to the department on 08-11; serious consequences
determined on 09-03: the top rung proposed to the committee.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from contracts.envelope import parse_envelope
from contracts.errors import ContractViolation
from contracts.events import oversight as o
from contracts.events import structure as s
from contracts.events.base import Payload
from contracts.events.duties import DutyDueSoon, DutyFulfilledLate, DutyOverdue
from contracts.events.enums import DecidingBody, Office, ReviewOutcome, Rung
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseClosed,
    DecisionReviewed,
    SeriousConsequenceDetermined,
)
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain.models import Case, CaseStatus
from services.accountability.domain.queries import award_eligibility, find_case
from services.common.ids import case_id
from services.registry.domain.rules import check
from services.registry.domain.state import RegistryState
from tests.unit.accountability.builders import QUARTERLY, Run, duty, envelope, tick
from tests.unit.registry.conftest import envelope as registry_envelope
from tests.unit.registry.conftest import established, payload

pytestmark = pytest.mark.unit

OVERDUE_DAY = date(2018, 7, 11)
CASE = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
TOP = [Rung.ADMONISHMENT, Rung.NOTIFIED_CRITICISM, Rung.AWARD_ELIGIBILITY_REVOKED]
DEPARTMENT = DecidingBody.ORGANIZATION_DEPARTMENT
COMMITTEE = DecidingBody.PARTY_COMMITTEE
TAKEN_ONLY_BY_DECISION = {
    "NoticeCirculated",
    "InterviewRequired",
    "AdmonishmentRequired",
    "NotifiedCriticismIssued",
    "AwardEligibilityRevoked",
}


# ── the registry's rules ────────────────────────────────────────────────────────


def _university() -> RegistryState:
    """As the registry tests' ``university``: pc > gb-1 > br-1 > pg-1; p-1 br-1's
    secretary since 2017-09-01, m-1 a member of br-1; the clock on 2018-04-01."""
    state = RegistryState()
    facts = [
        established("pc", "party_committee", None, "2017-01-01"),
        established("gb-1", "general_branch", "pc"),
        established("br-1", "branch", "gb-1"),
        established("pg-1", "party_group", "br-1"),
        payload(
            s.OfficeHolderAppointed, organization_id="br-1", person_id="p-1",
            person_name="王丽", office="secretary", appointed_on="2017-09-01",
        ),
    ]  # fmt: skip
    for n, fact in enumerate(facts):
        state.record(registry_envelope(fact, f"setup-{n}"))
    state.move_clock(date(2018, 4, 1))
    state.take_changes()
    return state


def _issues(state: RegistryState, fact: Payload) -> list[tuple[str, str]]:
    return [(i.code, i.field) for i in check(state.registry, state.clock, state.dues_paid, fact)]


def _decision_fact(org: str = "br-1", on: str = "2018-03-20", **extra: Any) -> Payload:
    fields: dict[str, Any] = {
        "organization_id": org, "case_id": "case-1", "decision_id": "dw-1",
        "decided_by": "party_committee", "meeting": "党委常委会", "decided_on": on,
        "measures": ["admonishment"], "person_ids": [],
    }  # fmt: skip
    return payload(o.AccountabilityDecided, **(fields | extra))


def _review_fact(org: str = "br-1", on: str = "2018-03-25", **extra: Any) -> Payload:
    fields: dict[str, Any] = {
        "organization_id": org, "case_id": "case-1", "decision_id": "dw-1",
        "outcome": "changed", "reviewed_on": on, "measures": ["admonishment"],
        "reason": "复查",
    }  # fmt: skip
    return payload(o.DecisionReviewed, **(fields | extra))


def test_the_secretary_of_the_unit_above_is_not_answerable_for_its_party_group() -> None:
    """By hand (问责条例 第三条: 问责对象是该党组织及其领导干部; integrating.md
    ``ref.not_answerable``): p-1 is br-1's secretary, not an office holder of pg-1 (a
    party group under br-1). A decision or a review on pg-1 naming p-1 is refused with
    ``ref.not_answerable`` on ``data.person_ids``; the same decision on br-1 passes."""
    refused = [("ref.not_answerable", "data.person_ids")]
    assert _issues(_university(), _decision_fact("pg-1", person_ids=["p-1"])) == refused
    assert _issues(_university(), _review_fact("pg-1", person_ids=["p-1"])) == refused
    assert _issues(_university(), _decision_fact("br-1", person_ids=["p-1"])) == []


def test_a_step_dated_after_the_clock_is_refused_in_both_languages() -> None:
    """By hand (rules._dates: the clock is on 2018-04-01, one day of tolerance): a
    decision dated 2018-04-02 passes; one dated 2018-04-03 is refused with
    ``date.in_future`` on ``data.decided_on``, as are a review on ``data.reviewed_on``,
    a determination on ``data.determined_on`` and a closure on ``data.closed_on``. The
    issue explains in English (naming the date) and in Chinese (时钟)."""
    state = _university()
    assert _issues(state, _decision_fact(on="2018-04-02")) == []
    later = "2018-04-03"
    assert _issues(state, _decision_fact(on=later)) == [("date.in_future", "data.decided_on")]
    assert _issues(state, _review_fact(on=later)) == [("date.in_future", "data.reviewed_on")]
    serious = payload(o.SeriousConsequenceDetermined, organization_id="br-1", case_id="case-1",
                      determined_on=later, description="造成严重后果")  # fmt: skip
    assert _issues(state, serious) == [("date.in_future", "data.determined_on")]
    closed = payload(o.CaseClosed, organization_id="br-1", case_id="case-1", closed_on=later,
                     reason="已整改")  # fmt: skip
    assert _issues(state, closed) == [("date.in_future", "data.closed_on")]
    [issue] = check(state.registry, state.clock, state.dues_paid, _decision_fact(on=later))
    assert later in issue.message_en
    assert issue.message_zh == "data.decided_on：日期晚于登记处时钟（容差一天）"


def test_a_decision_dated_before_the_unit_existed_is_refused() -> None:
    """By hand (rules._dates ``date.before_established``): br-1 was established on
    2017-09-01; a decision on it dated 2017-08-31 is refused on ``data.decided_on``
    (a unit that did not exist decided nothing and owed nothing)."""
    assert _issues(_university(), _decision_fact(on="2017-08-31")) == [
        ("date.before_established", "data.decided_on")
    ]


def _submitted(data: dict[str, Any], kind: str) -> list[tuple[str, str, str]]:
    """(code, field, message_zh) of a raw submission the envelope parser refuses."""
    raw = {
        "specversion": "1.0", "id": "dw-x", "source": "urn:campus:org-dept",
        "type": f"zeren.{kind}", "subject": data["organization_id"],
        "time": "2018-09-20T10:00:00+08:00", "schemaversion": 1,
        "datacontenttype": "application/json", "data": data,
    }  # fmt: skip
    with pytest.raises(ContractViolation) as caught:
        parse_envelope(json.dumps(raw, ensure_ascii=False))
    return [(i.code, i.field, i.message_zh) for i in caught.value.issues]


def test_the_committee_s_measures_recorded_as_the_department_s_are_refused_in_chinese() -> None:
    """By hand (seed 四; 问责条例 第三条 集体决定; README: "the registry refuses the
    committee's measures recorded as the department's own"; an Issue carries a
    machine-readable code and an explanation in both languages, the Chinese one for
    the organization department that sent it): a decision by ``organization_department``
    taking ``award_eligibility_revoked`` is refused with ``schema.inconsistent`` on
    ``data.decided_by``, and its Chinese message says why: that 取消评优 is the
    committee's (党委) to decide, not merely that some fields contradict each other."""
    data = {
        "organization_id": "br-1", "case_id": "case-1", "decision_id": "dw-x",
        "decided_by": "organization_department", "meeting": "部务会",
        "decided_on": "2018-09-20", "measures": ["award_eligibility_revoked"],
        "person_ids": ["p-1"],
    }  # fmt: skip
    [(code, field, zh)] = _submitted(data, "AccountabilityDecided")
    assert (code, field) == ("schema.inconsistent", "data.decided_by")
    assert "党委" in zh, zh


# ── the fold: a case and the steps people record on it ────────────────────────────────


def _overdue_run() -> Run:
    """br-1 (secretary p-1, committee member p-2) reminded, then overdue on 2018-Q2."""
    run = Run()
    run.send(tick(date(2018, 7, 1)))
    for person_id, name, office in [
        ("p-1", "王丽", Office.SECRETARY),
        ("p-2", "李强", Office.COMMITTEE_MEMBER),
    ]:
        appointed = OfficeHolderAppointed(organization_id="br-1", person_id=person_id,
                                          person_name=name, office=office,
                                          appointed_on=date(2017, 9, 1))  # fmt: skip
        run.send(envelope(appointed, f"appoint-{person_id}", date(2018, 7, 1)))
    due = duty(DutyDueSoon, "br-1", charged_person_ids=["p-1"])
    run.send(envelope(due, "due", date(2018, 7, 3)))
    run.days(date(2018, 7, 2), OVERDUE_DAY)
    run.send(envelope(duty(DutyOverdue, "br-1", charged_person_ids=["p-1"]), "over", OVERDUE_DAY))
    run.days(date(2018, 7, 12), date(2018, 7, 12))
    return run


def _proposed_run() -> Run:
    """The criticism's deadline (08-10) missed: 通报、约谈 proposed on 08-11."""
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    assert _names(run) == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed"]
    return run


def _top_run() -> Run:
    """And serious consequences determined on 09-03: the top rung proposed too."""
    run = _proposed_run()
    serious = SeriousConsequenceDetermined(organization_id="br-1", case_id=CASE,
                                           determined_on=date(2018, 9, 3),
                                           description="失管失教")  # fmt: skip
    run.on(date(2018, 9, 3), envelope(serious, "serious", date(2018, 9, 3)))
    assert _names(run)[2:] == ["AccountabilityProposed"] * 2
    return run


def _names(run: Run) -> list[str]:
    return [name for name, _ in run.types()]


def _decide(
    run: Run,
    measures: list[Rung],
    persons: list[str],
    day: date,
    body: DecidingBody = COMMITTEE,
    decision: str = "dw-1",
    event_id: str | None = None,
    recorded: date | None = None,
) -> str:
    """Record the decision on ``recorded`` (default: its own day); returns its event id."""
    decided = AccountabilityDecided(organization_id="br-1", case_id=CASE, decision_id=decision,
                                    decided_by=body, meeting="党委常委会", decided_on=day,
                                    measures=measures, person_ids=persons)  # fmt: skip
    event_id = event_id or f"decided-{decision}"
    run.on(recorded or day, envelope(decided, event_id, recorded or day))
    return event_id


def _review(
    run: Run, outcome: ReviewOutcome, day: date, decision: str = "dw-1", **kept: object
) -> str:
    reviewed = DecisionReviewed.model_validate(
        {"organization_id": "br-1", "case_id": CASE, "decision_id": decision,
         "outcome": outcome, "reviewed_on": day, "reason": "复查", **kept}
    )  # fmt: skip
    event_id = f"review-{day}"
    run.on(day, envelope(reviewed, event_id, day))
    return event_id


def _case(run: Run) -> Case:
    case = find_case(run.ledger, CASE)
    assert case is not None
    return case


def _notes_of(run: Run, event_id: str) -> list[str]:
    return [step.what for step in _case(run).history if step.event_id == event_id]


def _lost(run: Run) -> tuple[list[str], list[str], list[str]]:
    """(organizations, persons, restored subjects) of 2018's award eligibility."""
    lost = award_eligibility(run.ledger, 2018)
    return (
        [org["organization_id"] for org in lost["organizations"]],
        [person["person_id"] for person in lost["persons"]],
        sorted(r["subject_id"] for r in lost["restored"]),
    )


def test_a_case_closed_while_a_proposal_is_pending_takes_nothing_afterwards() -> None:
    """By hand (the system proposes, people decide; 结案 ends the case): 通报、约谈 proposed
    on 08-11; the department closes the case on 08-20 before deciding. The closure is
    announced (CaseResolved, since a rung was proposed), the case is CLOSED with no
    running deadline, and nothing is taken or proposed afterwards through 12-31: no
    notice, no interview, no further proposal."""
    run = _proposed_run()
    closed = CaseClosed(organization_id="br-1", case_id=CASE, closed_on=date(2018, 8, 20),
                        reason="经研究，予以结案")  # fmt: skip
    run.on(date(2018, 8, 20), envelope(closed, "closed", date(2018, 8, 20)))
    run.until(date(2018, 12, 31))
    assert _names(run)[2:] == ["AccountabilityProposed", "CaseResolved"]
    case = _case(run)
    assert (case.status, case.rectify_by) == (CaseStatus.CLOSED, None)


def test_a_decision_recorded_after_closure_takes_effect_but_asks_no_rectification() -> None:
    """By hand (people decide: a decision takes effect exactly as decided, and the project
    applies decisions to cases no longer open — test_ladder_clauses: a problem solved late
    and then determined serious is still proposed, so it must be decidable; 结案 ends the
    handling): proposal 08-11, closure 08-20, then the department's decision of 08-25
    (通报、约谈 for p-1). NoticeCirculated and InterviewRequired are emitted for p-1; the
    case stays CLOSED; and since nothing remains to rectify on a closed case (and no
    deadline of a closed case is ever checked), no rectification deadline is set and the
    notice does not order rectification by a date (no "请于…前整改到位") nor threaten
    the next rung."""
    run = _proposed_run()
    closed = CaseClosed(organization_id="br-1", case_id=CASE, closed_on=date(2018, 8, 20),
                        reason="经研究，予以结案")  # fmt: skip
    run.on(date(2018, 8, 20), envelope(closed, "closed", date(2018, 8, 20)))
    _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1"], date(2018, 8, 25), DEPARTMENT)
    assert _names(run)[3:] == ["CaseResolved", "NoticeCirculated", "InterviewRequired"]
    notice = run.actions()[4]
    assert notice.person_ids == ["p-1"]
    case = _case(run)
    assert case.status is CaseStatus.CLOSED
    assert case.rectify_by is None, case.rectify_by
    assert "整改到位" not in notice.text_zh, notice.text_zh


def test_a_decision_on_a_case_solved_late_asks_no_rectification_of_what_was_done() -> None:
    """By hand (as above; 四 限期整改 is for a problem not yet rectified): the meeting is held
    late on 08-20 (DutyFulfilledLate: CaseResolved); the department still decides 通报、约谈
    for p-1 on 08-25 on the pending proposal. Both measures are taken for p-1; the case
    stays RESOLVED with no rectification deadline, and the notice asks no rectification
    of a duty already done."""
    run = _proposed_run()
    late = duty(DutyFulfilledLate, "br-1", fulfilled_on=date(2018, 8, 20))
    run.on(date(2018, 8, 20), envelope(late, "late", date(2018, 8, 20)))
    _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1"], date(2018, 8, 25), DEPARTMENT)
    assert _names(run)[3:] == ["CaseResolved", "NoticeCirculated", "InterviewRequired"]
    notice = run.actions()[4]
    case = _case(run)
    assert case.status is CaseStatus.RESOLVED
    assert case.rectify_by is None, case.rectify_by
    assert "整改到位" not in notice.text_zh, notice.text_zh


def test_the_same_decision_id_again_with_other_measures_is_not_applied_and_is_noted() -> None:
    """By hand (a decision is identified by its 决定文号; it takes effect exactly as
    decided, once; a step that is not applied is noted on the case, as one naming another
    unit is — the department must be able to see that its record was not executed): the
    department decides dw-1 on 08-20 (通报 for p-1). A second event with another id
    reuses dw-1 on 08-25 for 通报、约谈 for p-1 and p-2. The first stands: one
    NoticeCirculated for p-1 and no InterviewRequired; the case has one decision with
    [notice]; the second event leaves a note on the case."""
    run = _proposed_run()
    _decide(run, [Rung.NOTICE], ["p-1"], date(2018, 8, 20), DEPARTMENT)
    second = _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1", "p-2"], date(2018, 8, 25),
                     DEPARTMENT, event_id="decided-dw-1-again")  # fmt: skip
    assert _names(run)[3:] == ["NoticeCirculated"]
    assert run.actions()[3].person_ids == ["p-1"]
    case = _case(run)
    assert [(d.measures, d.person_ids) for d in case.decisions] == [([Rung.NOTICE], ["p-1"])]
    assert _notes_of(run, second) != []


def test_a_review_of_a_decision_never_recorded_changes_nothing_and_is_noted() -> None:
    """By hand (申诉、复查 adjusts a recorded decision; actions._reviewed: "anything else
    is noted and left"): the committee decided dw-1 (top rung for p-1) on 09-20; a review
    on 11-05 names dw-9, which no one decided on this case, and revokes it. Nothing is
    emitted (no DecisionReviewConcluded, no AwardEligibilityRestored); br-1 and p-1 still
    lose 2018's eligibility; dw-1 stays unreviewed; the review is noted on the case."""
    run = _top_run()
    _decide(run, TOP, ["p-1"], date(2018, 9, 20))
    before = len(run.outputs)
    review = _review(run, ReviewOutcome.REVOKED, date(2018, 11, 5), decision="dw-9")
    assert _names(run)[before:] == []
    assert _lost(run) == (["br-1"], ["p-1"], [])
    dw_1 = _case(run).decision("dw-1")
    assert dw_1 is not None
    assert dw_1.reviewed is None
    assert _notes_of(run, review) != []


def test_a_review_naming_a_person_the_decision_did_not_name_is_not_applied() -> None:
    """By hand (DecisionReviewed: ``changed`` keeps only the measures and persons given,
    of the decision's — a review keeps, it does not add; only the committee's decision
    takes 取消评优): the committee took the top rung for p-1 only on 09-20; a review on
    11-05 changes it to the same measures for p-2 (whom the decision did not name). Bad
    input, not applied in part (test_review_beyond_decision.py): p-2 loses nothing, and
    p-1 and br-1 stay as decided; no conclusion sent; the case says why."""
    run = _top_run()
    _decide(run, TOP, ["p-1"], date(2018, 9, 20))
    sent = len(_names(run))
    review = _review(run, ReviewOutcome.CHANGED, date(2018, 11, 5), measures=TOP,
                     person_ids=["p-2"])  # fmt: skip
    assert _names(run)[sent:] == []
    assert _lost(run) == (["br-1"], ["p-1"], [])
    [note] = _notes_of(run, review)
    assert note.endswith("非原决定（dw-1）所作，复查只保留原决定的措施和人员，未予执行")


def test_a_review_cannot_add_the_committee_s_measure_to_the_department_s_decision() -> None:
    """By hand (seed 四, 问责条例 第三条: 取消评优 only by the committee's recorded decision;
    a ``changed`` review keeps measures, it takes none the decision did not): the
    department decided 通报 for p-1 on 08-20; a review on 10-10 "changes" it to 通报 and
    取消评优. No AwardEligibilityRevoked, nothing lost in 2018; the review not applied
    (no DecisionReviewConcluded), the case saying why."""
    run = _proposed_run()
    _decide(run, [Rung.NOTICE], ["p-1"], date(2018, 8, 20), DEPARTMENT)
    kept = [Rung.NOTICE, Rung.AWARD_ELIGIBILITY_REVOKED]
    review = _review(run, ReviewOutcome.CHANGED, date(2018, 10, 10), measures=kept,
                     person_ids=["p-1"])  # fmt: skip
    assert _names(run)[3:] == ["NoticeCirculated"]
    assert _lost(run) == ([], [], [])
    assert _notes_of(run, review) == [
        "复查变更所列取消年度评优评先资格非原决定（dw-1）所作，复查只保留原决定的措施和人员，未予执行"
    ]


def test_a_second_review_of_a_revoked_decision_does_not_contradict_the_first() -> None:
    """By hand (a revoked decision no longer stands: 撤销 cancels all its measures; 问责条例
    第二十二条 grants one 申诉; the record must not say one thing and do another): the top
    rung for p-1 and p-2 on 09-20, revoked on review on 11-05 (br-1, p-1 and p-2
    restored). A second review on 12-01 "upholds" dw-1. Either it is applied — and then
    br-1, p-1 and p-2 lose eligibility again — or, as expected here, it is not: there is
    nothing left to uphold. Expected: one DecisionReviewConcluded only, dw-1 stays
    ``revoked``, nothing lost, the three restorations kept, the second review noted."""
    run = _top_run()
    _decide(run, TOP, ["p-1", "p-2"], date(2018, 9, 20))
    _review(run, ReviewOutcome.REVOKED, date(2018, 11, 5))
    assert _lost(run) == ([], [], ["br-1", "p-1", "p-2"])
    second = _review(run, ReviewOutcome.UPHELD, date(2018, 12, 1))
    dw_1 = _case(run).decision("dw-1")
    assert dw_1 is not None
    conclusions = [a for a, n in zip(run.actions(), _names(run), strict=True)
                   if n == "DecisionReviewConcluded"]  # fmt: skip
    assert len(conclusions) == 1  # the first review's only
    assert dw_1.reviewed == "revoked"
    assert _lost(run) == ([], [], ["br-1", "p-1", "p-2"])
    assert _notes_of(run, second) != []


def test_a_decision_dated_before_its_case_existed_is_not_applied() -> None:
    """By hand (a decision is taken on a case: the system's case id did not exist before
    the case was opened, 07-03 here, so a decision dated 06-15 naming it is a slip — a
    decision of another matter, or a wrong date — like a decision naming another unit it
    is noted, not executed): recorded on 08-20, the department's decision dated 06-15
    (通报、约谈 for p-1) takes nothing: no NoticeCirculated, no InterviewRequired, no
    decision on the case, a note on it."""
    run = _proposed_run()
    event_id = _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1"], date(2018, 6, 15),
                       DEPARTMENT, recorded=date(2018, 8, 20))  # fmt: skip
    assert _case(run).opened_on == date(2018, 7, 3)
    assert not TAKEN_ONLY_BY_DECISION & set(_names(run)), _names(run)
    assert _case(run).decisions == []
    assert _notes_of(run, event_id) != []


def test_a_review_dated_before_the_decision_it_reviews_is_not_applied() -> None:
    """By hand (申诉、复查 concludes on a decision already taken: a review dated before the
    decision cannot be of it): the top rung for p-1 decided on 09-20, a review dated 09-10
    (recorded 09-25) revokes dw-1. Nothing restored: br-1 and p-1 still lose 2018's
    eligibility, dw-1 stays unreviewed."""
    run = _top_run()
    _decide(run, TOP, ["p-1"], date(2018, 9, 20))
    reviewed = DecisionReviewed(organization_id="br-1", case_id=CASE, decision_id="dw-1",
                                outcome=ReviewOutcome.REVOKED, reviewed_on=date(2018, 9, 10),
                                reason="复查")  # fmt: skip
    run.on(date(2018, 9, 25), envelope(reviewed, "review-early", date(2018, 9, 25)))
    assert _lost(run) == (["br-1"], ["p-1"], [])
    dw_1 = _case(run).decision("dw-1")
    assert dw_1 is not None
    assert dw_1.reviewed is None


def test_a_predecessor_named_by_the_committee_is_held_accountable_as_decided() -> None:
    """By hand (README: a decision may name "persons who hold or held an office in that
    unit by its date"; the system proposes, people decide): p-0 was br-1's secretary until
    2018-03-31, before the 2018-Q2 meeting was owed; p-1 owed it (the case names p-1).
    The committee nevertheless decides the top rung for p-0 on 09-20: taken as decided —
    AwardEligibilityRevoked for p-0 (and br-1), not for p-1 whom it did not name. (The
    registry accepts it: p-0 held an office in br-1 by the decision's day.)"""
    run = _top_run()
    appointed = OfficeHolderAppointed(organization_id="br-1", person_id="p-0",
                                      person_name="陈刚", office=Office.COMMITTEE_MEMBER,
                                      appointed_on=date(2016, 9, 1))  # fmt: skip
    run.send(envelope(appointed, "appoint-p-0", date(2018, 9, 4)))
    _decide(run, TOP, ["p-0"], date(2018, 9, 20))
    assert _case(run).person_ids == ["p-1"]
    assert _names(run)[4:] == ["AdmonishmentRequired", "NotifiedCriticismIssued",
                               "AwardEligibilityRevoked"]  # fmt: skip
    assert run.actions()[-1].person_ids == ["p-0"]
    assert _lost(run) == (["br-1"], ["p-0"], [])


def test_a_determination_after_closure_still_proposes_to_the_committee() -> None:
    """By hand (四: 问题没有及时解决，造成不良影响和严重后果 — facts of the past, which a
    closure does not undo, as for a case solved late; the system proposes only): the
    deadline missed 08-10, the case closed 08-20, serious consequences determined on
    09-03: the top rung is proposed to 党委, nothing taken, the case stays CLOSED."""
    run = _proposed_run()
    closed = CaseClosed(organization_id="br-1", case_id=CASE, closed_on=date(2018, 8, 20),
                        reason="结案")  # fmt: skip
    run.on(date(2018, 8, 20), envelope(closed, "closed", date(2018, 8, 20)))
    serious = SeriousConsequenceDetermined(organization_id="br-1", case_id=CASE,
                                           determined_on=date(2018, 9, 3),
                                           description="失管失教")  # fmt: skip
    run.on(date(2018, 9, 3), envelope(serious, "serious", date(2018, 9, 3)))
    assert _names(run)[3:] == ["CaseResolved", "AccountabilityProposed"]
    assert run.actions()[-1].model_dump()["proposed_to"] == "party_committee"
    assert not TAKEN_ONLY_BY_DECISION & set(_names(run))
    assert _case(run).status is CaseStatus.CLOSED


def test_the_committee_s_decision_is_taken_the_day_it_is_recorded_not_before() -> None:
    """By hand (the system proposes; measures exist only once people record them): the
    top rung proposed on 09-03, and through 09-19 nothing above criticism exists; the
    committee's decision of 09-20 takes exactly the three measures for p-1."""
    run = _top_run()
    run.until(date(2018, 9, 19))
    assert not TAKEN_ONLY_BY_DECISION & set(_names(run))
    _decide(run, TOP, ["p-1"], date(2018, 9, 20))
    assert _names(run)[4:] == ["AdmonishmentRequired", "NotifiedCriticismIssued",
                               "AwardEligibilityRevoked"]  # fmt: skip
    assert {a.decided_on for a in run.actions()[4:]} == {date(2018, 9, 20)}
    assert _lost(run) == (["br-1"], ["p-1"], [])


def test_a_revoked_notice_and_interview_leaves_no_deadline_running() -> None:
    """By hand (四: 通报、约谈 … 督促…抓紧整改; a review that revokes the decision cancels its
    measures, and with them the rectification they set): the criticism's deadline (08-10)
    missed, 通报、约谈 proposed 08-11 and decided by the department on 08-20 (15 days: to
    09-04); the decision is revoked on review on 08-25. Expected: from 08-25 no deadline
    runs on the case (noted why), and on 09-05 nothing is noted as 整改期限已过."""
    run = _proposed_run()
    _decide(run, [Rung.NOTICE, Rung.INTERVIEW], ["p-1"], date(2018, 8, 20), DEPARTMENT)
    assert _case(run).rectify_by == date(2018, 9, 4)
    review = _review(run, ReviewOutcome.REVOKED, date(2018, 8, 25))
    assert _case(run).rectify_by is None
    assert any("整改期限终止" in note for note in _notes_of(run, review))
    run.until(date(2018, 9, 6))
    assert not [s for s in _case(run).history if s.on >= date(2018, 9, 5)]
