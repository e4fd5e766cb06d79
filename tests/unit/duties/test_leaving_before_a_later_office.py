"""A 副书记 who leaves that office and later becomes 书记: the leaving does not waive what
the later office owes, whichever day the registry records the two facts.

沪开大委〔2017〕48号 三、（八）: 党总支、党支部书记每年向学校党委书面述职并接受评议
(``unit.secretary_work_report.yearly``: the 书记 of a branch reports on the year, due
01-31 of the next year, 31 days' grace, reminded 30 days before, on 01-01). 三、（三）:
the 书记 and 委员 of a branch are trained each year (``unit.secretary_training.yearly``:
书记, 副书记 and 委员 alike, due 01-31, reminded 60 days before, on 12-02).

离任 waives the duties about the office that the holder did not see fall due in office
(a secretary who left in May is not reminded of that year's 述职); a new tenure begun on
a later day owes only what it is in time for (appointed by the period's end and its
reminder day). The principle (written by hand before the code was run): a leaving ends
the tenure it ends, never a later one. A 书记 appointed on 11-06 owes the 2018 述职 and
training, as any secretary appointed by their reminder day does, however late the
registry records the leaving of another office before it, and in whatever order it
records the facts of one day.

The log: :func:`a_branch` (``br-1``, secretary ``p-1``, from 2018-01-01), ticked daily.
``p-1`` leaves the 书记 seat on 05-13 (his 2018 述职 is waived that day: 已离任). ``p-d``
is 副书记 of br-1 from 03-01. Nobody reports or trains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pytest

from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.accountability.builders import a_branch, on_their_days
from tests.unit.duties.builders import appointed, fold, left_office

pytestmark = pytest.mark.unit

REPORT = "unit.secretary_work_report.yearly"
TRAINING = "unit.secretary_training.yearly"
FIRST, LAST = date(2018, 1, 1), date(2019, 3, 5)

Fact = tuple[date, Payload]  # (day recorded, fact)

#: p-d 副书记 from 03-01; p-1 leaves the secretary's seat on 05-13.
BEFORE: list[Fact] = [
    (date(2018, 3, 1), appointed("br-1", "p-d", "deputy_secretary", date(2018, 3, 1))),
    (date(2018, 5, 13), left_office("br-1", "p-1", "secretary", date(2018, 5, 13))),
]
LEFT_DEPUTY = date(2018, 10, 18)
MADE_MEMBER = LEFT_DEPUTY
LEFT_MEMBER = MADE_SECRETARY = date(2018, 11, 6)
RECORDED = date(2018, 11, 7)

#: p-d leaves 副书记 and becomes 委员 on 10-18 (同日转任), leaves 委员 and becomes 书记 on
#: 11-06: the four facts in the order of their days.
THROUGH_MEMBER: list[Payload] = [
    left_office("br-1", "p-d", "deputy_secretary", LEFT_DEPUTY),
    appointed("br-1", "p-d", "committee_member", MADE_MEMBER),
    left_office("br-1", "p-d", "committee_member", LEFT_MEMBER),
    appointed("br-1", "p-d", "secretary", MADE_SECRETARY),
]
#: p-d leaves 副书记 on 10-18 and holds no office of br-1 until made 书记 on 11-06.
AFTER_A_GAP: list[Payload] = [
    left_office("br-1", "p-d", "deputy_secretary", LEFT_DEPUTY),
    appointed("br-1", "p-d", "secretary", MADE_SECRETARY),
]


def _on_their_days(facts: Sequence[Payload]) -> list[Fact]:
    return [(_day(fact), fact) for fact in facts]


def _recorded_late(facts: Sequence[Payload]) -> list[Fact]:
    """All of ``facts`` recorded on 11-07 (补录), in their order."""
    return [(RECORDED, fact) for fact in facts]


def _day(fact: Payload) -> date:
    day = getattr(fact, "left_on", None) or getattr(fact, "appointed_on", None)
    assert isinstance(day, date)
    return day


Said = tuple[str, date, str | None]  # (status event, day emitted, reason)


def _said(facts: Sequence[Fact], duty: str, person: str) -> list[Said]:
    """What the duties fold says of ``person``'s 2018 ``duty`` in br-1, in order."""
    outputs = fold(on_their_days(a_branch(), FIRST, BEFORE + list(facts), LAST).events)[1]
    return [
        (o.type.removeprefix("zeren."), o.time.date(), getattr(o.data, "reason", None))
        for o in outputs
        if isinstance(o.data, DutyStatus)
        and (o.data.organization_id, o.data.duty_id, o.data.person_id) == ("br-1", duty, person)
        and o.data.period == "2018"
    ]


#: The 2018 述职 of a 书记 appointed on 11-06: reminded on 2019-01-01, overdue on 02-01.
REPORT_OWED: list[Said] = [
    ("DutyDueSoon", date(2019, 1, 1), None),
    ("DutyOverdue", date(2019, 2, 1), None),
]
#: The 2018 training of a 书记 in office on its reminder day: reminded on 12-02, overdue
#: on 2019-02-01.
TRAINING_OWED: list[Said] = [
    ("DutyDueSoon", date(2018, 12, 2), None),
    ("DutyOverdue", date(2019, 2, 1), None),
]

STORIES = pytest.mark.parametrize(
    "story", [THROUGH_MEMBER, AFTER_A_GAP], ids=["through 委员", "after a gap"]
)
RECORDINGS = pytest.mark.parametrize(
    "recorded", [_on_their_days, _recorded_late], ids=["on their days", "on 11-07"]
)


@STORIES
@RECORDINGS
def test_a_secretary_appointed_in_time_owes_the_years_report(
    story: list[Payload], recorded: Callable[[Sequence[Payload]], list[Fact]]
) -> None:
    """三、（八）. p-d, 书记 from 11-06, before the reminder day of the 2018 述职 (2019-01-01),
    owes it: reminded on 01-01, overdue on 02-01. His leaving of 副书记 on 10-18 ended
    another tenure, which owed no 述职 (a 书记's duty): it waives nothing of his
    secretaryship, recorded on its day or on 11-07 with the appointment. His predecessor
    p-1's report was waived when he left on 05-13."""
    assert _said(recorded(story), REPORT, "p-d") == REPORT_OWED
    assert _said(recorded(story), REPORT, "p-1") == [
        ("DutyWaived", date(2018, 5, 13), "已离任（2018-05-13）")
    ]


@RECORDINGS
def test_a_tenure_continued_through_the_seat_of_a_member_owes_the_training(
    recorded: Callable[[Sequence[Payload]], list[Fact]],
) -> None:
    """三、（三）. 副书记, then 委员 (同日转任 on 10-18), then 书记 (同日转任 on 11-06): p-d held
    an office of br-1's committee on every day of 2018 from 03-01. He owes the 2018
    training as one tenure: reminded on 12-02, overdue on 2019-02-01, never waived."""
    assert _said(recorded(THROUGH_MEMBER), TRAINING, "p-d") == TRAINING_OWED


def test_a_holder_back_in_office_in_time_owes_the_training_again() -> None:
    """三、（三）. Recorded on their days: p-d held no office of br-1 from 10-18 to 11-06. The
    leaving waives his training (已离任), said once the day is over, on 10-19; the
    secretaryship of 11-06, before the reminder day (12-02), owes it again: reminded on
    12-02, overdue on 2019-02-01."""
    waived: Said = ("DutyWaived", date(2018, 10, 19), f"已离任（{LEFT_DEPUTY}）")
    assert _said(_on_their_days(AFTER_A_GAP), TRAINING, "p-d") == [waived, *TRAINING_OWED]


def test_a_leaving_recorded_with_the_later_office_waives_no_training() -> None:
    """三、（三）. Both facts recorded on 11-07, the leaving first: when the log learns that
    p-d left 副书记 on 10-18, he is 书记 already, appointed in time for the 2018 training.
    Nothing is waived that the secretaryship owes: reminded on 12-02, overdue on
    2019-02-01, as recorded on their days, without the waiver the log was too late to
    say."""
    assert _said(_recorded_late(AFTER_A_GAP), TRAINING, "p-d") == TRAINING_OWED
