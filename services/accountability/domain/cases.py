"""Cases and who answers for them (问责案件与责任人): case ids, the obligation a duty
belongs to, the office whose holders answer in the charged unit.

Cases are keyed by the missed obligation (see ``decide``); the id is derived from the
key, so a replay finds the very same case.
"""

from __future__ import annotations

import re
from datetime import date

from contracts.catalog import ChargedTo, Duty, Scope, catalog_in_force, catalog_version
from contracts.events.enums import Ground, Office
from services.accountability.domain.measures import Decision
from services.accountability.domain.models import Case
from services.common.ids import case_id

#: The self-check's duties (``self_check.q07``) form one obligation per unit and year.
SELF_CHECK = "self_check"


#: The form of the ids :func:`case_id` gives (``case-`` and a version 5 uuid).
_OPENED_BY_THE_SYSTEM = re.compile(
    r"case-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


def opened_by_the_system(key: str) -> bool:
    """Whether ``key`` is of the form of the ids the system gives its cases: a step naming
    such a case refers to one the system opened, never to a problem found outside it."""
    return _OPENED_BY_THE_SYSTEM.fullmatch(key) is not None


def duty_case_id(
    organization_id: str,
    duty_id: str,
    period: str,
    office: str = "",
    concerning: str = "",
    person: str = "",
) -> str:
    """The case of a missed obligation: the unit's (``office`` "") or an office holder's.

    ``concerning`` names the unit a duty charged to the parent is about (the
    committee owes one secretary exchange per general branch), "" otherwise;
    ``person`` the holder an office duty is about (each 党委委员 owes their own
    visits), "" for the unit's duties.
    """
    parts = ["duty", organization_id, duty_key(duty_id), period, office]
    if concerning or person:
        parts.append(concerning)
    if person:
        parts.append(person)
    return case_id(*parts)


def duty_key(duty_id: str) -> str:
    """The obligation a duty belongs to: ``self_check`` for every self-check question."""
    return SELF_CHECK if duty_id.startswith(SELF_CHECK + ".") else duty_id


def catalog_duty(duty_id: str, version: str) -> Duty | None:
    """The duty as catalog version ``version`` states it (None: not in it): the version a
    duty status names (责任清单版本), the one the duties service judged the period by (in
    force on its first day), not one adopted before its end."""
    try:
        return catalog_version(version).duty(duty_id)
    except (KeyError, LookupError):
        return None


def personal(duty: Duty) -> bool:
    """个人职责: an office holder's own duty, which that holder answers for."""
    return duty.applies_to.scope is Scope.OFFICE and duty.charged_to is ChargedTo.OWNER


def case_duty(case: Case) -> Duty | None:
    """The catalog's duty the case is about, as the version its statuses name states it
    (a case stored without one: the version in force on its deadline); None for a
    finding's or the self-check's."""
    if not case.duty_id or not case.due_on:
        return None
    if case.catalog_version is None:
        return duty_in_force(case.duty_id, case.due_on)
    return catalog_duty(case.duty_id, case.catalog_version)


def duty_in_force(duty_id: str, on: date) -> Duty | None:
    """``duty_id`` as the catalog in force on ``on`` states it; None if it states none."""
    try:
        return catalog_in_force(on).duty(duty_id)
    except (KeyError, LookupError):
        return None


def answering_office(case: Case) -> Office | None:
    """The office whose holders answer for the case in its unit; None for an office
    holder's own duty (个人职责), which its holder answers for."""
    duty = case_duty(case)
    if duty is None:
        return Office.SECRETARY  # a finding's, the self-check's
    return None if personal(duty) else duty.responsible_office


#: The grounds a measure above criticism rests on that are about the miss itself, not
#: about its rectification: those they named owed the duty (特别突出、普遍性).
ON_THE_MISS = (Ground.PROMINENT, Ground.WIDESPREAD)


def named_for_the_miss(case: Case) -> list[str]:
    """Those a standing ground on the miss itself (:data:`ON_THE_MISS`) names: its own
    persons (``Raised.named``) or, naming none of its own (普遍性), those the case names
    for the miss (:func:`named_for_the_failure`)."""
    named: list[str] = []
    for raised in case.raised:
        if raised.ground in ON_THE_MISS and raised.ground in case.grounds:
            persons = named_for_the_failure(case) if raised.named is None else raised.named
            named += [person for person in persons if person not in named]
    return named


def named_for_the_failure(case: Case) -> list[str]:
    """Those the case names for the duty let pass: all it names, or, once a rectification
    deadline passing named the holders of its day (整改期限届满时的责任人), those it named
    before (``Case.named_before_missed``) that it still names. A holder named for the
    deadline only, found so late (补录) and then found gone before it, owed neither."""
    before = case.named_before_missed
    if before is None:
        return case.person_ids
    return [person for person in before if person in case.person_ids]


def rectification_missed_on(case: Case) -> date | None:
    """The last rectification deadline a rung set (批评，限期整改; a decision's) found passed
    unrectified, whose holders answer for it (整改期限届满时的责任人,
    ``Case.deadline_named_on``); None if none stands missed."""
    standing = case.rung_missed_on if case.finding_id is not None else case.missed_on
    return None if standing is None else case.deadline_named_on or standing


def own_duty_offices(case: Case) -> tuple[Office, ...]:
    """The offices whose holders owe the case's duty if it is an office holder's own
    (个人职责, 适用职务), as the catalog states them; none for a case of the unit."""
    duty = case_duty(case)
    return duty.applies_to.offices if duty is not None and personal(duty) else ()


def secretaries(d: Decision, organization_id: str) -> list[str]:
    """The unit's current secretaries (书记), who answer for a finding and the self-check."""
    return d.ledger.current(organization_id, Office.SECRETARY)
