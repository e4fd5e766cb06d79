"""同日转任 recorded in either order says the same, and a chain of such changes keeps the
tenure (a 党委委员 made 副书记, then 书记).

沪开大委〔2017〕48号 三、（八）: 建立党委成员抓基层党支部工作联系点制度 ... 建立基层联系点，切实
履行"一岗双责" (the catalog's ``committee_member.contact_point.assigned``: a contact point
within 90 days of taking office, and ``committee_member.contact_point.visits``: two visits a
year, due 12-31, reminded on 11-01; owed alike by the 书记, 副书记 and 委员). 四: 对思想上不重
视、工作不得力的，要提出批评，限期整改 (the criticism the day after the deadline, 30 days to
rectify); 限期未整改 is proposed for 通报、约谈 (the system proposes, people decide).

A 委员 made 副书记 (or 书记) the same day is the same 党委成员 on every day: his duties go on
(nothing 免除), whatever order the registry records the two facts of that day in. The log
tells the fold the appointment only after the leaving when the leaving comes first; the
leaving's waiver (已离任) is therefore said when the day is over (the next tick), unless an
appointment of that day has continued the tenure by then. Written by hand before the code
was run:

- the duty statuses of p-n's visits are the same in both orders: no DutyWaived, no second
  DutyOverdue, also when the change is recorded late, after the deadline passed (补录);
- accountability takes the same measures, naming p-n, and announces no 免除 (CaseResolved);
  the cases end the same and the office holders named are the same;
- a real leaving (no appointment that day) still waives the visits (已离任), said on the
  next day's tick and citing the leaving;
- a chain (委员 → 副书记 → 书记, on one day or on consecutive days) is one tenure: a visit
  made as 委员 and recorded after the chain is his, no contact point is owed again, and
  the criticism's deadline runs on through both changes.

The log: :func:`a_branch` (committee ``cmt``, secretary ``p-cmt``; ``gb-1``; ``br-1``),
ticked daily from 2018-01-01; p-n is 委员 of cmt from 2018-03-01, has br-1 as contact point
from 03-20 (in time: due 05-30) and visits it on 05-10 (one of the two visits of 2018).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyEvidenced, DutyStatus, DutyWaived
from contracts.events.enums import Ground
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import a_branch, from_the_facts, on_their_days
from tests.unit.accountability.test_office_change_same_day_measures import (
    LET_PASS_THEN_UNRECTIFIED,
)
from tests.unit.duties.builders import appointed, fold, left_office
from tests.unit.duties.personal_facts import VISITS, Fact, visit
from tests.unit.duties.test_office_change_same_day import ASSIGNED, BEFORE, HAS_ONE

pytestmark = pytest.mark.unit

FIRST = date(2018, 1, 1)
DUE = date(2018, 12, 31)
ORDERS = pytest.mark.parametrize("left_first", [True, False], ids=["left first", "made first"])

#: (status, due_on, day emitted, fulfilled_on or None) of one of p-n's duties.
Said = tuple[str, date, date, date | None]
#: (measure, duty, day, persons named) of an accountability output naming p-n.
Measure = tuple[str, str | None, date, list[str]]
#: :data:`LET_PASS_THEN_UNRECTIFIED` as measures about the visits.
UNRECTIFIED: list[Measure] = [(m, VISITS, d, p) for m, _, d, p in LET_PASS_THEN_UNRECTIFIED]


def _switch(old: str, new: str, on: date, recorded: date, *, left_first: bool) -> list[Fact]:
    """p-n leaves ``old`` and takes ``new`` on ``on``, both recorded on ``recorded``."""
    left = (recorded, left_office("cmt", "p-n", old, on))
    made = (recorded, appointed("cmt", "p-n", new, on))
    return [left, made] if left_first else [made, left]


def _deputy(on: date, recorded: date | None = None, *, left_first: bool) -> list[Fact]:
    """委员 → 副书记 on ``on``."""
    member, deputy = "committee_member", "deputy_secretary"
    return _switch(member, deputy, on, recorded or on, left_first=left_first)


def _secretary(on: date, *, left_first: bool) -> list[Fact]:
    """副书记 → 书记 on ``on``, p-cmt leaving the 书记 seat that day (recorded first)."""
    gone = (on, left_office("cmt", "p-cmt", "secretary", on))
    return [gone, *_switch("deputy_secretary", "secretary", on, on, left_first=left_first)]


def _said(outputs: Sequence[Envelope], duty: str) -> list[Said]:
    return [
        (
            o.type.removeprefix("zeren."),
            o.data.due_on,
            o.time.date(),
            o.data.fulfilled_on if isinstance(o.data, DutyEvidenced) else None,
        )
        for o in outputs
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.person_id) == (duty, "p-n")
    ]


def _duties(facts: Sequence[Fact], last: date) -> list[Envelope]:
    return fold(on_their_days(a_branch(), FIRST, facts, last).events)[1]


def _through_both(facts: Sequence[Fact], last: date) -> tuple[list[Measure], Ledger]:
    """Every accountability output naming p-n, and the ledger at ``last``."""
    ledger = Ledger.empty(1)
    measures = [
        (env.type.removeprefix("zeren."), env.data.duty_id, env.time.date(), env.data.person_ids)
        for env in from_the_facts(a_branch(), FIRST, facts, last, ledger)
        if isinstance(env.data, AccountabilityAction) and "p-n" in env.data.person_ids
    ]
    return measures, ledger


def _cases(ledger: Ledger) -> list[tuple[object, ...]]:
    """How each case stands, not its notes: recorded leaving first, the leaving ends the
    rectification deadline (离任，无从整改) and the appointment gives it back (同日转任，整改
    期限恢复), two notes in the case's history the other order does not write."""
    fields = ("duty_id", "period", "organization_id", "person_ids", "status", "level",
              "proposed", "rectify_by", "missed_deadline")  # fmt: skip
    return sorted(tuple(getattr(case, name) for name in fields) for case in ledger.cases.values())


def _holders(ledger: Ledger) -> dict[str, list[str]]:
    return {key: [h.person_id for h in held] for key, held in ledger.holders.items() if held}


# ── 1. the change recorded after the deadline passed (补录), leaving first ─────────────


@ORDERS
def test_a_switch_recorded_after_the_deadline_says_no_waiver(left_first: bool) -> None:
    """p-n lets his 2018 visits pass (one of two: reminded 11-01, overdue 2019-01-01); on
    2019-01-10 the registry records that he left the 委员 seat and became 副书记 on
    2018-12-31 (补录). By hand, in either order (三、（八）: he was 党委成员 all year and
    owed the visits all year): the duties service says of his visits DutyDueSoon on
    11-01 and DutyOverdue on 2019-01-01, nothing else: no DutyWaived (已离任) and no
    second DutyOverdue (old code, leaving first: DutyWaived on 01-10, DutyOverdue again
    on 01-11)."""
    facts = BEFORE + _deputy(DUE, date(2019, 1, 10), left_first=left_first)
    assert _said(_duties(facts, date(2019, 2, 10)), VISITS) == [
        ("DutyDueSoon", DUE, date(2018, 11, 1), None),
        ("DutyOverdue", DUE, date(2019, 1, 1), None),
    ]


def test_a_switch_recorded_after_the_deadline_gives_the_same_measures_and_cases() -> None:
    """As above, through both services. By hand, in either order: the measures naming
    p-n are the reminder of 11-01, the criticism of 2019-01-01 (to rectify by 01-31) and
    the 通报 proposal of 02-01 (四, 限期未整改), each naming p-n alone
    (:data:`LET_PASS_THEN_UNRECTIFIED`): no 免除 announced (CaseResolved) for a tenure that
    went on. The cases stand alike (same person named, rung, proposal, deadline) and the
    holders named: 书记 p-cmt, 副书记 p-n, no 委员."""
    last = date(2019, 2, 10)
    recorded = date(2019, 1, 10)
    runs = {
        left_first: _through_both(BEFORE + _deputy(DUE, recorded, left_first=left_first), last)
        for left_first in (True, False)
    }
    for measures, _ in runs.values():
        assert [m for m in measures if m[1] == VISITS] == UNRECTIFIED
        assert not [m for m in measures if m[0] == "CaseResolved"]
    (_, left), (_, made) = runs[True], runs[False]
    assert _cases(left) == _cases(made)
    assert _holders(left) == _holders(made) == {
        "cmt|secretary": ["p-cmt"], "cmt|deputy_secretary": ["p-n"],
        "gb-1|secretary": ["p-g1"], "br-1|secretary": ["p-1"],
    }  # fmt: skip


def test_a_switch_recorded_after_the_criticism_s_deadline_keeps_the_miss() -> None:
    """p-n is criticised on 2019-01-01 (to rectify by 01-31) and made 副书记 on 01-15; the
    change is recorded on 02-10, after 01-31 was found missed and 通报 proposed (02-01).
    By hand (三、（八）, 四): he was 党委成员 on every day, could still make the visits,
    and let 01-31 pass: the miss and its proposal stand, naming p-n alone, in either
    order. Recorded leaving first, the leaving takes the miss back (离任，无从整改, 补录)
    and the appointment gives it back (同日转任): found missed again by the next tick,
    its 通报 is proposed again on 02-11. The cases then stand alike."""
    switched, recorded = date(2019, 1, 15), date(2019, 2, 10)
    runs = {
        left_first: _through_both(
            BEFORE + _deputy(switched, recorded, left_first=left_first), date(2019, 3, 10)
        )
        for left_first in (True, False)
    }
    (left_measures, left), (made_measures, made) = runs[True], runs[False]
    assert [m for m in made_measures if m[1] == VISITS] == UNRECTIFIED
    again = ("AccountabilityProposed", VISITS, date(2019, 2, 11), ["p-n"])
    assert [m for m in left_measures if m[1] == VISITS] == [*UNRECTIFIED, again]
    assert _cases(left) == _cases(made)
    visits = [c for c in left.cases.values() if (c.duty_id, c.period) == (VISITS, "2018")]
    (case,) = [c for c in visits if c.person_ids != ["p-cmt"]]
    assert case.missed_deadline
    assert case.person_ids == ["p-n"]


def test_a_switch_before_the_due_day_recorded_apart_gives_the_deadline_back() -> None:
    """p-n is made 副书记 on 2018-11-15, before his visits fall due (12-31). The leaving is
    recorded on 2019-01-10, after the criticism of 01-01 (to rectify by 01-31), and the
    appointment on 01-12, after the waiver the leaving brought (已离任, said by the tick of
    01-11). By hand (三、（八）, 四): he was 党委成员 on every day, owed the visits when
    they fell due and could make them until 01-31, so, as on their days, 通报 is proposed
    on 02-01 (限期未整改), naming p-n. Recorded so, the leaving ends the deadline (离任，
    无从整改) and the waiver resolves the case (免除, announced 01-11); the duty owed again
    as it stood (恢复履行, the waiver never held) gives that deadline back, so that it
    passes as on the days (before: the case waited with no deadline, and nothing was
    proposed). The cases then stand alike."""
    switched = date(2018, 11, 15)
    apart: list[Fact] = [
        (date(2019, 1, 10), left_office("cmt", "p-n", "committee_member", switched)),
        (date(2019, 1, 12), appointed("cmt", "p-n", "deputy_secretary", switched)),
    ]
    last = date(2019, 3, 10)
    late_measures, late = _through_both(BEFORE + apart, last)
    _, on_time = _through_both(BEFORE + _deputy(switched, left_first=True), last)
    assert [m for m in late_measures if m[1] == VISITS] == [
        *UNRECTIFIED[:2],
        ("CaseResolved", VISITS, date(2019, 1, 11), ["p-n"]),
        UNRECTIFIED[2],
    ]
    assert _cases(late) == _cases(on_time)


# ── 1'. the change recorded on its day, after the reminder ─────────────────────────────


def test_a_switch_after_the_reminder_says_no_waiver_nor_resolves_the_case() -> None:
    """p-n is reminded of the visits on 11-01 and made 副书记 on 11-15, the leaving recorded
    first, both that day. By hand, as the appointment-first order says: DutyDueSoon on
    11-01, DutyOverdue on 2019-01-01, no DutyWaived; accountability reminds him on 11-01
    and criticises him on 2019-01-01, and announces no 免除 in between (old code:
    DutyWaived on 11-15 and CaseResolved, 该项责任已免除)."""
    facts = BEFORE + _deputy(date(2018, 11, 15), left_first=True)
    assert _said(_duties(facts, date(2019, 1, 10)), VISITS) == [
        ("DutyDueSoon", DUE, date(2018, 11, 1), None),
        ("DutyOverdue", DUE, date(2019, 1, 1), None),
    ]
    measures, _ = _through_both(facts, date(2019, 1, 10))
    assert [m for m in measures if m[1] == VISITS] == UNRECTIFIED[:2]


def test_a_real_leaving_is_waived_when_the_day_is_over() -> None:
    """The boundary: p-n leaves the committee on 11-15 (recorded that day) and takes no
    office that day. He no longer owes the visits (离任: 三、（八） binds 党委成员 only): by
    hand, DutyWaived (已离任（2018-11-15）) of his visits, said by the next day's tick
    (11-16) and citing the leaving as its cause; never overdue. Accountability resolves
    the reminder's case (免除, CaseResolved on 11-16) and takes no further measure."""
    leaving = left_office("cmt", "p-n", "committee_member", date(2018, 11, 15))
    facts = [*BEFORE, (date(2018, 11, 15), leaving)]
    outputs = _duties(facts, date(2019, 1, 10))
    assert _said(outputs, VISITS) == [
        ("DutyDueSoon", DUE, date(2018, 11, 1), None),
        ("DutyWaived", DUE, date(2018, 11, 16), None),
    ]
    waived = next(o.data for o in outputs if isinstance(o.data, DutyWaived))
    cause = next(env for env, _ in on_their_days(a_branch(), FIRST, facts, FIRST).events
                 if env.data == leaving)  # fmt: skip
    assert (waived.reason, waived.cause_event_id) == ("已离任（2018-11-15）", cause.id)
    measures, _ = _through_both(facts, date(2019, 1, 10))
    assert [(m, d) for m, duty, d, _ in measures if duty == VISITS] == [
        ("ReminderIssued", date(2018, 11, 1)),
        ("CaseResolved", date(2018, 11, 16)),
    ]


# ── 2. a chain: 委员 → 副书记 → 书记 ────────────────────────────────────────────────────

CHAIN_ORDERS = pytest.mark.parametrize(
    ("first_left", "then_left"),
    list(itertools.product([True, False], repeat=2)),
    ids=lambda left: "left first" if left else "made first",
)
#: The second change on the day of the first, or on the next day (consecutive facts).
DAYS_APART = pytest.mark.parametrize("apart", [0, 1], ids=["same day", "next day"])


def _chain(on: date, apart: int, first_left: bool, then_left: bool) -> list[Fact]:
    then = date.fromordinal(on.toordinal() + apart)
    return [*_deputy(on, left_first=first_left), *_secretary(then, left_first=then_left)]


@CHAIN_ORDERS
@DAYS_APART
def test_a_chain_keeps_the_tenure_for_a_visit_recorded_late(
    first_left: bool, then_left: bool, apart: int
) -> None:
    """p-n visits br-1 on 08-10 as 委员; on 09-01 he is made 副书记 and then (that day, or
    on 09-02) 书记, p-cmt leaving the 书记 seat; the visit of 08-10 is recorded on 09-10.
    By hand, in every recording order (三、（八）: 党委成员 since 03-01 on every day): the
    visit is his second of 2018: DutyFulfilled on 09-10 (fulfilled 08-10, due 12-31), no
    waiver, no reminder; his contact point is the one of 03-20 (nothing owed again);
    accountability takes no measure about his visits or contact point (as 书记 he answers
    for the committee's own duties from 09-01: not looked at here); the holders named: 书记
    p-n alone."""
    facts = [*BEFORE, *_chain(date(2018, 9, 1), apart, first_left, then_left),
             (date(2018, 9, 10), visit("p-n", date(2018, 8, 10)))]  # fmt: skip
    outputs = _duties(facts, date(2019, 1, 10))
    assert _said(outputs, VISITS) == [("DutyFulfilled", DUE, date(2018, 9, 10), date(2018, 8, 10))]
    assert _said(outputs, ASSIGNED) == HAS_ONE
    measures, ledger = _through_both(facts, date(2019, 1, 10))
    assert [m for m in measures if m[1] in (VISITS, ASSIGNED)] == []
    assert _holders(ledger) == {
        "cmt|secretary": ["p-n"], "gb-1|secretary": ["p-g1"], "br-1|secretary": ["p-1"],
    }  # fmt: skip


@CHAIN_ORDERS
@DAYS_APART
def test_a_chain_keeps_the_criticism_deadline(
    first_left: bool, then_left: bool, apart: int
) -> None:
    """p-n lets his 2018 visits pass and is criticised on 2019-01-01 (to rectify by 01-31);
    on 01-15 he is made 副书记 and then (that day, or 01-16) 书记. By hand, in every
    recording order: the measures naming p-n are :data:`LET_PASS_THEN_UNRECTIFIED` (the
    通报 proposal of 02-01 for the deadline passed unrectified, 四), no 免除 announced; the
    duties service says DutyDueSoon 11-01 and DutyOverdue 2019-01-01 only."""
    facts = BEFORE + _chain(date(2019, 1, 15), apart, first_left, then_left)
    assert _said(_duties(facts, date(2019, 2, 10)), VISITS) == [
        ("DutyDueSoon", DUE, date(2018, 11, 1), None),
        ("DutyOverdue", DUE, date(2019, 1, 1), None),
    ]
    measures, _ = _through_both(facts, date(2019, 2, 10))
    assert [m for m in measures if m[1] == VISITS] == UNRECTIFIED


# ── 3. a chain recorded out of order: the first leaving after the second ──────────────


def _chain_apart(made: date, second: date, records: tuple[date, date, date]) -> list[Fact]:
    """p-n is made 副书记 on ``made`` (recorded that day) and 书记 on ``second``, p-cmt
    leaving the 书记 seat that day (recorded that day). Recorded on ``records``, in this
    order: his leaving of the 副书记 seat (``second``), then of the 委员 seat (``made``: the
    first link, recorded after the second), then his appointment as 书记 (``second``)."""
    left_second, left_first, made_secretary = records
    return [
        (made, appointed("cmt", "p-n", "deputy_secretary", made)),
        (second, left_office("cmt", "p-cmt", "secretary", second)),
        (left_second, left_office("cmt", "p-n", "deputy_secretary", second)),
        (left_first, left_office("cmt", "p-n", "committee_member", made)),
        (made_secretary, appointed("cmt", "p-n", "secretary", second)),
    ]


def _on_their_days(made: date, second: date) -> list[Fact]:
    """The chain of :func:`_chain_apart`, each fact recorded on its day."""
    return [*_deputy(made, left_first=False), *_secretary(second, left_first=False)]


def test_a_chain_recorded_out_of_order_keeps_the_miss_of_the_tenure() -> None:
    """p-n (委员 since 03-01, one visit of two) is made 副书记 on 2018-09-01 and 书记 on
    2019-01-15. The registry records the 副书记 leaving on 01-16, the 委员 leaving of
    09-01 on 01-20 and the 书记 appointment on 01-25. By hand (三、（八）: 党委成员 on every
    day, through 委员, 副书记 and 书记; 四): he let 12-31 pass in office, as the log knows
    when the 委员 leaving comes (副书记 until 01-15): DutyDueSoon 11-01 and DutyOverdue
    2019-01-01 of 2018, not waived (old code: DutyWaived 已离任（2018-09-01）, dating the
    leaving by the first link). From 01-20 to 01-25 the log shows him in no seat, last
    left on 01-15: the 2019 visits, owed since 01-01, are waived by the tick of 01-21,
    and owed again as they stood once the 书记 appointment continues the tenure.
    Accountability, as on the days: criticised 01-01 (to rectify by 01-31), 通报 proposed
    02-01 (:data:`UNRECTIFIED`), no 免除; the leaving of 01-15 ends the deadline (离任，
    无从整改) and the 书记 appointment of that day gives it back (old code: the deadline
    ended by the leaving dated 09-01 was never given back, and 01-31 passed with no 通报
    proposed). The cases stand alike."""
    made, second, last = date(2018, 9, 1), date(2019, 1, 15), date(2019, 3, 10)
    records = (date(2019, 1, 16), date(2019, 1, 20), date(2019, 1, 25))
    apart = BEFORE + _chain_apart(made, second, records)
    assert _said(_duties(apart, last), VISITS) == [
        ("DutyDueSoon", DUE, date(2018, 11, 1), None),
        ("DutyOverdue", DUE, date(2019, 1, 1), None),
        ("DutyWaived", date(2019, 12, 31), date(2019, 1, 21), None),
    ]
    measures, late = _through_both(apart, last)
    _, on_time = _through_both(BEFORE + _on_their_days(made, second), last)
    assert [m for m in measures if m[1] == VISITS] == UNRECTIFIED
    assert _cases(late) == _cases(on_time)


def test_a_chain_recorded_out_of_order_dates_the_waiver_by_the_tenure_s_end() -> None:
    """As above, made 副书记 on 2018-09-01 and 书记 on 10-15: the 副书记 leaving recorded
    on 10-16, the 委员 leaving of 09-01 on 10-20, the 书记 appointment only on 2019-01-10,
    after the deadline. By hand: from 10-20 the log shows him in no seat of the
    committee, last in the 副书记 seat, left 10-15; the visits are waived, dated by that
    last day (已离任（2018-10-15）, said by the next tick, 10-21: an appointment that day
    would continue the tenure), so he is not reminded on 11-01. The 书记 appointment of
    10-15 continues that tenure (同日转任): the visits are owed again as they stood, due
    12-31 with no new grace (old code: the waiver dated 09-01 matched no appointment of
    10-15, and the year was opened again as a new tenure's, due 04-20): overdue by the
    next tick, 01-11. Accountability had no case of them (waived before the reminder)
    and criticises him on 01-11. On 01-12 it proposes 通报、约谈 for 特别突出 (四): as 书记
    since 10-15 he answers for the committee's duties that fell due since, left undone
    in this history."""
    made, second, last = date(2018, 9, 1), date(2018, 10, 15), date(2019, 3, 10)
    records = (date(2018, 10, 16), date(2018, 10, 20), date(2019, 1, 10))
    apart = BEFORE + _chain_apart(made, second, records)
    outputs = _duties(apart, last)
    assert _said(outputs, VISITS) == [
        ("DutyWaived", DUE, date(2018, 10, 21), None),
        ("DutyOverdue", DUE, date(2019, 1, 11), None),
    ]
    waived = next(o.data for o in outputs if isinstance(o.data, DutyWaived))
    assert waived.reason == "已离任（2018-10-15）"
    measures, ledger = _through_both(apart, last)
    assert [m for m in measures if m[1] == VISITS] == [
        ("CriticismIssued", VISITS, date(2019, 1, 11), ["p-n"]),
        ("AccountabilityProposed", VISITS, date(2019, 1, 12), ["p-n"]),
    ]
    (case,) = [c for c in ledger.cases.values() if c.duty_id == VISITS]
    assert case.grounds[0] is Ground.PROMINENT
