"""A period judged after its rule's deadline names who held the office on that deadline.

Expected outcomes, written from the seed and the catalog before running. The rule the
brief puts first: every measure names the unit and the office holder(s) that owed the
duty at the time, never a successor. From 2019-09-01 the revised 问责条例 (2019) is in
force (policy v2): a criticism of an organization charges the responsible members of its
leading group too (负有责任的领导班子成员: the unit's secretaries and the holders it names).

br-1 (a branch of gb-1) from 2019-08-01, secretary ``p-1``. Its 支部委员会 (三、（四）:
严格落实“三会一课”) is owed monthly while it has a 委员 (the first day of the month
finds one), due the 7th of the next month; no such meeting is recorded at all.

- 2019-11-10: ``p-1`` leaves the secretaryship and ``p-2`` (李明) takes it, both recorded
  that day.
- 2020-01-05: the HR system records ``p-3``'s appointment as 委员 dated 2019-09-01 (补录).
  The months whose first day found him in the seat are owed from October 2019. The rule's
  deadlines: October 11-07 (``p-1`` secretary), November 12-07 and December 2020-01-07
  (``p-2``). Recorded late, the unit gets its own grace to record what it held: the
  three are reminded on 01-06 and judged on 01-12, the criticism coming on 01-13.
- By hand: October's reminder and criticism name ``p-1``, who owed it (secretary when it
  fell due by the rule), and the criticism charges ``p-1`` alone as 第一责任人; never
  ``p-2``, who took the office after October's deadline. November's and December's name
  ``p-2`` and charge him. The overdue October counts in ``p-1``'s own record for the
  特别突出 rule, not in ``p-2``'s.
- The same facts with ``p-2``'s appointment (dated 11-10) recorded only on 2020-01-20,
  after the criticisms: the criticisms named the secretary as then registered (none);
  the correction of 01-20 names ``p-2`` on November's and December's cases only
  (October's deadline, 11-07, came before his term), as it would on time.
- 从旧: the same branch from 2019-05-01 (policy v1 then) with ``p-1`` secretary
  throughout, and ``p-3``'s appointment as 委员 dated 2019-06-01 recorded on 2019-10-05.
  July to September are owed (rule deadlines 08-07, 09-07, 10-07), judged on 10-12 and
  criticised on 10-13. July's failure was complete on 08-07, before the 2019 问责条例
  was in force: its criticism is taken under policy v1 and charges no leading group
  (the heavier 2019 rule does not reach back); August's and September's, under v2,
  charge ``p-1``.
- A move recorded late (隶属关系调整，补录), 2018: br-1 under gb-1 (``p-g1``); gb-2's
  secretary is ``p-g2``. br-1's secretary leaves on 01-10 and nobody is appointed: its
  parent owes the filling within 90 days (书记空缺及时配齐, 三、（三）, charged to the
  parent), by 04-10. On 04-20 ``p-g2`` leaves gb-2 and ``p-g3`` (周新) takes it. On 05-10
  br-1's move to gb-2 dated 03-01 is recorded. gb-1's reminder (03-11) and criticism
  (04-11) named ``p-g1`` on what was registered; gb-1's case ends on 05-10 (the new
  parent answers). gb-2 owed the filling when it fell due, so its criticism of 05-10
  names ``p-g2``, gb-2's secretary on 04-10, never ``p-g3``, who took the office after.
- A duty charged to an office of the parent (上级组织), 2018, ``a_branch``: the committee
  secretary's exchange with each 党总支书记 each semester (三、（八）: 完善党委书记与党总支
  书记定期沟通交流机制). gb-1's secretary ``p-g1`` leaves on 03-01 (recorded that day) and
  ``p-g9`` (孙强) takes it that day, recorded only on 09-20. The committee's secretary
  ``p-cmt`` hands over to ``p-cmt2`` (钱伟) on 09-18, recorded that day. The exchange with
  ``p-g9`` for the semester 2018-02-01 to 08-31 fell due by its rule on 09-15, under
  ``p-cmt``; recorded late, it is judged with its grace from 09-20 (reminded 09-21,
  criticised 10-21). Every measure on it names ``p-cmt``, never ``p-cmt2``.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.envelope import Envelope
from contracts.events import structure
from contracts.events.accountability import AccountabilityAction, CriticismIssued
from contracts.events.base import Payload
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import from_the_facts
from tests.unit.duties.builders import History, make

pytestmark = pytest.mark.unit

COMMITTEE = "branch.committee_meeting.monthly"
START = date(2019, 8, 1)
Fact = tuple[date, Payload]


def _branch(start: date = START) -> History:
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", start)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", start)
    history.unit("br-1", "branch", "gb-1", "p-1", start, category="faculty")
    return history


def _appointed(person: str, name: str, office: str, on: date) -> Payload:
    return make(structure.OfficeHolderAppointed, organization_id="br-1", person_id=person,
                person_name=name, office=office, appointed_on=on)  # fmt: skip


def _facts(successor_recorded: date) -> list[Fact]:
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2019, 11, 10))  # fmt: skip
    return sorted(
        [
            (date(2019, 11, 10), left),
            (successor_recorded, _appointed("p-2", "李明", "secretary", date(2019, 11, 10))),
            (date(2020, 1, 5), _appointed("p-3", "张华", "committee_member", date(2019, 9, 1))),
        ],
        key=lambda fact: fact[0],
    )


def _about(outputs: list[Envelope], period: str) -> list[tuple[str, list[str], date]]:
    """(action, persons named, day) of every measure about br-1's 支部委员会 of ``period``."""
    found = []
    for env in outputs:
        data = env.data
        if not isinstance(data, AccountabilityAction):
            continue  # a flag (情况提示)
        if (data.duty_id, data.period) == (COMMITTEE, period):
            found.append((env.type.removeprefix("zeren."), data.person_ids, env.time.date()))
    return found


def _charged(outputs: list[Envelope], period: str) -> list[str]:
    """负有责任的领导班子成员 the criticism of ``period`` charges."""
    [charged] = [
        env.data.leading_group_ids
        for env in outputs
        if isinstance(env.data, CriticismIssued) and env.data.period == period
        and env.data.duty_id == COMMITTEE
    ]  # fmt: skip
    return list(charged)


def _october_names_its_own_secretary(outputs: list[Envelope]) -> None:
    """October 2019 fell due by the rule on 11-07, while ``p-1`` was secretary; the texts
    name him by the name his appointment gave, though he has left (texts: people by name
    once an appointment was forwarded)."""
    assert _about(outputs, "2019-10") == [
        ("ReminderIssued", ["p-1"], date(2020, 1, 6)),
        ("CriticismIssued", ["p-1"], date(2020, 1, 13)),
    ]
    assert _charged(outputs, "2019-10") == ["p-1"]
    [text] = [
        env.data.text_zh
        for env in outputs
        if isinstance(env.data, CriticismIssued) and env.data.period == "2019-10"
        and env.data.duty_id == COMMITTEE
    ]  # fmt: skip
    assert "（责任人：王丽（p-1））" in text
    assert "负有责任的领导班子成员王丽（p-1）一并问责" in text


def test_a_month_opened_late_names_the_secretary_of_its_own_deadline() -> None:
    ledger = Ledger.empty(1)
    outputs = from_the_facts(
        _branch(), START, _facts(date(2019, 11, 10)), date(2020, 1, 31), ledger
    )
    _october_names_its_own_secretary(outputs)
    for month in ("2019-11", "2019-12"):
        assert _about(outputs, month) == [
            ("ReminderIssued", ["p-2"], date(2020, 1, 6)),
            ("CriticismIssued", ["p-2"], date(2020, 1, 13)),
        ]
        assert _charged(outputs, month) == ["p-2"]
    assert (date(2020, 1, 13), COMMITTEE) in ledger.overdue["br-1|p-1"]


def test_a_successor_recorded_late_is_named_on_the_months_due_in_his_term_only() -> None:
    outputs = from_the_facts(_branch(), START, _facts(date(2020, 1, 20)), date(2020, 1, 31))
    _october_names_its_own_secretary(outputs)
    for month in ("2019-11", "2019-12"):
        assert _about(outputs, month) == [
            ("ReminderIssued", [], date(2020, 1, 6)),
            ("CriticismIssued", [], date(2020, 1, 13)),
            ("ResponsiblePersonsCorrected", ["p-2"], date(2020, 1, 20)),
        ]


def test_a_period_judged_late_is_judged_under_the_policy_of_its_own_deadline() -> None:
    start = date(2019, 5, 1)
    member = _appointed("p-3", "张华", "committee_member", date(2019, 6, 1))
    outputs = from_the_facts(_branch(start), start, [(date(2019, 10, 5), member)],
                             date(2019, 10, 31))  # fmt: skip
    criticisms = {
        env.data.period: (env.data.policy_version, env.time.date())
        for env in outputs
        if isinstance(env.data, CriticismIssued) and env.data.duty_id == COMMITTEE
    }
    assert criticisms == {
        "2019-07": ("v1", date(2019, 10, 13)),
        "2019-08": ("v2", date(2019, 10, 13)),
        "2019-09": ("v2", date(2019, 10, 13)),
    }
    assert _charged(outputs, "2019-07") == []
    assert _charged(outputs, "2019-08") == _charged(outputs, "2019-09") == ["p-1"]


def test_a_move_recorded_late_names_the_new_parent_s_secretary_of_the_deadline() -> None:
    start = date(2018, 1, 1)
    history = _branch(start)
    history.unit("gb-2", "general_branch", "cmt", "p-g2", start)
    vacancy = "unit.secretary_vacancy.filled"
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2018, 1, 10))  # fmt: skip
    handed_over = [
        make(structure.OfficeHolderLeftOffice, organization_id="gb-2", person_id="p-g2",
             office="secretary", left_on=date(2018, 4, 20)),
        make(structure.OfficeHolderAppointed, organization_id="gb-2", person_id="p-g3",
             person_name="周新", office="secretary", appointed_on=date(2018, 4, 20)),
    ]  # fmt: skip
    moved = make(structure.OrganizationReparented, organization_id="br-1", parent_id="gb-2",
                 reparented_on=date(2018, 3, 1))  # fmt: skip
    facts = [(date(2018, 1, 10), left), *((date(2018, 4, 20), f) for f in handed_over)]
    outputs = from_the_facts(history, start, [*facts, (date(2018, 5, 10), moved)],
                             date(2018, 5, 10))  # fmt: skip
    measures = [
        (env.type.removeprefix("zeren."), env.data.organization_id, env.data.person_ids)
        for env in outputs
        if isinstance(env.data, AccountabilityAction) and env.data.duty_id == vacancy
    ]
    assert measures == [
        ("ReminderIssued", "gb-1", ["p-g1"]),
        ("CriticismIssued", "gb-1", ["p-g1"]),
        ("CriticismIssued", "gb-2", ["p-g2"]),
        ("CaseResolved", "gb-1", ["p-g1"]),
    ]


def test_a_duty_charged_to_the_parent_names_the_parent_s_secretary_of_its_deadline() -> None:
    def appointed(org: str, person: str, name: str, on: date) -> Payload:
        return make(structure.OfficeHolderAppointed, organization_id=org, person_id=person,
                    person_name=name, office="secretary", appointed_on=on)  # fmt: skip

    def left(org: str, person: str, on: date) -> Payload:
        return make(structure.OfficeHolderLeftOffice, organization_id=org, person_id=person,
                    office="secretary", left_on=on)  # fmt: skip

    start = date(2018, 1, 1)
    facts = [
        (date(2018, 3, 1), left("gb-1", "p-g1", date(2018, 3, 1))),
        (date(2018, 9, 18), left("cmt", "p-cmt", date(2018, 9, 18))),
        (date(2018, 9, 18), appointed("cmt", "p-cmt2", "钱伟", date(2018, 9, 18))),
        (date(2018, 9, 20), appointed("gb-1", "p-g9", "孙强", date(2018, 3, 1))),
    ]
    outputs = from_the_facts(_branch(start), start, facts, date(2018, 10, 31))
    measures = [
        (env.type.removeprefix("zeren."), env.data.person_ids, env.time.date())
        for env in outputs
        if isinstance(env.data, AccountabilityAction)
        and env.data.duty_id == "committee.secretary_exchange.semester"
        and env.data.period == "2017-S2"
    ]  # fmt: skip
    assert measures[:2] == [
        ("ReminderIssued", ["p-cmt"], date(2018, 9, 21)),
        ("CriticismIssued", ["p-cmt"], date(2018, 10, 21)),
    ]
    assert all(persons == ["p-cmt"] for _, persons, _ in measures)
