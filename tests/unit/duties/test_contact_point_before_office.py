"""A 党委成员's contact point (联系点) decided before the appointment counts.

沪开大委〔2017〕48号 三、（八） 建立党委成员抓基层党支部工作联系点制度, with 四 自查 第34题 班子
成员...建立基层联系点 (``committee_member.contact_point.assigned``): a 党委成员 has a contact
point within 90 days of taking office (counted from ``appointed_on``, no grace, reminded
30 days before the deadline). The duty is to HAVE one: the committee often decides the
contact point with the nomination, so the assignment may be dated a few days before the
appointment the personnel registry records (the day of the committee meeting, the
appointment dated the day after). Such an assignment still stands on the appointment
day (the contracts have no fact that ends or moves one), so the 党委成员 has a contact
point from the first day: fulfilled as of the appointment day, in time, never reminded
nor overdue, whichever of the two facts is recorded first.

The rules the expectations below follow (written by hand before the code was run):

- An assignment dated at most the duty's span (90 days) before the appointment counts
  as of the appointment day; one dated earlier was not decided for this office and does
  not count (the boundary: 2018-03-03 is 90 days before 2018-06-01, 03-02 is 91).
- A contact point is a 党委成员's (``ContactPointAssigned``: the committee member, 联系领导):
  one taken in a former tenure ended when its holder left every committee office (离任);
  appointed again, they owe a contact point again (see ``_already_subject``), and a
  contact point assigned again (the same branch or another: 重新确定) counts as any other.
- A 委员 made 副书记 is the same 党委成员 and keeps the contact point: nothing is owed anew.

Appointed on 2018-06-01: due 2018-08-30 (06-01 + 90 days), reminded 07-31, overdue on
08-31. The log: the committee ``cmt``, its general branch ``gb-1`` and its branches
``br-1``, ``br-2`` from 2017-01-01, ticked daily; each fact logged on the day it is
recorded, its envelope dated the day it happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import activities
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.duties.builders import History, appointed, fold, left_office, make

pytestmark = pytest.mark.unit

ASSIGNED = "committee_member.contact_point.assigned"
BEGINNING = date(2017, 1, 1)
APPOINTED = date(2018, 6, 1)
DUE = date(2018, 8, 30)
#: Reminded on 07-31 and found overdue on 08-31: no contact point counts.
MISSED = [("DutyDueSoon", DUE, None), ("DutyOverdue", DUE, None)]
#: Fulfilled as of the appointment day, in time.
HAS_ONE = [("DutyFulfilled", DUE, APPOINTED)]

#: (day recorded, day it happened, fact)
Fact = tuple[date, date, Payload]
#: (status event, due_on, fulfilled_on or None)
Verdict = tuple[str, date, date | None]


def _assigned(person: str, on: date, branch: str = "br-1") -> Payload:
    return make(activities.ContactPointAssigned, organization_id=branch, person_id=person,
                assigned_on=on)  # fmt: skip


def _appointed(on: date, office: str = "committee_member") -> Payload:
    return appointed("cmt", "p-n", office, on)


def _left(on: date) -> Payload:
    return left_office("cmt", "p-n", "committee_member", on)


def _events(facts: Sequence[Fact], last: date) -> list[tuple[Envelope, int]]:
    """The units from 2017-01-01 and ``facts``, each logged on the day recorded between
    daily ticks up to ``last``, its envelope dated the day it happened."""
    history = History()
    term = {"term_ends_on": date(2019, 12, 31)}
    history.unit("cmt", "party_committee", None, "p-cmt", BEGINNING, **term)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", BEGINNING, **term)
    for branch in ("br-1", "br-2"):
        history.unit(branch, "branch", "gb-1", f"p-{branch}", BEGINNING, category="faculty", **term)
    day = BEGINNING
    for recorded, happened, fact in sorted(facts, key=lambda f: f[0]):
        history.ticks(day, recorded)
        history.add(fact, happened)
        day = date.fromordinal(recorded.toordinal() + 1)
    history.ticks(day, last)
    return history.events


def _verdicts(facts: Sequence[Fact], last: date = date(2018, 12, 31)) -> list[Verdict]:
    """(status, due_on, fulfilled_on) of p-n's contact-point duty, in order."""
    outputs = fold(_events(facts, last))[1]
    return [
        (o.type.removeprefix("zeren."), o.data.due_on, getattr(o.data, "fulfilled_on", None))
        for o in outputs
        if isinstance(o.data, DutyStatus)
        and (o.data.duty_id, o.data.person_id) == (ASSIGNED, "p-n")
    ]


def _of_the_appointment(verdicts: list[Verdict]) -> list[Verdict]:
    return [verdict for verdict in verdicts if verdict[1] == DUE]


# ── assigned a few days before the appointment ────────────────────────────────────────


@pytest.mark.parametrize(
    "facts",
    [
        [
            (date(2018, 5, 28), date(2018, 5, 28), _assigned("p-n", date(2018, 5, 28))),
            (APPOINTED, APPOINTED, _appointed(APPOINTED)),
        ],
        [
            (APPOINTED, APPOINTED, _appointed(APPOINTED)),
            (date(2018, 6, 10), date(2018, 5, 28), _assigned("p-n", date(2018, 5, 28))),
        ],
        [
            (date(2018, 5, 31), date(2018, 5, 31), _assigned("p-n", date(2018, 5, 31))),
            (date(2018, 6, 4), APPOINTED, _appointed(APPOINTED)),
        ],
    ],
    ids=["assignment recorded first", "appointment recorded first", "meeting day, HR after"],
)
def test_a_contact_point_assigned_days_before_the_appointment_fulfils_it(
    facts: list[Fact],
) -> None:
    """三、（八）. The committee assigns br-1 to p-n on 2018-05-28 (or on 05-31, the day of the
    meeting that nominated p-n) and p-n becomes 委员 on 06-01. By hand: p-n has a contact
    point from the first day in office: DutyFulfilled, due 08-30, fulfilled on 06-01 (the
    day it became a 党委成员's contact point), in time; no reminder (07-31) and never
    overdue. The same whether the registry records the assignment before the appointment
    (on 05-28) or after it (on 06-10), and when HR records the appointment days later."""
    assert _verdicts(facts) == HAS_ONE


@pytest.mark.parametrize(
    ("assigned_on", "expected"),
    [(date(2018, 3, 3), HAS_ONE), (date(2018, 3, 2), MISSED), (date(2018, 2, 15), MISSED)],
    ids=["90 days before", "91 days before", "106 days before"],
)
@pytest.mark.parametrize("recorded_first", [True, False], ids=["recorded first", "recorded after"])
def test_an_assignment_counts_when_made_within_the_span_before_the_appointment(
    assigned_on: date, expected: list[Verdict], recorded_first: bool
) -> None:
    """The clear rule for an assignment dated long before: it counts if dated at most the
    duty's span (90 days) before the appointment of 2018-06-01. By hand: 03-03 (90 days
    before) counts: fulfilled on 06-01, due 08-30; 03-02 (91 days) and 02-15 (106 days)
    do not: reminded 07-31, overdue 08-31. The same when the assignment is recorded on its
    own day (before the appointment) or on 06-10 (after it)."""
    recorded = assigned_on if recorded_first else date(2018, 6, 10)
    facts: list[Fact] = [
        (recorded, assigned_on, _assigned("p-n", assigned_on)),
        (APPOINTED, APPOINTED, _appointed(APPOINTED)),
    ]
    assert _verdicts(facts) == expected


# ── a former tenure, a contact point assigned again ───────────────────────────────────


def test_a_contact_point_of_a_former_tenure_ended_with_it() -> None:
    """p-n was 委员 from 2017-01-10 (before catalog v1 took effect on 2017-10-20: that
    appointment owes nothing under it), took br-1 as contact point on 2017-03-01, left the
    committee on 2017-12-15 and is appointed 委员 again on 2018-06-01. The contracts have no
    fact that ends an assignment, but the contact point is a 党委成员's and p-n was none
    from 2017-12-15; the assignment is also 15 months before the appointment, past the
    90-day rule. By hand: p-n owes a contact point again: reminded 07-31, overdue 08-31;
    no other status names p-n."""
    facts: list[Fact] = [
        (date(2017, 1, 10), date(2017, 1, 10), _appointed(date(2017, 1, 10))),
        (date(2017, 3, 1), date(2017, 3, 1), _assigned("p-n", date(2017, 3, 1))),
        (date(2017, 12, 15), date(2017, 12, 15), _left(date(2017, 12, 15))),
        (APPOINTED, APPOINTED, _appointed(APPOINTED)),
    ]
    assert _verdicts(facts) == MISSED


def test_a_contact_point_taken_in_a_former_tenure_within_the_span_does_not_count() -> None:
    """p-n was 委员 from 2018-01-10 (due 04-10), took br-1 on 03-10 (recorded that day:
    fulfilled, in time), left on 04-15, and is appointed again on 06-01. The assignment is
    83 days before the appointment, but was the contact point of the former tenure, which
    ended on 04-15. By hand, for the appointment of 06-01: reminded 07-31, overdue 08-31."""
    facts: list[Fact] = [
        (date(2018, 1, 10), date(2018, 1, 10), _appointed(date(2018, 1, 10))),
        (date(2018, 3, 10), date(2018, 3, 10), _assigned("p-n", date(2018, 3, 10))),
        (date(2018, 4, 15), date(2018, 4, 15), _left(date(2018, 4, 15))),
        (APPOINTED, APPOINTED, _appointed(APPOINTED)),
    ]
    verdicts = _verdicts(facts)
    assert verdicts[0] == ("DutyFulfilled", date(2018, 4, 10), date(2018, 3, 10))
    assert _of_the_appointment(verdicts) == MISSED


@pytest.mark.parametrize(
    ("recorded", "assigned_on", "expected"),
    [
        (date(2018, 5, 25), date(2018, 5, 25), HAS_ONE),
        (date(2018, 6, 10), date(2018, 5, 25), HAS_ONE),
        (date(2018, 6, 20), date(2018, 6, 20), [("DutyFulfilled", DUE, date(2018, 6, 20))]),
    ],
    ids=["before, recorded first", "before, recorded after", "after the appointment"],
)
def test_a_contact_point_assigned_again_counts(
    recorded: date, assigned_on: date, expected: list[Verdict]
) -> None:
    """重新确定联系点. p-n was 委员 from 2018-01-10 and took br-1 on 01-20 (fulfilled), left on
    02-28, and is appointed again on 06-01; the committee assigns p-n a contact point again
    (br-2). By hand, for the appointment of 06-01 (due 08-30): assigned on 05-25, between
    the tenures, recorded that day or on 06-10: fulfilled as of 06-01, in time; assigned on
    06-20: fulfilled on 06-20, in time. Never reminded nor overdue. That p-n had a contact
    point before does not stop the new one from counting."""
    facts: list[Fact] = [
        (date(2018, 1, 10), date(2018, 1, 10), _appointed(date(2018, 1, 10))),
        (date(2018, 1, 20), date(2018, 1, 20), _assigned("p-n", date(2018, 1, 20))),
        (date(2018, 2, 28), date(2018, 2, 28), _left(date(2018, 2, 28))),
        (APPOINTED, APPOINTED, _appointed(APPOINTED)),
        (recorded, assigned_on, _assigned("p-n", assigned_on, "br-2")),
    ]
    verdicts = _verdicts(facts)
    assert verdicts[0] == ("DutyFulfilled", date(2018, 4, 10), date(2018, 1, 20))
    assert _of_the_appointment(verdicts) == expected


# ── 委员 made 副书记: the same 党委成员 ────────────────────────────────────────────────


def test_a_committee_member_made_deputy_secretary_keeps_the_contact_point() -> None:
    """p-n, 委员 from 2018-03-01 with br-1 as contact point from 03-20 (fulfilled, due
    05-30), is made 副书记 on 09-01 and stays 委员. By hand: one 党委成员, one contact point
    (``_already_subject``): the 副书记 appointment opens nothing; the only status naming
    p-n is the DutyFulfilled of 03-20; nothing due on 11-30 (09-01 + 90 days)."""
    facts: list[Fact] = [
        (date(2018, 3, 1), date(2018, 3, 1), _appointed(date(2018, 3, 1))),
        (date(2018, 3, 20), date(2018, 3, 20), _assigned("p-n", date(2018, 3, 20))),
        (date(2018, 9, 1), date(2018, 9, 1), _appointed(date(2018, 9, 1), "deputy_secretary")),
    ]
    assert _verdicts(facts) == [("DutyFulfilled", date(2018, 5, 30), date(2018, 3, 20))]
