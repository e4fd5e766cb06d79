"""A fact recorded late about an archived period (已归档) reopens nothing.

Archiving moves a unit's decided instances out of memory 62 days after their deadline,
its overdue ones 400 days after (``ARCHIVE_DECIDED_DAYS``, ``ARCHIVE_OVERDUE_DAYS``);
their documents stay in the store under the same key (``duty:<org>|<duty>|<period>|``).
A fact recorded later that makes the period's duty owed again (the registry's record of
members in difficulty dated back into it, the same secretary's re-election recorded late)
finds no instance in memory. The archived instance keeps its status (已履行 stays
fulfilled, 逾期 is said once): nothing is said of it again, and its stored document is
left as it was, whether the fold ran through or restarted from the store in between
(DESIGN.md: kill -9 at any point, restart, and the outputs are exactly those of an
uninterrupted run).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.events import activities, structure
from contracts.events.duties import DutyStatus
from services.duties.domain.state import instance_document
from tests.unit.duties.builders import (
    BRANCH,
    GENERAL_BRANCH,
    SECRETARY,
    History,
    appointed,
    fold,
    make,
    stored_fold,
)

pytestmark = pytest.mark.unit

START = date(2018, 1, 1)
COMMITTEE = "cmt"
VISITS = "unit.needy_member_visit.yearly"
REPORT = "unit.secretary_work_report.yearly"
BATCH = 30


def _university(history: History) -> None:
    """党委 cmt (书记 p-cmt) → 党总支 gb-edu (书记 p-gb), from 2018-01-01."""
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", START)
    history.unit(GENERAL_BRANCH, "general_branch", COMMITTEE, "p-gb", START)


def _needy(history: History, count: int, on: date, recorded: date) -> None:
    """gb-edu has ``count`` members in difficulty from ``on``, recorded on ``recorded``."""
    fact = make(activities.NeedyMembersRecorded, organization_id=GENERAL_BRANCH,
                needy_members=count, recorded_on=on)  # fmt: skip
    history.add(fact, recorded, id=f"needy-{recorded}")


def _visit(history: History, on: date) -> None:
    """gb-edu's secretary visits a member in difficulty (走访慰问困难党员) on ``on``."""
    fact = make(activities.TalkHeld, organization_id=GENERAL_BRANCH, kind="needy_member_visit",
                person_id="p-gb", counterpart_id="m-1", held_on=on)  # fmt: skip
    history.add(fact, on, id=f"visit-{on}")


def _said(outputs: list[Any], duty_id: str, period: str) -> list[tuple[str, date, date]]:
    """(event type, day, due day) of every status said of ``duty_id``'s ``period``."""
    return [
        (o.type.removeprefix("zeren."), o.time.date(), o.data.due_on)
        for o in outputs
        if isinstance(o.data, DutyStatus) and o.data.duty_id == duty_id and o.data.period == period
    ]


def _fulfilled_visits() -> tuple[History, int]:
    """gb-edu records 2 members in difficulty on 2018-03-01 and visits one on 2018-05-10:
    its 2018 visits (三、（四）定期走访慰问困难党员, 问题清单第22题; yearly, 31 days of
    grace: due 2019-01-31) are fulfilled that day. On 2019-05-01 they are archived
    (2019-01-31 is before 2019-05-01 - 62 days = 2019-02-28). On 2019-06-10 the registry
    corrects its record: 3 members in difficulty since 2018-09-01. Ticks to 2019-09-30.
    Also the index of the late record (the events before it are the log as archived)."""
    history = History()
    _university(history)
    history.ticks(START, date(2018, 3, 1))
    _needy(history, 2, date(2018, 3, 1), date(2018, 3, 1))
    history.ticks(date(2018, 3, 2), date(2018, 5, 10))
    _visit(history, date(2018, 5, 10))
    history.ticks(date(2018, 5, 11), date(2019, 6, 10))
    late = len(history.events)
    _needy(history, 3, date(2018, 9, 1), date(2019, 6, 10))
    history.ticks(date(2019, 6, 11), date(2019, 9, 30))
    return history, late


def test_a_late_record_keeps_archived_visits_fulfilled() -> None:
    """By hand: the 2018 visits are said once, fulfilled on 2018-05-10 (due 2019-01-31).
    The late record (2019-06-10) owes nothing new for 2018: the year had members in
    difficulty already and they were visited. No reminder (即将到期) and no overdue (逾期)
    follow, and no 2018 instance comes back into memory."""
    history, _ = _fulfilled_visits()
    state, outputs = fold(history.events)

    assert _said(outputs, VISITS, "2018") == [
        ("DutyFulfilled", date(2018, 5, 10), date(2019, 1, 31))
    ]
    in_memory = [i for i in state.units[GENERAL_BRANCH].instances() if i.duty_id == VISITS]
    assert [i.period for i in in_memory] == ["2019"]


def test_the_archived_document_is_left_as_it_was_through_a_restart() -> None:
    """By hand: the stored document of the 2018 visits is the one stored when they were
    archived (fulfilled on 2018-05-10, due 2019-01-31, the visit its evidence); a fold
    that loses its memory before or after the late record and resumes from the store
    stores the same documents and commits the same outputs as one that runs through."""
    history, late = _fulfilled_visits()
    key = instance_document(GENERAL_BRANCH, f"{VISITS}|2018|")
    _, archived, _ = stored_fold(history.events[:late], BATCH, None)
    assert archived[key]["status"] == "fulfilled"
    assert (archived[key]["due_on"], archived[key]["evidence"]) == (
        "2019-01-31",
        ["visit-2018-05-10"],
    )

    uninterrupted = stored_fold(history.events, BATCH, None)
    assert uninterrupted[1][key] == archived[key]
    for crash_at in (late - 5, late + 1, late + 40):
        assert stored_fold(history.events, BATCH, crash_at) == uninterrupted, crash_at


def test_a_late_record_says_archived_overdue_visits_once() -> None:
    """By hand: gb-edu records members in difficulty on 2018-03-01 and visits none: the
    2018 visits are reminded on 2018-12-02 (60 days before 2019-01-31) and overdue on
    2019-02-01. On 2020-04-01 they are archived (2019-01-31 is before 2020-04-01 - 400
    days = 2019-02-27). The registry's correction of 2020-04-10 (members in difficulty
    since 2018-09-01) says nothing of 2018 again: no second reminder, no second 逾期
    (one duty, one period, one verdict)."""
    history = History()
    _university(history)
    history.ticks(START, date(2018, 3, 1))
    _needy(history, 2, date(2018, 3, 1), date(2018, 3, 1))
    history.ticks(date(2018, 3, 2), date(2020, 4, 10))
    _needy(history, 3, date(2018, 9, 1), date(2020, 4, 10))
    history.ticks(date(2020, 4, 11), date(2020, 6, 30))
    _, outputs = fold(history.events)

    assert _said(outputs, VISITS, "2018") == [
        ("DutyDueSoon", date(2018, 12, 2), date(2019, 1, 31)),
        ("DutyOverdue", date(2019, 2, 1), date(2019, 1, 31)),
    ]


def test_a_late_re_election_keeps_an_archived_report_fulfilled() -> None:
    """By hand: p-10021, secretary of the branch from 2018-01-01, reports for 2018 (书面述职,
    三、（八）: 每年向学校党委书面述职; yearly, 31 days of grace: due 2019-01-31) on
    2018-12-30: fulfilled. Archived on 2019-05-01. On 2019-06-10 the registry records
    that the branch's 换届 of 2018-06-01 elected p-10021 again (补录). They held the office
    throughout and answered 2018 already: nothing is owed or said again of their 2018
    report (a verdict against a person who reported would be the worst defect)."""
    history = History()
    history.branch(START, committee=False)
    history.ticks(START, date(2018, 12, 29))
    report = make(activities.WorkReportSubmitted, organization_id=BRANCH, person_id=SECRETARY,
                  office="secretary", year=2018, submitted_to=GENERAL_BRANCH,
                  submitted_on=date(2018, 12, 30))  # fmt: skip
    history.add(report, date(2018, 12, 30))
    history.ticks(date(2018, 12, 30), date(2019, 6, 10))
    history.add(appointed(BRANCH, SECRETARY, "secretary", date(2018, 6, 1)), date(2019, 6, 10))
    history.ticks(date(2019, 6, 11), date(2019, 9, 30))
    _, outputs = fold(history.events)

    assert _said(outputs, REPORT, "2018") == [
        ("DutyFulfilled", date(2018, 12, 30), date(2019, 1, 31))
    ]


def test_a_first_record_of_an_archived_year_opens_nothing() -> None:
    """By hand: gb-edu records no members in difficulty in 2018; on 2019-06-10 the registry
    records some since 2018-06-01 (补录). By then the 2018 visits (due 2019-01-31) are
    settled: decided instances due before 2019-06-01 - 62 days = 2019-03-31 are archived,
    and whether one was (the visits opened by a visit recorded in 2018, say) only the
    store can tell. Nothing is opened or said of 2018; the running year, 2019, is owed
    (due 2020-01-31, reminded from 2019-12-02: after these ticks). Within the window the
    year is still opened with its grace from the record's day
    (test_who_owes: test_visits_owed_by_a_late_record_get_their_grace_from_that_day)."""
    history = History()
    _university(history)
    history.ticks(START, date(2019, 6, 10))
    _needy(history, 2, date(2018, 6, 1), date(2019, 6, 10))
    history.ticks(date(2019, 6, 11), date(2019, 9, 30))
    state, outputs = fold(history.events)

    assert _said(outputs, VISITS, "2018") == []
    in_memory = [i for i in state.units[GENERAL_BRANCH].instances() if i.duty_id == VISITS]
    assert [(i.period, i.due_on) for i in in_memory] == [("2019", date(2020, 1, 31))]


def test_a_unit_recorded_late_is_judged_for_the_years_the_ticks_open_late() -> None:
    """By hand: gb-edu, established 2018-01-01 (its secretary p-gb from then), is recorded
    only on 2019-06-30 (补录), after that day's tick; the log began on 2018-01-01 (cmt's
    ticks). The tick of 2019-07-01 sets its archive cut-off (2019-04-30) and then opens its
    periods from 2018 for the first time: none of them can have been archived, so they
    are opened, each due from that day. p-gb's 2018 述职 (三、（八）; grace 31, reminded 30
    days before) is due 2019-08-01: reminded on 2019-07-02, overdue on 2019-08-02."""
    history = History()
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", START)
    history.ticks(START, date(2019, 6, 30))
    established = make(structure.OrganizationEstablished, organization_id=GENERAL_BRANCH,
                       name="gb-edu党组织", kind="general_branch", parent_id=COMMITTEE,
                       established_on=START, term_ends_on=date(2020, 12, 31))  # fmt: skip
    history.add(established, date(2019, 6, 30))
    history.add(appointed(GENERAL_BRANCH, "p-gb", "secretary", START), date(2019, 6, 30))
    history.ticks(date(2019, 7, 1), date(2019, 8, 10))
    _, outputs = fold(history.events)

    assert _said(outputs, REPORT, "2018") == [
        ("DutyDueSoon", date(2019, 7, 2), date(2019, 8, 1)),
        ("DutyOverdue", date(2019, 8, 2), date(2019, 8, 1)),
    ]
