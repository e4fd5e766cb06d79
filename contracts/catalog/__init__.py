"""The duty catalog (职责目录): versioned, validated data.

``CATALOGS`` holds every version, oldest first; ``catalog_in_force(day)``
picks the one a replay of that day applies; ``load_catalog(path)`` loads one
file (default: the newest).
"""

from contracts.catalog.loader import (
    CATALOGS,
    catalog_document,
    catalog_in_force,
    catalog_version,
    load_catalog,
)
from contracts.catalog.models import (
    AcademicCalendar,
    AppliesTo,
    Cadence,
    CatalogSettings,
    ChargedTo,
    Correlation,
    CreditedBy,
    Duty,
    DutyCatalog,
    Evidence,
    FieldFilter,
    FieldRef,
    MemberCondition,
    MemberRule,
    MemberWatch,
    Period,
    PeriodicCadence,
    Scope,
    Semester,
    StructureRule,
    TermCadence,
    TermRange,
    TermRule,
    Total,
    Trigger,
    WithinDaysCadence,
)
from contracts.catalog.problem_list import Area, ProblemList, Question, load_problem_list
from contracts.catalog.versioning import Clause

__all__ = [
    "CATALOGS",
    "AcademicCalendar",
    "AppliesTo",
    "Area",
    "Cadence",
    "CatalogSettings",
    "ChargedTo",
    "Clause",
    "Correlation",
    "CreditedBy",
    "Duty",
    "DutyCatalog",
    "Evidence",
    "FieldFilter",
    "FieldRef",
    "MemberCondition",
    "MemberRule",
    "MemberWatch",
    "Period",
    "PeriodicCadence",
    "ProblemList",
    "Question",
    "Scope",
    "Semester",
    "StructureRule",
    "TermCadence",
    "TermRange",
    "TermRule",
    "Total",
    "Trigger",
    "WithinDaysCadence",
    "catalog_document",
    "catalog_in_force",
    "catalog_version",
    "load_catalog",
    "load_problem_list",
]
