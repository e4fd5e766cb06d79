"""A member who died or left the Party (党员减少: 去世、出党) is flagged for nothing after.

Expected outcomes were written BY HAND before the code was run, from 党章 第九条 (连续六个月
不交纳党费、不参加党的组织生活 … 被认为是自行脱党: months a member owes on the roll),
党员教育管理工作条例 2019 第二十四条 (失联六个月 → 可停止党籍; 停止党籍二年 → 按自行脱党
除名, decided by the branch), the seed 三、（四） (稳妥处置不合格党员, 妥善慎重做好失联党员
规范管理和组织处置工作) and the system's principles: a flag is never a verdict, and one that no
longer stands is not left standing against a real person; the day decides, not the order of
recording (补录). A member whose membership ended owes nothing from that day: his months
after it are not silent months of a member on the roll, no watch runs over him, and a
flag raised after the day (the end recorded late) would not have been raised had the end
been recorded on time. A flag raised by the day was true, but no longer asks the branch
for a decision: the end is its decision (除名、开除党籍、退党) or leaves nothing to decide
(去世). (First written as "it stands", as for a transfer out; changed before the commit:
the branch's list of flags to decide on would have kept a dead member.)

br-1 (a branch under gb-1, secretary p-1) has m-1 and m-2 on its roll from 2018-01-01
(``a_branch``, ``History.member``); m-2, who pays nothing either and never leaves, is the
control: each scenario's flags on him show the rule ran.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contracts.events import members
from contracts.events.accountability import SituationFlagWithdrawn
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from contracts.events.enums import MembershipEnd
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import (
    BEGINNING,
    a_branch,
    from_the_facts,
    member_flags,
    on_their_days,
    through_both,
)
from tests.unit.duties.builders import History, make

pytestmark = pytest.mark.unit

DUES = "dues_unpaid_six_months"
MAY_SUSPEND = "may_suspend_membership"
MAY_REMOVE = "may_remove_from_party"
RUN = (BEGINNING, date(2018, 6, 30))  # Jan–Jun without dues: flagged at the 07-01 tick


def _two_members() -> History:
    history = a_branch()
    for member_id in ("m-1", "m-2"):
        history.member(member_id, BEGINNING, org="br-1")
    return history


def _ended(member_id: str, on: date, end: MembershipEnd = MembershipEnd.DECEASED) -> Payload:
    return make(members.MembershipEnded, organization_id="br-1", member_id=member_id,
                ended_on=on, end=end)  # fmt: skip


def _lost(member_id: str, since: date) -> Payload:
    return make(members.MemberLostContact, organization_id="br-1", member_id=member_id,
                since=since)  # fmt: skip


def _suspended(member_id: str, on: date) -> Payload:
    return make(members.MembershipSuspended, organization_id="br-1", member_id=member_id,
                suspended_on=on, reason="失去联系满六个月", ground="lost_contact")  # fmt: skip


def test_a_member_who_died_is_not_flagged_for_the_months_after() -> None:
    """m-1 dies on 2018-04-10, recorded on 04-12; neither pays dues. By hand: m-2's run
    Jan–Jun is six months without dues → flagged at the 07-01 tick, since 01-01, and
    standing at the end (only his: nothing cleared it). m-1 was on the roll Jan to 04-10:
    at most four months, never six → never flagged, in 2018 or after. His monthly dues
    are owed while on the roll: those falling due from 04-10 on (March's, due that day, and
    April's) are waived, as for a transfer out, and none of a later month is ever due."""
    facts = [(date(2018, 4, 12), _ended("m-1", date(2018, 4, 10)))]
    raised, standing = member_flags(_two_members(), facts, date(2018, 12, 31), "br-1", DUES)
    assert raised == [("m-2", *RUN)]
    assert standing == raised

    history = on_their_days(_two_members(), BEGINNING, facts, date(2018, 12, 31))
    outputs, _ = through_both(history)
    statuses = [(e.type, e.data) for e in outputs if isinstance(e.data, DutyStatus)]
    dues = [(kind.removeprefix("zeren.Duty"), data.period) for kind, data in statuses
            if (data.member_id, data.duty_id) == ("m-1", "member.dues.monthly")
            and kind != "zeren.DutyDueSoon"]  # fmt: skip
    months = ["2018-01", "2018-02", "2018-03"]
    assert dues == [("Overdue", m) for m in months] + [("Waived", "2018-03"), ("Waived", "2018-04")]


@pytest.mark.parametrize("end", list(MembershipEnd))
def test_an_end_recorded_late_withdraws_the_flag_raised_after_it(end: MembershipEnd) -> None:
    """m-1's membership ends on 2018-05-20 (去世, or the branch's 开除党籍/除名, or his 退党),
    recorded on 08-15 (补录). By hand: the 07-01 tick, with the end not yet in the log,
    flags both m-1 and m-2 (Jan–Jun, six months). Recorded on time, the end would have
    left m-1 five months on the roll (Jan–May): no flag. So the end withdraws m-1's flag
    (已撤回, saying he was no longer in the branch on the flag's day) and leaves m-2's
    standing; nothing is raised again about m-1."""
    facts = [(date(2018, 8, 15), _ended("m-1", date(2018, 5, 20), end))]
    raised, standing = member_flags(_two_members(), facts, date(2018, 12, 31), "br-1", DUES)
    assert raised == [("m-1", *RUN), ("m-2", *RUN)]
    assert standing == [("m-2", *RUN)]

    decided = from_the_facts(_two_members(), BEGINNING, facts, date(2018, 9, 1), Ledger.empty(1))
    withdrawn = [e.data for e in decided if isinstance(e.data, SituationFlagWithdrawn)]
    assert [w.member_id for w in withdrawn] == ["m-1"]
    text = withdrawn[0].text_zh
    assert f"该党员已于2018年5月20日{end.predicate_zh}，2018年7月1日提示时已不在本组织" in text


@pytest.mark.parametrize("end", [MembershipEnd.REMOVED, MembershipEnd.DECEASED])
def test_an_end_after_the_flag_answers_it(end: MembershipEnd) -> None:
    """m-1 is removed (除名) on 2018-07-20, or dies that day, after his flag of 07-01. The
    flag was true when raised; it asks the branch to decide on him (党章第九条: 自行脱党),
    and the removal is its decision, the death leaves nothing to decide. By hand: both
    flags raised on 07-01; m-1's no longer stands, told withdrawn, saying why without
    saying it was wrong; m-2's stands."""
    facts = [(date(2018, 7, 20), _ended("m-1", date(2018, 7, 20), end))]
    raised, standing = member_flags(_two_members(), facts, date(2018, 12, 31), "br-1", DUES)
    assert raised == [("m-1", *RUN), ("m-2", *RUN)]
    assert standing == [("m-2", *RUN)]

    decided = from_the_facts(_two_members(), BEGINNING, facts, date(2018, 8, 1), Ledger.empty(1))
    [withdrawn] = [e.data for e in decided if isinstance(e.data, SituationFlagWithdrawn)]
    assert withdrawn.member_id == "m-1"
    said = f"经登记，该党员已于2018年7月20日{end.predicate_zh}，无需再研究处理"
    assert said in withdrawn.text_zh, withdrawn.text_zh
    assert "已不在本组织" not in withdrawn.text_zh


LOST_SINCE = date(2018, 1, 10)
LOST_FLAG_ON = LOST_SINCE + timedelta(days=183)  # 2018-07-12 (失联满六个月)


@pytest.mark.parametrize("recorded", [date(2018, 4, 3), date(2018, 8, 1)])
def test_a_member_out_of_contact_who_died_is_not_flagged_for_suspension(recorded: date) -> None:
    """Both out of contact since 2018-01-10 (recorded on 01-15); m-1 dies on 04-01,
    recorded on 04-03, or on 08-01 after the 07-12 flag (补录). By hand: m-2 is flagged
    可停止党籍 on 07-12 (183 days) and it stands; m-1 is not flagged when the death is
    recorded first, and his flag is withdrawn when it is recorded after: a dead member's
    membership is not suspended."""
    facts = [(date(2018, 1, 15), _lost(m, LOST_SINCE)) for m in ("m-1", "m-2")]
    facts.append((recorded, _ended("m-1", date(2018, 4, 1))))
    raised, standing = member_flags(_two_members(), facts, date(2018, 9, 30), "br-1", MAY_SUSPEND)
    late = recorded > LOST_FLAG_ON
    assert [flag[0] for flag in raised] == (["m-1", "m-2"] if late else ["m-2"])
    assert standing == [("m-2", LOST_SINCE, LOST_FLAG_ON)]


SUSPENDED_ON = date(2019, 6, 10)  # under 条例 2019 (catalog v4): the two-year watch


@pytest.mark.parametrize(
    "suspension_recorded", [SUSPENDED_ON, date(2020, 6, 3)], ids=["on_its_day", "after_the_death"]
)
def test_a_suspended_member_who_died_is_not_flagged_for_removal(
    suspension_recorded: date,
) -> None:
    """Both suspended (停止党籍, for lost contact) on 2019-06-10; m-1 dies on 2020-03-01,
    recorded on 03-05. Recorded on its day, or m-1's suspension recorded after his death
    (补录, on 2020-06-03). By hand: two years after the suspension (730 days: 2021-06-09)
    m-2 is flagged 可按自行脱党除名 and it stands; m-1 is never flagged: there is no one
    left to remove."""
    flag_on = SUSPENDED_ON + timedelta(days=730)
    facts = [
        (SUSPENDED_ON, _suspended("m-2", SUSPENDED_ON)),
        (suspension_recorded, _suspended("m-1", SUSPENDED_ON)),
        (date(2020, 3, 5), _ended("m-1", date(2020, 3, 1))),
    ]
    facts.sort(key=lambda fact: fact[0])
    raised, standing = member_flags(_two_members(), facts, date(2021, 7, 1), "br-1", MAY_REMOVE)
    assert raised == [("m-2", SUSPENDED_ON, flag_on)]
    assert standing == raised


def test_a_probationary_member_disqualified_owes_and_is_flagged_for_nothing_after() -> None:
    """m-3, probationary (预备党员) on br-1's roll from 2018-01-01 beside m-1 and m-2, is
    disqualified on 2018-05-15 (取消预备党员资格, 党章第七条), recorded that day; none of
    them pays. By hand: m-3 owes the months falling due before that day (January's on
    02-10 to April's on 05-10: overdue) and no more (May's, due 06-10, waived, saying
    why); on the roll five months, never six: never flagged, while m-1 and m-2 are
    (January to June, at the 07-01 tick)."""
    history = _two_members()
    history.member("m-3", BEGINNING, org="br-1", probationary=True)
    facts = [(date(2018, 5, 15), _ended("m-3", date(2018, 5, 15), MembershipEnd.DISQUALIFIED))]
    raised, standing = member_flags(history, facts, date(2018, 12, 31), "br-1", DUES)
    assert raised == [("m-1", *RUN), ("m-2", *RUN)]
    assert sorted(standing) == raised

    history = _two_members()
    history.member("m-3", BEGINNING, org="br-1", probationary=True)
    outputs, _ = through_both(on_their_days(history, BEGINNING, facts, date(2018, 12, 31)))
    dues = [(e.type.removeprefix("zeren.Duty"), e.data.period, getattr(e.data, "reason", None))
            for e in outputs if isinstance(e.data, DutyStatus) and e.data.member_id == "m-3"
            and e.type in ("zeren.DutyOverdue", "zeren.DutyWaived")]  # fmt: skip
    overdue = [("Overdue", f"2018-0{n}", None) for n in range(1, 5)]
    assert dues == [*overdue, ("Waived", "2018-05", "党员已被取消预备党员资格")]
