"""Member watches (党员情况提示计时): flag a member when a fact has lasted its days.

A watch of the catalog (``member_watches``) starts when its opening fact is
recorded (e.g. ``MemberLostContact``), its clock running from the fact's own
date (``since``), under the catalog in force that day (a suspension of March 2019
recorded in June is judged as one recorded in March: the day decides, not the
order of recording), and stops when a clearing fact names the same member in the
same unit (contact restored, suspension, transfer out). A watch that leaving
the roll clears (失联: 停止党籍, 转出) starts only for a member on the unit's roll:
recorded after the member left it (补录), it is cleared already; nor does one start
whose clearing fact, recorded first, is dated within its days (恢复联系 before the 失联
recorded late), or, for one that leaving the roll clears, on a member back on the roll
since a day within them or restored then (恢复党籍: the 停止党籍 it ends cleared it).
When the days are over, ``MemberSituationFlagged`` tells the branch what it may now
decide (可停止党籍, 可按自行脱党除名). The system flags; people decide: a watch makes no
unit overdue and opens no case.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog.models import MemberWatch
from contracts.envelope import Envelope
from contracts.events.duties import MemberSituationFlagged
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance
from services.duties.domain.matching import (
    as_day,
    event_day,
    own_day,
    passes,
    text_of,
    value_of,
)
from services.duties.domain.periods import shifted
from services.duties.domain.roll import Member
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit, Watch


def follow_watches(state: DutyState, env: Envelope, rules: Rules) -> None:
    """Start the watches ``env`` opens and stop those it clears, for the member it names."""
    name = type(env.data).__name__
    watches = rules.watches(name)
    if not watches:
        return
    unit = state.units.get(env.subject)
    member_id = text_of(env.data, "member_id")
    if unit is None or member_id is None or unit.dissolved_on is not None:
        return
    for watch in watches:
        running = [w for w in unit.watches if w.watch_id == watch.id and w.member_id == member_id]
        if name in watch.cleared_by and running:
            unit.watches = [w for w in unit.watches if w not in running]
            state.touch(unit)
        if name in watch.cleared_by:
            _keep_the_end(state, unit, member_id, env)
        since = as_day(value_of(env.data, watch.counted_from)) or event_day(env)
        catalog = rules.in_force(since)
        stated = rules.watch(catalog.version, watch.id) if catalog is not None else None
        if catalog is None or stated is None or stated.opened_by.event != name or running:
            continue
        if not all(passes(condition, env.data) for condition in stated.opened_by.where):
            continue
        if member_id not in unit.members and stated.about_the_roll:
            continue  # not on the roll (转出, 停止党籍): nothing for this unit to decide
        if member_id in unit.ended:
            continue  # 去世、出党: no membership left to decide on
        flag_on = shifted(since, stated.days)
        if _ended_before(unit.members.get(member_id), stated, since, flag_on):
            continue
        unit.watches.append(
            Watch(
                watch_id=stated.id,
                member_id=member_id,
                since=since,
                flag_on=flag_on,
                catalog_version=catalog.version,
                opened_by=env.id,
            )
        )
        state.touch(unit)


def _keep_the_end(state: DutyState, unit: Unit, member_id: str, env: Envelope) -> None:
    """Keep the day of a fact that ends a watch (恢复联系) on the member's record, the latest
    one, for an opening fact recorded after it (补录): see :func:`_ended_before`."""
    member = unit.members.get(member_id)
    if member is not None and member.keep_latest(type(env.data).__name__, own_day(env)):
        state.touch_member(unit, member_id)


def _ended_before(member: Member | None, watch: MemberWatch, since: date, flag_on: date) -> bool:
    """Whether the watch, its opening fact recorded late (补录), had ended before its days
    were over, as had the facts been recorded in the order of their days: a fact that ends
    it, recorded first (恢复联系), is dated within them; or, for a watch that leaving the
    roll clears (失联), the member's present time on the roll began within them, after its
    ``since``, or he was restored then (恢复党籍, the 停止党籍 it ends yet to be recorded): he
    had left the roll meanwhile (:meth:`Member.back_after`)."""
    if member is None:
        return False
    ends = [member.facts.get(name) for name in watch.cleared_by]
    if any(end is not None and since <= end < flag_on for end in ends):
        return True
    back = member.back_after(since)
    return watch.about_the_roll and back is not None and back <= flag_on


def flag_due_watches(
    state: DutyState, unit: Unit, today: date, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """Flag the members whose watches ran their days by ``today``; those watches end."""
    due = [w for w in unit.watches if w.flag_on <= today]
    if not due:
        return []
    unit.watches = [w for w in unit.watches if w.flag_on > today]
    state.touch(unit)
    outputs = []
    for watch in due:
        stated = rules.watch(watch.catalog_version, watch.watch_id)
        assert stated is not None, f"{watch.watch_id} is not in {watch.catalog_version}"
        span = Instance(
            duty_id=watch.watch_id,
            period=f"within:{watch.opened_by}",
            period_start=watch.since,
            period_end=watch.flag_on,
            due_on=watch.flag_on,
            remind_on=watch.flag_on,
            catalog_version=watch.catalog_version,
            member_id=watch.member_id,
        )
        outputs.append(
            duty_event(
                MemberSituationFlagged,
                state,
                unit,
                span,
                stated,
                cause,
                situation=stated.situation,
                since=watch.since,
            )
        )
    return outputs
