"""The story of a waiver taken back (免除后恢复履行), in date order and recorded late: 党委委员
``p-2`` of ``pc-1`` lets three of his own duties pass, overdue on 2019-01-01; recorded
late, the visits are said waived (已离任) on 01-16 and overdue again on 01-18. The
expected outcomes are written by hand in ``test_owed_again_restores.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events.duties import DutyOverdue, DutyStatus, DutyWaived
from contracts.events.enums import Office
from tests.unit.accountability.builders import Run, duty, envelope

TRAINING = "unit.secretary_training.yearly"
VISITS = "committee_member.contact_point.visits"
ASSIGNED = "committee_member.contact_point.assigned"
DUE = date(2018, 12, 31)
OVERDUE_ON = date(2019, 1, 1)
WAIVED_ON = date(2019, 1, 16)


def own(kind: type[DutyStatus], duty_id: str, period: str = "2018", **extra: Any) -> DutyStatus:
    """A status of p-2's own duty ``duty_id`` (委员 of pc-1), due 2018-12-31."""
    return duty(kind, "pc-1", period, duty_id, office=Office.COMMITTEE_MEMBER, person_id="p-2",
                charged_person_ids=["p-2"], period_start=date(2018, 1, 1), period_end=DUE,
                due_on=DUE, **extra)  # fmt: skip


def three_overdue() -> Run:
    run = Run()
    run.days(date(2018, 12, 31), date(2018, 12, 31))
    for duty_id, period in ((TRAINING, "2018"), (VISITS, "2018"), (ASSIGNED, "within:p-2")):
        over = own(DutyOverdue, duty_id, period)
        run.send(envelope(over, f"over-{duty_id}", OVERDUE_ON))
    run.until(date(2019, 1, 2))
    return run


def in_date_order() -> Run:
    run = three_overdue()
    run.until(date(2019, 1, 25))
    return run


def recorded_late() -> Run:
    run = three_overdue()
    waived = own(DutyWaived, VISITS, reason="已离任（2018-12-31）")
    run.on(WAIVED_ON, envelope(waived, "waived-visits", WAIVED_ON))
    again = own(DutyOverdue, VISITS)
    run.on(date(2019, 1, 18), envelope(again, "over-again-visits", date(2019, 1, 18)))
    run.until(date(2019, 1, 25))
    return run
