"""A measure names the unit that owed the duty, and holders of its answering office.

An oracle from the facts, apart from the services' own record of units and offices, over
the histories of :func:`with_everything` (br-1's office changes, gb-1's, br-1 moved under
gb-2 whose secretary changes, the committee's, findings at br-1) and of
:func:`with_other_branches` (four branches of gb-1 with office changes, whose duties let
pass widely are proposed as 普遍性 for each). On a day the case turns
on — the day its duty fell due (到期; for a period judged late, the day it was owed), the
day its finding was made (发现问题), or a rectification deadline (整改期限) a measure of
the case set:

- the case's unit (责任单位) is the unit its duty or finding is about, or for a duty
  charged to the parent (上级组织: a vacancy filled, 书记空缺及时配齐) that unit's parent
  (a move's day, 隶属关系调整, is both parents');
- each person named held the office that answers for the case in that unit (the
  catalog's responsible office, 书记 for a finding; for an office holder's own duty,
  个人职责, one of the offices it applies to).

That is the rule put first (seed 四; 实施细则 三、（八）): the unit and the holders who owed
the duty at the time, and for 限期未整改 those in office when the deadline passed.

Recorded on their days, every criticism (批评) and proposal (问责建议) is held to it.
Recorded late (补录), a measure names whom the registry had on its day and the case is
corrected afterwards (责任人更正, or ended when a move shows the unit never owed it): each
case at the end and the persons it names are held to it, but for the cases resolved (办结:
fulfilled, rectified, waived), on which nothing stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, cast

import pytest

from contracts.catalog import ChargedTo, catalog_in_force
from contracts.events import oversight, structure
from contracts.events.enums import Ground, Office
from services.accountability.domain.cases import (
    SELF_CHECK,
    answering_office,
    duty_key,
    own_duty_offices,
)
from services.accountability.domain.models import Case, CaseStatus
from tests.unit.accountability.structural_histories import (
    Fact,
    Terms,
    folded,
    history,
    terms,
    together_long_delayed,
    with_everything,
    with_other_branches,
)

pytestmark = pytest.mark.unit

SEEDS = range(60)
#: A person named who held no answering office of the unit on any of the case's days, or
#: (person ``None``) a case charged to a unit that did not owe it: (what named them, unit,
#: duty or finding, period, person, the case's days).
Stray = tuple[str, str, str | None, str | None, str | None, tuple[date, ...]]
#: The parents of each unit, by the day each took it (隶属关系: established, moved).
Parents = dict[str, list[tuple[date, str | None]]]
#: The findings of the facts: (the unit it was found in, the finding).
Findings = set[tuple[str, str]]


#: The histories held to the rule: :func:`with_everything`'s, and those of four branches
#: of gb-1 with office changes (:func:`with_other_branches`), whose duties let pass by
#: three or more in one period are proposed as 普遍性 for each.
HISTORIES = pytest.mark.parametrize("generate", [with_everything, with_other_branches])


@HISTORIES
def test_each_measure_recorded_on_its_day_names_the_unit_and_holders_that_owed(
    generate: Callable[[int], list[Fact]],
) -> None:
    """Every fact recorded on its day: each criticism's and proposal's unit and persons."""
    named = 0
    for seed in SEEDS:
        found = _strays(generate(seed), on_their_days=True)
        assert found is not None  # the registry accepts every fact on its day
        strays, count = found
        assert strays == [], seed
        named += count
    assert named >= 10_000


@HISTORIES
def test_each_case_names_the_unit_and_holders_that_owed_once_corrected(
    generate: Callable[[int], list[Fact]],
) -> None:
    """Each unit's office changes (and the move) of a day recorded together 1 to 150 days
    late: the unit and persons of each case not resolved at the end."""
    named = compared = 0
    for seed in SEEDS:
        late = together_long_delayed(generate(seed), seed)
        found = _strays(late, on_their_days=False)
        if found is None:  # the registry refuses a fact in this order
            continue
        strays, count = found
        assert strays == [], (seed, [str(f) for f in late if f.late])
        named, compared = named + count, compared + 1
    assert compared >= 30
    assert named >= 3000


def test_the_other_branches_let_duties_pass_widely() -> None:
    """:func:`with_other_branches` exercises 普遍性: proposals on that ground go to three or
    more of its branches (a guard on the generator, for the tests above)."""
    found = folded(with_other_branches(0))
    assert found is not None
    units = {cast(Any, env.data).organization_id for env in found[2]
             if env.type == "zeren.AccountabilityProposed"
             and Ground.WIDESPREAD in cast(Any, env.data).grounds}  # fmt: skip
    assert {"br-2", "br-3", "br-4"} & units
    assert len(units) >= 3


def _strays(facts: Sequence[Fact], *, on_their_days: bool) -> tuple[list[Stray], int] | None:
    """The cases charged to a unit that did not owe them and the persons named who held no
    answering office of the case's unit on its days, and how many persons were looked at:
    by each criticism and proposal (``on_their_days``), or by each case not resolved at the
    end; None when the registry refuses a fact of ``facts``. The end is 240 days after the
    last fact: past the deadlines of what a late recording opened."""
    found = folded(facts, last=max(fact.on for fact in facts) + timedelta(days=240))
    if found is None:
        return None
    ledger, _, decided = found
    held, deadlines = terms(facts), _deadlines(e.data for e in decided)
    parents, findings = _parents(facts), _findings(facts)
    named: list[tuple[str, Case, list[str]]] = []
    if on_their_days:
        for env in decided:
            if env.type in ("zeren.CriticismIssued", "zeren.AccountabilityProposed"):
                data = cast(Any, env.data)
                named.append((env.type, ledger.cases[data.case_id], data.person_ids))
    else:
        named = [("case", case, case.person_ids) for case in ledger.cases.values()
                 if case.status is not CaseStatus.RESOLVED]  # fmt: skip
    strays: list[Stray] = []
    for what, case, persons in named:
        days = _days(case, deadlines.get(case.case_id, set()))
        offices = own_duty_offices(case) or (answering_office(case),)
        stray = (what, case.organization_id, case.duty_id or case.finding_id, case.period)
        if not _owed(parents, findings, case, days):
            strays.append((*stray, None, days))
        strays += [(*stray, person, days) for person in persons
                   if not _held(held, case.organization_id, person, days, offices)]  # fmt: skip
    return strays, sum(len(persons) for _, _, persons in named)


def _parents(facts: Sequence[Fact]) -> Parents:
    """The parents of :func:`a_branch`'s units and those of ``facts``, by the day each
    took it, whatever day it was recorded."""
    found: Parents = {}
    for env, _ in history(facts).events:
        data = env.data
        if isinstance(data, structure.OrganizationEstablished):
            found.setdefault(data.organization_id, []).append((data.established_on, data.parent_id))
        elif isinstance(data, structure.OrganizationReparented):
            found[data.organization_id].append((data.reparented_on, data.parent_id))
    return {unit: sorted(taken) for unit, taken in found.items()}


def _findings(facts: Sequence[Fact]) -> Findings:
    """The findings of ``facts`` and the units they were found in (督导检查发现问题)."""
    return {(f.payload.organization_id, f.payload.finding_id) for f in facts
            if isinstance(f.payload, oversight.InspectionFindingRecorded)}  # fmt: skip


def _owed(parents: Parents, findings: Findings, case: Case, days: Iterable[date]) -> bool:
    """Whether ``case``'s unit owed its duty or answers for its finding: for a duty charged
    to the parent, the parent on one of ``days`` of the unit it is about; for a finding,
    the unit the facts say it was found in; else the unit the case is about."""
    about = case.subject_organization_id or case.organization_id
    duty = case.duty_id
    if case.finding_id is not None:
        return case.organization_id == about and (about, case.finding_id) in findings
    if duty is None or duty_key(duty) == SELF_CHECK:
        return case.organization_id == about
    if (
        catalog_in_force(case.due_on or case.opened_on).duty(duty).charged_to
        is not ChargedTo.PARENT
    ):
        return case.organization_id == about
    return any(case.organization_id in _parents_on(parents[about], day) for day in days)


def _parents_on(taken: list[tuple[date, str | None]], day: date) -> set[str | None]:
    """The parents of a unit that took ``taken`` on ``day``: on a move's day, both."""
    before = [parent for since, parent in taken if since < day]
    return {*before[-1:], *(parent for since, parent in taken if since == day)}


def _deadlines(outputs: Iterable[Any]) -> dict[str, set[date]]:
    """The rectification deadlines each case's measures set (限期整改)."""
    found: dict[str, set[date]] = {}
    for data in outputs:
        if getattr(data, "rectify_by", None) is not None:
            found.setdefault(data.case_id, set()).add(data.rectify_by)
    return found


def _days(case: Case, deadlines: set[date]) -> tuple[date, ...]:
    """The days ``case`` turns on: its duty's due day and the day it was owed, the day
    its finding was made, and its rectification deadlines."""
    found = {case.due_on, case.owed_on, case.opened_on if case.finding_id else None}
    return tuple(sorted(day for day in found | deadlines if day is not None))


def _held(
    held: Terms, org: str, person: str, days: Iterable[date], offices: Iterable[Office | None]
) -> bool:
    """Whether ``person`` held one of ``offices`` in ``org`` on one of ``days`` (its first
    and last day included: a handover's day is both holders')."""
    return any(office in offices and took <= day and (left is None or day <= left)
               for office, took, left in held.get((org, person), [])
               for day in days)  # fmt: skip
