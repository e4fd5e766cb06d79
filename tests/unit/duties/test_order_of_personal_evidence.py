"""A person's own evidence gives the same verdicts in whichever order it is recorded.

Duties charged to an office holder personally (个人职责) are credited with facts naming
the person: the 党委成员's visits to contact points, the 书记/委员's training, the 支部
委员's 谈心谈话, the secretary's 党课, the 党委书记's exchange with a 党总支书记 (the
counterpart). A fact dated before the person took the office is either recorded before
the registry records the appointment (the fold keeps it as early evidence, 任职前的佐证,
and judges it when the appointment arrives) or after it (the fold credits it by its
day). The same facts must give the same verdicts in both orders (replay is
deterministic; a late record must not change who is found to have done a duty), by the
rule the fold already applies to the early evidence recorded first:

- evidence the catalog counts before the office (``before_office``: the training, 2019
  条例 基层党组织书记和班子成员每年集中学习培训不少于56学时, the year's hours of the
  person) counts for the instance the appointment makes them owe, of its own period, and
  for no period they did not serve;
- any other fact done before the office is not the office holder's: a visit before the
  person was a 党委成员 is no 党委委员走访基层联系点 (三、（八） 建立党委成员抓基层党支部工作
  联系点制度), a 党课 chaired before being secretary no 党组织书记讲党课 (三、（四）), a talk
  before being a 支部委员 no 谈心谈话 of a 委员 (支部工作条例 第十九条), an exchange with
  someone not yet 党总支书记 no 党委书记与党总支书记定期沟通交流 (三、（八）).

Every expectation was written by hand, from the seed (三、（三）（四）（八）) and the
catalog entries, before the code was run. Catalog facts used (v1–v5):
``committee_member.contact_point.visits`` two visits a year, due 12-31, reminded 11-01;
``unit.secretary_training.yearly`` from v4 (2019-05-06) 56 hours, a year judged by the
version of its first day, due 01-31, reminded 12-02; ``branch.heart_to_heart_talk.yearly``
from 2018-10-28, due 01-31, reminded 12-02; ``secretary.party_lecture.yearly`` due 01-31,
reminded 12-02; ``committee.secretary_exchange.semester`` S2 (02-01–08-31) due 09-15,
reminded 08-16, charged to the parent; ``committee_member.contact_point.assigned`` 90 days
from ``appointed_on``, no grace, reminded 30 days before. A holder appointed by a
period's reminder day owes the period (``_took_office``).

The log: ``cmt`` (secretary ``p-cmt``), ``gb-1`` (``p-g1``), ``br-1`` (``p-1``) from
2018-01-01 (:func:`a_branch`), ticked daily; every fact is logged on the day it is
recorded. Each scenario is folded twice, the evidence recorded on its own day
(``early``) and after the appointment (``late``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from contracts.events import activities
from contracts.events.base import Payload
from tests.unit.duties.builders import appointed, left_office, make
from tests.unit.duties.personal_facts import (
    EXCHANGE,
    LECTURE,
    TALK,
    TRAINING,
    VISITS,
    Fact,
    Said,
    exchange,
    meeting,
    said,
    talk,
    trained,
    visit,
)

pytestmark = pytest.mark.unit

ASSIGNED = "committee_member.contact_point.assigned"


def _assigned(person: str, on: date) -> Payload:
    return make(activities.ContactPointAssigned, organization_id="br-1", person_id=person,
                assigned_on=on)  # fmt: skip


def _in_both_orders(
    structure_facts: Sequence[Fact],
    evidence: Sequence[Payload],
    recorded_late: date,
    span: tuple[date, date],
    duty: str,
    person: str,
) -> tuple[list[Said], list[Said]]:
    """What the fold says of ``person``'s ``duty`` with ``evidence`` recorded on its own
    day (early) and on ``recorded_late``, after the appointment (late)."""

    def own_day(fact: Payload) -> date:
        day = next(v for k, v in vars(fact).items() if k.endswith("_on"))
        assert isinstance(day, date)
        return day

    early = [*structure_facts, *((own_day(fact), fact) for fact in evidence)]
    late = [*structure_facts, *((recorded_late, fact) for fact in evidence)]
    return said(early, *span, duty, person), said(late, *span, duty, person)


def _verdicts(what: list[Said]) -> list[tuple[str, str, date | None]]:
    """What was said, without the day it was said (a fact recorded later is credited later)."""
    return [(event, period, fulfilled_on) for event, period, _, fulfilled_on in what]


# ── 联系点: visits before the appointment ─────────────────────────────────────────────


def test_visits_before_becoming_a_committee_member_do_not_count_in_either_order() -> None:
    """By hand: p-n becomes 党委委员 of cmt on 2018-06-01 (before the reminder day, 11-01:
    owes 2018's two visits). p-n visited br-1 on 03-10 and 04-20, before the appointment,
    and on 09-10, after it. The first two are no 党委委员's visits (三、（八）; the entry has
    no before_office): one visit counts, short of two. Expected, in both orders (the early
    visits recorded on their days, or on 06-15): reminded 11-01, overdue 2019-01-01, and
    nothing fulfilled. Before the fix the late order fulfilled it on 06-15."""
    on = date(2018, 6, 1)
    took_office = [(on, appointed("cmt", "p-n", "committee_member", on))]
    after = [(date(2018, 9, 10), visit("p-n", date(2018, 9, 10)))]
    early, late = _in_both_orders(
        [*took_office, *after],
        [visit("p-n", date(2018, 3, 10)), visit("p-n", date(2018, 4, 20))],
        date(2018, 6, 15),
        (date(2018, 1, 1), date(2019, 1, 2)),
        VISITS,
        "p-n",
    )
    expected = [
        ("DutyDueSoon", "2018", date(2018, 11, 1), None),
        ("DutyOverdue", "2018", date(2019, 1, 1), None),
    ]
    assert early == expected
    assert late == expected


def test_a_visit_in_the_year_before_the_appointment_opens_nothing_of_that_year() -> None:
    """By hand: p-n visits br-1 on 2018-12-10 and becomes 党委委员 on 2019-01-10. p-n held no
    office in 2018 and owes nothing of it (never a year not served). Expected, the visit
    recorded on its day or on 2019-01-20: no 2018 status names p-n; 2019 reminded 11-01 and
    overdue 2020-01-01 (no visit in 2019). Before the fix the late record opened p-n's
    2018 instance, already past its deadline, and found p-n overdue for it (a wrong verdict
    against a real person)."""
    early, late = _in_both_orders(
        [(date(2019, 1, 10), appointed("cmt", "p-n", "committee_member", date(2019, 1, 10)))],
        [visit("p-n", date(2018, 12, 10))],
        date(2019, 1, 20),
        (date(2018, 1, 1), date(2020, 1, 2)),
        VISITS,
        "p-n",
    )
    expected = [
        ("DutyDueSoon", "2019", date(2019, 11, 1), None),
        ("DutyOverdue", "2019", date(2020, 1, 1), None),
    ]
    assert early == expected
    assert late == expected


# ── 书记培训: counted before the office, in its own year only ─────────────────────────


def _successor(on: date) -> list[Fact]:
    """br-1's secretary p-1 leaves the day before p-2 takes the office on ``on``."""
    left = on - date.resolution
    return [
        (left, left_office("br-1", "p-1", "secretary", left)),
        (on, appointed("br-1", "p-2", "secretary", on)),
    ]


def test_a_training_before_the_appointment_counts_in_either_order() -> None:
    """A pin (both orders agreed before the change). By hand: p-2 trains on 2018-03-15
    (v1: any training of the kinds) and becomes br-1's secretary on 05-01; the catalog
    counts it (before_office). Expected in both orders (recorded 03-15 or 05-10): 2018
    fulfilled in time, fulfilled on 03-15; never reminded."""
    early, late = _in_both_orders(
        _successor(date(2018, 5, 1)),
        [trained("p-2", date(2018, 3, 15), 16)],
        date(2018, 5, 10),
        (date(2018, 1, 1), date(2019, 2, 2)),
        TRAINING,
        "p-2",
    )
    assert _verdicts(early) == [("DutyFulfilled", "2018", date(2018, 3, 15))]
    assert _verdicts(late) == _verdicts(early)


def test_a_training_in_the_year_before_the_appointment_opens_nothing_of_that_year() -> None:
    """By hand: p-2 trains 16 hours on 2020-12-10 and becomes br-1's secretary on
    2021-01-05 (p-1 leaves on 01-04, before 2020's training fell due: waived). The hours
    count for the year they are in (56 学时 a year, 2019 条例), and p-2 owed nothing of
    2020: appointed after its reminder day and its end. Expected, the training recorded on
    its day or on 2021-01-10: no 2020 status names p-2; 2021 (nothing that year) reminded
    12-02 and overdue 2022-02-01. Before the fix the late record opened p-2's 2020
    instance with 16 of 56 hours and found p-2 overdue for 2020."""
    early, late = _in_both_orders(
        _successor(date(2021, 1, 5)),
        [trained("p-2", date(2020, 12, 10), 16)],
        date(2021, 1, 10),
        (date(2020, 1, 1), date(2022, 2, 2)),
        TRAINING,
        "p-2",
    )
    expected = [
        ("DutyDueSoon", "2021", date(2021, 12, 2), None),
        ("DutyOverdue", "2021", date(2022, 2, 1), None),
    ]
    assert early == expected
    assert late == expected


# ── 谈心谈话, 党课, 沟通交流: not the office's before the office ───────────────────────


def test_a_talk_before_becoming_a_branch_committee_member_does_not_count() -> None:
    """By hand (as test_own_duty_clauses I, in both orders): p-c becomes 委员 of br-1 on
    2019-10-15 and owes 2019's 谈心谈话; p-c's talk of 2019-09-01 was held before.
    Expected, the talk recorded on 09-01 or on 10-20: reminded 2019-12-02, overdue
    2020-02-01. Before the fix the late order fulfilled it on 10-20."""
    early, late = _in_both_orders(
        [(date(2019, 10, 15), appointed("br-1", "p-c", "committee_member", date(2019, 10, 15)))],
        [talk("p-c", date(2019, 9, 1))],
        date(2019, 10, 20),
        (date(2019, 1, 1), date(2020, 2, 2)),
        TALK,
        "p-c",
    )
    expected = [
        ("DutyDueSoon", "2019", date(2019, 12, 2), None),
        ("DutyOverdue", "2019", date(2020, 2, 1), None),
    ]
    assert early == expected
    assert late == expected


def test_a_lecture_chaired_before_becoming_secretary_is_not_the_secretary_s() -> None:
    """By hand: gb-1's secretary p-g1 leaves on 2018-05-31 and p-s takes the office on
    06-01 (owes 2018's 党课: before the reminder day, 12-02). p-s chaired a 党课 at gb-1 on
    04-10, as no secretary (三、（四） 党组织书记讲党课). Expected, the lecture recorded on
    04-10 or on 06-10: reminded 12-02, overdue 2019-02-01. Before the fix the late order
    fulfilled it on 06-10."""
    early, late = _in_both_orders(
        [
            (date(2018, 5, 31), left_office("gb-1", "p-g1", "secretary", date(2018, 5, 31))),
            (date(2018, 6, 1), appointed("gb-1", "p-s", "secretary", date(2018, 6, 1))),
        ],
        [meeting("p-s", date(2018, 4, 10))],
        date(2018, 6, 10),
        (date(2018, 1, 1), date(2019, 2, 2)),
        LECTURE,
        "p-s",
    )
    expected = [
        ("DutyDueSoon", "2018", date(2018, 12, 2), None),
        ("DutyOverdue", "2018", date(2019, 2, 1), None),
    ]
    assert early == expected
    assert late == expected


def test_an_exchange_before_the_counterpart_was_secretary_does_not_count() -> None:
    """By hand: gb-1's secretary p-g1 leaves on 2018-03-31 and p-x takes the office on
    04-01, within semester S2 (02-01–08-31) and before its reminder day (08-16): the
    committee owes an exchange with p-x (三、（八） 党委书记与党总支书记定期沟通交流, charged
    to the parent). p-cmt talked with p-x on 03-20, before p-x was 党总支书记. Expected,
    the talk recorded on 03-20 or on 04-10: p-x's S2 exchange reminded 08-16 and overdue
    09-16 (due 09-15). Before the fix the late order fulfilled it on 04-10."""
    early, late = _in_both_orders(
        [
            (date(2018, 3, 31), left_office("gb-1", "p-g1", "secretary", date(2018, 3, 31))),
            (date(2018, 4, 1), appointed("gb-1", "p-x", "secretary", date(2018, 4, 1))),
        ],
        [exchange("p-x", date(2018, 3, 20))],
        date(2018, 4, 10),
        (date(2018, 1, 1), date(2018, 9, 17)),
        EXCHANGE,
        "p-x",
    )
    assert [(event, day) for event, _, day, _ in early] == [
        ("DutyDueSoon", date(2018, 8, 16)),
        ("DutyOverdue", date(2018, 9, 16)),
    ]
    assert late == early


# ── 联系点 itself: a pin ────────────────────────────────────────────────────────────


def test_a_contact_point_assigned_before_the_appointment_agrees_in_both_orders() -> None:
    """A pin (both orders agreed before the change). By hand: p-n becomes 党委委员 on
    2018-06-01 and owes a contact point within 90 days (due 08-30, reminded 07-31). A
    contact point named for p-n on 05-20, before the appointment, still stands on its day
    (``before_office``: at most the 90 days before it count, see
    test_contact_point_before_office). Expected, the assignment recorded on 05-20 (kept
    awaiting its trigger) or on 06-10: fulfilled as of 06-01, said on 06-01 (the
    appointment) or 06-10 (the assignment); never reminded nor overdue."""
    early, late = _in_both_orders(
        [(date(2018, 6, 1), appointed("cmt", "p-n", "committee_member", date(2018, 6, 1)))],
        [_assigned("p-n", date(2018, 5, 20))],
        date(2018, 6, 10),
        (date(2018, 1, 1), date(2018, 9, 1)),
        ASSIGNED,
        "p-n",
    )
    # The period is named after the appointment's event id, which differs between the logs.
    fulfilled = ("DutyFulfilled", date(2018, 6, 1))
    assert [(event, done) for event, _, _, done in early] == [fulfilled]
    assert [(event, done) for event, _, _, done in late] == [fulfilled]
    assert [day for _, _, day, _ in early + late] == [date(2018, 6, 1), date(2018, 6, 10)]


# ── the mirror: done in office, recorded before the registry records the office ──────


def test_visits_after_an_appointment_recorded_late_count_in_either_order() -> None:
    """By hand: p-n became 党委委员 on 2018-06-01, but the registry records it only on
    07-01 (补录). p-n visited br-1 on 06-10 and 06-20, as a 党委委员: two visits fulfil
    2018's. Expected, the visits recorded on their days (before the appointment's record)
    or on 07-10: fulfilled in time, on 06-20, never reminded or overdue. Before the fix
    the visits recorded first were dropped, and p-n was reminded 11-01 and found overdue
    2019-01-01 (a wrong verdict against a real person)."""
    early, late = _in_both_orders(
        [(date(2018, 7, 1), appointed("cmt", "p-n", "committee_member", date(2018, 6, 1)))],
        [visit("p-n", date(2018, 6, 10)), visit("p-n", date(2018, 6, 20))],
        date(2018, 7, 10),
        (date(2018, 1, 1), date(2019, 1, 2)),
        VISITS,
        "p-n",
    )
    assert _verdicts(late) == [("DutyFulfilled", "2018", date(2018, 6, 20))]
    assert _verdicts(early) == _verdicts(late)
