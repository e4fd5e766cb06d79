"""A seeded, reproducible simulator of a university's campus systems (校园业务系统模拟).

``build_university`` models the Party organizations (党委 → 党总支 → 党支部 →
党小组), members and office holders; ``choose_habits`` decides which units are
diligent, careless or stop working; ``generate`` yields the events the campus
systems (组织部, OA, 财务, 党校, 人事) publish, day by day, as ``Submission``s.
"""

from services.simulator.habits import Habits, choose_habits
from services.simulator.history import Submission, generate, generate_n
from services.simulator.university import Member, Organization, Size, University, build_university

__all__ = [
    "Habits",
    "Member",
    "Organization",
    "Size",
    "Submission",
    "University",
    "build_university",
    "choose_habits",
    "generate",
    "generate_n",
]
