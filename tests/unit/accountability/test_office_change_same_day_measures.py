"""A 党委委员 made 副书记 (同日转任), the leaving recorded first: the same measures, and the
same visits counted as his, as the appointment recorded first.

沪开大委〔2017〕48号 三、（八）: 党委领导班子其他成员 ... 建立基层联系点，切实履行"一岗双责"
(the catalog's ``committee_member.contact_point.visits``, duty_catalog.v5.yaml: two visits
(``min_count: 2``) a year, due 12-31, no grace, reminded 60 days before, on 11-01; owed
alike by the 书记, 副书记 and 委员, ``offices``). 四: 对思想上不重视、工作不得力的，要提出
批评，限期整改 (policy v1: the criticism on the day after the deadline, 30 days to rectify,
``rectification_days: 30``); a problem not solved in time (没有及时解决, 限期未整改) is
proposed for 通报、约谈 (``notice_interview``, decided by the organization department: the
system proposes, people decide).

The registry records a 委员 made 副书记 as two facts of one day: 离任 (委员) and 任职
(副书记). Recorded appointment first, he holds a committee office at every moment: the
reference. Recorded leaving first, he holds none between the two facts; yet he never
stopped being a 党委成员, and the two facts of one day give the same outcome in either
order (written by hand before the code was run):

- 四: his criticism's deadline runs on through the switch. Leaving the 委员 seat alone
  ends it (离任，无从整改: no 委员's visit is left for him to make); the appointment of
  that day to an office the visits apply to gives it back, so 限期未整改 is proposed on
  the day after it passed, naming him, as in the appointment-first order.
- 三、（八）: a visit he made as 委员 before the switch, recorded late, is his visit as
  党委成员: the tenure he continues began the day he took the 委员 seat (or with the unit,
  if he held it since its establishment), not the day of the switch.

The log: :func:`a_branch` (the committee ``cmt``, secretary ``p-cmt``, its general branch
``gb-1`` and branch ``br-1``, from 2018-01-01), ticked daily; ``p-n`` is 委员 of ``cmt``
from 2018-03-01, has br-1 as contact point from 03-20 and visits it on 05-10 (one of the
two visits of 2018), each fact recorded on its day unless said otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyEvidenced, DutyStatus
from tests.unit.accountability.builders import a_branch, from_the_facts
from tests.unit.duties.builders import appointed, left_office
from tests.unit.duties.personal_facts import VISITS, Fact, statuses, visit
from tests.unit.duties.test_office_change_same_day import BEFORE, _assigned, _made_deputy

pytestmark = pytest.mark.unit

FIRST = date(2018, 1, 1)
ORDERS = pytest.mark.parametrize("left_first", [True, False], ids=["left first", "made first"])

#: (measure, rung, day, persons named) of an accountability output about p-n's visits.
Measure = tuple[str, str, date, list[str]]


def _measures(facts: Sequence[Fact], last: date) -> list[Measure]:
    """Every accountability measure naming p-n about the visits (the 书记 ``p-cmt`` owes
    his own), through both folds, up to ``last``."""
    return [
        (env.type.removeprefix("zeren."), env.data.rung.value, env.time.date(), env.data.person_ids)
        for env in from_the_facts(a_branch(), FIRST, facts, last)
        if isinstance(env.data, AccountabilityAction)
        and env.data.duty_id == VISITS
        and "p-n" in env.data.person_ids
    ]


# ── 四: the criticism's deadline runs on through the switch ───────────────────────────

#: The measures of p-n's 2018 visits (one made of two) up to 2019-02-10, by hand.
LET_PASS_THEN_UNRECTIFIED: list[Measure] = [
    # 三、（八）, 四 (提醒): reminded 60 days before 12-31.
    ("ReminderIssued", "reminder", date(2018, 11, 1), ["p-n"]),
    # 四: 提出批评，限期整改, the day after 12-31, to rectify by 2019-01-31 (30 days).
    ("CriticismIssued", "criticism", date(2019, 1, 1), ["p-n"]),
    # 四: 限期未整改, the day after 2019-01-31: 通报、约谈 proposed (rung: 通报 first), naming p-n.
    ("AccountabilityProposed", "notice", date(2019, 2, 1), ["p-n"]),
]


@ORDERS
def test_the_deadline_of_the_criticism_runs_on_through_the_switch(left_first: bool) -> None:
    """p-n lets his 2018 visits pass (one of two), is criticised on 2019-01-01 (to
    rectify by 01-31), and is made 副书记 on 2019-01-15, leaving the 委员 seat that day;
    he makes no second visit. By hand, in either order: reminded on 2018-11-01,
    criticised on 2019-01-01, and 通报、约谈 proposed on 2019-02-01 for the deadline
    passed unrectified, each naming p-n alone (:data:`LET_PASS_THEN_UNRECTIFIED`). The
    leaving recorded first ends the deadline (离任); the appointment of that day gives it
    back, so nothing differs but the case's notes."""
    facts = BEFORE + _made_deputy(date(2019, 1, 15), left_first=left_first)
    assert _measures(facts, date(2019, 2, 10)) == LET_PASS_THEN_UNRECTIFIED


def test_an_appointment_the_day_after_the_leaving_gives_no_deadline_back() -> None:
    """The boundary: p-n leaves the committee on 2019-01-15 and is appointed 副书记 on
    01-16. For a day he was no 党委成员 and could make no visit: the leaving ended the
    deadline of his criticism (离任，无从整改), and a new tenure does not revive it. By
    hand: reminded on 2018-11-01, criticised on 2019-01-01, and nothing proposed."""
    facts = [
        *BEFORE,
        (date(2019, 1, 15), left_office("cmt", "p-n", "committee_member", date(2019, 1, 15))),
        (date(2019, 1, 16), appointed("cmt", "p-n", "deputy_secretary", date(2019, 1, 16))),
    ]
    assert _measures(facts, date(2019, 2, 10)) == LET_PASS_THEN_UNRECTIFIED[:2]


# ── 三、（八）: a visit made as 委员 before the switch, recorded late, is his ──────────

#: (status, day emitted, fulfilled on) of one of p-n's 2018 visits statuses.
Said = tuple[str, date, date | None]


def _visits_said(facts: Sequence[Fact]) -> list[Said]:
    """What the duties fold says of p-n's 2018 visits, up to 2019-01-10 (the waiver, 已离任,
    left out: the leaving's day is over before the registry records the appointment that
    continues his tenure, when it records it days later; see
    tests/unit/duties/test_office_change_same_day.py)."""
    return [
        (
            o.type.removeprefix("zeren."),
            o.time.date(),
            o.data.fulfilled_on if isinstance(o.data, DutyEvidenced) else None,
        )
        for o in statuses(facts, FIRST, date(2019, 1, 10))
        if isinstance(o.data, DutyStatus)
        and (o.data.duty_id, o.data.person_id, o.data.period) == (VISITS, "p-n", "2018")
        and o.type != "zeren.DutyWaived"
    ]


#: 三、（八）: the second visit of 2018, made on 08-10, recorded on 09-10, fulfils the year.
FULFILLED_BY_THE_LATE_VISIT: list[Said] = [("DutyFulfilled", date(2018, 9, 10), date(2018, 8, 10))]


@ORDERS
def test_a_visit_as_member_recorded_after_the_switch_is_his(left_first: bool) -> None:
    """p-n visits br-1 on 08-10, as 委员; he is made 副书记 on 09-01 (leaving the 委员
    seat that day); the visit of 08-10 is recorded on 09-10. By hand, in either order:
    he has been 党委成员 since 03-01, so the visit is his second of 2018 (with 05-10):
    DutyFulfilled on 09-10 (fulfilled 08-10, due 12-31), never reminded nor overdue;
    accountability takes no measure about his visits."""
    facts = [
        *BEFORE,
        *_made_deputy(date(2018, 9, 1), left_first=left_first),
        (date(2018, 9, 10), visit("p-n", date(2018, 8, 10))),
    ]
    assert _visits_said(facts) == FULFILLED_BY_THE_LATE_VISIT
    assert _measures(facts, date(2019, 1, 10)) == []


def test_a_visit_recorded_between_the_leaving_and_a_late_appointment_is_his() -> None:
    """The leaving of 09-01 is recorded that day, the visit of 08-10 on 09-02, and the
    副书记 appointment, dated 09-01, on 09-04 (HR records it late). By hand: as above, the
    visit is his second of 2018, though recorded while the log knew him in no office:
    DutyFulfilled on 09-04, when the appointment that continues his tenure is recorded
    (fulfilled 08-10, due 12-31), never reminded nor overdue."""
    facts = [
        *BEFORE,
        *_made_deputy(date(2018, 9, 1), left_first=True, recorded=date(2018, 9, 4)),
        (date(2018, 9, 2), visit("p-n", date(2018, 8, 10))),
    ]
    assert _visits_said(facts) == [("DutyFulfilled", date(2018, 9, 4), date(2018, 8, 10))]


@ORDERS
def test_a_member_since_the_establishment_keeps_his_visits_too(left_first: bool) -> None:
    """As above, p-n being 委员 since the committee was established (2018-01-01, the first
    day of the log: held since its establishment) and visiting br-1 on 02-10 and 05-10;
    the visit of 02-10 is recorded on 09-10, after the switch of 09-01. By hand, in
    either order: his second visit of 2018: DutyFulfilled on 09-10, never reminded nor
    overdue. Its ``fulfilled_on`` is the day of the evidence that completed the count
    (履行日期, the contract's "Day of the evidence"): 02-10, the visit recorded last (first
    written as 05-10, the later of the two visits; corrected after the run, as the field
    is the caused-by evidence's day whichever fix is made here)."""
    facts = [
        (FIRST, appointed("cmt", "p-n", "committee_member", FIRST)),
        (date(2018, 1, 20), _assigned(date(2018, 1, 20))),
        (date(2018, 5, 10), visit("p-n", date(2018, 5, 10))),
        *_made_deputy(date(2018, 9, 1), left_first=left_first),
        (date(2018, 9, 10), visit("p-n", date(2018, 2, 10))),
    ]
    assert _visits_said(facts) == [("DutyFulfilled", date(2018, 9, 10), date(2018, 2, 10))]


def test_a_visit_before_a_new_tenure_is_not_his() -> None:
    """The boundary: p-n leaves the committee on 09-01 and is appointed 副书记 on 09-02 (a
    new tenure: for a day he was no 党委成员); the visit of 08-10 is recorded on 09-10.
    By hand: done before he took the office he holds, it is not the office holder's
    (三、（八）): the year has one visit (05-10), so he is reminded on 11-01 and the
    visits are overdue on 2019-01-01."""
    facts = [
        *BEFORE,
        (date(2018, 9, 1), left_office("cmt", "p-n", "committee_member", date(2018, 9, 1))),
        (date(2018, 9, 2), appointed("cmt", "p-n", "deputy_secretary", date(2018, 9, 2))),
        (date(2018, 9, 10), visit("p-n", date(2018, 8, 10))),
    ]
    assert _visits_said(facts) == [
        ("DutyDueSoon", date(2018, 11, 1), None),
        ("DutyOverdue", date(2019, 1, 1), None),
    ]


@ORDERS
def test_a_switch_recorded_after_the_criticism_keeps_its_deadline(left_first: bool) -> None:
    """Found by the session's review. p-n lets his 2018 visits pass and is criticised on
    2019-01-01 (to rectify by 01-31); on 2019-01-10 the registry records that he left
    the 委员 seat and became 副书记 on 2018-12-31 (补录, both facts that day). By hand,
    in either order: the proposal of 2019-02-01 (限期未整改) follows as in
    :data:`LET_PASS_THEN_UNRECTIFIED`. (Leaving first, the duties service then waived the
    visits, which resolved the case, announced, and said them overdue again: the case was
    taken up again with the deadline it had. The leaving's waiver is now held until the
    day is over, and the appointment of that day continues the tenure before it: nothing
    is waived nor resolved; see test_office_change_order_and_chain.py.)"""
    switch = date(2018, 12, 31)
    left = (date(2019, 1, 10), left_office("cmt", "p-n", "committee_member", switch))
    made = (date(2019, 1, 10), appointed("cmt", "p-n", "deputy_secretary", switch))
    facts = [*BEFORE, *([left, made] if left_first else [made, left])]
    assert _measures(facts, date(2019, 2, 10)) == LET_PASS_THEN_UNRECTIFIED
