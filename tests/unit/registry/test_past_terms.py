"""A past term of office entered late, in one fact (补录已结束的任期).

Expected outcomes, written by hand before running. The rule the brief puts first: every
measure names the office holder(s) that owed the duty at the time. The services
downstream keep who holds an office now; an appointment back-dated before today's
holder's, entered alone, makes its person a second current secretary until its leaving
arrives (then the reminders and cases of those days name both). A past term is history
(who was secretary when a 2017 meeting was missed), so it must be possible to enter it,
and to enter it without a current holder alongside: an ``OfficeHolderAppointed`` with the
day the term ended (``left_on``, 离任日期).

Situation: ``pc`` (党委, 2005-07-01) above ``br-x`` (党支部, 2012-09-01). ``p-7`` is br-x's
secretary since 2017-09-01, the registry's first record of br-x's offices; the clock is at
2018-04-01 (facts may be dated up to 2018-04-02). Rules: 党章 第三十条 (a branch
committee's secretary; one secretary at a time: ``ONE_HOLDER``); DOMAIN.md terms.

- ``p-5``'s term as secretary, 2012-09-01 to 2017-09-01, in one fact: accepted; br-x's
  current holders stay ``p-7`` alone, and the registry knows ``p-5`` held the office in
  2015 (``held``).
- ``p-5``'s 2012 appointment without the day it ended: refused, naming ``left_on``
  (``ref.term_unbounded``): a secretary appointed before today's, who must have left by
  the day today's took office, would be a second current secretary.
- A past term overlapping today's secretary's (to 2017-12-31): refused like any second
  secretary (``ref.office_occupied``).
- A past term "ending" after the clock (2018-05-01): refused (``date.in_future`` on
  ``left_on``): it has not ended.
- An end before the beginning: refused by the schema (``schema.date_order`` on
  ``left_on``).
- A 委员 (an office several people hold) back-dated without an end: accepted as before
  (the person may well be in office now); with an end, accepted and not current.
- The earlier term of ``p-7``, the secretary in office, even with its end: refused as
  before (``ref.later_term``), the decision recorded in
  ``test_legitimate_facts.test_an_earlier_term_of_the_current_secretary_is_recorded_late``.
"""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from pydantic import ValidationError

from contracts.events import structure as s
from contracts.events.base import Payload
from services.common.access.sources import Sources
from services.registry.domain.intake import Outcome, admit
from services.registry.domain.state import RegistryState
from tests.unit.registry.conftest import envelope, established, payload

pytestmark = pytest.mark.unit

_ids = count()


@pytest.fixture
def br_x() -> RegistryState:
    state = RegistryState()
    facts = [
        established("pc", "party_committee", None, "2005-07-01"),
        established("br-x", "branch", "pc", "2012-09-01"),
        _term("p-7", "secretary", "2017-09-01"),
    ]
    for n, fact in enumerate(facts):
        state.record(envelope(fact, f"setup-{n}"))
    state.move_clock(date(2018, 4, 1))
    return state


def _term(person: str, office: str, since: str, until: str | None = None) -> Payload:
    ended = {} if until is None else {"left_on": until}
    return payload(
        s.OfficeHolderAppointed, organization_id="br-x", person_id=person, person_name="赵刚",
        office=office, appointed_on=since, **ended,
    )  # fmt: skip


def _submit(state: RegistryState, sources: Sources, fact: Payload) -> list[str]:
    verdict = admit(state, sources, envelope(fact, f"term-{next(_ids)}"), None)
    assert (verdict.outcome is Outcome.ACCEPTED) == (not verdict.issues)
    return [f"{i.code} {i.field}" for i in verdict.issues]


def _current(state: RegistryState, office: str) -> list[str]:
    return [
        t.person_id
        for t in state.registry.organizations["br-x"].office_holders()
        if t.office.value == office
    ]


def test_a_past_secretary_entered_in_one_fact(br_x: RegistryState, sources: Sources) -> None:
    assert _submit(br_x, sources, _term("p-5", "secretary", "2012-09-01", "2017-09-01")) == []
    assert _current(br_x, "secretary") == ["p-7"]
    org = br_x.registry.organizations["br-x"]
    assert org.held("p-5", None, date(2015, 6, 1), date(2015, 6, 1))
    assert not org.held("p-5", None, date(2017, 9, 2), date(2018, 4, 1))


def test_a_secretary_before_today_s_must_say_when_the_term_ended(
    br_x: RegistryState, sources: Sources
) -> None:
    codes = _submit(br_x, sources, _term("p-5", "secretary", "2012-09-01"))
    assert codes == ["ref.term_unbounded data.left_on"]
    assert _current(br_x, "secretary") == ["p-7"]


def test_a_past_term_overlapping_today_s_secretary_is_refused(
    br_x: RegistryState, sources: Sources
) -> None:
    codes = _submit(br_x, sources, _term("p-5", "secretary", "2012-09-01", "2017-12-31"))
    assert codes == ["ref.office_occupied data.office"]


def test_a_term_ending_after_the_clock_has_not_ended(br_x: RegistryState, sources: Sources) -> None:
    codes = _submit(br_x, sources, _term("p-5", "committee_member", "2016-09-01", "2018-05-01"))
    assert codes == ["date.in_future data.left_on"]


def test_a_term_ending_before_it_began_is_refused_by_the_schema() -> None:
    with pytest.raises(ValidationError, match=r"schema\.date_order") as raised:
        _term("p-5", "secretary", "2012-09-01", "2012-08-31")
    assert raised.value.errors()[0]["ctx"]["field"] == "left_on"


def test_a_committee_member_back_dated_without_an_end_may_be_in_office(
    br_x: RegistryState, sources: Sources
) -> None:
    assert _submit(br_x, sources, _term("p-8", "committee_member", "2013-09-01")) == []
    past = _term("p-9", "committee_member", "2013-09-01", "2016-08-31")
    assert _submit(br_x, sources, past) == []
    assert _current(br_x, "committee_member") == ["p-8"]


def test_the_earlier_term_of_the_secretary_in_office_is_still_refused(
    br_x: RegistryState, sources: Sources
) -> None:
    codes = _submit(br_x, sources, _term("p-7", "secretary", "2012-09-01", "2014-08-31"))
    assert codes == ["ref.later_term data.appointed_on"]
