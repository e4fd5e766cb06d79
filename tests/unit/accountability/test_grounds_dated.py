"""A case's grounds (问责情形) and the day each arose: a decision weighs those of its day.

Expected outcomes written BY HAND before running, from the seed (沪开大委〔2017〕48号) 四 —
对思想上不重视、工作不得力的，要提出批评，限期整改; 特别突出的问题…通报…约谈 — and the
project's rules: the system proposes, people decide (a decision weighed only the grounds
that stood on its day; a ground that arose after it is put to people anew); the day
decides, not the order of recording (补录); the right party answers (no proposal names a
person the case no longer names).

The case (as test_case_steps_recording_order): br-1 (secretary p-1 王丽) lets three
distinct works pass, overdue 05-11: 特别突出, 通报、约谈 proposed on its Q1 支部党员大会
case on 05-11 naming p-1; the criticism's deadline (06-10) passes unrectified, found by
the tick of 06-11 (限期未整改, a second ground of rung 3).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from contracts.events.enums import DecidingBody, Office, Rung
from contracts.events.oversight import AccountabilityDecided, SeriousConsequenceDetermined
from contracts.events.structure import OfficeHolderLeftOffice
from services.accountability.domain.state import Ledger
from services.common.ids import case_id
from tests.unit.accountability.builders import QUARTERLY, Run, envelope
from tests.unit.accountability.test_case_steps_recording_order import _three_overdue_for_p1
from tests.unit.accountability.test_ladder_clauses import _overdue_run

pytestmark = pytest.mark.unit

Q1 = case_id("duty", "br-1", QUARTERLY, "2018-Q1", "")
Q2 = case_id("duty", "br-1", QUARTERLY, "2018-Q2", "")
ON_ITS_DAY, LATE = "on its day", "late"
RECORDED_LATE = date(2018, 6, 15)


def _decided(day: date, key: str = Q1, measures: list[Rung] | None = None) -> AccountabilityDecided:
    return AccountabilityDecided(organization_id="br-1", case_id=key, decision_id="dw-1",
                                 decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
                                 meeting="组织部部务会", decided_on=day,
                                 measures=measures or [],
                                 person_ids=["p-1"] if measures else [])  # fmt: skip


def _proposals(run: Run, key: str = Q1) -> list[tuple[date | None, list[str], list[str]]]:
    return [
        (a.decided_on, list(a.person_ids), [str(g) for g in a.grounds])
        for a in run.actions()
        if a.case_id == key and type(a).__name__ == "AccountabilityProposed"
    ]


FIRST = (date(2018, 5, 11), ["p-1"], ["prominent"])


@pytest.mark.parametrize("order", [ON_ITS_DAY, LATE])
@pytest.mark.parametrize("decided_on", [date(2018, 6, 10), date(2018, 6, 11)])
def test_a_decision_weighs_the_grounds_of_its_own_day(order: str, decided_on: date) -> None:
    """组织部 decides on the 05-11 proposal to take no measure (不予问责), on ``decided_on``,
    recorded that day (1) or on 06-15 (2, 补录).

    By hand: the 限期未整改 ground arose on 06-11 (the day's tick found the deadline of
    06-10 passed). A decision of 06-10 could not weigh it: people are asked anew, 通报、约谈
    proposed again naming p-1 with both grounds, on 06-11 (1) or when the decision is
    recorded (2, 06-15). A decision of 06-11 was taken on a day the ground stood (the tick
    opens the day): it weighed it, and nothing is proposed again in either order.
    """
    run = _three_overdue_for_p1()
    recorded = decided_on if order == ON_ITS_DAY else RECORDED_LATE
    run.on(recorded, envelope(_decided(decided_on), "decided", recorded))
    run.until(date(2018, 7, 31))
    if decided_on == date(2018, 6, 11):
        assert _proposals(run) == [FIRST]
    else:
        again = date(2018, 6, 11) if order == ON_ITS_DAY else RECORDED_LATE
        assert _proposals(run) == [FIRST, (again, ["p-1"], ["prominent", "rectification_missed"])]


def test_a_late_proposal_names_no_one_the_case_no_longer_names() -> None:
    """As above, the decision of 05-20 recorded on 06-15 (补录); in between (06-13) p-1's
    leaving the secretaryship on 04-01 is recorded (补录): the Q1 meeting fell due on
    04-10, after it; the case stops naming p-1 (责任人更正).

    By hand: the 限期未整改 ground of 06-11 arose after the decision and is proposed when
    the decision is recorded (06-15), with both grounds; but it names nobody: p-1 did not
    hold the office when the duty fell due (the right party answers), and the office has
    no other holder. The unit is proposed all the same.
    """
    run = _three_overdue_for_p1()
    left = OfficeHolderLeftOffice(organization_id="br-1", person_id="p-1",
                                  office=Office.SECRETARY, left_on=date(2018, 4, 1))  # fmt: skip
    run.on(date(2018, 6, 13), envelope(left, "left-p-1", date(2018, 6, 13)))
    run.on(RECORDED_LATE, envelope(_decided(date(2018, 5, 20)), "decided", RECORDED_LATE))
    run.until(date(2018, 7, 31))
    assert _proposals(run) == [FIRST, (RECORDED_LATE, [], ["prominent", "rectification_missed"])]


def _stored_before_the_days(run: Run) -> None:
    """The ledger as stored, its cases' documents as older code stored them: no day for
    any ground (no ``raised``)."""
    entries = {}
    for key, value in run.ledger.take_changes().items():
        if value is None:
            continue
        document = json.loads(value)
        if key.startswith("case:"):
            document.pop("raised", None)
        entries[key] = document
    run.ledger = Ledger.restore(run.ledger.partitions, entries)


def test_a_case_stored_before_its_grounds_had_days() -> None:
    """The Q2 case of test_case_steps_recording_order c (br-1, 通报、约谈 proposed 08-11 on
    限期未整改; serious consequences determined 09-03, the top rung proposed), stored by
    older code before the decision of 08-20 (通报、约谈 for p-1) is recorded on 09-10.

    By hand (the documented meaning of an old document): its grounds carry no day, so each
    is taken as standing before any decision: the measures decided cite both grounds, as
    older code did, and no ground is proposed again. A document without grounds (a case
    only reminded) stores no days: its shape is as before.
    """
    run = _overdue_run()
    run.until(date(2018, 8, 12))
    serious = SeriousConsequenceDetermined(organization_id="br-1", case_id=Q2,
                                           determined_on=date(2018, 9, 3),
                                           description="失管失教")  # fmt: skip
    run.on(date(2018, 9, 3), envelope(serious, "serious", date(2018, 9, 3)))
    run.until(date(2018, 9, 9))
    _stored_before_the_days(run)
    since = len(run.outputs)
    decided = _decided(date(2018, 8, 20), Q2, [Rung.NOTICE, Rung.INTERVIEW])
    run.on(date(2018, 9, 10), envelope(decided, "decided", date(2018, 9, 10)))
    taken = [(o.envelope.type.removeprefix("zeren."), [str(g) for g in o.envelope.data.grounds])  # type: ignore[attr-defined]
             for o in run.outputs[since:]]  # fmt: skip
    both = ["rectification_missed", "serious_consequence"]
    assert taken == [("NoticeCirculated", both), ("InterviewRequired", both)]

    criticised = _overdue_run().ledger.cases[Q2]
    assert not criticised.grounds
    assert "raised" not in json.loads(criticised.model_dump_json())
