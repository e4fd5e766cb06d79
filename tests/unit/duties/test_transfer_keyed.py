"""同日转任 owes again what its leaving waived, whatever the words of that waiver.

Expected outcomes written by hand before running, from the scenarios of
test_office_change_same_day (沪开大委〔2017〕48号 三、（八）: 建立党委成员抓基层党支部工作联系点
制度, a contact point within 90 days of taking office, reminded 30 days before; 建立基层
联系点 … 切实履行"一岗双责", two visits a year, due 12-31, reminded 11-01; both owed by the
书记, 副书记 and 委员 alike). ``p-n`` is 委员 of ``cmt`` from 2018-03-01 and is made 副书记:
the leaving of the 委员 seat is recorded on its day, the appointment, dated that day, days
later (补录). The day's tick waives what the leaving ended (DutyWaived, 已离任（day）); the
appointment continues the tenure (he was a 党委成员 on every day) and owes again what that
leaving waived, as it stood (:func:`services.duties.domain.obligations.carry_on`).

That reason is a text said to people (免除的理由): its words may change, a new wording
deployed between two days of the log while the state stays as the previous version stored
it. Which waiver the appointment takes back is a fact of the state, not of those words.
Here the state is stored just before the appointment, restored, and the rest of the log
folded with the reason worded otherwise. The verdicts are those of the unchanged words:

1. p-n, reminded of the visits on 11-01 (one of two made, on 05-10), is made 副书记 on
   11-15, the appointment recorded on 11-20: the visits are waived on 11-16 (the tick
   after the leaving), owed again from 11-20 as they stood (reminded, due 12-31), and
   found overdue on 2019-01-01. Not continued, they would be silently dropped: an
   appointment after the reminder day owes nothing of the year afresh.
2. p-n, 委员 from 03-01 with no contact point yet (due 05-30), is made 副书记 on 04-10,
   the appointment recorded on 04-13: the contact point is waived on 04-11, owed again
   from 04-13 as it stood: reminded on 04-30, overdue on 05-31 (one 党委成员, one contact
   point, counted from the first appointment).
3. As 1, the state stored by the code that kept the leaving only in the reason's words
   (已离任（2018-11-15）, its wording then; the document names no day of leaving
   otherwise): the appointment still owes the visits again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from contracts.events import activities
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from services.duties.domain import structure
from services.duties.domain.documents import entries, restore
from services.duties.domain.instances import instance_key
from services.duties.domain.state import instance_document
from tests.unit.accountability.builders import a_branch, on_their_days
from tests.unit.duties.builders import appointed, fold, left_office, make
from tests.unit.duties.personal_facts import VISITS, visit

pytestmark = pytest.mark.unit

ASSIGNED = "committee_member.contact_point.assigned"
FIRST, LAST = date(2018, 1, 1), date(2019, 1, 5)
Fact = tuple[date, Payload]
Documents = dict[str, Any]
#: (status event, due_on, day said) of p-n's duty.
Verdict = tuple[str, date, date]
#: p-n 委员 from 03-01.
MADE_MEMBER: Fact = (
    date(2018, 3, 1),
    appointed("cmt", "p-n", "committee_member", date(2018, 3, 1)),
)
VISITS_2018 = instance_document("cmt", instance_key(VISITS, "2018", "p-n"))


def _made_deputy(on: date, recorded: date) -> list[Fact]:
    """p-n leaves the 委员 seat on ``on`` (recorded that day) and is made 副书记 on ``on``,
    recorded on ``recorded``."""
    return [
        (on, left_office("cmt", "p-n", "committee_member", on)),
        (recorded, appointed("cmt", "p-n", "deputy_secretary", on)),
    ]


#: 1 and 3: one visit on 05-10 (with its contact point), made 副书记 on 11-15, recorded 11-20.
MADE_DEPUTY_IN_NOVEMBER = [
    MADE_MEMBER,
    (date(2018, 3, 20), make(activities.ContactPointAssigned, organization_id="br-1",
                             person_id="p-n", assigned_on=date(2018, 3, 20))),
    (date(2018, 5, 10), visit("p-n", date(2018, 5, 10))),
    *_made_deputy(date(2018, 11, 15), recorded=date(2018, 11, 20)),
]  # fmt: skip
#: 1 and 3: the visits waived by the tick after the leaving, owed again, let pass.
VISITS_OWED_AGAIN = [
    ("DutyDueSoon", date(2018, 12, 31), date(2018, 11, 1)),
    ("DutyWaived", date(2018, 12, 31), date(2018, 11, 16)),
    ("DutyOverdue", date(2018, 12, 31), date(2019, 1, 1)),
]


def reworded(day: date) -> str:
    """Another wording of the reason a leaving on ``day`` waives a holder's duties."""
    return f"{day}起不再担任该职务"


def stored_and_reworded(
    monkeypatch: pytest.MonkeyPatch,
    facts: list[Fact],
    duty_id: str,
    stored: Callable[[Documents], None] = lambda documents: None,
) -> list[Verdict]:
    """What the duties fold of ``a_branch()`` and ``facts`` says of p-n's ``duty_id``, the
    state stored just before the appointment (the last fact; as ``stored`` leaves it) and
    restored for the rest, folded with the reason worded otherwise."""
    events = on_their_days(a_branch(), FIRST, facts, LAST).events
    [cut] = [n for n, (env, _) in enumerate(events) if env.data == facts[-1][1]]
    state, before = fold(events[:cut])
    documents = json.loads(json.dumps(entries(state)))
    stored(documents)
    monkeypatch.setattr(structure, "_left_reason", reworded)
    _, after = fold(events[cut:], state=restore(documents))
    return [
        (o.type.removeprefix("zeren."), o.data.due_on, o.time.date())
        for o in before + after
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.person_id) == (duty_id, "p-n")
    ]


def test_1_the_visits_waived_are_owed_again_once_reworded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = stored_and_reworded(monkeypatch, MADE_DEPUTY_IN_NOVEMBER, VISITS)

    assert found == VISITS_OWED_AGAIN


def test_2_the_contact_point_waived_is_owed_again_as_it_stood_once_reworded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facts = [MADE_MEMBER, *_made_deputy(date(2018, 4, 10), recorded=date(2018, 4, 13))]

    found = stored_and_reworded(monkeypatch, facts, ASSIGNED)

    assert found == [
        ("DutyWaived", date(2018, 5, 30), date(2018, 4, 11)),
        ("DutyDueSoon", date(2018, 5, 30), date(2018, 4, 30)),
        ("DutyOverdue", date(2018, 5, 30), date(2018, 5, 31)),
    ]


def as_stored_then(documents: Documents) -> None:
    """p-n's waived visits as the code of the waiver stored them: the day of leaving only
    in its reason's words."""
    waived = documents[VISITS_2018]
    assert waived["status"] == "waived"
    waived.pop("left_on", None)
    waived["reason"] = "已离任（2018-11-15）"


def test_3_a_waiver_stored_in_its_reason_s_words_is_still_taken_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = stored_and_reworded(monkeypatch, MADE_DEPUTY_IN_NOVEMBER, VISITS, stored=as_stored_then)

    assert found == VISITS_OWED_AGAIN
