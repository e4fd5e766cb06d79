"""Queries over the duty state (查询): pure functions, so a replay answers them too.

Archived instances (归档) are not in memory: a caller passes those it read
back (``archived``, e.g. from PostgreSQL); instances in memory, and archived
ones not yet let go, take precedence over them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from pydantic import BaseModel

from services.duties.domain.instances import Instance, Status
from services.duties.domain.periods import counted_year
from services.duties.domain.state import DutyState


class DutyView(BaseModel):
    """One duty × period of one unit, with its status and evidence (责任事项状态)."""

    organization_id: str
    duty_id: str
    period: str
    period_start: date
    period_end: date
    due_on: date
    status: Status
    catalog_version: str
    person_id: str | None = None
    member_id: str | None = None
    evidence_event_ids: list[str]
    fulfilled_on: date | None = None
    reason: str | None = None


class Compliance(BaseModel):
    """履行率: decided instances by status; ``rate`` = fulfilled in time / decided."""

    fulfilled: int = 0
    fulfilled_late: int = 0
    overdue: int = 0
    open: int = 0
    waived: int = 0

    @property
    def decided(self) -> int:
        return self.fulfilled + self.fulfilled_late + self.overdue

    def rate(self) -> float | None:
        """On-time rate among decided instances, None when nothing is decided yet."""
        return round(self.fulfilled / self.decided, 4) if self.decided else None

    def count(self, status: Status) -> None:
        setattr(self, status.value, getattr(self, status.value) + 1)


class ComplianceReport(BaseModel):
    """A year's compliance per duty and per unit (年度履行情况).

    A unit's own duties (the organization's and its office holders') and its
    members' duties (党员个人事项: dues, transfer, 学时) are counted apart: a
    branch's dozens of monthly dues would otherwise outweigh its own work
    (问题清单第21题 is about members' dues, not the unit's other duties).
    """

    year: int
    by_duty: dict[str, dict[str, int | float | None]]
    by_unit: dict[str, dict[str, int | float | None]]
    members_by_unit: dict[str, dict[str, int | float | None]]
    unit_duties: dict[str, int | float | None]
    member_duties: dict[str, int | float | None]


def _view(org: str, instance: Instance) -> DutyView:
    return DutyView(
        organization_id=org,
        duty_id=instance.duty_id,
        period=instance.period,
        period_start=instance.period_start,
        period_end=instance.period_end,
        due_on=instance.due_on,
        status=instance.status,
        catalog_version=instance.catalog_version,
        person_id=instance.person_id,
        member_id=instance.member_id,
        evidence_event_ids=list(instance.evidence),
        fulfilled_on=instance.fulfilled_on,
        reason=instance.reason,
    )


#: An instance read back from the archive, with its organization's id.
Archived = tuple[str, Instance]


def owned(lanes: Mapping[int, DutyState]) -> DutyState:
    """The states of partitions folded apart (by partition) as one state for the queries:
    each unit as its home partition holds it (a visitor's copy elsewhere is left out)."""
    merged = DutyState()
    for partition, state in lanes.items():
        units = state.units.values()
        merged.units.update({u.organization_id: u for u in units if state.owns(u, partition)})
        merged.archive.update(state.archive)
    return merged


def _all(state: DutyState, archived: Iterable[Archived] = ()) -> list[Archived]:
    """Every instance, in memory first, in (organization, deadline year, key) order."""
    found: dict[tuple[str, str], Archived] = {}
    for org in sorted(state.units):
        for instance in state.units[org].instances():
            found[(org, instance.key)] = (org, instance)
        for deferred, member_id in state.units[org].deferred_instances():
            instance = deferred.instance(member_id)  # owed and open, just not written yet
            found[(org, instance.key)] = (org, instance)
    for org, instance in [*state.archive.values(), *archived]:
        found.setdefault((org, instance.key), (org, instance))
    return sorted(found.values(), key=lambda e: (e[0], e[1].due_on.year, e[1].key))


def unit_duties(
    state: DutyState, org: str, year: int, archived: Iterable[Archived] = ()
) -> list[DutyView]:
    """Every instance of ``org`` counted in ``year`` (:func:`counted_year`)."""
    found = [_view(org, i) for o, i in _all(state, archived) if o == org and _counted(i) == year]
    return sorted(found, key=_order)


def _order(view: DutyView) -> tuple[str, date, str]:
    return view.duty_id, view.period_start, view.person_id or view.member_id or ""


def duties_in(
    state: DutyState, status: Status, archived: Iterable[Archived] = ()
) -> list[DutyView]:
    """Every instance across the university with ``status`` (open, overdue…)."""
    return [_view(org, i) for org, i in _all(state, archived) if i.status is status]


def compliance(state: DutyState, year: int, archived: Iterable[Archived] = ()) -> ComplianceReport:
    """Counts and on-time rate per duty, per unit (its own duties) and per unit's members
    (党员个人事项), for instances counted in ``year`` (:func:`counted_year`: periods
    beginning in it, terms falling due in it)."""
    by_duty: dict[str, Compliance] = {}
    by_unit: dict[str, Compliance] = {}
    members_by_unit: dict[str, Compliance] = {}
    totals = {False: Compliance(), True: Compliance()}  # by: is it a member's duty?
    for org, instance in _all(state, archived):
        if _counted(instance) == year:
            by_duty.setdefault(instance.duty_id, Compliance()).count(instance.status)
            members = instance.member_id is not None
            units = members_by_unit if members else by_unit
            units.setdefault(org, Compliance()).count(instance.status)
            totals[members].count(instance.status)
    return ComplianceReport(
        year=year,
        by_duty={k: _summary(v) for k, v in sorted(by_duty.items())},
        by_unit={k: _summary(v) for k, v in sorted(by_unit.items())},
        members_by_unit={k: _summary(v) for k, v in sorted(members_by_unit.items())},
        unit_duties=_summary(totals[False]),
        member_duties=_summary(totals[True]),
    )


def monthly_compliance(
    state: DutyState, year: int, archived: Iterable[Archived] = ()
) -> dict[str, dict[str, int | float | None]]:
    """The units' own duties falling due in each month of ``year`` (``YYYY-MM``), by status
    and on-time rate (按月履行率); members' duties are left out, as in :func:`compliance`."""

    def month(_: str, instance: Instance) -> str | None:
        return f"{instance.due_on:%Y-%m}" if instance.due_on.year == year else None

    return _units_due(state, archived, month)


def month_by_unit(
    state: DutyState, month: str, archived: Iterable[Archived] = ()
) -> dict[str, dict[str, int | float | None]]:
    """Per unit, its own duties falling due in ``month`` (``YYYY-MM``), by status and on-time
    rate (本月各单位履行率: the monthly report groups them by 党总支)."""

    def unit(org: str, instance: Instance) -> str | None:
        return org if f"{instance.due_on:%Y-%m}" == month else None

    return _units_due(state, archived, unit)


def _units_due(
    state: DutyState, archived: Iterable[Archived], group: Callable[[str, Instance], str | None]
) -> dict[str, dict[str, int | float | None]]:
    """The units' own duty instances tallied by ``group`` (None: not counted)."""
    groups: dict[str, Compliance] = {}
    for org, instance in _all(state, archived):
        key = None if instance.member_id is not None else group(org, instance)
        if key is not None:
            groups.setdefault(key, Compliance()).count(instance.status)
    return {k: _summary(v) for k, v in sorted(groups.items())}


def _counted(instance: Instance) -> int:
    return counted_year(instance.period, instance.period_start, instance.period_end)


def _summary(tally: Compliance) -> dict[str, int | float | None]:
    return {**tally.model_dump(), "rate": tally.rate()}
