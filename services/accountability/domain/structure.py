"""Units and office holders change under the cases (组织与任职变动).

Office holders and names are kept for the alert texts and for who answers; a
holder leaving, a unit dissolved (撤销) or moved under another parent (隶属关系调整)
ends what can no longer be owed or rectified, and takes a waived overdue out of the
records the cross-unit rules count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import NamedTuple

from contracts.events.enums import Ground, Office
from contracts.events.structure import (
    OfficeHolderAppointed,
    OfficeHolderLeftOffice,
    OrganizationDissolved,
    OrganizationEstablished,
    OrganizationRenamed,
    OrganizationReparented,
)
from contracts.policy import AccountabilityPolicy, Measure, policy_in_force
from services.accountability.domain.cases import (
    answering_office,
    named_for_the_miss,
    own_duty_offices,
    rectification_missed_on,
)
from services.accountability.domain.handlers import on
from services.accountability.domain.measures import Decision
from services.accountability.domain.missed import missed_only, not_missed_from
from services.accountability.domain.models import (
    Case,
    DutyGroup,
    EndedDeadline,
    Holder,
    OverdueCase,
    Raised,
    Withdrawn,
)
from services.accountability.domain.state import GROUP, HOLDER, ORGANIZATION, OVERDUE, holder_key
from services.accountability.domain.texts import FOR_THE_DECIDERS, GROUND_GONE, day_label


@on(OfficeHolderAppointed)
def _appointed(d: Decision, data: OfficeHolderAppointed) -> None:
    """任职; a past term entered with its end (补录已结束的任期, ``left_on``) makes no
    current holder, and answers only for what fell due during it."""
    org, key = data.organization_id, holder_key(data.organization_id, data.office)
    holders = d.ledger.holders.setdefault(key, [])
    held = any(holder.person_id == data.person_id for holder in holders)
    if data.left_on is None and not held:
        holders.append(Holder(person_id=data.person_id, person_name=data.person_name))
        d.ledger.touch(HOLDER, key)
    if data.left_on is not None or not held:  # an appointment restated begins no new term
        d.ledger.began(org, data.office, data.person_id, data.appointed_on, data.person_name)
    if data.left_on is not None:
        d.ledger.ended(org, data.office, data.person_id, data.left_on)
    _appointed_before_due(d, data)
    _appointed_before_deadline(d, data)
    _appointed_the_day_they_left(d, data)


def _appointed_before_due(d: Decision, data: OfficeHolderAppointed) -> None:
    """补录任职: an appointment recorded after the day a case's duty fell due (or its
    finding was made), to the office that answers for it, on or before that day, shows
    the person owed it then (a case open, or over since its miss: :func:`_answered_by`).
    The measures taken named whom the registry had then (often nobody: the office looked
    vacant); the case names the person from now on and says so (责任人更正), and the
    overdue counts in their own record for the 特别突出 rule. An appointment recorded by
    that day corrects nothing: the steps still to come name the holders of their day.
    Nor does it once a decision is recorded on the case: people decided whom its
    measures name (the system proposes, people decide), and it is for them to record a
    decision about the person. A case reminded (提醒) and not yet due is judged by the
    reminder's day: an appointment taken before it and recorded on it or after shows the
    person was the holder reminded, and the one who owes the duty is told before it
    falls due, as recorded on its day (:func:`_held_then`). A past term entered with its
    end (``left_on``) names its holder on the cases whose day fell within it. An
    appointment without an end names nobody on a case naming another holder of the
    office: an earlier term entered as an appointment and then its leaving would
    otherwise name its holder, then withdraw them, on the cases of today's holder."""
    org, person, ended = data.organization_id, data.person_id, data.left_on
    others = set(d.ledger.current(org, data.office)) - {person}
    corrected = []
    for case, due, fell in _fell_due(d, org, data.office):
        if person in case.person_ids or case.decisions:
            continue
        if ended is None and others & set(case.person_ids):
            continue
        held = _held_then(d, case, data, (due, fell))
        if held is None:
            continue
        day, when = held
        d.correct(
            case,
            f"经登记，{data.person_name}（{person}）已于{day_label(data.appointed_on)}任职，"
            f"该项责任{when}（{day_label(day)}）时在任，本案以其为责任人",
            added=[person],
        )
        _charge_holder(d, case, person)
        if case.named_before_missed is not None:  # named for the failure, as before it
            case.named_before_missed = [*case.named_before_missed, person]
        corrected.append(case)
    for case in corrected:  # once every miss of theirs is on their record
        _named_since(d, case, person)


def _appointed_before_deadline(d: Decision, data: OfficeHolderAppointed) -> None:
    """补录任职: an appointment recorded after a rectification deadline passed unrectified
    (限期未整改), to the office that answers for the case, shows the person held it when
    the deadline passed: they answer for the rectification (整改期限届满时的责任人), as
    they would had the appointment been recorded on its day (``missed.answering_now``).
    Not for a deadline a decision was taken after (:func:`_past_deadline`), nor by one
    who took office after the day the duty was done, recorded after the deadline: they
    found the work done (:func:`missed.found_done_before`)."""
    org, person, ended = data.organization_id, data.person_id, data.left_on
    for case, deadline in _past_deadline(d, org, data.office):
        if person in case.person_ids or not data.appointed_on <= deadline:
            continue
        if case.done_before(data.appointed_on):
            continue
        if ended is not None and ended <= deadline:
            continue
        _correct_at_deadline(
            d,
            case,
            f"经登记，{data.person_name}（{person}）已于{day_label(data.appointed_on)}任职，"
            f"整改期限（{day_label(deadline)}）届满时在任，本案以其为责任人",
            added=[person],
        )


def _left_before_deadline(d: Decision, data: OfficeHolderLeftOffice, gone: str) -> None:
    """补录离任: a leaving recorded after a rectification deadline passed unrectified, dated
    on or before it, shows the person no longer held the answering office when it passed:
    they answer for no rectification, and stay named only if a ground on the miss itself
    names them (:func:`cases.named_for_the_miss`), as had the leaving been recorded on its
    day."""
    person = data.person_id
    for case, deadline in _past_deadline(d, data.organization_id, data.office):
        if person not in case.person_ids or data.left_on > deadline:
            continue
        if person in named_for_the_miss(case):
            continue
        _correct_at_deadline(
            d,
            case,
            f"经登记，{gone}已于{day_label(data.left_on)}离任，整改期限（{day_label(deadline)}）"
            f"届满时不在任，本案不再以其为责任人",
            withdrawn=[person],
        )


def _past_deadline(d: Decision, org: str, office: Office) -> Iterator[tuple[Case, date]]:
    """The unit's cases that ``office`` answers for (:func:`_answered_by`) whose last
    rectification deadline passed unrectified before today, each with that deadline; not
    one a decision was taken on or after (people decided whom its measures name, on what
    was registered then: it is for them to record a decision about the person)."""
    for case in _answered_by(d, org, office):
        deadline = rectification_missed_on(case)
        if deadline is None or deadline >= d.today:
            continue
        if case.decided_on_or_after(deadline):
            continue
        yield case, deadline


def _correct_at_deadline(
    d: Decision,
    case: Case,
    reason: str,
    *,
    added: Sequence[str] = (),
    withdrawn: Sequence[str] = (),
) -> None:
    """责任人更正 of the holders a passed deadline named, keeping those named before it
    (``Case.named_before_missed``) for a step showing it met to name again."""
    if case.named_before_missed is None:
        case.named_before_missed = case.person_ids
    d.correct(case, reason, added=added, withdrawn=withdrawn)


@on(OfficeHolderLeftOffice)
def _left(d: Decision, data: OfficeHolderLeftOffice) -> None:
    gone = d.person(data.organization_id, data.person_id)
    key = holder_key(data.organization_id, data.office)
    holders = d.ledger.holders.get(key, [])
    remaining = [holder for holder in holders if holder.person_id != data.person_id]
    if len(remaining) != len(holders):
        d.ledger.holders[key] = remaining
        d.ledger.touch(HOLDER, key)
    d.ledger.ended(data.organization_id, data.office, data.person_id, data.left_on)
    _left_before_due(d, data, gone)
    _left_before_deadline(d, data, gone)
    _left_own_duty(d, data, gone)


def _left_before_due(d: Decision, data: OfficeHolderLeftOffice, gone: str) -> None:
    """离任: a person named on an open case of the unit, for a duty that falls due (or a
    finding's rectification) on or after the day they left the answering office, does
    not owe it when it is missed. The case stops naming them and says so (责任人更正).
    Mostly the leaving was recorded late (补录), after measures that named them on what
    was registered then; recorded on time, it ends what a reminder asked of them. Nor
    does a ground raised meanwhile name them (特别突出's 相关责任人 are among those who
    owed the duty): a missed rectification deadline does not name them again. An
    office holder's own duty is the duties service's to waive."""
    org, person = data.organization_id, data.person_id
    for case, day, when in _fell_due(d, org, data.office):
        if person not in case.person_ids or data.left_on > day:
            continue
        for raised in case.raised:
            raised.unname(person)
        if case.named_before_missed is not None:  # nor named for the failure, as before it
            case.named_before_missed = [p for p in case.named_before_missed if p != person]
        d.correct(
            case,
            f"经登记，{gone}已于{day_label(data.left_on)}离任，该项责任{when}"
            f"（{day_label(day)}）时不在任，本案不再以其为责任人",
            withdrawn=[person],
        )
        withdraw_holder(d, case, person)


def _fell_due(d: Decision, org: str, office: Office) -> Iterator[tuple[Case, date, str]]:
    """The unit's cases that ``office`` answers for (:func:`_answered_by`), each with the
    day its duty fell due (or its finding was made) and what the texts call that day."""
    for case in _answered_by(d, org, office):
        yield case, case.fell_due_on or case.opened_on, "到期" if case.due_on else "发现问题"


def _answered_by(d: Decision, org: str, office: Office) -> Iterator[Case]:
    """The unit's cases that ``office`` answers for: the open ones, and those resolved or
    closed since that let the duty pass overdue. A miss stays on the records of whom its
    case names (特别突出 counts them), so an office change recorded late (补录) corrects
    them too, once the case is over as before."""
    for case in d.ledger.cases_concerning(org):
        if case.organization_id != org or answering_office(case) is not office:
            continue
        if case.is_open or _listings(d, case):
            yield case


def _left_own_duty(d: Decision, data: OfficeHolderLeftOffice, gone: str) -> None:
    """离任: an office holder's own duty (个人职责) missed in office stays theirs, but once
    they hold no office of the unit that the duty applies to (适用职务) they can no longer
    do it (a 党委委员's visits, a 书记's 党课). The running rectification deadline of
    their case ends, so that no 限期未整改 is proposed for what became impossible; the
    measures taken stay on record. A 委员 made 副书记 still owes and can make the visits:
    leaving the 委员 seat ends nothing (the duties service waives nothing either). The
    deadline ends on the last day of their tenure in those offices (a chain's last
    leaving, the first recorded after it: :meth:`Ledger.tenure_end`), the day an
    appointment of theirs continues it (:func:`_appointed_the_day_they_left`)."""
    org, person, on = data.organization_id, data.person_id, data.left_on
    for case in _open_cases(d, org):
        offices = own_duty_offices(case)
        if case.person_ids != [person] or data.office not in offices:
            continue
        held = (
            holder.person_id for office in offices for holder in d.ledger.holders_of(org, office)
        )
        if person not in held:
            _end_by_leaving(d, case, d.ledger.tenure_end(org, offices, person, on), gone)


def _end_by_leaving(d: Decision, case: Case, on: date, gone: str) -> None:
    """End ``case``'s running deadline, its holder having left on ``on``, or, the leaving
    recorded late (补录), take back one found missed since (:func:`_ended_before_missed`);
    keep it (``Case.ended_by_leaving``) for an appointment of theirs that day to give
    back."""
    why = f"{gone}已于{day_label(on)}离任，无从整改"
    ended = _deadline_ends(d, case, on, why, "请组织部办结")
    if ended is not None:
        rectify_by, level = ended
        case.ended_by_leaving = EndedDeadline(left_on=on, rectify_by=rectify_by, level=level)
        d.save(case)


def _appointed_the_day_they_left(d: Decision, data: OfficeHolderAppointed) -> None:
    """同日转任: the person appointed left an office of the unit the same day, and that
    leaving ended the rectification deadline of their own duty (:func:`_left_own_duty`:
    a 委员 made 副书记, the leaving recorded first). Appointed to an office the duty
    applies to, they never stopped owing it and can still rectify: the deadline runs
    again as it stood, as it would have had the appointment been recorded first, so that
    限期未整改 is proposed when it passes. A past term entered with its end (``left_on``)
    continues nothing: it ended."""
    org, person, on = data.organization_id, data.person_id, data.appointed_on
    if data.left_on is not None:
        return
    for case in _open_cases(d, org):
        ended = case.ended_by_leaving
        if ended is None or ended.left_on != on or case.person_ids != [person]:
            continue
        if case.rectify_by is not None or data.office not in own_duty_offices(case):
            continue
        case.rectify_by, case.deadline_level = ended.rectify_by, ended.level
        case.ended_by_leaving = None
        case.note(
            d.today,
            d.cause.id,
            f"经登记，{data.person_name}已于{day_label(on)}同日转任{data.office.label_zh}，"
            f"仍须履行该项责任，整改期限（{day_label(ended.rectify_by)}）恢复",
        )
        d.save(case)


@on(OrganizationDissolved)
def _dissolved(d: Decision, data: OrganizationDissolved) -> None:
    """撤销: a dissolved unit can no longer rectify, nor its parent do what it owed about
    the unit (fill its vacancy, evaluate its secretary). The running rectification
    deadline of every open case of or about the unit ends, so that no 限期未整改 is
    proposed for what became impossible. What was missed and the measures taken stay,
    and the department closes the case (CaseClosed); the duties not yet due are waived
    by the duties service."""
    org, on = data.organization_id, data.dissolved_on
    why = f"{d.organization(org)}已于{day_label(on)}撤销，无从整改"
    for case in _open_cases(d, org, about=True):
        _deadline_ends(d, case, on, why, "请组织部办结")


def _deadline_ends(
    d: Decision, case: Case, on: date, why: str, then: str
) -> tuple[date, str | None] | None:
    """Rectifying became impossible on ``on`` (``why``): end the deadline running that
    day (:func:`_end_deadline`) or, the fact recorded late, take back one found missed
    since (:func:`_ended_before_missed`). The deadline ended and the rung that set it
    (one found missed was set by the case's rung, ``Case.level``: a rung sets one only
    when its measures are taken); None if none was."""
    running, level = case.rectify_by, case.deadline_level
    if running is not None and _end_deadline(d, case, on, why, then):
        return running, level
    passed = _ended_before_missed(d, case, on, why)
    return None if passed is None else (passed, case.level)


def _ended_before_missed(d: Decision, case: Case, on: date, why: str) -> date | None:
    """补录: what made rectifying impossible from ``on`` (``why``: 撤销, 隶属关系调整)
    recorded after a rung's deadline on or after that day was found missed. That
    deadline ended on ``on``; it did not run out. The case no longer counts it
    (:func:`missed.missed_only`): with no rung's deadline missed, no 限期未整改, and those
    named when it passed (整改期限届满时的责任人) give way to those named before. A
    finding's own deadline, passed before ``on``, stays missed."""
    ended, standing = not_missed_from(case, on, rungs_only=True)
    if not ended:
        return None
    deadline = min(miss.on for miss in ended)
    said = f"经补录，{why}，整改期限（{day_label(deadline)}）随之终止，“限期未整改”不成立"
    case.note(d.today, d.cause.id, said)
    gone = missed_only(d, case, standing, said)
    if gone:
        case.note(d.today, d.cause.id, gone.removeprefix("，"))
    d.save(case)
    return deadline


@on(OrganizationReparented)
def _reparented(d: Decision, data: OrganizationReparented) -> None:
    """隶属关系调整: from the day of the move only the new parent can do what a parent
    owes about the unit (see its secretary elected, evaluate it).

    A former parent's open case about the unit for a duty falling due on or after that
    day was never its to do: it ends, and the overdue it was charged with (a move
    recorded late, 补录) leaves its record for the 特别突出 rule; the duties service
    charges the new parent. For a duty the former parent let pass before the move, its
    running rectification deadline ends, so that no 限期未整改 is proposed against it for
    what it could no longer do (a move recorded after that deadline was found missed
    takes the miss back); that case stays, with the measures taken, until the duty is
    done (the new parent's doing it ends the case) or the department closes it."""
    org, on, now = data.organization_id, data.reparented_on, data.parent_id
    moved = f"{d.organization(org)}已于{day_label(on)}调整隶属关系，划归{d.organization(now)}"
    for case in _open_cases(d, org, about=True):
        if case.subject_organization_id != org or case.organization_id == now:
            continue
        if case.due_on is not None and case.due_on >= on:
            withdraw_overdue(d, case)
            due = day_label(case.due_on)
            d.resolve(case, f"经登记，{moved}，该项责任到期（{due}）时由新的上级党组织承担")
        else:
            why = f"{moved}，{d.organization(case.organization_id)}无从整改"
            _deadline_ends(d, case, on, why, "该项工作完成时本案办结")


def withdraw_overdue(d: Decision, case: Case) -> Withdrawn | None:
    """Take ``case``'s overdue out of the duty groups listing it (:func:`_listings`) and out
    of the records the 特别突出 rule counts: the unit's, unless another of its cases let the
    same duty pass that day, and each holder's, unless another such case names them.
    What it took (:func:`restore_overdue` puts it back); None if no group listed it."""
    listings, org = _listings(d, case), case.organization_id
    days = _overdue_days(d, listings)
    taken = Withdrawn(listed=[(found.key, found.overdue) for found in listings])
    for found in listings:
        d.ledger.unlist_overdue(found.key, org, found.overdue)
        d.ledger.touch(GROUP, found.key)
    for day in days:
        same_day = _same_day(d, case, day)
        still = {org} if same_day else set()
        still |= {holder_key(org, person) for other in same_day for person in other.person_ids}
        work = (day, case.work)
        for counted, history in d.ledger.overdue.items():
            mine = counted == org or counted.startswith(f"{org}|")
            if mine and counted not in still and work in history:
                history.remove(work)
                taken.counted.append((counted, day))
                d.ledger.touch(OVERDUE, counted)
    if not listings:
        return None
    prominent_reweighed(d, org)
    return taken


def restore_overdue(d: Decision, case: Case, taken: Withdrawn) -> None:
    """免除 taken back (the duty owed as it stood): ``case``'s overdue goes back into the duty
    groups and onto the records :func:`withdraw_overdue` took it from, on its own day, as
    had it never been taken."""
    org = case.organization_id
    for key, overdue in taken.listed:
        if key not in d.ledger.groups:
            continue
        d.ledger.list_overdue(key, org, overdue)
        d.ledger.touch(GROUP, key)
    for key, day in taken.counted:
        history = d.ledger.overdue.setdefault(key, [])
        if (day, case.work) not in history:
            history.append((day, case.work))
            d.ledger.touch(OVERDUE, key)


def withdraw_holder(d: Decision, case: Case, person: str) -> None:
    """责任人更正: ``person`` did not owe ``case``'s duty, so its overdue leaves their own
    record for the 特别突出 rule (the unit's stays), unless another case of the unit
    overdue that day for the same duty names them."""
    key = holder_key(case.organization_id, person)
    for day in _overdue_days(d, _listings(d, case)):
        if any(person in other.person_ids for other in _same_day(d, case, day)):
            continue
        history = d.ledger.overdue.get(key, [])
        if (day, case.work) in history:
            history.remove((day, case.work))
            d.ledger.touch(OVERDUE, key)
    prominent_reweighed(d, case.organization_id)


def prominent_reweighed(d: Decision, org: str) -> None:
    """特别突出 rests on its count: an overdue having left the records (补录 of 整改验收 in
    time or of 结案 before the deadline, 免除, 责任人更正), every case of ``org`` citing the
    ground whose record no longer shows the count within the window up to the day it was
    raised says so, once (``Raised.gone_noted_on``).
    Undecided (no decision dated on or after that day), the case drops the ground
    (:meth:`Decision.ground_gone`: a rung no ground left calls for is no longer proposed,
    and a ground arising later is proposed on its day); decided, it is left as people
    decided and only noted. On a unit's case whose count still holds, a person the ground
    named whose own count no longer does is named on it no longer (:func:`_named_no_longer`).
    The case whose own overdue did not hold drops the ground whatever the count
    (:func:`failure_lapsed`). A case stored before grounds had days is left."""
    mine = [case for case in d.ledger.cases_concerning(org) if case.organization_id == org]
    for case in mine:
        raised = next((r for r in case.raised if r.ground is Ground.PROMINENT), None)
        if raised is None:
            continue
        policy, day = policy_in_force(raised.on), day_label(raised.on)
        if _still_prominent(d, case, raised.on, policy):
            _named_no_longer(d, case, raised, policy)
            continue
        if raised.gone_noted_on is not None:
            continue
        raised.gone_noted_on = d.today
        said = f"经更正，截至{day}，逾期未完成的不同工作已不足特别突出的问题所需项数"
        if case.decided_since(Ground.PROMINENT):
            said += f"，该项依据不再成立；{FOR_THE_DECIDERS}"
        else:
            d.ground_gone(case, Ground.PROMINENT, policy)
            said += f"，{GROUND_GONE}"
        case.note(d.today, d.cause.id, said)
        d.save(case)


def _named_no_longer(d: Decision, case: Case, raised: Raised, policy: AccountabilityPolicy) -> None:
    """相关责任人 of 特别突出 on a unit's case are those of its persons who themselves let the
    count pass (``Raised.named``): one whose own record no longer shows it on the day the
    ground was raised is named on it no longer, the unit's count holding; the case says so
    (and a ground folded into a standing proposal no longer names him). Decided, it is left
    as people decided and only noted."""
    if raised.named is None or _of_its_holders(case):
        return
    org = case.organization_id
    for person in list(raised.named):
        if _let_it_pass(d, org, person, raised, policy):
            continue
        raised.unname(person)
        said = (
            f"经更正，截至{day_label(raised.on)}，{d.person(org, person)}本人逾期未完成的不同工作"
            "已不足特别突出的问题所需项数，"
        )
        if case.decided_since(Ground.PROMINENT):
            said += f"不再作为该项依据的相关责任人；{FOR_THE_DECIDERS}"
        else:
            said += "此前问责建议以其为该项依据的相关责任人，不再成立"
        case.note(d.today, d.cause.id, said)
        d.save(case)


def _held_then(
    d: Decision, case: Case, data: OfficeHolderAppointed, due: tuple[date, str]
) -> tuple[date, str] | None:
    """The day of ``case`` on which ``data``'s term, recorded today, held the office and
    was not registered, and what the texts call it; None if there is none. The day its
    duty fell due (``due``): taken on it or before, recorded after it. For a case
    reminded and not yet due (:func:`_reminded`), the day of the reminder, which went out
    at its start: taken before it, recorded that day or after."""
    reminded, ended = _reminded(d, case), data.left_on
    if reminded is None:
        held = data.appointed_on <= due[0] < min(d.today, ended or d.today)
        return due if held else None
    day = reminded[0]
    held = data.appointed_on < day <= d.today and (ended is None or day < ended)
    return reminded if held else None


def _reminded(d: Decision, case: Case) -> tuple[date, str] | None:
    """The day of the reminder (提醒) a duty's case not yet due stands at, the day its
    reminder opened it, and what the texts call that day; None for any other case."""
    if case.finding_id is not None or case.level is None or case.proposed:
        return None
    if Measure.REMINDER not in d.policy.rung(case.level).measures:
        return None
    return (case.opened_on, "提醒") if (case.fell_due_on or d.today) >= d.today else None


def _named_since(d: Decision, case: Case, person: str) -> None:
    """相关责任人 of 特别突出, the side of 补录任职 (:func:`_named_no_longer`'s mirror):
    ``person``, named on ``case`` for its miss now, whose own record shows the count on the
    day the ground was raised, let the problem pass themselves: the ground names them
    too, as it would have had the appointment been recorded on its day, and the case
    says so. Named so, a leaving recorded later keeps them on the case for the miss
    (:func:`~services.accountability.domain.cases.named_for_the_miss`)."""
    raised = next((r for r in case.raised if r.ground is Ground.PROMINENT), None)
    if raised is None or raised.named is None or person in raised.named:
        return
    if raised.ground not in case.grounds or _of_its_holders(case):
        return
    org, policy = case.organization_id, policy_in_force(raised.on)
    if not _let_it_pass(d, org, person, raised, policy):
        return
    raised.name(person)
    case.note(
        d.today,
        d.cause.id,
        f"经更正，截至{day_label(raised.on)}，{d.person(org, person)}本人逾期未完成的不同工作"
        "已达特别突出的问题所需项数，为该项依据的相关责任人",
    )
    d.save(case)


def _let_it_pass(
    d: Decision, org: str, person: str, raised: Raised, policy: AccountabilityPolicy
) -> bool:
    """Whether ``person``'s own record in ``org`` shows a 特别突出 count on the day
    ``raised`` arose: they let the problem pass themselves (相关责任人)."""
    counts = d.ledger.prominent_met(holder_key(org, person), raised.on, policy)
    return next(counts, None) is not None


def _of_its_holders(case: Case) -> bool:
    """An office holder's own duty (个人职责): 特别突出 counts its holders' own records."""
    return bool(own_duty_offices(case)) and case.subject_organization_id is None


def _still_prominent(d: Decision, case: Case, day: date, policy: AccountabilityPolicy) -> bool:
    """Whether the record 特别突出 counted for ``case`` (its unit's, or for an office
    holder's own duty each named holder's) still shows a trigger's count on ``day``."""
    org = case.organization_id
    records = [holder_key(org, p) for p in case.person_ids] if _of_its_holders(case) else [org]
    return any(next(d.ledger.prominent_met(key, day, policy), None) for key in records)


class _Listed(NamedTuple):
    """Where ``case``'s overdue is listed: a duty group (by key) and the entry."""

    key: str
    group: DutyGroup
    overdue: OverdueCase


def _listings(d: Decision, case: Case) -> list[_Listed]:
    """Every duty group listing ``case`` overdue under its unit. Found by the case, not by
    a key made of its duty and period: a finding's case (督导检查、自查发现的问题) names no
    duty, its rectification duty's group being that of the finding (``within:``), and the
    self-check's case (年度自查) is listed in the group of each question let pass."""
    groups = d.ledger.groups
    return [
        _Listed(key, groups[key], overdue)
        for key in d.ledger.listings(case.case_id)
        for overdue in groups[key].overdue.get(case.organization_id, ())
        if overdue.case_id == case.case_id
    ]


def _charge_holder(d: Decision, case: Case, person: str) -> None:
    """``person`` owed ``case``'s duty when it was let pass (补录任职): its overdue counts in
    their own record for the 特别突出 rule, as it would have had the appointment been
    recorded on time."""
    key = holder_key(case.organization_id, person)
    for day in _overdue_days(d, _listings(d, case)):
        history = d.ledger.overdue.setdefault(key, [])
        if (day, case.work) not in history:
            history.append((day, case.work))
            d.ledger.touch(OVERDUE, key)


def _overdue_days(d: Decision, listings: list[_Listed]) -> list[date]:
    """The days the listed overdue were decided, each once, in order."""
    return sorted({_overdue_day(d, found.overdue) for found in listings})


def _same_day(d: Decision, case: Case, day: date) -> list[Case]:
    """The unit's other cases that let ``case``'s duty pass overdue on ``day``."""
    groups = d.ledger.groups
    return [
        d.ledger.cases[other.case_id]
        for key in d.ledger.of_duty.get(case.duty_id or "", [])
        for other in groups[key].overdue.get(case.organization_id, [])
        if other.case_id != case.case_id and _overdue_day(d, other) == day
    ]


def _overdue_day(d: Decision, overdue: OverdueCase) -> date:
    """The day the ``DutyOverdue`` of ``overdue`` was decided, as its case noted it."""
    steps = d.ledger.cases[overdue.case_id].history
    return next(step.on for step in steps if step.event_id == overdue.event_id)


def _end_deadline(d: Decision, case: Case, on: date, why: str, then: str) -> bool:
    """End the case's rectification deadline (限期整改) if it runs on ``on``: what ``why``
    says made it impossible to rectify; no 限期未整改 follows. Whether it ended one."""
    if case.rectify_by is None or case.rectify_by < on:
        return False
    case.note(
        d.today,
        d.cause.id,
        f"{why}，整改期限（{day_label(case.rectify_by)}）终止，不再据此提出问责建议，{then}",
    )
    case.rectify_by, case.deadline_level = None, None
    d.save(case)
    return True


def _open_cases(d: Decision, organization_id: str, *, about: bool = False) -> list[Case]:
    """The open cases the unit owes, and if ``about`` those about it, in key order."""
    return [
        case
        for case in d.ledger.cases_concerning(organization_id)
        if case.is_open and (about or case.organization_id == organization_id)
    ]


@on(OrganizationEstablished)
def _established(d: Decision, data: OrganizationEstablished) -> None:
    _name(d, data.organization_id, data.name)


@on(OrganizationRenamed)
def _renamed(d: Decision, data: OrganizationRenamed) -> None:
    _name(d, data.organization_id, data.name)


def _name(d: Decision, organization_id: str, name: str) -> None:
    """The unit's current name (党组织名称), only for the alert texts."""
    d.ledger.organizations[organization_id] = name
    d.ledger.touch(ORGANIZATION, organization_id)
