"""Policy v2 (问责条例 2019, in force 2019-09-01) charges the leading group with the unit.

对党组织问责的，应当同时对该党组织中负有责任的领导班子成员进行问责: each measure
the system takes on an organization's case names the members 负有责任的 — the
unit's 书记 and the holders of the office the duty falls on (分管的委员) — not
every 副书记 and 委员; not a reminder, not a case about an office holder's own
duty, and never under policy v1.
"""

from __future__ import annotations

from datetime import date

from contracts.events.accountability import AccountabilityAction
from contracts.events.duties import DutyDueSoon, DutyOverdue, DutyStatus
from contracts.events.enums import Office
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from tests.unit.accountability.builders import Run, duty, envelope, tick

BASIS_2019 = "对党组织问责的，应当同时对该党组织中负有责任的领导班子成员进行问责"
HOLDERS = [
    ("p-1", "王丽", Office.SECRETARY),
    ("p-2", "李强", Office.DEPUTY_SECRETARY),
    ("p-3", "张敏", Office.COMMITTEE_MEMBER),
    ("p-4", "陈刚", Office.GROUP_LEADER),  # 党小组长: not in the leading group
]


def _appoint(run: Run, day: date, holders: list[tuple[str, str, Office]]) -> None:
    for person_id, name, office in holders:
        appointed = OfficeHolderAppointed(
            organization_id="br-1",
            person_id=person_id,
            person_name=name,
            office=office,
            appointed_on=date(2017, 9, 1),
        )
        run.send(envelope(appointed, f"appoint-{person_id}-{office.value}", day))


def _unit_duty(kind: type[DutyStatus], period: str, charged: str = "p-1") -> DutyStatus:
    """A unit's duty as the duties service states it: the answering office's holders."""
    office = Office.SECRETARY if charged == "p-1" else Office.COMMITTEE_MEMBER
    return duty(kind, "br-1", period, office=office, charged_person_ids=[charged])


def _climb(year: int, holders: list[tuple[str, str, Office]], charged: str = "p-1") -> Run:
    """A unit's quarterly general meeting of ``year``'s Q4 overdue, its deadline missed."""
    run = Run()
    start = date(year + 1, 1, 1)
    run.send(tick(start))
    _appoint(run, start, holders)
    period = f"{year}-Q4"
    run.send(envelope(_unit_duty(DutyDueSoon, period, charged), "due-br-1", date(year + 1, 1, 3)))
    overdue_day = date(year + 1, 1, 11)  # Q4 ends 12-31, grace 10 days
    run.days(date(year + 1, 1, 2), overdue_day)
    run.send(envelope(_unit_duty(DutyOverdue, period, charged), "over-br-1", overdue_day))
    run.days(date(year + 1, 1, 12), date(year + 1, 3, 31))  # both deadlines pass
    return run


def _by_type(run: Run) -> dict[str, AccountabilityAction]:
    return {type(action).__name__: action for action in run.actions()}


def test_v2_measures_on_a_unit_charge_its_secretary_and_the_member_in_charge() -> None:
    actions = _by_type(_climb(2019, HOLDERS, charged="p-3"))

    assert list(actions) == ["ReminderIssued", "CriticismIssued", "AccountabilityProposed"]
    criticism = actions["CriticismIssued"]
    assert criticism.policy_version == "v2"
    assert criticism.leading_group_ids == ["p-1", "p-3"]  # not the deputy secretary p-2
    assert "负有责任的领导班子成员王丽（p-1）、张敏（p-3）一并问责" in criticism.text_zh
    assert BASIS_2019 in criticism.text_zh
    reminder = actions["ReminderIssued"]
    assert reminder.leading_group_ids == []
    assert "领导班子成员" not in reminder.text_zh


def test_v1_charges_no_leading_group() -> None:
    actions = _by_type(_climb(2018, HOLDERS))

    assert actions["CriticismIssued"].policy_version == "v1"
    for action in actions.values():
        assert action.leading_group_ids == []
        assert "领导班子成员" not in action.text_zh


def test_one_person_in_two_offices_is_charged_once_and_a_leaver_not_at_all() -> None:
    run = Run()
    start = date(2020, 1, 1)
    run.send(tick(start))
    _appoint(
        run, start, [("p-1", "王丽", Office.SECRETARY), ("p-1", "王丽", Office.COMMITTEE_MEMBER)]
    )
    _appoint(run, start, [("p-2", "李强", Office.DEPUTY_SECRETARY)])
    left = OfficeHolderLeftOffice(
        organization_id="br-1", person_id="p-2", office=Office.DEPUTY_SECRETARY, left_on=start
    )
    run.send(envelope(left, "left-p-2", start))
    run.days(date(2020, 1, 2), date(2020, 1, 11))
    run.send(envelope(_unit_duty(DutyOverdue, "2019-Q4"), "over-br-1", date(2020, 1, 11)))
    run.days(date(2020, 1, 12), date(2020, 1, 12))

    [criticism] = run.actions()
    assert criticism.leading_group_ids == ["p-1"]


def test_a_case_about_an_office_holders_own_duty_charges_no_leading_group() -> None:
    """述职 is the secretary's own duty (scope office): the person answers, not the unit."""
    run = Run()
    start = date(2021, 1, 1)
    run.send(tick(start))
    _appoint(run, start, HOLDERS)
    report = duty(
        DutyOverdue,
        "br-1",
        "2020",
        "unit.secretary_work_report.yearly",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        due_on=date(2021, 1, 31),
        office=Office.SECRETARY,
        person_id="p-1",
    )
    run.days(date(2021, 1, 2), date(2021, 2, 1))
    run.send(envelope(report, "over-report", date(2021, 2, 1)))
    run.days(date(2021, 2, 2), date(2021, 2, 2))

    [criticism] = run.actions()
    assert criticism.policy_version == "v2"
    assert criticism.person_id == "p-1"
    assert criticism.leading_group_ids == []
    assert "领导班子成员" not in criticism.text_zh
