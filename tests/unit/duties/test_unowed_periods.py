"""A fact never opens a period its doer, or its unit, does not owe.

Who owes a period is fixed by the structure, not by the evidence: an office holder
owes a period's duties about their office (个人职责) if they took the office within the
period and by its reminder day (``_took_office``; a holder on the period's first day
is opened by the ticks), and a unit owes a period it existed on the first day of
(``owes``). A visit, a training, a talk, a 党课 or an exchange done by someone who does
not owe the period is no evidence of anything owed: it must neither open that period
nor, short of a ``min_count`` (two visits) or a ``min_total`` (56 学时), have its doer
reminded or found overdue for it (a wrong verdict against a real person, which would
reach accountability). The same facts by a holder who does owe the period are judged
as always (the contrasts).

Every expectation was written by hand, from the seed and the catalog entries, before
the code was run. Catalog facts used: ``committee_member.contact_point.visits`` (三、
（八） 建立党委成员抓基层党支部工作联系点制度) two visits a year, no grace, due 12-31,
reminded 11-01 (60 days before); ``unit.secretary_training.yearly`` (三、（三）; from v4,
2019-05-06, 56 hours, 2019 条例) due 01-31, reminded 12-02; ``branch.heart_to_heart_talk
.yearly`` (支部工作条例 第十九条) due 01-31, reminded 12-02; ``secretary.party_lecture
.yearly`` (三、（四）) due 01-31, reminded 12-02; ``committee.secretary_exchange.semester``
(三、（八）) S1 (09-01–01-31) due 02-15, reminded 01-16, charged to the parent;
``branch.organizational_life_meeting.yearly`` (三、（四）) a branch's, yearly.

The log: ``cmt`` (secretary ``p-cmt``), ``gb-1`` (``p-g1``), ``br-1`` (``p-1``) from
2018-01-01 (:func:`a_branch`), ticked daily from the scenario's first day; every fact
is logged on the day it is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.events import structure
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.accountability.builders import a_branch, from_the_facts
from tests.unit.duties.builders import appointed, left_office, make
from tests.unit.duties.personal_facts import (
    EXCHANGE,
    LECTURE,
    TALK,
    TRAINING,
    VISITS,
    Fact,
    Said,
    as_said,
    exchange,
    meeting,
    said,
    statuses,
    talk,
    trained,
    visit,
)

pytestmark = pytest.mark.unit

LIFE_MEETING = "branch.organizational_life_meeting.yearly"


def _established(org: str, on: date) -> Payload:
    return make(structure.OrganizationEstablished, organization_id=org, name=f"{org}党组织",
                kind="branch", category="faculty", parent_id="gb-1", established_on=on,
                term_ends_on=date(2020, 12, 31))  # fmt: skip


def _said_of_unit(
    facts: Sequence[Fact], span: tuple[date, date], duty: str, org: str
) -> list[Said]:
    """What the duties fold says of ``org``'s own ``duty`` (:func:`statuses`)."""
    return [
        as_said(o)
        for o in statuses(facts, *span)
        if isinstance(o.data, DutyStatus)
        and (o.data.duty_id, o.data.organization_id) == (duty, org)
    ]


def _measures_naming(
    facts: Sequence[Fact], span: tuple[date, date], duty: str, person: str
) -> list[AccountabilityAction]:
    """The accountability actions on ``duty`` that name ``person`` (责任人)."""
    actions = [env.data for env in from_the_facts(a_branch(), span[0], facts, span[1])]
    return [
        action
        for action in actions
        if isinstance(action, AccountabilityAction)
        and action.duty_id == duty
        and person in (action.person_id, *action.person_ids, *action.leading_group_ids)
    ]


# ── 联系点: a 党委委员 appointed after the reminder day ───────────────────────────────

YEAR_2018 = (date(2018, 1, 1), date(2019, 1, 5))


@pytest.mark.parametrize("took_office", [date(2018, 11, 2), date(2018, 11, 20)])
@pytest.mark.parametrize("recorded_late", [False, True])
def test_a_visit_by_a_committee_member_appointed_after_the_reminder_day_opens_nothing(
    took_office: date, recorded_late: bool
) -> None:
    """By hand: p-n becomes 党委委员 of cmt on ``took_office``, after 2018's reminder day
    (11-01), so owes nothing of 2018 (``_took_office``: appointed by min(12-31, 11-01)).
    p-n visits br-1 once, on 12-10 (one visit, short of the two a year). The appointment
    is recorded on its day, or (``recorded_late``, 补录) on 12-20, after the visit.
    Expected: no status of p-n's 2018 visits at all (no reminder, no overdue, no
    instance), and no accountability action names p-n."""
    recorded = date(2018, 12, 20) if recorded_late else took_office
    facts = [
        (recorded, appointed("cmt", "p-n", "committee_member", took_office)),
        (date(2018, 12, 10), visit("p-n", date(2018, 12, 10))),
    ]
    assert said(facts, *YEAR_2018, VISITS, "p-n") == []
    assert _measures_naming(facts, YEAR_2018, VISITS, "p-n") == []


@pytest.mark.parametrize(
    ("took_office", "reminded_on"),
    [(date(2018, 6, 1), date(2018, 11, 1)), (date(2018, 11, 1), date(2018, 11, 2))],
)
def test_a_committee_member_appointed_by_the_reminder_day_owes_the_year(
    took_office: date, reminded_on: date
) -> None:
    """The contrast, by hand: p-n becomes 党委委员 on ``took_office``, by 2018's reminder
    day (06-01, or 11-01 itself: ``appointed_on <= reminder day``), so owes 2018's two
    visits; one visit on 12-10 is short of them. Expected: reminded on the reminder day
    (11-01; appointed on 11-01, after that day's tick, the next day's tick reminds,
    11-02), overdue on 2019-01-01 (due 12-31, no grace), nothing fulfilled; and the
    overdue reaches accountability naming p-n."""
    facts = [
        (took_office, appointed("cmt", "p-n", "committee_member", took_office)),
        (date(2018, 12, 10), visit("p-n", date(2018, 12, 10))),
    ]
    assert said(facts, *YEAR_2018, VISITS, "p-n") == [
        ("DutyDueSoon", "2018", reminded_on, None),
        ("DutyOverdue", "2018", date(2019, 1, 1), None),
    ]
    assert _measures_naming(facts, YEAR_2018, VISITS, "p-n") != []


def test_a_committee_member_who_becomes_deputy_secretary_late_still_owes_the_year() -> None:
    """By hand: p-n is 党委委员 of cmt from 2018-01-01 and owes 2018's two visits; on 11-20,
    after the reminder day, p-n becomes 副书记 and leaves the 委员 office the next day.
    Still a 党委成员 (the entry's offices), p-n owes the year as before (离任 waives
    nothing while another of its offices is held), and visits on 12-10 and 12-15 as 副书记
    fulfil it. Expected: reminded 11-01, fulfilled in time on 12-15, never overdue."""
    facts = [
        (date(2018, 1, 1), appointed("cmt", "p-n", "committee_member", date(2018, 1, 1))),
        (date(2018, 11, 20), appointed("cmt", "p-n", "deputy_secretary", date(2018, 11, 20))),
        (date(2018, 11, 21), left_office("cmt", "p-n", "committee_member", date(2018, 11, 21))),
        (date(2018, 12, 10), visit("p-n", date(2018, 12, 10))),
        (date(2018, 12, 15), visit("p-n", date(2018, 12, 15))),
    ]
    assert said(facts, *YEAR_2018, VISITS, "p-n") == [
        ("DutyDueSoon", "2018", date(2018, 11, 1), None),
        ("DutyFulfilled", "2018", date(2018, 12, 15), date(2018, 12, 15)),
    ]


# ── 书记培训: 56 学时 of a year not owed ───────────────────────────────────────────────

TRAINING_2020 = (date(2020, 1, 1), date(2021, 2, 2))


def _successor_trained(on: date) -> list[Fact]:
    """br-1's secretary p-1 leaves the day before p-2 takes the office on ``on``; p-2 then
    trains 16 hours on 2020-12-15."""
    left = on - date.resolution
    return [
        (left, left_office("br-1", "p-1", "secretary", left)),
        (on, appointed("br-1", "p-2", "secretary", on)),
        (date(2020, 12, 15), trained("p-2", date(2020, 12, 15), 16)),
    ]


def test_a_training_by_a_secretary_appointed_after_the_reminder_day_opens_nothing() -> None:
    """By hand: p-2 becomes br-1's secretary on 2020-12-10, after 2020's reminder day
    (12-02), and owes nothing of 2020; 16 hours trained on 12-15 (short of 56) open
    nothing. Expected: no status of p-2's 2020 training, no accountability action naming
    p-2 (2021's reminder, 2021-12-02, is after the span)."""
    facts = _successor_trained(date(2020, 12, 10))
    assert said(facts, *TRAINING_2020, TRAINING, "p-2") == []
    assert _measures_naming(facts, TRAINING_2020, TRAINING, "p-2") == []


def test_a_secretary_appointed_by_the_reminder_day_owes_the_year_s_hours() -> None:
    """The contrast, by hand: p-2 becomes br-1's secretary on 2020-11-20, by the reminder
    day (12-02), and owes 2020's 56 hours; 16 on 12-15 are short. Expected: reminded
    12-02, overdue 2021-02-01 (due 01-31), nothing fulfilled."""
    assert said(_successor_trained(date(2020, 11, 20)), *TRAINING_2020, TRAINING, "p-2") == [
        ("DutyDueSoon", "2020", date(2020, 12, 2), None),
        ("DutyOverdue", "2020", date(2021, 2, 1), None),
    ]


# ── 谈心谈话, 党课, 沟通交流: one fact, not even a fulfilled instance ─────────────────


def test_a_talk_by_a_branch_committee_member_appointed_after_the_reminder_day() -> None:
    """By hand: p-c becomes 委员 of br-1 on 2019-12-10, after 2019's reminder day
    (12-02), and owes no 谈心谈话 of 2019; p-c's talk of 12-20 opens nothing. Expected: no
    status of p-c's 2019 talk, not even fulfilled (2020's instance, opened on 2020-01-01,
    is reminded only on 2020-12-02)."""
    facts = [
        (date(2019, 12, 10), appointed("br-1", "p-c", "committee_member", date(2019, 12, 10))),
        (date(2019, 12, 20), talk("p-c", date(2019, 12, 20))),
    ]
    assert said(facts, date(2019, 1, 1), date(2020, 2, 2), TALK, "p-c") == []


def test_a_lecture_by_a_secretary_appointed_after_the_reminder_day() -> None:
    """By hand: gb-1's secretary p-g1 leaves on 2018-12-05 and p-s takes the office on
    12-10, after 2018's reminder day (12-02): p-s owes no 党课 of 2018, and the 党课 p-s
    chairs at gb-1 on 12-20 opens nothing. Expected: no status of p-s's 2018 lecture."""
    facts = [
        (date(2018, 12, 5), left_office("gb-1", "p-g1", "secretary", date(2018, 12, 5))),
        (date(2018, 12, 10), appointed("gb-1", "p-s", "secretary", date(2018, 12, 10))),
        (date(2018, 12, 20), meeting("p-s", date(2018, 12, 20))),
    ]
    assert said(facts, date(2018, 1, 1), date(2019, 2, 2), LECTURE, "p-s") == []


def test_an_exchange_with_a_secretary_appointed_after_the_reminder_day() -> None:
    """By hand: gb-1's secretary p-g1 leaves on 2019-01-19 and p-x takes the office on
    01-20, after semester S1's reminder day (01-16; S1 2018-09-01–2019-01-31, due 02-15):
    the committee owes no S1 exchange with p-x, and p-cmt's talk with p-x on 01-25 opens
    nothing. Expected: no status of an exchange with p-x (S2's, opened on 02-01, is
    reminded only on 08-16)."""
    facts = [
        (date(2019, 1, 19), left_office("gb-1", "p-g1", "secretary", date(2019, 1, 19))),
        (date(2019, 1, 20), appointed("gb-1", "p-x", "secretary", date(2019, 1, 20))),
        (date(2019, 1, 25), exchange("p-x", date(2019, 1, 25))),
    ]
    assert said(facts, date(2018, 9, 1), date(2019, 2, 20), EXCHANGE, "p-x") == []


# ── a unit established after the reminder day (a pin) ───────────────────────────────

YEAR_2018_JUDGED = (date(2018, 1, 1), date(2019, 2, 2))


def _new_branch() -> list[Fact]:
    """br-2 is established under gb-1 on 2018-11-20 with its secretary p-b2."""
    on = date(2018, 11, 20)
    return [(on, _established("br-2", on)), (on, appointed("br-2", "p-b2", "secretary", on))]


def test_a_meeting_of_a_unit_established_after_the_reminder_day_opens_nothing() -> None:
    """A pin. By hand: br-2, established on 2018-11-20, did not exist on 2018's first day
    and owes none of 2018's yearly duties (``owes``); its 组织生活会 of 12-15 opens
    nothing. Expected: no status of br-2's 2018 组织生活会."""
    facts = [
        *_new_branch(),
        (
            date(2018, 12, 15),
            meeting("p-b2", date(2018, 12, 15), "organizational_life_meeting", "br-2"),
        ),
    ]
    assert _said_of_unit(facts, YEAR_2018_JUDGED, LIFE_MEETING, "br-2") == []


def test_a_training_by_the_first_secretary_of_a_new_unit_opens_nothing() -> None:
    """A pin. By hand: p-b2, br-2's secretary from its establishment on 2018-11-20, owes
    no 2018 training (the unit owes no period it did not exist on the first day of); the
    training of 12-15 (v1: one training of the kinds) opens nothing. Expected: no status
    of p-b2's 2018 training, not even fulfilled."""
    facts = [
        *_new_branch(),
        (date(2018, 12, 15), trained("p-b2", date(2018, 12, 15), 16, "br-2")),
    ]
    assert said(facts, *YEAR_2018_JUDGED, TRAINING, "p-b2") == []
