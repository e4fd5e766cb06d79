"""The accountability policy (问责政策): versioned, validated data.

``POLICIES`` holds every version, oldest first; ``policy_in_force(day)``
picks the one in force that day; ``load_policy(path)`` loads one file.
"""

from contracts.policy.loader import POLICIES, load_policy, policy_in_force
from contracts.policy.models import (
    AccountabilityPolicy,
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
    "POLICIES",
    "AccountabilityPolicy",
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
