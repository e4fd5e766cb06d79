"""The ledger's derived indexes say what reading every case and group would (issue 25).

A unit's cases (``Ledger.cases_concerning``), the duty groups listing a case overdue
(``Ledger.listings``) and a duty's groups (``Ledger.of_duty``) are looked up in indexes
kept beside the stored entries, so that a leaving, a waiver or a dissolution reads the
unit's few cases instead of the whole history's. Live, and restored from what the
pipeline stores, each index must give exactly what a scan of every case and group
gives, in the same order (the groups' order is stored, in what a waiver took off them):
over the bench's history (many units and groups), over small histories whose late
leavings take overdues off the groups, and over a waiver taken back, which puts one back.
"""

from __future__ import annotations

import pytest

from services.accountability.adapters.projection import AccountabilityProjection
from services.accountability.domain.models import OverdueCase
from services.accountability.domain.state import Ledger
from services.duties.adapters.projection import DutiesProjection
from tests.bench.golden import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    as_input,
    bench_log,
    fold,
    forwarded,
)
from tests.unit.accountability import structural_histories as histories
from tests.unit.accountability.builders import through_both
from tests.unit.accountability.owed_again import recorded_late
from tests.unit.stored import stored

pytestmark = pytest.mark.unit

FACTS = 20_000
#: Seeds of the small histories (recorded on time, and with office changes recorded late)
#: whose leavings take overdues off the groups, found among seeds 0-59.
SEEDS = (0, 13, 21, 33, 35, 39, 40, 46, 56)


def _scanned_listings(ledger: Ledger, case_id: str) -> list[str]:
    """The groups listing ``case_id`` overdue under its unit, by reading every group."""
    org = ledger.cases[case_id].organization_id
    return [
        key
        for key, group in ledger.groups.items()
        if any(overdue.case_id == case_id for overdue in group.overdue.get(org, ()))
    ]


def _scanned_concerning(ledger: Ledger, org: str) -> list[str]:
    """The cases ``org`` owes or that are about it, by reading every case."""
    return sorted(
        key
        for key, case in ledger.cases.items()
        if org in (case.organization_id, case.subject_organization_id)
    )


def _assert_indexes_hold(ledger: Ledger) -> None:
    assert ledger.cases, "the history has cases"
    for case_id in sorted(ledger.cases):
        assert ledger.listings(case_id) == _scanned_listings(ledger, case_id), case_id
    for duty_id in {group.duty_id for group in ledger.groups.values()}:
        scanned = [key for key, group in ledger.groups.items() if group.duty_id == duty_id]
        assert ledger.of_duty[duty_id] == scanned, duty_id
    units = {case.organization_id for case in ledger.cases.values()}
    units |= {case.subject_organization_id or "" for case in ledger.cases.values()} - {""}
    for org in sorted(units):
        found = [case.case_id for case in ledger.cases_concerning(org)]
        assert found == _scanned_concerning(ledger, org), org


def _assert_hold_live_and_restored(ledger: Ledger) -> None:
    _assert_indexes_hold(ledger)
    _assert_indexes_hold(Ledger.restore(ledger.partitions, stored(ledger.take_changes())))


@pytest.fixture
def unlisted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cases whose overdue is taken off a group, as the ledger does it."""
    taken: list[str] = []
    unlist = Ledger.unlist_overdue

    def noted(ledger: Ledger, key: str, org: str, overdue: OverdueCase) -> None:
        taken.append(overdue.case_id)
        unlist(ledger, key, org, overdue)

    monkeypatch.setattr(Ledger, "unlist_overdue", noted)
    return taken


def test_over_the_bench_history() -> None:
    duty_outputs, _ = fold(
        DutiesProjection(DUTIES_TOPIC, PARTITIONS), as_input(EVENTS_TOPIC, bench_log(FACTS))
    )
    projection = AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC)
    for record in forwarded(duty_outputs):
        projection.handle(record)
    assert len(projection.ledger.groups) > 100
    _assert_hold_live_and_restored(projection.ledger)


def test_over_leavings_recorded_late(unlisted: list[str]) -> None:
    folded = 0
    for seed in SEEDS:
        facts = histories.generate(seed)
        late, long_after = histories.delayed(facts, seed), histories.long_delayed(facts, seed)
        for recorded in (facts, late, long_after):
            events = histories.history(recorded)
            if histories.accepted(events.events):
                ledger = Ledger.empty(1)
                through_both(events, ledger)
                _assert_hold_live_and_restored(ledger)
                folded += 1
    assert folded >= len(SEEDS)
    assert len(set(unlisted)) >= 3, "late leavings took overdues off the groups"


def test_over_a_waiver_taken_back(unlisted: list[str]) -> None:
    run = recorded_late()
    assert unlisted, "the waiver took the visits' overdue off its group"
    assert all(run.ledger.listings(case_id) for case_id in unlisted), "and it is back"
    _assert_hold_live_and_restored(run.ledger)
