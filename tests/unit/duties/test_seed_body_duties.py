"""Duties of the seed's body outside the 36 questions' own wording, and the rules they lean on.

党务工作者培训, 党费收缴使用情况每年公布, 年度党建工作总结, 党务公开, 党总支督导员,
谈心谈话 — each from a list of events: done, it is fulfilled; left undone, overdue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, oversight, structure
from contracts.events.duties import DutyFulfilled, DutyOverdue
from tests.unit.duties.builders import (
    BRANCH,
    GENERAL_BRANCH,
    SECRETARY,
    History,
    fold,
    make,
    of_type,
)

pytestmark = pytest.mark.unit

COMMITTEE = "pc-university"


def _unit(history: History, org: str, kind: str, parent: str | None = None) -> None:
    fields = {"organization_id": org, "name": f"{org}党组织", "kind": kind, "parent_id": parent}
    history.add(
        make(structure.OrganizationEstablished, **fields, established_on=date(2018, 1, 1)),
        date(2018, 1, 1),
    )


def _statuses(outputs: list[Envelope], duty_id: str, **fields: Any) -> list[tuple[str, str]]:
    """(status, period) of ``duty_id``'s fulfilled and overdue events, by period."""
    found = [
        (type(o.data).__name__, o.data.period)
        for o in outputs
        if isinstance(o.data, DutyFulfilled | DutyOverdue)
        and o.data.duty_id == duty_id
        and all(getattr(o.data, k) == v for k, v in fields.items())
    ]
    return sorted(found, key=lambda status: status[1])


def test_party_worker_training_is_owed_by_the_committee_every_year() -> None:
    history = History()
    _unit(history, COMMITTEE, "party_committee")
    history.appoint(COMMITTEE, "p-od", "organization_department_head", date(2018, 1, 1))
    training = make(
        activities.TrainingCompleted,
        organization_id=COMMITTEE,
        kind="party_worker_training",
        hours="16",
        completed_on=date(2018, 6, 20),
    )
    history.add(training, date(2018, 6, 20))
    history.ticks(date(2018, 1, 1), date(2020, 2, 1))
    _, outputs = fold(history.events)

    duty = "committee.party_worker_training.yearly"
    assert _statuses(outputs, duty) == [("DutyFulfilled", "2018"), ("DutyOverdue", "2019")]
    [overdue] = of_type(outputs, "DutyOverdue", duty_id=duty)
    assert overdue.data.charged_person_ids == ["p-od"]  # 组织部门: the committee's direct duty


def _disclosed(history: History, kind: str, year: int, org: str = BRANCH) -> None:
    day = date(year, 12, 20)
    fields = {"organization_id": org, "kind": kind, "year": year, "disclosed_on": day}
    history.add(make(oversight.DisclosureMade, **fields), day)


def test_dues_are_published_once_a_year_and_party_affairs_apart() -> None:
    """2008 党费规定: 每年向党员公布1次; a 党务公开 is not the dues publication."""
    history = History()
    history.branch()
    _disclosed(history, "dues", 2018)
    _disclosed(history, "party_affairs", 2019)
    history.ticks(date(2018, 1, 1), date(2020, 2, 1))
    _, outputs = fold(history.events)

    assert _statuses(outputs, "branch.dues_disclosure.yearly") == [
        ("DutyFulfilled", "2018"),
        ("DutyOverdue", "2019"),
    ]
    assert _statuses(outputs, "unit.party_affairs_disclosure.yearly") == [
        ("DutyOverdue", "2018"),
        ("DutyFulfilled", "2019"),
    ]


def test_each_grassroots_organization_files_its_yearly_summary() -> None:
    history = History()
    _unit(history, GENERAL_BRANCH, "general_branch", COMMITTEE)
    history.branch()
    summary = make(
        oversight.WorkSummaryFiled,
        organization_id=BRANCH,
        year=2018,
        submitted_to=GENERAL_BRANCH,
        filed_on=date(2019, 1, 10),
    )
    history.add(summary, date(2019, 1, 10))
    history.ticks(date(2018, 1, 1), date(2019, 2, 15))
    _, outputs = fold(history.events)

    duty = "unit.work_summary.yearly"
    assert _statuses(outputs, duty, organization_id=BRANCH) == [("DutyFulfilled", "2018")]
    assert _statuses(outputs, duty, organization_id=GENERAL_BRANCH) == [("DutyOverdue", "2018")]


def test_a_general_branch_gets_a_supervisor_and_a_vacancy_is_filled() -> None:
    """Seed 四: 在党总支层面设立督导员制度; the committee appoints (charged to it)."""
    history = History()
    _unit(history, COMMITTEE, "party_committee")
    history.appoint(COMMITTEE, "p-cmt", "secretary", date(2018, 1, 1))
    _unit(history, GENERAL_BRANCH, "general_branch", COMMITTEE)
    history.appoint(GENERAL_BRANCH, "p-sup", "supervisor", date(2018, 2, 1))
    left = make(
        structure.OfficeHolderLeftOffice,
        organization_id=GENERAL_BRANCH,
        person_id="p-sup",
        office="supervisor",
        left_on=date(2018, 6, 1),
    )
    history.add(left, date(2018, 6, 1), id="sup-left")
    history.ticks(date(2018, 1, 1), date(2018, 9, 30))
    _, outputs = fold(history.events)

    assert _statuses(outputs, "general_branch.supervisor.appointed") == [
        ("DutyFulfilled", "within:OrganizationEstablished-2")
    ]
    [vacant] = of_type(outputs, "DutyOverdue", duty_id="general_branch.supervisor_vacancy.filled")
    assert (vacant.data.period, vacant.data.due_on) == ("within:sup-left", date(2018, 8, 30))
    assert (vacant.data.charged_organization_id, vacant.data.charged_person_ids) == (
        COMMITTEE,
        ["p-cmt"],
    )


def test_each_branch_committee_member_talks_heart_to_heart_every_year_from_2019() -> None:
    """支部工作条例 (2018-10-28) 第十九条: 每年谈心谈话一般不少于1次."""
    history = History()
    history.branch()  # secretary p-10021 and committee member br-edu-faculty-1-cm
    talk = make(
        activities.TalkHeld,
        organization_id=BRANCH,
        kind="heart_to_heart",
        person_id=SECRETARY,
        counterpart_id="m-1",
        held_on=date(2019, 5, 6),
    )
    history.add(talk, date(2019, 5, 6))
    history.ticks(date(2018, 1, 1), date(2020, 2, 1))
    _, outputs = fold(history.events)

    duty = "branch.heart_to_heart_talk.yearly"
    assert _statuses(outputs, duty, person_id=SECRETARY) == [("DutyFulfilled", "2019")]
    assert _statuses(outputs, duty, person_id=f"{BRANCH}-cm") == [("DutyOverdue", "2019")]
