"""A secretary's leaving or a successor's appointment recorded late (补录离任、任职) and the
rectification deadline between.

Found by the recording-order property (test_structural_recording_order.py) once the
secretary's office changes are in it. The shape: a duty the 书记 answers for is missed
while ``p-1`` is secretary, criticised (限期整改) and, being 特别突出, 通报、约谈 proposed
naming ``p-1``; ``p-1`` leaves the office before the rectification deadline passes.

The rule (``missed.answering_now``, ``cases.named_for_the_miss``): the holders of the
answering office on the day the deadline passes answer for the rectification
(整改期限届满时的责任人, none while vacant); those a ground on the miss itself names
(特别突出、普遍性) stay named, since they owed the duty and the proposal on that ground
stands against them. A leaving or an appointment recorded after the deadline, dated on
or before it, corrects the case to what it would have named had it been recorded on its
day (``structure._left_before_deadline``, ``_appointed_before_deadline``).
"""

from __future__ import annotations

from datetime import date

import pytest

from contracts.events.base import Payload
from contracts.events.enums import Ground
from services.accountability.domain.state import Ledger
from tests.unit.accountability.builders import BEGINNING, a_branch, from_the_facts
from tests.unit.accountability.structural_histories import (
    Fact,
    decisions_delayed,
    delayed,
    generate,
    verdicts,
    with_decisions,
)
from tests.unit.duties.builders import appointed, left_office

pytestmark = pytest.mark.unit

LECTURE_Q1 = ("br-1", "branch.party_lecture.quarterly", "2018-Q1")


def test_a_secretary_who_left_before_the_deadline_still_answers_for_what_they_owed() -> None:
    """Seed 87 of the property: br-1 holds no 党课 in 2018 Q1 (due 04-15, catalog
    ``branch.party_lecture.quarterly``). ``p-1`` is 书记 then: reminded 04-01,
    criticised 04-16 (限期整改 by 05-16) and, the unit having missed three different
    duties (特别突出, seed 四), 通报、约谈 proposed on 04-17 naming ``p-1``. On 05-12
    ``p-1`` moves to 委员 (同日转任), the 书记 office vacant from then; 05-16 passes
    unrectified.

    Expected, in both orders (the leaving recorded 05-12, or 05-17): the case is open,
    通报、约谈 proposed, and it names ``p-1``: the right party answers, every measure
    names the holder(s) that owed the duty at the time (seed 四; 实施细则 三、（八）),
    and ``p-1`` owed the 党课 on 04-15 and was named by the proposal standing on the
    case; the vacancy on the deadline adds nobody (本案暂无其他责任人，此后按任职情况确定).
    Before the rule kept those the miss's own ground names, recorded on its day the case
    ended naming nobody (整改期限届满时的责任人：（职务空缺）) while the proposal against
    ``p-1`` stood; recorded late it named ``p-1``."""
    facts = generate(87)
    on_time = verdicts([Fact(f.on, f.payload) for f in facts])
    late = verdicts(delayed(facts, 87))
    assert on_time is not None
    assert late is not None
    expected = (("p-1",), ("notice_interview",), "open")
    assert late.cases[LECTURE_Q1] == expected
    assert on_time.cases[LECTURE_Q1] == expected


LECTURE_Q2 = ("br-1", "branch.party_lecture.quarterly", "2018-Q2")


def test_a_handover_before_the_deadline_names_both_whenever_it_is_recorded() -> None:
    """Seed 263 of the property: br-1 holds no 党课 in 2018 Q2 (due 07-15, catalog
    ``branch.party_lecture.quarterly``; the next is on 08-15, in Q3). ``p-1`` is 书记:
    reminded 07-01, criticised 07-16 (限期整改 by 08-15) and, br-1 having missed three
    different duties (特别突出, seed 四), 通报、约谈 proposed the same day naming ``p-1``.
    On 08-12 ``p-1`` hands the office over to ``p-4`` (离任、任职 the same day); 08-15
    passes unrectified. The leaving is recorded 08-23 and the appointment 09-01 (after
    the deadline), or both on their day.

    Expected, in both orders: the case open, 通报、约谈 proposed, naming ``p-1`` (owed the
    党课 on 07-15; the proposal on the 特别突出 ground stands against them) and ``p-4``
    (secretary when the deadline passed: 整改期限届满时的责任人, who owed the
    rectification). Before: recorded on its day only ``p-4``, recorded late only ``p-1``.
    Recorded late, the appointment corrects the case (责任人更正) once it is known."""
    facts = generate(263)
    late = delayed(facts, 263)
    handover = [str(f) for f in late if f.late and getattr(f.payload, "office", "") == "secretary"]
    assert handover[:2] == [
        "2018-08-12 LeftOffice p-1 secretary recorded 2018-08-23",
        "2018-08-12 Appointed p-4 secretary recorded 2018-09-01",
    ]
    on_time = verdicts([Fact(f.on, f.payload) for f in facts])
    recorded_late = verdicts(late)
    assert on_time is not None
    assert recorded_late is not None
    expected = (("p-1", "p-4"), ("notice_interview",), "open")
    assert on_time.cases[LECTURE_Q2] == expected
    assert recorded_late.cases[LECTURE_Q2] == expected


THEME_DAY_APRIL = ("br-1", "branch.theme_party_day.monthly", "2018-04")


def test_a_handover_before_a_decision_s_deadline_names_its_holder_whenever_recorded() -> None:
    """Seed 26 of the property with decisions: br-1 holds no 主题党日 in April 2018 (due
    05-07). ``p-1`` is 书记: criticised 05-08 (限期整改 by 06-07); 06-07 passes, 通报、约谈
    proposed naming ``p-1``; the department decides 通报、约谈 on 07-06 naming ``p-1``
    (recorded 07-16), which sets a new deadline (07-21). ``p-1`` hands the office over to
    ``p-2`` on 07-17, ``p-2`` to ``p-3`` on 07-18 (recorded 07-24, 08-01, 08-07: after the
    deadline); 07-21 passes unrectified.

    Expected, in both orders: the case open and naming ``p-3``, secretary when the
    decision's deadline passed (整改期限届满时的责任人, who answers for the rectification);
    the decision keeps ``p-1``, whom people named. Before: recorded late, the leavings
    corrected nothing on a case with a decision, and the case kept ``p-1``."""
    facts = with_decisions(26)
    on_time = verdicts(facts)
    late = verdicts(decisions_delayed(facts, 26))
    assert on_time is not None
    assert late is not None
    expected = (("p-3",), ("notice_interview",), "open")
    assert on_time.cases[THEME_DAY_APRIL] == late.cases[THEME_DAY_APRIL] == expected


def test_a_decision_recorded_after_its_deadline_names_the_holders_of_that_day() -> None:
    """Seed 34 of the property with decisions: br-1's April 主题党日 missed as above, but
    ``p-1`` left the 书记 office on 02-15 (made 副书记, then 委员) and nobody held it until
    ``p-1`` was made 书记 again on 07-12. The department decides 通报、约谈 on 06-13,
    naming nobody, with a new deadline (06-28); the decision is recorded on 07-15, after
    that deadline and after ``p-1``'s return to the office.

    Expected, in both orders: the case open and naming nobody: the office was vacant when
    the decision's deadline passed (06-28), read by the terms of the office (``Term``), not
    by who holds it when the passed deadline is found (07-16: ``p-1``). Before: recorded
    late, the case named ``p-1``, who held no office answering for it on 06-28."""
    facts = with_decisions(34)
    on_time = verdicts(facts)
    late = verdicts(decisions_delayed(facts, 34))
    assert on_time is not None
    assert late is not None
    expected = ((), ("notice_interview",), "open")
    assert on_time.cases[THEME_DAY_APRIL] == late.cases[THEME_DAY_APRIL] == expected


def test_a_secretary_between_the_miss_and_the_deadline_answers_for_neither() -> None:
    """gb-1 (and gb-2, and the committee) hold no 中心组学习 in 2018 Q2 (due 07-15, catalog
    ``unit.central_group_study.quarterly``, 三、（三）). ``p-g1`` is gb-1's 书记: reminded
    07-01, criticised 07-16 (限期整改 by 08-15) and proposed for 通报、约谈 (特别突出, and
    普遍性: every unit owing it missed it; seed 四). ``p-g1`` hands the seat to ``p-x`` on
    07-19 and ``p-x`` to ``p-y`` on 07-30; 08-15 passes unrectified. The handovers are
    recorded on their days, or on 08-23 and 10-03 (补录, after the deadline).

    By hand, in both orders: the case names ``p-g1`` (he owed the study on 07-15, and the
    grounds on the miss name him) and ``p-y`` (书记 on 08-15: 整改期限届满时的责任人), never
    ``p-x``, 书记 only between the two days. Before: recorded late, 普遍性, a ground naming
    no one of its own, was read as naming whoever the case named by then, ``p-x`` among
    them (added as the deadline's holder before his leaving was known), so his leaving
    recorded on 10-03 did not take him off."""
    study = ("gb-1", "unit.central_group_study.quarterly", "2018-Q2")

    def handover(old: str, new: str, on: date, recorded: date) -> list[tuple[date, Payload]]:
        return [(recorded, left_office("gb-1", old, "secretary", on)),
                (recorded, appointed("gb-1", new, "secretary", on))]  # fmt: skip

    def named(first: date, second: date) -> list[str]:
        history = a_branch()
        history.unit("gb-2", "general_branch", "cmt", "p-g2", BEGINNING)
        facts = [*handover("p-g1", "p-x", date(2018, 7, 19), first),
                 *handover("p-x", "p-y", date(2018, 7, 30), second)]  # fmt: skip
        ledger = Ledger.empty(1)
        from_the_facts(history, BEGINNING, facts, date(2018, 12, 31), ledger)
        (case,) = [
            c for c in ledger.cases.values() if (c.organization_id, c.duty_id, c.period) == study
        ]
        assert {Ground.PROMINENT, Ground.WIDESPREAD} <= set(case.grounds)
        return case.person_ids

    assert named(date(2018, 7, 19), date(2018, 7, 30)) == ["p-g1", "p-y"]
    assert named(date(2018, 8, 23), date(2018, 10, 3)) == ["p-g1", "p-y"]
