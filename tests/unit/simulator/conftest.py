"""The default simulated history, generated once for the simulator tests (默认模拟数据)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.simulator import Habits, Submission, University, build_university, choose_habits
from services.simulator.history import DEFAULT_START, generate
from services.simulator.periods import add_years

SEED = 20171020
YEARS = 3
END = add_years(DEFAULT_START, YEARS) - timedelta(days=1)


@pytest.fixture(scope="package")
def stream() -> list[Submission]:
    """The default three years of submissions."""
    return list(generate(SEED, DEFAULT_START, YEARS))


@pytest.fixture(scope="package")
def university() -> University:
    """The default university as of the start (before any change)."""
    return build_university(SEED, DEFAULT_START)


@pytest.fixture(scope="package")
def habits(university: University) -> Habits:
    """The habits the default run draws."""
    return choose_habits(university, SEED, DEFAULT_START, END)
