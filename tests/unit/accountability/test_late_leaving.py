"""A secretary's leaving recorded late (补录离任), from the facts to the measures.

Expected outcomes, written from the seed and the catalog before running. br-1 (a
branch of gb-1) holds no 支部党员大会 in 2018 Q1 (三会一课: quarterly; due 04-15,
reminded 04-01). It holds the quarter's 党课 (03-15), so with its 主题党日 the meeting is
the second distinct work it lets pass, short of 特别突出 (四: three). Its secretary
``p-1`` left on 03-01 and ``p-2`` took office on 03-05. Criticism (四: 提出批评，限期整改)
comes the day after the deadline, 04-16, with a month to rectify (05-16); when that
passes, 通报、约谈 is proposed (限期未整改), naming the secretary of that day.

- Recorded on time: every measure names ``p-2``, who held the office when the
  meeting fell due.
- Both recorded on 04-20, the leaving first: until then the registry had ``p-1`` as
  secretary, so the reminder and the criticism name ``p-1``. The leaving shows ``p-1``
  was not in office when the meeting fell due: on 04-20 the case stops naming ``p-1``
  and says so (责任人更正), naming nobody else (the office was vacant until the
  appointment, recorded next). The appointment, recorded next, shows ``p-2`` held the
  office then: the case names ``p-2`` from then on and says so (a second 责任人更正, see
  test_late_appointment.py). The proposal of 05-17 names ``p-2``.
- ``p-1`` left on 04-05, recorded that day, after the reminder and before the
  deadline; ``p-2`` took office on 04-08: the reminder was ``p-1``'s, the case stops
  naming ``p-1`` on 04-05, and the criticism and the proposal name ``p-2``.
- ``p-1`` left on 04-17, after the deadline, recorded on 04-20 with ``p-2``'s
  appointment of 04-18: ``p-1`` let the meeting pass in office, and nothing is
  corrected.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import activities, structure
from contracts.events.accountability import AccountabilityAction, ResponsiblePersonsCorrected
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
Measure = tuple[str, list[str], date]


def _measures(left: date, appointed: date, recorded: date | None) -> list[Measure]:
    """(action, persons named, day) of every measure about br-1's 2018 Q1 meeting; the
    leaving and the appointment recorded on their days, or both on ``recorded``."""
    leaving = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                   office="secretary", left_on=left)  # fmt: skip
    appointment = make(structure.OfficeHolderAppointed, organization_id="br-1",
                       person_id="p-2", person_name="李强", office="secretary",
                       appointed_on=appointed)  # fmt: skip
    lecture = make(activities.MeetingHeld, organization_id="br-1", meeting_id="m-lecture",
                   kind="party_lecture", held_on=date(2018, 3, 15), expected_attendees=10,
                   present_attendees=9, topic="学习", chaired_by="p-2")  # fmt: skip
    facts = [(recorded or left, leaving), (recorded or appointed, appointment)]
    facts.append((date(2018, 3, 15), lecture))
    measures = []
    for env in from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30)):
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if (data.duty_id, data.period) == (MEETING, "2018-Q1"):
            kind = env.type.removeprefix("zeren.")
            measures.append((kind, data.person_ids, env.time.date()))
            if isinstance(data, ResponsiblePersonsCorrected) and data.added_person_ids is None:
                assert data.withdrawn_person_ids == ["p-1"]
                assert f"王丽（p-1）已于{left.year}年{left.month}月{left.day}日离任" in data.text_zh
                assert "到期（2018年4月15日）时不在任，本案不再以其为责任人" in data.text_zh
    return measures


def test_recorded_on_time_the_successor_answers() -> None:
    assert _measures(date(2018, 3, 1), date(2018, 3, 5), None) == [
        ("ReminderIssued", ["p-2"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-2"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_a_leaving_recorded_late_corrects_whom_the_case_names() -> None:
    assert _measures(date(2018, 3, 1), date(2018, 3, 5), date(2018, 4, 20)) == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-1"], date(2018, 4, 16)),
        ("ResponsiblePersonsCorrected", [], date(2018, 4, 20)),
        ("ResponsiblePersonsCorrected", ["p-2"], date(2018, 4, 20)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_leaving_between_the_reminder_and_the_deadline_ends_the_reminder_s_charge() -> None:
    assert _measures(date(2018, 4, 5), date(2018, 4, 8), None) == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("ResponsiblePersonsCorrected", [], date(2018, 4, 5)),
        ("CriticismIssued", ["p-2"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_a_holder_who_left_after_the_deadline_missed_it_in_office() -> None:
    assert _measures(date(2018, 4, 17), date(2018, 4, 18), date(2018, 4, 20)) == [
        ("ReminderIssued", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", ["p-1"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]
