"""A yearly fact's own day: the day it was done decides whether it was in time.

Expected outcomes written by hand from the seed and the catalog before running.
A fact placed in the year it is for (``dated_by: year``) also says the day it was done
(the registry's 事实日期, ``FACT_DATE``). That day decides whether it was done by the
rule's deadline, and is the day the duty was fulfilled (履行日期), as a meeting's
``held_on`` is and as a 述职's 报送日期 is (test_report_day_and_reporter 1):
``Evidence.done_on``. ``a_branch()``: cmt → gb-1 → br-1, from 2018-01-01.

民主评议党员 (``branch.members_appraisal.yearly``; 三、（四） 严格落实“三会一课”、民主生活会、
组织生活会、民主评议党员等组织生活制度): ``MembersAppraised`` for ``year``, done on
``appraised_on`` (评议日期). 2018's is due 2019-01-31 (31 days' grace), reminded on
2018-12-02 (60 days before).
年度党建工作总结 (``unit.work_summary.yearly``; 三、（六） 各基层党组织要适时总结党建工作情况):
``WorkSummaryFiled`` for ``year``, filed on ``filed_on`` (报送日期). Due 2019-01-31,
reminded on 2019-01-01 (30 days before).
党建工作经费纳入年度预算 (``committee.budget.yearly``; 三、（六） 将党建工作经费纳入本单位年度
预算): ``BudgetAdopted`` for ``year``, adopted on ``adopted_on`` (通过日期). The year's
budget is due within it: 2018-12-31 (no grace), reminded on 2018-11-01.

(a) Done after the deadline and recorded after it: overdue the day after the deadline,
    then fulfilled late, ``fulfilled_on`` the day it was done, not the day recorded.
(b) Done in time and recorded later within the grace: fulfilled in time, ``fulfilled_on``
    the day it was done.
(c) A year opened late (br-1 recorded on 2019-02-15, 补录, established 2018-01-01): 2018's
    summary is opened then with its grace from then (due 2019-03-18, obligations.deadlines)
    and never found overdue; filed on 2019-03-01, after the rule's deadline (01-31), it was
    not done in time (obligations.due_by_rule: "Whether it was done in time is still
    judged by the rule's own deadline"): fulfilled late, on 03-01.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import activities, oversight
from contracts.events.accountability import CaseResolved
from contracts.events.duties import DutyStatus
from contracts.events.fact_dates import FACT_DATE
from tests.unit.duties.builders import RULES, make
from tests.unit.duties.work_reports import case_actions, fulfilled_on, outputs, recorded_late

pytestmark = pytest.mark.unit

APPRAISAL = "branch.members_appraisal.yearly"
SUMMARY = "unit.work_summary.yearly"
BUDGET = "committee.budget.yearly"
Status = tuple[str, date]


def appraisal(on: date) -> activities.MembersAppraised:
    """br-1's 民主评议党员 of 2018, held on ``on``."""
    return make(activities.MembersAppraised, organization_id="br-1", year=2018, appraised_on=on,
                excellent=2, qualified=8, basically_qualified=0, unqualified=0)  # fmt: skip


def summary(on: date) -> oversight.WorkSummaryFiled:
    """br-1's 2018 年度党建工作总结, filed with gb-1 on ``on``."""
    return make(oversight.WorkSummaryFiled, organization_id="br-1", year=2018,
                submitted_to="gb-1", filed_on=on)  # fmt: skip


def budget(on: date) -> activities.BudgetAdopted:
    """cmt's 2018 budget with Party-building funds, adopted on ``on``."""
    return make(activities.BudgetAdopted, organization_id="cmt", year=2018,
                party_building_funds="50000.00", adopted_on=on)  # fmt: skip


def statuses(found: list[Envelope], org: str, duty_id: str) -> list[Status]:
    """(status, day) of ``org``'s 2018 statuses of ``duty_id``, in order."""
    return [
        (o.type.removeprefix("zeren."), o.time.date())
        for o in found
        if isinstance(o.data, DutyStatus)
        and (o.data.organization_id, o.data.duty_id, o.data.period) == (org, duty_id, "2018")
    ]


# ── 民主评议党员 ──────────────────────────────────────────────────────────────────


def test_a_an_appraisal_held_after_the_deadline_was_fulfilled_late_on_its_day() -> None:
    """Held on 2019-02-05, recorded on 02-10: overdue on 02-01, fulfilled late on 02-05;
    the case opened by the overdue ends "已于2019年2月5日履行到位"."""
    found = outputs((date(2019, 2, 10), appraisal(date(2019, 2, 5))))

    assert statuses(found, "br-1", APPRAISAL) == [
        ("DutyDueSoon", date(2018, 12, 2)),
        ("DutyOverdue", date(2019, 2, 1)),
        ("DutyFulfilledLate", date(2019, 2, 10)),
    ]
    assert fulfilled_on(found, APPRAISAL) == [date(2019, 2, 5)]
    actions = case_actions(found)
    [resolved] = [a for a in actions if isinstance(a, CaseResolved) and a.duty_id == APPRAISAL]
    assert resolved.reason == "已于2019年2月5日履行到位"


def test_b_an_appraisal_held_in_time_and_recorded_in_the_grace_was_done_on_its_day() -> None:
    """Held on 2019-01-15, recorded on 01-25: in time, fulfilled on 01-15."""
    found = outputs((date(2019, 1, 25), appraisal(date(2019, 1, 15))))

    assert statuses(found, "br-1", APPRAISAL) == [
        ("DutyDueSoon", date(2018, 12, 2)),
        ("DutyFulfilled", date(2019, 1, 25)),
    ]
    assert fulfilled_on(found, APPRAISAL) == [date(2019, 1, 15)]


# ── 年度党建工作总结 ────────────────────────────────────────────────────────────────


def test_a_a_summary_filed_after_the_deadline_was_fulfilled_late_on_its_day() -> None:
    """Filed on 2019-02-03, recorded on 02-06: overdue on 02-01, late, on 02-03."""
    found = outputs((date(2019, 2, 6), summary(date(2019, 2, 3))))

    assert statuses(found, "br-1", SUMMARY) == [
        ("DutyDueSoon", date(2019, 1, 1)),
        ("DutyOverdue", date(2019, 2, 1)),
        ("DutyFulfilledLate", date(2019, 2, 6)),
    ]
    assert fulfilled_on(found, SUMMARY) == [date(2019, 2, 3)]


def test_b_a_summary_filed_in_time_and_recorded_in_the_grace_was_done_on_its_day() -> None:
    """Filed on 2019-01-08, recorded on 01-20: in time, fulfilled on 01-08."""
    found = outputs((date(2019, 1, 20), summary(date(2019, 1, 8))))

    assert statuses(found, "br-1", SUMMARY) == [
        ("DutyDueSoon", date(2019, 1, 1)),
        ("DutyFulfilled", date(2019, 1, 20)),
    ]
    assert fulfilled_on(found, SUMMARY) == [date(2019, 1, 8)]


def test_c_a_summary_filed_after_the_rule_s_deadline_is_late_in_a_year_opened_late() -> None:
    """br-1 recorded on 2019-02-15 (补录); filed on 03-01: late, on 03-01, never overdue."""
    history, after = recorded_late(date(2019, 2, 15)), date(2019, 2, 16)
    found = outputs((date(2019, 3, 1), summary(date(2019, 3, 1))), history=history, first=after)

    assert [s for s in statuses(found, "br-1", SUMMARY) if s[0] != "DutyDueSoon"] == [
        ("DutyFulfilledLate", date(2019, 3, 1)),
    ]
    assert fulfilled_on(found, SUMMARY) == [date(2019, 3, 1)]


# ── 党建工作经费纳入年度预算 ──────────────────────────────────────────────────────────


def test_a_a_budget_adopted_after_its_year_was_fulfilled_late_on_its_day() -> None:
    """Adopted on 2019-01-05, recorded on 01-10: overdue on 2019-01-01, late, on 01-05."""
    found = outputs((date(2019, 1, 10), budget(date(2019, 1, 5))))

    assert statuses(found, "cmt", BUDGET) == [
        ("DutyDueSoon", date(2018, 11, 1)),
        ("DutyOverdue", date(2019, 1, 1)),
        ("DutyFulfilledLate", date(2019, 1, 10)),
    ]
    assert fulfilled_on(found, BUDGET) == [date(2019, 1, 5)]


def test_b_a_budget_adopted_in_its_year_and_recorded_later_was_done_on_its_day() -> None:
    """Adopted on 2018-12-20, recorded on 12-28 (within the year): in time, on 12-20."""
    found = outputs((date(2018, 12, 28), budget(date(2018, 12, 20))))

    assert statuses(found, "cmt", BUDGET) == [
        ("DutyDueSoon", date(2018, 11, 1)),
        ("DutyFulfilled", date(2018, 12, 28)),
    ]
    assert fulfilled_on(found, BUDGET) == [date(2018, 12, 20)]


# ── every such entry of the catalog ─────────────────────────────────────────────────


def test_every_fact_for_a_year_names_the_day_it_was_done() -> None:
    """Every evidence of every catalog version placed by the period it is for (a year),
    whose fact says the day it was done (the registry's 事实日期, ``FACT_DATE``), names
    that field as ``done_on``. 党费 (``DuesPaid``, placed by its month) is judged by its
    own rules (the month or quarter it is payable in: member_runs._payable_in) and is not
    among them."""
    events = {model.__name__: field for model, field in FACT_DATE.items()}
    undated = [
        (duty.id, spec.event, spec.done_on)
        for catalog in RULES.catalogs
        for duty in catalog.duties
        for spec in duty.evidence
        if spec.dated_by == "year" and spec.done_on != events.get(spec.event)
    ]
    assert undated == []
