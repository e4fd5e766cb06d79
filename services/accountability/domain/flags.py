"""Flags (情况提示): kept to be shown, withdrawn when the record shows they do not stand.

A flag opens no case and takes no measure: it tells who must answer that a situation
needs their decision (a member's to his branch, an organization's to the higher
organization). It is never a verdict, and one that no longer stands is not left
standing against a real person: a member who left the unit's roll (转出, 停止党籍,
去世、出党) before the day a flag about him was raised would not have been flagged had
the leaving been recorded on time (the day decides, not the order of recording). Recorded
late (补录), the leaving withdraws such a flag: it stays in the ledger with the day it
was withdrawn and why, and no longer stands. The end of a membership (去世、出党) withdraws
the ones raised by its day too: they no longer ask for a decision. So does an exemption
from dues (免交党费) for a flag of months without dues that include a month it exempts:
those months had a 正当理由 (党章第九条). So do, recorded late, a payment or an
attendance of a month the flag counted silent, made before it was raised, whatever the
age of its months, an absence (外出) begun by its last month, unless a return (返回)
known came before its months (the duties service forwards those facts only when they
show a flag no longer stands, or when their month is older than those it judges again,
for the flags kept here to tell), and a return for a flag raised after the day he came
back whose months begin by its month (returns are told whenever recorded, and kept:
``Ledger.returns``), a fact that clears a watch (恢复联系, 恢复党籍) before the watch's
flag was raised, and the branch's consent to dues by quarter (按季度交纳党费) for a flag
raised before the quarter ended, recorded while the quarter still runs or once a payment
within the quarter broke the run (the payment recorded before the consent or after it).

Both are told (``SituationFlagNoted``, ``SituationFlagWithdrawn`` on the accountability
topic, for the notifier), each with an id derived from its cause and the flag: a flag
delivered without its withdrawal would stay standing in someone's inbox.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from contracts.catalog import MemberRule, MemberWatch, WithinDaysCadence, catalog_in_force
from contracts.events.accountability import (
    SituationFlag,
    SituationFlagNoted,
    SituationFlagWithdrawn,
)
from contracts.events.duties import MemberSituationFlagged, OrganizationFlagged
from contracts.events.enums import MemberSituation, OrganizationSituation
from contracts.events.members import (
    DuesExemptionApproved,
    DuesPaid,
    MemberContactRestored,
    MemberReturned,
    MembershipEnded,
    MembershipRestored,
    MembershipSuspended,
    MemberTransferredOut,
    MemberWentAway,
    OrganizationalLifeAttended,
    QuarterlyDuesApproved,
)
from services.accountability.domain.cases import duty_in_force, secretaries
from services.accountability.domain.handlers import on
from services.accountability.domain.measures import Decision
from services.accountability.domain.models import Flag
from services.accountability.domain.state import FLAGS, Ledger
from services.accountability.domain.texts import day_label


def keep_flag(d: Decision, data: MemberSituationFlagged | OrganizationFlagged) -> None:
    """Keep the flag with who must answer it: for a member, his branch (the subject); for
    an organization, the higher organization named; each with its secretaries of the day.
    The flag is raised on ``d.today``, the day of the tick that caused it."""
    if isinstance(data, OrganizationFlagged):
        decides = data.higher_organization_id or data.organization_id
        member_id, since, detail = None, None, data.detail_zh
    else:
        decides, member_id, since, detail = data.organization_id, data.member_id, data.since, None
    flag = Flag(
        event_id=d.cause.id, flagged_on=d.today, organization_id=data.organization_id,
        member_id=member_id, duty_id=data.duty_id, situation=data.situation.value,
        since=since, due_on=data.due_on, clause=data.clause, decides=decides,
        person_ids=secretaries(d, decides), detail_zh=detail,
    )  # fmt: skip
    if d.ledger.flag(flag):  # a flag read again is kept, and told, once
        _tell(d, SituationFlagNoted, flag, "flag-noted", {})


@on(MemberTransferredOut)
def _transferred_out(d: Decision, data: MemberTransferredOut) -> None:
    what = f"转出组织关系（转至{data.to_organization}）"
    _left_the_roll(d, data.organization_id, data.member_id, data.transferred_on, what)


@on(MembershipSuspended)
def _suspended(d: Decision, data: MembershipSuspended) -> None:
    org, member_id, left_on = data.organization_id, data.member_id, data.suspended_on
    ended = [day for day in d.ledger.restorations.get(org, {}).get(member_id, []) if day > left_on]
    _left_the_roll(d, org, member_id, left_on, "停止党籍", ended[0] if ended else None)


@on(MembershipEnded)
def _ended(d: Decision, data: MembershipEnded) -> None:
    """党员减少 (去世、出党): no flag about the member kept for the unit asks for a decision
    any more, those of the two years after a suspension (off the roll) included. One
    raised after the day (the end recorded late, 补录) would not have been raised; one
    raised by then was true, and is answered: the end is the branch's decision on it
    (除名、开除党籍、退党) or leaves it nothing to decide (去世)."""
    on, what = data.ended_on, data.end.predicate_zh
    for flag in _standing(d, data.organization_id, data.member_id):
        if flag.flagged_on > on:
            why = _gone_when_raised(on, what, flag)
        else:
            why = f"{_recorded(on, what)}，无需再研究处理"
        _withdraw(d, data.organization_id, flag, why)


def _left_the_roll(
    d: Decision, org: str, member_id: str, left_on: date, what: str, back: date | None = None
) -> None:
    """转出, 停止党籍: the flags of the member kept for the unit, raised after the day he
    left its roll about his being on it, no longer stand. Recorded on time, the leaving
    would have taken him off the roll before the tick that raised them (a day's facts
    follow its tick): the months of a run (党章第九条) were not his on the roll, a watch
    (失联) would have been cleared. A flag raised on or before that day stands: it was
    true when raised, and the leaving may be the branch's answer to it (unless a consent
    to dues by quarter showed its last month payable past the leaving: :func:`_left_after`).
    So does one about the days from ``back`` on, the restoration (恢复党籍) recorded before
    the suspension it ended (补录): he was on the roll again then, his months counted
    from it."""
    for flag in _standing(d, org, member_id):
        if not _about_the_roll(flag):
            continue
        if flag.flagged_on <= left_on:
            _left_after(d, org, flag, left_on, what)
            continue
        if back is not None and (flag.since or left_on) >= _on_the_roll_from(flag, back):
            continue  # about his months after the restoration
        _withdraw(d, org, flag, _gone_when_raised(left_on, what, flag))


def _recorded(on: date, what: str) -> str:
    """经登记，该党员已于…: how a withdrawal names the fact that showed it, with its day."""
    return f"经登记，该党员已于{day_label(on)}{what}"


def _gone_when_raised(left_on: date, what: str, flag: Flag) -> str:
    """Why ``flag`` is withdrawn: the member had left the unit (``what``) by its day."""
    return f"{_recorded(left_on, what)}，{day_label(flag.flagged_on)}提示时已不在本组织"


def _left_after(d: Decision, org: str, flag: Flag, left_on: date, what: str) -> None:
    """转出, 停止党籍 on ``left_on``, after ``flag`` was raised: it stands (true when raised),
    unless a consent to dues by quarter recorded after it showed the month its run reached
    six payable until a day he left the roll by (``Flag.payable_until``): that quarter
    ended with him off it, so the month never was one without dues on the roll. The day
    is kept (``Flag.left_roll_on``) for such a consent recorded later (:func:`_by_quarter`)."""
    if flag.payable_until is not None and left_on <= flag.payable_until:
        left = _recorded(left_on, what)
        payable = _payable_zh(flag, flag.payable_until)
        _withdraw(d, org, flag, f"{left}，{payable}，该季度结束时已不在本组织")
    elif _counts_dues(flag) and flag.left_roll_on is None:
        flag.left_roll_on = left_on
        d.ledger.touch(FLAGS, org)


@on(DuesExemptionApproved)
def _exempted(d: Decision, data: DuesExemptionApproved) -> None:
    """免交党费: a flag of the member's run of months without dues (党章第九条: 没有正当理由，
    连续六个月不交纳党费) whose months include one the exemption covers no longer stands:
    the approved exemption is a 正当理由 for that month, so the months were not six in a
    row without dues and without reason. The months decide, not the day of the approval
    or of its record: an approval given after the flag, for months before it, may be the
    branch's answer to it (经党支部研究、报上一级党委批准). A flag of other months stands; a
    run of six silent months outside the exemption is flagged by the duties service."""
    for flag in _standing(d, data.organization_id, data.member_id):
        if flag.since is None or not _counts_dues(flag):
            continue
        first, last = f"{flag.since:%Y-%m}", f"{flag.due_on:%Y-%m}"
        if last < data.first_month or (data.last_month is not None and data.last_month < first):
            continue
        why = (
            f"经登记，该党员经上级党委批准免交党费（{data.months_zh}），"
            "所提示的月份中含免交月份，不属无正当理由不交纳党费"
        )
        _withdraw(d, data.organization_id, flag, why)


@on(DuesPaid)
def _paid(d: Decision, data: DuesPaid) -> None:
    """党费 recorded late (补录; forwarded only when it shows a flag no longer stands, or
    may: for a month older than those the duties service judges again): a
    flag of months without dues whose months include the month paid, raised after the day
    it was paid, no longer stands: recorded on time, the payment would have broken the run
    before the tick that raised it. So does one whose last month a consent to dues by
    quarter, recorded after it was raised, said was payable until a day the payment came
    by (``Flag.payable_until``): the run was broken within the quarter. Any other raised
    on or before that day stands: the months were unpaid when it was raised (补交, the
    member's answer for the branch to weigh). Its first such day is kept
    (``Flag.made_up_on``): for a member paying by quarter, whose consent is recorded
    later, it may have come within the quarter (:func:`_by_quarter`)."""
    what = f"于{day_label(data.paid_on)}交纳{data.month}党费"
    org, member_id, paid_on = data.organization_id, data.member_id, data.paid_on
    for flag in _signalled(d, org, member_id, DuesPaid, data.month, paid_on, what):
        if flag.payable_until is not None and paid_on <= flag.payable_until:
            why = f"经登记，该党员已{what}，{_payable_zh(flag, flag.payable_until)}"
            _withdraw(d, org, flag, f"{why}，所提示的月份并非连续六个月不交纳党费")
        elif flag.made_up_on is None or paid_on < flag.made_up_on:
            flag.made_up_on = paid_on
            d.ledger.touch(FLAGS, org)


@on(OrganizationalLifeAttended)
def _attended(d: Decision, data: OrganizationalLifeAttended) -> None:
    """参加组织生活 recorded late (补录; forwarded only when it shows a flag no longer
    stands, or may: for a month older than those the duties service judges again): a flag
    of months without organizational life whose months include it, raised after it."""
    month, what = f"{data.attended_on:%Y-%m}", f"于{day_label(data.attended_on)}参加党的组织生活"
    org, member_id = data.organization_id, data.member_id
    _signalled(d, org, member_id, OrganizationalLifeAttended, month, data.attended_on, what)


def _signalled(
    d: Decision, org: str, member_id: str, kind: type, month: str, on_day: date, what: str
) -> list[Flag]:
    """The member's flags of a rule signalled by ``kind`` whose months include ``month``,
    raised after ``on_day``, no longer stand (党章第九条: the months were not six in a row).
    Returns those whose months include it raised on or before that day, which stand."""
    stand: list[Flag] = []
    for flag in _standing(d, org, member_id):
        rule = _member_rule(flag)
        if rule is None or not rule.signalled_by(kind.__name__) or flag.since is None:
            continue
        if not f"{flag.since:%Y-%m}" <= month <= f"{flag.due_on:%Y-%m}":
            continue
        if on_day < flag.flagged_on:
            _withdraw(d, org, flag, f"经登记，该党员已{what}，所提示的月份并非连续六个月")
        else:
            stand.append(flag)
    return stand


@on(QuarterlyDuesApproved)
def _by_quarter(d: Decision, data: QuarterlyDuesApproved) -> None:
    """经党支部同意按季度交纳党费, recorded after a flag of months without dues (党章第九条)
    whose run reached six in a month from ``first_month`` (read by month: the consent was
    recorded late, 补录, or given for months already judged): that month's dues were
    payable until its quarter ended (2008 党费规定), and it is without dues only once the
    quarter ended without them. Such a flag no longer stands if the quarter has not ended
    by the record (the month is not yet without dues; if the quarter ends unpaid, the
    duties service flags the run then, as for a consent recorded on time), or if a month of
    its run was paid within the quarter (``Flag.made_up_on``: 补交, recorded after the
    flag): recorded on time, the consent would have had the month judged at the quarter's
    end, after the payment, and no run of six found. A flag whose quarter ended with no
    such payment known stands (its months were six without dues by quarter too), and
    keeps the quarter's last day (``Flag.payable_until``) for a payment within it
    recorded later (:func:`_paid`)."""
    org = data.organization_id
    agreed = f"经登记，党支部已同意该党员{data.months_zh}按季度交纳党费"
    for flag in _standing(d, org, data.member_id):
        if not _counts_dues(flag) or f"{flag.due_on:%Y-%m}" < data.first_month:
            continue
        quarter_ended = _quarter_end(flag.due_on)
        payable = _payable_zh(flag, quarter_ended)
        if d.today <= quarter_ended:
            why = f"{agreed}，{payable}，该季度尚未结束，所提示的月份尚不属连续六个月不交纳党费"
        elif flag.made_up_on is not None and flag.made_up_on <= quarter_ended:
            made_up = f"所提示月份中有党费于{day_label(flag.made_up_on)}交纳"
            why = f"{agreed}，{payable}，{made_up}，所提示的月份并非连续六个月不交纳党费"
        elif flag.left_roll_on is not None and flag.left_roll_on <= quarter_ended:
            left = f"该党员已于{day_label(flag.left_roll_on)}离开本组织党员名册"
            why = f"{agreed}，{payable}，{left}，该季度结束时已不在本组织"
        else:
            flag.payable_until = quarter_ended
            d.ledger.touch(FLAGS, org)
            continue
        _withdraw(d, org, flag, why)


def _payable_zh(flag: Flag, until: date) -> str:
    """按季度交纳: the dues of the month ``flag``'s run reached six were payable until ``until``."""
    return f"{flag.due_on.year}年{flag.due_on.month}月党费可于{day_label(until)}前交纳"


def _quarter_end(day: date) -> date:
    """The last day of the calendar quarter of ``day`` (按季度交纳: quarters of the year)."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, last_month, monthrange(day.year, last_month)[1])


@on(MemberWentAway)
def _went_away(d: Decision, data: MemberWentAway) -> None:
    """外出 recorded late (补录; forwarded only when it shows a flag no longer stands, or
    may: from a month older than those the duties service judges again): a flag of months
    without organizational life at the branch that end in or after the month he went away
    no longer stands: a member away (流动党员) takes part in organizational life where he
    is, which the branch's attendance cannot show, and a month he was away in, even in
    part, is not one he missed without 正当理由 (党章第九条; the duties service counts it
    so). A flag of months before that month stands; so does one whose months all come
    after the month of a return (返回) known, on or after the day he went: he was back at
    the branch then (a later 外出, recorded, withdraws it in turn). Any other is withdrawn,
    though he may have come back before its months: it may be of months he was still away
    in (his run flagged from the branch's first recorded attendance, or again after he
    attended while away), and when in doubt the system does not flag."""
    org, member_id, away = data.organization_id, data.member_id, f"{data.since:%Y-%m}"
    back = _back_since(d.ledger, org, member_id, data.since)
    for flag in _attendance_flags(d, org, member_id):
        if f"{flag.due_on:%Y-%m}" < away:
            continue
        if back is not None and flag.since is not None and back < f"{flag.since:%Y-%m}":
            continue  # months after he came back
        why = f"经登记，该党员自{day_label(data.since)}外出，外出期间的组织生活不由本支部记录"
        _withdraw(d, org, flag, why)


def _back_since(ledger: Ledger, org: str, member_id: str, went: date) -> str | None:
    """The month of the first return (返回) known of the member on or after ``went``."""
    days = ledger.returns.get(org, {}).get(member_id, [])
    back = next((day for day in days if day >= went), None)
    return None if back is None else f"{back:%Y-%m}"


def _attendance_flags(d: Decision, org: str, member_id: str) -> list[Flag]:
    """The member's standing flags of a rule judged on the branch's own record (党章第九条
    连续六个月不参加党的组织生活): those his being away and back (外出, 返回) bears on."""
    flags = _standing(d, org, member_id)
    return [f for f in flags if (rule := _member_rule(f)) is not None and rule.judged_once_recorded]


@on(MemberReturned)
def _returned(d: Decision, data: MemberReturned) -> None:
    """返回 (told whenever recorded, being rare): kept (``Ledger.returns``) for a 外出
    recorded later (:func:`_went_away`). Recorded late (补录), it withdraws a flag of months
    without organizational life at the branch raised after the day he came back whose
    months begin by the month he came back: recorded on its day, the return would have
    had the branch's record of him counted from the month after (the duties service counts
    so: a month he was away in, even in part, is not the branch's to show, and when he
    went may not be known), and the flag never raised; the months it names may be months
    he was away in (党章第九条 没有正当理由). The duties service flags the rest of the run, as
    on time, if its sixth month is among the months it judges again: one run, one flag.
    A flag raised on or before that day stands, as on time (a day's facts follow its
    tick): its months may be before he went."""
    org, member_id, back = data.organization_id, data.member_id, data.returned_on
    d.ledger.returned(org, member_id, back)
    for flag in _attendance_flags(d, org, member_id):
        if flag.flagged_on <= back or flag.since is None or f"{back:%Y-%m}" < f"{flag.since:%Y-%m}":
            continue
        why = f"经登记，该党员于{day_label(back)}外出返回，所提示的月份可能在外出期间"
        _withdraw(d, org, flag, f"{why}，外出期间的组织生活不由本支部记录")
    for flag in _standing(d, org, member_id):
        if _waived_by(flag, data) and back <= flag.due_on and (flag.since or back) <= back:
            by = day_label(flag.due_on)
            why = f"{_recorded(back, '外出返回')}，在转接期限（{by}）之前"
            _withdraw(d, org, flag, f"{why}，无须转接组织关系")


def _waived_by(flag: Flag, fact: MemberReturned) -> bool:
    """Whether ``flag`` was raised by a member duty overdue (外出未转接) that ``fact`` waives
    (``waived_by``): recorded late (补录), dated by the duty's deadline, the fact would have
    waived it before it was found overdue (the duties service now waives it so too)."""
    duty = duty_in_force(flag.duty_id, flag.due_on)
    cadence = None if duty is None else duty.cadence
    return isinstance(cadence, WithinDaysCadence) and type(fact).__name__ in cadence.waived_by


@on(MemberContactRestored)
def _contact_restored(d: Decision, data: MemberContactRestored) -> None:
    _watch_cleared(d, data.organization_id, data.member_id, data, data.restored_on, "恢复联系")


@on(MembershipRestored)
def _membership_restored(d: Decision, data: MembershipRestored) -> None:
    """恢复党籍: kept (``Ledger.restorations``) for a suspension recorded after it
    (:func:`_suspended`), and a watch it ends cleared (:func:`_watch_cleared`)."""
    d.ledger.restored(data.organization_id, data.member_id, data.restored_on)
    _watch_cleared(d, data.organization_id, data.member_id, data, data.restored_on, "恢复党籍")


def _on_the_roll_from(flag: Flag, back: date) -> date:
    """The first day a flag about a member restored on ``back`` may be about: for a run of
    months (党章第九条), the first day of the first month that begins on or after it (the
    duties service counts his months so, a month begun before he was back on the roll not
    being his to count); for a watch (失联), the day itself."""
    if _member_watch(flag) is not None or back.day == 1:
        return back
    return date(back.year + back.month // 12, back.month % 12 + 1, 1)


def _watch_cleared(
    d: Decision, org: str, member_id: str, fact: object, on_day: date, what: str
) -> None:
    """A fact that clears a watch (``cleared_by``: 恢复联系, 恢复党籍), recorded late (补录):
    the member's flags of such a watch that began on or before ``on_day`` and were raised
    after it no longer stand: recorded on time, the fact would have cleared the watch
    before its days were over. One raised on or before that day stands."""
    name = type(fact).__name__
    for flag in _standing(d, org, member_id):
        watch = _member_watch(flag)
        if watch is None or name not in watch.cleared_by or flag.since is None:
            continue
        if flag.since <= on_day < flag.flagged_on:
            raised = day_label(flag.flagged_on)
            why = f"{_recorded(on_day, what)}，{raised}提示时已不属此情况"
            _withdraw(d, org, flag, why)


def _standing(d: Decision, org: str, member_id: str) -> list[Flag]:
    """The member's flags kept for ``org`` that still stand."""
    return [f for f in d.ledger.flags.get(org, []) if f.member_id == member_id and f.stands]


def _withdraw(d: Decision, org: str, flag: Flag, why: str) -> None:
    """撤回: ``flag`` no longer stands, for the reason ``why``; kept, with the day and the
    fact that showed it."""
    flag.withdrawn_on, flag.withdrawn_by = d.today, d.cause.id
    flag.withdrawn_zh = f"{why}，此情况提示不再成立"
    d.ledger.touch(FLAGS, org)
    extra = {"withdrawn_on": d.today, "withdrawn_by": d.cause.id, "reason_zh": flag.withdrawn_zh}
    _tell(d, SituationFlagWithdrawn, flag, "flag-withdrawn", extra)


def _tell(
    d: Decision, kind: type[SituationFlag], flag: Flag, rule: str, extra: dict[str, Any]
) -> None:
    """Emit ``flag`` as a ``kind`` event, its id derived from the cause and the flag."""
    org, decides = d.organization(flag.organization_id), d.organization(flag.decides)
    situation = (MemberSituation if flag.member_id else OrganizationSituation)(flag.situation)
    what = situation.label_zh
    if flag.member_id is not None:
        what = f"党员{flag.member_id}{what}"
    deciders = "、".join(d.person(flag.decides, p) for p in flag.person_ids)
    who = f"{decides}研究处理" + (f"，书记：{deciders}" if deciders else "")
    raised = day_label(flag.flagged_on)
    if flag.withdrawn_zh is None:
        title = f"情况提示：{org}{what}"
        since = f"自{day_label(flag.since)}起" if flag.since else ""
        detail = f"（{flag.detail_zh}）" if flag.detail_zh else ""
        text = (
            f"{org}：{since}{what}{detail}（截至{day_label(flag.due_on)}，{raised}提示）。"
            f"依据：{flag.clause}。请{who}。"
        )
    else:
        title = f"情况提示撤回：{org}{what}"
        text = (
            f"{org}：{raised}关于{what}的情况提示予以撤回。{flag.withdrawn_zh}。"
            f"原提示由{who}，现无需据此处理。"
        )
    text += "此为情况提示，不是问责措施，也不是任何决定：系统只作提示，不作结论。"
    payload = kind.model_validate(
        {
            "organization_id": flag.organization_id, "member_id": flag.member_id,
            "duty_id": flag.duty_id, "situation": flag.situation, "raised_on": flag.flagged_on,
            "since": flag.since, "due_on": flag.due_on, "decides": flag.decides,
            "person_ids": flag.person_ids, "clause": flag.clause,
            "flag_event_id": flag.event_id, "detail_zh": flag.detail_zh,
            "title_zh": title[:200], "text_zh": text[:4000],
        }
        | extra
    )  # fmt: skip
    d.emit(payload, rule, flag.event_id)


def _counts_dues(flag: Flag) -> bool:
    """Whether ``flag`` is a member rule's counting months without dues paid (党章第九条)."""
    rule = _member_rule(flag)
    return rule is not None and rule.signalled_by(DuesPaid.__name__)


def _member_rule(flag: Flag) -> MemberRule | None:
    """The member rule (党章第九条) that raised ``flag``, if one did."""
    try:
        rules = catalog_in_force(flag.due_on).member_rules
    except LookupError:
        return None
    return next((r for r in rules if r.id == flag.duty_id), None)


def _member_watch(flag: Flag) -> MemberWatch | None:
    """The member watch (失联, 停止党籍满二年) that raised ``flag``, if one did."""
    try:
        watches = catalog_in_force(flag.due_on).member_watches
    except LookupError:
        return None
    return next((w for w in watches if w.id == flag.duty_id), None)


def _about_the_roll(flag: Flag) -> bool:
    """Whether ``flag`` is about a member on the roll. A watch's flag is so if leaving the
    roll clears the watch (失联满六个月); the one that runs after a suspension (停止党籍满
    二年) is about a member off it, and leaving again changes nothing. A member rule's
    flag (党章第九条) and an overdue member duty's (外出未转接) are about the roll."""
    watch = _member_watch(flag)
    return watch is None or watch.about_the_roll
