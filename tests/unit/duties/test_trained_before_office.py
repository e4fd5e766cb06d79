"""A training taken before the appointment counts for the year (任职前参加培训).

Expected outcomes, written from the seed and the catalog before running. 三、（三）
开展党总支、党支部委员专题培训 (``unit.secretary_training.yearly``): each secretary,
deputy secretary and committee member of a branch owes a training each year (due
31 days after the year ends, reminded 60 days before), their own duty (个人职责).

- br-1's secretary ``p-1`` leaves on 2018-04-30 and ``p-2`` is appointed on 05-01.
  ``p-2`` completed the secretary training on 03-15, recorded for br-1, when holding
  no office there. On 05-01 ``p-2`` owes 2018's training (appointed before the
  reminder day) and has done it: the training fulfils it that day, in time,
  fulfilled on 03-15, caused by the appointment. ``p-2`` is neither reminded
  (12-02) nor criticised (2019-02-01, 四) for it; the measures about the training
  name only gb-1's secretary ``p-g1``, who never trained. Before the change the
  training was dropped, and ``p-2`` was reminded, criticised and proposed for
  通报、约谈 (特别突出, with the branch's other lapses).
- From 2019-05-06 (catalog v4, 党员教育管理工作条例) the year's trainings must add up
  to 56 hours: 30 hours on 2020-03-10 before the appointment and 26 on 09-10 after it
  fulfil 2020's training on 09-10, both counted.
- A training in 2018 does not count for 2019: appointed on 2019-03-01 after training
  only in 2018, ``p-2`` owes 2019's and is reminded on 2019-12-02.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from services.duties.domain.state import DutyState
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts, on_their_days
from tests.unit.duties.builders import fold, make, of_type

TRAINING = "unit.secretary_training.yearly"
Fact = tuple[date, Payload]


def _trained(on: date, hours: int = 16) -> activities.TrainingCompleted:
    return make(activities.TrainingCompleted, organization_id="br-1", person_id="p-2",
                kind="secretary_training", completed_on=on, hours=hours)  # fmt: skip


def _successor(appointed: date) -> Sequence[Fact]:
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=appointed - date.resolution)  # fmt: skip
    took = make(structure.OfficeHolderAppointed, organization_id="br-1", person_id="p-2",
                person_name="李强", office="secretary", appointed_on=appointed)  # fmt: skip
    return [(left.left_on, left), (appointed, took)]


def _fold(facts: Sequence[Fact], last: date) -> tuple[DutyState, list[Envelope]]:
    """The duties fold of :func:`a_branch` and ``facts``, each recorded on its day."""
    return fold(on_their_days(a_branch(), BEGINNING, facts, last).events)


def _duty_outputs(facts: Sequence[Fact], last: date) -> list[Envelope]:
    return _fold(facts, last)[1]


def _theirs(outputs: list[Envelope], period: str) -> list[tuple[str, date]]:
    return [
        (o.type.removeprefix("zeren."), o.time.date())
        for o in outputs
        if isinstance(o.data, DutyStatus)
        and (o.data.duty_id, o.data.period, o.data.person_id) == (TRAINING, period, "p-2")
    ]


def test_a_training_before_the_appointment_fulfils_the_year_s() -> None:
    facts = [(date(2018, 3, 15), _trained(date(2018, 3, 15))), *_successor(date(2018, 5, 1))]
    outputs = _duty_outputs(facts, date(2019, 2, 5))
    assert _theirs(outputs, "2018") == [("DutyFulfilled", date(2018, 5, 1))]
    (done,) = of_type(outputs, "DutyFulfilled", duty_id=TRAINING, person_id="p-2")
    assert done.data.fulfilled_on == date(2018, 3, 15)
    assert done.data.cause_event_id.startswith("OfficeHolderAppointed")
    assert done.data.evidence_event_ids[0].startswith("TrainingCompleted")
    measures = from_the_facts(a_branch(), BEGINNING, facts, date(2019, 2, 5))
    about_training = [
        (m.type, m.data.person_ids)
        for m in measures
        if isinstance(m.data, AccountabilityAction) and m.data.duty_id == TRAINING
    ]
    assert about_training == [
        ("zeren.ReminderIssued", ["p-g1"]),
        ("zeren.CriticismIssued", ["p-g1"]),
        ("zeren.AccountabilityProposed", ["p-g1"]),
    ]


def test_hours_before_and_after_the_appointment_add_up() -> None:
    facts = [
        (date(2020, 3, 10), _trained(date(2020, 3, 10), hours=30)),
        *_successor(date(2020, 5, 1)),
        (date(2020, 9, 10), _trained(date(2020, 9, 10), hours=26)),
    ]
    outputs = _duty_outputs(facts, date(2020, 9, 11))
    assert _theirs(outputs, "2020") == [("DutyFulfilled", date(2020, 9, 10))]
    (done,) = of_type(outputs, "DutyFulfilled", duty_id=TRAINING, person_id="p-2", period="2020")
    assert len(done.data.evidence_event_ids) == 2


def test_a_training_counts_for_its_own_year_only() -> None:
    facts = [(date(2018, 3, 15), _trained(date(2018, 3, 15))), *_successor(date(2019, 3, 1))]
    outputs = _duty_outputs(facts, date(2019, 12, 3))
    assert _theirs(outputs, "2019") == [("DutyDueSoon", date(2019, 12, 2))]


def test_what_was_kept_for_a_year_that_ended_is_let_go() -> None:
    """Kept while an appointment recorded late could still open the year: until the
    archive's cut-off passes its deadline (2018's training is due 2019-01-31, settled
    from the cut-off of 2019-05-01, 2019-02-28); let go by the next fact kept then."""
    facts = [(date(2018, 3, 15), _trained(date(2018, 3, 15))),
             (date(2019, 3, 1), _trained(date(2019, 3, 1)))]  # fmt: skip
    state, _ = _fold(facts, date(2019, 3, 2))
    assert sorted(state.units["br-1"].early) == [f"{TRAINING}|2018|p-2", f"{TRAINING}|2019|p-2"]
    facts.append((date(2019, 5, 15), _trained(date(2019, 5, 15))))
    state, _ = _fold(facts, date(2019, 5, 16))
    assert list(state.units["br-1"].early) == [f"{TRAINING}|2019|p-2"]
