"""Who a duty status charges (责任单位、责任人), apart from whom it is about.

Written from the catalog before running: the committee's secretary exchange
with a general branch (三、（八）, charged to the parent) charges the committee
and its secretary, never the general-branch secretary it is about; an
委员's own duty (联系点) charges that 委员, each of two; 按期换届 is the organization's
own duty (党章 第三十条).
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import ChargedTo, catalog_in_force
from tests.unit.duties.builders import GENERAL_BRANCH, History, fold, of_type

COMMITTEE = "cmt"


def _general_branch(history: History) -> None:
    """A committee and a general branch, each with its secretary, from 2018-01-01."""
    on = date(2018, 1, 1)
    history.unit(COMMITTEE, "party_committee", None, "p-cmt", on)
    history.unit(GENERAL_BRANCH, "general_branch", COMMITTEE, "p-gb", on)


def test_the_committee_s_exchange_charges_the_committee_and_its_secretary() -> None:
    history = History()
    _general_branch(history)
    history.ticks(date(2018, 1, 1), date(2018, 9, 16))  # spring 2018 is due 09-15
    _, outputs = fold(history.events)

    (overdue,) = of_type(
        outputs, "DutyOverdue", duty_id="committee.secretary_exchange.semester", period="2017-S2"
    )
    assert overdue.data.organization_id == GENERAL_BRANCH  # the duty is about gb-edu…
    assert overdue.data.person_id == "p-gb"
    assert overdue.data.charged_organization_id == COMMITTEE  # …and owed by the committee
    assert overdue.data.charged_person_ids == ["p-cmt"]


def test_two_committee_members_each_answer_for_their_own_contact_point() -> None:
    history = History()
    _general_branch(history)
    on = date(2018, 1, 2)
    history.appoint(COMMITTEE, "p-w1", "committee_member", on)
    history.appoint(COMMITTEE, "p-w2", "committee_member", on)
    history.ticks(date(2018, 1, 1), date(2018, 4, 3))  # within 90 days: due 04-02
    _, outputs = fold(history.events)

    overdue = of_type(outputs, "DutyOverdue", duty_id="committee_member.contact_point.assigned")
    charged = sorted((o.data.organization_id, o.data.charged_person_ids) for o in overdue)
    # 建立党委成员抓基层党支部工作联系点制度: the secretary (appointed 01-01) owes one too.
    assert charged == [(COMMITTEE, ["p-cmt"]), (COMMITTEE, ["p-w1"]), (COMMITTEE, ["p-w2"])]
    assert all(o.data.charged_organization_id is None for o in overdue)


def test_the_election_is_the_organization_s_own_duty() -> None:
    duty = catalog_in_force(date(2018, 1, 1)).duty("org.election.term")
    assert duty.charged_to is ChargedTo.OWNER
