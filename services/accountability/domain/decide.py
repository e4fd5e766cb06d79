"""The accountability fold (问责决定): ``decide(ledger, delivery) -> (ledger, outputs)``.

Input is ``zeren.duties.v2`` only: duty statuses, forwarded human actions,
office holders, organization names and clock ticks. :func:`decide` puts each
delivery through the :class:`~services.common.sequencer.Sequencer` and folds
what it releases, in the log's one order; :func:`fold` handles one event. No I/O,
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
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from contracts.catalog import ChargedTo, Duty, Scope, catalog_in_force
from contracts.envelope import SCHEMA_VERSION, SPECVERSION, Envelope
from contracts.events import duties
from contracts.events.base import Payload
from contracts.events.clock import ClockTicked
from contracts.events.duties import (
    DutyFulfilled,
    DutyFulfilledLate,
    DutyOverdue,
    DutyStatus,
    DutyWaived,
    MemberSituationFlagged,
    OrganizationFlagged,
)
from contracts.events.enums import Ground, Office
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
from contracts.events.structure import (
    OfficeHolderAppointed,
    OfficeHolderLeftOffice,
    OrganizationDissolved,
    OrganizationEstablished,
    OrganizationRenamed,
    OrganizationReparented,
)
from contracts.policy import POLICIES, policy_in_force
from contracts.types import event_type_of
from services.accountability.domain import ladder
from services.accountability.domain.measures import SOURCE, Decision, Emitted
from services.accountability.domain.models import (
    Case,
    CaseStatus,
    DutyGroup,
    Flag,
    Holder,
    OverdueCase,
    ProminentCheck,
    award_year,
)
from services.accountability.domain.state import (
    DAYS,
    FINDING,
    GROUP,
    HOLDER,
    ORGANIZATION,
    OVERDUE,
    Ledger,
    holder_key,
)
from services.accountability.domain.texts import day_label, duty_title, period_label
from services.common.ids import derived_id
from services.common.sequencer import Delivery

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_POLICY_DAY = POLICIES[0].effective_from
#: Days after a duty's deadline tick (``due_on`` + 1) every partition must have passed
#: before the widespread rule looks at it: the duties service may forward a tick before
#: or after the overdue events that tick caused.
DEADLINE_TICK = timedelta(days=1)
#: The self-check's duties (``self_check.q07``) form one obligation per unit and year.
SELF_CHECK = "self_check"

P = TypeVar("P", bound=Payload)
Handler = Callable[[Decision, Any], None]
_HANDLERS: dict[type[Payload], Handler] = {}


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


def makes_no_decision(event_type: str, duty_id: str, period_end: date) -> bool:
    """Whether a duty status of ``event_type`` about ``duty_id``'s period ending
    ``period_end`` leaves the ledger as it is: a member duty's status (党费, 组织关系转接:
    the duties service flags the member to the branch), a flag excepted. Most of the log
    is such statuses; the adapter need not decode them (:data:`PASSED_OVER`)."""
    return event_type not in FLAGS and _scope_of(duty_id, period_end) is Scope.MEMBER


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
    handler = _HANDLERS.get(type(env.data))
    if handler is not None:
        handler(decision, env.data)
    return decision.outputs


def _on(*types: type[P]) -> Callable[[Callable[[Decision, P], None]], Callable[..., None]]:
    """Register the decorated function as the handler of ``types``."""

    def register(handler: Callable[[Decision, P], None]) -> Callable[..., None]:
        for payload_type in types:
            _HANDLERS[payload_type] = handler
        return handler

    return register


def case_id(*key: str) -> str:
    """The deterministic id of the case with ``key`` (案件编号)."""
    return f"case-{derived_id('case', '|'.join(key))}"


def duty_case_id(
    organization_id: str,
    duty_id: str,
    period: str,
    office: str = "",
    concerning: str = "",
    person: str = "",
) -> str:
    """The case of a missed obligation: the unit's (``office`` "") or an office holder's.

    ``concerning`` names the unit a duty charged to the parent is about (the
    committee owes one secretary exchange per general branch), "" otherwise;
    ``person`` the holder an office duty is about (each 党委委员 owes their own
    visits), "" for the unit's duties.
    """
    parts = ["duty", organization_id, duty_key(duty_id), period, office]
    if concerning or person:
        parts.append(concerning)
    if person:
        parts.append(person)
    return case_id(*parts)


def duty_key(duty_id: str) -> str:
    """The obligation a duty belongs to: ``self_check`` for every self-check question."""
    return SELF_CHECK if duty_id.startswith(SELF_CHECK + ".") else duty_id


# ── duty statuses ──────────────────────────────────────────────────────────


def _duty(data: DutyStatus) -> Duty | None:
    return _catalog_duty(data.duty_id, data.period_end)


def _catalog_duty(duty_id: str, period_end: date) -> Duty | None:
    try:
        return catalog_in_force(period_end).duty(duty_id)
    except (KeyError, LookupError):
        return None


def _scope(data: DutyStatus) -> Scope:
    return _scope_of(data.duty_id, data.period_end)


def _scope_of(duty_id: str, period_end: date) -> Scope:
    duty = _catalog_duty(duty_id, period_end)
    return Scope.ORGANIZATION if duty is None else duty.applies_to.scope


def _personal(duty: Duty) -> bool:
    """个人职责: an office holder's own duty, which that holder answers for."""
    return duty.applies_to.scope is Scope.OFFICE and duty.charged_to is ChargedTo.OWNER


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


def _keep_flag(d: Decision, data: MemberSituationFlagged | OrganizationFlagged) -> None:
    """Keep the flag with who must answer it: for a member, his branch (the subject); for
    an organization, the higher organization named; each with its secretaries of the day."""
    if isinstance(data, OrganizationFlagged):
        decides = data.higher_organization_id or data.organization_id
        member_id, since, detail = None, None, data.detail_zh
    else:
        decides, member_id, since, detail = data.organization_id, data.member_id, data.since, None
    d.ledger.flag(
        Flag(
            event_id=d.cause.id, flagged_on=d.today, organization_id=data.organization_id,
            member_id=member_id, duty_id=data.duty_id, situation=data.situation.value,
            since=since, due_on=data.due_on, clause=data.clause, decides=decides,
            person_ids=_secretaries(d, decides), detail_zh=detail,
        )
    )  # fmt: skip


def _persons(data: DutyStatus) -> list[str]:
    """责任人: every holder who owed the duty at the time, as the duties service named them."""
    if data.charged_person_ids:
        return list(data.charged_person_ids)
    answers = data.person_id and not _concerning(data) and _subject_answers(data)
    return [data.person_id] if answers and data.person_id else []


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
        office=_own_office(data),
        person_ids=_persons(data),
    )
    d.save(case)
    return case


@_on(*duties.EVENTS)
def _duty_status(d: Decision, data: DutyStatus) -> None:
    if isinstance(data, (MemberSituationFlagged, OrganizationFlagged)):
        _keep_flag(d, data)  # 情况提示: kept to be shown; no case, no measure follows
        return
    if _scope(data) is Scope.MEMBER:
        return  # a member's own duty is no organization's case
    name = type(data).__name__
    # Decided on the day of its cause: a status a tick caused (a reminder, an overdue)
    # carries that tick's time and may be forwarded before the tick itself; an
    # overdue duty is never decided before the day after its deadline.
    d.today = max(d.today, d.cause.time.astimezone(SHANGHAI).date())
    if isinstance(data, DutyOverdue):
        d.today = max(d.today, data.due_on + DEADLINE_TICK)
    if isinstance(data, DutyFulfilled):
        _group(d, data).fulfilled.add(_charged(data))
    rungs = ladder.fired_by(d.policy, name)
    key = _case_for(d, data)
    _former_parents(d, data, name)
    case = d.case(key)
    if case is None and not rungs:
        return
    case = case or _open_duty_case(d, data, key)
    case.note(d.today, d.cause.id, f"{name}：{period_label(data.period)}")
    if rungs:
        # 责任人 of the failure at hand: who owed the duty when it fell due or overdue, as
        # the duties service named them (not who held the office at the first reminder).
        case.person_ids = _persons(data)
    d.save(case)
    if not case.is_open:
        return
    item = _item(data)
    if isinstance(data, (DutyFulfilled, DutyFulfilledLate, DutyWaived)):
        _fulfil(d, case, item, name, data)
        return
    if item not in case.outstanding:
        case.outstanding.append(item)
    reason = f"，截止{day_label(data.due_on)}尚未完成"
    if isinstance(data, DutyOverdue):
        _overdue(d, case, data)
        reason = _overdue_reason(data.due_on)
    for rung in rungs:
        d.escalate(case, rung, reason)


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


def _fulfil(d: Decision, case: Case, item: str, name: str, data: DutyStatus) -> None:
    if item in case.outstanding:
        case.outstanding.remove(item)
    if case.outstanding:
        return
    if isinstance(data, DutyWaived):
        # Waived once overdue only when it was not owed on its day (离任, 撤销 recorded late).
        _withdraw_overdue(d, case)
        d.resolve(case, f"该项责任已免除（{data.reason or '不再适用'}）")
    elif name in ladder.clearing_events(d.policy, case.level):
        done = data.fulfilled_on if isinstance(data, DutyFulfilled | DutyFulfilledLate) else None
        d.resolve(case, f"已于{day_label(done or d.today)}履行到位")


def _group(d: Decision, data: DutyStatus) -> DutyGroup:
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
    cases = _group(d, data).overdue.setdefault(case.organization_id, [])
    if all(known.case_id != case.case_id for known in cases):
        cases.append(OverdueCase(case_id=case.case_id, event_id=d.cause.id))
    work = case.duty_id or case.case_id
    org = case.organization_id
    for key in [org, *(holder_key(org, answering) for answering in _persons(data))]:
        history = d.ledger.overdue.setdefault(key, [])
        if (d.today, work) not in history:
            history.append((d.today, work))
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
    persons the overdue named and is dated that day, its id derived from the overdue."""
    case = d.ledger.cases.get(check.case_id)
    if case is None or not case.is_open:
        return
    org = case.organization_id
    counted = d.ledger.counted(holder_key(org, check.person) if check.person else org)
    on = Decision(
        d.ledger, case.home_partition, d.cause, check.day, policy_in_force(check.day), d.outputs
    )
    fired, recent = [], set[str]()
    for rung, trigger in ladder.prominent(on.policy, "DutyOverdue"):
        since = ladder.months_before(check.day, trigger.window_months)
        within = {work for day, work in counted if since < day <= check.day}
        if len(within) >= trigger.min_count:
            fired.append(rung)
            recent |= within
    who = "该同志" if check.person else "该单位"
    named = "、".join(_work_label(on, work) for work in sorted(recent)[:10])
    text = f"；{who}近期逾期未完成{len(recent)}项不同工作（{named}），属特别突出的问题"
    for rung in fired:
        reason = _overdue_reason(check.due_on) + text
        on.escalate(case, rung, reason, Ground.PROMINENT, cause_id=check.event_id)


def _own_person(data: DutyStatus) -> str | None:
    """The holder whose own duty (个人职责) ``data`` is, and who answers for it; None for a
    unit's duty, or one charged to another office or organization."""
    duty = _duty(data)
    personal = duty is not None and _personal(duty) and not _concerning(data)
    return data.person_id if personal else None


def _work_label(d: Decision, work: str) -> str:
    """A duty's title, 年度自查, or a finding's rectification (问题整改) by its number."""
    if work == SELF_CHECK:
        return "年度自查"
    case = d.case(work)
    if case is not None:
        return f"问题整改（{case.finding_id}）" if case.finding_id else case.subject_zh
    return duty_title(work, d.today)


# ── clock: deadlines of the partition's cases, cross-unit rules ─────────────


@_on(ClockTicked)
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


def _past_deadline(case: Case, partition: int, tick: ClockTicked) -> bool:
    """An open case of ``partition`` whose rectification deadline the tick has passed."""
    missed = case.rectify_by is not None and tick.date > case.rectify_by
    return missed and case.is_open and case.home_partition == partition


def _deadline_missed(d: Decision, case: Case) -> None:
    """限期未整改: the problem was not solved in time; propose what the policy calls for."""
    assert case.rectify_by is not None
    passed = case.rectify_by
    found = ladder.follow_up(d.policy, case.deadline_level)
    case.rectify_by, case.deadline_level, case.missed_deadline = None, None, True
    reason = f"，整改期限{day_label(passed)}已过，未见整改到位"
    case.note(d.today, d.cause.id, reason.lstrip("，"))
    _answering_now(d, case)
    d.save(case)
    if found is not None:
        d.escalate(case, found[0], reason + "，属特别突出的问题", Ground.RECTIFICATION_MISSED)
    _if_determined(d, case, reason)


def _answering_now(d: Decision, case: Case) -> None:
    """责任人 when the rectification deadline passed: the holders of the answering office
    in the charged unit that day (none while it is vacant), not those named when the duty
    was missed, who may have left office since. An office holder's own case (个人职责)
    keeps its holder."""
    office = _answering_office(case)
    if office is None:
        return
    now = [holder.person_id for holder in d.ledger.holders_of(case.organization_id, office)]
    if now != case.person_ids:
        named = "、".join(d.person(case.organization_id, p) for p in now) or "（职务空缺）"
        case.note(d.today, d.cause.id, f"整改期限届满时的责任人：{named}")
        case.person_ids = now


def _answering_office(case: Case) -> Office | None:
    """The office whose holders answer for the case in its unit; None for an office
    holder's own duty (个人职责), which its holder answers for."""
    duty = _catalog_duty(case.duty_id, case.due_on) if case.duty_id and case.due_on else None
    if duty is None:
        return Office.SECRETARY  # a finding's, the self-check's
    return None if _personal(duty) else duty.responsible_office


def _if_determined(d: Decision, case: Case, reason: str) -> None:
    """The top rung's proposal, once the problem is both unsolved in time and determined serious."""
    if not (case.missed_deadline and case.serious):
        return
    why = f"{reason}；问题没有及时解决，经认定造成不良影响和严重后果"
    for rung in ladder.determined(d.policy):
        d.escalate(case, rung, why, Ground.SERIOUS_CONSEQUENCE)


def _widespread(d: Decision, key: str, group: DutyGroup) -> None:
    """普遍性问题: the same duty overdue in at least ``share`` of the units owing it."""
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
                    d.escalate(case, rung, reason, Ground.WIDESPREAD, cause_id=overdue.event_id)


# ── human actions, forwarded through the duties topic ──────────────────────


def _secretaries(d: Decision, organization_id: str) -> list[str]:
    return [h.person_id for h in d.ledger.holders_of(organization_id, Office.SECRETARY)]


@_on(InspectionFindingRecorded)
def _finding(d: Decision, data: InspectionFindingRecorded) -> None:
    """督导检查发现问题: a case per finding; its rectification duty escalates it."""
    about = f"{data.finding_id}，问题清单第{data.question}题：{data.description}"
    subject = f"督导检查发现的问题（{about}）"
    _open_finding(d, data, subject, "督导检查", data.found_on, data.inspection_id)


@_on(SelfCheckAnswered)
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
    _open_finding(
        d, data, f"{data.year}年度自查发现的问题（{about}）", "年度自查", data.answered_on
    )


def _open_finding(
    d: Decision,
    data: InspectionFindingRecorded | SelfCheckAnswered,
    subject: str,
    found_by: str,
    found_on: date,
    inspection_id: str | None = None,
) -> None:
    """A case per finding, charged to the unit it was found in and its secretaries."""
    assert data.finding_id is not None  # the contract requires both unless the answer is 是
    assert data.rectification_deadline is not None
    key = case_id("finding", data.organization_id, data.finding_id)
    for ref in (d.cause.id, f"{data.organization_id}|{data.finding_id}"):
        d.ledger.findings[ref] = key
        d.ledger.touch(FINDING, ref)
    if d.case(key) is not None:
        return
    case = Case(
        case_id=key,
        organization_id=data.organization_id,
        home_partition=d.partition,
        subject_zh=subject,
        opened_on=d.today,
        year=found_on.year,
        due_on=data.rectification_deadline,
        finding_id=data.finding_id,
        inspection_id=inspection_id,
        person_ids=_secretaries(d, data.organization_id),
        outstanding=[""],
    )
    deadline = day_label(data.rectification_deadline)
    case.note(d.today, d.cause.id, f"{found_by}发现问题，限{deadline}前整改")
    d.save(case)


def _target(d: Decision, data: RectificationAccepted) -> Case | None:
    if data.case_id is not None:
        case = d.case(data.case_id)
        return case if case is not None and _about_its_unit(d, case, data, "整改验收") else None
    key = d.ledger.findings.get(f"{data.organization_id}|{data.finding_id}")
    return None if key is None else d.case(key)


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


def _subject_of(data: CaseAction) -> str | None:
    """The unit a case opened by ``data`` is about, if not the unit it holds accountable."""
    about = data.subject_organization_id
    return None if about == data.organization_id else about


@_on(RectificationAccepted)
def _accepted(d: Decision, data: RectificationAccepted) -> None:
    case = _target(d, data)
    if case is None or not case.is_open:
        return
    if "RectificationAccepted" in ladder.clearing_events(d.policy, case.level):
        d.resolve(case, f"整改已于{day_label(data.accepted_on)}验收通过")


@_on(CaseClosed)
def _closed(d: Decision, data: CaseClosed) -> None:
    case = d.case(data.case_id)
    if case is not None and case.is_open and _about_its_unit(d, case, data, "结案"):
        reason = f"组织部于{day_label(data.closed_on)}结案：{data.reason}"
        d.resolve(case, reason, CaseStatus.CLOSED)


@_on(InterviewConducted)
def _interviewed(d: Decision, data: InterviewConducted) -> None:
    """约谈已进行: recorded on the case; it changes no rung."""
    case = d.case(data.case_id)
    if case is not None and _about_its_unit(d, case, data, "约谈记录"):
        who = d.person(case.organization_id, data.person_id)
        case.note(d.today, d.cause.id, f"{day_label(data.conducted_on)}{data.kind.label_zh}：{who}")
        d.save(case)


@_on(SeriousConsequenceDetermined)
def _serious(d: Decision, data: SeriousConsequenceDetermined) -> None:
    """造成严重后果: noted on the case (or a case of its own).

    The top rung is proposed only if a rectification deadline was missed too.
    """
    case = d.case(data.case_id) if data.case_id else None
    if case is not None and not _about_its_unit(d, case, data, "严重后果认定"):
        return
    if case is None:
        case = Case(
            case_id=case_id("serious", data.organization_id, d.cause.id),
            organization_id=data.organization_id,
            subject_organization_id=_subject_of(data),
            home_partition=d.partition,
            subject_zh=f"“{data.description}”问题",
            opened_on=d.today,
            year=data.determined_on.year,
            person_ids=_secretaries(d, data.organization_id),
        )
    case.serious = True
    reason = f"，经党委于{day_label(data.determined_on)}认定造成严重后果"
    case.note(d.today, d.cause.id, reason.lstrip("，"))
    d.save(case)
    _if_determined(d, case, reason)


@_on(AccountabilityDecided)
def _decided(d: Decision, data: AccountabilityDecided) -> None:
    """问责决定: the measures decided are taken, for the persons decided, on the unit decided."""
    case = d.case(data.case_id)
    if case is None:
        case = Case(
            case_id=data.case_id,
            organization_id=data.organization_id,
            subject_organization_id=_subject_of(data),
            home_partition=d.partition,
            subject_zh=f"“{data.reason or data.meeting}”问题",
            opened_on=d.today,
            year=data.decided_on.year,
            person_ids=list(data.person_ids),
        )
    if _about_its_unit(d, case, data, "决定") and case.decision(data.decision_id) is None:
        d.record(case, data)


@_on(DecisionReviewed)
def _reviewed(d: Decision, data: DecisionReviewed) -> None:
    """申诉、复查结论 on a recorded decision; anything else is noted and left."""
    case = d.case(data.case_id)
    if case is None or not _about_its_unit(d, case, data, "复查结论"):
        return
    decided = case.decision(data.decision_id)
    if decided is not None:
        d.review(case, decided, data)


@_on(OfficeHolderAppointed)
def _appointed(d: Decision, data: OfficeHolderAppointed) -> None:
    key = holder_key(data.organization_id, data.office)
    holders = d.ledger.holders.setdefault(key, [])
    if all(holder.person_id != data.person_id for holder in holders):
        holders.append(Holder(person_id=data.person_id, person_name=data.person_name))
        d.ledger.touch(HOLDER, key)


@_on(OfficeHolderLeftOffice)
def _left(d: Decision, data: OfficeHolderLeftOffice) -> None:
    gone = d.person(data.organization_id, data.person_id)
    key = holder_key(data.organization_id, data.office)
    holders = d.ledger.holders.get(key, [])
    remaining = [holder for holder in holders if holder.person_id != data.person_id]
    if len(remaining) != len(holders):
        d.ledger.holders[key] = remaining
        d.ledger.touch(HOLDER, key)
    _left_before_due(d, data, gone)
    _left_own_duty(d, data, gone)


def _left_before_due(d: Decision, data: OfficeHolderLeftOffice, gone: str) -> None:
    """离任: a person named on an open case of the unit, for a duty that falls due (or a
    finding's rectification) on or after the day they left the answering office, does
    not owe it when it is missed. The case stops naming them and says so (责任人更正).
    Mostly the leaving was recorded late (补录), after measures that named them on what
    was registered then; recorded on time, it ends what a reminder asked of them. An
    office holder's own duty is the duties service's to waive."""
    org, person = data.organization_id, data.person_id
    for case in _open_cases(d, org):
        day = case.due_on or case.opened_on
        if person not in case.person_ids or data.left_on > day:
            continue
        if _answering_office(case) is not data.office:
            continue
        when = "到期" if case.due_on else "发现问题"
        d.correct(
            case,
            person,
            f"经登记，{gone}已于{day_label(data.left_on)}离任，该项责任{when}"
            f"（{day_label(day)}）时不在任，本案不再以其为责任人",
        )


def _left_own_duty(d: Decision, data: OfficeHolderLeftOffice, gone: str) -> None:
    """离任: an office holder's own duty (个人职责) missed in office stays theirs, but once
    they leave that office they can no longer do it (a 党委委员's visits, a 书记's 党课).
    The running rectification deadline of their case ends, so that no 限期未整改 is
    proposed for what became impossible; the measures taken stay on record."""
    org, person, on = data.organization_id, data.person_id, data.left_on
    for case in _open_cases(d, org):
        own = _answering_office(case) is None and case.office is data.office
        if own and case.person_ids == [person]:
            _end_deadline(d, case, on, f"{gone}已于{day_label(on)}离任，无从整改", "请组织部办结")


@_on(OrganizationDissolved)
def _dissolved(d: Decision, data: OrganizationDissolved) -> None:
    """撤销: a dissolved unit can no longer rectify, nor its parent do what it owed about
    the unit (fill its vacancy, evaluate its secretary). The running rectification
    deadline of every open case of or about the unit ends, so that no 限期未整改 is
    proposed for what became impossible. What was missed and the measures taken stay,
    and the department closes the case (CaseClosed); the duties not yet due are waived
    by the duties service."""
    org, on = data.organization_id, data.dissolved_on
    why = f"{d.organization(org)}已于{day_label(on)}撤销"
    for case in _open_cases(d, org, about=True):
        _end_deadline(d, case, on, f"{why}，无从整改", "请组织部办结")


@_on(OrganizationReparented)
def _reparented(d: Decision, data: OrganizationReparented) -> None:
    """隶属关系调整: from the day of the move only the new parent can do what a parent
    owes about the unit (see its secretary elected, evaluate it).

    A former parent's open case about the unit for a duty falling due on or after that
    day was never its to do: it ends, and the overdue it was charged with (a move
    recorded late, 补录) leaves its record for the 特别突出 rule; the duties service
    charges the new parent. For a duty the former parent let pass before the move, its
    running rectification deadline ends, so that no 限期未整改 is proposed against it for
    what it could no longer do; that case stays, with the measures taken, until the duty
    is done (the new parent's doing it ends the case) or the department closes it."""
    org, on, now = data.organization_id, data.reparented_on, data.parent_id
    moved = f"{d.organization(org)}已于{day_label(on)}调整隶属关系，划归{d.organization(now)}"
    for case in _open_cases(d, org, about=True):
        if case.subject_organization_id != org or case.organization_id == now:
            continue
        if case.due_on is not None and case.due_on >= on:
            _withdraw_overdue(d, case)
            due = day_label(case.due_on)
            d.resolve(case, f"经登记，{moved}，该项责任到期（{due}）时由新的上级党组织承担")
        else:
            former = d.organization(case.organization_id)
            _end_deadline(d, case, on, f"{moved}，{former}无从整改", "该项工作完成时本案办结")


def _withdraw_overdue(d: Decision, case: Case) -> None:
    """Take ``case``'s overdue out of its duty group and out of the records the 特别突出
    rule counts: the unit's, unless another of its cases let the same duty pass that
    day, and each holder's, unless another such case names them."""
    key, org = f"{case.duty_id}|{case.period}", case.organization_id
    group = d.ledger.groups.get(key)
    listed = group.overdue.get(org, []) if group else []
    overdue = next((o for o in listed if o.case_id == case.case_id), None)
    if group is None or overdue is None:
        return
    day = _overdue_day(d, overdue)
    listed.remove(overdue)
    if not listed:
        del group.overdue[org]
    d.ledger.touch(GROUP, key)
    same_day = [
        d.ledger.cases[other.case_id]
        for g in d.ledger.groups.values()
        if g.duty_id == case.duty_id
        for other in g.overdue.get(org, [])
        if _overdue_day(d, other) == day
    ]
    still = {org} if same_day else set()
    still |= {holder_key(org, person) for other in same_day for person in other.person_ids}
    work = (day, case.duty_id or case.case_id)
    for counted, history in d.ledger.overdue.items():
        mine = counted == org or counted.startswith(f"{org}|")
        if mine and counted not in still and work in history:
            history.remove(work)
            d.ledger.touch(OVERDUE, counted)


def _overdue_day(d: Decision, overdue: OverdueCase) -> date:
    """The day the ``DutyOverdue`` of ``overdue`` was decided, as its case noted it."""
    steps = d.ledger.cases[overdue.case_id].history
    return next(step.on for step in steps if step.event_id == overdue.event_id)


def _end_deadline(d: Decision, case: Case, on: date, why: str, then: str) -> None:
    """End the case's rectification deadline (限期整改) if it runs on ``on``: what ``why``
    says made it impossible to rectify; no 限期未整改 follows."""
    if case.rectify_by is None or case.rectify_by < on:
        return
    case.note(
        d.today,
        d.cause.id,
        f"{why}，整改期限（{day_label(case.rectify_by)}）终止，不再据此提出问责建议，{then}",
    )
    case.rectify_by, case.deadline_level = None, None
    d.save(case)


def _open_cases(d: Decision, organization_id: str, *, about: bool = False) -> list[Case]:
    """The open cases the unit owes, and if ``about`` those about it, in key order."""
    found = [
        case
        for case in d.ledger.cases.values()
        if case.is_open
        and (
            case.organization_id == organization_id
            or (about and case.subject_organization_id == organization_id)
        )
    ]
    return sorted(found, key=lambda case: case.case_id)


@_on(OrganizationEstablished)
def _established(d: Decision, data: OrganizationEstablished) -> None:
    _name(d, data.organization_id, data.name)


@_on(OrganizationRenamed)
def _renamed(d: Decision, data: OrganizationRenamed) -> None:
    _name(d, data.organization_id, data.name)


def _name(d: Decision, organization_id: str, name: str) -> None:
    """The unit's current name (党组织名称), only for the alert texts."""
    d.ledger.organizations[organization_id] = name
    d.ledger.touch(ORGANIZATION, organization_id)
