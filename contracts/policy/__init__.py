"""The accountability policy (问责政策): versioned, validated data.

``POLICIES`` holds every version, oldest first; ``policy_in_force(day)``
picks the one in force that day; ``load_policy(path)`` loads one file.
"""

from contracts.policy.loader import POLICIES, load_policy, policy_in_force
from contracts.policy.models import (
    GROUNDS,
    AccountabilityPolicy,
    Determined,
    Measure,
    OnEvent,
    PolicySettings,
    Prominent,
    RectificationMissed,
    Rung,
    RungTrigger,
    Widespread,
)

__all__ = [
    "GROUNDS",
    "POLICIES",
    "AccountabilityPolicy",
    "Determined",
    "Measure",
    "OnEvent",
    "PolicySettings",
    "Prominent",
    "RectificationMissed",
    "Rung",
    "RungTrigger",
    "Widespread",
    "load_policy",
    "policy_in_force",
]
