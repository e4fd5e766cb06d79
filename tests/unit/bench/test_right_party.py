"""The right party answers (责任人), checked over the bench's simulated history.

Every person an automatic measure (提醒, 批评) or a 特别突出 proposal (3 duties
overdue, or a rectification deadline missed) names held, on the day it was issued,
an office that answers for the duty in the unit charged with it: the duty's
responsible office, or for an office holder's own duty (个人职责) one of the offices
it applies to. Office terms are read from the canonical log itself, not from what
the services kept. Left out by design: resolutions and decisions (they name who the
case or the committee named), and proposals for a problem found widespread once
every unit's deadline passed, which name who owed the duty when it was missed.

The second test holds every output to what any must meet, written from the seed (四) and
the policy before running it: whoever it names, resolutions, decisions and flags
included, took an office at the unit answering by the day it was decided (never a
counterpart); a criticism (提出批评，限期整改) names the holders of the answering office on
the deadline of the duty found overdue; a flag (情况提示) names the secretaries of the
organization that must study it on the day it is raised.

A holder holds the office on the day they leave it (``left_on``), as the services count
it. Before holders leaving were released from their own duties, the first 5,000 facts
held a reminder to a secretary who had left office. ``ZEREN_RIGHT_PARTY_FACTS`` sets how
many facts of the history to check (the whole history is 200,000: a few minutes).
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from datetime import date, timedelta

import pytest

from contracts.bindings import decode
from contracts.catalog import ChargedTo, Scope, catalog_in_force
from contracts.events.accountability import AccountabilityAction, SituationFlag
from contracts.events.duties import DutyOverdue
from contracts.events.enums import Ground, Office
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.cases import SELF_CHECK, duty_key
from tests.bench.golden import bench_log, fold_history

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_RIGHT_PARTY_FACTS", "20000"))
#: Grounds that name who answers on the day they are found.
NAMED_THAT_DAY = {Ground.PROMINENT, Ground.RECTIFICATION_MISSED}

Term = tuple[date, date]  # held from, up to (exclusive: the day after left_on); date.max while held


def _terms(facts: int) -> dict[tuple[str, str, str], list[Term]]:
    """(organization, office, person) → the spans the log says the person held it."""
    changes: list[tuple[date, int, tuple[str, str, str]]] = []
    for _, _, value, headers in bench_log(facts):
        fact = decode(value, headers).data
        if isinstance(fact, OfficeHolderAppointed | OfficeHolderLeftOffice):
            key = (fact.organization_id, fact.office.value, fact.person_id)
            if isinstance(fact, OfficeHolderAppointed):
                changes.append((fact.appointed_on, 0, key))
            if fact.left_on is not None:  # a leaving, or a past term entered whole
                changes.append((fact.left_on + timedelta(days=1), 1, key))
    since: dict[tuple[str, str, str], date] = {}
    terms: dict[tuple[str, str, str], list[Term]] = defaultdict(list)
    for day, leaving, key in sorted(changes):
        if not leaving:
            since.setdefault(key, day)
        elif key in since:
            terms[key].append((since.pop(key), day))
    for key, day in since.items():
        terms[key].append((day, date.max))
    return terms


def _answering(duty_id: str | None, day: date) -> set[str]:
    """The offices whose holders answer for ``duty_id`` (a finding's: the secretary's)."""
    if duty_id is None or duty_key(duty_id) == SELF_CHECK:
        return {Office.SECRETARY.value}
    duty = catalog_in_force(day).duty(duty_id)
    if duty.applies_to.scope is Scope.OFFICE and duty.charged_to is ChargedTo.OWNER:
        return {office.value for office in duty.applies_to.offices}
    return {duty.responsible_office.value}


def _held(terms: list[Term], day: date) -> bool:
    starts = [start for start, _ in terms]
    at = bisect.bisect_right(starts, day) - 1
    return at >= 0 and terms[at][1] > day


def test_every_person_named_held_an_answering_office_that_day() -> None:
    terms = _terms(FACTS)
    named = 0
    wrong: list[tuple[str, str, str, str, str]] = []
    for out in fold_history(FACTS).outputs:
        env = decode(out.value, out.headers)
        action = env.data
        if not isinstance(action, AccountabilityAction):
            continue  # a flag: the second test
        kind = env.type.removeprefix("zeren.")
        if kind == "CaseResolved" or action.decision_id or set(action.grounds) - NAMED_THAT_DAY:
            continue
        day = env.time.date()
        offices = _answering(action.duty_id, day)
        for person in action.person_ids:
            named += 1
            spans = (terms.get((action.organization_id, o, person), []) for o in offices)
            if not any(_held(span, day) for span in spans):
                wrong.append((kind, str(day), action.organization_id, action.case_id, person))
    assert named > 50  # the history names people: the check ran
    assert wrong == []


def test_no_one_named_took_no_office_there_and_each_is_named_by_the_right_day() -> None:
    terms = _terms(FACTS)
    taken: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for (organization, _, person), spans in terms.items():
        taken[(organization, person)] += spans
    folded = fold_history(FACTS)
    due = {}
    for out in folded.duty_outputs:
        env = decode(out.value, out.headers)
        if isinstance(env.data, DutyOverdue):
            due[env.id] = env.data.due_on
    named: set[str] = set()
    wrong: list[tuple[str, str, str, str]] = []
    for out in folded.outputs:
        env = decode(out.value, out.headers)
        data, kind = env.data, env.type.removeprefix("zeren.")
        if isinstance(data, SituationFlag):
            unit, day, persons = data.decides, data.raised_on, data.person_ids
            on_the_day = (unit, {Office.SECRETARY.value}, data.raised_on)
        else:
            assert isinstance(data, AccountabilityAction)
            unit, persons = data.organization_id, [*data.person_ids, *data.leading_group_ids]
            day, on_the_day = data.decided_on or env.time.date(), None
            if kind == "CriticismIssued":
                [deadline] = [due[e] for e in data.evidence_event_ids if e in due]
                on_the_day = (unit, _answering(data.duty_id, deadline), deadline)
        for person in persons:
            named.add(kind)
            if not any(start <= day for start, _ in taken[(unit, person)]):
                wrong.append((kind, str(day), unit, f"{person}: no office there by then"))
            elif on_the_day is not None:
                org, offices, that_day = on_the_day
                held = (terms.get((org, office, person), []) for office in offices)
                if not any(_held(span, that_day) for span in held):
                    wrong.append((kind, str(that_day), org, f"{person}: not in office"))
    assert {"ReminderIssued", "CriticismIssued", "CaseResolved"} <= named  # the check ran
    assert wrong == []
