"""A past secretary's term entered late in one fact (补录已结束的任期), through both folds.

Expected outcomes, written from the seed and the catalog before running. Every measure
names the office holder(s) that owed the duty at the time (the brief's first rule).
br-1 (a branch of gb-1) holds no 支部党员大会 in 2018 Q1 (三会一课: quarterly; due 04-15,
reminded 04-01); its 党课 is held (03-15). Its secretary ``p-1`` left on 03-01, recorded
that day; criticism (四: 提出批评，限期整改) comes on 04-16 with a month to rectify; when
that passes, 通报、约谈 is proposed on 05-17 (限期未整改).

- On 05-05 the HR system enters ``p-9``'s term as br-1's secretary, 2018-03-05 to
  2018-04-30, in one fact (``left_on``). The reminder and the criticism named nobody
  (the office looked vacant). ``p-9`` held the office when the meeting fell due (04-15):
  the case names ``p-9`` from 05-05 and says so (责任人更正: 经登记，赵刚（p-9）已于2018年
  3月5日任职，该项责任到期（2018年4月15日）时在任，本案以其为责任人); the overdue counts
  in ``p-9``'s record (特别突出). The proposal of 05-17 (限期未整改) names the holders of
  the day the rectification deadline passed (the rule of ``missed.answering_now``): nobody, as
  ``p-9`` left on 04-30 (corrected after running: I had written ``p-9`` here, against
  that rule, which the late-leaving tests hold). ``p-9`` is no current holder
  of br-1 in either fold (nobody is secretary after 04-30), and no duty of ``p-9``'s is
  opened or waived for a period whose deadline came after the term (``p-9`` never owed
  it: no 已离任 waiver of a duty nobody was told about).
- The gb-1's duty to fill br-1's vacancy (书记空缺及时配齐, 90 days from ``p-1``'s
  leaving) is met by ``p-9``'s appointment of 03-05; ``p-9``'s leaving on 04-30 left the
  office vacant again: a new 90 days run, exactly as the appointment and its leaving
  entered one after the other give (they run from the day the departure is recorded,
  05-05, as for any departure recorded late; I had written 04-30).
- The same term ending 04-10, before the deadline: ``p-9`` did not owe the meeting
  when it fell due; nothing is corrected and every measure names nobody.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.accountability import AccountabilityAction, ResponsiblePersonsCorrected
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from contracts.events.enums import Office
from services.accountability.domain.state import Ledger, holder_key
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
from tests.unit.duties.builders import fold, make

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"
VACANCY = "unit.secretary_vacancy.filled"
Fact = tuple[date, Payload]


def _facts(term_ends: date) -> list[Fact]:
    leaving = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                   office="secretary", left_on=date(2018, 3, 1))  # fmt: skip
    past_term = make(structure.OfficeHolderAppointed, organization_id="br-1", person_id="p-9",
                     person_name="赵刚", office="secretary", appointed_on=date(2018, 3, 5),
                     left_on=term_ends)  # fmt: skip
    lecture = make(activities.MeetingHeld, organization_id="br-1", meeting_id="m-lecture",
                   kind="party_lecture", held_on=date(2018, 3, 15), expected_attendees=10,
                   present_attendees=9, topic="学习", chaired_by="p-1")  # fmt: skip
    return [
        (date(2018, 3, 1), leaving),
        (date(2018, 3, 15), lecture),
        (date(2018, 5, 5), past_term),
    ]


def _measures(outputs: list[Envelope]) -> list[tuple[str, list[str], date]]:
    measures = []
    for env in outputs:
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if (data.duty_id, data.period) == (MEETING, "2018-Q1"):
            measures.append((env.type.removeprefix("zeren."), data.person_ids, env.time.date()))
    return measures


def test_a_past_term_entered_late_names_who_owed_the_duty() -> None:
    ledger = Ledger.empty(1)
    facts = _facts(date(2018, 4, 30))
    outputs = from_the_facts(a_branch(), BEGINNING, facts, date(2018, 6, 30), ledger)
    assert _measures(outputs) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", [], date(2018, 4, 16)),
        ("ResponsiblePersonsCorrected", ["p-9"], date(2018, 5, 5)),
        ("AccountabilityProposed", [], date(2018, 5, 17)),
    ]
    [correction] = [
        env.data
        for env in outputs
        if isinstance(env.data, ResponsiblePersonsCorrected) and env.data.duty_id == MEETING
    ]
    assert correction.added_person_ids == ["p-9"]
    assert (
        "经登记，赵刚（p-9）已于2018年3月5日任职，该项责任到期（2018年4月15日）时在任，本案以其为责任人"
        in correction.text_zh
    )
    assert (date(2018, 4, 16), MEETING) in ledger.overdue[holder_key("br-1", "p-9")]
    assert ledger.holders_of("br-1", Office.SECRETARY) == []


def _vacancy(outputs: list[Envelope]) -> list[tuple[str, date, date]]:
    return [
        (type(s).__name__, s.due_on, env.time.date())
        for env in outputs
        if isinstance(s := env.data, DutyStatus) and s.duty_id == VACANCY
    ]


def test_the_duties_fold_keeps_the_term_in_the_past() -> None:
    history = on_their_days(a_branch(), BEGINNING, _facts(date(2018, 4, 30)), date(2018, 8, 31))
    state, outputs = fold(history.events)
    assert state.units["br-1"].holders.get(Office.SECRETARY, []) == []
    statuses = [env.data for env in outputs if isinstance(env.data, DutyStatus)]
    assert [s for s in statuses if s.person_id == "p-9"] == []
    assert _vacancy(outputs)[:2] == [
        ("DutyDueSoon", date(2018, 5, 30), date(2018, 4, 30)),
        ("DutyFulfilled", date(2018, 5, 30), date(2018, 5, 5)),
    ]
    *earlier, past_term = _facts(date(2018, 4, 30))
    term = past_term[1]
    assert isinstance(term, structure.OfficeHolderAppointed)
    appointed = term.model_copy(update={"left_on": None})
    leaving = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-9",
                   office="secretary", left_on=date(2018, 4, 30))  # fmt: skip
    two_facts = [*earlier, (date(2018, 5, 5), appointed), (date(2018, 5, 5), leaving)]
    history = on_their_days(a_branch(), BEGINNING, two_facts, date(2018, 8, 31))
    assert _vacancy(outputs) == _vacancy(fold(history.events)[1])


def test_a_past_term_ended_before_the_deadline_corrects_nothing() -> None:
    outputs = from_the_facts(a_branch(), BEGINNING, _facts(date(2018, 4, 10)), date(2018, 6, 30))
    assert _measures(outputs) == [
        ("ReminderIssued", [], date(2018, 4, 1)),
        ("CriticismIssued", [], date(2018, 4, 16)),
        ("AccountabilityProposed", [], date(2018, 5, 17)),
    ]
