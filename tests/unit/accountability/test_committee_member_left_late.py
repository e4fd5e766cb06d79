"""A 委员's leaving recorded late (补录) and the 支部委员会 a branch owes only with a 委员.

``branch.committee_meeting.monthly`` (支部委员会会议, 三会一课: 支部委员会一般每月召开1次)
applies only to a branch that has a 委员 (catalog ``only_with_office: committee_member``):
a month is owed when the branch has one on its first day. The leaving's day decides, not
the day it is recorded (补录: the contract's ``time`` is when the fact happened; the right
party answers, seed 四 and 实施细则 三、（八）): a month begun with no 委员 owes nothing
whenever the leaving is recorded; a month begun while one held the office stays owed.

Histories of br-1 (under gb-1, secretary ``p-1``), no 支部委员会 held all year, folded
with each fact on its day and with the office changes recorded late
(:mod:`tests.unit.accountability.structural_histories`).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import structure
from tests.unit.accountability.builders import through_both
from tests.unit.accountability.structural_histories import (
    Fact,
    Verdicts,
    history,
    meeting,
    verdicts,
)
from tests.unit.duties.builders import appointed, left_office, make

pytestmark = pytest.mark.unit

COMMITTEE_MEETING = ("br-1", "branch.committee_meeting.monthly")
JANUARY_FIRST = date(2018, 1, 1)


def _both(facts: list[Fact]) -> tuple[Verdicts, Verdicts]:
    """The verdicts of ``facts`` each recorded on its day, and as ``facts`` record them."""
    on_time, late = verdicts([Fact(f.on, f.payload) for f in facts]), verdicts(facts)
    assert on_time is not None
    assert late is not None
    return on_time, late


def _made_deputy(on: date, leaving_late: int, appointment_late: int) -> list[Fact]:
    """``p-c0``, br-1's only 委员 from 01-01, made 副书记 on ``on`` (同日转任), the leaving
    and the appointment recorded so many days late."""
    leaving = left_office("br-1", "p-c0", "committee_member", on)
    appointment = appointed("br-1", "p-c0", "deputy_secretary", on)
    return [
        _member("p-c0"),
        Fact(on, leaving, leaving_late),
        Fact(on, appointment, appointment_late),
    ]


def _member(person: str) -> Fact:
    return Fact(JANUARY_FIRST, appointed("br-1", person, "committee_member", JANUARY_FIRST))


def test_a_month_begun_while_the_member_held_office_stays_owed() -> None:
    """(seed 73 of the recording-order property) ``p-c0``, br-1's only 委员, is made 副书记
    on 03-10 (同日转任), the appointment recorded 03-14, the leaving 03-19. March began
    with a 委员 (03-01): March's 支部委员会 is owed in both orders, none held, so overdue
    on 04-08 (due 04-07) and a case in both, ending the same. April began with none: no
    April case in either order."""
    on = date(2018, 3, 10)
    facts = _made_deputy(on, 9, 4)
    on_time, late = _both(facts)
    march, april = (*COMMITTEE_MEETING, "2018-03"), (*COMMITTEE_MEETING, "2018-04")
    assert march in on_time.cases
    assert late.cases[march] == on_time.cases[march]
    assert april not in on_time.cases
    assert april not in late.cases


def test_another_member_in_office_keeps_the_month_owed() -> None:
    """br-1 has two 委员, ``p-c0`` and ``p-c1``, from 01-01; ``p-c0`` leaves on 01-28, the
    leaving recorded 02-07. February began with a 委员 (``p-c1``): owed in both orders,
    none held, the same case (overdue 03-08) in both."""
    on = date(2018, 1, 28)
    facts = [_member("p-c0"), _member("p-c1"),
             Fact(on, left_office("br-1", "p-c0", "committee_member", on), 10)]  # fmt: skip
    on_time, late = _both(facts)
    february = (*COMMITTEE_MEETING, "2018-02")
    assert february in on_time.cases
    assert late.cases[february] == on_time.cases[february]


def test_a_leaving_recorded_after_the_reminder_waives_the_month_said_owed() -> None:
    """``p-c0``, br-1's only 委员, made 副书记 on 01-28; the appointment recorded 01-31,
    the leaving only on 03-01, after February's reminder day (02-28, 7 days before the
    due day 03-07). The reminder (即将到期) was said, so the leaving waives February
    with a ``DutyWaived`` (closing what was said), for the month began with no 委员
    (已不设委员): no DutyOverdue of February, no criticism nor proposal about it (a
    case the reminder opened ends, waived), as recorded on its day (no February case
    at all)."""
    on = date(2018, 1, 28)
    facts = _made_deputy(on, 32, 3)
    on_time, late = _both(facts)
    february = (*COMMITTEE_MEETING, "2018-02")
    assert february not in on_time.cases
    assert not [o for o in late.overdue if o[:3] == february]
    case = late.cases.get(february)
    assert case is None or (case[1] == () and case[2] != "open"), case
    duties, _ = through_both(history(facts))
    said = [
        e.type
        for e in duties
        if getattr(e.data, "duty_id", None) == COMMITTEE_MEETING[1]
        and getattr(e.data, "period", None) == "2018-02"
    ]
    assert said == ["zeren.DutyDueSoon", "zeren.DutyWaived"]


def test_a_meeting_of_a_month_owed_recorded_after_the_member_left_counts() -> None:
    """(seed 73 of the recording-order property, as generated) ``p-c0``, br-1's only 委员,
    is made 副书记 on 03-10; a 支部委员会 held on 03-01, while he was 委员, is recorded
    on 03-18. March began with a 委员, so it is owed (三会一课: 支部委员会一般每月召开1次),
    and the meeting held in it fulfils it, whenever either fact is recorded: no March
    case, in either order (the leaving and the appointment on their day, or recorded
    03-19 and 03-14). Before: recorded on their day, the meeting found no 委员 on 03-18
    and was credited to nothing; March was found overdue (04-08), and 通报、约谈 proposed
    against the secretary ``p-1``, whose branch held the meeting."""
    on, held = date(2018, 3, 10), date(2018, 3, 1)
    facts = [*_made_deputy(on, 9, 4),
             Fact(date(2018, 3, 18), meeting("branch_committee_meeting", held))]  # fmt: skip
    on_time, late = _both(facts)
    march = (*COMMITTEE_MEETING, "2018-03")
    assert march not in late.cases
    assert march not in on_time.cases


def test_a_late_appointment_owes_again_the_months_a_late_leaving_released() -> None:
    """(The move hunt, seed 122: office changes up to 150 days late.) ``p-c0``, br-1's
    only 委员, leaves the seat on 04-17, recorded 07-04; ``p-x`` is made 委员 on 05-25,
    recorded 07-21. No 支部委员会 is held.

    By hand (三、（四）: 支部委员会一般每月召开1次; owed for a month whose first day found a
    委员 in office): May began with none, so it is not owed in either order. June and
    July began with ``p-x`` in the seat: owed, and missed. On their days, June is overdue
    on 07-08 and July on 08-08, each case naming the secretary ``p-1``.

    Recorded late, the leaving (07-04) releases June (reminded on 06-30: waived) and
    July (silently), as the registry then shows no 委员 on their first days. The
    appointment (07-21) shows both owed again. July stands as on its day: overdue on
    08-08, the same case. June's deadline (07-07) has passed: it gets its grace again
    from 07-21 (overdue on 07-29), and its case names ``p-1``, secretary on the rule's
    deadline. Each case ends as on their days (with 特别突出's 通报、约谈 proposed). Before:
    the appointment opened only months with no instance, so June and July stayed
    released and no one answered for them."""
    left, came = date(2018, 4, 17), date(2018, 5, 25)
    on_time, late = _both(
        [
            _member("p-c0"),
            Fact(left, left_office("br-1", "p-c0", "committee_member", left), 78),
            Fact(came, appointed("br-1", "p-x", "committee_member", came), 57),
        ]
    )
    may, june, july = ((*COMMITTEE_MEETING, m) for m in ("2018-05", "2018-06", "2018-07"))
    assert may not in on_time.cases
    assert may not in late.cases or late.cases[may][2] != "open"
    assert on_time.cases[june][0] == on_time.cases[july][0] == ("p-1",)
    assert late.cases[july] == on_time.cases[july]
    assert late.cases[june] == on_time.cases[june]
    assert {(*june, ("p-1",)), (*july, ("p-1",))} <= late.overdue


def test_a_member_appointed_on_a_month_s_first_day_owes_that_month() -> None:
    """(The move hunt, seed 798.) ``p-c0``, br-1's only 委员, leaves the seat on 06-23;
    ``p-x`` is made 委员 on 09-01. No 支部委员会 is held.

    By hand (三、（四）: 支部委员会一般每月召开1次; owed for a month whose first day found a
    委员 in office): July and August began with none, so they are not owed. September
    began with ``p-x`` in the seat, appointed that day: owed, overdue on 10-08 (due
    10-07), the case naming the secretary ``p-1``; as is October. The same with the
    appointment recorded on its day and ten days late.

    Before: the appointment came after the tick that opened September (no 委员 then),
    and it opened only the months after its own, so September was never owed. In the
    seed, the leaving too was recorded after 09-01, and September was owed: the two
    orders disagreed."""
    left, came = date(2018, 6, 23), date(2018, 9, 1)
    on_time, late = _both(
        [
            _member("p-c0"),
            Fact(left, left_office("br-1", "p-c0", "committee_member", left)),
            Fact(came, appointed("br-1", "p-x", "committee_member", came), 10),
        ]
    )
    july, august, september, october = (
        (*COMMITTEE_MEETING, m) for m in ("2018-07", "2018-08", "2018-09", "2018-10")
    )
    assert july not in on_time.cases
    assert august not in on_time.cases
    assert (*september, ("p-1",)) in on_time.overdue
    assert on_time.cases[september][0] == on_time.cases[october][0] == ("p-1",)
    for month in (july, august, september, october):
        assert late.cases.get(month) == on_time.cases.get(month)


def test_a_month_owed_again_after_its_rectification_deadline_names_that_day_s_holders() -> None:
    """(The move hunt, seed 78.) ``p-c0``, br-1's only 委员, leaves the seat on 03-07,
    recorded on 05-23; ``p-3`` is made 委员 on 03-18, recorded on 07-06. The secretary
    ``p-1`` leaves on 05-24 and no one succeeds him. br-1 holds its other meetings
    every month and no 支部委员会.

    By hand: April began with ``p-3`` in the seat, so April's 支部委员会 is owed and
    missed. On their days: overdue on 05-08, criticised (提出批评，限期整改 to 06-07,
    naming ``p-1``, secretary on 05-07). On 06-07 the secretary's office is vacant:
    the deadline passes unrectified (整改期限届满时的责任人：职务空缺), the case names
    nobody, keeping ``p-1`` as named before, and 通报、约谈 is proposed (四).

    Recorded late, the leaving waives April on 05-23 after its criticism, and the
    appointment makes it owed again on 07-06 (恢复履行): the deadline of 06-07 is found
    passed with the office vacant, and the duties service says April overdue again on
    07-14, after its new grace. That says the same failure again: the case stands as on
    their days. Before: it named ``p-1`` anew, as if no deadline had passed since."""
    left, came, gone = date(2018, 3, 7), date(2018, 3, 18), date(2018, 5, 24)
    held = [
        Fact(date(2018, month, 2), meeting(kind, date(2018, month, 2)))
        for month in range(1, 13)
        for kind in ("branch_general_meeting", "party_lecture", "theme_party_day")
    ]
    on_time, late = _both(
        [
            _member("p-c0"),
            Fact(left, left_office("br-1", "p-c0", "committee_member", left), 77),
            Fact(came, appointed("br-1", "p-3", "committee_member", came), 110),
            Fact(gone, left_office("br-1", "p-1", "secretary", gone)),
            *held,
        ]
    )
    april = (*COMMITTEE_MEETING, "2018-04")
    assert on_time.cases[april] == ((), ("notice_interview",), "open")
    assert late.cases[april] == on_time.cases[april]


def test_a_leaving_recorded_after_a_later_one_keeps_the_months_the_other_held() -> None:
    """(The dissolution hunt, seed 198.) br-1 has two 委员, ``p-c0`` and ``p-c1``, from
    01-01. ``p-c1`` leaves the seat on 07-27, recorded on 11-21; ``p-c0`` leaves on 10-26,
    recorded on 11-09. No 支部委员会 is held.

    By hand (三、（四）; owed for a month whose first day found a 委员 in office): August,
    September and October began with ``p-c0`` in the seat, so they are owed and missed:
    overdue on 09-08, 10-08 and 11-08, each case naming the secretary ``p-1``. November
    began with no 委员: not owed. The same recorded late: ``p-c1``'s leaving, recorded
    last, releases only November, the one month since 07-27 that began with neither in
    office. Before: it looked only at the present 委员 (none), and released August to
    October, which ``p-c0`` held, as never owed."""
    second, first = date(2018, 7, 27), date(2018, 10, 26)
    on_time, late = _both(
        [
            _member("p-c0"),
            _member("p-c1"),
            Fact(second, left_office("br-1", "p-c1", "committee_member", second), 117),
            Fact(first, left_office("br-1", "p-c0", "committee_member", first), 14),
        ]
    )
    months = [(*COMMITTEE_MEETING, f"2018-{m:02}") for m in (8, 9, 10, 11)]
    for month in months[:3]:
        assert on_time.cases[month][0] == ("p-1",)
        assert late.cases[month] == on_time.cases[month]
    assert months[3] not in on_time.cases
    assert late.cases.get(months[3]) is None


def test_a_dissolution_recorded_late_keeps_the_months_judged_late_that_fell_due_before() -> None:
    """(The dissolution hunt, seed 798.) ``p-c0``, br-1's only 委员, leaves the seat on
    06-23; ``p-x`` is made 委员 on 08-20, recorded on 12-20; br-1 is dissolved (撤销) on
    12-17, recorded on 2019-02-26. No 支部委员会 is held.

    By hand (三、（四）; 撤销 waives what falls due from its day): September, October and
    November began with ``p-x`` in the seat, so they are owed, and fell due (10-07,
    11-07, 12-07) before the dissolution: on their days, overdue and criticised naming
    the secretary ``p-1``, and still so once br-1 is dissolved. December's falls due on
    01-07, after it: waived, no case. Recorded late, the appointment opens the three
    months judged late (their grace from 12-20) and December; the dissolution waives
    December only, for the other three fell due by their rule before 12-17. Before: it
    waived them too, by the deadline their late judgement gave them (12-27)."""
    left, came, dissolved = date(2018, 6, 23), date(2018, 8, 20), date(2018, 12, 17)
    dissolution = make(
        structure.OrganizationDissolved, organization_id="br-1", dissolved_on=dissolved
    )
    on_time, late = _both(
        [
            _member("p-c0"),
            Fact(left, left_office("br-1", "p-c0", "committee_member", left)),
            Fact(came, appointed("br-1", "p-x", "committee_member", came), 122),
            Fact(dissolved, dissolution, 71),
        ]
    )
    for month in ("2018-09", "2018-10", "2018-11"):
        for verdict in (on_time, late):
            persons, _, status = verdict.cases[(*COMMITTEE_MEETING, month)]
            assert (persons, status) == (("p-1",), "open"), (month, verdict is late)
    december = (*COMMITTEE_MEETING, "2018-12")
    assert december not in on_time.cases
    assert late.cases.get(december, ((), (), "resolved"))[2] != "open"
