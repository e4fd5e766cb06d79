"""A unit moved under another parent (隶属关系调整), from the facts to the measures.

Expected outcomes, written from the seed and the catalog before running. br-1, a branch
of gb-1 since 2018, has its secretary ``p-br``; its 2018 述职评议 (三、（八）, the duty
``parent.branch_work_report_evaluation.yearly``) is owed by its parent, whose secretary
answers (due 2019-02-28: the year's end and 59 days; reminded 30 days before). The
units record nothing else, so by 2019-03-01 each general branch has let more than three
distinct duties pass within twelve months: the overdue evaluation is also proposed for
通报、约谈 as 特别突出 (四), to the department, dated the day of the criticism and sent
when that day has closed (with the next day's tick, 03-02).

- Moved on 2019-03-10, after the deadline: gb-1 was reminded (01-29), criticised
  (03-01, 四: 提出批评，限期整改 to 03-31) and proposed (特别突出) for the evaluation it
  let pass, naming its secretary ``p-g1``. The evaluation recorded on 03-20 fulfils the
  duty late, now charged to gb-2; it ends gb-1's case that day (整改到位). Nothing is
  proposed against gb-1 when 03-31 passes (限期未整改), and gb-2, which owed nothing
  overdue, gets no measure.
- Moved on 2019-02-10, between the reminder and the deadline: the overdue of 03-01 is
  gb-2's (criticism and proposal naming ``p-g2``); gb-1's reminder case ends on the day
  of the move, when the duty becomes gb-2's, and the late evaluation ends gb-2's case.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.accountability import CriticismIssued
from contracts.events.base import Payload
from contracts.events.enums import Ground
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import History, appointed, left_office, make

EVALUATION = "parent.branch_work_report_evaluation.yearly"
Measure = tuple[str, str, list[str], date]


def _measures(moved_on: date) -> list[Measure]:
    """(action, unit charged, persons named, day) of every measure about br-1's 2018 evaluation."""
    history = History()
    on = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-cmt", on)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", on)
    history.unit("gb-2", "general_branch", "cmt", "p-g2", on)
    history.unit("br-1", "branch", "gb-1", "p-br", on, category="faculty")
    moved = make(
        structure.OrganizationReparented,
        organization_id="br-1",
        parent_id="gb-2",
        reparented_on=moved_on,
    )
    evaluated = make(
        activities.WorkReportEvaluated,
        organization_id="br-1",
        person_id="p-br",
        year=2018,
        grade="good",
        evaluated_on=date(2019, 3, 20),
    )
    decided = from_the_facts(history, on, [(moved_on, moved), (evaluated.evaluated_on, evaluated)],
                             date(2019, 4, 30))  # fmt: skip
    return [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.data.person_ids, e.time.date())  # type: ignore[attr-defined]
        for e in decided
        if getattr(e.data, "duty_id", None) == EVALUATION
        and getattr(e.data, "period", "") == "2018"
    ]


def test_moved_after_the_deadline_the_late_evaluation_ends_the_former_parent_s_case() -> None:
    assert _measures(date(2019, 3, 10)) == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2019, 1, 29)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2019, 3, 1)),
        ("AccountabilityProposed", "gb-1", ["p-g1"], date(2019, 3, 2)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2019, 3, 20)),
    ]


def test_moved_before_the_deadline_the_new_parent_answers_for_the_overdue() -> None:
    assert _measures(date(2019, 2, 10)) == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2019, 1, 29)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2019, 2, 10)),
        ("CriticismIssued", "gb-2", ["p-g2"], date(2019, 3, 1)),
        ("AccountabilityProposed", "gb-2", ["p-g2"], date(2019, 3, 2)),
        ("CaseResolved", "gb-2", ["p-g2"], date(2019, 3, 20)),
    ]


VACANCY = "unit.secretary_vacancy.filled"


def _vacancy(
    moved_on: date,
    filled_on: date | None = None,
    recorded: date | None = None,
    *,
    left_recorded: date | None = None,
    before: Sequence[tuple[date, Payload]] = (),
) -> tuple[list[Measure], Ledger, list[Envelope]]:
    """The measures about br-1's secretary vacancy, and the ledger after 2018-09-30
    and the outputs; the move is recorded on ``recorded``, or on its day, and the
    leaving (01-10) on ``left_recorded``, or on its day; ``before``: other facts."""
    history = a_branch()
    history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2018, 1, 10))  # fmt: skip
    moved = make(structure.OrganizationReparented, organization_id="br-1", parent_id="gb-2",
                 reparented_on=moved_on)  # fmt: skip
    facts: list[tuple[date, Payload]] = [
        *before,
        (left_recorded or left.left_on, left),
        (recorded or moved_on, moved),
    ]
    if filled_on is not None:
        appointed = make(structure.OfficeHolderAppointed, organization_id="br-1",
                         person_id="p-3", person_name="张三", office="secretary",
                         appointed_on=filled_on)  # fmt: skip
        facts.append((filled_on, appointed))
    ledger = Ledger.empty(1)
    decided = from_the_facts(history, BEGINNING, facts, date(2018, 9, 30), ledger)
    measures = [
        (e.type.removeprefix("zeren."), e.data.organization_id, e.data.person_ids, e.time.date())  # type: ignore[attr-defined]
        for e in decided
        if getattr(e.data, "duty_id", None) == VACANCY
    ]
    return measures, ledger, decided


def test_moved_away_the_former_parent_is_not_proposed_for_what_it_could_no_longer_do() -> None:
    """br-1's secretary left on 2018-01-10 and nobody followed: gb-1 owed the vacancy
    filled within 90 days (due 04-10; 三、（三）), was reminded on 03-11 and criticised on
    04-11 with a month to rectify (四: 限期整改, to 05-11). br-1 was placed under gb-2 on
    04-20: from then on only gb-2 can see the secretary elected, so 05-11 passing is no
    failure of gb-1 to rectify, and 通报、约谈 (限期未整改) is not proposed against it
    (before the change it was, on 05-12, naming ``p-g1``). The case keeps what was done
    and says why the deadline ended; the appointment of 06-01 ends it (整改到位)."""
    measures, ledger, _ = _vacancy(date(2018, 4, 20), filled_on=date(2018, 6, 1))
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2018, 4, 11)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2018, 6, 1)),
    ]
    (case,) = [c for c in ledger.cases.values() if c.duty_id == VACANCY]
    assert any(
        "br-1党组织（br-1）已于2018年4月20日调整隶属关系" in step.what
        and "gb-1党组织（gb-1）无从整改，整改期限（2018年5月11日）终止" in step.what
        for step in case.history
    )


def test_moved_away_unfilled_the_case_waits_without_a_deadline() -> None:
    """As above, with the vacancy never filled: gb-1's case stays open, with no
    deadline running, for the department (or the filling) to end."""
    measures, ledger, _ = _vacancy(date(2018, 4, 20))
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2018, 4, 11)),
    ]
    (case,) = [c for c in ledger.cases.values() if c.duty_id == VACANCY]
    assert case.is_open
    assert case.rectify_by is None


def test_moved_after_the_rectification_deadline_the_proposal_stands() -> None:
    """Moved on 05-20, after 05-11 passed with br-1 still gb-1's: gb-1 failed to rectify
    what it could, and 通报、约谈 is proposed on 05-12 (四, 限期未整改), naming ``p-g1``."""
    measures, _, _ = _vacancy(date(2018, 5, 20))
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2018, 4, 11)),
        ("AccountabilityProposed", "gb-1", ["p-g1"], date(2018, 5, 12)),
    ]


def test_a_move_recorded_late_charges_the_parent_that_owed_the_duty() -> None:
    """br-1 was placed under gb-2 on 04-05, before the vacancy fell due (04-10), but the
    move was recorded on 04-20 (补录). Until then the log had br-1 under gb-1, so gb-1
    was reminded (03-11) and criticised (04-11) on what was registered. The move shows
    the duty was gb-2's when it fell due (三、（三）; the parent of the day answers, as
    when the move is recorded on time):

    - on 04-20 gb-1's case ends (it never owed the overdue), and its record of duties
      let pass no longer counts this one: its later 特别突出 proposals (四) list three
      works, not 书记空缺及时配齐;
    - on 04-20 gb-2 is criticised for the overdue, naming ``p-g2`` (四: 限期整改, 30
      days, to 05-20), and, with three other works let pass within twelve months (its
      own meetings and study), 通报、约谈 is proposed as 特别突出, sent when the day
      has closed (04-21);
    - the appointment of 06-01 ends gb-2's case."""
    measures, ledger, decided = _vacancy(date(2018, 4, 5), date(2018, 6, 1), date(2018, 4, 20))
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2018, 4, 11)),
        ("CriticismIssued", "gb-2", ["p-g2"], date(2018, 4, 20)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2018, 4, 20)),
        ("AccountabilityProposed", "gb-2", ["p-g2"], date(2018, 4, 21)),
        ("CaseResolved", "gb-2", ["p-g2"], date(2018, 6, 1)),
    ]
    cases = {c.organization_id: c for c in ledger.cases.values() if c.duty_id == VACANCY}
    assert "该项责任到期（2018年4月10日）时由新的上级党组织承担" in cases["gb-1"].history[-1].what
    (criticism,) = [e.data for e in decided if isinstance(e.data, CriticismIssued)
                    and e.data.organization_id == "gb-2" and e.data.duty_id == VACANCY]  # fmt: skip
    assert criticism.rectify_by == date(2018, 5, 20)
    assert all(work != VACANCY for _, work in ledger.overdue["gb-1"])
    assert (date(2018, 4, 20), VACANCY) in ledger.overdue["gb-2"]


def test_a_move_recorded_after_the_deadline_it_ended_takes_back_the_missed_deadline() -> None:
    """As in the first of these, br-1 placed under gb-2 on 04-20, before gb-1's deadline
    to rectify (05-11), but the move recorded on 05-25 (补录). Until then the log had br-1
    under gb-1, so 05-11 passing was found missed on 05-12 and 通报、约谈 proposed, naming
    ``p-g1`` (四, 限期未整改). The move shows the deadline ended on 04-20, before it ran
    out, as in the order of the days: the case no longer counts it missed nor cites
    限期未整改, and says why; the appointment of 06-01 still ends it (整改到位)."""
    measures, ledger, _ = _vacancy(date(2018, 4, 20), date(2018, 6, 1), date(2018, 5, 25))
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-1", ["p-g1"], date(2018, 4, 11)),
        ("AccountabilityProposed", "gb-1", ["p-g1"], date(2018, 5, 12)),
        ("CaseResolved", "gb-1", ["p-g1"], date(2018, 6, 1)),
    ]
    (case,) = [c for c in ledger.cases.values() if c.duty_id == VACANCY]
    assert Ground.RECTIFICATION_MISSED not in case.grounds
    assert case.missed_on is None
    assert case.person_ids == ["p-g1"]
    assert any(
        "经补录，br-1党组织（br-1）已于2018年4月20日调整隶属关系" in step.what
        and "整改期限（2018年5月11日）随之终止，“限期未整改”不成立" in step.what
        for step in case.history
    )


def test_a_vacancy_recorded_after_a_move_names_the_new_parent_s_holders_since_the_move() -> None:
    """br-1's secretary left on 2018-01-10, under gb-1 (三、（三）: the vacancy filled within
    90 days, due 04-10), but the leaving is recorded only on 05-20 (补录). Meanwhile gb-2's
    secretary ``p-g2`` left on 04-15, ``p-g5`` took the seat on 04-16, and br-1 was placed
    under gb-2 on 04-20 (recorded that day). The log first judges the vacancy on 05-20,
    after its rule's deadline: its grace again from then (at least the reminder lead, 30
    days: due 06-19), charged to the parent of the day, gb-2. By hand (the right party
    answers): gb-2 came to owe the filling on 04-20, so the holders it names are those of
    that day at the earliest, ``p-g5``; never ``p-g2``, who left gb-2 before br-1 came
    under it (before: the reminder and the criticism named ``p-g2``, read on the rule's
    deadline, 04-10, when gb-2 owed nothing about br-1). Reminded on 05-21 and
    criticised on 06-20 (四: 限期整改), naming ``p-g5`` alone; proposed for 通报、约谈 on
    06-21 (特别突出: gb-2 records none of its own meetings and study either), naming no
    one for 约谈: p-g5's own record, since 04-16, does not reach the count (the 相关责任人
    are those who let it pass themselves). The case names p-g5 at the end, also once
    07-20 passes unrectified (限期未整改)."""
    gb_2_handover: list[tuple[date, Payload]] = [
        (date(2018, 4, 15), left_office("gb-2", "p-g2", "secretary", date(2018, 4, 15))),
        (date(2018, 4, 16), appointed("gb-2", "p-g5", "secretary", date(2018, 4, 16))),
    ]
    measures, ledger, _ = _vacancy(
        date(2018, 4, 20), left_recorded=date(2018, 5, 20), before=gb_2_handover
    )
    assert measures == [
        ("ReminderIssued", "gb-2", ["p-g5"], date(2018, 5, 21)),
        ("CriticismIssued", "gb-2", ["p-g5"], date(2018, 6, 20)),
        ("AccountabilityProposed", "gb-2", [], date(2018, 6, 21)),
    ]
    (case,) = [c for c in ledger.cases.values() if c.duty_id == VACANCY]
    ended = (case.organization_id, case.person_ids, case.missed_on)
    assert ended == ("gb-2", ["p-g5"], date(2018, 7, 20))
