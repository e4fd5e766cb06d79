"""A 党委成员's visits count for the 联系点 duty at their own contact point.

The seed (三、（八）): 党委领导班子其他成员……建立基层联系点; 建立党委成员抓基层党支部工作
联系点制度 (问题清单第33、34题). Two catalog entries carry it: every 党委成员 is given a
contact branch within 90 days of taking office (``committee_member.contact_point.
assigned``, evidence ``ContactPointAssigned``: the branch as ``organization_id``, the
member as ``person_id``), and visits it at least twice a year
(``committee_member.contact_point.visits``, evidence ``ContactPointVisited``, the branch
visited as ``organization_id``, credited to the visitor's own instance in the committee).
A visit to some other branch is no visit to the member's 联系点: it does not count.

The rule, stated here (every expectation below follows from it, written by hand before
the code was run):

- a visit counts when the branch visited was one of the member's contact points on the
  day of the visit (assigned on or before it). The contracts let a member have several
  (nothing ends or moves an assignment, nothing forbids a second): a visit to any of
  them counts;
- a visit to a branch before it became the member's contact point, while the member had
  another one, does not count (as a fact done before the office is not the office
  holder's);
- on a day the member had no contact point at all (none assigned by then: not yet, or
  never), any branch visited counts. The missing contact point is one failure, and the
  duty to assign one within 90 days answers for it; finding the member also short of
  visits would be a second verdict for it, against the person who did visit;
- an assignment recorded after the visits (补录) gives the same verdict as one recorded
  on its day: the visits it makes count are credited when it is recorded.

Catalog facts used (v1, unchanged to v5): the visits are due 12-31 with no grace,
reminded 60 days before (11-01), found overdue the next day (01-01); the contact point
is due 90 days from ``appointed_on`` (no grace, reminded 30 days before). A holder
appointed by a year's reminder day owes that year.

The log: ``cmt`` (secretary ``p-cmt``), ``gb-1`` and its branches ``br-1``, ``br-2`` from
2018-01-01, ticked daily; ``p-n`` becomes 党委委员 of ``cmt`` on 2018-01-10 (owes 2018's
visits and a contact point by 2018-04-10).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.events import activities
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.placement import placed_logs
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.duties.builders import appointed, fold, make

pytestmark = pytest.mark.unit

VISITS = "committee_member.contact_point.visits"
ASSIGNED = "committee_member.contact_point.assigned"
APPOINTED_ON = date(2018, 1, 10)

Fact = tuple[date, Payload]  # (day recorded, fact)
#: (status event, period, day emitted, fulfilled on)
Said = tuple[str, str, date, date | None]

MET_ON_0910 = [("DutyFulfilled", "2018", date(2018, 9, 10), date(2018, 9, 10))]
SHORT = [
    ("DutyDueSoon", "2018", date(2018, 11, 1), None),
    ("DutyOverdue", "2018", date(2019, 1, 1), None),
]


def _visit(branch: str, on: date) -> Fact:
    fact = make(activities.ContactPointVisited, organization_id=branch, person_id="p-n",
                visited_on=on)  # fmt: skip
    return on, fact


def _assigned(branch: str, on: date, recorded: date | None = None) -> Fact:
    fact = make(activities.ContactPointAssigned, organization_id=branch, person_id="p-n",
                assigned_on=on)  # fmt: skip
    return recorded or on, fact


def _appointment(recorded: date = APPOINTED_ON) -> Fact:
    return recorded, appointed("cmt", "p-n", "committee_member", APPOINTED_ON)


def _fulfilled_on(status: DutyStatus) -> date | None:
    return getattr(status, "fulfilled_on", None)


def _said(facts: Sequence[Fact], duty: str = VISITS) -> list[Said]:
    """What the duties fold says of p-n's ``duty`` from 2018-01-01 to 2019-01-02."""
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", BEGINNING, category="faculty")
    log = on_their_days(history, BEGINNING, facts, date(2019, 1, 2))
    return [
        (o.type.removeprefix("zeren."), o.data.period, o.time.date(), _fulfilled_on(o.data))
        for o in fold(log.events)[1]
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.person_id) == (duty, "p-n")
    ]


def test_two_visits_to_the_contact_point_meet_the_year() -> None:
    """A pin. By hand: br-1 becomes p-n's contact point on 02-01; p-n visits br-1 on 03-10
    and 09-10. Expected: 2018 fulfilled in time on 09-10, never reminded."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-1", date(2018, 3, 10)), _visit("br-1", date(2018, 9, 10))]
    assert _said(facts) == MET_ON_0910


def test_visits_to_another_branch_do_not_meet_the_year() -> None:
    """By hand: br-1 is p-n's contact point from 02-01; p-n visits br-2 (not his) on 03-10
    and 09-10, br-1 never. No visit to his 联系点 (三、（八）). Expected: reminded 11-01,
    overdue 2019-01-01, nothing fulfilled. Before the fix any visit counted: fulfilled on
    09-10."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-2", date(2018, 3, 10)), _visit("br-2", date(2018, 9, 10))]
    assert _said(facts) == SHORT


def test_one_visit_to_the_contact_point_and_one_elsewhere_is_one() -> None:
    """By hand: br-1 is p-n's contact point from 02-01; p-n visits br-1 on 03-10 and br-2 on
    09-10. One visit to his 联系点, of two. Expected: reminded 11-01, overdue 2019-01-01.
    Before the fix: fulfilled on 09-10."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-1", date(2018, 3, 10)), _visit("br-2", date(2018, 9, 10))]
    assert _said(facts) == SHORT


def test_visits_to_either_of_two_contact_points_count() -> None:
    """A pin. By hand: br-1 (02-01) and br-2 (03-01) are both p-n's contact points (the
    contracts allow several). p-n visits br-1 on 04-10 and br-2 on 09-10: two visits to
    his 联系点. Expected: fulfilled in time on 09-10."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_assigned("br-2", date(2018, 3, 1))]
    facts += [_visit("br-1", date(2018, 4, 10)), _visit("br-2", date(2018, 9, 10))]
    assert _said(facts) == MET_ON_0910


def test_a_visit_before_the_branch_became_a_contact_point_does_not_count() -> None:
    """By hand: br-1 is p-n's contact point from 02-01; p-n visits br-2 on 03-10, when br-2
    was not his; br-2 becomes his second contact point on 06-01 and he visits it on
    09-10. The 03-10 visit was to no 联系点 of his: one visit counts. Expected: reminded
    11-01, overdue 2019-01-01. Before the fix: fulfilled on 09-10."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-2", date(2018, 3, 10)), _assigned("br-2", date(2018, 6, 1))]
    facts += [_visit("br-2", date(2018, 9, 10))]
    assert _said(facts) == SHORT


def test_visits_before_any_contact_point_count() -> None:
    """By hand: p-n has no contact point until br-1 is assigned on 06-01 (late: due 04-10,
    the 90 days of 三、（八）; that duty finds him overdue on 04-11 and fulfilled late on
    06-01). He visited br-2 on 03-10, when he had none, and visits br-1 on 09-10. The
    missing contact point is the assignment duty's failure; the 03-10 visit counts.
    Expected: visits fulfilled in time on 09-10; the assignment reminded 03-11, overdue
    04-11, fulfilled late on 06-01."""
    facts = [_appointment(), _visit("br-2", date(2018, 3, 10))]
    facts += [_assigned("br-1", date(2018, 6, 1)), _visit("br-1", date(2018, 9, 10))]
    assert _said(facts) == MET_ON_0910
    assert [(event, day, on) for event, _, day, on in _said(facts, ASSIGNED)] == [
        ("DutyDueSoon", date(2018, 3, 11), None),
        ("DutyOverdue", date(2018, 4, 11), None),
        ("DutyFulfilledLate", date(2018, 6, 1), date(2018, 6, 1)),
    ]


def test_with_no_contact_point_recorded_any_visit_counts() -> None:
    """A pin. By hand: no contact point is ever recorded for p-n; he visits br-2 on 03-10
    and 09-10. Which branch is his is unknown; the assignment duty finds him overdue
    (04-11) for that one failure, and the visits are not held against him a second time.
    Expected: visits fulfilled in time on 09-10."""
    facts = [_appointment(), _visit("br-2", date(2018, 3, 10)), _visit("br-2", date(2018, 9, 10))]
    assert _said(facts) == MET_ON_0910


def test_a_contact_point_recorded_after_the_visits_credits_them() -> None:
    """By hand: br-2 is p-n's contact point from 02-01; br-1 became his second on 02-15, but
    the registry records that only on 10-01 (补录). He visits br-1 on 03-10 and 09-10: both
    at a contact point of his on their day. Expected, the assignment recorded on 02-15 or
    on 10-01: fulfilled in time on 09-10 (said on 09-10, or on 10-01 when recorded late).
    A fix that only looked at the contact points known when each visit was recorded would
    find him overdue in the late order."""
    base = [_appointment(), _assigned("br-2", date(2018, 2, 1))]
    base += [_visit("br-1", date(2018, 3, 10)), _visit("br-1", date(2018, 9, 10))]
    on_its_day = _said([*base, _assigned("br-1", date(2018, 2, 15))])
    recorded_late = _said([*base, _assigned("br-1", date(2018, 2, 15), date(2018, 10, 1))])
    assert on_its_day == MET_ON_0910
    assert recorded_late == [("DutyFulfilled", "2018", date(2018, 10, 1), date(2018, 9, 10))]


def test_visits_kept_until_the_appointment_is_recorded_are_judged_by_the_contact_point() -> None:
    """By hand: p-n became 党委委员 on 01-10, recorded only on 07-01 (补录); br-1 is his
    contact point from 02-01. He visits br-2 on 03-10 and 04-10, recorded on their days,
    before the log knew him in office (kept for him, 任职前的佐证). Neither is at his 联系点.
    Expected: reminded 11-01, overdue 2019-01-01. Before the fix the kept visits were
    credited when the appointment was recorded: fulfilled on 07-01."""
    facts = [_appointment(recorded=date(2018, 7, 1)), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-2", date(2018, 3, 10)), _visit("br-2", date(2018, 4, 10))]
    assert _said(facts) == SHORT


# ── under subtree placement: the committee and the branches on different partitions ───


def _placed_said(facts: Sequence[Fact]) -> list[Said]:
    """What the folds of a two-partition subtree-placed log, each alone, say of p-n's
    visits: ``cmt`` is homed on partition 0, ``gb-1`` (with ``br-1``, ``br-2``) on 1."""
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", BEGINNING, category="faculty")
    for day, fact in sorted(facts, key=lambda recorded: recorded[0]):
        history.add(fact, day)
    envelopes = [env for env, _ in history.events]
    logs = placed_logs(envelopes, 2, BEGINNING, date(2019, 1, 2))
    return [
        (o.type.removeprefix("zeren."), o.data.period, o.time.date(), _fulfilled_on(o.data))
        for p, log in sorted(logs.items())
        for o in fold((env, p) for env in log)[1]
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.person_id) == (VISITS, "p-n")
    ]


def test_under_subtree_placement_the_contact_point_reaches_the_committee() -> None:
    """By hand, as the tests above, with the committee's instance folded on partition 0
    and the visits' branches homed on partition 1 (the visit reaches 0 as the visitor's
    office's home, the assignment as a fact deciding where the visits count): br-1 is
    p-n's contact point from 02-01; visits to br-2 on 03-10 and 09-10 are short
    (reminded 11-01, overdue 2019-01-01); with br-2 also assigned on 02-15, recorded only
    on 10-01, they meet the year (fulfilled in time, on 09-10, said on 10-01)."""
    facts = [_appointment(), _assigned("br-1", date(2018, 2, 1))]
    facts += [_visit("br-2", date(2018, 3, 10)), _visit("br-2", date(2018, 9, 10))]
    assert _placed_said(facts) == SHORT
    late = _assigned("br-2", date(2018, 2, 15), date(2018, 10, 1))
    assert _placed_said([*facts, late]) == [
        ("DutyFulfilled", "2018", date(2018, 10, 1), date(2018, 9, 10))
    ]
