"""述职: a holder's report answers the office's year, and the 述职评议 follows it.

A year's 述职 given by the holder who owed it
(:func:`~services.duties.domain.obligations.answers_its_period`) releases a
later holder who owed it only in their place (免除: :func:`relieved`), and the
parent's evaluation (述职并接受评议, 问题清单第31题) owed about that later holder
gives way to the one about the report given (:func:`_evaluated_instead`): a
parent that never evaluates answers for the report given, never for a holder
who gave none.
"""

from __future__ import annotations

from contracts.catalog import Duty, Evidence
from contracts.envelope import Envelope
from services.duties.domain.counting import live_instances
from services.duties.domain.instances import LIVE, Instance, Status, instance_key
from services.duties.domain.obligations import (
    answers_its_period,
    evaluated_instead,
    evaluates_the_account,
    release,
    resume,
    took_office_before,
)
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def relieved(
    state: DutyState,
    unit: Unit,
    done: Instance,
    duty: Duty,
    spec: Evidence,
    cause: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """The period ``done`` answers for the office (:func:`answers_its_period`: the year's
    述职) is no later holder's to answer: a successor appointed by the reminder day owes
    the year only in place of a predecessor who left without giving it, never once the
    predecessor gave it (whichever was recorded first: see
    :func:`services.duties.domain.obligations.answered`). Their instance still owed is
    released (免除); silently while nothing was said of it (not yet reminded), as it was
    never theirs, else with ``DutyWaived``, which closes what was said. A holder who took
    the office before ``done``'s (:func:`took_office_before`) is not released: each
    answers for his own 述职, and a successor's report is no account of a predecessor's
    year, neither of one missed in office (overdue before they left), which only their
    own report, however late, fulfils, nor of one whose leaving the log has yet to
    record (补录), which that record waives by its day. The parent's evaluation follows
    the report (:func:`_evaluated_instead`)."""
    if not answers_its_period(spec):
        return []
    outputs: list[Envelope] = []
    reason = f"本期已由{done.person_id}履行"
    reporter = (done.person_id, done.office)
    for instance in list(live_instances(unit, duty.id)):
        if instance.period != done.period or instance.person_id in (None, done.person_id):
            continue
        if not took_office_before(unit, reporter, (instance.person_id, instance.office)):
            continue
        outputs += release(state, unit, instance, duty, cause, reason)
        if not evaluates_the_account(duty):
            outputs += _evaluated_instead(state, unit, done, instance, cause, rules)
    return outputs


def _evaluated_instead(
    state: DutyState,
    unit: Unit,
    reporter: Instance,
    released: Instance,
    cause: Envelope,
    rules: Rules,
) -> list[Envelope]:
    """述职并接受评议: the parent's evaluation of the office's year (:func:`evaluates_the_account`,
    问题清单第31题) is of the report given. ``released`` owed the year's report only in
    ``reporter``'s place and gave none: the evaluation still owed about him is released with
    his report (本期述职已由…作出), and the one about ``reporter`` is owed instead, again as it
    stood if it was waived when they left (no report of theirs was then due), reminded
    afresh: a parent that never evaluates is found overdue about the report given, and
    answers for it (charged to the parent), never about a holder who gave none."""
    outputs: list[Envelope] = []
    reason = evaluated_instead(reporter.person_id or "")
    for owed in list(unit.instances(since_year=released.period_end.year)):
        if owed.person_id != released.person_id or owed.period != released.period:
            continue
        evaluation = rules.duty(owed.catalog_version, owed.duty_id)
        if owed.status not in LIVE or not evaluates_the_account(evaluation):
            continue
        given = unit.find(instance_key(owed.duty_id, owed.period, reporter.person_id))
        if given is None:
            continue
        outputs += release(state, unit, owed, evaluation, cause, reason, reporter.person_id)
        if given.status is Status.WAIVED:
            resume(state, unit, given, (given.due_on, given.remind_on))
    return outputs
