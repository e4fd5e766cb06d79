"""A contact point recorded late (补录) takes back the visits it shows were not to it.

The seed (三、（八）): 党委领导班子其他成员……建立基层联系点; 建立党委成员抓基层党支部工作联系点制度
(问题清单第34题). The seed names no number of visits: the catalog's
``committee_member.contact_point.visits`` (every 党委成员, at least two
``ContactPointVisited`` a year, due 12-31, no grace, reminded 60 days before) is a policy
setting (DOMAIN.md: "no national number; local rules ask … several visits a year"). What
the seed does say is that the visits are to the member's 联系点: the catalog counts a visit
only at a branch ``ContactPointAssigned`` made the visitor's contact point by the visit's
day ("限本人经ContactPointAssigned确定的组织", docs/catalog.md, and
``contracts.catalog.models.Evidence.assigned_by``), or anywhere on a day none was assigned
yet. "Assigned by the visit's day" is a fact of the days, not of the recording order: an
assignment dated before a visit elsewhere makes that visit one to no contact point of his,
whenever the registry records it. The visit counted while the log knew no assignment was
counted on a belief the 补录 shows false; it is taken back, as it would not have been
counted had the facts been recorded on their days.

Taking back what was said fulfilled may leave the year owed. The member is then owed what
a late trigger gets (commit 4aaada8, ``obligations.deadlines``): reminded afresh (the
fulfilment closed any reminder given), and, the year's deadline already past, judged only
after his respite from the recording day (its grace, at least its reminder lead: 60 days),
never found overdue at once by a 补录. A year already archived (已归档, commit 96aad38) is
settled and stays as it was.

Every expectation below was written by hand before the code was run. The log: ``cmt``
(secretary ``p-cmt``), ``gb-1`` and its branches ``br-1``, ``br-2`` from 2018-01-01, ticked
daily; ``p-n`` becomes 党委委员 of ``cmt`` on 2018-01-10 (owes 2018's visits).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyStatus
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
from tests.unit.duties import test_visits_to_own_contact_point as own
from tests.unit.duties.builders import History, fold

pytestmark = pytest.mark.unit

Fact = own.Fact
Said = own.Said

#: br-1 became p-n's contact point on 02-01.
BR1_ON = date(2018, 2, 1)
MET_ON_0910 = own.MET_ON_0910
SHORT = own.SHORT
#: p-n's 2018 visits said fulfilled on 09-10, on the visits to br-2 (the log then knew no
#: contact point of his).
SAID_MET = ("DutyFulfilled", "2018", date(2018, 9, 10), date(2018, 9, 10))


def _history() -> History:
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-2", BEGINNING, category="faculty")
    return history


def _said(facts: Sequence[Fact], last: date) -> list[Said]:
    """What the duties fold says of p-n's 2018 visits from 2018-01-01 to ``last``."""
    log = on_their_days(_history(), BEGINNING, [own._appointment(), *facts], last)
    return [
        (o.type.removeprefix("zeren."), o.data.period, o.time.date(), own._fulfilled_on(o.data))
        for o in fold(log.events)[1]
        if isinstance(o.data, DutyStatus)
        and (o.data.duty_id, o.data.person_id, o.data.period) == (own.VISITS, "p-n", "2018")
    ]


def _measures(facts: Sequence[Fact], last: date) -> list[tuple[str, date, tuple[str, ...]]]:
    """The accountability actions about p-n's 2018 visits (type, day, persons named),
    through both folds, to ``last``."""
    outputs: list[Envelope] = from_the_facts(
        _history(), BEGINNING, [own._appointment(), *facts], last
    )
    return [
        (o.type.removeprefix("zeren."), o.time.date(), tuple(o.data.person_ids))
        for o in outputs
        if isinstance(o.data, AccountabilityAction)
        and (o.data.duty_id, o.data.period) == (own.VISITS, "2018")
    ]


def test_a_late_contact_point_takes_back_visits_to_another_branch() -> None:
    """By hand: br-1 is p-n's contact point from 02-01; he visits br-2 on 03-10 and 09-10.
    Neither is a visit to his 联系点 (三、（八）; catalog: 限本人经ContactPointAssigned确定的组织).
    Recorded on 02-01, the assignment leaves the year short: reminded 11-01, overdue
    2019-01-01. Recorded on 10-01 (补录), after both visits were counted while the log
    knew no contact point of his (fulfilled on 09-10, said then), it takes them back:
    the year is owed again, before its reminder day and its deadline, so reminded 11-01
    and overdue 2019-01-01, as on its day. Before the fix: fulfilled on 09-10, nothing
    more."""
    visits = [own._visit("br-2", date(2018, 3, 10)), own._visit("br-2", date(2018, 9, 10))]
    last = date(2019, 1, 2)
    assert _said([own._assigned("br-1", BR1_ON), *visits], last) == SHORT
    late = own._assigned("br-1", BR1_ON, date(2018, 10, 1))
    assert _said([late, *visits], last) == [SAID_MET, *SHORT]


def test_a_late_contact_point_takes_back_a_visit_from_a_year_still_open() -> None:
    """By hand: br-1 is p-n's contact point from 02-01, recorded on 04-01 (补录); he visits
    br-2 on 03-10 (counted then: the log knew no contact point) and br-1 on 09-10. One
    visit to his 联系点, of two: reminded 11-01, overdue 2019-01-01, as with the assignment
    recorded on its day (test_one_visit_to_the_contact_point_and_one_elsewhere_is_one).
    Before the fix: fulfilled on 09-10, the 03-10 visit still counted."""
    facts = [own._assigned("br-1", BR1_ON, date(2018, 4, 1))]
    facts += [own._visit("br-2", date(2018, 3, 10)), own._visit("br-1", date(2018, 9, 10))]
    assert _said(facts, date(2019, 1, 2)) == SHORT


def test_a_visit_before_the_late_contact_point_still_counts() -> None:
    """A pin. By hand: p-n visits br-2 on 01-20, when he had no contact point (br-1 is his
    from 02-01, recorded on 04-01), and br-1 on 09-10. The 01-20 visit counts (no 联系点 by
    its day: the assignment duty answers for that), in either order: fulfilled in time on
    09-10."""
    visits = [own._visit("br-2", date(2018, 1, 20)), own._visit("br-1", date(2018, 9, 10))]
    last = date(2019, 1, 2)
    assert _said([own._assigned("br-1", BR1_ON, date(2018, 4, 1)), *visits], last) == MET_ON_0910
    assert _said([own._assigned("br-1", BR1_ON), *visits], last) == MET_ON_0910


def test_a_late_contact_point_at_the_branch_visited_takes_back_nothing() -> None:
    """A pin. By hand: p-n visits br-1 on 03-10 and 09-10; br-1 is his contact point from
    02-01, recorded on 10-01 (补录). Both visits were to his 联系点: fulfilled in time on
    09-10, nothing more."""
    facts = [own._assigned("br-1", BR1_ON, date(2018, 10, 1))]
    facts += [own._visit("br-1", date(2018, 3, 10)), own._visit("br-1", date(2018, 9, 10))]
    assert _said(facts, date(2019, 1, 2)) == MET_ON_0910


def test_taken_back_after_the_deadline_the_year_gets_a_respite() -> None:
    """By hand: as the first test, the assignment recorded on 2019-01-15, after the year's
    deadline (12-31). On its day: reminded 11-01, overdue 2019-01-01. Recorded late, it
    takes back the year's fulfilment; the deadline passed before the log could show the
    visits were not to his 联系点, so, as a late trigger: due the recording day plus the
    reminder lead (grace 0, lead 60: 2019-03-16), reminded from the recording day (on the
    next tick, 2019-01-16), overdue on 2019-03-17. Not found overdue at once. Before the
    fix: fulfilled on 09-10, nothing more."""
    visits = [own._visit("br-2", date(2018, 3, 10)), own._visit("br-2", date(2018, 9, 10))]
    late = own._assigned("br-1", BR1_ON, date(2019, 1, 15))
    assert _said([late, *visits], date(2019, 3, 20)) == [
        SAID_MET,
        ("DutyDueSoon", "2018", date(2019, 1, 16), None),
        ("DutyOverdue", "2018", date(2019, 3, 17), None),
    ]


def test_an_archived_year_is_not_taken_back() -> None:
    """A pin (commit 96aad38: an archived period is settled). By hand: as the first test,
    the assignment recorded on 2019-04-15. The year, fulfilled and due 12-31, was archived
    on 2019-04-01 (decided instances due before 2019-04-01 - 62 days = 2019-01-29): it
    stays fulfilled, nothing more is said of it."""
    visits = [own._visit("br-2", date(2018, 3, 10)), own._visit("br-2", date(2018, 9, 10))]
    late = own._assigned("br-1", BR1_ON, date(2019, 4, 15))
    assert _said([late, *visits], date(2019, 5, 1)) == [SAID_MET]


def test_the_measures_are_those_of_the_assignment_recorded_on_its_day() -> None:
    """By hand: br-1 is p-n's contact point from 02-01; he visits br-2 on 03-10 and 11-20.
    No visit to his 联系点. On its day: reminded 11-01 (提醒), overdue 2019-01-01, when
    四 提出批评，限期整改 is taken (CriticismIssued, naming p-n). Recorded on 12-01 (补录): the
    03-10 visit counted (reminded 11-01 with one of two), the 11-20 one fulfilled the year
    and resolved the reminded case; taking them back leaves the year owed, reminded again
    on 12-02, overdue 2019-01-01, and the criticism must be taken that day as on the
    assignment's day; its 30 days of 整改 passing, 通报、约谈 proposed on 2019-02-01, in
    both orders. The late order's only other action is the resolution said on 11-20, true
    that day. Before the fix: no criticism in the late order (fulfilled 11-20)."""
    visits = [own._visit("br-2", date(2018, 3, 10)), own._visit("br-2", date(2018, 11, 20))]
    last = date(2019, 1, 2)
    late = own._assigned("br-1", BR1_ON, date(2018, 12, 1))
    assert _said([late, *visits], last) == [
        ("DutyDueSoon", "2018", date(2018, 11, 1), None),
        ("DutyFulfilled", "2018", date(2018, 11, 20), date(2018, 11, 20)),
        ("DutyDueSoon", "2018", date(2018, 12, 2), None),
        ("DutyOverdue", "2018", date(2019, 1, 1), None),
    ]
    later = date(2019, 2, 5)
    on_its_day = _measures([own._assigned("br-1", BR1_ON), *visits], later)
    recorded_late = _measures([late, *visits], later)
    mine = [(kind, day) for kind, day, persons in on_its_day if persons == ("p-n",)]
    assert mine == [
        ("ReminderIssued", date(2018, 11, 1)),
        ("CriticismIssued", date(2019, 1, 1)),
        ("AccountabilityProposed", date(2019, 2, 1)),
    ]
    resolved = ("CaseResolved", date(2018, 11, 20), ("p-n",))
    assert [m for m in recorded_late if m != resolved] == on_its_day
