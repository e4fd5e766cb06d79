"""An office holder who leaves while their own overdue duty waits for rectification.

Expected outcomes, written from the seed before running. 党委委员 ``p-2`` of ``pc-1``
did not visit the contact point in 2018 (三、（八）: 党委委员走访基层联系点, the
member's own duty, 个人职责; due 2018-12-31). On 2019-01-01 the duty is overdue and
``p-2`` alone is criticised (四: 提出批评，限期整改), with 30 days to rectify (01-31).

- ``p-2`` stays on the committee: when 01-31 passes unrectified, 通报、约谈 is proposed
  on 02-01 (四: 限期未整改), naming ``p-2``.
- ``p-2`` leaves the committee on 01-15: from then on there is no committee member's
  visit ``p-2`` can make, so 01-31 passing is no failure to rectify. Nothing is
  proposed; the criticism stays on record and the case says why its deadline ended.
- ``p-2`` leaves on 02-05, after the deadline passed in office: the proposal of 02-01
  stands.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events.duties import DutyOverdue, DutyStatus, DutyWaived
from contracts.events.enums import Ground, Office
from contracts.events.structure import OfficeHolderLeftOffice
from tests.unit.accountability.builders import Run, duty, envelope

VISITS = "committee_member.contact_point.visits"


def _visits(kind: type[DutyStatus], person: str, **extra: Any) -> DutyStatus:
    """A status of ``person``'s 2018 visits, due 2018-12-31."""
    return duty(kind, "pc-1", "2018", VISITS, office=Office.COMMITTEE_MEMBER, person_id=person,
                charged_person_ids=[person], period_start=date(2018, 1, 1),
                period_end=date(2018, 12, 31), due_on=date(2018, 12, 31), **extra)  # fmt: skip


def _run(left_on: date | None, recorded: date | None = None) -> Run:
    """The overdue visits of ``p-2``, who leaves the committee on ``left_on`` (if given),
    recorded on ``recorded`` (补录) or on its day."""
    run = Run()
    run.days(date(2018, 12, 31), date(2018, 12, 31))
    overdue = _visits(DutyOverdue, "p-2")
    run.on(date(2019, 1, 1), envelope(overdue, "over-p-2", date(2019, 1, 1)))
    if left_on is not None:
        left = OfficeHolderLeftOffice(organization_id="pc-1", person_id="p-2",
                                      office=Office.COMMITTEE_MEMBER, left_on=left_on)  # fmt: skip
        run.on(recorded or left_on, envelope(left, "left-p-2", recorded or left_on))
    run.until(date(2019, 3, 31))
    return run


def _measures(run: Run) -> list[tuple[str, list[str], date]]:
    return [
        (type(action).__name__, action.person_ids, out.envelope.time.date())
        for out, action in zip(run.outputs, run.actions(), strict=True)
    ]


def test_in_office_the_unrectified_visits_are_proposed() -> None:
    assert _measures(_run(None)) == [
        ("CriticismIssued", ["p-2"], date(2019, 1, 1)),
        ("AccountabilityProposed", ["p-2"], date(2019, 2, 1)),
    ]


def test_having_left_before_the_deadline_nothing_is_proposed() -> None:
    run = _run(date(2019, 1, 15))
    assert _measures(run) == [("CriticismIssued", ["p-2"], date(2019, 1, 1))]
    (case,) = run.ledger.cases.values()
    assert case.is_open
    assert case.rectify_by is None
    assert any("已于2019年1月15日离任" in step.what and "整改期限（2019年1月31日）终止" in step.what
               for step in case.history)  # fmt: skip


def test_a_leaving_recorded_after_the_deadline_it_ended_takes_back_the_miss() -> None:
    """``p-2`` left on 01-15, recorded on 02-10 (补录). Until then the log had ``p-2`` on
    the committee, so 01-31 was found missed and 通报、约谈 proposed on 02-01. The
    leaving shows the deadline ended on 01-15, as in the order of the days: the case no
    longer counts it missed nor cites 限期未整改, and tells whoever received the proposal
    that its ground no longer holds; the criticism stays, naming ``p-2``."""
    run = _run(date(2019, 1, 15), date(2019, 2, 10))
    assert _measures(run) == [
        ("CriticismIssued", ["p-2"], date(2019, 1, 1)),
        ("AccountabilityProposed", ["p-2"], date(2019, 2, 1)),
    ]
    (case,) = run.ledger.cases.values()
    assert case.is_open
    assert (case.missed_on, case.person_ids) == (None, ["p-2"])
    assert Ground.RECTIFICATION_MISSED not in case.grounds
    assert any("经补录" in step.what and "已于2019年1月15日离任" in step.what
               and "整改期限（2019年1月31日）随之终止，“限期未整改”不成立" in step.what
               for step in case.history)  # fmt: skip


def test_having_left_after_the_deadline_the_proposal_stands() -> None:
    assert _measures(_run(date(2019, 2, 5))) == [
        ("CriticismIssued", ["p-2"], date(2019, 1, 1)),
        ("AccountabilityProposed", ["p-2"], date(2019, 2, 1)),
    ]


def test_a_waived_miss_leaves_only_its_holder_s_record() -> None:
    """Two 党委委员, ``p-1`` and ``p-2``, both let their 2018 visits pass: both are
    criticised on 2019-01-01. On 01-10 the duties service waives ``p-1``'s (免除): a
    leaving dated 2018-12-20, recorded late, shows ``p-1`` did not owe them when they
    fell due. ``p-1``'s case ends; the visits leave ``p-1``'s record of duties let pass
    (特别突出, 四), but stay in ``p-2``'s and the committee's, for ``p-2``'s miss."""
    run = Run()
    run.days(date(2018, 12, 31), date(2019, 1, 1))
    for person in ("p-1", "p-2"):
        run.send(envelope(_visits(DutyOverdue, person), f"over-{person}", date(2019, 1, 1)))
    run.until(date(2019, 1, 2))
    waived = _visits(DutyWaived, "p-1", reason="已离任（2018-12-20）")
    run.on(date(2019, 1, 10), envelope(waived, "waived-p-1", date(2019, 1, 10)))

    assert _measures(run) == [
        ("CriticismIssued", ["p-1"], date(2019, 1, 1)),
        ("CriticismIssued", ["p-2"], date(2019, 1, 1)),
        ("CaseResolved", ["p-1"], date(2019, 1, 10)),
    ]
    records = run.ledger.overdue
    assert records["pc-1|p-1"] == []
    assert records["pc-1|p-2"] == [(date(2019, 1, 1), VISITS)]
    assert records["pc-1"] == records["pc-1|p-2"]
