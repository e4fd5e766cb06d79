"""A unit dissolved (撤销) while cases about it wait for rectification.

Expected outcomes, written from the seed and the catalog before running. br-1, a branch
of gb-1 from 2018-01-01, records nothing. Its secretary ``p-1`` leaves on 01-10 and
nobody follows: gb-1 owes the vacancy filled within 90 days (due 04-10), is criticised
on 04-11 (四: 提出批评，限期整改, to 05-11), naming its secretary ``p-g1``. br-1 itself is
criticised for the March 主题党日 (04-08, to 05-08) and the first quarter's 支部党员大会
and 党课 (04-16, to 05-16). br-1 is dissolved on 05-01.

After that day nothing can be rectified: the registry refuses any fact about br-1
dated after it, so neither br-1 can hold its meetings nor gb-1 appoint its secretary.
限期未整改 (四: 通报、约谈) is a failure to rectify; proposing it for what became
impossible would charge ``p-g1`` and br-1 with what nobody could do. So:

- the April 主题党日, not yet due, is waived on 05-01 (the duties service), and its
  case resolved;
- no measure or proposal follows for br-1, nor for gb-1 about br-1's vacancy: before
  the change, 通报、约谈 were proposed on 05-09 (March 主题党日), 05-12 (gb-1's vacancy,
  naming ``p-g1``) and 05-17 (支部党员大会);
- those cases stay open, without a deadline, each noting the dissolution, for the
  department to close; the measures already taken stay on record.
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events import structure
from contracts.events.accountability import AccountabilityAction
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.duties.builders import make

pytestmark = pytest.mark.unit

DISSOLVED = date(2018, 5, 1)
VACANCY = "unit.secretary_vacancy.filled"


def _actions(ledger: Ledger) -> list[tuple[str, str, str | None, date]]:
    """(action, unit, duty, day) of every action about br-1 or its vacancy."""
    left = make(structure.OfficeHolderLeftOffice, organization_id="br-1", person_id="p-1",
                office="secretary", left_on=date(2018, 1, 10))  # fmt: skip
    dissolved = make(structure.OrganizationDissolved, organization_id="br-1",
                     dissolved_on=DISSOLVED)  # fmt: skip
    facts = [(left.left_on, left), (DISSOLVED, dissolved)]
    actions = []
    for env in from_the_facts(a_branch(), BEGINNING, facts, date(2018, 12, 31), ledger):
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.organization_id == "br-1" or data.duty_id == VACANCY:
            kind = env.type.removeprefix("zeren.")
            actions.append((kind, data.organization_id, data.duty_id, env.time.date()))
    return actions


def test_nothing_is_proposed_for_what_the_dissolution_made_impossible() -> None:
    ledger = Ledger.empty(1)
    actions = _actions(ledger)
    before = [a for a in actions if a[3] < DISSOLVED]
    assert ("CriticismIssued", "gb-1", VACANCY, date(2018, 4, 11)) in before
    assert ("CriticismIssued", "br-1", "branch.general_meeting.quarterly", date(2018, 4, 16)) in (
        before
    )
    assert [a for a in actions if a[3] >= DISSOLVED] == [
        ("CaseResolved", "br-1", "branch.theme_party_day.monthly", DISSOLVED),
    ]
    stopped = [
        (case.organization_id, case.duty_id)
        for case in ledger.cases.values()
        if case.is_open
        and any("已于2018年5月1日撤销，无从整改" in step.what for step in case.history)
    ]
    assert sorted(stopped) == [
        ("br-1", "branch.general_meeting.quarterly"),
        ("br-1", "branch.party_lecture.quarterly"),
        ("br-1", "branch.theme_party_day.monthly"),
        ("gb-1", VACANCY),
    ]
    assert all(
        case.rectify_by is None for case in ledger.cases.values() if case.organization_id == "br-1"
    )


def test_a_dissolution_recorded_late_waives_what_fell_due_after_it() -> None:
    """br-1, recording nothing, is dissolved on 2018-04-01, but the dissolution is
    recorded on 04-20 (补录). Recorded on its day, it waives the duties not yet due
    (免除): March's 主题党日 (due 04-07) and the first quarter's 支部党员大会 and 党课 (due
    04-15). Recorded late, the log first found them overdue: criticised on 04-08 and
    04-16 (四), and the 党课 proposed as 特别突出, on what was registered then.

    The day decides, not the order of recording: on 04-20 the three are waived and
    their cases end (该项责任已免除), and br-1's record of duties let pass keeps only
    what fell due before the dissolution (January's and February's 主题党日, overdue on
    02-08 and 03-08), as if it had been recorded on time; so does the record of its
    secretary ``p-1``, named on each."""
    dissolved = make(structure.OrganizationDissolved, organization_id="br-1",
                     dissolved_on=date(2018, 4, 1))  # fmt: skip
    ledger = Ledger.empty(1)
    decided = from_the_facts(a_branch(), BEGINNING, [(date(2018, 4, 20), dissolved)],
                             date(2018, 6, 30), ledger)  # fmt: skip
    about_br1: list[tuple[str, str | None, str | None, date]] = []
    for env in decided:
        data = env.data
        assert isinstance(data, AccountabilityAction)
        if data.organization_id == "br-1":
            about_br1.append((env.type, data.duty_id, data.period, env.time.date()))
    on_the_record = date(2018, 4, 20)
    ended = [(duty, period) for kind, duty, period, day in about_br1
             if kind == "zeren.CaseResolved" and day == on_the_record]  # fmt: skip
    assert sorted(ended) == [
        ("branch.general_meeting.quarterly", "2018-Q1"),
        ("branch.party_lecture.quarterly", "2018-Q1"),
        ("branch.theme_party_day.monthly", "2018-03"),
    ]
    before = [
        (date(2018, 2, 8), "branch.theme_party_day.monthly"),
        (date(2018, 3, 8), "branch.theme_party_day.monthly"),
    ]
    assert ledger.overdue["br-1"] == before
    assert ledger.overdue["br-1|p-1"] == before  # its secretary's record, named on each
    assert [action for action in about_br1 if action[3] > on_the_record] == []
