"""Archiving (归档): memory holds a window of the log, not its whole history."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from services.duties.domain.documents import take_changed
from services.duties.domain.instances import Status
from services.duties.domain.queries import compliance
from services.duties.domain.state import (
    ARCHIVE_DECIDED_DAYS,
    CALENDAR_FIELDS,
    UNIT,
    DutyState,
    calendar_document,
)
from tests.unit.duties.builders import BRANCH, History, fold, of_type, stored_fold

pytestmark = pytest.mark.unit


def _diligent_branch(days: int, start: date = date(2018, 1, 1)) -> History:
    """A branch whose member pays dues and whose theme party day is held, every month."""
    history = History()
    history.branch(start)
    history.member("m-1", start)
    for day in (start + timedelta(days=n) for n in range(days)):
        history.tick(day)
        if day.day == 3:
            history.dues("m-1", f"{day:%Y-%m}", day)
            history.meeting("theme_party_day", day)
    return history


def _in_memory(state: DutyState) -> int:
    return sum(1 for unit in state.units.values() for _ in unit.instances())


def test_memory_stops_growing_once_the_first_year_is_archived() -> None:
    counts = {}
    for years in (2, 3, 4):
        state, _ = fold(_diligent_branch(365 * years).events)
        take_changed(state)  # written: the archive is let go
        counts[years] = _in_memory(state)
        assert not state.archive
    assert counts[4] <= counts[2] * 1.1, counts
    full, _ = fold(_diligent_branch(365 * 4).events)
    assert len(full.archive) > 2 * counts[4]  # what left memory: most of the history


def _january_theme_days(state: DutyState, *, archived: bool) -> list[Status]:
    found = state.archive.values() if archived else [(BRANCH, i) for i in _unit(state)]
    return [i.status for _, i in found if i.period == "2018-01" and THEME_DAY in i.duty_id]


def _unit(state: DutyState) -> list[Any]:
    return list(state.units[BRANCH].instances())


THEME_DAY = "theme_party_day"


def test_a_decided_period_is_archived_after_its_grace_and_no_longer_credited() -> None:
    state, _ = fold(_diligent_branch(200).events)  # to 19 July 2018
    assert _january_theme_days(state, archived=True) == [Status.FULFILLED]
    assert _january_theme_days(state, archived=False) == []
    assert state.units[BRANCH].decided_archived_before == date(2018, 7, 1) - timedelta(
        days=ARCHIVE_DECIDED_DAYS
    )
    late = History()
    late.meeting(THEME_DAY, date(2018, 1, 20), recorded=date(2018, 7, 19))
    state, outputs = fold(late.events, state=state)
    assert outputs == []  # settled: not credited, not reopened
    assert _january_theme_days(state, archived=False) == []


def test_an_overdue_period_stays_in_memory_for_late_evidence() -> None:
    history = History()
    history.branch()
    history.ticks(date(2018, 1, 1), date(2018, 8, 1))
    history.meeting(THEME_DAY, date(2018, 3, 20), recorded=date(2018, 8, 1))  # 4 months late
    _, outputs = fold(history.events)
    late = of_type(outputs, "DutyFulfilledLate", period="2018-03")
    assert [o.data.duty_id for o in late if THEME_DAY in o.data.duty_id]


def test_queries_see_the_archive() -> None:
    state, _ = fold(_diligent_branch(365 * 2).events)
    report = compliance(state, 2018)
    kept, members_kept = report.by_unit[BRANCH], report.members_by_unit[BRANCH]
    assert kept["fulfilled"] == 12  # 12 months of theme party days
    assert members_kept["fulfilled"] == 12  # and of dues, counted apart
    archived = list(state.archive.values())
    take_changed(state)
    assert compliance(state, 2018).by_unit[BRANCH]["fulfilled"] == 0  # archived by 2020
    again = compliance(state, 2018, archived)
    assert (again.by_unit[BRANCH], again.members_by_unit[BRANCH]) == (kept, members_kept)


BATCH = 30


@pytest.mark.parametrize("crash_before", [300, 556, 0])
def test_a_restart_holds_and_decides_exactly_what_the_uninterrupted_run_does(
    crash_before: int,
) -> None:
    history = _diligent_branch(500)  # to 15 May 2019: January 2018 settled on 1 May
    history.ticks(date(2019, 5, 16), date(2019, 5, 31))
    late = len(history.events)
    history.meeting(THEME_DAY, date(2018, 1, 20), recorded=date(2019, 5, 31))
    history.ticks(date(2019, 6, 1), date(2019, 7, 1))
    crash_at = crash_before or late + 1  # 0: just after the late evidence, ...
    resumed_from = history.events[crash_at - crash_at % BATCH][0]
    assert crash_before or resumed_from.time.date() > date(2019, 5, 1)  # ... after the sweep
    uninterrupted = stored_fold(history.events, BATCH, None)
    assert stored_fold(history.events, BATCH, crash_at) == uninterrupted


def test_a_months_first_tick_writes_the_partitions_calendar_not_each_unit() -> None:
    state, _ = fold(_diligent_branch(31).events)  # January 2018
    take_changed(state)
    february = History()
    february.tick(date(2018, 2, 1))
    state, _ = fold(february.events, state=state)
    written = take_changed(state)
    assert not [key for key in written if key.startswith(UNIT)]
    (group,) = json.loads(written[calendar_document(0)] or b"")
    assert group["units"] == [BRANCH]
    assert group["opened"]["monthly"] == "2018-02-28"
    assert group["rules_month"] == "2018-01"


def test_units_are_grouped_on_every_calendar_field() -> None:
    """``Unit.calendar()`` spells its fields out (it runs for every unit at a month's
    first tick): a field added to ``CALENDAR_FIELDS`` alone would be written with
    another unit's value. One value per field, then."""
    state, _ = fold(_diligent_branch(31).events)
    assert len(state.units[BRANCH].calendar()) == len(CALENDAR_FIELDS)
