"""The clock's ticks and the campus systems' configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contracts.events.clock import ClockBeat, ClockTicked
from services.common.access.sources import Source, Sources
from services.registry.domain.clock import Clock, beats, shanghai_day, ticks
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, meeting
from tests.unit.stored import stored


def test_first_move_starts_at_the_target_or_the_configured_start() -> None:
    assert Clock().days_until(date(2018, 4, 1)) == [date(2018, 4, 1)]
    start = date(2018, 3, 30)
    assert Clock().days_until(date(2018, 4, 1), start) == [
        date(2018, 3, 30), date(2018, 3, 31), date(2018, 4, 1)
    ]  # fmt: skip
    assert Clock().days_until(date(2018, 3, 1), start) == [date(2018, 3, 1)]


def test_later_moves_tick_every_missing_day_and_never_go_back() -> None:
    clock = Clock(today=date(2018, 2, 27))
    assert clock.days_until(date(2018, 3, 1)) == [date(2018, 2, 28), date(2018, 3, 1)]
    assert clock.days_until(date(2018, 2, 27)) == []
    assert clock.days_until(date(2018, 1, 1)) == []


def test_one_tick_per_partition_with_deterministic_ids() -> None:
    recorded = datetime(2018, 4, 1, 1, tzinfo=UTC)
    day = ticks(date(2018, 4, 1), 3, recorded)
    assert [t.id for t in day] == [f"tick:2018-04-01:{p}" for p in range(3)]
    assert [t.subject for t in day] == [f"partition:{p}" for p in range(3)]
    assert all(isinstance(t.data, ClockTicked) for t in day)
    assert day[0].time.isoformat() == "2018-04-01T00:00:00+08:00"


def test_beats_number_within_the_day_and_only_close_pending_facts() -> None:
    state = RegistryState()
    assert state.next_beat() is None  # no clock yet
    state.move_clock(date(2018, 4, 1))
    assert state.next_beat() is None  # nothing appended since the tick
    state.record(envelope(meeting(), "e-1"))
    assert state.clock.pending
    assert (state.next_beat(), state.next_beat()) == (1, None)
    state.record(envelope(meeting(), "e-2"))
    assert state.next_beat() == 2
    state.record(envelope(meeting(), "e-3"))
    state.move_clock(date(2018, 4, 2))  # the tick closes the pending fact and restarts
    assert not state.clock.pending
    state.record(envelope(meeting(), "e-4"))
    assert state.next_beat() == 1
    assert RegistryState.from_entries(stored(state.take_changes())).clock == state.clock


def test_one_beat_per_partition_with_deterministic_ids() -> None:
    recorded = datetime(2018, 4, 1, 1, tzinfo=UTC)
    beat = beats(date(2018, 4, 1), 3, 2, recorded)
    assert [b.id for b in beat] == ["beat:2018-04-01:3:0", "beat:2018-04-01:3:1"]
    assert [b.subject for b in beat] == ["partition:0", "partition:1"]
    assert [b.data for b in beat] == [
        ClockBeat(date=date(2018, 4, 1), beat=3, partition=p) for p in (0, 1)
    ]


def test_the_day_is_shanghais() -> None:
    assert shanghai_day(datetime(2018, 3, 31, 16, 0, tzinfo=UTC)) == date(2018, 4, 1)
    assert shanghai_day(datetime(2018, 3, 31, 15, 59, tzinfo=UTC)) == date(2018, 3, 31)


def test_the_clock_and_outputs_cannot_be_granted() -> None:
    with pytest.raises(ValueError, match="ClockTicked"):
        Source(source="x", name="x", types=frozenset({"ClockTicked"}))
    with pytest.raises(ValueError, match="ClockBeat"):
        Source(source="x", name="x", types=frozenset({"ClockBeat"}))


def test_a_source_is_found_by_its_attribute_and_the_first_listing_wins() -> None:
    first = Source(source="urn:campus:oa", name="办公系统", types=frozenset({"MeetingHeld"}))
    again = Source(source="urn:campus:oa", name="重复登记", types=frozenset({"DuesPaid"}))
    sources = Sources(sources=(first, again))
    assert sources.named("urn:campus:oa") is first
    assert sources.named("urn:campus:unknown") is None
