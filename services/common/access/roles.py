"""Roles of the callers and what each may do over HTTP (角色与权限).

A campus system submits and reads back its own submissions; the organization
department reads everything and records decisions (it is also the source of
the organization department's event types); an auditor reads everything (its
replays run from the log, ``zeren audit``); an operator drives the clock in
``driven`` mode. A committee member (党委委员) reads everything; a branch
secretary (支部书记) reads only his units, through the workbench, which holds
his token's unit scope (:attr:`Source.units`). Names and member
status are read only with :attr:`Permission.READ_ALL`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A caller's role (调用方角色)."""

    CAMPUS = "campus"  # 校内业务系统
    ORG_DEPARTMENT = "org_department"  # 党委组织部
    AUDITOR = "auditor"  # 审计
    OPERATOR = "operator"  # 运维
    COMMITTEE = "committee"  # 党委委员
    BRANCH_SECRETARY = "branch_secretary"  # 支部书记 (his units only)

    @property
    def label_zh(self) -> str:
        return _LABELS_ZH[self]


_LABELS_ZH = {
    Role.CAMPUS: "校内业务系统",
    Role.ORG_DEPARTMENT: "党委组织部",
    Role.AUDITOR: "审计",
    Role.OPERATOR: "运维",
    Role.COMMITTEE: "党委委员",
    Role.BRANCH_SECRETARY: "支部书记",
}


class Permission(StrEnum):
    """One thing a route needs (权限)."""

    SUBMIT = "submit"  # POST events (the types are checked per source when judged)
    READ_OWN = "read_own"  # its own submissions and rejections, the clock
    READ_ALL = "read_all"  # everything, names and member status included
    DRIVE_CLOCK = "drive_clock"  # POST /v1/clock/advance


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CAMPUS: frozenset({Permission.SUBMIT, Permission.READ_OWN}),
    Role.ORG_DEPARTMENT: frozenset({Permission.SUBMIT, Permission.READ_OWN, Permission.READ_ALL}),
    Role.AUDITOR: frozenset({Permission.READ_OWN, Permission.READ_ALL}),
    Role.OPERATOR: frozenset({Permission.READ_OWN, Permission.DRIVE_CLOCK}),
    Role.COMMITTEE: frozenset({Permission.READ_OWN, Permission.READ_ALL}),
    # The services give him nothing beyond his own; the workbench reads his units for him.
    Role.BRANCH_SECRETARY: frozenset({Permission.READ_OWN}),
}


def permitted(roles: frozenset[Role]) -> frozenset[Permission]:
    """Everything the holder of ``roles`` may do."""
    return frozenset().union(*(PERMISSIONS[r] for r in roles))
