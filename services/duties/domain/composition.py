"""Branch composition (党支部设置): a branch's size against the 支部工作条例's figures.

On each month's first tick, a branch the log has named members of is
counted (full members: admitted or transferred in, less those admitted as
probationary and not yet confirmed; and all members), also once they have all
left (``Unit.roll_emptied``: none, fewer than any rule's figure); a branch no
member was ever named of is not (its size is unknown). A structure rule the
count breaks raises an ``OrganizationFlagged`` once, naming the branch and
its higher organization, which decides (成立、调整、撤销党支部 are its call,
not the system's); the flag is raised again only after the situation ended.
"""

from __future__ import annotations

from datetime import date

from contracts.catalog import StructureRule
from contracts.envelope import Envelope
from contracts.events.duties import OrganizationFlagged
from contracts.events.enums import OrganizationKind
from services.duties.domain.emit import duty_event
from services.duties.domain.instances import Instance
from services.duties.domain.periods import ONE_DAY, month_of, month_start, next_month
from services.duties.domain.rules import Rules
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit


def flag_composition(
    state: DutyState, unit: Unit, today: date, cause: Envelope, rules: Rules
) -> list[Envelope]:
    """The flags the branch's composition raises on a month's first day."""
    catalog = rules.in_force(today)
    if today.day != 1 or unit.kind is not OrganizationKind.BRANCH or catalog is None:
        return []
    if not unit.members and not unit.roll_emptied and not unit.flagged:
        return []  # no member named yet: its size is not known from the log
    outputs: list[Envelope] = []
    for rule in catalog.structure_rules:
        breaks = rule.effective_from <= today and _breaks(unit, rule)
        if breaks == (rule.id in unit.flagged):
            continue
        if breaks:
            unit.flagged.append(rule.id)
            outputs.append(_flag(state, unit, rule, catalog.version, today, cause))
        else:
            unit.flagged.remove(rule.id)
        state.touch(unit)
    return outputs


def _full_members(unit: Unit) -> int:
    """正式党员: the members not admitted as probationary, or since confirmed."""
    return sum(1 for member in unit.members.values() if not member.probationary)


def _breaks(unit: Unit, rule: StructureRule) -> bool:
    count = _full_members(unit) if rule.counts == "full_members" else len(unit.members)
    exempt = rule.unless_office is not None and unit.holder(rule.unless_office) is not None
    return rule.flags(count) and not exempt


def _flag(
    state: DutyState, unit: Unit, rule: StructureRule, version: str, today: date, cause: Envelope
) -> Envelope:
    month = month_of(today)
    end = month_start(next_month(month)) - ONE_DAY
    seen = Instance(
        duty_id=rule.id,
        period=month,
        period_start=today,
        period_end=end,
        due_on=end,
        remind_on=end,
        catalog_version=version,
    )
    detail = (
        f"{today}：党员{len(unit.members)}名，其中正式党员{_full_members(unit)}名；"
        f"{rule.title_zh}（{rule.clause.national or rule.clause.excerpt_zh}）"
    )
    return duty_event(
        OrganizationFlagged,
        state,
        unit,
        seen,
        rule,
        cause,
        situation=rule.situation,
        higher_organization_id=unit.parent_id,
        detail_zh=detail,
    )
