"""One person's training counts for every unit where they hold the office (个人培训).

Expected outcomes, written from the seed and the national rule before running.
三、（三） 开展党总支、党支部书记和委员专题培训 (``unit.secretary_training.yearly``) is each
holder's own duty (个人职责); from 2019-05-06 《中国共产党党员教育管理工作条例》第二章:
基层党组织书记和班子成员每年集中学习培训时间一般不少于56学时, a person's hours in the year.
The training is the person's, not the unit's: a secretary of two branches trained once
has been trained, whichever branch the record names.

- ``p-1`` is secretary of br-1 and of br-2 from 2018-01-01 and completes the secretary
  training on 2018-06-01, recorded for br-1. Both of their 2018 instances are fulfilled
  that day, in time, by the one record; neither branch's is reminded on 12-02. Only
  gb-1's secretary ``p-g1``, who never trained, is reminded. Before the change br-2's
  instance was reminded and found overdue on 2019-02-01, against a secretary who had
  trained.
- In 2020 (56 hours) ``p-1`` trains 30 hours recorded for br-1 and 26 recorded for br-2:
  their hours add up for both instances, fulfilled on 09-10 with both records counted.
- ``p-1``, secretary of br-1 only, trains on 2018-03-15 (recorded for br-1) and is made
  secretary of br-3 on 05-01 (its secretary ``p-8`` left on 04-30): the training counts
  for br-3's 2018 instance too, fulfilled on the appointment, as of 03-15 (a training
  before the office counts for its year, ``before_office``); ``p-1`` is not reminded
  in br-3.
- Another person's training counts for nobody else: br-2's committee member ``p-9``
  trains (recorded for br-2); ``p-1``'s instances stay owed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.base import Payload
from contracts.events.duties import DutyFulfilled, DutyStatus
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.duties.builders import fold, make

TRAINING = "unit.secretary_training.yearly"
Fact = tuple[date, Payload]


def _trained(org: str, on: date, hours: int = 16, person: str = "p-1") -> Fact:
    fact = make(activities.TrainingCompleted, organization_id=org, person_id=person,
                kind="secretary_training", hours=hours, completed_on=on)  # fmt: skip
    return on, fact


def _outputs(facts: Sequence[Fact], last: date) -> list[Envelope]:
    """The duties fold of :func:`a_branch` with a second branch br-2 under gb-1 whose
    secretary is br-1's (``p-1``) and whose committee member is ``p-9``, then ``facts``."""
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-1", BEGINNING, category="faculty")
    history.appoint("br-2", "p-9", "committee_member", BEGINNING)
    return fold(on_their_days(history, BEGINNING, facts, last).events)[1]


def _statuses(outputs: list[Envelope], period: str) -> list[tuple[str, str | None, str, date]]:
    return [
        (o.data.organization_id, o.data.person_id, o.type.removeprefix("zeren."), o.time.date())
        for o in outputs
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.period) == (TRAINING, period)
    ]


def test_one_training_fulfils_both_branches_instances() -> None:
    outputs = _outputs([_trained("br-1", date(2018, 6, 1))], date(2019, 2, 5))
    statuses = _statuses(outputs, "2018")
    assert ("br-1", "p-1", "DutyFulfilled", date(2018, 6, 1)) in statuses
    assert ("br-2", "p-1", "DutyFulfilled", date(2018, 6, 1)) in statuses
    assert [s for s in statuses if s[1] == "p-1" and s[2] != "DutyFulfilled"] == []
    assert ("gb-1", "p-g1", "DutyDueSoon", date(2018, 12, 2)) in statuses


def test_hours_recorded_for_either_branch_add_up() -> None:
    facts = [_trained("br-1", date(2020, 3, 10), hours=30),
             _trained("br-2", date(2020, 9, 10), hours=26)]  # fmt: skip
    outputs = _outputs(facts, date(2020, 9, 11))
    mine = [s for s in _statuses(outputs, "2020") if s[1] == "p-1"]
    assert sorted(mine) == [
        ("br-1", "p-1", "DutyFulfilled", date(2020, 9, 10)),
        ("br-2", "p-1", "DutyFulfilled", date(2020, 9, 10)),
    ]
    done = [o.data for o in outputs if isinstance(o.data, DutyFulfilled)]
    assert [len(d.evidence_event_ids) for d in done if d.person_id == "p-1"] == [2, 2]


def test_another_person_s_training_counts_for_nobody_else() -> None:
    outputs = _outputs([_trained("br-2", date(2018, 6, 1), person="p-9")], date(2018, 12, 3))
    statuses = _statuses(outputs, "2018")
    assert ("br-2", "p-9", "DutyFulfilled", date(2018, 6, 1)) in statuses
    assert ("br-1", "p-1", "DutyDueSoon", date(2018, 12, 2)) in statuses
    assert ("br-2", "p-1", "DutyDueSoon", date(2018, 12, 2)) in statuses


def test_a_training_counts_in_a_unit_whose_office_is_taken_later() -> None:
    history = a_branch()
    history.unit("br-3", "branch", "gb-1", "p-8", BEGINNING, category="faculty")
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id="br-3",
        person_id="p-8",
        office="secretary",
        left_on=date(2018, 4, 30),
    )
    took = make(structure.OfficeHolderAppointed, organization_id="br-3", person_id="p-1",
                person_name="王丽", office="secretary", appointed_on=date(2018, 5, 1))  # fmt: skip
    facts = [_trained("br-1", date(2018, 3, 15)), (left.left_on, left), (took.appointed_on, took)]
    outputs = fold(on_their_days(history, BEGINNING, facts, date(2018, 12, 3)).events)[1]
    mine = [s for s in _statuses(outputs, "2018") if s[1] == "p-1"]
    assert sorted(mine) == [
        ("br-1", "p-1", "DutyFulfilled", date(2018, 3, 15)),
        ("br-3", "p-1", "DutyFulfilled", date(2018, 5, 1)),
    ]
