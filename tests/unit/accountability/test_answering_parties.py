"""The right party answers: whom each measure charges and names (责任单位、责任人) when
units and office holders change around a duty, from the facts to the measures.

Covered: a parent's secretary replaced or vacant before a duty charged to the parent
falls due; a 党委委员 who keeps, or leaves, another office their own duty applies to;
one person holding offices in two units; a branch moved under another parent; a
deputy promoted to secretary; an appointment recorded late (补录任职); a successor and
the 特别突出 record of what the predecessor let pass; the committee's exchange and
visits when a secretary is replaced.

Every expectation below was written by hand from the seed (沪开大委〔2017〕48号, 四), the
catalog (v1, in force from 2017-10-20) and the accountability policy v1 before the
code was run. Common ground (policy v1, seed 四):
- 提醒 (DutyDueSoon) names whoever owes the duty on the reminder day;
- 提出批评，限期整改 (DutyOverdue, 30 days) names whoever owed it on its deadline;
- 通报、约谈 for 限期未整改 names the holders of the answering office when the
  rectification deadline passed (an office holder's own case keeps its holder);
- a duty charged to the parent (charged_to: parent) charges the parent of the day
  and its secretary, never the unit it is about nor that unit's secretary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from contracts.events import activities, structure
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import History, make

pytestmark = pytest.mark.unit

MEETING = "branch.general_meeting.quarterly"  # 三会一课: quarterly, 15 days of grace
EVALUATION = "parent.branch_work_report_evaluation.yearly"  # 四: 述职评议, by the parent
VACANCY = "unit.secretary_vacancy.filled"  # 三、（三）: within 90 days, by the parent
VISITS = "committee_member.contact_point.visits"  # 三、（八）: 党委委员's own, yearly
TRAINING = "unit.secretary_training.yearly"  # 三、（三）: each holder's own, yearly

Measure = tuple[str, str, list[str], date]


def _left(org: str, person: str, office: str, on: date) -> Payload:
    return make(structure.OfficeHolderLeftOffice, organization_id=org, person_id=person,
                office=office, left_on=on)  # fmt: skip


def _appointed(org: str, person: str, office: str, on: date) -> Payload:
    return make(structure.OfficeHolderAppointed, organization_id=org, person_id=person,
                person_name=f"{person}同志", office=office, appointed_on=on)  # fmt: skip


def _moved(org: str, parent: str, on: date) -> Payload:
    return make(structure.OrganizationReparented, organization_id=org, parent_id=parent,
                reparented_on=on)  # fmt: skip


def _measures(
    history: History,
    facts: list[tuple[date, Payload]],
    last: date,
    duty_id: str,
    period: str | None,
    **where: Any,
) -> list[Measure]:
    """(action, unit charged, persons named, day) of every action about ``duty_id`` of
    ``period`` (and the payload fields ``where``)."""
    out = []
    for env in from_the_facts(history, BEGINNING, facts, last):
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.duty_id != duty_id or (period is not None and data.period != period):
            continue
        if any(getattr(data, k) != v for k, v in where.items()):
            continue
        kind = env.type.removeprefix("zeren.")
        out.append((kind, data.organization_id, data.person_ids, env.time.date()))
    return out


# ── 1. the parent's secretary replaced between the reminder and the deadline ──────────


def test_parent_secretary_replaced_before_the_deadline() -> None:
    """br-1's 2018 述职评议 is owed by its parent gb-1 (四: 组织…述职评议考核; catalog:
    charged_to parent, due 2019-02-28, reminded 30 days before: 01-29). gb-1's secretary
    p-g1 leaves on 2019-02-10 and p-g1b takes the office on 02-15, before the deadline.

    Expected: the reminder (01-29) names p-g1; p-g1 leaving before the deadline ends
    that charge (责任人更正, nobody named until the overdue); the criticism of 03-01
    (提出批评，限期整改) names gb-1 and p-g1b, the secretary when it fell due; never
    br-1 nor its secretary p-1. The 特别突出 proposal of gb-1's works (03-02) names
    nobody for 约谈: p-g1b, in office from 02-15, answered for fewer than three of them
    (the rule of the successor's case below), and p-g1 is never named again."""
    facts = [
        (date(2019, 2, 10), _left("gb-1", "p-g1", "secretary", date(2019, 2, 10))),
        (date(2019, 2, 15), _appointed("gb-1", "p-g1b", "secretary", date(2019, 2, 15))),
    ]
    got = _measures(a_branch(), facts, date(2019, 3, 5), EVALUATION, "2018")
    assert got[:3] == [
        ("ReminderIssued", "gb-1", ["p-g1"], date(2019, 1, 29)),
        ("ResponsiblePersonsCorrected", "gb-1", [], date(2019, 2, 10)),
        ("CriticismIssued", "gb-1", ["p-g1b"], date(2019, 3, 1)),
    ]
    assert all(org == "gb-1" for _, org, _, _ in got)
    assert got[3:] == [("AccountabilityProposed", "gb-1", [], date(2019, 3, 2))]


# ── 2. the parent's secretary vacant at the deadline ─────────────────────────────────


def test_parent_secretary_vacant_names_nobody_of_the_branch() -> None:
    """gb-1's secretary p-g1 leaves on 2018-12-01 and nobody follows. br-1's 2018 述职评议
    (charged to gb-1, due 2019-02-28) is overdue on 03-01: gb-1 is criticised (四), naming
    nobody (the office is vacant), never p-g1 (left before the deadline) nor br-1's
    secretary p-1 (whom the evaluation is about). gb-1's own vacancy (三、（三）, charged to
    its parent cmt, 90 days: due 2019-03-01) is cmt's, naming p-cmt, never gb-1."""
    facts = [(date(2018, 12, 1), _left("gb-1", "p-g1", "secretary", date(2018, 12, 1)))]
    got = _measures(a_branch(), facts, date(2019, 3, 5), EVALUATION, "2018")
    crit = [m for m in got if m[0] == "CriticismIssued"]
    assert crit == [("CriticismIssued", "gb-1", [], date(2019, 3, 1))]
    assert all("p-1" not in persons and "p-g1" not in persons for _, _, persons, _ in got)

    vac = _measures(a_branch(), facts, date(2019, 3, 5), VACANCY, None)
    assert vac[:2] == [
        ("ReminderIssued", "cmt", ["p-cmt"], date(2019, 1, 30)),
        ("CriticismIssued", "cmt", ["p-cmt"], date(2019, 3, 2)),
    ]


# ── 3. a 党委委员 who keeps another office the duty applies to ───────────────────────


def _committee(member_offices: list[tuple[str, date]]) -> History:
    """a_branch() with p-2 holding ``member_offices`` of the committee cmt from the dates."""
    history = a_branch()
    for office, on in member_offices:
        history.appoint("cmt", "p-2", office, on)
    return history


def test_member_made_deputy_secretary_still_answers_for_unrectified_visits() -> None:
    """p-2, 党委委员 of cmt from 2018-01-01, makes no 2018 visit to a contact point
    (三、（八）; catalog: offices secretary, deputy_secretary, committee_member; due
    2018-12-31, no grace). Overdue on 2019-01-01: p-2 alone is criticised (四: 提出批评，
    限期整改, to 01-31). On 01-10 p-2 becomes 副书记 of cmt and on 01-15 leaves the 委员
    seat: p-2 is still a 党委成员 who owes and can make contact-point visits, so the
    rectification can still be done. 01-31 passing unrectified is 限期未整改 (四:
    通报、约谈), proposed on 02-01, naming p-2 (as when p-2 stays 委员)."""
    history = _committee([("committee_member", BEGINNING)])
    facts = [
        (date(2019, 1, 10), _appointed("cmt", "p-2", "deputy_secretary", date(2019, 1, 10))),
        (date(2019, 1, 15), _left("cmt", "p-2", "committee_member", date(2019, 1, 15))),
    ]
    got = _measures(history, facts, date(2019, 3, 1), VISITS, "2018", person_id="p-2")
    assert got == [
        ("ReminderIssued", "cmt", ["p-2"], date(2018, 11, 1)),
        ("CriticismIssued", "cmt", ["p-2"], date(2019, 1, 1)),
        ("AccountabilityProposed", "cmt", ["p-2"], date(2019, 2, 1)),
    ]


def test_member_leaving_the_committee_altogether_is_not_proposed() -> None:
    """Control for 3: p-2 leaves the committee on 01-15 and holds no other office of it:
    no visit can be made any more; the criticism stays, no 限期未整改 proposal
    (test_left_own_duty, here from the facts)."""
    history = _committee([("committee_member", BEGINNING)])
    facts = [(date(2019, 1, 15), _left("cmt", "p-2", "committee_member", date(2019, 1, 15)))]
    got = _measures(history, facts, date(2019, 3, 1), VISITS, "2018", person_id="p-2")
    assert got == [
        ("ReminderIssued", "cmt", ["p-2"], date(2018, 11, 1)),
        ("CriticismIssued", "cmt", ["p-2"], date(2019, 1, 1)),
    ]


# ── 4. one person, offices in two units ──────────────────────────────────────────────


def test_leaving_one_unit_keeps_the_charge_in_the_other() -> None:
    """p-1 is secretary of br-1 and of br-2 (both branches of gb-1, from 2018-01-01).
    Neither holds its 2018 Q1 支部党员大会 (三会一课, due 04-15, reminded 04-01). p-1 leaves
    br-2 on 04-05 and p-3 takes br-2 on 04-08.

    Expected: br-1's reminder and criticism (04-16) name p-1 and nothing of br-1 is
    corrected (p-1 still holds br-1's office); br-2's reminder names p-1, corrected on
    04-05, and its criticism names p-3.

    Corrected after the first run (my omission, not the code's): with the Q1 meeting
    and 党课 overdue on 04-16 besides the 主题党日, each branch has three distinct works
    overdue within twelve months, so 通报、约谈 is proposed as 特别突出 (四; policy v1
    prominent: 3 works, 12 months), dated 04-16 and sent when the day closed (04-17),
    naming for 约谈 those the case names who themselves let three works pass: p-1 for
    br-1 (its 主题党日 as well); for br-2 nobody, as p-3 answered for two (the 主题党日
    overdue before 04-08 were p-1's), as in the successor's case below."""
    history = a_branch()
    history.unit("br-2", "branch", "gb-1", "p-1", BEGINNING, category="faculty")
    facts = [
        (date(2018, 4, 5), _left("br-2", "p-1", "secretary", date(2018, 4, 5))),
        (date(2018, 4, 8), _appointed("br-2", "p-3", "secretary", date(2018, 4, 8))),
    ]
    got = _measures(history, facts, date(2018, 4, 20), MEETING, "2018-Q1")
    assert [m for m in got if m[1] == "br-1"] == [
        ("ReminderIssued", "br-1", ["p-1"], date(2018, 4, 1)),
        ("CriticismIssued", "br-1", ["p-1"], date(2018, 4, 16)),
        ("AccountabilityProposed", "br-1", ["p-1"], date(2018, 4, 17)),
    ]
    assert [m for m in got if m[1] == "br-2"] == [
        ("ReminderIssued", "br-2", ["p-1"], date(2018, 4, 1)),
        ("ResponsiblePersonsCorrected", "br-2", [], date(2018, 4, 5)),
        ("CriticismIssued", "br-2", ["p-3"], date(2018, 4, 16)),
        ("AccountabilityProposed", "br-2", [], date(2018, 4, 17)),
    ]


# ── 5. a duty charged to the parent, the branch moved mid-period ─────────────────────


def test_vacancy_of_a_branch_moved_before_the_reminder_is_the_new_parent_s() -> None:
    """br-1's secretary p-1 leaves on 2018-01-10; nobody follows. Filling it (三、（三）,
    charged to the parent, within 90 days: due 04-10, reminded 03-11) is owed by the
    parent of the day. br-1 is placed under gb-2 on 02-01, before the reminder: every
    measure (reminder 03-11, criticism 04-11) charges gb-2 and names p-g2; gb-1 and
    p-g1 get nothing, nor does br-1 or p-1."""
    history = a_branch()
    history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
    facts = [
        (date(2018, 1, 10), _left("br-1", "p-1", "secretary", date(2018, 1, 10))),
        (date(2018, 2, 1), _moved("br-1", "gb-2", date(2018, 2, 1))),
    ]
    got = _measures(history, facts, date(2018, 4, 20), VACANCY, None)
    assert got[:2] == [
        ("ReminderIssued", "gb-2", ["p-g2"], date(2018, 3, 11)),
        ("CriticismIssued", "gb-2", ["p-g2"], date(2018, 4, 11)),
    ]
    assert all(org == "gb-2" and persons == ["p-g2"] for _, org, persons, _ in got)


def test_evaluation_of_a_branch_moved_mid_year_is_the_new_parent_s() -> None:
    """br-1 moves from gb-1 to gb-2 on 2018-06-01. Its 2018 述职评议 (四; charged to the
    parent; due 2019-02-28, reminded 01-29) is owed by gb-2, the parent when it falls due:
    the reminder and the criticism (03-01) charge gb-2, naming p-g2; nothing charges gb-1."""
    history = a_branch()
    history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
    facts = [(date(2018, 6, 1), _moved("br-1", "gb-2", date(2018, 6, 1)))]
    got = _measures(history, facts, date(2019, 3, 5), EVALUATION, "2018")
    assert got[:2] == [
        ("ReminderIssued", "gb-2", ["p-g2"], date(2019, 1, 29)),
        ("CriticismIssued", "gb-2", ["p-g2"], date(2019, 3, 1)),
    ]
    assert all(org == "gb-2" and persons == ["p-g2"] for _, org, persons, _ in got)


# ── 6. a deputy secretary promoted mid-year: one holder, one duty ────────────────────


def test_deputy_promoted_to_secretary_answers_once_for_the_year_s_training() -> None:
    """br-1 has secretary p-1 and 副书记 p-d from 2018-01-01. p-1 completes the 2018
    training (三、（三）: 书记和委员专题培训, each holder's own, due 2019-01-31, reminded
    2018-12-02) on 2018-05-01, then leaves on 06-01; p-d becomes secretary on 06-01 and
    leaves the deputy seat the same day. p-d never trains.

    Expected: only p-d answers (reminder 12-02, criticism 2019-02-01), as one
    obligation: one reminder, one criticism, never p-1 (trained, then left).

    Corrected after the first run (my omission): as secretary from 06-01, p-d was named
    for br-1's monthly 主题党日 and quarterly meetings let pass, so p-d's own record in
    br-1 holds three distinct works within twelve months and 通报、约谈 is proposed as
    特别突出 (四), dated 02-01, sent 02-02, naming p-d."""
    history = a_branch()
    history.appoint("br-1", "p-d", "deputy_secretary", BEGINNING)
    trained = make(activities.TrainingCompleted, organization_id="br-1", person_id="p-1",
                   kind="secretary_training", hours="24",
                   completed_on=date(2018, 5, 1))  # fmt: skip
    facts = [
        (date(2018, 5, 1), trained),
        (date(2018, 6, 1), _left("br-1", "p-1", "secretary", date(2018, 6, 1))),
        (date(2018, 6, 1), _appointed("br-1", "p-d", "secretary", date(2018, 6, 1))),
        (date(2018, 6, 1), _left("br-1", "p-d", "deputy_secretary", date(2018, 6, 1))),
    ]
    got = _measures(history, facts, date(2019, 3, 5), TRAINING, "2018", organization_id="br-1")
    assert got == [
        ("ReminderIssued", "br-1", ["p-d"], date(2018, 12, 2)),
        ("CriticismIssued", "br-1", ["p-d"], date(2019, 2, 1)),
        ("AccountabilityProposed", "br-1", ["p-d"], date(2019, 2, 2)),
    ]


# ── 7b. 特别突出: a successor proposed on the strength of the predecessor's misses ────


def test_a_successor_is_not_interviewed_for_works_the_predecessor_let_pass() -> None:
    """br-1's secretary p-1 lets the 主题党日 of January to March pass (overdue 02-08,
    03-08, 04-08: one distinct work) and leaves on 04-09; p-2 takes the office on 04-10
    and lets the Q1 支部党员大会 and 党课 pass (overdue 04-16): two works. The unit has let
    three distinct works pass within twelve months: 特别突出 (四), so the unit is proposed
    for 通报. 约谈 is of 相关责任人 (四): for p-2, two works, short of the three that make
    a holder's own record 特别突出 (the rule the code applies to an office holder's own
    duties, 'so that no one is proposed for what others let pass'). Expected: the
    proposal of 04-17 about the meeting does not name p-2 for 约谈 on that ground."""
    facts = [
        (date(2018, 4, 9), _left("br-1", "p-1", "secretary", date(2018, 4, 9))),
        (date(2018, 4, 10), _appointed("br-1", "p-2", "secretary", date(2018, 4, 10))),
    ]
    got = _measures(a_branch(), facts, date(2018, 4, 17), MEETING, "2018-Q1")
    assert got[:2] == [
        ("ReminderIssued", "br-1", ["p-1"], date(2018, 4, 1)),
        ("ResponsiblePersonsCorrected", "br-1", [], date(2018, 4, 9)),
    ]
    assert got[2] == ("CriticismIssued", "br-1", ["p-2"], date(2018, 4, 16))
    proposals = [m for m in got if m[0] == "AccountabilityProposed"]
    assert proposals == [("AccountabilityProposed", "br-1", [], date(2018, 4, 17))]


# ── 8. the committee's own duty about a general-branch secretary replaced mid-semester ─

EXCHANGE = "committee.secretary_exchange.semester"  # 三、（八）, charged to the parent


def test_exchange_with_a_replaced_general_branch_secretary() -> None:
    """2018-S1 (2018-09-01 to 2019-01-31; 15 days of grace: due 02-15, reminded 01-16).
    gb-1's secretary p-g1 leaves on 2018-11-01, p-g1b takes the office on 11-05; the
    committee's secretary p-cmt talks with nobody. The exchange (三、（八）: 党委书记与党总支
    书记定期沟通交流, charged to the parent) is owed by cmt about p-g1b (p-g1 left before
    it fell due: waived, no measure). Measures: reminder 01-16, criticism 02-16, both
    charging cmt and naming p-cmt; never gb-1, p-g1 or p-g1b as the ones who answer."""
    facts = [
        (date(2018, 11, 1), _left("gb-1", "p-g1", "secretary", date(2018, 11, 1))),
        (date(2018, 11, 5), _appointed("gb-1", "p-g1b", "secretary", date(2018, 11, 5))),
    ]
    got = _measures(a_branch(), facts, date(2019, 2, 20), EXCHANGE, "2018-S1")
    assert got[:2] == [
        ("ReminderIssued", "cmt", ["p-cmt"], date(2019, 1, 16)),
        ("CriticismIssued", "cmt", ["p-cmt"], date(2019, 2, 16)),
    ]
    assert all(org == "cmt" and persons == ["p-cmt"] for _, org, persons, _ in got)


def test_exchange_when_the_committee_secretary_is_replaced_in_the_grace() -> None:
    """As above without the gb-1 change: p-cmt leaves on 2019-02-05 (in the grace, before
    the 02-15 deadline) and p-cmt2 takes the office on 02-10. The reminder (01-16) named
    p-cmt; the charge ends on 02-05 (责任人更正); the criticism (02-16) names p-cmt2."""
    facts = [
        (date(2019, 2, 5), _left("cmt", "p-cmt", "secretary", date(2019, 2, 5))),
        (date(2019, 2, 10), _appointed("cmt", "p-cmt2", "secretary", date(2019, 2, 10))),
    ]
    got = _measures(a_branch(), facts, date(2019, 2, 20), EXCHANGE, "2018-S1")
    assert got[:3] == [
        ("ReminderIssued", "cmt", ["p-cmt"], date(2019, 1, 16)),
        ("ResponsiblePersonsCorrected", "cmt", [], date(2019, 2, 5)),
        ("CriticismIssued", "cmt", ["p-cmt2"], date(2019, 2, 16)),
    ]
    assert all(org == "cmt" for _, org, _, _ in got)
    assert all("p-cmt" not in persons for _, _, persons, _ in got[1:])


# ── 9. the committee secretary's own visits, secretary replaced mid-year ─────────────


def test_committee_secretary_replaced_mid_year_successor_owes_the_visits() -> None:
    """The committee's secretary also owes two contact-point visits a year (三、（八）:
    党委成员, catalog offices include secretary; due 12-31, reminded 11-01). p-cmt leaves
    on 2018-06-01 (their 2018 visits waived: 离任, not due); p-cmt2 takes the office on
    06-05, before the reminder day, and owes 2018's (as a successor owes the year's
    training, test_who_owes). Measures about 2018 visits name only p-cmt2: reminder
    11-01, criticism 2019-01-01. Nothing names p-cmt."""
    facts = [
        (date(2018, 6, 1), _left("cmt", "p-cmt", "secretary", date(2018, 6, 1))),
        (date(2018, 6, 5), _appointed("cmt", "p-cmt2", "secretary", date(2018, 6, 5))),
    ]
    got = _measures(a_branch(), facts, date(2019, 1, 5), VISITS, "2018")
    assert [m for m in got if m[0] != "AccountabilityProposed"] == [
        ("ReminderIssued", "cmt", ["p-cmt2"], date(2018, 11, 1)),
        ("CriticismIssued", "cmt", ["p-cmt2"], date(2019, 1, 1)),
    ]
    assert all(persons == ["p-cmt2"] for _, _, persons, _ in got)
