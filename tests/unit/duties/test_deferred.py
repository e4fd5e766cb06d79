"""Member duties opened per period, their instances deferred until needed (待开立).

The outputs and the queries must be what opening every member's instance on
the period's first tick gave; only the writes change (checked against the
earlier implementation on the simulator's history, and pinned here by case).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from contracts.events import members
from services.duties.domain import queries
from services.duties.domain.documents import restore, take_changed
from services.duties.domain.instances import Status
from services.duties.domain.state import instance_document
from tests.unit.duties.builders import BRANCH, History, fold, make, of_type, stored_fold

pytestmark = pytest.mark.unit

DUES = "member.dues.monthly"  # due 10 days after the month, reminded 5 days before that


def _branch_with_members(*member_ids: str) -> History:
    history = History()
    history.branch()
    for member_id in member_ids:
        history.member(member_id, date(2018, 1, 1))
    history.ticks(date(2018, 1, 1), date(2018, 1, 31))
    return history


def test_the_month_tick_writes_no_member_instance_yet_the_members_owe_it() -> None:
    history = _branch_with_members("m-1", "m-2")
    state, _ = fold(history.events)
    take_changed(state)
    history.events.clear()
    history.tick(date(2018, 2, 1))
    state, _ = fold(history.events, state=state)

    written = take_changed(state)
    assert not [key for key in written if f"|{DUES}|2018-02|" in key]
    january, february = state.units[BRANCH].deferred  # January's reminder day is 02-05
    assert (january.period.id, february.duty_id, february.period.id) == ("2018-01", DUES, "2018-02")
    assert (february.remind_on, february.due_on) == (date(2018, 3, 5), date(2018, 3, 10))
    owed = {
        view.member_id
        for view in queries.duties_in(state, Status.OPEN)
        if (view.duty_id, view.period) == (DUES, "2018-02")
    }
    assert owed == {"m-1", "m-2"}


def test_evidence_opens_one_instance_and_the_reminder_day_opens_the_rest() -> None:
    history = _branch_with_members("m-1", "m-2")
    history.ticks(date(2018, 2, 1), date(2018, 2, 4))
    history.dues("m-1", "2018-02", date(2018, 2, 5))
    history.ticks(date(2018, 2, 5), date(2018, 3, 11))
    state, outputs = fold(history.events)

    [paid] = of_type(outputs, "DutyFulfilled", duty_id=DUES, period="2018-02")
    assert paid.data.member_id == "m-1"
    [reminded] = of_type(outputs, "DutyDueSoon", duty_id=DUES, period="2018-02")
    assert (reminded.data.member_id, reminded.data.cause_event_id) == ("m-2", "tick:2018-03-05:0")
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=DUES, period="2018-02")
    assert overdue.data.member_id == "m-2"
    unit = state.units[BRANCH]
    assert [d.period.id for d in unit.deferred] == ["2018-03"]
    assert unit.find(f"{DUES}|2018-02|m-2") is not None


@pytest.mark.parametrize(
    ("recorded", "owes"), [(date(2018, 1, 31), True), (date(2018, 2, 2), False)]
)
def test_a_member_owes_the_month_only_if_known_before_its_opening_tick(
    recorded: date, owes: bool
) -> None:
    """A transfer dated before the month but recorded after its first tick: not owed, as the
    tick that opened the month did not know the member."""
    history = _branch_with_members("m-1")
    history.events = [e for e in history.events if e[0].id != "tick:2018-01-31:0"]
    transfer = make(
        members.MemberTransferredIn,
        organization_id=BRANCH,
        member_id="m-3",
        member_name="李明",
        transferred_on=date(2018, 1, 20),
    )
    if recorded < date(2018, 2, 1):
        history.add(transfer, recorded)
    history.ticks(date(2018, 1, 31), date(2018, 2, 1))
    if recorded > date(2018, 2, 1):
        history.add(transfer, recorded)
    history.ticks(date(2018, 2, 2), date(2018, 3, 11))
    _, outputs = fold(history.events)

    overdue = {
        o.data.member_id for o in of_type(outputs, "DutyOverdue", duty_id=DUES, period="2018-02")
    }
    assert overdue == ({"m-1", "m-3"} if owes else {"m-1"})


def test_a_member_leaving_has_the_deferred_month_waived_and_others_keep_owing() -> None:
    history = _branch_with_members("m-1", "m-2")
    history.ticks(date(2018, 2, 1), date(2018, 2, 6))
    history.transfer_out("m-1", date(2018, 2, 7))
    history.ticks(date(2018, 2, 7), date(2018, 3, 11))
    state, outputs = fold(history.events)

    [waived] = of_type(outputs, "DutyWaived", duty_id=DUES, period="2018-02")
    assert waived.data.member_id == "m-1"
    assert waived.data.cause_event_id.startswith("MemberTransferredOut")
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=DUES, period="2018-02")
    assert overdue.data.member_id == "m-2"
    assert instance_document(BRANCH, f"{DUES}|2018-02|m-1") in {
        instance_document(BRANCH, i.key) for i in state.units[BRANCH].instances()
    }


def test_a_restart_while_a_month_is_deferred_continues_exactly() -> None:
    history = _branch_with_members("m-1", "m-2", "m-3")
    history.ticks(date(2018, 2, 1), date(2018, 2, 4))
    history.dues("m-2", "2018-02", date(2018, 2, 5))
    history.ticks(date(2018, 2, 5), date(2018, 3, 12))
    uninterrupted = stored_fold(history.events, 4, None)
    month_tick = next(
        n for n, (env, _) in enumerate(history.events) if env.id == "tick:2018-02-01:0"
    )
    for crash_at in (month_tick + 1, month_tick + 6, month_tick + 30):
        assert stored_fold(history.events, 4, crash_at) == uninterrupted


def test_the_index_of_held_members_covers_the_deferred_periods_folded_or_restored() -> None:
    """``Unit.held``: who has an instance of each deferred period; dropped once it is closed."""
    history = _branch_with_members("m-1", "m-2", "m-3")
    history.ticks(date(2018, 2, 1), date(2018, 2, 3))
    history.dues("m-1", "2018-02", date(2018, 2, 3))
    history.dues("m-2", "2018-01", date(2018, 2, 3))
    history.tick(date(2018, 2, 4))
    state, _ = fold(history.events)
    stored = {k: json.loads(v) for k, v in take_changed(state).items() if v is not None}

    for unit in (state.units[BRANCH], restore(stored).units[BRANCH]):
        assert unit.held == {f"{DUES}|2018-01": {"m-2"}, f"{DUES}|2018-02": {"m-1"}}
        opened = sorted(who for _, who in unit.deferred_instances())
        assert opened == ["m-1", "m-2", "m-3", "m-3"]  # January's m-1, m-3; February's m-2, m-3

    history.events.clear()
    history.tick(date(2018, 2, 5))  # January's reminder day opens m-1's and m-3's
    state, _ = fold(history.events, state=state)
    unit = state.units[BRANCH]
    assert unit.held == {f"{DUES}|2018-02": {"m-1"}}
    assert {unit.find(f"{DUES}|2018-01|{m}") is not None for m in ("m-1", "m-2", "m-3")} == {True}
