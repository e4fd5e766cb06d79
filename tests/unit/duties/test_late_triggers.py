"""A trigger recorded after its deadline (补录的触发事实): judged after a respite from that day,
by the catalog in force on the fact's own day.

A within-days duty (限期事项) runs from its trigger fact. 《中国共产党发展党员工作细则》
（2014）第六条: 党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话
(``branch.applicant_talk.within_days``: 30 days from ``received_on``, no grace, reminded
7 days before). The registry may record the application months after it was received.
Found overdue at once, the branch would be criticised (四: 提出批评) the day the duty
appears in the log, without a reminder, for what the log had no duty to show. As a
periodic period the log first judges after it ended (a unit recorded late,
:func:`services.duties.domain.obligations.deadlines`), the instance gets from the
recording day its grace, and at least its reminder lead, so that the branch is reminded
first: grace 0 would leave it no day at all. Whether the talk was done in time is still
judged by the rule's month: a talk held after it is fulfilled late (DutyFulfilledLate),
as a talk recorded before the application already is (test_evidence_before_trigger).

The catalog version in force on the day the instance counts from (``received_on``, the
day the application was received) governs it, as a period's first day governs a period
(rules.py: 2017 history is judged by the 2017 rules), whatever the envelope's ``time``:
the contract says it is when the fact happened, but the registry accepts any time up to
the next day, and the catalog's ``counted_from`` exists because a source may date the
envelope the day it records the fact.

Every expectation below was written by hand before the code was run. The log: the
committee ``cmt``, ``gb-1`` and the faculty branch ``br-1`` from 2018-01-01 (catalog v3 is
in force from 2018-10-28, v4 from 2019-05-06; the applicant talk is the same in both),
ticked daily; s-1's application was received on 2019-03-01 (due by 03-31) and is recorded
on 2019-06-01, after the tick of that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

import pytest

from contracts.catalog import CATALOGS, DutyCatalog, WithinDaysCadence
from contracts.envelope import Envelope
from contracts.events import activities, members
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from services.duties.domain.rules import Rules
from tests.unit.accountability.builders import BEGINNING, a_branch
from tests.unit.duties.builders import RULES, fold, make

pytestmark = pytest.mark.unit

TALK = "branch.applicant_talk.within_days"
RECEIVED = date(2019, 3, 1)
RECORDED = date(2019, 6, 1)
LAST = date(2019, 7, 31)
#: The recording day plus the talk's reminder lead (7 days; its grace is 0).
RESPITE = date(2019, 6, 8)

#: (status event, due_on, fulfilled_on or None, day of the tick or fact that caused it)
Verdict = tuple[str, date, date | None, date]


def _application(received: date = RECEIVED) -> Payload:
    return make(members.AdmissionApplicationReceived, organization_id="br-1", person_id="s-1",
                person_name="陈静", received_on=received)  # fmt: skip


def _talk(held: date) -> Payload:
    return make(activities.TalkHeld, organization_id="br-1", kind="applicant_talk",
                person_id="p-1", counterpart_id="s-1", held_on=held)  # fmt: skip


def _events(facts: Sequence[tuple[date, date, Payload]]) -> list[tuple[Envelope, int]]:
    """The base log and ``facts`` (day recorded, envelope's day, fact), each logged after
    the tick of the day it is recorded, ticked daily to :data:`LAST`."""
    history, day = a_branch(), BEGINNING
    for recorded, dated, fact in sorted(facts, key=lambda f: f[0]):
        history.ticks(day, recorded)
        history.add(fact, dated)
        day = date.fromordinal(recorded.toordinal() + 1)
    history.ticks(day, LAST)
    return history.events


def _verdicts(facts: Sequence[tuple[date, date, Payload]], rules: Rules = RULES) -> list[Verdict]:
    events = _events(facts)
    days = {env.id: env.time.date() for env, _ in events}
    _, outputs = fold(events, rules)
    return [
        (o.type.removeprefix("zeren."), o.data.due_on, getattr(o.data, "fulfilled_on", None),
         days[o.data.cause_event_id])
        for o in outputs
        if isinstance(o.data, DutyStatus) and o.data.duty_id == TALK
    ]  # fmt: skip


def _statuses(
    facts: Sequence[tuple[date, date, Payload]], rules: Rules = RULES
) -> list[DutyStatus]:
    _, outputs = fold(_events(facts), rules)
    return [o.data for o in outputs if isinstance(o.data, DutyStatus) and o.data.duty_id == TALK]


# ── a trigger recorded late ─────────────────────────────────────────────────────────


def test_an_application_recorded_after_its_month_is_reminded_before_it_is_overdue() -> None:
    """细则 第六条; the respite of a period judged late. Received 03-01 (due 03-31),
    recorded 06-01; no talk is ever recorded. By hand: not overdue on 06-02 (before: found
    overdue that day, due 03-31, never reminded); due 06-08 (06-01 + the 7 days of the
    reminder lead, the grace being 0), reminded on the next tick (06-02), overdue on the
    first tick after 06-08 (06-09)."""
    assert _verdicts([(RECORDED, RECEIVED, _application())]) == [
        ("DutyDueSoon", RESPITE, None, date(2019, 6, 2)),
        ("DutyOverdue", RESPITE, None, date(2019, 6, 9)),
    ]


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (date(2019, 3, 20), "DutyFulfilled"),
        (date(2019, 5, 20), "DutyFulfilledLate"),
    ],
    ids=["held within the month", "held after the month"],
)
def test_a_talk_recorded_within_the_respite(held: date, expected: str) -> None:
    """细则 第六条: 一个月内. The application (03-01, due 03-31) recorded 06-01, the talk
    recorded 06-05, within the respite (due 06-08). By hand: reminded on 06-02, then, on
    06-05, fulfilled on the talk's own day and never overdue:

    - held 03-20, within the month: DutyFulfilled (as a periodic period judged late whose
      meeting, dated in its period, is recorded in the grace: test_unit_recorded_late);
    - held 05-20, after the month: DutyFulfilledLate, fulfilled on 05-20 (as the same talk
      recorded before the application, test_evidence_before_trigger (d)): the rule's
      month was missed, the respite only let the branch show what it did.
    """
    facts = [
        (RECORDED, RECEIVED, _application()),
        (date(2019, 6, 5), held, _talk(held)),
    ]
    assert _verdicts(facts) == [
        ("DutyDueSoon", RESPITE, None, date(2019, 6, 2)),
        (expected, RESPITE, held, held),
    ]


def test_a_talk_recorded_before_the_late_application_fulfils_it_at_once() -> None:
    """先于触发事实记录的佐证: the talk held and recorded on 03-20, the application (03-01)
    recorded on 06-01. By hand: DutyFulfilled on 06-01, when the application opens the duty,
    fulfilled on 03-20, due 06-08 (the instance's respite); no reminder, never overdue."""
    facts = [
        (date(2019, 3, 20), date(2019, 3, 20), _talk(date(2019, 3, 20))),
        (RECORDED, RECEIVED, _application()),
    ]
    assert _verdicts(facts) == [("DutyFulfilled", RESPITE, date(2019, 3, 20), RECEIVED)]


def test_an_application_recorded_within_its_month_keeps_its_deadline() -> None:
    """Recorded in time (received 03-01, recorded 03-10): nothing changes. By hand: due
    03-31, reminded on 03-24 (7 days before), overdue on 04-01."""
    facts = [(date(2019, 3, 10), RECEIVED, _application())]
    assert _verdicts(facts) == [
        ("DutyDueSoon", date(2019, 3, 31), None, date(2019, 3, 24)),
        ("DutyOverdue", date(2019, 3, 31), None, date(2019, 4, 1)),
    ]


# ── the catalog of the fact's own day ───────────────────────────────────────────────


def _with_a_longer_talk_from(effective: date) -> Rules:
    """v1–v3 and a made-up v4 in force from ``effective`` that gives the applicant talk 60
    days instead of 30 (no real version changes the triggered duties: checked below)."""
    v3 = CATALOGS[2]
    duties = []
    for duty in v3.duties:
        if duty.id == TALK:
            assert isinstance(duty.cadence, WithinDaysCadence)
            duty = duty.model_copy(update={"cadence": duty.cadence.model_copy(update={"days": 60})})
        duties.append(duty)
    longer: DutyCatalog = v3.model_copy(
        update={"version": "v4", "effective_from": effective, "duties": tuple(duties)}
    )
    return Rules([*CATALOGS[:3], longer])


def test_no_stored_version_changes_a_triggered_duty_but_its_national_basis() -> None:
    """What the test below needs a made-up version for: across v1–v5 the within-days duties
    differ only in ``member.away.transfer``'s clause (v4 cites 条例 第二十五条)."""
    changed = set()
    for older, newer in pairwise(CATALOGS):
        for duty in newer.duties:
            before = next((d for d in older.duties if d.id == duty.id), None)
            if isinstance(duty.cadence, WithinDaysCadence) and before != duty:
                assert before is not None
                assert before.model_dump(exclude={"clause"}) == duty.model_dump(exclude={"clause"})
                changed.add((newer.version, duty.id))
    assert changed == {("v4", "member.away.transfer")}


@pytest.mark.parametrize(
    "dated",
    [RECEIVED, date(2019, 3, 10)],
    ids=["envelope dated received_on", "dated when recorded"],
)
def test_the_version_in_force_on_the_day_received_governs_the_talk(dated: date) -> None:
    """细则 第六条 as the catalog in force on 03-01 states it (v3: 30 days), not as a
    version adopted on 03-05 (made up: 60 days). s-1's application was received 03-01
    and recorded 03-10, its envelope dated 03-01, or 03-10 (the day recorded). By hand,
    either way: the instance is v3's, its span 03-01..03-31, due 03-31: reminded on 03-24,
    overdue on 04-01, each event naming catalog v3. (Before: dated 03-10, it was v4's,
    due 04-30.)"""
    rules = _with_a_longer_talk_from(date(2019, 3, 5))
    statuses = _statuses([(date(2019, 3, 10), dated, _application())], rules)
    assert [(type(s).__name__, s.catalog_version, s.period_end, s.due_on) for s in statuses] == [
        ("DutyDueSoon", "v3", date(2019, 3, 31), date(2019, 3, 31)),
        ("DutyOverdue", "v3", date(2019, 3, 31), date(2019, 3, 31)),
    ]
