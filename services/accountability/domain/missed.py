"""Rectification deadlines a case found missed (整改期限已过，未见整改到位), and taking one
back when a fact recorded late (补录) shows it was not missed after all: the grounds
resting on it, and whom its passing named (整改期限届满时的责任人)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from contracts.events.enums import Ground
from services.accountability.domain.measures import Decision
from services.accountability.domain.models import Case
from services.accountability.domain.texts import GROUND_GONE


class Missed(NamedTuple):
    """A deadline the case found missed, and whether a rung set it (批评，限期整改; a
    decision's): not a finding's own, which raises no 限期未整改 ground."""

    on: date
    by_a_rung: bool


def found_missed(case: Case) -> list[Missed]:
    """The deadlines ``case`` found missed, the earliest of each kind: on a duty's case
    every one is a rung's (``missed_on``); a finding's keeps its own and the rungs' apart,
    and one stored before it did has only ``missed_on``, taken for its own."""
    if case.missed_on is None:
        return []
    if case.finding_id is None:
        return [Missed(case.missed_on, True)]
    own, rung = case.finding_missed_on, case.rung_missed_on
    if own is None and rung is None:
        own = case.missed_on
    kinds = [(own, False), (rung, True)]
    return [Missed(day, by_a_rung) for day, by_a_rung in kinds if day is not None]


def not_missed_from(
    case: Case, day: date, *, rungs_only: bool
) -> tuple[list[Missed], list[Missed]]:
    """The deadlines ``case`` found missed on or after ``day`` (only rungs' if
    ``rungs_only``), which a fact dated ``day`` and recorded late (补录) shows were not
    missed after all, and those that stand."""
    found = found_missed(case)
    met = [miss for miss in found if day <= miss.on and (miss.by_a_rung or not rungs_only)]
    return met, [miss for miss in found if miss not in met]


def missed_only(
    d: Decision, case: Case, standing: list[Missed], said: str, unsolved: bool = False
) -> str:
    """The case counts only the deadlines ``standing`` missed (``said``: why the others
    were met). With no rung's among them it no longer cites 限期未整改 as a ground (nor
    proposes what only that ground called for) and names again those it named before;
    with none at all, and the problem not otherwise ``unsolved`` in time, nor the top
    rung's ground (四 asks 问题没有及时解决 as well as 严重后果). What to tell whoever
    received a proposal made on a ground gone ("" if none was)."""
    case.missed_deadline = bool(standing)
    case.missed_on = min((miss.on for miss in standing), default=None)
    if case.finding_id is not None:
        case.finding_missed_on = next((m.on for m in standing if not m.by_a_rung), None)
        case.rung_missed_on = next((m.on for m in standing if m.by_a_rung), None)
    if any(miss.by_a_rung for miss in standing):
        return ""
    named_again(d, case, said.removeprefix("；"))
    gone = d.ground_gone(case, Ground.RECTIFICATION_MISSED)
    if not (standing or unsolved) and d.ground_gone(case, Ground.SERIOUS_CONSEQUENCE):
        return f"，“问题没有及时解决”不成立，{GROUND_GONE}"
    return f"，{GROUND_GONE}" if gone else ""


def named_again(d: Decision, case: Case, why: str) -> None:
    """责任人更正: the rectification deadline whose passing named the holders of its day
    (整改期限届满时的责任人) was not missed after all (``why``), so neither that naming
    holds: the case names again those it named before (``Case.named_before_missed``),
    who owed the duty as the case stood, and tells those it no longer names."""
    before, case.named_before_missed = case.named_before_missed, None
    if before is None:
        return
    withdrawn = [person for person in case.person_ids if person not in before]
    added = [person for person in before if person not in case.person_ids]
    if not (withdrawn or added):
        return
    then = "本案责任人恢复为整改期限届满前确定的人员"
    if withdrawn:
        gone = "、".join(d.person(case.organization_id, person) for person in withdrawn)
        then += f"，{gone}不再作为本案责任人"
    d.correct(case, f"{why}，{then}", withdrawn=withdrawn, added=added)
