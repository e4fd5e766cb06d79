"""A within-days duty counts its days from the day its trigger fact happened, not from the
day its envelope is dated (a source may date the envelope the day it records the fact).

Each scenario: the trigger fact and the fact that discharges it both happen on 2018-06-25
and are both sent with envelopes dated 06-26 (the registry accepts this). Counted from the
envelope, the span opens 06-26 and the discharge, dated 06-25, falls before it and counts
for nothing: 90 days later the parent unit and its secretary are found overdue for a duty
that was done on the first day. Counted from the fact's own day, the span opens 06-25 and
the discharge fulfils it: DutyFulfilled, no DutyOverdue.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import activities, members, oversight, structure
from contracts.events.base import Payload
from tests.unit.duties.builders import History, appointed, fold, left_office, make

pytestmark = pytest.mark.unit

ON = date(2018, 6, 25)
RECORDED = date(2018, 6, 26)
SCHOOL = "gb-s"


def _school() -> History:
    """The committee ``cmt`` and its general branch ``gb-s`` from 2018-01-01, ``gb-s`` with
    its secretary ``p-secretary-1``, organizer ``p-organizer-1`` and supervisor
    ``p-supervisor-1`` from that day; ticked to 06-25."""
    history = History()
    start = date(2018, 1, 1)
    history.unit("cmt", "party_committee", None, "p-c", start)
    history.unit(SCHOOL, "general_branch", "cmt", "p-secretary-1", start)
    for office in ("organizer", "supervisor"):
        history.appoint(SCHOOL, f"p-{office}-1", office, start)
    history.ticks(start, ON)
    return history


def _handover(office: str) -> History:
    """``p-<office>-1`` leaves ``office`` of ``gb-s`` on 06-25, ``p-<office>-2`` is appointed
    that day; both recorded 06-26, the leaving first."""
    history = _school()
    history.add(left_office(SCHOOL, f"p-{office}-1", office, ON), RECORDED)
    history.add(appointed(SCHOOL, f"p-{office}-2", office, ON), RECORDED)
    return history


def _established(office: str) -> History:
    """A second general branch ``gb-n`` established 06-25 with its secretary and its
    ``office`` appointed that day; all recorded 06-26."""
    history = _school()
    facts: list[Payload] = [
        make(structure.OrganizationEstablished, organization_id="gb-n", name="新学院党总支",
             kind="general_branch", parent_id="cmt", established_on=ON,
             term_ends_on=date(2021, 6, 24)),
        appointed("gb-n", "p-gn", "secretary", ON),
        appointed("gb-n", f"p-{office}-n", office, ON),
    ]  # fmt: skip
    for fact in facts:
        history.add(fact, RECORDED)
    return history


def _candidate() -> History:
    """``p-k`` of branch ``br-s`` (under gb-s) is designated 发展对象 on 06-25 and completes
    24 hours of 发展对象培训 that day; both recorded 06-26."""
    history = _school()
    history.unit("br-s", "branch", SCHOOL, "p-b", date(2018, 1, 1), category="faculty")
    facts: list[Payload] = [
        make(members.CandidateDesignated, organization_id="br-s", person_id="p-k",
             designated_on=ON),
        make(activities.TrainingCompleted,
             organization_id="br-s", person_id="p-k", kind="candidate_training",
             completed_on=ON, hours=24),
    ]  # fmt: skip
    for fact in facts:
        history.add(fact, RECORDED)
    return history


def _verdict(history: History, unit: str, duty_id: str) -> list[str]:
    """The outputs about ``unit``'s ``duty_id`` to 2018-12-31, by type."""
    history.ticks(RECORDED, date(2018, 12, 31))
    _, outputs = fold(history.events)
    return [
        o.type
        for o in outputs
        if getattr(o.data, "duty_id", None) == duty_id
        and getattr(o.data, "organization_id", None) == unit
    ]


FULFILLED = ["zeren.DutyFulfilled"]


@pytest.mark.parametrize(
    ("office", "duty_id"),
    [
        # 三、（三） 注重选优配强党总支书记、党支部书记: 90 days from 离任日期 left_on.
        ("secretary", "unit.secretary_vacancy.filled"),
        # 附件 问题清单第27题 按要求为院（系）配备专职组织员: 90 days from left_on.
        ("organizer", "general_branch.organizer_vacancy.filled"),
        # 四 在党总支层面设立督导员制度: 90 days from left_on.
        ("supervisor", "general_branch.supervisor_vacancy.filled"),
    ],
)
def test_a_handover_recorded_the_next_day_fills_the_vacancy(office: str, duty_id: str) -> None:
    """The leaving and the appointment of 06-25, recorded 06-26: the vacancy's 90 days run
    from 06-25 (left_on), the appointment of 06-25 fills it. Expected: DutyFulfilled only;
    no reminder (08-25 counted from 06-26), no DutyOverdue (09-25)."""
    assert _verdict(_handover(office), SCHOOL, duty_id) == FULFILLED


@pytest.mark.parametrize(
    ("office", "duty_id"),
    [
        # 附件 问题清单第27题: an organizer within 90 days of the school's 成立日期.
        ("organizer", "general_branch.organizer.appointed"),
        # 四 在党总支层面设立督导员制度: a supervisor within 90 days of established_on.
        ("supervisor", "general_branch.supervisor.appointed"),
    ],
)
def test_an_appointment_on_the_founding_day_recorded_the_next_day_fulfils(
    office: str, duty_id: str
) -> None:
    """gb-n established 06-25 with its ``office`` appointed that day, both recorded 06-26:
    the 90 days run from 06-25 (established_on). Expected: DutyFulfilled only."""
    assert _verdict(_established(office), "gb-n", duty_id) == FULFILLED


def test_a_candidate_trained_on_the_designation_day_recorded_the_next_day_is_trained() -> None:
    """《发展党员工作细则》第四章 / 三、（四）: 发展对象 trained (24 学时) within 90 days of
    the designation (确定日期 designated_on). Designated and trained 06-25, both recorded
    06-26. Expected: DutyFulfilled only."""
    assert _verdict(_candidate(), "br-s", "branch.candidate_training.within_days") == FULFILLED


def test_a_finding_accepted_on_the_day_it_was_found_recorded_the_next_day_is_rectified() -> None:
    """四 督导检查，发现问题及时解决 (catalog ``oversight.finding.rectified``: rectified by the
    finding's 整改期限, shown by the department's 整改验收): an inspection finds a problem
    at gb-s on 06-25, to be rectified by 07-31; the department accepts the rectification
    the same day (验收日期 06-25); both recorded 06-26. The span runs from the finding's
    own day (发现日期 ``found_on``: the catalog states no ``counted_from``, and the fact's
    day, 事实日期, comes before the envelope's). Expected: DutyFulfilled only; no
    DutyOverdue on 08-01 (the acceptance before a span counted from 06-26 counted for
    nothing)."""
    history = _school()
    facts: list[Payload] = [
        make(oversight.InspectionFindingRecorded, organization_id=SCHOOL, finding_id="f-1",
             question=18, description="记录不全", found_on=ON,
             rectification_deadline=date(2018, 7, 31)),
        make(oversight.RectificationAccepted, organization_id=SCHOOL, finding_id="f-1",
             accepted_on=ON),
    ]  # fmt: skip
    for fact in facts:
        history.add(fact, RECORDED)
    assert _verdict(history, SCHOOL, "oversight.finding.rectified") == FULFILLED
