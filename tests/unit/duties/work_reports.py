"""br-1's 2018 述职 and its evaluation, for the tests of who owes them and when.

``a_branch()``: br-1 under gb-1 (secretary p-g1) under cmt; ``p-1`` (A) is br-1's
secretary from 2018-01-01. Facts are recorded on their days between daily ticks to
:data:`LAST`.
"""

from __future__ import annotations

from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities, structure
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.accountability.builders import BEGINNING, a_branch, on_their_days
from tests.unit.duties.builders import History, appointed, fold, left_office, make, of_type

REPORT = "unit.secretary_work_report.yearly"
EVALUATION = "parent.branch_work_report_evaluation.yearly"
A, B, C = "p-1", "p-2", "p-3"
LAST = date(2019, 3, 31)
Fact = tuple[date, Payload]
Status = tuple[str, str | None, date]


def report(person: str, submitted_on: date) -> activities.WorkReportSubmitted:
    """``person``'s 述职 for 2018 to gb-1, given on ``submitted_on``."""
    return make(activities.WorkReportSubmitted, organization_id="br-1", person_id=person,
                office="secretary", year=2018, submitted_to="gb-1",
                submitted_on=submitted_on)  # fmt: skip


def evaluation(person: str, on: date) -> activities.WorkReportEvaluated:
    """gb-1's 述职评议 of ``person``'s 2018 report, on ``on``."""
    return make(activities.WorkReportEvaluated, organization_id="br-1", person_id=person,
                year=2018, grade="good", evaluated_on=on)  # fmt: skip


def leaves(person: str, on: date, recorded: date | None = None) -> Fact:
    """``person`` leaves br-1's secretaryship on ``on``, recorded then or on ``recorded``."""
    return recorded or on, left_office("br-1", person, "secretary", on)


def takes(person: str, on: date) -> Fact:
    return on, appointed("br-1", person, "secretary", on)


def recorded_late(recorded: date) -> History:
    """``a_branch()`` whose br-1 (established, and A its secretary, from 2018-01-01) the
    log records only on ``recorded`` (补录), after the daily ticks from 2018-01-01."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", BEGINNING)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", BEGINNING)
    history.ticks(BEGINNING, recorded)
    history.add(
        make(structure.OrganizationEstablished, organization_id="br-1", name="br-1党组织",
             kind="branch", category="faculty", parent_id="gb-1", established_on=BEGINNING,
             term_ends_on=date(2020, 12, 31)),
        recorded,
    )  # fmt: skip
    history.add(appointed("br-1", A, "secretary", BEGINNING), recorded)
    return history


def outputs(
    *facts: Fact, history: History | None = None, first: date = BEGINNING
) -> list[Envelope]:
    """The duties outputs of ``history`` (``a_branch()``) and ``facts``, each recorded on
    its day, with the ticks from ``first`` to :data:`LAST`."""
    return fold(on_their_days(history or a_branch(), first, facts, LAST).events)[1]


def statuses(found: list[Envelope], duty_id: str, person: str | None = None) -> list[Status]:
    """(status, person, day) of br-1's 2018 statuses of ``duty_id`` (about ``person``), in
    order."""
    return [
        (o.type.removeprefix("zeren."), o.data.person_id, o.time.date())
        for o in found
        if isinstance(o.data, DutyStatus)
        and (o.data.organization_id, o.data.duty_id, o.data.period) == ("br-1", duty_id, "2018")
        and person in (None, o.data.person_id)
    ]


def fulfilled_on(found: list[Envelope], duty_id: str) -> list[date]:
    """The 履行日期 of the 2018 instances of ``duty_id`` fulfilled, in order."""
    done = of_type(found, "DutyFulfilled", duty_id=duty_id, period="2018")
    late = of_type(found, "DutyFulfilledLate", duty_id=duty_id, period="2018")
    return [o.data.fulfilled_on for o in done + late]


def case_actions(found: list[Envelope]) -> list[Payload]:
    """What the accountability fold decides on the duties outputs ``found`` (one
    partition, a ledger of its own), in order."""
    ledger = Ledger.empty(1)
    return [
        out.envelope.data
        for offset, env in enumerate(found)
        for out in fold_case(ledger, Delivery(0, env, offset))
    ]
