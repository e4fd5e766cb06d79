"""The simulated university (模拟高校): default sizes, categories, offices, scaling."""

from __future__ import annotations

from collections import Counter

import pytest

from contracts.events.enums import BranchCategory, Office, OrganizationKind
from services.simulator import Size, University, build_university
from services.simulator.history import DEFAULT_START
from tests.unit.simulator.conftest import SEED

pytestmark = pytest.mark.unit


def test_default_size(university: University) -> None:
    kinds = Counter(org.kind for org in university.organizations.values())
    assert kinds[OrganizationKind.PARTY_COMMITTEE] == 1
    assert 10 <= kinds[OrganizationKind.GENERAL_BRANCH] <= 14
    assert 75 <= kinds[OrganizationKind.BRANCH] <= 85
    assert 0 < kinds[OrganizationKind.PARTY_GROUP] < 3 * kinds[OrganizationKind.BRANCH]
    assert 2_300 <= len(university.members) <= 2_700


def test_every_category_and_office_is_present(university: University) -> None:
    categories = {b.category for b in university.branches}
    assert categories == set(BranchCategory) - {BranchCategory.MIXED}
    offices = {office for org in university.organizations.values() for office in org.officers}
    assert offices == set(Office)
    assert all(b.secretary for b in university.branches)
    assert all(len(b.members) <= 50 for b in university.branches)


def test_branch_committees_follow_the_threshold(university: University) -> None:
    for branch in university.branches:
        committee = len(
            branch.holders((Office.SECRETARY, Office.DEPUTY_SECRETARY, Office.COMMITTEE_MEMBER))
        )
        full = [m for m in branch.members if not university.members[m].probationary]
        assert committee == (1 if len(full) < 7 else (5 if len(full) >= 30 else 3))


def test_scale_and_explicit_sizes() -> None:
    double = build_university(SEED, DEFAULT_START, 2.0)
    assert 150 <= len(double.branches) <= 170
    small = build_university(
        SEED,
        DEFAULT_START,
        Size(colleges=1, administration_branches=1, institution_branches=1, retired_branches=1),
    )
    assert len(small.branches) == 3 + 4 + 3
