"""The right party answers (责任人), checked over the bench's simulated history.

Every person an automatic measure (提醒, 批评) or a 特别突出 proposal (3 duties
overdue, or a rectification deadline missed) names held, on the day it was issued,
an office that answers for the duty in the unit charged with it: the duty's
responsible office, or for an office holder's own duty (个人职责) one of the offices
it applies to. Office terms are read from the canonical log itself, not from what
the services kept. Left out by design: resolutions and decisions (they name who the
case or the committee named), and proposals for a problem found widespread once
every unit's deadline passed, which name who owed the duty when it was missed.

Before holders leaving were released from their own duties, the 5,000 facts below
held a reminder to a secretary who had left office. ``ZEREN_RIGHT_PARTY_FACTS`` sets
how many facts of the history to check (the whole history is 200,000: about a
minute).
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from datetime import date

import pytest

from contracts.bindings import decode
from contracts.catalog import ChargedTo, Scope, catalog_in_force
from contracts.events.accountability import AccountabilityAction
from contracts.events.enums import Ground, Office
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from services.accountability.domain.cases import SELF_CHECK, duty_key
from tests.bench.golden import bench_log, fold_history

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_RIGHT_PARTY_FACTS", "5000"))
#: Grounds that name who answers on the day they are found.
NAMED_THAT_DAY = {Ground.PROMINENT, Ground.RECTIFICATION_MISSED}

Term = tuple[date, date]  # held from, up to (exclusive); date.max while still held


def _terms(facts: int) -> dict[tuple[str, str, str], list[Term]]:
    """(organization, office, person) → the spans the log says the person held it."""
    changes: list[tuple[date, int, tuple[str, str, str]]] = []
    for _, _, value, headers in bench_log(facts):
        fact = decode(value, headers).data
        if isinstance(fact, OfficeHolderAppointed | OfficeHolderLeftOffice):
            key = (fact.organization_id, fact.office.value, fact.person_id)
            if isinstance(fact, OfficeHolderAppointed):
                changes.append((fact.appointed_on, 0, key))
            else:
                changes.append((fact.left_on, 1, key))
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
        assert isinstance(action, AccountabilityAction)
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
