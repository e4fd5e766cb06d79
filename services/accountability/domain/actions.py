"""The organization department's and the committee's steps on a case (人工办理).

Inspection findings and self-check problems open cases (限期整改); an acceptance
(整改验收), a closure (结案), an interview (约谈), a determination of serious
consequences (造成严重后果), a decision (问责决定) and a review (申诉、复查) act on
the case they name, only if they name its own unit (the right party answers). One naming
a case the ledger does not hold is kept under the unit it names, not applied (未予执行).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from contracts.catalog import catalog_in_force
from contracts.events.enums import Ground, ReviewOutcome
from contracts.events.enums import Rung as RungLevel
from contracts.events.oversight import (
    AccountabilityDecided,
    CaseAction,
    CaseClosed,
    DecisionReviewed,
    InspectionFindingRecorded,
    InterviewConducted,
    RectificationAccepted,
    SelfCheckAnswered,
    SeriousConsequenceDetermined,
)
from contracts.policy import Rung
from contracts.types import TYPE_PREFIX
from services.accountability.domain import ladder
from services.accountability.domain.cases import opened_by_the_system, secretaries
from services.accountability.domain.handlers import on
from services.accountability.domain.measures import Decision
from services.accountability.domain.missed import Missed, missed_only, not_missed_from, voided
from services.accountability.domain.models import Case, CaseStatus, DecisionRecord, Unapplied
from services.accountability.domain.state import FINDING
from services.accountability.domain.structure import withdraw_overdue
from services.accountability.domain.texts import FOR_THE_DECIDERS, GROUND_GONE, day_label
from services.common.ids import case_id, finding_case_id


@on(InspectionFindingRecorded)
def _finding(d: Decision, data: InspectionFindingRecorded) -> None:
    """督导检查发现问题: a case per finding; its rectification duty escalates it."""
    about = f"{data.finding_id}，问题清单第{data.question}题：{data.description}"
    subject = f"督导检查发现的问题（{about}）"
    _open_finding(d, data, subject, "督导检查", data.found_on.year, data.inspection_id)


@on(SelfCheckAnswered)
def _self_check_answer(d: Decision, data: SelfCheckAnswered) -> None:
    """自查发现问题: an answer other than 是 is a finding of the unit answering.

    It takes the inspection finding's path (a case per finding, escalated by
    its rectification duty, resolved by the acceptance of its rectification),
    so a question only the self-check answers can show a failure.
    """
    if data.finding_id is None:
        return  # 是: nothing found
    question = catalog_in_force(data.answered_on).problem_list.question(data.question)
    about = (
        f"{data.finding_id}，问题清单第{data.question}题：{question.short_zh}，"
        f"自查结论：{data.answer.label_zh}"
    )
    _open_finding(d, data, f"{data.year}年度自查发现的问题（{about}）", "年度自查", data.year)


def _open_finding(
    d: Decision,
    data: InspectionFindingRecorded | SelfCheckAnswered,
    subject: str,
    found_by: str,
    year: int,
    inspection_id: str | None = None,
) -> None:
    """A case per finding, charged to the unit it was found in and its secretaries, of
    ``year`` (年度: the year an inspection found it, the year a self-check checked)."""
    assert data.finding_id is not None  # the contract requires both unless the answer is 是
    assert data.rectification_deadline is not None
    key = finding_case_id(data.organization_id, data.finding_id)
    for ref in (d.cause.id, f"{data.organization_id}|{data.finding_id}"):
        d.ledger.findings[ref] = key
        d.ledger.touch(FINDING, ref)
    d.ledger.finding_entered(data.organization_id, data.finding_id)
    if d.case(key) is not None:
        return
    case = Case(
        case_id=key,
        organization_id=data.organization_id,
        home_partition=d.partition,
        subject_zh=subject,
        opened_on=d.today,
        year=year,
        due_on=data.rectification_deadline,
        finding_id=data.finding_id,
        inspection_id=inspection_id,
        person_ids=secretaries(d, data.organization_id),
        outstanding=[""],
    )
    deadline = day_label(data.rectification_deadline)
    case.note(d.today, d.cause.id, f"{found_by}发现问题，限{deadline}前整改")
    d.save(case)


def _target(d: Decision, data: RectificationAccepted) -> Case | None:
    if data.case_id is not None:
        case = _named(d, data, data.case_id, "整改验收")
        return case if case is not None and _about_its_unit(d, case, data, "整改验收") else None
    key = d.ledger.findings.get(f"{data.organization_id}|{data.finding_id}")
    if key is None:
        _finding_not_entered(d, data)
        return None
    return d.case(key)


def _named(d: Decision, data: CaseAction, key: str, what: str) -> Case | None:
    """The case ``key`` a step names; None, the step kept as not applied, if none is held."""
    case = d.case(key)
    if case is None:
        _held_nowhere(d, data, key, what)
    return case


def _held_nowhere(d: Decision, data: CaseAction, key: str, what: str) -> None:
    """未予执行: a step naming case ``key``, which the ledger does not hold (a slip in the id,
    or, under subtree placement, a case of another unit kept where that one is folded). It
    changes nothing; it is kept under the unit it names, with why, for the department to
    see (``GET /v1/unapplied``), once however often its event is read."""
    unit = d.organization(data.organization_id)
    _kept(d, data, f"{what}所列案件（{key}）未见于{unit}的问责案件，未予执行", case_id=key)


def _finding_not_entered(d: Decision, data: RectificationAccepted) -> None:
    """整改验收 of a finding the unit has not had entered: kept as not applied until it is
    (:meth:`Ledger.finding_entered`; the duties service then applies it), for the
    department to see if it named the wrong finding."""
    unit = d.organization(data.organization_id)
    why = (f"整改验收所列问题（{data.finding_id}）未见于{unit}已登记的督导检查、自查问题，"
           "暂未执行；该问题登记后即予执行")  # fmt: skip
    _kept(d, data, why, finding_id=data.finding_id)


def _kept(
    d: Decision,
    data: CaseAction,
    why: str,
    review: DecisionReviewed | None = None,
    **named: str | None,
) -> None:
    """Keep the step ``d`` folds as not applied, under the unit it names, with ``why``
    and the case or finding it ``named`` (a ``review`` waiting for its decision, whole)."""
    d.ledger.not_applied(
        Unapplied(
            event_id=d.cause.id,
            event_type=d.cause.type.removeprefix(TYPE_PREFIX),
            organization_id=data.organization_id,
            recorded_on=d.today,
            reason_zh=why,
            review=review,
            **named,
        )
    )


def _about_its_unit(d: Decision, case: Case, data: CaseAction, what: str) -> bool:
    """The right party answers: a human action on ``case`` names the case's own unit, and
    the unit the case is about if it names one (所涉单位). One that names another (a
    clerical slip: the case id of one unit, the unit of another) is noted on the case
    and not applied, so that no determination, decision or closure meant for one unit
    acts on another's case."""
    if case.organization_id != data.organization_id:
        who = d.organization(data.organization_id)
        case.note(d.today, d.cause.id, f"{what}所列单位{who}不是本案责任单位，未予执行")
    elif data.subject_organization_id not in (None, _about(case)):
        who = d.organization(data.subject_organization_id)
        case.note(d.today, d.cause.id, f"{what}所列所涉单位{who}不是本案所涉单位，未予执行")
    else:
        return True
    d.save(case)
    return False


def _about(case: Case) -> str:
    """The unit ``case`` is about: for a duty charged to the parent, the unit concerned."""
    return case.subject_organization_id or case.organization_id


def _opened_by(
    d: Decision,
    data: SeriousConsequenceDetermined | AccountabilityDecided,
    key: str,
    about: str,
    year: int,
    persons: list[str],
) -> Case | None:
    """A case of its own for a step that names none the ledger holds (a determination or
    a decision on a problem found outside the system): about ``about``, in ``year``.

    None for a step naming a case of the system's (:func:`opened_by_the_system`) that the
    ledger does not hold: that case is kept where the unit it is about is folded (a lane
    of another partition, when the step names the wrong unit) or does not exist; a case
    opened here under its id would take what one fold of every partition refuses.
    """
    if data.case_id and opened_by_the_system(data.case_id):
        return None
    subject = data.subject_organization_id
    return Case(
        case_id=key,
        organization_id=data.organization_id,
        subject_organization_id=None if subject == data.organization_id else subject,
        home_partition=d.partition,
        subject_zh=f"“{about}”问题",
        opened_on=d.today,
        year=year,
        person_ids=persons,
    )


@on(RectificationAccepted)
def _accepted(d: Decision, data: RectificationAccepted) -> None:
    case = _target(d, data)
    if case is None or not case.is_open:
        return
    if "RectificationAccepted" in ladder.clearing_events(d.policy, case.level):
        in_time = _within_the_deadline(d, case, data.accepted_on, "验收")
        reason = f"整改已于{day_label(data.accepted_on)}验收通过{in_time}"
        d.resolve(case, reason, on=data.accepted_on)


@on(CaseClosed)
def _closed(d: Decision, data: CaseClosed) -> None:
    case = _named(d, data, data.case_id, "结案")
    if case is not None and case.is_open and _about_its_unit(d, case, data, "结案"):
        in_time = _within_the_deadline(d, case, data.closed_on, "结案")
        in_time += _closed_before_overdue(d, case, data.closed_on)
        reason = f"组织部于{day_label(data.closed_on)}结案：{data.reason}{in_time}"
        d.resolve(case, reason, CaseStatus.CLOSED, data.closed_on)


def _closed_before_overdue(d: Decision, case: Case, closed_on: date) -> str:
    """补录: 结案 dated on or before the day ``case``'s duty fell due (a finding's 整改期限),
    recorded after the duty was said overdue. The department ended the matter before
    anything was missed: recorded on its day, the overdue dated after it reached a closed
    case and was counted nowhere (the duties service does not know of closures). So it is
    no failure of the unit's either way: it leaves the records the 特别突出 rule counts (the
    unit's, its holders'), a 特别突出 ground resting on the count is weighed again
    (:func:`withdraw_overdue`), and the case's own is dropped (:func:`_none_of_its_problems`).
    What the closure is to say of it, "" if the case was not counted overdue."""
    due = case.due_on
    if due is None or closed_on > due or not withdraw_overdue(d, case):
        return ""
    said = f"；该项责任到期（{day_label(due)}）前已结案，其后的逾期不计入逾期记录"
    return said + _none_of_its_problems(d, case, told=False)


def missed(case: Case, deadline: date, the_finding_s: bool = False) -> None:
    """限期未整改: the rectification deadline ``deadline`` passed unrectified (问题没有及时
    解决); the case keeps the earliest such deadline (``missed_on``) and, on a finding's
    case, the earliest of each kind apart: the finding's own (``the_finding_s``) or one a
    rung set (see :func:`_misses`)."""
    case.missed_deadline = True
    case.missed_on = _earliest(case.missed_on, deadline)
    if case.finding_id is None:
        return
    if the_finding_s:
        case.finding_missed_on = _earliest(case.finding_missed_on, deadline)
    else:
        case.rung_missed_on = _earliest(case.rung_missed_on, deadline)


def _earliest(kept: date | None, deadline: date) -> date:
    return deadline if kept is None else min(kept, deadline)


def _within_the_deadline(
    d: Decision,
    case: Case,
    day: date,
    what: str,
    replacing: bool = False,
    unsolved: bool = False,
) -> str:
    """补录: the department's step (整改验收, 结案; a decision ``replacing`` the running
    deadline by its own) dated ``day``, on or before a deadline a tick found missed,
    recorded after that tick. That deadline was met: the case no longer counts it missed,
    and once no rung's deadline stays missed it no longer cites 限期未整改 as a ground, and
    names again those it named before that deadline (:func:`named_again`). A finding's
    own deadline passed before ``day`` stays missed (问题没有及时解决 holds for the top
    rung), as does any on a decision's day: no decision replaces it. Once no deadline stays
    missed, the top rung's ground (问题没有及时解决，造成不良影响和严重后果) no longer holds
    either, unless the problem is ``unsolved`` all the same (the replacing decision's own
    deadline ran out unrectified). The text returned says so to whoever received a
    proposal made on a ground gone; "" if the step met no deadline found missed (the
    misses stand). With an earlier one missed, a later deadline found passed, on or after
    ``day``, was met all the same: whom its passing named give way to those the earlier
    one's named (:func:`missed.voided`)."""
    met, standing = not_missed_from(case, day, rungs_only=replacing)
    if not met:
        named_on = case.deadline_named_on
        if named_on is None or named_on < day:
            return ""
        return voided(d, case, named_on, f"经补录，{what}日期在整改期限{day_label(named_on)}之内")
    said = f"；经补录，{what}日期在整改期限{day_label(min(miss.on for miss in met))}之内"
    if not any(miss.by_a_rung for miss in met):
        said += "，问题已及时解决"  # the finding's own deadline only: no 限期未整改 was raised
    elif not any(miss.by_a_rung for miss in standing):
        said += "，“限期未整改”不成立"
    gone = missed_only(d, case, standing, said, unsolved)
    return said + gone + "".join(_still_missed(miss) for miss in standing)


def _still_missed(miss: Missed) -> str:
    """What a step recorded late (补录) leaves of ``miss``, a deadline it came after."""
    if miss.by_a_rung:
        return f"；整改期限{day_label(miss.on)}已过，逾期未整改仍然成立"
    return f"；发现问题时确定的整改期限{day_label(miss.on)}已过，问题没有及时解决"


def acceptance_within(d: Decision, case: Case, accepted_on: date) -> str:
    """补录: the department's acceptance (整改验收, the catalog's ``by_the_department``) dated
    ``accepted_on``, after the deadline its duty was said overdue on (the duties service
    says it fulfilled late), recorded after a later deadline the case found missed (a
    finding's criticism's, 批评，限期整改): it may have met that one
    (:func:`_within_the_deadline`); what the resolution is to say of it, "" if not."""
    return _within_the_deadline(d, case, accepted_on, "验收")


def overdue_not_held(d: Decision, case: Case, due_on: date) -> str:
    """补录: the department's acceptance (整改验收, the catalog's ``by_the_department``)
    dated on or before ``due_on``, the deadline its duty was said overdue on, recorded
    after it: the duties service says the duty fulfilled in time after all. The overdue
    did not hold (:func:`failure_lapsed`); the text returned says so, and that the overdue
    is not counted on the unit's record, to whoever received a measure taken on it."""
    said = f"；经补录，验收日期在整改期限{day_label(due_on)}之内，逾期不成立，不计入逾期记录"
    return said + failure_lapsed(d, case, said)


def failure_lapsed(d: Decision, case: Case, said: str) -> str:
    """The case's own overdue did not hold (整改验收 in time recorded late; 免除 of what was
    not owed on its day): no deadline of it was missed (问题没有及时解决 no longer holds for
    the top rung), and it is none of its unit's 特别突出 problems, whatever the unit's count
    of other works. A proposal resting on either ground no longer stands, unless people
    decided on the case since the 特别突出 ground arose (then that ground is left to them
    and only said). What to tell whoever received a proposal ("" if none was made);
    ``said``: why."""
    gone = _no_deadline_missed(d, case, said)
    return gone + _none_of_its_problems(d, case, told=bool(gone))


def _none_of_its_problems(d: Decision, case: Case, told: bool) -> str:
    """The case's own overdue did not hold: it is none of its unit's 特别突出 problems, and
    the case no longer cites the ground, unless people decided on the case since it arose
    (then it is left to them and only said). What to tell whoever received a proposal on
    it ("" if none); ``told``: they are told already that a ground it rests on is gone."""
    if Ground.PROMINENT not in case.grounds:
        return ""
    if case.decided_since(Ground.PROMINENT):
        return f"，“特别突出的问题”依据不再成立；{FOR_THE_DECIDERS}"
    d.ground_gone(case, Ground.PROMINENT)
    return "" if told else f"，{GROUND_GONE}"


def _no_deadline_missed(d: Decision, case: Case, said: str) -> str:
    """The case no longer counts a deadline missed (:func:`missed_only`, none standing)."""
    return missed_only(d, case, [], said)


@on(InterviewConducted)
def _interviewed(d: Decision, data: InterviewConducted) -> None:
    """约谈已进行: recorded on the case; it changes no rung."""
    case = _named(d, data, data.case_id, "约谈记录")
    if case is not None and _about_its_unit(d, case, data, "约谈记录"):
        who = d.person(case.organization_id, data.person_id)
        case.note(d.today, d.cause.id, f"{day_label(data.conducted_on)}{data.kind.label_zh}：{who}")
        d.save(case)


@on(SeriousConsequenceDetermined)
def _serious(d: Decision, data: SeriousConsequenceDetermined) -> None:
    """造成严重后果: noted on the case (or a case of its own), with its day (认定日期).

    The top rung is proposed only if a rectification deadline was missed too
    (:func:`if_determined`), its ground dated by the facts, not by this record.
    """
    case = d.case(data.case_id) if data.case_id else None
    if case is not None and not _about_its_unit(d, case, data, "严重后果认定"):
        return
    if case is None:
        key = case_id("serious", data.organization_id, d.cause.id)
        about, year = data.description, data.determined_on.year
        case = _opened_by(d, data, key, about, year, secretaries(d, data.organization_id))
        if case is None:  # it names a case of the system's, not held
            assert data.case_id is not None
            _held_nowhere(d, data, data.case_id, "严重后果认定")
            return
    case.serious = True
    case.determined_on = min(case.determined_on or data.determined_on, data.determined_on)
    case.note(d.today, d.cause.id, f"经党委于{day_label(data.determined_on)}认定造成严重后果")
    d.save(case)
    if_determined(d, case)


@on(AccountabilityDecided)
def _decided(d: Decision, data: AccountabilityDecided) -> None:
    """问责决定: the measures decided are taken, for the persons decided, on the unit decided.

    Noted and not applied (未予执行): another decision under a decision id already
    recorded, and one dated before the system opened the case it names (a slip)."""
    case = d.case(data.case_id)
    if case is None:
        about, year = data.reason or data.meeting, data.decided_on.year
        case = _opened_by(d, data, data.case_id, about, year, list(data.person_ids))
        if case is None:
            _held_nowhere(d, data, data.case_id, "决定")
            return
    if not _about_its_unit(d, case, data, "决定"):
        return
    recorded = case.decision(data.decision_id)
    if recorded is not None:
        if recorded.event_id != d.cause.id:  # the same event read again changes nothing
            _not_applied(d, case, f"决定（{data.decision_id}）已记录，重复记录")
    elif opened_by_the_system(case.case_id) and data.decided_on < case.opened_on:
        opened = day_label(case.opened_on)
        _not_applied(d, case, f"决定日期{day_label(data.decided_on)}早于本案立案日期{opened}")
    else:
        placed, passed = _deadline_placed(d, case, data)
        d.record(case, data, placed + _overtaken(d, case, data))
        if passed is not None:
            if_determined(d, case)
        _deadlines_not_set(d, case, data)
        _reviews_waiting(d, case, case.decisions[-1])


def _deadline_placed(
    d: Decision, case: Case, data: AccountabilityDecided
) -> tuple[str, date | None]:
    """限期整改 of a decision bringing the case to a higher rung on its day: its rung's deadline
    (通报、约谈: 15 days; none at the top) replaced the one running then, and ran until the
    next decision that raised the case above it, or the step that ended the case
    (:class:`Settled`), or runs still. Placed by the decision's day among the steps recorded
    before it, so that a decision recorded late (补录), even after a later one or after the
    case ended, sets what it set on its day:

    - a deadline a rung set, found missed on or after its day (限期未整改), was replaced,
      never missed: the case no longer counts it nor cites the ground (a finding's own
      deadline, 督导检查、自查 限期整改, is no rung's: no decision replaces it, and missed it
      stays missed);
    - its own deadline, if it passed before it stopped running, was missed (问题没有及时解决);
      if it runs still, it governs the open case from then on (missing it counts).

    Returns what the text of its measures and the case say of it ("" if nothing beyond its
    measures), and its deadline found missed here (None if none). A case resolved before the
    days of its steps were kept (no ``settled``) is left as it stood."""
    rungs = ladder.decided(d.policy, data.measures)
    day = data.decided_on
    if not rungs or rungs[-1].order <= _decided_by(d, case, day):
        return "", None  # no higher rung on its day than decisions dated by then: no deadline
    rung, until = rungs[-1], ladder.deadline(rungs[-1], day)
    ended = _raised_after(d, case, day, rung)
    if not case.is_open:
        if case.settled is None:
            return "", None
        ended = case.settled.on if ended is None else min(ended, case.settled.on)
    runs_out = until is not None and until < (d.today if ended is None else ended)
    said = _within_the_deadline(d, case, day, "决定", replacing=True, unsolved=runs_out)
    passed = None
    if ended is None:
        d.set_deadline(case, rung, day)  # it runs still, on the open case
    elif until is not None and until < ended:
        passed = until
        missed(case, passed)
    if said:
        then = f"整改期限以该决定为准，至{day_label(until)}" if until else "原整改期限随该决定终止"
        said += f"；{then}" + ("，期满未见整改到位" if passed else "")
    elif passed:
        said = f"；经补录，该决定所定整改期限{day_label(passed)}已过，未见整改到位"
    return said, passed


def _taken(d: Decision, case: Case) -> Iterator[tuple[date, int]]:
    """Each decision recorded on ``case`` that took a measure: its day and the order of the
    highest rung it took."""
    for recorded in case.decisions:
        if order := ladder.reached(d.policy, recorded.measures):
            yield recorded.decided_on, order


def _decided_by(d: Decision, case: Case, day: date) -> int:
    """The order of the highest rung the decisions recorded on ``case`` dated on or before
    ``day`` took (0: none): the rung the case stood at on that day, decided rungs being
    above every automatic one."""
    return max((order for on, order in _taken(d, case) if on <= day), default=0)


def _raised_after(d: Decision, case: Case, day: date, rung: Rung) -> date | None:
    """The day of the first decision recorded on ``case`` dated after ``day`` that took a rung
    above ``rung``: on its day it set its own deadline in place of ``rung``'s. None if none."""
    later = (on for on, order in _taken(d, case) if on > day and order > rung.order)
    return min(later, default=None)


def unrectified(deadline: date) -> str:
    """What a proposal says of the rectification deadline ``deadline`` passed unrectified."""
    return f"，整改期限{day_label(deadline)}已过，未见整改到位"


def _overtaken(d: Decision, case: Case, data: AccountabilityDecided) -> str:
    """补录: the grounds that arose after the decision was taken (:meth:`Raised.stood_on`) and
    fire no rung above the one it took. Recorded on its day, none was proposed (a rung is
    proposed once, never one the case has reached); the proposal made on what was registered
    was overtaken by the decision. The case no longer cites them, and the text returned says
    so ("" if none)."""
    rungs = ladder.decided(d.policy, data.measures)
    if not rungs:
        return ""
    said = ""
    for raised in [raised for raised in case.raised if not raised.stood_on(data.decided_on)]:
        proposing = ladder.proposing(d.policy, raised.ground)
        if proposing and proposing[-1].order <= rungs[-1].order:
            case.drop_ground(raised.ground)
            said += (
                f"；经补录，{day_label(raised.on)}以“{raised.ground.label_zh}”为依据提出的"
                f"{proposing[-1].name_zh}建议，已由该决定在先作出，不再另行研究"
            )
    return said


@on(DecisionReviewed)
def _reviewed(d: Decision, data: DecisionReviewed) -> None:
    """申诉、复查结论 on a recorded decision that stands. One naming a decision not recorded
    yet, on its case or on a case not held yet (a decision under the department's own
    number opens it), waits for it (补录) and is applied once it is (:func:`_decided`);
    anything else is noted and left: a decision already revoked on review (撤销 ends it),
    a review dated before the decision."""
    case = d.case(data.case_id)
    if case is None:
        unit = d.organization(data.organization_id)
        _review_waits(d, data, f"复查结论所列案件（{data.case_id}）未见于{unit}的问责案件")
        return
    if not _about_its_unit(d, case, data, "复查结论"):
        return
    decided = case.decision(data.decision_id)
    if decided is None:
        why = f"复查所列决定（{data.decision_id}）未见记录"
        _noted(d, case, f"{why}，{_UNTIL_DECIDED}", d.cause.id)
        _review_waits(d, data, why)
    else:
        _review(d, case, decided, data, d.cause.id)


#: What a review waiting for its decision says (暂未执行).
_UNTIL_DECIDED = "暂未执行；所复查的决定登记后即予执行"


def _review_waits(d: Decision, data: DecisionReviewed, why: str) -> None:
    """Keep the review ``d`` folds under the unit it names until its decision is recorded."""
    _kept(d, data, f"{why}，{_UNTIL_DECIDED}", case_id=data.case_id, review=data)


def _reviews_waiting(d: Decision, case: Case, decided: DecisionRecord) -> None:
    """The reviews of ``decided``, just recorded, that came first (the decision entered
    late, 补录): applied now, in the order of their days, as they would have been on them."""
    for event_id, review in d.ledger.reviews_of(case.organization_id, case.case_id,
                                                decided.decision_id):  # fmt: skip
        if _about_its_unit(d, case, review, "复查结论"):
            _review(d, case, decided, review, event_id)


def _review(
    d: Decision, case: Case, decided: DecisionRecord, data: DecisionReviewed, event_id: str
) -> None:
    """Review ``decided`` by ``data`` (event ``event_id``) unless a review of that day or
    before revoked it already (one dated before the revocation, recorded after it, 补录, is
    applied as of its day), the review is dated before the decision or keeps what it did
    not take (:func:`_not_decided`)."""
    if decided.reviewed == ReviewOutcome.REVOKED.value and data.reviewed_on >= (
        decided.reviewed_on or data.reviewed_on
    ):
        _not_applied(d, case, f"决定（{data.decision_id}）已于复查中撤销", event_id)
    elif data.reviewed_on < decided.decided_on:
        _not_applied(d, case, f"复查日期{day_label(data.reviewed_on)}早于决定日期", event_id)
    elif extra := _not_decided(d, case, decided, data):
        why = f"复查变更所列{extra}非原决定（{data.decision_id}）所作，复查只保留原决定的措施和人员"
        _not_applied(d, case, why, event_id)
    else:
        kept = d.review(case, decided, data, event_id)
        _deadline_voided(d, case, decided, kept, data.reviewed_on, event_id)


def _not_decided(d: Decision, case: Case, decided: DecisionRecord, data: DecisionReviewed) -> str:
    """The measures and persons a change (变更) keeps that ``decided`` did not take, named
    ("" if none): a review keeps part of a decision; it adds nothing (申诉不加重)."""
    measures, persons = data.added_to(decided.measures, decided.person_ids)
    extra = [m.label_zh for m in measures] + [d.person(case.organization_id, p) for p in persons]
    return "、".join(extra)


def _deadline_voided(
    d: Decision,
    case: Case,
    decided: DecisionRecord,
    kept: set[RungLevel],
    reviewed_on: date,
    event_id: str,
) -> None:
    """A review keeping none of the measures of the rung whose rectification deadline
    ``decided`` set (撤销; 变更 to other measures) voids that deadline: running, it ends
    (``Decision.review``); found passed already (the review dated after it, or recorded
    after it, 补录), nobody answers for missing it (:func:`missed.voided`). With no
    deadline missed then, the problem was not left unsolved in time: the top rung's
    ground (问题没有及时解决，造成不良影响和严重后果) no longer holds, though it was kept
    while the decision's deadline, recorded after it ran out (补录), was to be found
    missed."""
    rungs = ladder.decided(d.policy, decided.measures)
    if not rungs or {m.value for m in rungs[-1].measures} & {m.value for m in kept}:
        return
    why = f"{rungs[-1].name_zh}经{day_label(reviewed_on)}复查不再执行"
    said = _void(d, case, rungs[-1], decided.decided_on, why)
    if not case.missed_deadline and d.ground_gone(case, Ground.SERIOUS_CONSEQUENCE):
        said = said or f"；{why}"
        said += f"，“问题没有及时解决”不成立，{GROUND_GONE}"
    _noted(d, case, said, event_id)


def _deadlines_not_set(d: Decision, case: Case, data: AccountabilityDecided) -> None:
    """补录: ``data`` took its rung on its day, before decisions recorded ahead of it that
    took no higher one: on their days the case stood at its rung, so they set no
    rectification deadline (:func:`_deadline_placed`); one a tick found passed since binds
    nobody (:func:`missed.voided`)."""
    order = ladder.reached(d.policy, data.measures)
    for later in case.decisions:
        if later.event_id == d.cause.id or later.decided_on < data.decided_on:
            continue
        rungs = ladder.decided(d.policy, later.measures)
        if rungs and rungs[-1].order <= order:
            why = (f"经补录，{data.decided_by.label_zh}{day_label(data.decided_on)}的决定在先，"
                   f"其后的决定（{later.decision_id}）未另定整改期限")  # fmt: skip
            _noted(d, case, _void(d, case, rungs[-1], later.decided_on, why), d.cause.id)


def _void(d: Decision, case: Case, rung: Rung, decided_on: date, why: str) -> str:
    """The rectification deadline a decision of ``decided_on`` taking ``rung`` set binds
    nobody (``why``): what the case is to say of it ("" if nothing, :func:`missed.voided`)."""
    deadline = ladder.deadline(rung, decided_on)
    return "" if deadline is None else voided(d, case, deadline, why)


def _noted(d: Decision, case: Case, said: str, event_id: str) -> None:
    """Note ``said`` (of event ``event_id``) on the case, if anything."""
    if said:
        case.note(d.today, event_id, said.removeprefix("；"))
        d.save(case)


def _not_applied(d: Decision, case: Case, why: str, event_id: str | None = None) -> None:
    """A step on the case (event ``event_id``, the one folded if None) that is not applied,
    and why, noted on the case (未予执行)."""
    case.note(d.today, event_id or d.cause.id, f"{why}，未予执行")
    d.save(case)


def if_determined(d: Decision, case: Case) -> None:
    """The top rung's proposal once the problem is both unsolved in time and determined
    serious (四: 问题没有及时解决，造成不良影响和严重后果), whichever of the two was recorded
    last: its ground arises on the day both hold (:func:`_both_hold_since`), and the
    proposal cites both facts, so that the same facts recorded in another order (补录) give
    the same proposal, naming the persons the case names (those answering since the
    deadline passed). A ground raised before a fact recorded later moved that day (a
    decision, recorded late, that replaced the deadline missed by its own) takes the day
    the facts now give."""
    if not (case.missed_deadline and case.serious):
        return
    arose = _both_hold_since(case)
    if arose is not None:
        for raised in case.raised:
            if raised.ground is Ground.SERIOUS_CONSEQUENCE:
                raised.on = arose
        d.save(case)
    deadline = f"整改期限{day_label(case.missed_on)}已过，" if case.missed_on else ""
    on = f"于{day_label(case.determined_on)}" if case.determined_on else ""
    why = f"，{deadline}问题没有及时解决；经党委{on}认定造成不良影响和严重后果"
    for rung in ladder.determined(d.policy):
        d.escalate(case, rung, why, Ground.SERIOUS_CONSEQUENCE, arose=arose)


def _both_hold_since(case: Case) -> date | None:
    """The day 问题没有及时解决 and 造成严重后果 both hold: the later of the committee's
    determination (认定日期, not the day it was recorded) and the day after the earliest
    deadline missed (the tick of that day finds it passed). None for a case stored before
    either day was kept: its ground is dated the day it is raised, as it was."""
    if case.determined_on is None or case.missed_on is None:
        return None
    return max(case.determined_on, case.missed_on + timedelta(days=1))
