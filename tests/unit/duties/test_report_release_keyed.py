"""The parent's 述职评议 follows the report given, whatever the words of its waiver.

Expected outcomes written by hand before running, from the scenario of
test_evaluation_of_the_report_given (三、（八）: 各基层党组织书记…每年向学校党委书面述职并接受
评议; 问题清单第31题: 开展下级党组织书记述职评议考核工作, charged to the parent gb-1, secretary
p-g1): A (p-1), br-1's secretary, leaves on 2018-11-15; B (p-2) is appointed on 11-20; A
reports for 2018 on 2019-01-10. B, who gave no report, is released from the evaluation
(免除, 本期述职已由p-1作出, silently: never reminded), and the evaluation about A's report is
owed instead (述职并接受评议: the one who reported is evaluated).

That reason is a text said to people (免除的理由): its words may change, a new wording
deployed between two days of the log while the state stays as the previous version stored
it. Which report the evaluation follows is a fact of the state, not of those words. Here
the state is stored after the report's day (the tick of 01-11 not yet folded), restored,
and the rest of the log folded with the reason worded otherwise. The verdicts are those of
test_evaluation_of_the_report_given, as if nothing had been reworded:

1. (there 4) gb-1 records its evaluation of br-1's 2018 述职 naming B, the secretary in
   office, on 02-20: it is the evaluation of the one report given, A's, in time: A's is
   fulfilled that day and gb-1 is never found overdue. Found overdue, p-g1 would be
   criticised for an evaluation gb-1 made (a wrong verdict, the worst defect).
2. (there 3) A's leaving is recorded only on 02-20 (补录): it does not waive the
   evaluation of the report A gave: reminded on 01-29, found overdue on 03-01.
3. As 1, the state stored by the code that kept the reporter only in the reason's words
   (本期述职已由p-1作出, its wording then; the document names no reporter otherwise): the
   evaluation naming B is still the evaluation of A's report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from contracts.envelope import Envelope
from services.duties.domain import obligations, work_reports
from services.duties.domain.documents import entries, restore
from services.duties.domain.instances import instance_key
from services.duties.domain.state import instance_document
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.duties.builders import fold
from tests.unit.duties.work_reports import (
    EVALUATION,
    LAST,
    A,
    B,
    Fact,
    evaluation,
    leaves,
    report,
    statuses,
    takes,
)

pytestmark = pytest.mark.unit

#: The day after A's report: the state is stored before its tick.
STORED_BEFORE = "tick:2019-01-11:0"
B_EVALUATION = instance_document("br-1", instance_key(EVALUATION, "2018", B))
Documents = dict[str, Any]
#: 1 and 3: A leaves, B is appointed, A reports, gb-1 evaluates naming B.
EVALUATED_NAMING_B = (
    leaves(A, date(2018, 11, 15)),
    takes(B, date(2018, 11, 20)),
    (date(2019, 1, 10), report(A, date(2019, 1, 10))),
    (date(2019, 2, 20), evaluation(B, date(2019, 2, 20))),
)
#: 1 and 3: the evaluation of A's report, fulfilled by gb-1's evaluation naming B.
OF_THE_REPORT_GIVEN = [
    ("DutyWaived", A, date(2018, 11, 15)),
    ("DutyDueSoon", A, date(2019, 1, 29)),
    ("DutyFulfilled", A, date(2019, 2, 20)),
]


def reworded(reporter: str) -> str:
    """Another wording of the reason B's evaluation is released for."""
    return f"述职评议改为对{reporter}所作述职的评议"


def stored_and_reworded(
    monkeypatch: pytest.MonkeyPatch,
    *facts: Fact,
    stored: Callable[[Documents], None] = lambda documents: None,
) -> list[Envelope]:
    """The duties outputs of ``a_branch()`` and ``facts`` (as ``work_reports.outputs``),
    the state stored before the tick of 2019-01-11 (as ``stored`` leaves it) and restored
    for the rest, folded with the reason worded otherwise."""
    events = on_their_days(a_branch(), BEGINNING, facts, LAST).events
    [cut] = [n for n, (env, _) in enumerate(events) if env.id == STORED_BEFORE]
    state, before = fold(events[:cut])
    documents = json.loads(json.dumps(entries(state)))
    stored(documents)
    monkeypatch.setattr(obligations, "evaluated_instead", reworded)
    monkeypatch.setattr(work_reports, "evaluated_instead", reworded)
    _, after = fold(events[cut:], state=restore(documents))
    return before + after


def test_1_an_evaluation_naming_the_successor_fulfils_the_one_owed_once_reworded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = stored_and_reworded(monkeypatch, *EVALUATED_NAMING_B)

    assert statuses(found, EVALUATION) == OF_THE_REPORT_GIVEN


def test_2_a_leaving_recorded_late_leaves_the_evaluation_owed_once_reworded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = stored_and_reworded(
        monkeypatch,
        leaves(A, date(2018, 11, 15), recorded=date(2019, 2, 20)),
        takes(B, date(2018, 11, 20)),
        (date(2019, 1, 10), report(A, date(2019, 1, 10))),
    )

    assert statuses(found, EVALUATION) == [
        ("DutyDueSoon", A, date(2019, 1, 29)),
        ("DutyOverdue", A, date(2019, 3, 1)),
    ]


def as_stored_then(documents: Documents) -> None:
    """B's released evaluation as the code of its release stored it: the reporter only in
    its reason's words."""
    released = documents[B_EVALUATION]
    assert released["status"] == "waived"
    released.pop("report_given_by", None)
    released["reason"] = "本期述职已由p-1作出"


def test_3_a_release_stored_in_its_reason_s_words_still_names_the_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = stored_and_reworded(monkeypatch, *EVALUATED_NAMING_B, stored=as_stored_then)

    assert statuses(found, EVALUATION) == OF_THE_REPORT_GIVEN
