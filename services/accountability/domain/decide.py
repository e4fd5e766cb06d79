"""The accountability fold (问责决定): ``decide(ledger, delivery) -> (ledger, outputs)``.

Input is ``zeren.duties.v2`` only: duty statuses, forwarded human actions,
office holders, organization names, members leaving the roll and clock ticks.
:func:`decide` puts each delivery through the
:class:`~services.common.sequencer.Sequencer` and folds what it releases, in the
log's one order; :func:`fold` handles one event. No I/O,
no wall clock: the day is the last tick folded on the event's partition.

Cases (问责案件) are keyed by the missed obligation — the charged
organization (责任单位), duty, period, for office duties the office and the
person whose own duty it is (个人职责: each holder climbs a ladder of their
own), and for duties charged to the parent the unit concerned — or by the inspection
finding, or (a serious consequence without a case) by the determining event;
the case id is derived from the key, so repeats append to the open case. The
yearly self-check is one case per unit and year, whatever the questions.
Member duties (党费, 组织关系转接, 失联) never open an organization's case:
the duties service flags the member to the branch (党章 第九条).

This module folds duty statuses and the clock (deadlines, the cross-unit rules);
``actions`` the department's and the committee's steps, ``structure`` the changes
of units and office holders, ``flags`` the flags kept and withdrawn; ``cases`` names
cases and who answers for them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from contracts.catalog import ChargedTo, Duty, Scope
from contracts.envelope import SCHEMA_VERSION, SPECVERSION, Envelope
from contracts.events import duties
from contracts.events.base import Payload
from contracts.events.clock import ClockTicked, partition_subject, tick_id
from contracts.events.duties import (
    DutyDueSoon,
    DutyEvidenced,
    DutyFulfilled,
    DutyFulfilledLate,
    DutyOverdue,
    DutyStatus,
    DutyWaived,
    MemberSituationFlagged,
    OrganizationFlagged,
)
from contracts.events.enums import Ground, Office
from contracts.policy import POLICIES, AccountabilityPolicy, policy_in_force
from contracts.types import event_type_of
from services.accountability.domain import ladder
from services.accountability.domain.actions import (
    acceptance_within,
    failure_lapsed,
    if_determined,
    missed,
    overdue_not_held,
    unrectified,
)
from services.accountability.domain.cases import (
    SELF_CHECK,
    catalog_duty,
    duty_case_id,
    duty_key,
    personal,
    rectification_missed_on,
)
from services.accountability.domain.flags import keep_flag
from services.accountability.domain.handlers import HANDLERS, on
from services.accountability.domain.measures import SOURCE, Decision, Emitted
from services.accountability.domain.missed import answering_now, found_done_before
from services.accountability.domain.models import (
    Case,
    CaseStatus,
    DutyGroup,
    OverdueCase,
    ProminentCheck,
    Running,
    Stood,
    Waived,
    award_year,
)
from services.accountability.domain.state import (
    DAYS,
    OVERDUE,
    Ledger,
    group_key,
    holder_key,
)
from services.accountability.domain.structure import restore_overdue, withdraw_overdue
from services.accountability.domain.texts import day_label, duty_title, period_label
from services.common.sequencer import Delivery

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_POLICY_DAY = POLICIES[0].effective_from
#: Days after a duty's deadline tick (``due_on`` + 1) every partition must have passed
#: before the widespread rule looks at it: the duties service may forward a tick before
#: or after the overdue events that tick caused.
DEADLINE_TICK = timedelta(days=1)


#: Stands for a record the adapter passed over undecoded because it makes no decision
#: (:func:`makes_no_decision`): the sequencer orders it like any other, the fold skips it.
PASSED_OVER = Envelope.model_construct(
    specversion=SPECVERSION,
    id="passed-over",
    source=SOURCE,
    type="zeren.PassedOver",
    subject="",
    time=datetime(2017, 10, 20, tzinfo=SHANGHAI),
    schemaversion=SCHEMA_VERSION,
    data=Payload(),
)
#: The flags (情况提示): kept in the ledger to be shown, so never passed over.
FLAGS = frozenset(event_type_of(model) for model in (MemberSituationFlagged, OrganizationFlagged))


def makes_no_decision(event_type: str, duty_id: str, version: str) -> bool:
    """Whether a duty status of ``event_type`` about ``duty_id`` as catalog ``version``
    states it leaves the ledger as it is: a member duty's status (党费, 组织关系转接:
    the duties service flags the member to the branch), a flag excepted. Most of the log
    is such statuses; the adapter need not decode them (:data:`PASSED_OVER`)."""
    return event_type not in FLAGS and _scope_of(duty_id, version) is Scope.MEMBER


def decide(ledger: Ledger, delivery: Delivery) -> tuple[Ledger, list[Emitted]]:
    """Receive one delivery; fold every delivery it releases; return the outputs in order."""
    outputs: list[Emitted] = []
    for released in ledger.sequencer.offer(delivery):
        outputs += fold(ledger, released)
    return ledger, outputs


def fold(ledger: Ledger, delivery: Delivery) -> list[Emitted]:
    """Fold one event in the log's order (the sequencer's job to guarantee)."""
    env, p = delivery.envelope, delivery.partition
    if env is PASSED_OVER:
        return []
    if isinstance(env.data, ClockTicked):
        today = env.data.date
    else:
        today = ledger.days.get(p) or env.time.astimezone(SHANGHAI).date()
    # Before the first policy (the seed took effect 2017-10-20) no duty is owed either
    # (the catalog starts the same day): only ticks and appointments arrive, and the
    # first policy's ladder has nothing to act on.
    decision = Decision(ledger, p, env, today, policy_in_force(max(today, FIRST_POLICY_DAY)))
    handler = HANDLERS.get(type(env.data))
    if handler is not None:
        handler(decision, env.data)
    return decision.outputs


# ── duty statuses ──────────────────────────────────────────────────────────


def _duty(data: DutyStatus) -> Duty | None:
    """The duty as the version the status names states it: the one the duties service
    judged the period by (:func:`catalog_duty`)."""
    return catalog_duty(data.duty_id, data.catalog_version)


def _scope(data: DutyStatus) -> Scope:
    return _scope_of(data.duty_id, data.catalog_version)


def _scope_of(duty_id: str, version: str) -> Scope:
    duty = catalog_duty(duty_id, version)
    return Scope.ORGANIZATION if duty is None else duty.applies_to.scope


def _subject_answers(data: DutyStatus) -> bool:
    """Whether the person a status names answers for it: not the counterpart of a duty
    charged to the owner's office or its parent (the head a secretary talks with)."""
    duty = _duty(data)
    return duty is None or duty.charged_to is ChargedTo.OWNER


def _item(data: DutyStatus) -> str:
    """The obligation inside the case: the office holder, the question, or the unit (``""``)."""
    if _scope(data) is Scope.OFFICE and data.person_id:
        return data.person_id
    return data.duty_id if duty_key(data.duty_id) == SELF_CHECK else ""


def _own_office(data: DutyStatus) -> Office | None:
    """The office whose holder's own duty (个人职责) ``data`` is about; None for the unit's."""
    return data.office if _scope(data) is Scope.OFFICE else None


def _charged(data: DutyStatus) -> str:
    """责任单位: the organization that owed the duty (the parent, for duties charged to it)."""
    return data.charged_organization_id or data.organization_id


def _concerning(data: DutyStatus) -> str:
    """The unit a duty charged to another organization is about; "" for the unit's own."""
    return data.organization_id if _charged(data) != data.organization_id else ""


def _case_for(d: Decision, data: DutyStatus) -> str:
    """The case of a duty status: the finding's, if it is a finding's rectification duty."""
    finding = d.ledger.findings.get(data.period.removeprefix("within:"))
    if data.period.startswith("within:") and finding is not None:
        return finding
    office = _own_office(data)
    key_office, person = (office.value, data.person_id or "") if office else ("", "")
    charged, concerning = _charged(data), _concerning(data)
    return duty_case_id(charged, data.duty_id, data.period, key_office, concerning, person)


def _persons(d: Decision, data: DutyStatus) -> list[str]:
    """责任人: every holder who owed the duty at the time. For a unit's duty found overdue,
    or judged after its rule's deadline (:func:`_owed_on`), those who held the answering
    office on the day it fell due by its rule, read by the terms the ledger keeps: the
    duties service names the holders of the day it sends the status, who may have taken
    the office since (a move recorded late, 补录, charges the new parent; a 委员 recorded
    late opens months a former secretary owed). Otherwise, or if no appointment to that
    office reached the ledger, as the duties service named them (a reminder: the holders
    of its day)."""
    owed_on = _owed_on(data) or (data.due_on if isinstance(data, DutyOverdue) else None)
    office = _answering_office(data)
    if owed_on is not None and office is not None and d.ledger.knows(_charged(data), office):
        return d.ledger.held_on(_charged(data), office, owed_on)
    if data.charged_person_ids:
        return list(data.charged_person_ids)
    answers = data.person_id and not _concerning(data) and _subject_answers(data)
    return [data.person_id] if answers and data.person_id else []


def _answering_office(data: DutyStatus) -> Office | None:
    """The office whose holders in the charged organization answer for ``data``'s duty: a
    unit's duty, or one charged to an office (上级组织, 本组织责任职务: the 党委书记 for the
    exchange with a 党总支书记); None for an office holder's own duty (its holder answers),
    as :func:`~services.accountability.domain.cases.answering_office` says of a case."""
    duty = _duty(data)
    if duty is None or personal(duty):
        return None
    if duty.applies_to.scope is Scope.ORGANIZATION:
        return data.office  # the duties service states it: the duty's responsible office
    return duty.responsible_office


def _owed_on(data: DutyStatus) -> date | None:
    """The deadline the duty's rule sets for the period (its end plus the grace, 宽限) when
    the duties service judged the period by a later one: a period it opened late (补录: a
    unit, a 委员 or a trigger recorded after the period) has its deadline run from that
    day, to record what was done. A parent that came to owe it after that deadline (a
    unit placed under it, 隶属关系调整, ``charged_since``) owed it from then. None when
    ``due_on`` is the rule's own."""
    duty = _duty(data)
    grace = timedelta(days=duty.grace_days) if duty is not None else None
    if grace is None or data.due_on - data.period_end <= grace:
        return None
    by_rule = data.period_end + grace
    return by_rule if data.charged_since is None else max(by_rule, data.charged_since)


def _subject(d: Decision, data: DutyStatus) -> str:
    """``“支委会”（2018年3月）``: the self-check as one, and the unit concerned if not charged."""
    if duty_key(data.duty_id) == SELF_CHECK:
        title = "年度自查"
    else:
        title = duty_title(data.duty_id, data.period_end)
    concerning = _concerning(data)
    about = f"，涉及{d.organization(concerning)}" if concerning else ""
    return f"“{title}”（{period_label(data.period)}{about}）"


def _open_duty_case(d: Decision, data: DutyStatus, key: str) -> Case:
    case = Case(
        case_id=key,
        organization_id=_charged(data),
        subject_organization_id=_concerning(data) or None,
        home_partition=d.partition,
        subject_zh=_subject(d, data),
        opened_on=d.today,
        year=award_year(data.period, data.period_start, data.period_end),
        duty_id=duty_key(data.duty_id),
        period=data.period,
        due_on=data.due_on,
        catalog_version=data.catalog_version,
        office=_own_office(data),
        owed_on=_owed_on(data),
        person_ids=_persons(d, data),
    )
    d.save(case)
    return case


@on(*duties.EVENTS)
def _duty_status(d: Decision, data: DutyStatus) -> None:
    # Decided on the day of its cause: a status a tick caused (a reminder, an overdue, a
    # flag) carries that tick's time and may be forwarded before the tick itself; an
    # overdue duty is never decided before the day after its deadline.
    d.today = max(d.today, d.cause.time.astimezone(SHANGHAI).date())
    if isinstance(data, (MemberSituationFlagged, OrganizationFlagged)):
        keep_flag(d, data)  # 情况提示: kept to be shown; no case, no measure follows
        return
    if _scope(data) is Scope.MEMBER:
        return  # a member's own duty is no organization's case
    name = type(data).__name__
    if isinstance(data, DutyOverdue):
        d.today = max(d.today, data.due_on + DEADLINE_TICK)
        # 从旧: the failure was complete on the deadline, and is judged under the policy in
        # force that day however late it is recorded (a move recorded late, 补录, charges
        # the new parent with a deadline passed under an earlier policy; a period judged
        # late failed on its rule's own deadline, ``_owed_on``); found on time, it is
        # decided before its tick, under that same policy.
        failed_on = _owed_on(data) or data.due_on
        d.policy = policy_in_force(max(failed_on, FIRST_POLICY_DAY))
    if isinstance(data, DutyFulfilled):
        _group(d, data).fulfilled.add(_charged(data))
    elif isinstance(data, DutyDueSoon):
        d.ledger.owed_until(data.duty_id, data.period, data.due_on)  # 普遍性: wait for it
    rungs = ladder.fired_by(d.policy, name)
    key = _case_for(d, data)
    _former_parents(d, data, name)
    case = d.case(key)
    if case is None and not rungs:
        return
    case = case or _open_duty_case(d, data, key)
    owed = case.waived is not None or case.fulfilled_on is not None
    restored = False
    if owed and not isinstance(data, DutyEvidenced | DutyWaived):
        restored = _owed_again(d, case, data)
    case.note(d.today, d.cause.id, f"{name}：{period_label(data.period)}")
    if rungs and case.is_open and rectification_missed_on(case) is None:
        # 责任人 of the failure at hand: who owed the duty when it fell due or overdue, as
        # the duties service named them (not who held the office at the first reminder).
        # A case ended (办结, 结案) keeps whom it named when it ended, and one whose
        # rectification deadline stands missed those of that day (整改期限届满时的责任人):
        # the duty owed again (恢复履行) says the same failure again.
        case.person_ids, case.named_before_missed = _persons(d, data), None
    d.save(case)
    if not case.is_open:
        _not_held_once_ended(d, case, data)
        return
    item = _item(data)
    if isinstance(data, (DutyFulfilled, DutyFulfilledLate, DutyWaived)):
        _fulfil(d, case, item, name, data, _overdue_not_held(d, case, data))
        return
    if item not in case.outstanding:
        case.outstanding.append(item)
    reason = f"，截至{day_label(d.today)}尚未完成"  # the reminder's day: its deadline is to come
    if isinstance(data, DutyOverdue):
        if not restored:
            _overdue(d, case, data)
        reason = _overdue_reason(data.due_on)
    for rung in rungs:
        d.escalate(case, rung, reason)
    if isinstance(data, DutyOverdue) and case.finding_id is not None:
        _finding_unrectified(d, case, data.due_on)


def _finding_unrectified(d: Decision, case: Case, deadline: date) -> None:
    """限期整改 of a finding (督导检查、自查发现的问题): its rectification duty overdue is the
    deadline the finding set passing unrectified, a problem not solved in time
    (问题没有及时解决) as much as a criticism's deadline passing is, but no rung's: it raises
    no 限期未整改 ground (the criticism it brings sets the deadline that does)."""
    missed(case, deadline, the_finding_s=True)
    d.save(case)
    if_determined(d, case)


def _former_parents(d: Decision, data: DutyStatus, name: str) -> None:
    """隶属关系调整: a duty charged to the parent follows the unit it is about to its new
    parent, so its statuses come charged to the new parent. A former parent's open case
    of the same obligation (the same holder, for a duty about an office) ends when it is
    done or waived (整改到位, 免除); one that was only reminded ends as soon as the duty
    is the new parent's, since the former parent never failed it. A failure of its own
    (overdue, criticised) stays its case until the duty is done."""
    concerning, item = _concerning(data), _item(data)
    if not concerning:
        return
    for other in sorted(d.ledger.open_about(concerning, duty_key(data.duty_id), data.period)):
        case = d.ledger.cases[other]
        if case.organization_id == _charged(data) or item not in case.outstanding:
            continue  # the parent of the day's own case, or one about another holder
        if isinstance(data, (DutyFulfilled, DutyFulfilledLate, DutyWaived)):
            _fulfil(d, case, item, name, data)
        elif _only_reminded(d, case):
            now = d.organization(_charged(data))
            d.resolve(case, f"隶属关系已调整，该项责任转由{now}承担")


def _only_reminded(d: Decision, case: Case) -> bool:
    """The case went no further than a reminder: nothing proposed, and no rung an overdue
    duty fires was reached."""
    overdue = ladder.fired_by(d.policy, "DutyOverdue")
    below = all(ladder.order(d.policy, case.level) < rung.order for rung in overdue)
    return below and not case.proposed


def _overdue_not_held(d: Decision, case: Case, data: DutyStatus) -> str:
    """``DutyFulfilled`` for a duty ``case`` was said overdue on: done by its deadline by
    the department's act recorded after it (补录 of 整改验收). The overdue leaves the
    records the 特别突出 rule counts (the unit's and its holders'), and the case its missed
    deadlines; what the resolution is to say of it, "" if the case was not overdue.
    ``DutyFulfilledLate`` by the department's act: the overdue holds, but the act may meet
    a later deadline the case found missed (a finding's criticism's, 批评，限期整改:
    :func:`acceptance_within`)."""
    if isinstance(data, DutyFulfilledLate) and data.fulfilled_on and _by_the_department(data):
        return acceptance_within(d, case, data.fulfilled_on)
    if not isinstance(data, DutyFulfilled):
        return ""
    if not withdraw_overdue(d, case):
        return ""
    return overdue_not_held(d, case, data.due_on)


def _by_the_department(data: DutyStatus) -> bool:
    """Whether only the department's act fulfils ``data``'s duty (整改验收, the catalog's
    ``by_the_department``): its day is that act's, however late the act is recorded."""
    duty = _duty(data)
    return duty is not None and all(evidence.by_the_department for evidence in duty.evidence)


def _not_held_once_ended(d: Decision, case: Case, data: DutyStatus) -> None:
    """补录 of 整改验收 in time on a case already ended (组织部结案 after the deadline, or
    the acceptance itself read first): the overdue did not hold, as for an open case
    (:func:`_overdue_not_held`); it leaves the records and the case its missed deadlines
    (those the acceptance came in time for, if it came after the duty's own).
    The case stays as it ended (people closed it) and notes why."""
    said = _overdue_not_held(d, case, data)
    if said:
        case.note(d.today, d.cause.id, said.removeprefix("；"))
        d.save(case)


def _fulfil(
    d: Decision, case: Case, item: str, name: str, data: DutyStatus, not_held: str = ""
) -> None:
    """The item ``data`` is about done or waived; the case ends once none is left (a
    fulfilment ends it if it clears the case's level, or if it shows the overdue did not
    hold, ``not_held`` saying so)."""
    if item in case.outstanding:
        case.outstanding.remove(item)
    if case.outstanding:
        return
    if isinstance(data, DutyWaived):
        # Waived once overdue only when it was not owed on its day (离任, 撤销 recorded late):
        # that overdue did not hold.
        said = f"该项责任已免除（{data.reason or '不再适用'}）"
        before = _standing(d, case.organization_id)
        taken = withdraw_overdue(d, case)
        lapsed = failure_lapsed(d, case, said) if taken else ""
        case.waived = Waived(
            rectify_by=case.rectify_by,
            level=case.deadline_level,
            withdrawn=taken,
            stood=[stood for stood in before if _dropped(d, stood)],
        )
        d.resolve(case, said + lapsed)
    elif not_held or name in ladder.clearing_events(d.policy, case.level):
        done = data.fulfilled_on if isinstance(data, DutyFulfilled | DutyFulfilledLate) else None
        case.fulfilled_on = done or d.today
        found_done_before(d, case)
        reason = f"已于{day_label(case.fulfilled_on)}履行到位{not_held}"
        d.resolve(case, reason, on=case.fulfilled_on)


def _owed_again(d: Decision, case: Case, data: DutyStatus) -> bool:
    """免除后恢复: a case resolved because its duty was waived (离任) takes up the duty
    again when the duties service says it is owed once more (the holder appointed again,
    or 同日转任: the leaving and an appointment to another office of the same duty on one
    day, recorded in that order). What happened since is judged on the case as before
    the waiver, its rectification deadline running again as it stood (a 限期未整改 is
    proposed when it passes, as had the duty never been waived). So does a case resolved
    because its duty was fulfilled, once the duties service takes the fulfilment back
    (a 联系点 recorded late, 补录, shows the visits were to no contact point): it continues
    where it stood (四: 提出批评，限期整改, then 通报、约谈 if not rectified in time), the
    rectification deadline its resolution ended running again, for the 补录 shows nothing
    was rectified by it (a 限期未整改 is proposed when it passes, or at once if it has, for
    people to decide, as on the day it passed). The duties service's respite is the duty's
    own (its overdue, and a criticism the case has not had yet). A case the department
    closed (结案) stays closed: people decided it. A case resolved before the deadline then
    running was kept (no ``settled``) gets none back, as before.

    A waiver said after the overdue, owed again with the deadline it was said overdue on
    (同日转任 recorded late: the tenure never ended), never held: the case stands as had
    it never been said (:func:`_waiver_taken_back`), the same facts in date order giving
    no waiver at all. Whether the overdue went back on the records on its day (then it
    is not recorded again as of today)."""
    if case.status is not CaseStatus.RESOLVED:
        return False
    case.status = CaseStatus.OPEN
    kept: Running | None
    back = False
    if case.waived is not None:
        kept, case.waived, what = case.waived, None, "该项责任恢复履行，案件继续办理"
        if isinstance(data, DutyOverdue) and data.due_on == case.due_on:
            back = _waiver_taken_back(d, case, kept)
            kept = _leaving_taken_back(case, kept)
            if kept.rectify_by is not None:
                what += f"，整改期限仍为{day_label(kept.rectify_by)}"
    else:
        kept, case.settled, case.fulfilled_on = case.settled, None, None
        what = "经补录，该项责任的履行不再成立，案件继续办理"
        if kept is not None and kept.rectify_by is not None:
            what += f"，整改期限仍为{day_label(kept.rectify_by)}"
    if kept is not None:
        case.rectify_by, case.deadline_level = kept.rectify_by, kept.level
    case.note(d.today, d.cause.id, what)
    d.save(case)
    return back


def _leaving_taken_back(case: Case, waived: Waived) -> Running:
    """The deadline to give back to ``case``, owed again as it stood when ``waived`` (the
    waiver never held: its holder owed the duty when it fell due, 同日转任 or back in
    office by then). The leaving that waived it, recorded late (补录), may have ended its
    rectification deadline first (离任，无从整改, ``Case.ended_by_leaving``), the
    appointment recorded after the waiver: that leaving ended no tenure, so the deadline
    runs again as it stood before it (passed: found missed by the next tick)."""
    ended = case.ended_by_leaving
    if waived.rectify_by is not None or ended is None:
        return waived
    case.ended_by_leaving = None
    return Running(rectify_by=ended.rectify_by, level=ended.level)


def _standing(d: Decision, org: str) -> list[Stood]:
    """How the grounds and proposals of ``org``'s cases stand (before a waiver): of those
    citing or proposing any, the only ones a waiver can take something from."""
    mine = (c for c in d.ledger.cases_concerning(org) if c.organization_id == org)
    cases = [c for c in mine if c.grounds or c.proposed]
    return [
        Stood(case_id=c.case_id, grounds=list(c.grounds),
              raised=[raised.model_copy(deep=True) for raised in c.raised],
              proposed=list(c.proposed), missed_deadline=c.missed_deadline,
              missed_on=c.missed_on)
        for c in cases
    ]  # fmt: skip


def _dropped(d: Decision, stood: Stood) -> bool:
    """Whether the case ``stood`` was taken of has since lost a ground or a proposal."""
    case = d.ledger.cases[stood.case_id]
    return case.grounds != stood.grounds or case.proposed != stood.proposed


def _waiver_taken_back(d: Decision, case: Case, waived: Waived) -> bool:
    """免除 taken back (owed as it stood): ``case``'s overdue goes back on the records on its
    day, and the grounds and proposals the waiver dropped (this case's and its unit's
    others', 特别突出 resting on the count) stand again, unless a decision was recorded on
    another case since (people decided it). The deciding body, told by the resolution
    (CaseResolved) that the case ended and its proposal's ground no longer held, is told
    the proposal stands again; the others' dropped grounds were only noted on them, and
    so is their return. Whether the overdue went back."""
    if waived.withdrawn is None:
        return False
    restore_overdue(d, case, waived.withdrawn)
    for stood in waived.stood:
        other = d.ledger.cases[stood.case_id]
        if other.decisions and other is not case:
            continue
        lost = [rung for rung in stood.proposed if rung not in other.proposed]
        back = [raised for raised in stood.raised if raised.ground not in other.grounds]
        other.grounds += [raised.ground for raised in back]
        other.raised += back
        other.proposed = [rung for rung in stood.proposed if rung in other.proposed or rung in lost]
        if stood.missed_on is not None and other.missed_on is None:
            other.missed_deadline, other.missed_on = stood.missed_deadline, stood.missed_on
        named = "、".join(f"“{raised.ground.label_zh}”" for raised in back) or "原有"
        said = f"该项责任恢复履行，逾期记录恢复，{named}依据恢复成立，此前的问责建议继续有效"
        other.note(d.today, d.cause.id, said)
        d.save(other)
        if other is case:
            _stands_again(d, other, lost, said)
    return True


def _stands_again(d: Decision, case: Case, rungs: list[str], said: str) -> None:
    """Tell the deciding body, told the ground of ``rungs``' proposal no longer held, that it
    stands again: the proposal said anew (its id derived from the status owing the duty),
    naming whom the ground named (the case's persons if it named none of its own)."""
    named = next((raised.named for raised in case.raised if raised.named is not None), None)
    for rung_id in rungs:
        case.proposed.remove(rung_id)
        d.escalate(case, d.policy.rung(rung_id), f"；{said}", persons=named)


def _group(d: Decision, data: DutyStatus) -> DutyGroup:
    """The group of ``data``'s duty and period, owed until ``data``'s deadline at least
    (a unit recorded late, 补录, has its own: see :meth:`Ledger.known_group`)."""
    return d.ledger.group(data.duty_id, data.period, data.due_on)


def _overdue(d: Decision, case: Case, data: DutyOverdue) -> None:
    """Record an overdue duty in its group and in the records the 特别突出 rule counts,
    and keep it to be weighed by that rule (:func:`_prominent`) once its day has passed
    in every partition.

    The rule counts distinct duties (not cases, periods or members; a finding's
    rectification is one each) overdue within the window: the unit's, or for an
    office holder's own duty (个人职责) those the holder answered for in that unit
    (their own, and the unit's they were named for), so that no one is proposed for
    what others let pass. The unit and each person named keep a record of their own.
    """
    org = case.organization_id
    _group(d, data)
    listed = OverdueCase(case_id=case.case_id, event_id=d.cause.id)
    d.ledger.list_overdue(group_key(data.duty_id, data.period), org, listed)
    for key in [org, *(holder_key(org, answering) for answering in _persons(d, data))]:
        history = d.ledger.overdue.setdefault(key, [])
        if (d.today, case.work) not in history:
            history.append((d.today, case.work))
            d.ledger.touch(OVERDUE, key)
    check = ProminentCheck(
        day=d.today,
        case_id=case.case_id,
        event_id=d.cause.id,
        due_on=data.due_on,
        person=_own_person(data),
    )
    d.ledger.weigh_later(check)


def _overdue_reason(due_on: date) -> str:
    return f"，已于{day_label(due_on)}逾期未完成"


def _prominent(d: Decision, check: ProminentCheck) -> None:
    """特别突出: propose what the policy calls for on an open case whose unit (or holder,
    for their own duty) let at least the trigger's count of distinct duties pass overdue
    within its window, up to the end of the check's day. Every case overdue that day is
    weighed alike, whatever order its partitions were read in; the proposal names the
    persons the case names (those who owed the duty when it was missed, unless corrected
    since) and is dated that day, its id derived from the overdue."""
    case = d.ledger.cases.get(check.case_id)
    if case is None or not case.is_open:
        return
    org = case.organization_id
    record = holder_key(org, check.person) if check.person else org
    on = _at_home(d, case, check.day, policy_in_force(check.day))
    fired, recent = [], set[str]()
    for rung, trigger, since, within in d.ledger.prominent_met(record, check.day, on.policy):
        persons = _let_them_pass(on, case, check, since, trigger.min_count)
        fired.append((rung, persons))
        recent |= within
    who = "该同志" if check.person else "该单位"
    named = "、".join(_work_label(on, work) for work in sorted(recent)[:10])
    text = f"；{who}近期逾期未完成{len(recent)}项不同工作（{named}），属特别突出的问题"
    for rung, persons in fired:
        reason = _overdue_reason(check.due_on) + text
        on.escalate(case, rung, reason, Ground.PROMINENT, check.event_id, persons)


def _let_them_pass(
    d: Decision, case: Case, check: ProminentCheck, since: date, least: int
) -> list[str]:
    """相关责任人 of a 特别突出 problem: on a unit's case, those of the persons it names
    who themselves answered for at least ``least`` of the distinct works let pass in the
    window, so that a successor is not proposed for what a predecessor let pass (the
    unit is proposed all the same); on a holder's own case, the holder."""
    if check.person:
        return case.person_ids
    org = case.organization_id
    return [
        person
        for person in case.person_ids
        if len(d.ledger.let_pass(holder_key(org, person), since, check.day)) >= least
    ]


def _own_person(data: DutyStatus) -> str | None:
    """The holder whose own duty (个人职责) ``data`` is, and who answers for it; None for a
    unit's duty, or one charged to another office or organization."""
    duty = _duty(data)
    own = duty is not None and personal(duty) and not _concerning(data)
    return data.person_id if own else None


def _work_label(d: Decision, work: str) -> str:
    """A duty's title, 年度自查, or a finding's rectification (问题整改) by its number."""
    if work == SELF_CHECK:
        return "年度自查"
    case = d.case(work)
    if case is not None:
        return f"问题整改（{case.finding_id}）" if case.finding_id else case.subject_zh
    return duty_title(work, d.today)


# ── clock: deadlines of the partition's cases, cross-unit rules ─────────────


@on(ClockTicked)
def _tick(d: Decision, data: ClockTicked) -> None:
    d.ledger.days[d.partition] = data.date
    d.ledger.touch(DAYS)
    # Handling a case or group changes only that one: select first, then handle in key order.
    cases = d.ledger.cases
    missed = (k for k in d.ledger.deadlines if _past_deadline(cases[k], d.partition, data))
    for key in sorted(missed):
        _deadline_missed(d, cases[key])
    if len(d.ledger.days) == d.ledger.partitions:
        watermark = min(d.ledger.days.values())
        for check in d.ledger.ripe_checks(watermark):
            _prominent(d, check)
        groups = d.ledger.groups
        ripe = (k for k in d.ledger.unevaluated if groups[k].due_on + DEADLINE_TICK < watermark)
        for key in sorted(ripe):
            _widespread(d, key, groups[key])


def _at_home(d: Decision, case: Case, day: date, policy: AccountabilityPolicy) -> Decision:
    """The day's close (日终) as the tick of ``case``'s own partition: what it decides on
    the case goes to that partition and cites that tick. One fold of every partition
    weighs the day on whichever partition's tick completes it, a lane on its own tick;
    both then emit the same bytes, and a case's events stay on one partition."""
    tick = d.cause.data
    assert isinstance(tick, ClockTicked)
    p = case.home_partition
    cause = d.cause.model_copy(
        update={
            "id": tick_id(tick.date, p),
            "subject": partition_subject(p),
            "data": tick.model_copy(update={"partition": p}),
        }
    )
    return Decision(d.ledger, p, cause, day, policy, d.outputs)


def _past_deadline(case: Case, partition: int, tick: ClockTicked) -> bool:
    """An open case of ``partition`` whose rectification deadline the tick has passed."""
    missed = case.rectify_by is not None and tick.date > case.rectify_by
    return missed and case.is_open and case.home_partition == partition


def _deadline_missed(d: Decision, case: Case) -> None:
    """限期未整改: the problem was not solved in time; propose what the policy calls for."""
    assert case.rectify_by is not None
    passed = case.rectify_by
    found = ladder.follow_up(d.policy, case.deadline_level)
    case.rectify_by, case.deadline_level = None, None
    missed(case, passed)
    reason = unrectified(passed)
    case.note(d.today, d.cause.id, reason.lstrip("，"))
    answering_now(d, case, passed)
    d.save(case)
    if found is not None:
        d.escalate(case, found[0], reason + "，属特别突出的问题", Ground.RECTIFICATION_MISSED)
    if_determined(d, case)


def _widespread(d: Decision, key: str, group: DutyGroup) -> None:
    """普遍性问题: the same duty overdue in at least ``share`` of the units owing it.

    Weighed once every unit known to owe it is past its own deadline (``group.due_on``);
    again if a unit recorded late (补录) is learnt afterwards, once its deadline has passed.
    A rung is proposed once on a case, so weighing again only adds the cases newly
    widespread; a proposal made on the units known on its day stands (people decide)."""
    d.ledger.evaluated(key)
    late_units, owing = d.ledger.late_and_owing(key)
    late, units = len(late_units), len(owing)
    for rung, trigger in ladder.widespread(d.policy, "DutyOverdue"):
        if late < trigger.min_units or Fraction(late, units) < Fraction(str(trigger.share)):
            continue
        reason = (
            f"，全校{units}个应完成该项工作的单位中有{late}个逾期未完成"
            f"（不低于{trigger.share:.0%}且不少于{trigger.min_units}个），属带有普遍性的问题"
        )
        for organization_id in sorted(group.overdue):
            for overdue in group.overdue[organization_id]:
                case = d.ledger.cases[overdue.case_id]
                if case.is_open:
                    home = _at_home(d, case, d.today, d.policy)
                    home.escalate(case, rung, reason, Ground.WIDESPREAD, cause_id=overdue.event_id)
