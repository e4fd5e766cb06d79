"""Loading the accountability policy versions (问责政策各版本)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from contracts.catalog.versioning import history, in_force, read_document, version_files
from contracts.policy.models import AccountabilityPolicy

POLICY_DIR = Path(__file__).parent
POLICY_STEM = "accountability_policy"


def load_policy(path: Path | None = None) -> AccountabilityPolicy:
    """Load and validate one policy version (default: the newest file)."""
    path = path or version_files(POLICY_DIR, POLICY_STEM)[-1]
    return AccountabilityPolicy.model_validate(read_document(path))


def load_policies(folder: Path = POLICY_DIR) -> tuple[AccountabilityPolicy, ...]:
    """Every policy version in ``folder``, checked as a history."""
    return history(load_policy(path) for path in version_files(folder, POLICY_STEM))


#: All policy versions, oldest first.
POLICIES: tuple[AccountabilityPolicy, ...] = load_policies()


@lru_cache(maxsize=4096)  # the folds ask once per event: a day's answer never changes
def policy_in_force(on: date) -> AccountabilityPolicy:
    """The policy version in force on ``on`` (``LookupError`` before the first)."""
    return in_force(POLICIES, on)
