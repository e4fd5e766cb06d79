"""A secretary's appointment recorded late (补录任职) and the 相关责任人 of 特别突出.

沪开大委〔2017〕48号 四: 对带有普遍性的问题或特别突出的问题，要通过文件、会议等形式进行通报，
对相关责任人进行约谈. The policy: a unit that let three distinct works pass overdue within
twelve months has a 特别突出 problem (通报、约谈 proposed on the case of the third); its
相关责任人 are those the case names who themselves let three pass (their own record). A
holder who leaves before a rectification deadline stays named only as such (the miss was
theirs), not for the rectification.

Expected outcomes, written by hand before the code was run. br-1 (:func:`a_branch`,
with a 委员 ``p-c0`` from the first day, so that it owes a 支部委员会 each month) holds
every meeting of 2018 and of 2019 Q1 but March's 支部委员会 and 主题党日 (due 04-07,
overdue 04-08; criticism, rectify by 05-08) and Q1's 支部党员大会 (due 04-15, overdue
04-16: the third distinct work; criticism, rectify by 05-16, and 通报、约谈 proposed on
特别突出). ``p-1`` hands the secretary's seat to ``p-3`` on 02-20; ``p-3`` leaves it on
05-10, after the miss and before the Q1 case's rectification deadline.

- Recorded on their days: the three misses are ``p-3``'s; his own record shows the three
  works, so the Q1 case's 特别突出 names him (相关责任人). At 05-16 nobody holds the
  office; he stays named for the miss.
- The appointment recorded on 07-03, the leaving on 08-30: the misses named nobody (the
  seat looked vacant). On 07-03 the three cases name ``p-3`` (责任人更正) and his record
  counts the three works, so the 特别突出 of 04-16 names him too, as it would have, and
  the Q1 case says so. On 08-30 his leaving before 05-16 ends only what he answered for
  as the rectification's holder: he stays named for the miss, as on their days.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.enums import Ground
from services.accountability.domain.models import Case
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING
from tests.unit.accountability.structural_histories import KINDS, Fact, folded, meeting
from tests.unit.duties.builders import appointed, left_office

pytestmark = pytest.mark.unit

HANDOVER, LEFT = date(2018, 2, 20), date(2018, 5, 10)
APPOINTMENT_RECORDED, LEAVING_RECORDED = date(2018, 7, 3), date(2018, 8, 30)
MISSED = {
    ("branch_committee_meeting", date(2018, 3, 1)),
    ("theme_party_day", date(2018, 3, 1)),
    ("branch_general_meeting", date(2018, 1, 1)),
}
QUARTERLY = ("branch_general_meeting", "party_lecture")


def _meetings() -> list[Fact]:
    """Every meeting of br-1 from January 2018 to March 2019 but :data:`MISSED`, each held
    on the first day of its period (a quarter's in its first month)."""
    months = [date(2018 + m // 12, m % 12 + 1, 1) for m in range(15)]
    return [
        Fact(first, meeting(kind, first))
        for first in months
        for kind in KINDS
        if (kind, first) not in MISSED and (kind not in QUARTERLY or first.month % 3 == 1)
    ]


def _ledger(late: bool) -> Ledger:
    """The ledger at the end (2019-03-31): the appointment and the leaving on their days, or
    ``late`` (recorded on 07-03 and 08-30)."""
    facts = [
        *_meetings(),
        Fact(BEGINNING, appointed("br-1", "p-c0", "committee_member", BEGINNING)),
        Fact(HANDOVER, left_office("br-1", "p-1", "secretary", HANDOVER)),
        Fact(HANDOVER, appointed("br-1", "p-3", "secretary", HANDOVER),
             (APPOINTMENT_RECORDED - HANDOVER).days if late else 0),
        Fact(LEFT, left_office("br-1", "p-3", "secretary", LEFT),
             (LEAVING_RECORDED - LEFT).days if late else 0),
    ]  # fmt: skip
    found = folded(sorted(facts, key=lambda f: f.on))
    assert found is not None
    return found[0]


def _q1_meeting(ledger: Ledger) -> Case:
    (case,) = [
        c
        for c in ledger.cases.values()
        if (c.organization_id, c.duty_id, c.period)
        == ("br-1", "branch.general_meeting.quarterly", "2018-Q1")
    ]
    return case


def _prominent_named(case: Case) -> list[str] | None:
    (raised,) = [r for r in case.raised if r.ground is Ground.PROMINENT]
    assert raised.on == date(2018, 4, 16)
    return raised.named


@pytest.mark.parametrize("late", [False, True], ids=["on their days", "recorded late"])
def test_the_holder_who_let_three_works_pass_stays_named_for_the_miss(late: bool) -> None:
    case = _q1_meeting(_ledger(late))
    assert case.person_ids == ["p-3"]
    assert _prominent_named(case) == ["p-3"]


def test_the_late_appointment_names_the_holder_for_the_prominent_problem() -> None:
    """On 07-03 the Q1 case names ``p-3`` and says he is 相关责任人 of the 特别突出 of
    04-16; the leaving recorded on 08-30 withdraws him from nothing."""
    case = _q1_meeting(_ledger(late=True))
    said = [(step.on, step.what) for step in case.history if step.on >= APPOINTMENT_RECORDED]
    assert [on for on, what in said if "本案以其为责任人" in what] == [APPOINTMENT_RECORDED]
    assert [on for on, what in said if "特别突出" in what and "相关责任人" in what] == [
        APPOINTMENT_RECORDED
    ]
    assert not [on for on, what in said if "不再以其为责任人" in what]
