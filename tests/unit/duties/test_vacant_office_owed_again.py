"""A late appointment owes again the months a late leaving released (设委员的).

Expected outcomes written by hand before running, from 三、（四） (三会一课: 支部委员会一般每月
召开1次) and the catalog (``branch.committee_meeting.monthly``: owed only by a branch with a
委员 on the month's first day, grace 7 days, reminded 7 days before). ``p-c0``, br-1's only
委员, leaves the seat on 04-17, the leaving recorded on 07-04; ``p-x`` is made 委员 on
05-25, recorded on 07-21. No 支部委员会 is held.

June and July began with ``p-x`` in the seat: both are owed. Before 07-21 the log shows no
委员 from 04-17, so the leaving releases them (免除, ``<day>起未设委员``): June, reminded on
06-30, with a ``DutyWaived`` (carrying its cause's day, 04-17); July silently. The
appointment shows them owed again:

- June's deadline (07-07) has passed: its grace runs again from 07-21, so it is reminded
  on 07-22 (the first tick after the appointment) and overdue on 07-29 (due 07-28);
- July's has not: reminded on 07-31, overdue on 08-08, as on its day.

The same from a state stored by the code before ``Instance.vacant_from`` named the day:
the release then said it only in its reason's words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from contracts.events.duties import DutyStatus
from services.duties.domain.documents import entries, restore
from services.duties.domain.instances import instance_key
from services.duties.domain.state import instance_document
from tests.unit.accountability.structural_histories import Fact, history
from tests.unit.duties.builders import appointed, fold, left_office

pytestmark = pytest.mark.unit

COMMITTEE_MEETING = "branch.committee_meeting.monthly"
FIRST = date(2018, 1, 1)
LEFT, CAME = date(2018, 4, 17), date(2018, 5, 25)
JUNE = instance_document("br-1", instance_key(COMMITTEE_MEETING, "2018-06", None))
Documents = dict[str, Any]

#: (status event, period, due_on, day said) of June's and July's 支部委员会.
OWED_AGAIN = [
    ("DutyDueSoon", "2018-06", date(2018, 7, 7), date(2018, 6, 30)),
    ("DutyWaived", "2018-06", date(2018, 7, 7), LEFT),
    ("DutyDueSoon", "2018-06", date(2018, 7, 28), date(2018, 7, 22)),
    ("DutyOverdue", "2018-06", date(2018, 7, 28), date(2018, 7, 29)),
    ("DutyDueSoon", "2018-07", date(2018, 8, 7), date(2018, 7, 31)),
    ("DutyOverdue", "2018-07", date(2018, 8, 7), date(2018, 8, 8)),
]


#: br-1 with ``p-c0`` as its 委员 from the first day, the leaving and the appointment
#: each recorded late.
FACTS = [
    Fact(FIRST, appointed("br-1", "p-c0", "committee_member", FIRST)),
    Fact(LEFT, left_office("br-1", "p-c0", "committee_member", LEFT), 78),
    Fact(CAME, appointed("br-1", "p-x", "committee_member", CAME), 57),
]


def _said(stored: Callable[[Documents], None]) -> list[tuple[str, str, date, date]]:
    """What the fold says of June's and July's 支部委员会, the state stored just before the
    appointment (as ``stored`` leaves it) and restored for the rest."""
    events = history(FACTS).events
    [cut] = [n for n, (env, _) in enumerate(events) if getattr(env.data, "person_id", "") == "p-x"]
    state, before = fold(events[:cut])
    documents = json.loads(json.dumps(entries(state)))
    stored(documents)
    _, after = fold(events[cut:], state=restore(documents))
    return [
        (o.type.removeprefix("zeren."), o.data.period, o.data.due_on, o.time.date())
        for o in before + after
        if isinstance(o.data, DutyStatus)
        and o.data.duty_id == COMMITTEE_MEETING
        and o.data.period in ("2018-06", "2018-07")
    ]


def test_the_months_released_for_want_of_a_member_are_owed_again() -> None:
    assert _said(lambda documents: None) == OWED_AGAIN


def as_stored_then(documents: Documents) -> None:
    """June's release as the code before ``vacant_from`` stored it: the day only in its
    reason's words."""
    released = documents[JUNE]
    assert released["status"] == "waived"
    assert released.pop("vacant_from") == "2018-04-17"
    assert released["reason"] == "2018-04-17起未设委员"


def test_a_release_stored_in_its_reason_s_words_is_owed_again() -> None:
    assert _said(as_stored_then) == OWED_AGAIN
