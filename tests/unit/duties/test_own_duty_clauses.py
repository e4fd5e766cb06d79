"""Office holders' own duties (个人职责): the right holder answers, for what the catalog says.

Every expectation was written by hand, from the seed (沪开大委〔2017〕48号 三、（三）（四）
（八）, 四) and the catalog entries named in each docstring, before the code was run.
Common ground, from the catalog (v1–v5) and the fold's documented rules:

- ``committee_member.contact_point.visits`` (三、（八）): each 党委成员 (secretary, deputy
  secretary, committee member of the 党委) visits contact points twice a year
  (``ContactPointVisited`` x2, credited to the visitor's own instance in the committee
  whichever branch is visited); due 12-31 (no grace), reminded 60 days before (11-01).
- ``unit.secretary_training.yearly`` (三、（三）): each secretary, deputy secretary and
  committee member of a 党总支/党支部 trains every year; due 01-31 of the next year,
  reminded 12-02. From v4 (2019-05-06, 党员教育管理工作条例) the year's trainings of kinds
  ``secretary_training``/``committee_member_training`` must add up to 56 hours; a year is
  judged by the version in force on its first day (so 2019 by v3: any training), and a
  training taken before the appointment counts for its year (``before_office``).
- ``committee_member.contact_point.assigned`` (三、（八）): within 90 days of the
  appointment (no grace), ``ContactPointAssigned`` naming the person.
- ``secretary.party_lecture.yearly`` (三、（四）): the secretary of a 党委/党总支 chairs a
  党课 (``MeetingHeld kind=party_lecture``, ``chaired_by``); due 01-31, reminded 12-02.
- ``unit.secretary_work_report.yearly`` (三、（八）): a 党总支/党支部 secretary's 述职,
  due 01-31, reminded 01-01.
- A holder appointed mid-period owes the period's own duties if appointed by its
  reminder day (:func:`services.duties.domain.structure._took_office`); a holder who
  leaves before a deadline has it waived (免除) unless they still hold an office the
  duty applies to (``_left_office``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import activities
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
from tests.unit.duties.builders import History, appointed, fold, left_office, make

pytestmark = pytest.mark.unit

VISITS = "committee_member.contact_point.visits"
ASSIGNED = "committee_member.contact_point.assigned"
TRAINING = "unit.secretary_training.yearly"
LECTURE = "secretary.party_lecture.yearly"
REPORT = "unit.secretary_work_report.yearly"
TALK = "branch.heart_to_heart_talk.yearly"

Fact = tuple[date, Payload]  # (day recorded, fact)
Status = tuple[str, str | None, str, date]  # (event, person, period, day emitted)


# ── builders ──────────────────────────────────────────────────────────────────────


def _visit(person: str, on: date, branch: str = "br-1") -> Payload:
    return make(activities.ContactPointVisited, organization_id=branch, person_id=person,
                visited_on=on)  # fmt: skip


def _assigned(person: str, on: date, branch: str = "br-1") -> Payload:
    return make(activities.ContactPointAssigned, organization_id=branch, person_id=person,
                assigned_on=on)  # fmt: skip


def _trained(
    person: str, on: date, hours: int, org: str = "br-1", kind: str = "secretary_training"
) -> Payload:
    return make(activities.TrainingCompleted, organization_id=org, person_id=person, kind=kind,
                completed_on=on, hours=hours)  # fmt: skip


def _lecture(org: str, chair: str, on: date) -> Payload:
    return make(activities.MeetingHeld, organization_id=org, meeting_id=f"m-{org}-{on}",
                kind="party_lecture", held_on=on, expected_attendees=20,
                present_attendees=18, topic="党课", chaired_by=chair)  # fmt: skip


def _report(org: str, person: str, year: int, on: date, parent: str = "gb-1") -> Payload:
    return make(activities.WorkReportSubmitted, organization_id=org, person_id=person,
                office="secretary", year=year, submitted_to=parent,
                submitted_on=on)  # fmt: skip


def _talk(org: str, person: str, on: date) -> Payload:
    return make(activities.TalkHeld, organization_id=org, kind="heart_to_heart",
                person_id=person, counterpart_id="m-1", held_on=on)  # fmt: skip


def _outputs(
    facts: Sequence[Fact], last: date, first: date = BEGINNING, history: History | None = None
) -> list[Envelope]:
    """The duties fold of :func:`a_branch` (or ``history``) and ``facts``, ticked daily
    from ``first`` (the log's first day) to ``last``."""
    base = history if history is not None else a_branch()
    return fold(on_their_days(base, first, facts, last).events)[1]


def _statuses(
    outputs: list[Envelope], duty_id: str, org: str | None = None, period: str | None = None
) -> list[Status]:
    return [
        (o.type.removeprefix("zeren."), o.data.person_id, o.data.period, o.time.date())
        for o in outputs
        if isinstance(o.data, DutyStatus)
        and o.data.duty_id == duty_id
        and (org is None or o.data.organization_id == org)
        and (period is None or o.data.period == period)
    ]


def _persons(statuses: list[Status], person: str) -> list[Status]:
    return [status for status in statuses if status[1] == person]


def _of(outputs: list[Envelope], name: str, duty_id: str, **fields: Any) -> list[Any]:
    return [
        o.data
        for o in outputs
        if o.type == f"zeren.{name}"
        and isinstance(o.data, DutyStatus)
        and o.data.duty_id == duty_id
        and all(getattr(o.data, k) == v for k, v in fields.items())
    ]


def _measures(
    facts: Sequence[Fact], last: date, duty_id: str, history: History | None = None
) -> list[tuple[str, str | None, list[str], date]]:
    base = history if history is not None else a_branch()
    out = []
    for env in from_the_facts(base, BEGINNING, facts, last):
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.duty_id == duty_id:
            kind = env.type.removeprefix("zeren.")
            out.append((kind, data.period, data.person_ids, env.time.date()))
    return out


# ── A. a 党委委员 appointed late in the year: the visits ───────────────────────────


def test_member_appointed_before_the_reminder_day_owes_the_year_s_two_visits() -> None:
    """By hand: p-n becomes 党委委员 of cmt on 2018-10-15, before the visits' reminder day
    (11-01). As a successor appointed by the reminder day owes the year's own duties, p-n
    owes 2018's two visits (三、（八）; catalog min_count 2, not prorated): reminded on
    11-01, and with one visit only (11-20) overdue on 2019-01-01, charging p-n alone.
    p-cmt, the secretary, owes his own 2018 visits (overdue too) but is never charged
    for p-n's."""
    facts = [
        (date(2018, 10, 15), appointed("cmt", "p-n", "committee_member", date(2018, 10, 15))),
        (date(2018, 11, 20), _visit("p-n", date(2018, 11, 20))),
    ]
    outputs = _outputs(facts, date(2019, 1, 2))
    theirs = [s for s in _statuses(outputs, VISITS, period="2018") if s[1] == "p-n"]
    assert theirs == [
        ("DutyDueSoon", "p-n", "2018", date(2018, 11, 1)),
        ("DutyOverdue", "p-n", "2018", date(2019, 1, 1)),
    ]
    [overdue] = _of(outputs, "DutyOverdue", VISITS, person_id="p-n")
    assert (overdue.organization_id, overdue.charged_person_ids) == ("cmt", ["p-n"])
    [cmt] = _of(outputs, "DutyOverdue", VISITS, person_id="p-cmt")
    assert cmt.charged_person_ids == ["p-cmt"]


def test_member_appointed_in_november_owes_no_visits_that_year() -> None:
    """By hand: p-n becomes 党委委员 on 2018-11-15, after the reminder day (11-01): the
    2018 visits are not p-n's (too late to be reminded; the fold's rule for a partial
    year). No 2018 status names p-n; 2019's two visits are owed in full: with none, overdue
    on 2020-01-01 naming p-n. The contact point itself is owed within 90 days of the
    appointment (due 2019-02-13): assigned on 2018-12-01, fulfilled that day."""
    facts = [
        (date(2018, 11, 15), appointed("cmt", "p-n", "committee_member", date(2018, 11, 15))),
        (date(2018, 12, 1), _assigned("p-n", date(2018, 12, 1))),
    ]
    outputs = _outputs(facts, date(2020, 1, 2))
    theirs = [s for s in _statuses(outputs, VISITS) if s[1] == "p-n"]
    assert theirs == [
        ("DutyDueSoon", "p-n", "2019", date(2019, 11, 1)),
        ("DutyOverdue", "p-n", "2019", date(2020, 1, 1)),
    ]
    assert [s[0] for s in _statuses(outputs, ASSIGNED) if s[1] == "p-n"] == ["DutyFulfilled"]


def test_an_earlier_appointment_recorded_after_a_november_one_opens_no_year_for_it() -> None:
    """By hand: as above, p-n becomes 党委委员 on 2018-11-15, after the reminder day, and
    owes nothing of 2018. p-m became 党委委员 on 10-15, before it, and owes 2018's two
    visits; his appointment is recorded on 11-20 (补录), after p-n's. The order the
    registry records them in changes neither: no 2018 status names p-n, and p-m's 2018
    visits are overdue on 2019-01-01, charging p-m alone (before: recording p-m's
    appointment opened 2018 for every 委员 then in office, p-n too, so p-n was reminded
    and then found overdue for a year he owed nothing of)."""
    facts = [
        (date(2018, 11, 15), appointed("cmt", "p-n", "committee_member", date(2018, 11, 15))),
        (date(2018, 11, 20), appointed("cmt", "p-m", "committee_member", date(2018, 10, 15))),
    ]
    outputs = _outputs(facts, date(2019, 1, 2))
    statuses = _statuses(outputs, VISITS, period="2018")
    assert _persons(statuses, "p-n") == []
    assert _persons(statuses, "p-m")[-1] == ("DutyOverdue", "p-m", "2018", date(2019, 1, 1))
    [overdue] = _of(outputs, "DutyOverdue", VISITS, person_id="p-m")
    assert overdue.charged_person_ids == ["p-m"]


# ── B. training hours: whole years, summed, before the appointment ─────────────────


def test_secretary_appointed_in_november_owes_the_full_56_hours() -> None:
    """By hand: br-1's secretary p-1 leaves on 2020-11-10; p-2 takes the office on 11-15,
    before the training's reminder day (12-02), so owes 2020's training. The catalog (v4,
    governing 2020) asks the year's trainings to add up to 56 hours and says nothing of a
    shorter year (the v4 note: 学时 minima judge whole years): not prorated. p-2 trained
    20 hours on 2020-04-01 before the appointment (counted: before_office) and 20 on
    12-10: 40 hours, short. Expected: reminded 12-02, overdue 2021-02-01 naming p-2; p-1's
    2020 training waived on leaving (not due), said when the day of the leaving is over
    (11-11: the training is owed by 委员 too, whom an appointment that day would continue)."""
    facts = [
        (date(2020, 4, 1), _trained("p-2", date(2020, 4, 1), 20)),
        (date(2020, 11, 10), left_office("br-1", "p-1", "secretary", date(2020, 11, 10))),
        (date(2020, 11, 15), appointed("br-1", "p-2", "secretary", date(2020, 11, 15))),
        (date(2020, 12, 10), _trained("p-2", date(2020, 12, 10), 20)),
    ]
    outputs = _outputs(facts, date(2021, 2, 2), first=date(2020, 1, 1))
    assert _statuses(outputs, TRAINING, "br-1", "2020") == [
        ("DutyWaived", "p-1", "2020", date(2020, 11, 11)),
        ("DutyDueSoon", "p-2", "2020", date(2020, 12, 2)),
        ("DutyOverdue", "p-2", "2020", date(2021, 2, 1)),
    ]
    [overdue] = _of(outputs, "DutyOverdue", TRAINING, person_id="p-2")
    assert overdue.charged_person_ids == ["p-2"]
    assert overdue.catalog_version == "v4"
    assert len(overdue.evidence_event_ids) == 2  # both trainings counted, 40 hours


def test_three_trainings_add_up_to_the_56_hours() -> None:
    """By hand: the same p-2 with a third training of 16 hours on 12-20 (20+20+16 = 56):
    fulfilled on 12-20, in time, all three counted; reminded on 12-02 before that."""
    facts = [
        (date(2020, 4, 1), _trained("p-2", date(2020, 4, 1), 20)),
        (date(2020, 11, 10), left_office("br-1", "p-1", "secretary", date(2020, 11, 10))),
        (date(2020, 11, 15), appointed("br-1", "p-2", "secretary", date(2020, 11, 15))),
        (date(2020, 12, 10), _trained("p-2", date(2020, 12, 10), 20)),
        (date(2020, 12, 20), _trained("p-2", date(2020, 12, 20), 16)),
    ]
    outputs = _outputs(facts, date(2021, 2, 2), first=date(2020, 1, 1))
    assert [s for s in _statuses(outputs, TRAINING, "br-1", "2020") if s[1] == "p-2"] == [
        ("DutyDueSoon", "p-2", "2020", date(2020, 12, 2)),
        ("DutyFulfilled", "p-2", "2020", date(2020, 12, 20)),
    ]
    [done] = _of(outputs, "DutyFulfilled", TRAINING, person_id="p-2")
    assert len(done.evidence_event_ids) == 3


def test_2019_is_judged_by_v3_and_2020_by_the_56_hours_of_v4() -> None:
    """By hand: v4 (56 hours) is in force from 2019-05-06, but a year is judged by the
    version in force on its first day: 2019 by v3 (any training of the kinds). p-1
    trains 10 hours on 2019-09-01 and 10 on 2020-09-01. Expected: 2019 fulfilled on
    2019-09-01 (catalog_version v3); 2020 not (10 < 56): overdue 2021-02-01, v4."""
    facts = [
        (date(2019, 9, 1), _trained("p-1", date(2019, 9, 1), 10)),
        (date(2020, 9, 1), _trained("p-1", date(2020, 9, 1), 10)),
    ]
    outputs = _outputs(facts, date(2021, 2, 2), first=date(2019, 1, 1))
    [done] = _of(outputs, "DutyFulfilled", TRAINING, person_id="p-1")
    assert (done.period, done.fulfilled_on) == ("2019", date(2019, 9, 1))
    assert done.catalog_version == "v3"
    overdue = _of(outputs, "DutyOverdue", TRAINING, person_id="p-1", organization_id="br-1")
    assert [(o.period, o.catalog_version) for o in overdue] == [("2020", "v4")]


def test_hours_count_in_their_own_year_and_of_the_training_kinds_only() -> None:
    """By hand: p-1 trains 30 hours of secretary training on 2020-12-15 and 26 on
    2021-01-10 (dated_by completed_on: 2021's, not 2020's), plus 40 hours of 全体党员轮训
    (member_rotation, not a kind of this duty) on 2020-06-01, and 20 of committee-member
    training (a kind of it) on 2020-07-01: 2020 has 30 + 20 = 50 hours, short of 56.
    Expected: 2020 overdue on 2021-02-01 with two facts counted."""
    facts = [
        (date(2020, 6, 1), _trained("p-1", date(2020, 6, 1), 40, kind="member_rotation")),
        (date(2020, 7, 1), _trained("p-1", date(2020, 7, 1), 20, kind="committee_member_training")),
        (date(2020, 12, 15), _trained("p-1", date(2020, 12, 15), 30)),
        (date(2021, 1, 10), _trained("p-1", date(2021, 1, 10), 26)),
    ]
    outputs = _outputs(facts, date(2021, 2, 2), first=date(2020, 1, 1))
    overdue = _of(outputs, "DutyOverdue", TRAINING, person_id="p-1", organization_id="br-1")
    assert [(o.period, len(o.evidence_event_ids)) for o in overdue] == [("2020", 2)]
    assert not _of(outputs, "DutyFulfilled", TRAINING, person_id="p-1", period="2020")


# ── C. two holders of one office in a year: each their own ───────────────────────────


def test_two_committee_members_each_owe_their_own_two_visits() -> None:
    """By hand: cmt has 委员 p-a and p-b from 2018-01-01. p-a visits br-1 and br-2 once
    each (two visits: the catalog counts the holder's visits, not visits per contact
    point); p-b visits br-1 once; both on the same days as p-a's first. Expected: p-a
    fulfilled on 2018-09-01; p-b overdue on 2019-01-01 charging p-b alone; accountability
    criticises p-b (四: 提出批评) and never names p-a."""
    history = a_branch()
    history.appoint("cmt", "p-a", "committee_member", BEGINNING)
    history.appoint("cmt", "p-b", "committee_member", BEGINNING)
    facts = [
        (date(2018, 5, 1), _visit("p-a", date(2018, 5, 1), "br-1")),
        (date(2018, 5, 1), _visit("p-b", date(2018, 5, 1), "br-1")),
        (date(2018, 9, 1), _visit("p-a", date(2018, 9, 1), "br-2")),
    ]
    outputs = _outputs(facts, date(2019, 1, 2), history=history)
    [done] = _of(outputs, "DutyFulfilled", VISITS, person_id="p-a")
    assert (done.fulfilled_on, len(done.evidence_event_ids)) == (date(2018, 9, 1), 2)
    [missed] = _of(outputs, "DutyOverdue", VISITS, person_id="p-b")
    assert missed.charged_person_ids == ["p-b"]
    assert not _of(outputs, "DutyOverdue", VISITS, person_id="p-a")

    history = a_branch()
    history.appoint("cmt", "p-a", "committee_member", BEGINNING)
    history.appoint("cmt", "p-b", "committee_member", BEGINNING)
    measures = _measures(facts, date(2019, 1, 5), VISITS, history=history)
    assert ("CriticismIssued", "2018", ["p-b"], date(2019, 1, 1)) in measures
    assert all("p-a" not in persons for _, _, persons, _ in measures)


# ── D. one person, two units ─────────────────────────────────────────────────────────


def test_general_branch_secretary_on_the_committee_answers_in_each_unit_once() -> None:
    """By hand: p-g1, gb-1's secretary, is also 党委委员 of cmt from 2018-01-01. Visits
    (三、（八）) are p-g1's in cmt only: two visits fulfil them. The 党课 of a secretary
    (三、（四）, offices [secretary] of 党委/党总支) is p-g1's in gb-1 only: a lecture p-g1
    chairs at gb-1 fulfils it; cmt's is p-cmt's, and p-g1's lecture does not fulfil it
    (p-g1 is no secretary of cmt): p-cmt overdue 2019-02-01, charged [p-cmt]."""
    history = a_branch()
    history.appoint("cmt", "p-g1", "committee_member", BEGINNING)
    facts = [
        (date(2018, 4, 1), _visit("p-g1", date(2018, 4, 1))),
        (date(2018, 6, 1), _visit("p-g1", date(2018, 6, 1))),
        (date(2018, 5, 10), _lecture("gb-1", "p-g1", date(2018, 5, 10))),
        (date(2018, 5, 11), _lecture("cmt", "p-g1", date(2018, 5, 11))),
    ]
    outputs = _outputs(facts, date(2019, 2, 2), history=history)
    visits = [(o.organization_id, o.person_id) for o in _of(outputs, "DutyFulfilled", VISITS)]
    assert visits == [("cmt", "p-g1")]
    lectures = _of(outputs, "DutyFulfilled", LECTURE)
    assert [(o.organization_id, o.person_id) for o in lectures] == [("gb-1", "p-g1")]
    [missed] = _of(outputs, "DutyOverdue", LECTURE, period="2018")
    assert (missed.organization_id, missed.person_id, missed.charged_person_ids) == (
        "cmt", "p-cmt", ["p-cmt"]
    )  # fmt: skip


# ── E. the 党课 by the secretary, not by a deputy ─────────────────────────────────────


def test_a_lecture_chaired_by_the_deputy_is_not_the_secretary_s() -> None:
    """By hand: cmt's 副书记 p-d chairs a 党课 at cmt on 2018-05-10; the secretary p-cmt
    gives none. ``secretary.party_lecture.yearly`` (党组织书记讲党课, offices [secretary],
    person_field chaired_by): p-cmt owes it, the deputy's lecture does not count, and
    the deputy owes none. Expected: p-cmt reminded 2018-12-02, overdue 2019-02-01,
    charged [p-cmt]; no status names p-d. gb-1's secretary p-g1 chairs one at gb-1 in
    2018: fulfilled."""
    history = a_branch()
    history.appoint("cmt", "p-d", "deputy_secretary", BEGINNING)
    facts = [
        (date(2018, 5, 10), _lecture("cmt", "p-d", date(2018, 5, 10))),
        (date(2018, 6, 10), _lecture("gb-1", "p-g1", date(2018, 6, 10))),
    ]
    outputs = _outputs(facts, date(2019, 2, 2), history=history)
    assert _statuses(outputs, LECTURE, "cmt", "2018") == [
        ("DutyDueSoon", "p-cmt", "2018", date(2018, 12, 2)),
        ("DutyOverdue", "p-cmt", "2018", date(2019, 2, 1)),
    ]
    assert not [s for s in _statuses(outputs, LECTURE) if s[1] == "p-d"]
    assert _statuses(outputs, LECTURE, "gb-1", "2018") == [
        ("DutyFulfilled", "p-g1", "2018", date(2018, 6, 10))
    ]


# ── F. the contact point: late, recorded late, a second office ───────────────────────


def test_a_contact_point_assigned_late_is_overdue_then_fulfilled_late() -> None:
    """By hand: p-n becomes 委员 on 2018-03-01; the contact point is due within 90 days
    (05-30, no grace; reminded 30 days before, 04-30) and assigned on 07-01. Expected:
    reminded 04-30, overdue 05-31, fulfilled late on 07-01, naming p-n throughout."""
    facts = [
        (date(2018, 3, 1), appointed("cmt", "p-n", "committee_member", date(2018, 3, 1))),
        (date(2018, 7, 1), _assigned("p-n", date(2018, 7, 1))),
    ]
    outputs = _outputs(facts, date(2018, 7, 2))
    got = [(s[0], s[1], s[3]) for s in _persons(_statuses(outputs, ASSIGNED), "p-n")]
    assert got == [
        ("DutyDueSoon", "p-n", date(2018, 4, 30)),
        ("DutyOverdue", "p-n", date(2018, 5, 31)),
        ("DutyFulfilledLate", "p-n", date(2018, 7, 1)),
    ]


def test_a_contact_point_assigned_in_time_but_recorded_after_a_late_appointment() -> None:
    """By hand: p-n became 委员 on 2018-03-01, but the registry records the appointment only
    on 04-01 (补录); the contact point was assigned on 03-15 (within 90 days of the
    appointment), recorded on 04-02. The 90 days run from the appointment (03-01: due
    05-30); the assignment of 03-15 is in time. Expected: fulfilled, on 03-15, never
    overdue."""
    facts = [
        (date(2018, 4, 1), appointed("cmt", "p-n", "committee_member", date(2018, 3, 1))),
        (date(2018, 4, 2), _assigned("p-n", date(2018, 3, 15))),
    ]
    outputs = _outputs(facts, date(2018, 8, 1))
    got = [(s[0], s[3]) for s in _persons(_statuses(outputs, ASSIGNED), "p-n")]
    assert got == [("DutyFulfilled", date(2018, 4, 2))]
    [done] = _of(outputs, "DutyFulfilled", ASSIGNED, person_id="p-n")
    assert (done.fulfilled_on, done.due_on) == (date(2018, 3, 15), date(2018, 5, 30))


def test_a_member_made_deputy_secretary_owes_no_second_contact_point() -> None:
    """By hand: p-n, 委员 of cmt from 2018-01-01, takes a contact point on 01-20 (in time).
    On 2018-06-01 p-n becomes 副书记 of cmt too. 三、（八） 建立党委成员抓基层党支部工作联系点
    制度: each 党委成员 has a contact point; p-n is the same 党委成员 and has one. A
    holder of two offices owes the duty once. Expected: the assignment fulfilled once
    (01-20); nothing reminded or overdue about a second contact point."""
    facts = [
        (date(2018, 1, 1), appointed("cmt", "p-n", "committee_member", date(2018, 1, 1))),
        (date(2018, 1, 20), _assigned("p-n", date(2018, 1, 20))),
        (date(2018, 6, 1), appointed("cmt", "p-n", "deputy_secretary", date(2018, 6, 1))),
    ]
    outputs = _outputs(facts, date(2018, 10, 1))
    got = [(s[0], s[3]) for s in _persons(_statuses(outputs, ASSIGNED), "p-n")]
    assert got == [("DutyFulfilled", date(2018, 1, 20))]


def test_a_re_elected_member_owes_no_second_contact_point() -> None:
    """By hand: as above, but on 2018-06-01 p-n is appointed 委员 again (re-elected,
    never having left). p-n is the same 党委成员 with the same contact point: nothing
    more is owed. Expected: one fulfilled assignment (01-20), nothing else about p-n."""
    facts = [
        (date(2018, 1, 1), appointed("cmt", "p-n", "committee_member", date(2018, 1, 1))),
        (date(2018, 1, 20), _assigned("p-n", date(2018, 1, 20))),
        (date(2018, 6, 1), appointed("cmt", "p-n", "committee_member", date(2018, 6, 1))),
    ]
    outputs = _outputs(facts, date(2018, 10, 1))
    got = [(s[0], s[3]) for s in _persons(_statuses(outputs, ASSIGNED), "p-n")]
    assert got == [("DutyFulfilled", date(2018, 1, 20))]


# ── G. leaving and coming back within the year ───────────────────────────────────────


def test_a_secretary_re_appointed_the_next_day_owes_the_year_s_training() -> None:
    """By hand: br-1's secretary p-1 leaves on 2020-06-30 (换届) and is appointed again on
    07-01, before the reminder day (12-02). Like any holder appointed by the reminder day
    (here also the holder on 01-01 and at the deadline), p-1 owes 2020's training: the
    56 hours of the year. p-1 trains 30 hours on 2020-03-10 (in office) and 26 on 09-10:
    56, fulfilled on 09-10. Without the September training p-1 would owe it, reminded
    12-02 (second run below). Leaving on 06-30 waives the instance of the first tenure
    (免除, 已离任), but the appointment of 07-01 makes p-1 owe the year again."""
    base = [
        (date(2020, 3, 10), _trained("p-1", date(2020, 3, 10), 30)),
        (date(2020, 6, 30), left_office("br-1", "p-1", "secretary", date(2020, 6, 30))),
        (date(2020, 7, 1), appointed("br-1", "p-1", "secretary", date(2020, 7, 1))),
    ]
    trained = [*base, (date(2020, 9, 10), _trained("p-1", date(2020, 9, 10), 26))]
    outputs = _outputs(trained, date(2021, 2, 2), first=date(2020, 1, 1))
    got = _statuses(outputs, TRAINING, "br-1", "2020")
    untrained = _statuses(
        _outputs(base, date(2021, 2, 2), first=date(2020, 1, 1)), TRAINING, "br-1", "2020"
    )
    assert [s for s in _persons(got, "p-1") if s[0] != "DutyWaived"] == [
        ("DutyFulfilled", "p-1", "2020", date(2020, 9, 10))
    ]
    assert [s for s in _persons(untrained, "p-1") if s[0] != "DutyWaived"] == [
        ("DutyDueSoon", "p-1", "2020", date(2020, 12, 2)),
        ("DutyOverdue", "p-1", "2020", date(2021, 2, 1)),
    ]


# ── H. the 述职 of a year its secretary changed ───────────────────────────────────────


def test_the_predecessor_s_own_report_answers_for_the_year() -> None:
    """By hand: p-1, br-1's secretary all 2018 until 12-05, leaves; p-late takes the
    office on 12-10 (before the 述职's reminder day, 2019-01-01: the fold makes p-late owe
    2018's 述职, test_who_owes). p-1 nevertheless submits the 2018 述职 on 2018-12-20
    (三、（八）: 每年向学校党委书面述职), naming p-1. The year's report is given, by the
    holder who held the office that year; the rule says never a successor for a
    predecessor's year. Expected: p-late is not criticised (no DutyOverdue naming
    p-late for 2018)."""
    facts = [
        (date(2018, 12, 5), left_office("br-1", "p-1", "secretary", date(2018, 12, 5))),
        (date(2018, 12, 10), appointed("br-1", "p-late", "secretary", date(2018, 12, 10))),
        (date(2018, 12, 20), _report("br-1", "p-1", 2018, date(2018, 12, 20))),
    ]
    outputs = _outputs(facts, date(2019, 2, 2))
    got = _statuses(outputs, REPORT, "br-1", "2018")
    assert not _persons(got, "p-late")


def test_an_appointment_recorded_in_advance_makes_no_one_owe_a_year_not_served() -> None:
    """By hand: br-1's secretary p-1 leaves on 2018-12-31; p-next's appointment dated
    2019-01-01 is recorded on 2018-12-20 (in advance), p-1's leaving on the same day.
    p-next held no office in 2018 and was not yet appointed: p-next owes nothing of 2018
    (never someone not yet appointed). The 2018 述职 (reminded 2019-01-01, due 01-31) is
    p-1's, waived as p-1 left before it fell due. Control: the same appointment
    recorded on its own day (2019-01-01) opens nothing of 2018 either."""
    early = [
        (date(2018, 12, 20), left_office("br-1", "p-1", "secretary", date(2018, 12, 31))),
        (date(2018, 12, 20), appointed("br-1", "p-next", "secretary", date(2019, 1, 1))),
    ]
    on_time = [
        (date(2018, 12, 31), left_office("br-1", "p-1", "secretary", date(2018, 12, 31))),
        (date(2019, 1, 1), appointed("br-1", "p-next", "secretary", date(2019, 1, 1))),
    ]
    in_advance = _statuses(_outputs(early, date(2019, 2, 2)), REPORT, "br-1", "2018")
    recorded_on_time = _statuses(_outputs(on_time, date(2019, 2, 2)), REPORT, "br-1", "2018")
    assert not _persons(recorded_on_time, "p-next")
    assert not _persons(in_advance, "p-next")


# ── I. 谈心谈话: from 2019, the holder's own, no credit before the appointment ─────────


def test_heart_to_heart_talk_before_the_appointment_does_not_count() -> None:
    """By hand: ``branch.heart_to_heart_talk.yearly`` (支部工作条例 第十九条, effective
    2018-10-28: 2018 is not owed, its first day precedes it). br-1's new 委员 p-c is
    appointed on 2019-10-15 (before the reminder day, 12-02): owes 2019's talk. p-c's talk
    of 2019-09-01 was held before the appointment; unlike the training, the entry has no
    before_office, so it does not count. Expected: nothing of 2018; p-c reminded
    2019-12-02 and overdue 2020-02-01; p-1 (no talk) overdue for 2019 as well."""
    facts = [
        (date(2019, 9, 1), _talk("br-1", "p-c", date(2019, 9, 1))),
        (date(2019, 10, 15), appointed("br-1", "p-c", "committee_member", date(2019, 10, 15))),
    ]
    outputs = _outputs(facts, date(2020, 2, 2))
    assert not _statuses(outputs, TALK, "br-1", "2018")
    assert [s for s in _statuses(outputs, TALK, "br-1", "2019") if s[1] == "p-c"] == [
        ("DutyDueSoon", "p-c", "2019", date(2019, 12, 2)),
        ("DutyOverdue", "p-c", "2019", date(2020, 2, 1)),
    ]
    overdue = _of(outputs, "DutyOverdue", TALK, period="2019")
    assert sorted(o.person_id for o in overdue) == ["p-1", "p-c"]
