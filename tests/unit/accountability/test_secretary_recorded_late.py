"""A secretary's leaving recorded late (补录离任) and the rectification deadline between.

Found by the recording-order property (test_structural_recording_order.py) once the
secretary's office changes are in it. The shape: a duty the 书记 answers for is missed
while ``p-1`` is secretary, criticised (限期整改) and, being 特别突出, 通报、约谈 proposed
naming ``p-1``; ``p-1`` leaves the office before the rectification deadline passes.

Recorded on its day, the leaving makes the office vacant on the deadline, and
``decide._answering_now`` (整改期限届满时的责任人) replaces the case's persons by the
holders of that day: nobody. Recorded after the deadline, ``p-1`` is the holder of record
then and stays named, since ``structure._left_before_due`` compares the leaving with the
day the duty fell due, not with the deadline. The two rules disagree on which day
decides the 责任人; the end states differ.
"""

from __future__ import annotations

import pytest

from tests.unit.accountability.structural_histories import Fact, delayed, generate, verdicts

pytestmark = pytest.mark.unit

LECTURE_Q1 = ("br-1", "branch.party_lecture.quarterly", "2018-Q1")


@pytest.mark.xfail(
    strict=True,
    reason="decide._answering_now names the holders of the rectification deadline (none: "
    "p-1 left 05-12) over the proposal of 04-17 naming p-1, who owed the 党课 due 04-15; "
    "recorded late, _left_before_due compares the leaving with the due day and keeps p-1. "
    "Deciding which day names the 责任人 of a case whose measure stands is a design choice "
    "for the accountability owner, not a small fix",
)
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
    Currently: recorded on its day the case ends naming nobody (整改期限届满时的责任人：
    （职务空缺）) while the proposal against ``p-1`` stands; recorded late it names ``p-1``."""
    facts = generate(87)
    on_time = verdicts([Fact(f.on, f.payload) for f in facts])
    late = verdicts(delayed(facts, 87))
    assert on_time is not None
    assert late is not None
    expected = (("p-1",), ("notice_interview",), "open")
    assert late.cases[LECTURE_Q1] == expected
    assert on_time.cases[LECTURE_Q1] == expected
