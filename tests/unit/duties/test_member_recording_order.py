"""The same member facts recorded in another order (补录) give the same member flags.

Scenarios written by hand before running, each folded twice: every fact recorded on its
own day (on time), and one fact recorded late (补录, about two months later). Each
docstring states the flags expected in both orders and the source. The flags that stand
at the end (``SituationFlagNoted`` not followed by ``SituationFlagWithdrawn``) must be the
same; where the late order had already raised and told a flag that the on-time order
never raises, the best equivalent is its withdrawal (撤回, ``SituationFlagWithdrawn``)
once the late fact is recorded: a flag already told cannot be untold. A flag must never
name a member for months he was not on the branch's roll, was away (外出), was exempt or
had paid.

Sources: 党章第九条 (没有正当理由，连续六个月不参加党的组织生活，或不交纳党费 … 被认为是
自行脱党; the branch decides, the system flags); 党员教育管理工作条例 (2019) 第二十四条 (失联
满六个月 → 可停止党籍); 《关于加强和改进流动党员管理工作的意见》 (2006: 流动党员 take part in
organizational life where they are); the catalog (duty_catalog.v1.yaml ``member_rules``:
six months in a row, flagged at the first tick after the sixth, once per run, attendance
judged only from the branch's first recorded attendance; ``member_watches``:
``member.lost_contact.six_months``, 183 days from ``since``, cleared by
MemberContactRestored, MembershipSuspended, MemberTransferredOut).

The common story (accountability's builders): ``br-1`` (secretary p-1) under gb-1 and
cmt, from 2018-01-01, the log's first day; m-1 on its roll from that day unless said.
m-2 on its roll from that day too, the
member whose attendance shows that br-1 keeps attendance where a scenario needs it. A
day's facts follow its tick.

Not written, as the registry refuses them (services/registry/domain/rules.py
``_member_of_the_branch``): dues paid to a branch before the member's joining its roll
(转入, 接收预备党员) is recorded; only the branch the member is on may record them.
Attendance a branch may record for anyone (双重组织生活), so S4 below is reachable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import members
from contracts.events.accountability import SituationFlagNoted, SituationFlagWithdrawn
from contracts.events.base import Payload
from services.accountability.domain import queries
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from services.duties.domain.documents import entries, restore
from services.duties.domain.state import DutyState
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.duties.builders import History, fold, make

pytestmark = pytest.mark.unit

BR = "br-1"
DUES = "dues_unpaid_six_months"
ABSENT = "absent_six_months"
AWAY = "away_not_transferred"
LOST = "may_suspend_membership"
AWAY_TRANSFER = "member.away.transfer"

#: One fact as recorded: (the day recorded, the fact).
Recorded = tuple[date, Payload]
#: A flag about m-1: (situation, first day of its months, its last day).
Said = tuple[str, date, date]


@dataclass
class Outcome:
    """What one order of recording gave about m-1."""

    state: DutyState
    ledger: Ledger
    told: list[Envelope]

    def standing(self) -> list[Said]:
        kept = queries.list_flags(self.ledger, unit=BR, member=True, standing=True)
        return [(f.situation, f.since, f.due_on) for f in kept if f.member_id == "m-1"]  # type: ignore[misc]

    def noted(self) -> list[Said]:
        return self._said(SituationFlagNoted)

    def withdrawn(self) -> list[Said]:
        return self._said(SituationFlagWithdrawn)

    def _said(self, kind: type[SituationFlagNoted | SituationFlagWithdrawn]) -> list[Said]:
        told = [e.data for e in self.told if isinstance(e.data, kind)]
        return [(t.situation, t.since, t.due_on) for t in told if t.member_id == "m-1"]  # type: ignore[misc]

    def statuses(self) -> dict[tuple[str, str], str]:
        """m-1's member duty instances in br-1 at the end: (duty, period) → status."""
        unit = self.state.units[BR]
        return {
            (i.duty_id, i.period): i.status.value for i in unit.instances() if i.member_id == "m-1"
        }


def _run(facts: Iterable[Recorded], last: date, join: date | None = BEGINNING) -> Outcome:
    """br-1 (m-2 on its roll from 01-01, m-1 from ``join``, each recorded that day; None:
    not here) and ``facts`` each recorded on its day, with daily ticks to ``last``; through
    duties and accountability."""
    history = a_branch()
    history.member("m-2", BEGINNING, org=BR)
    if join is not None:
        history.member("m-1", join, org=BR)
    return _through_both(on_their_days(history, BEGINNING, facts, last))


def _through_both(history: History) -> Outcome:
    state, outputs = fold(history.events)
    ledger = Ledger.empty(1)
    told = [
        out.envelope
        for offset, env in enumerate(outputs)
        for out in fold_case(ledger, Delivery(0, env, offset))
    ]
    return Outcome(state, ledger, told)


def _paid(month: str, paid_on: date, member: str = "m-1") -> members.DuesPaid:
    return make(members.DuesPaid, organization_id=BR, member_id=member, month=month,
                amount="30.00", paid_on=paid_on)  # fmt: skip


def _attended(on: date, member: str = "m-1") -> members.OrganizationalLifeAttended:
    return make(members.OrganizationalLifeAttended, organization_id=BR, member_id=member,
                meeting_id=f"mtg-{on}", attended_on=on)  # fmt: skip


def _suspended(
    on: date, reason: str = "长期不交纳党费，经支部大会讨论", ground: str = "other"
) -> members.MembershipSuspended:
    return make(members.MembershipSuspended, organization_id=BR, member_id="m-1",
                suspended_on=on, reason=reason, ground=ground)  # fmt: skip


def _on_time(fact: Payload, on: date) -> Recorded:
    return (on, fact)


def _monthly(member: str, months: Iterable[int], *, attends: bool = False) -> list[Recorded]:
    """``member`` pays each of ``months`` of 2018 on the 20th (and attends on the 12th)."""
    facts = [_on_time(_paid(f"2018-{m:02d}", date(2018, m, 20), member), date(2018, m, 20))
             for m in months]  # fmt: skip
    if attends:
        facts += [_on_time(_attended(date(2018, m, 12), member), date(2018, m, 12))
                  for m in months]  # fmt: skip
    return facts


def _both(common: list[Recorded], fact: Payload, on: date, late: date, last: date,
          join: date | None = BEGINNING) -> tuple[Outcome, Outcome]:  # fmt: skip
    """The story folded with ``fact`` recorded on ``on``, then recorded on ``late``."""
    return (
        _run([*common, (on, fact)], last, join),
        _run([*common, (late, fact)], last, join),
    )


# ── S1: dues paid on time, recorded after the flag ───────────────────────────────────


def test_s1_a_payment_recorded_late_withdraws_the_flag_it_shows_false() -> None:
    """Expected (党章第九条: six months in a row without dues; catalog: flagged at the first
    tick after the sixth): m-1 pays nothing January–May, pays June on 06-20 and July–
    September on the 20th. On time: January–May are five; no dues flag, ever. June's
    payment recorded on 08-20 (补录): at the 07-01 tick January–June look silent, and a
    flag (since 01-01, to 06-30) is raised and told; recorded, the payment shows June was
    paid before that tick, so the flag is withdrawn (SituationFlagWithdrawn, the best
    equivalent of never raising it). Standing at the end in both orders: none. His dues
    statuses at the end are the same (June: paid in time, 06-20 being before 07-10)."""
    common = _monthly("m-1", range(7, 10))
    june = _paid("2018-06", date(2018, 6, 20))
    on_time, late = _both(common, june, date(2018, 6, 20), date(2018, 8, 20), date(2018, 10, 5))

    assert on_time.noted() == []
    assert late.noted() == [(DUES, date(2018, 1, 1), date(2018, 6, 30))]
    assert late.withdrawn() == late.noted()
    assert late.standing() == on_time.standing() == []
    assert late.statuses() == on_time.statuses()


def test_s2_a_payment_recorded_late_inside_a_long_run_moves_the_flag_after_it() -> None:
    """Expected (党章第九条; catalog: once per run): m-1 pays March only, on 03-20, and
    nothing else in 2018. On time: January–February are two, April–September six → one
    flag raised at the 10-01 tick, since 04-01 to 09-30; none for January–June. March's
    payment recorded on 11-20 (补录): at 07-01 a flag for January–June is raised (the
    record showed six silent months); recorded, the payment withdraws it (March was paid
    before 07-01) and April–September, six silent months that reached the rule's length
    with no flag standing for them, are flagged now (as flag_runs_again flags a run after a
    late exemption). Standing at the end in both orders: April–September only."""
    march = _paid("2018-03", date(2018, 3, 20))
    on_time, late = _both([], march, date(2018, 3, 20), date(2018, 11, 20), date(2018, 12, 5))

    run = (DUES, date(2018, 4, 1), date(2018, 9, 30))
    assert on_time.standing() == [run]
    assert late.standing() == on_time.standing()
    assert late.withdrawn() == [(DUES, date(2018, 1, 1), date(2018, 6, 30))]


def test_s3_a_back_payment_made_after_the_flag_leaves_it_standing() -> None:
    """Expected (党章第九条: 连续六个月不交纳党费; 2008 党费规定: back-pay): m-1 pays nothing
    January–June; on 07-15 he pays June's dues (a back payment, after the 07-01 tick), and
    July–September on the 20th. On time (recorded 07-15) and late (recorded 09-15) alike:
    the flag raised at 07-01 (since 01-01, to 06-30) stands.

    Decided: a payment made after the flag was raised does not withdraw it, whenever it is
    recorded. On the flag's day the six months were unpaid (the flag was true when raised);
    the payment may be the member's answer, which the branch weighs (the system flags,
    people decide). Only a payment made before the tick that raised the flag shows the flag
    false (S1)."""
    common = _monthly("m-1", range(7, 10))
    june = _paid("2018-06", date(2018, 7, 15))
    on_time, late = _both(common, june, date(2018, 7, 15), date(2018, 9, 15), date(2018, 10, 5))

    flag = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.standing() == late.standing() == [flag]
    assert late.withdrawn() == []


# ── S4: attendance recorded before the member's transfer in ──────────────────────────


def test_s4_attendance_recorded_before_the_transfer_in_is_not_lost() -> None:
    """Expected (党章第九条: 连续六个月不参加党的组织生活; catalog: attendance judged from the
    branch's first recorded attendance; the registry accepts a branch's attendance record
    of anyone): m-2 (on br-1's roll from 01-01) attends and pays monthly, so br-1 keeps
    attendance from January. m-1 is transferred in on 02-01 and attends on 02-12, 07-12
    and 08-12; his dues of February–August are paid on the 20th. On time (the transfer
    recorded 02-01, the dues on their days): March–June are four silent months; no flag.
    The transfer recorded on 07-25 (补录; his dues of February–July, which the registry takes
    only once he is on the roll, recorded that day too): February's and July's attendance,
    recorded before, were his on br-1's roll; no absent flag either (February–July are not
    six silent months). Neither order raises any flag about m-1.

    Decided: attendance recorded before the member's joining is recorded is not kept (he
    is on no roll of the log that day; a branch records visitors' attendance too, 双重
    组织生活, and keeping every visitor's would grow without bound). Instead the months
    before the month after the late record are unknown, not silent, for attendance: the
    late order judges m-1's attendance from August. A member who joins, is recorded late
    and never attends is flagged for his first six months counted from then, later than
    on time: a flag delayed, never one naming months the branch's record cannot show."""
    m2 = _monthly("m-2", range(1, 10), attends=True)
    seen = [_on_time(_attended(d), d) for d in (date(2018, 2, 12), date(2018, 7, 12),
                                                date(2018, 8, 12))]  # fmt: skip
    transfer = make(members.MemberTransferredIn, organization_id=BR, member_id="m-1",
                    member_name="张华", transferred_on=date(2018, 2, 1))  # fmt: skip
    dues = [_paid(f"2018-{m:02d}", date(2018, m, 20)) for m in range(2, 9)]
    last = date(2018, 9, 5)
    on_time = _run([*m2, *seen, (date(2018, 2, 1), transfer),
                    *((p.paid_on, p) for p in dues)], last, join=None)  # fmt: skip
    recorded = date(2018, 7, 25)
    late = _run([*m2, *seen, (recorded, transfer), *((recorded, p) for p in dues[:-1]),
                 (dues[-1].paid_on, dues[-1])], last, join=None)  # fmt: skip

    assert on_time.noted() == []
    assert late.noted() == []


# ── S5: a member away (外出流动党员), recorded late ───────────────────────────────────


def _away(since: date) -> members.MemberWentAway:
    return make(members.MemberWentAway, organization_id=BR, member_id="m-1", since=since,
                destination="深圳", place="mobile")  # fmt: skip


def test_s5_away_recorded_late_withdraws_the_absence_flag() -> None:
    """Expected (党章第九条 没有正当理由; 流动党员 take part in organizational life where they
    are, 2006 意见; member_runs.py: the branch's attendance cannot show the months away): m-2
    attends and pays monthly (br-1 keeps attendance from January); m-1 attends on 01-12,
    pays every month, and is away (mobile) from 02-01. On time (recorded 02-01): no flag.
    Recorded on 09-15 (补录): at the 08-01 tick February–July look like six months without
    organizational life and a flag (since 02-01, to 07-31) is raised; recorded, the absence
    shows those months were away: withdrawn. Standing at the end in both orders: none."""
    common = [
        *_monthly("m-2", range(1, 11), attends=True),
        *_monthly("m-1", range(1, 11)),
        _on_time(_attended(date(2018, 1, 12)), date(2018, 1, 12)),
    ]
    away = _away(date(2018, 2, 1))
    on_time, late = _both(common, away, date(2018, 2, 1), date(2018, 9, 15), date(2018, 10, 5))

    assert on_time.noted() == []
    assert late.noted() == [(ABSENT, date(2018, 2, 1), date(2018, 7, 31))]
    assert late.withdrawn() == late.noted()
    assert late.standing() == on_time.standing() == []


def test_s5b_a_return_recorded_late_flags_the_run_after_it() -> None:
    """Expected (same sources; catalog: attendance counted again from the month after the
    return): as S5 with the absence recorded on 02-01, m-1 back on 04-15 and never
    attending again. On time (return recorded 04-15): May–October are six → one absent
    flag raised at 11-01, since 05-01 to 10-31. The return recorded on 12-10 (补录): the
    months May–November were judged as away; recorded, the return shows May–October six
    silent months with no flag standing for them: flagged now. Standing at the end in both
    orders: May–October."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *_monthly("m-1", range(1, 13)),
        _on_time(_attended(date(2018, 1, 12)), date(2018, 1, 12)),
        _on_time(_away(date(2018, 2, 1)), date(2018, 2, 1)),
    ]
    back = make(members.MemberReturned, organization_id=BR, member_id="m-1",
                returned_on=date(2018, 4, 15))  # fmt: skip
    on_time, late = _both(common, back, date(2018, 4, 15), date(2018, 12, 10), date(2018, 12, 20))

    assert on_time.standing() == [(ABSENT, date(2018, 5, 1), date(2018, 10, 31))]
    assert late.standing() == on_time.standing()


# ── S6: a suspension recorded late (pinned: withdrawn by accountability) ──────────────


def test_s6_a_suspension_recorded_late_withdraws_the_dues_flag() -> None:
    """Expected (停止党籍: off the roll from that day; 党章第九条 is about a member on it):
    m-1 pays nothing; suspended on 06-15. On time (recorded 06-15): off the roll before
    the 07-01 tick, no flag. Recorded on 08-15 (补录): flag raised at 07-01 (since 01-01,
    to 06-30), withdrawn on 08-15. Standing: none in both. His dues statuses at the end
    are the same (January–May overdue, June waived: it fell due after he left).

    Decided: July and August, opened by the ticks while the log still had him on the roll,
    are waived by the late record (党员已停止党籍); on time they are never opened. Both say
    he owes them nothing: a waiver is the equivalent of a period never owed."""
    suspended = _suspended(date(2018, 6, 15))
    on_time, late = _both([], suspended, date(2018, 6, 15), date(2018, 8, 15), date(2018, 9, 5))

    assert on_time.noted() == []
    assert late.withdrawn() == late.noted() == [(DUES, date(2018, 1, 1), date(2018, 6, 30))]
    assert late.standing() == on_time.standing() == []
    owed = {k: v for k, v in late.statuses().items() if k[1] < "2018-07"}
    assert owed == on_time.statuses()
    assert {k: v for k, v in late.statuses().items() if k not in owed} == {
        ("member.dues.monthly", "2018-07"): "waived",
        ("member.dues.monthly", "2018-08"): "waived",
    }


def test_s6b_attendance_recorded_after_the_suspension_withdraws_the_flag() -> None:
    """Expected (党章第九条: six months in a row without 组织生活, judged from the branch's
    first recorded attendance; 停止党籍: off the roll from that day, which does not undo
    what he did while on it): m-2 attends on the 12th of every month, so br-1 keeps
    attendance; m-1 pays his dues every month but attends on 01-12 and 07-12 only, and
    is suspended on 09-01 (recorded
    that day). On time: February–June are five months; no flag, ever. July's attendance
    recorded on 09-20 (补录), after the suspension: at the 08-01 tick February–July look
    silent and a flag (since 02-01, to 07-31) is raised and told; recorded, the attendance
    shows July was attended, so the flag is withdrawn, although m-1 is no longer on the
    roll (a false flag must not stand because the record came after he left it).
    Standing at the end in both orders: none."""
    suspended = _suspended(date(2018, 9, 1), "失去联系满六个月", "lost_contact")
    common = [
        *_monthly("m-1", range(1, 9)),
        *(_on_time(_attended(date(2018, m, 12), "m-2"), date(2018, m, 12)) for m in range(1, 10)),
        _on_time(_attended(date(2018, 1, 12)), date(2018, 1, 12)),
        _on_time(suspended, date(2018, 9, 1)),
    ]
    july = _attended(date(2018, 7, 12))
    on_time, late = _both(common, july, date(2018, 7, 12), date(2018, 9, 20), date(2018, 10, 5))

    assert on_time.noted() == []
    assert late.noted() == [(ABSENT, date(2018, 2, 1), date(2018, 7, 31))]
    assert late.withdrawn() == late.noted()
    assert late.standing() == on_time.standing() == []


# ── S7, S8: 失联 (条例 第二十四条) ──────────────────────────────────────────────────────


def _lost_since_january() -> Recorded:
    lost = make(members.MemberLostContact, organization_id=BR, member_id="m-1",
                since=date(2018, 1, 1))  # fmt: skip
    return (date(2018, 1, 5), lost)


def test_s7_contact_restored_recorded_late_withdraws_the_lost_contact_flag() -> None:
    """Expected (条例 第二十四条: 失去联系6个月以上 → the branch may suspend; catalog: the
    watch runs 183 days from ``since`` and MemberContactRestored clears it): m-1 pays every
    month; contact lost since 01-01 (recorded 01-05), restored on 06-01. On time (recorded
    06-01): the watch is cleared before its day (07-03); no flag. Recorded on 08-01 (补录):
    the 07-03 tick raises may_suspend_membership (since 01-01, to 07-03); recorded, the
    restoration shows he was in contact before that day: withdrawn. Standing: none."""
    common = [*_monthly("m-1", range(1, 10)), _lost_since_january()]
    restored = make(members.MemberContactRestored, organization_id=BR, member_id="m-1",
                    restored_on=date(2018, 6, 1))  # fmt: skip
    on_time, late = _both(common, restored, date(2018, 6, 1), date(2018, 8, 1), date(2018, 9, 5))

    assert on_time.noted() == []
    assert late.noted() == [(LOST, date(2018, 1, 1), date(2018, 7, 3))]
    assert late.withdrawn() == late.noted()
    assert late.standing() == on_time.standing() == []


def test_s7b_a_loss_of_contact_recorded_after_its_end_raises_no_flag() -> None:
    """Expected (条例 第二十四条; catalog: MemberContactRestored clears the watch): m-1 pays
    every month; contact lost since 01-01, restored on 05-01 (recorded that day). On time
    (the loss recorded 01-05): the watch is cleared on 05-01, before its day (07-03); no
    flag. The loss recorded only on 06-20 (补录), after the restoration: the restoration
    already on record ends it before its six months are over, so no watch runs and no
    flag is raised, as in the order of the days (a restoration recorded first must not be
    lost: a false 失联 flag would tell the branch it may suspend a member in contact).
    Standing: none in both."""
    restored = make(members.MemberContactRestored, organization_id=BR, member_id="m-1",
                    restored_on=date(2018, 5, 1))  # fmt: skip
    common = [*_monthly("m-1", range(1, 10)), (date(2018, 5, 1), restored)]
    day, lost = _lost_since_january()
    on_time, late = _both(common, lost, day, date(2018, 6, 20), date(2018, 9, 5))

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []


def test_s8_lost_contact_recorded_late_flags_the_same_situation_once_recorded() -> None:
    """Expected (条例 第二十四条; watches.py: the clock runs from the fact's own ``since``):
    m-1 pays every month; contact lost since 01-01. On time (recorded 01-05): flagged at
    the 07-03 tick (since 01-01, to 07-03). Recorded on 08-01 (补录): the six months are
    already over, so the first tick after the record (08-02) raises the very same flag.

    Decided: the late order raises it on a later day (it cannot be raised before the
    branch records the fact), with the same situation, months and due day: the same flag
    stands in both orders."""
    common = _monthly("m-1", range(1, 10))
    day, lost = _lost_since_january()
    on_time, late = _both(common, lost, day, date(2018, 8, 1), date(2018, 9, 5))

    flag = (LOST, date(2018, 1, 1), date(2018, 7, 3))
    assert on_time.standing() == late.standing() == [flag]
    [raised] = [f for f in queries.list_flags(late.ledger, unit=BR) if f.member_id == "m-1"]
    assert raised.flagged_on == date(2018, 8, 2)


def test_s3b_a_back_payment_for_an_early_month_raises_no_second_flag() -> None:
    """Expected (党章第九条: 连续六个月不交纳党费; found by the session's review): m-1 pays
    nothing January–August; the flag raised at 07-01 (since 01-01, to 06-30) stands. On
    09-10 he pays February's dues (补交), recorded that day. The payment was made after
    February was judged without dues (at the 03-01 tick) and after the flag: on the
    flag's day the months were unpaid, so the flag stands (as S3), and the run it named
    is not cut in two: March–August make no second flag, which recorded on time the
    same payment would never have made (the run was flagged once, at 07-01). Standing at
    the end: the one flag."""
    back_pay = _paid("2018-02", date(2018, 9, 10))
    outcome = _run([(date(2018, 9, 10), back_pay)], date(2018, 10, 5))

    flag = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert outcome.noted() == [flag]
    assert outcome.withdrawn() == []
    assert outcome.standing() == [flag]


def test_s3c_a_back_payment_before_the_flag_recorded_after_it_flags_the_run_after() -> None:
    """Expected (党章第九条: 连续六个月不交纳党费; S1 and S3; found by the member property with
    facts up to 180 days late, seeds 56, 111, 136, 159, 160): m-1 pays January on 01-20,
    nothing for February, March's dues on 05-15 (补交: March was judged without dues at
    the 04-01 tick) and nothing after. On time (recorded 05-15): February is one month
    without dues, then April-September six: flagged at the 10-01 tick (since 04-01, to
    09-30). March's payment recorded on 10-31 (补录): at the 08-01 tick February-July look
    unpaid and a flag (since 02-01, to 07-31) is raised and told; the record shows March
    was paid on 05-15, before that flag was raised, so it is withdrawn (S1), and the
    months after the payment, April-September, are six without dues: flagged then.
    Standing at the end in both orders: April-September. Before: the payment, made after
    March was judged, was taken as a back payment answering the flag (S3), and the run
    after it was never flagged."""
    common = _monthly("m-1", [1])
    march = _paid("2018-03", date(2018, 5, 15))
    on_time, late = _both(common, march, date(2018, 5, 15), date(2018, 10, 31), date(2018, 11, 5))

    run = (DUES, date(2018, 4, 1), date(2018, 9, 30))
    assert on_time.noted() == on_time.standing() == [run]
    assert late.withdrawn() == [(DUES, date(2018, 2, 1), date(2018, 7, 31))]
    assert late.noted() == [*late.withdrawn(), run]
    assert late.standing() == [run]


def test_s3d_a_back_payment_recorded_late_flags_the_run_after_it_as_on_time() -> None:
    """Expected (党章第九条: 连续六个月不交纳党费; S3 and S3c; found by the member property
    with facts up to 180 days late, seed 705): m-1 pays January-March 2018 on the 20th,
    then nothing but December's dues, paid on 2019-02-14 (补交: December was judged without
    dues at the 2019-01-01 tick). On time (recorded 2019-02-14): April-September are six
    months without dues, flagged at the 10-01 tick (since 04-01, to 09-30); the run goes
    on through November; December is paid after it was judged, which leaves that flag
    standing (S3); January-June 2019 are six more, flagged at the 2019-07-01 tick.
    December's payment recorded on 2019-08-09 (补录): at 07-01 the log sees one run from
    April 2018, flagged already; once recorded, the payment shows January-June 2019 a
    run of its own that reached six after the payment was made: the 07-01 tick would
    have flagged it, so it is flagged now. Standing at the end in both orders: the two
    flags. Before: the payment, made after December was judged, was taken as the answer
    to the flag, and the run after it never flagged."""
    common = _monthly("m-1", range(1, 4))
    december = _paid("2018-12", date(2019, 2, 14))
    on_time, late = _both(common, december, date(2019, 2, 14), date(2019, 8, 9), date(2019, 8, 20))

    first = (DUES, date(2018, 4, 1), date(2018, 9, 30))
    second = (DUES, date(2019, 1, 1), date(2019, 6, 30))
    assert on_time.noted() == late.noted() == [first, second]
    assert late.withdrawn() == []
    assert late.standing() == on_time.standing() == [first, second]


@pytest.mark.parametrize(
    ("month", "paid_on", "recorded"),
    [
        ("2018-06", date(2018, 6, 20), date(2018, 8, 12)),
        ("2018-04", date(2018, 6, 15), date(2018, 8, 11)),
    ],
    ids=["june-paid-in-time", "april-back-paid-before-the-flag"],
)
def test_s1b_a_payment_before_the_flag_recorded_after_a_back_payment_withdraws_it(
    month: str, paid_on: date, recorded: date
) -> None:
    """Expected (党章第九条; S1 and S3 together; found by the member recording-order
    property): m-1 pays nothing January–June on time, but one month's
    dues paid before the 07-01 tick: June's on 06-20, or April's on 06-15 (补交: April was
    judged without dues at the 05-01 tick, but paid before the flag's); May's on 07-15
    (补交, after the 07-01 tick); July–September on the 20th. On time: at 07-01 no six
    months in a row are without dues: no flag, ever. That payment recorded on 08-12 or
    08-11 (补录): at 07-01 January–June look unpaid and a flag (since 01-01, to 06-30) is
    raised and told; May's back payment leaves it standing (S3); the payment, once
    recorded, shows its month paid before the flag was raised, so the flag is withdrawn
    (S1). Standing at the end in both orders: none. Before: the duties service judged the
    month again against the months as May's back payment left them (May paid, so no run
    reached six) and did not hand the payment on; the flag stood, naming a member who had
    paid."""
    common = [
        *_monthly("m-1", range(7, 10)),
        (date(2018, 7, 15), _paid("2018-05", date(2018, 7, 15))),
    ]
    payment = _paid(month, paid_on)
    on_time, late = _both(common, payment, paid_on, recorded, date(2018, 10, 5))

    flag = (DUES, date(2018, 1, 1), date(2018, 6, 30))
    assert on_time.noted() == []
    assert late.noted() == [flag]
    assert late.withdrawn() == [flag]
    assert late.standing() == on_time.standing() == []


def _flags(said: list[Said], situation: str) -> list[Said]:
    """The flags of ``said`` about ``situation`` (外出未转接: :data:`AWAY`)."""
    return [s for s in said if s[0] == situation]


def test_s5e_away_recorded_after_the_return_withdraws_the_absence_flag() -> None:
    """Expected (党章第九条 judged on the branch's own record; 《关于加强和改进流动党员管理工作的
    意见》2006: 流动党员 take part in organizational life where they are; a month he was
    away in, even in part, is not the branch's to show; found by the member property with
    facts up to 365 days late, seed 216): m-2 attends every month, so br-1 keeps
    attendance; m-1 pays every month, attends on 01-12 and 12-12 only, goes away on 06-24
    and comes back on 11-07 (recorded that day). On time (absence recorded 06-24):
    February-May are four months; June on he is away, and after his return the branch's
    record of him counts from December, which he attended: no flag, ever. Absence recorded
    on 12-05 (补录, after the return): at the 08-01 tick February-July look silent and a
    flag (since 02-01, to 07-31) is raised and told; the return, recorded after the flag,
    leaves it standing; the absence, once recorded, shows June and July months he was
    away in: withdrawn. Standing at the end in both orders: none. Before: the return
    already on record made the duties service see no flag on those months, so it did
    not hand the absence on, and the flag stood."""
    back = make(members.MemberReturned, organization_id=BR, member_id="m-1",
                returned_on=date(2018, 11, 7))  # fmt: skip
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *_monthly("m-1", range(1, 13)),
        *(_on_time(_attended(date(2018, m, 12)), date(2018, m, 12)) for m in (1, 12)),
        _on_time(back, date(2018, 11, 7)),
    ]
    away = _away(date(2018, 6, 24))
    on_time, late = _both(common, away, date(2018, 6, 24), date(2018, 12, 5), date(2019, 1, 5))

    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [(ABSENT, date(2018, 2, 1), date(2018, 7, 31))]
    assert late.standing() == on_time.standing() == []


def test_s5c_a_return_before_the_transfer_deadline_recorded_late_withdraws_the_flag() -> None:
    """Expected (《关于加强和改进流动党员管理工作的意见》2006, 条例 第二十五条: a member away six
    months at a relatively fixed place transfers membership; catalog
    ``member.away.transfer``: 183 days from ``since``, grace 30, ``waived_by``
    MemberReturned, ``overdue_flags: away_not_transferred``; found by the member
    recording-order property): m-1 goes away to a fixed place on 2018-07-24
    (recorded that day): he owes the transfer by 2019-02-22. He comes back on 02-16. On time
    (recorded 02-16): the return waives the duty before its deadline; no flag. Recorded on
    04-13 (补录): on 02-23 the duty is found overdue and m-1 flagged 外出未转接 (since
    07-24, to 02-22); the return, once recorded, shows he came back before the deadline: the
    duty is waived (免除, by the return's own day) and the flag withdrawn. Standing at the
    end in both orders: none. Before: an overdue instance stayed overdue whatever the day
    of the return, and the flag stood against a member who had come back."""
    away = make(members.MemberWentAway, organization_id=BR, member_id="m-1",
                since=date(2018, 7, 24), destination="深圳", place="fixed")  # fmt: skip
    back = make(members.MemberReturned, organization_id=BR, member_id="m-1",
                returned_on=date(2019, 2, 16))  # fmt: skip
    common = [_on_time(away, date(2018, 7, 24))]
    on_time, late = _both(common, back, date(2019, 2, 16), date(2019, 4, 13), date(2019, 5, 5))

    flag = (AWAY, date(2018, 7, 24), date(2019, 2, 22))
    assert _flags(on_time.noted(), AWAY) == []
    assert _flags(late.noted(), AWAY) == [flag]
    assert _flags(late.withdrawn(), AWAY) == [flag]
    assert _flags(late.standing(), AWAY) == _flags(on_time.standing(), AWAY) == []


def test_s5d_a_return_recorded_before_the_absence_waives_the_transfer_it_opens() -> None:
    """Expected (same sources as S5c; found by the member recording-order property): m-1
    goes away to a fixed place on 2018-06-24 and comes back on 07-21; the return is
    recorded on its day, the absence on 07-22 (补录, after the return). On time (absence
    recorded 06-24): the transfer owed by 2019-01-23 (183 days, grace 30) is waived by the
    return on 07-21; no flag. Recorded late: the absence opens the duty on 07-22, and the
    return already recorded (dated within its span) waives it at once. Standing at the end
    in both orders: no 外出未转接 flag, none ever raised. Before: nothing waived the duty
    the late absence opened: overdue on 2019-01-24 and m-1 flagged 外出未转接, back for
    six months."""
    back = make(members.MemberReturned, organization_id=BR, member_id="m-1",
                returned_on=date(2018, 7, 21))  # fmt: skip
    away = make(members.MemberWentAway, organization_id=BR, member_id="m-1",
                since=date(2018, 6, 24), destination="深圳", place="fixed")  # fmt: skip
    common = [_on_time(back, date(2018, 7, 21))]
    on_time, late = _both(common, away, date(2018, 6, 24), date(2018, 7, 22), date(2019, 3, 5))

    assert _flags(on_time.noted(), AWAY) == _flags(late.noted(), AWAY) == []
    assert _flags(late.standing(), AWAY) == _flags(on_time.standing(), AWAY) == []


# ── S9: 停止党籍 and 恢复党籍 ──────────────────────────────────────────────────────────


def _restored(on: date) -> members.MembershipRestored:
    return make(members.MembershipRestored, organization_id=BR, member_id="m-1", restored_on=on)


def test_s9_dues_paid_before_a_restoration_is_recorded_count_once_it_is() -> None:
    """Expected (停止党籍: off the roll from that day; 恢复党籍: on it again from the day of
    the decision; 党章第九条: six months in a row without dues; found by the member
    property with facts up to 180 days late, seed 184): m-1 pays January-March on the
    20th, is suspended on 04-10 (recorded that day) and restored on 05-15; he pays June's
    dues on 06-20 (recorded that day) and nothing after. On time (restoration recorded
    05-15): on the roll from 05-15, June paid, July-December silent: flagged at the
    2019-01-01 tick (since 07-01, to 12-31), that flag alone. Restoration recorded on
    07-16 (补录): June's payment came while the log had him off the roll; once the
    restoration is recorded it counts all the same (he paid June), so the same flag,
    and none before. Before: the payment was dropped, June looked silent, and the 12-01
    tick flagged June-November (since 06-01, to 11-30), naming a month he had paid."""
    common = [
        *_monthly("m-1", range(1, 4)),
        _on_time(_suspended(date(2018, 4, 10)), date(2018, 4, 10)),
        _on_time(_paid("2018-06", date(2018, 6, 20)), date(2018, 6, 20)),
    ]
    on_time, late = _both(common, _restored(date(2018, 5, 15)), date(2018, 5, 15),
                          date(2018, 7, 16), date(2019, 1, 5))  # fmt: skip

    flag = (DUES, date(2018, 7, 1), date(2018, 12, 31))
    assert on_time.noted() == late.noted() == [flag]
    assert late.standing() == on_time.standing() == [flag]


def _restored_in_may() -> list[Recorded]:
    """S9b's story but the suspension: m-1 pays January-March on the 20th, is restored on
    05-15 and pays June's dues on 06-20, each recorded that day."""
    return [
        *_monthly("m-1", range(1, 4)),
        _on_time(_restored(date(2018, 5, 15)), date(2018, 5, 15)),
        _on_time(_paid("2018-06", date(2018, 6, 20)), date(2018, 6, 20)),
    ]


def test_s9b_a_suspension_recorded_after_its_restoration_ends_there() -> None:
    """Expected (停止党籍: off the roll from that day; 恢复党籍: on it again from the day of
    the decision, his months counted from it; 党章第九条: six months in a row without dues;
    found by the member property with facts up to 180 days late, seed 2): m-1 pays
    January-March on the 20th, is suspended on 04-10 and restored on 05-15 (recorded
    that day); he pays June's dues on 06-20 and nothing after. On time (suspension
    recorded 04-10): April's dues period, open, is waived on 04-10 (党员已停止党籍); May's
    is never opened (its 05-01 tick found him off the roll); June is paid; July-December
    are six months without dues: flagged at the 2019-01-01 tick (since 07-01, to 12-31).
    Suspension recorded on 07-20 (补录, after the restoration): it ended on 05-15, so he
    is on the roll from then on, as on time: the same flag; April's and May's periods,
    opened before the restoration and overdue by then, are waived (he owed the branch
    nothing while suspended); June's is fulfilled and those from July are his, as on
    time (the live periods at the end are the same). Before: the late suspension took him
    off the roll for good, and no flag was ever raised."""
    common = _restored_in_may()
    suspended = _suspended(date(2018, 4, 10))
    on_time, late = _both(common, suspended, date(2018, 4, 10), date(2018, 7, 20), date(2019, 1, 5))

    flag = (DUES, date(2018, 7, 1), date(2018, 12, 31))
    assert on_time.noted() == late.noted() == [flag]
    assert late.standing() == on_time.standing() == [flag]
    assert late.statuses() == on_time.statuses()
    on_time, late = _both(
        common, suspended, date(2018, 4, 10), date(2018, 7, 20), date(2018, 7, 25)
    )
    assert {k: v for k, v in on_time.statuses().items() if k[1] < "2018-07"} == {
        ("member.dues.monthly", "2018-04"): "waived",
        ("member.dues.monthly", "2018-06"): "fulfilled",
    }
    assert {k: v for k, v in late.statuses().items() if k[1] < "2018-07"} == {
        ("member.dues.monthly", "2018-04"): "waived",
        ("member.dues.monthly", "2018-05"): "waived",
        ("member.dues.monthly", "2018-06"): "fulfilled",
    }


def test_s9c_attendance_after_a_restoration_recorded_late_is_known() -> None:
    """Expected (恢复党籍; 党章第九条: six months in a row without 组织生活, judged on the
    branch's own record; found by the member property with facts up to 180 days late,
    seed 279): m-2 attends on the 12th of every month of 2018, so br-1 keeps attendance;
    m-1 pays his dues every month, attends January-March, is suspended on 04-10
    (recorded that day), restored on 05-15, attends on 06-12 (recorded that day) and
    never after. On time (restoration recorded 05-15): June attended, July-December six
    months without: flagged at the 2019-01-01 tick (since 07-01, to 12-31), and no
    other flag. Restoration recorded on 07-16 (补录): the branch's record of him was kept
    while the log had him suspended (June's attendance among it), so his months from the
    restoration are known, not lost as those of a member whose joining is recorded late
    (转入 补录): the same flag. Before: his months were counted from August, the month
    after the record, and the 2019-02-01 tick flagged August-January."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *_monthly("m-1", range(1, 13)),
        *(_on_time(_attended(date(2018, m, 12)), date(2018, m, 12)) for m in (1, 2, 3, 6)),
        _on_time(_suspended(date(2018, 4, 10)), date(2018, 4, 10)),
    ]
    restored = _restored(date(2018, 5, 15))
    on_time, late = _both(common, restored, date(2018, 5, 15), date(2018, 7, 16), date(2019, 2, 5))

    flag = (ABSENT, date(2018, 7, 1), date(2018, 12, 31))
    assert on_time.noted() == late.noted() == [flag]
    assert late.standing() == on_time.standing() == [flag]


def test_s9d_attendance_before_a_late_suspension_is_kept_for_the_restoration() -> None:
    """Expected (as S9c; found by the member property with facts up to 180 days late, seed
    397): the same story, but the suspension recorded on 07-01 and the restoration on
    07-16, both late (补录). June's attendance was recorded while the log still had him on
    the roll; the suspension, once recorded, does not lose it: the restoration counts
    it, as it counts those recorded while the log had him suspended. The same flag as
    on time (since 07-01, to 12-31), and no other."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *_monthly("m-1", range(1, 13)),
        *(_on_time(_attended(date(2018, m, 12)), date(2018, m, 12)) for m in (1, 2, 3, 6)),
    ]
    suspended, restored = _suspended(date(2018, 4, 10)), _restored(date(2018, 5, 15))
    late = _run([*common, (date(2018, 7, 1), suspended), (date(2018, 7, 16), restored)],
                date(2019, 2, 5))  # fmt: skip

    flag = (ABSENT, date(2018, 7, 1), date(2018, 12, 31))
    assert late.noted() == [flag]
    assert late.standing() == [flag]


def test_s9e_an_absence_recorded_while_suspended_owes_nothing_after_the_suspension() -> None:
    """Expected (停止党籍: the member owes the branch nothing falling due from that day;
    《关于加强和改进流动党员管理工作的意见》2006: 外出6个月以上且地点相对固定的党员应当转移组织关系;
    catalog ``member.away.transfer``: 183 days from ``since``, grace 30; found by the
    member property with facts up to 180 days late, seed 564): m-1 pays every month; he
    goes away to a fixed place on 03-01 (the transfer owed by 09-30), is suspended on
    06-15 and restored on 07-20, both recorded on their days. On time (absence recorded
    03-01): the suspension waives the transfer (it falls due after he left the roll); no
    外出未转接 flag, ever. Absence recorded on 07-01 (补录), while the log has him
    suspended: the transfer it opens falls due after the suspension, so it is waived as
    it opens, as the suspension would have waived it. No such flag in either order.
    Before: the transfer opened for a member off the roll, fell overdue on 10-01 and
    flagged him 外出未转接, though he owed the branch nothing then."""
    away = _fixed_away(date(2018, 3, 1))
    common = _suspended_then_restored(range(1, 12), date(2018, 6, 15), date(2018, 7, 20))
    on_time, late = _both(common, away, date(2018, 3, 1), date(2018, 7, 1), date(2018, 11, 5))

    assert _flags(on_time.noted(), AWAY) == _flags(late.noted(), AWAY) == []
    for outcome in (on_time, late):
        transfer = [v for (duty, _), v in outcome.statuses().items() if duty == AWAY_TRANSFER]
        assert transfer == ["waived"]


def test_s9f_a_suspension_recorded_late_leaves_a_flag_after_its_restoration() -> None:
    """Expected (as S9b; 停止党籍 ends on 恢复党籍: a flag of months after the restoration is
    about a member on the roll): the story of S9b, with the suspension recorded on
    2019-01-20 (补录), after the 2019-01-01 tick. On time: flagged at 2019-01-01 (since
    07-01, to 12-31), and it stands. Late: the same flag is raised at 2019-01-01; the
    suspension, once recorded, ended on 05-15, before the flag's months: the flag was
    true when raised and stands. Nothing is withdrawn. Before: accountability withdrew
    every flag raised after the day of the suspension, this true one too."""
    common = _restored_in_may()
    suspended = _suspended(date(2018, 4, 10))
    on_time, late = _both(common, suspended, date(2018, 4, 10), date(2019, 1, 20), date(2019, 2, 5))

    flag = (DUES, date(2018, 7, 1), date(2018, 12, 31))
    assert on_time.noted() == late.noted() == [flag]
    assert late.withdrawn() == []
    assert late.standing() == on_time.standing() == [flag]


def test_s9g_a_late_suspension_withdraws_a_flag_of_the_restoration_month() -> None:
    """Expected (as S9b and S9f; his months count from the first month that begins on or
    after the restoration: 05-15, so June; found by the member property with facts up to
    365 days late, seed 590): m-1 pays January-April on the 20th and nothing after; he is
    suspended on 04-10 and restored on 05-15 (recorded that day). On time (suspension
    recorded 04-10): June-November are six months without dues: flagged at the 12-01
    tick (since 06-01, to 11-30). Suspension recorded on 12-20 (补录): the log had him on
    the roll all along, and the 11-01 tick flagged May-October; the suspension, once
    recorded, shows May was not his to count (restored mid-May): that flag is withdrawn,
    and June-November, judged again from the restoration, are flagged then. Standing at
    the end in both orders: June-November. Before: a flag beginning in the month of the
    restoration was taken for one about his months after it, and stood."""
    common = [
        *_monthly("m-1", range(1, 5)),
        _on_time(_restored(date(2018, 5, 15)), date(2018, 5, 15)),
    ]
    suspended = _suspended(date(2018, 4, 10))
    on_time, late = _both(
        common, suspended, date(2018, 4, 10), date(2018, 12, 20), date(2019, 1, 5)
    )

    run = (DUES, date(2018, 6, 1), date(2018, 11, 30))
    assert on_time.noted() == on_time.standing() == [run]
    assert late.withdrawn() == [(DUES, date(2018, 5, 1), date(2018, 10, 31))]
    assert late.noted() == [*late.withdrawn(), run]
    assert late.standing() == [run]


def test_s9h_a_transfer_out_recorded_while_suspended_ends_the_late_restoration() -> None:
    """Expected (停止党籍: off the roll from that day; 恢复党籍: on it again from the day of
    the decision; 组织关系转出: the member owes the branch nothing from the day he left;
    党章第九条: six months in a row without dues or 组织生活; found by the member property
    with facts up to 180 days late, seeds 1362 and 1398): m-1 pays and attends every
    month January–September, is suspended on 10-04 (recorded that day), restored on
    11-03 and transferred out on 12-11 (recorded that day); nothing of his after that.
    On time: on the roll November to 12-11, then gone; no flag, ever. Restoration
    recorded on 2019-03-18 (补录): the transfer was recorded while the log had him
    suspended; once the restoration is recorded he was on the roll from 11-03 until
    12-11, as on time, and off it since: no flag either. Before: the transfer of a
    suspended member was dropped, the late restoration put him back on the roll for
    good, and at 2019-06-01 both flags (December–May) named a member the branch had
    transferred out half a year before."""
    common = [
        *_monthly("m-1", range(1, 10), attends=True),
        _on_time(_suspended(date(2018, 10, 4)), date(2018, 10, 4)),
        _on_time(_transferred_out_in_december(), date(2018, 12, 11)),
    ]
    restored = _restored(date(2018, 11, 3))
    on_time, late = _both(common, restored, date(2018, 11, 3), date(2019, 3, 18), date(2019, 7, 5))

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []
    assert late.statuses() == on_time.statuses()


def test_s9i_a_loss_of_contact_recorded_after_the_restoration_raises_no_flag() -> None:
    """Expected (条例 第二十四条: 失去联系6个月以上 → the branch may suspend; catalog: the
    watch runs 183 days from ``since``, MembershipSuspended clears it; 停止党籍: off the
    roll from that day; 恢复党籍: on it again from the day of the decision; found by the
    member property with facts up to 365 days late, seed 1012): m-1 pays and attends
    January–July; contact lost since 07-27; suspended on 09-27 (失联) and restored on 11-10
    (both recorded that day); he pays and attends November and December. On time (the loss
    recorded 07-30): the watch runs from 07-27 until the suspension clears it on 09-27,
    before its day (2019-01-26); the restoration opens no watch: no flag. The loss recorded
    on 2019-02-16 (补录), after the restoration: he left the roll on 09-27, within the
    watch's days, so it had ended by then, as in the order of the days: no flag either.
    Before: the late loss started the watch on the restored member from 07-27, and the
    next tick told the branch it may suspend a member it had already suspended and
    restored."""
    lost = make(members.MemberLostContact, organization_id=BR, member_id="m-1",
                since=date(2018, 7, 27))  # fmt: skip
    common = [
        *_monthly("m-1", [*range(1, 8), 11, 12], attends=True),
        _on_time(_suspended(date(2018, 9, 27), "失联", "lost_contact"), date(2018, 9, 27)),
        _on_time(_restored(date(2018, 11, 10)), date(2018, 11, 10)),
    ]
    on_time, late = _both(common, lost, date(2018, 7, 30), date(2019, 2, 16), date(2019, 3, 5))

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []


def test_s9j_a_loss_of_contact_recorded_before_its_suspension_after_the_restoration() -> None:
    """Expected (as S9i): the story of S9i, the loss recorded on 2019-02-16 and the
    suspension only on 2019-03-01 (补录), each after the restoration (recorded 11-10): the
    log has the member on the roll throughout when the loss is recorded, but restored on
    11-10, within the watch's days, so suspended between its since and then (a member is
    restored only once suspended, and the registry takes no 失联 of a member off the roll):
    the watch had ended, as in the order of the days. No flag in either order."""
    lost = make(members.MemberLostContact, organization_id=BR, member_id="m-1",
                since=date(2018, 7, 27))  # fmt: skip
    suspended = _suspended(date(2018, 9, 27), "失联", "lost_contact")
    common = [
        *_monthly("m-1", [*range(1, 8), 11, 12], attends=True),
        _on_time(_restored(date(2018, 11, 10)), date(2018, 11, 10)),
        (date(2019, 2, 16), lost),
    ]
    on_time = _run([*common[:-1], (date(2018, 7, 30), lost), (date(2018, 9, 27), suspended)],
                   date(2019, 3, 5))  # fmt: skip
    late = _run([*common, (date(2019, 3, 1), suspended)], date(2019, 3, 5))

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []


def test_s9k_a_restoration_recorded_after_the_transfer_out_that_followed_it() -> None:
    """Expected (as S9h; found by the member property with facts up to 180 days late, seed
    5356): S9h's story, the transfer out recorded on its day (12-11), the suspension (10-04)
    and the restoration (11-03) both only after it, on 2019-03-18 and 2019-04-01 (补录).
    On time: on the roll November to 12-11, then gone; no flag, ever. Late: the transfer
    takes him off the roll on 12-11 (the log has him on it until then); the suspension,
    of a member already gone, changes nothing on the roll; the restoration, dated before
    the transfer, does not bring back a member who has since left: no flag either.
    Before: the late restoration put him back on the roll for good, and at 2019-06-01 both
    flags (December–May) named a member transferred out half a year before."""
    suspended, restored = _suspended(date(2018, 10, 4)), _restored(date(2018, 11, 3))
    on_time = _run([*_paid_then_transferred_out(), (date(2018, 10, 4), suspended),
                    (date(2018, 11, 3), restored)], date(2019, 7, 5))  # fmt: skip
    late = _run(_s9k_late(), date(2019, 7, 5))

    assert on_time.noted() == late.noted() == []
    assert late.standing() == on_time.standing() == []


def test_s9k_the_transfer_out_is_kept_across_a_restore() -> None:
    """S9k's late order, the duties state stored and restored between the transfer and the
    late restoration (a restart): the day he left is in its own document (``left:``), so
    the outputs are those of the uninterrupted fold, and he is not on the roll at the end."""
    history = a_branch()
    history.member("m-2", BEGINNING, org=BR)
    history.member("m-1", BEGINNING, org=BR)
    events = on_their_days(history, BEGINNING, _s9k_late(), date(2019, 7, 5)).events
    _, uninterrupted = fold(events)
    half = next(n for n, (env, _) in enumerate(events) if env.time.date() == date(2019, 1, 1))
    state, outputs = fold(events[:half])
    assert "m-1" in state.units[BR].transferred_out
    state, rest = fold(events[half:], state=restore(json.loads(json.dumps(entries(state)))))
    assert [o.model_dump_json() for o in outputs + rest] == [
        o.model_dump_json() for o in uninterrupted
    ]
    assert "m-1" not in state.units[BR].members


def _paid_then_transferred_out() -> list[Recorded]:
    """S9k's story but the suspension and the restoration: m-1 pays and attends
    January–September and is transferred out on 12-11, recorded that day."""
    return [
        *_monthly("m-1", range(1, 10), attends=True),
        _on_time(_transferred_out_in_december(), date(2018, 12, 11)),
    ]


def _s9k_late() -> list[Recorded]:
    """S9k's story, the suspension and the restoration recorded after the transfer."""
    return [
        *_paid_then_transferred_out(),
        (date(2019, 3, 18), _suspended(date(2018, 10, 4))),
        (date(2019, 4, 1), _restored(date(2018, 11, 3))),
    ]


def _transferred_out_in_december() -> members.MemberTransferredOut:
    """S9h's transfer out of m-1, on 2018-12-11."""
    return make(members.MemberTransferredOut, organization_id=BR, member_id="m-1",
                to_organization="某区某街道党工委", transferred_on=date(2018, 12, 11))  # fmt: skip


def test_s9l_an_absence_recorded_after_the_restoration_owes_no_transfer() -> None:
    """Expected (《关于加强和改进流动党员管理工作的意见》 2006: 外出6个月以上且地点相对固定的党员
    应当转移组织关系, the catalog's ``member.away.transfer``: 183 days from ``since``, grace
    30; 停止党籍: he owes the branch nothing falling due from that day; 恢复党籍: on the
    roll again from the day of the decision; found by the member property with facts up
    to 180 days late, seeds 6219 and 6552): m-1 pays and attends January–July and
    October–December; goes away to a fixed place on 06-21; is suspended on 08-21 and
    restored on 09-28 (both recorded that day). On time (the absence recorded 06-21): it
    opens the transfer, owed by 2019-01-20; the suspension on 08-21, before that day,
    waives it (党员已停止党籍); the restoration opens none: no overdue, no 外出未转接 flag.
    The absence recorded on 12-07 (补录), after the restoration: he left the roll after the
    span began and before it fell due, so the transfer it opens is waived as it opens,
    as in the order of the days. Before: the transfer opened on the restored member, was
    found overdue on 2019-01-21 against the secretary, and m-1 flagged 外出未转接."""
    months = [*range(1, 8), 10, 11, 12]
    common = _suspended_then_restored(months, date(2018, 8, 21), date(2018, 9, 28), attends=True)
    away = _fixed_away(date(2018, 6, 21))
    on_time, late = _both(common, away, date(2018, 6, 21), date(2018, 12, 7), date(2019, 3, 5))

    assert _flags(on_time.noted(), AWAY) == _flags(late.noted(), AWAY) == []
    assert _flags(late.standing(), AWAY) == _flags(on_time.standing(), AWAY) == []
    transfer = {k: v for k, v in late.statuses().items() if k[0] == AWAY_TRANSFER}
    assert list(transfer.values()) == ["waived"]


def test_s9m_an_absence_recorded_while_suspended_withdraws_the_absence_flag() -> None:
    """Expected (as S5: 党章第九条 没有正当理由, a month away in part is not one missed; found
    by the member property with facts up to 180 days late, seed 6008): m-2 attends and
    pays monthly; m-1 attends on 01-12 and 02-12, pays January–September and December, is
    away (mobile) from 08-31, suspended on 10-04 and restored on 11-22 (both recorded
    that day). On time (the absence recorded 08-31): March–July are five months without
    organizational life, August is a month away: no flag; from December his months count
    again, one by 2019-01-05. Recorded on 10-20 (补录), while the log has him suspended:
    the 09-01 tick flags March–August (since 03-01, to 08-31); recorded, the absence shows
    August was a month away: withdrawn, though he is off the roll when it is recorded.
    Standing at the end in both orders: none. Before: the absence of a member off the
    roll was dropped, and the flag stood."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *_monthly("m-1", [*range(1, 10), 12]),
        _on_time(_attended(date(2018, 1, 12)), date(2018, 1, 12)),
        _on_time(_attended(date(2018, 2, 12)), date(2018, 2, 12)),
        _on_time(_suspended(date(2018, 10, 4)), date(2018, 10, 4)),
        _on_time(_restored(date(2018, 11, 22)), date(2018, 11, 22)),
    ]
    away = _away(date(2018, 8, 31))
    on_time, late = _both(common, away, date(2018, 8, 31), date(2018, 10, 20), date(2019, 1, 5))

    assert on_time.noted() == []
    assert late.noted() == late.withdrawn() == [(ABSENT, date(2018, 3, 1), date(2018, 8, 31))]
    assert late.standing() == on_time.standing() == []


def _fixed_away(since: date) -> members.MemberWentAway:
    """m-1 away to a fixed place from ``since``: he owes the transfer (``member.away.transfer``)."""
    return make(members.MemberWentAway, organization_id=BR, member_id="m-1", since=since,
                destination="深圳", place="fixed")  # fmt: skip


def _suspended_then_restored(
    months: Iterable[int], suspended_on: date, restored_on: date, *, attends: bool = False
) -> list[Recorded]:
    """m-1 pays (and attends) ``months`` of 2018; suspended and restored, each recorded that
    day."""
    return [
        *_monthly("m-1", months, attends=attends),
        _on_time(_suspended(suspended_on), suspended_on),
        _on_time(_restored(restored_on), restored_on),
    ]


def test_s10_a_late_consent_by_quarter_withdraws_a_flag_once_he_left_the_roll() -> None:
    """Expected (党章第九条: six months in a row without dues; 2008 党费规定: paid by quarter
    with the branch's consent, a month's dues are payable until its quarter ends; 停止党籍:
    off the roll from that day; found by the member property with facts up to 180 days
    late, seed 1012): m-1 pays January on 01-20 and nothing after; the branch agrees on
    08-22 that he pays by quarter from July; he is suspended on 09-27 and restored on
    11-10 (both recorded that day); ticked to 2019-01-05. On time: the 08-01 tick flags
    February–July; the consent, recorded on 08-22, shows July payable until 09-30, the
    quarter not ended: withdrawn. Suspended on 09-27, before the quarter ended, he owed
    nothing when it did; no flag after. Consent recorded on 11-30 (补录): the flag raised on
    08-01 stands through the suspension (true when raised); the consent then shows July
    was payable until 09-30, and he had left the roll on 09-27: July never became a month
    without dues while he was on it. Withdrawn. Standing at the end: none in either
    order. Before: the late order kept the flag, the quarter having ended with no payment
    known."""
    common = _paid_january_then_suspended()
    on_time, late = _both(common, _by_quarter_from_july(), date(2018, 8, 22), date(2018, 11, 30),
                          date(2019, 1, 5))  # fmt: skip

    assert on_time.noted() == on_time.withdrawn() == [_FEBRUARY_TO_JULY]
    assert late.noted() == late.withdrawn() == [_FEBRUARY_TO_JULY]
    assert late.standing() == on_time.standing() == []


def test_s10b_a_late_suspension_withdraws_a_flag_a_late_consent_left_standing() -> None:
    """Expected (as S10): the story of S10 with the consent recorded on 10-15, after the
    quarter ended, and the suspension on 11-05 (补录). At 10-15 the consent shows July
    payable until 09-30 and no payment known by then: the flag stands (its months were six
    without dues by quarter too). The suspension, once recorded, shows he left the roll on
    09-27, before the quarter ended: withdrawn, as in date order."""
    story = [fact for fact in _paid_january_then_suspended() if fact[0] != date(2018, 9, 27)]
    late = _run([*story, (date(2018, 10, 15), _by_quarter_from_july()),
                 (date(2018, 11, 5), _suspended(date(2018, 9, 27)))], date(2019, 1, 5))  # fmt: skip

    assert late.noted() == late.withdrawn() == [_FEBRUARY_TO_JULY]
    assert late.standing() == []


_FEBRUARY_TO_JULY = (DUES, date(2018, 2, 1), date(2018, 7, 31))


def _by_quarter_from_july() -> members.QuarterlyDuesApproved:
    return make(members.QuarterlyDuesApproved, organization_id=BR, member_id="m-1",
                approved_on=date(2018, 8, 22), first_month="2018-07")  # fmt: skip


def _paid_january_then_suspended() -> list[Recorded]:
    """S10's story: m-1 pays January only; suspended on 09-27, restored on 11-10."""
    return [
        *_monthly("m-1", [1]),
        _on_time(_suspended(date(2018, 9, 27)), date(2018, 9, 27)),
        _on_time(_restored(date(2018, 11, 10)), date(2018, 11, 10)),
    ]


def test_s9n_a_late_suspension_ends_the_absence_before_it() -> None:
    """Expected (党章第九条: 没有正当理由，连续六个月不参加党的组织生活; a month away (流动党员)
    is not one missed (S5); 停止党籍: off the roll from that day, and his record with him;
    恢复党籍: on the roll again from the day of the decision, his months counted from it;
    found by the member property with facts up to 180 days late, seed 9642): m-2 attends
    br-1's organizational life monthly, 2018 to June 2019; m-1 pays and attends January–
    July; goes away (mobile) on 08-11, recorded that day; is suspended on 11-05 and
    restored on 12-23; attends nothing after. On time (the suspension recorded
    11-05): his 外出 ended with his time on the roll; from the restoration his months
    count, and January–June 2019 are six without organizational life: flagged at the
    2019-07-01 tick (since 01-01, to 06-30). Suspension recorded on 2019-02-14 (补录, after
    the restoration, recorded on its day): he was off the roll from 11-05, so the 外出 of
    08-11 ended there, as in the order of the days: the same flag. Before: the late order
    kept him away from 08-11 for good, and no absence flag was ever raised."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *[_on_time(_attended(date(2019, m, 12), "m-2"), date(2019, m, 12)) for m in range(1, 7)],
        *_monthly("m-1", range(1, 8), attends=True),
        _on_time(_away(date(2018, 8, 11)), date(2018, 8, 11)),
        _on_time(_restored(date(2018, 12, 23)), date(2018, 12, 23)),
    ]
    suspended = _suspended(date(2018, 11, 5))
    on_time, late = _both(common, suspended, date(2018, 11, 5), date(2019, 2, 14), date(2019, 7, 5))

    flag = (ABSENT, date(2019, 1, 1), date(2019, 6, 30))
    assert _flags(on_time.noted(), ABSENT) == _flags(late.noted(), ABSENT) == [flag]
    assert _flags(late.standing(), ABSENT) == _flags(on_time.standing(), ABSENT) == [flag]


def test_s9o_a_return_recorded_while_suspended_counts_once_restored() -> None:
    """Expected (党章第九条: 没有正当理由，连续六个月不参加党的组织生活; 流动党员 take part where
    they are, and the months before his return are not the branch's to show (S5); 恢复党籍:
    on the roll again from the day of the decision; found by the member property with
    facts up to 180 days late, seed 13438): m-2 attends br-1's organizational life
    monthly, 2018 to July 2019. m-1 pays and attends January–July 2018; is suspended on
    08-30 and goes away (mobile) on 09-26, off the roll; is restored on 11-09; pays every
    month from November, attends on 12-12 and 2019-01-12, and comes back (返回) on
    2019-03-08, recorded that day. On time (the restoration recorded 11-09): his months
    count from the restoration, and those before his return are not counted: April–July
    2019 are four without organizational life, no flag by 08-05. Restoration recorded on
    2019-04-26 (补录, after the return): the return was recorded while the log had him
    off the roll, dated after the restoration; once the restoration is recorded it is
    his, as in the order of the days: no flag either. Before: the return was dropped,
    and February–July were flagged at the 2019-08-01 tick."""
    common = [
        *_monthly("m-2", range(1, 13), attends=True),
        *[_on_time(_attended(date(2019, m, 12), "m-2"), date(2019, m, 12)) for m in range(1, 8)],
        *_monthly("m-1", range(1, 8), attends=True),
        _on_time(_suspended(date(2018, 8, 30)), date(2018, 8, 30)),
        _on_time(_away(date(2018, 9, 26)), date(2018, 9, 26)),
        *[_on_time(_paid(f"2018-{m}", date(2018, m, 20)), date(2018, m, 20)) for m in (11, 12)],
        *[_on_time(_paid(f"2019-0{m}", date(2019, m, 20)), date(2019, m, 20)) for m in range(1, 8)],
        *(_on_time(_attended(day), day) for day in (date(2018, 12, 12), date(2019, 1, 12))),
        _on_time(make(members.MemberReturned, organization_id=BR, member_id="m-1",
                      returned_on=date(2019, 3, 8)), date(2019, 3, 8)),
    ]  # fmt: skip
    restored = _restored(date(2018, 11, 9))
    on_time, late = _both(common, restored, date(2018, 11, 9), date(2019, 4, 26), date(2019, 8, 5))

    assert _flags(on_time.noted(), ABSENT) == _flags(late.noted(), ABSENT) == []
    assert on_time.standing() == late.standing() == []
