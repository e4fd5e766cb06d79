"""A secretary's appointment recorded late (补录任职), from the facts to the measures.

Expected outcomes, written from the seed and the catalog before running. The rule the
brief puts first: every measure names the unit and the office holder(s) that owed the
duty at the time. br-1 (a branch of gb-1) holds no 支部党员大会 in 2018 Q1 (三会一课:
quarterly; due 04-15, reminded 04-01); its 党课 is held (03-15). Its secretary ``p-1``
left on 03-01, recorded that day; criticism (四: 提出批评，限期整改) comes the day after
the deadline, 04-16, with a month to rectify (05-16); when that passes, 通报、约谈 is
proposed (限期未整改) naming the secretary of that day.

- ``p-2`` took office on 03-10, recorded only on 05-02. The reminder and the criticism
  named nobody: the office was vacant as registered then. On 05-02 the record shows
  ``p-2`` held the office when the meeting fell due (04-15): the case names ``p-2`` from
  then on and says so (责任人更正: 经登记，李强已于2018年3月10日任职，该项责任到期（2018年
  4月15日）时在任，本案以其为责任人), announced like a withdrawal; the proposal of 05-17
  names ``p-2``. ``p-2``'s own record for the 特别突出 rule counts the meeting.
- ``p-2`` took office on 03-10, recorded on 04-02: after the reminder (04-01), which
  named nobody, before the deadline. He held the office when reminded and owes the
  meeting: the case names him from 04-02 and says so (该项责任提醒（2018年4月1日）时在任),
  so that the one who owes it is told before it falls due; the criticism and the
  proposal name him, as recorded on its day.
- ``p-2`` took office on 04-20, after the deadline, recorded on 05-02: ``p-2`` did not
  owe the meeting when it fell due, so nothing is corrected; the proposal of 05-17 names
  the secretary of that day (the case's standing rule, 此后按任职情况确定).
- ``p-2`` took office on 04-08, recorded that day, before the deadline: no correction;
  the criticism and the proposal name ``p-2`` as they are taken.
- An earlier term entered late (补录): ``p-5`` was br-1's secretary from 2017-01-01 to
  2017-06-30, both recorded on 05-02, while the case names ``p-1``, secretary since 2018
  and when the meeting fell due. ``p-5`` owed nothing of 2018: no correction names or
  withdraws ``p-5``, and ``p-1`` stays named.
- The department decides 通报、约谈 on the case on 05-20 (naming nobody: the office looked
  vacant), and ``p-2``'s appointment of 03-10 is recorded on 05-25. People decided whom
  the measures name (the system proposes, people decide): the system does not add
  ``p-2`` to a decided case; it is for the department to record a decision about him.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from contracts.events import activities, oversight, structure
from contracts.events.accountability import AccountabilityAction, ResponsiblePersonsCorrected
from contracts.events.base import Payload
from services.accountability.domain.cases import duty_case_id
from services.accountability.domain.state import Ledger, holder_key
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
Measure = tuple[str, list[str], date]
Fact = tuple[date, Payload]


def _measures(
    appointed: date,
    recorded: date,
    ledger: Ledger | None = None,
    *more: Fact,
    when: str = "到期（2018年4月15日）",
) -> list[Measure]:
    """(action, persons named, day) of every measure about br-1's 2018 Q1 meeting, with
    ``p-1``'s leaving of 03-01 recorded that day, ``p-2``'s appointment on ``recorded`` and
    ``more`` facts."""
    leaving = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                   office="secretary", left_on=date(2018, 3, 1))  # fmt: skip
    appointment = make(structure.OfficeHolderAppointed, organization_id="br-1",
                       person_id="p-2", person_name="李强", office="secretary",
                       appointed_on=appointed)  # fmt: skip
    lecture = make(activities.MeetingHeld, organization_id="br-1", meeting_id="m-lecture",
                   kind="party_lecture", held_on=date(2018, 3, 15), expected_attendees=10,
                   present_attendees=9, topic="学习", chaired_by="p-1")  # fmt: skip
    facts: list[Fact] = [(date(2018, 3, 1), leaving), (recorded, appointment)]
    facts.append((date(2018, 3, 15), lecture))
    facts += more
    measures = []
    for env in from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30), ledger):
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if (data.duty_id, data.period) == (MEETING, "2018-Q1"):
            measures.append((env.type.removeprefix("zeren."), data.person_ids, env.time.date()))
            if isinstance(data, ResponsiblePersonsCorrected):
                assert data.added_person_ids == ["p-2"]
                assert data.withdrawn_person_ids is None
                day = f"{appointed.year}年{appointed.month}月{appointed.day}日"
                assert f"李强（p-2）已于{day}任职" in data.text_zh
                assert f"{when}时在任，本案以其为责任人" in data.text_zh
    return measures


def test_an_appointment_recorded_late_names_who_owed_the_duty() -> None:
    ledger = Ledger.empty(1)
    assert _measures(date(2018, 3, 10), date(2018, 5, 2), ledger) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", [], date(2018, 4, 16)),
        ("ResponsiblePersonsCorrected", ["p-2"], date(2018, 5, 2)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]
    assert (date(2018, 4, 16), MEETING) in ledger.overdue[holder_key("br-1", "p-2")]


def test_an_appointment_recorded_after_the_reminder_names_who_owes_the_duty() -> None:
    assert _measures(date(2018, 3, 10), date(2018, 4, 2), when="提醒（2018年4月1日）") == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("ResponsiblePersonsCorrected", ["p-2"], date(2018, 4, 2)),
        ("CriticismIssued", ["p-2"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_appointed_after_the_deadline_is_not_named_for_what_was_missed() -> None:
    assert _measures(date(2018, 4, 20), date(2018, 5, 2)) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", [], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_an_appointment_recorded_on_time_corrects_nothing() -> None:
    assert _measures(date(2018, 4, 8), date(2018, 4, 8)) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", ["p-2"], date(2018, 4, 16)),
        ("AccountabilityProposed", ["p-2"], date(2018, 5, 17)),
    ]


def test_an_earlier_term_entered_late_names_nobody_on_today_s_cases() -> None:
    appointed = make(
        structure.OfficeHolderAppointed,
        organization_id="br-1",
        person_id="p-5",
        person_name="赵刚",
        office="secretary",
        appointed_on=date(2017, 1, 1),
    )
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-5",
                office="secretary", left_on=date(2017, 6, 30))  # fmt: skip
    lecture = make(activities.MeetingHeld, organization_id="br-1", meeting_id="m-lecture",
                   kind="party_lecture", held_on=date(2018, 3, 15), expected_attendees=10,
                   present_attendees=9, topic="学习", chaired_by="p-1")  # fmt: skip
    facts: list[Fact] = [(date(2018, 5, 2), appointed), (date(2018, 5, 2), left)]
    facts.append((date(2018, 3, 15), lecture))
    measures = [
        (env.type.removeprefix("zeren."), env.data.person_ids)
        for env in from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30))
        if isinstance(env.data, AccountabilityAction) and env.data.duty_id == MEETING
    ]
    assert measures == [
        ("ReminderIssued", ["p-1"]),
        ("CriticismIssued", ["p-1"]),
        ("AccountabilityProposed", ["p-1"]),
    ]


def test_a_decided_case_is_left_to_the_people_who_decided_it() -> None:
    decided = make(oversight.AccountabilityDecided, organization_id="br-1",
                   case_id=duty_case_id("br-1", MEETING, "2018-Q1"), decision_id="d-1",
                   decided_by="organization_department", meeting="组织部部务会",
                   decided_on=date(2018, 5, 20), measures=["notice", "interview"],
                   person_ids=[])  # fmt: skip
    assert _measures(date(2018, 3, 10), date(2018, 5, 25), None, (date(2018, 5, 20), decided)) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", [], date(2018, 4, 16)),
        ("AccountabilityProposed", [], date(2018, 5, 17)),
        ("NoticeCirculated", [], date(2018, 5, 20)),
        ("InterviewRequired", [], date(2018, 5, 20)),
    ]


def test_a_correction_must_withdraw_or_add_someone() -> None:
    facts = [(date(2018, 4, 5), make(structure.OfficeHolderLeftOffice, organization_id="br-1",
              person_id="p-1", office="secretary", left_on=date(2018, 4, 5)))]  # fmt: skip
    corrections = [
        env.data
        for env in from_the_facts(a_branch(), BEGINNING, facts, date(2018, 4, 6))
        if isinstance(env.data, ResponsiblePersonsCorrected)
    ]
    fields = corrections[0].model_dump(mode="json") | {"withdrawn_person_ids": None}
    with pytest.raises(ValidationError, match="withdraws or adds"):
        ResponsiblePersonsCorrected.model_validate_json(json.dumps(fields))
