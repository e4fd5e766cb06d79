"""Rectification deadlines a case found missed (整改期限已过，未见整改到位), whom their
passing names (整改期限届满时的责任人), and taking one back when a fact recorded late (补录)
shows it was not missed after all, or a review that it binds nobody: the grounds resting
on it, and whom its passing named."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from contracts.events.enums import Ground, Office
from services.accountability.domain.cases import (
    answering_office,
    named_for_the_failure,
    named_for_the_miss,
    rectification_missed_on,
)
from services.accountability.domain.measures import Decision
from services.accountability.domain.models import Case
from services.accountability.domain.texts import GROUND_GONE, day_label


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


def answering_now(d: Decision, case: Case, passed: date) -> None:
    """责任人 when the rectification deadline passed: the holders of the answering office
    in the charged unit on its day (none while it is vacant; read by their terms, the
    deadline may be found passed later: a decision recorded after its own deadline)
    answer for the rectification,
    not those named when the duty was missed, who may have left office since. Those a
    ground on the miss itself names (特别突出、普遍性, :func:`cases.named_for_the_miss`)
    stay named: they owed the duty, and the proposal on that ground stands against them.
    An office holder's own case (个人职责) keeps its holder. Those named before are kept
    (the first such deadline's) for a step recorded late showing the deadline met to name
    again (:func:`named_again`); the deadline (``passed``), for an office change
    recorded after it to correct whom it named (``Case.deadline_named_on``)."""
    office = answering_office(case)
    if office is None:
        return
    kept, holders, now = _answering(d, case, office, passed)
    if now != case.person_ids:
        org = case.organization_id
        named = "、".join(d.person(org, p) for p in holders) or "（职务空缺）"
        owed = "、".join(d.person(org, p) for p in kept if p not in holders)
        also = f"；{owed}对逾期未完成负有责任，仍为本案责任人" if owed else ""
        case.note(d.today, d.cause.id, f"整改期限届满时的责任人：{named}{also}")
        if case.named_before_missed is None:
            case.named_before_missed = case.person_ids
        case.person_ids = now


def _answering(
    d: Decision, case: Case, office: Office, passed: date
) -> tuple[list[str], list[str], list[str]]:
    """Those a ground on the miss itself names, the holders of ``office`` on the day the
    deadline ``passed``, and both, who answer for it (``Case.deadline_named_on`` is set to
    it)."""
    case.deadline_named_on = passed
    kept = named_for_the_miss(case)
    holders = d.ledger.held_on(case.organization_id, office, passed)
    return kept, holders, kept + [person for person in holders if person not in kept]


def voided(d: Decision, case: Case, deadline: date, why: str) -> str:
    """A rung's rectification deadline ``deadline``, which a tick found passed unrectified,
    binds nobody (``why``: a review cancelled the measures of the decision that set it,
    撤销, or a decision recorded late shows that it set none): nobody answers for missing
    it. Counted as the case's only rung deadline missed,
    it is not missed (:func:`missed_only`: the case names again those it named before,
    and no longer cites the grounds resting on it); with an earlier one missed (the
    criticism's), the case names whom that one's passing named instead of its own day's
    holders (责任人更正, which says why). What the case is to say besides ("" if
    nothing: the deadline was not found passed, or the correction said it)."""
    met, standing = not_missed_from(case, deadline, rungs_only=True)
    said = f"；{why}，整改期限{day_label(deadline)}不再计为逾期未整改"
    if met:
        return said + missed_only(d, case, standing, said)
    office, earlier = answering_office(case), next((m.on for m in standing if m.by_a_rung), None)
    if office is None or earlier is None or case.deadline_named_on != deadline:
        return ""
    _, _, now = _answering(d, case, office, earlier)
    withdrawn = [person for person in case.person_ids if person not in now]
    added = [person for person in now if person not in case.person_ids]
    if not (withdrawn or added):
        return said
    then = f"本案责任人恢复为整改期限{day_label(earlier)}届满时的责任人"
    d.correct(case, f"{said.removeprefix('；')}，{then}", withdrawn=withdrawn, added=added)
    return ""  # the correction says it


def found_done_before(d: Decision, case: Case) -> None:
    """补录履行: the duty was done (``Case.fulfilled_on``) by a rectification deadline the
    case found missed, and recorded after it. The miss stands (the unit's own fact
    recorded late), but a holder named for that deadline only (整改期限届满时的责任人)
    who took the office after the day it was done found the work done: they owed neither
    the duty nor its rectification, and the case names them no longer (责任人更正). Not
    once a decision was taken on the case on or after the deadline (people decided whom
    its measures name)."""
    deadline, done = rectification_missed_on(case), case.fulfilled_on
    office = answering_office(case)
    if deadline is None or done is None or done > deadline or office is None:
        return
    if case.decided_on_or_after(deadline):
        return
    org, owed = case.organization_id, named_for_the_failure(case) + named_for_the_miss(case)
    for person in d.ledger.held_on(org, office, deadline):
        took = d.ledger.took_office(org, office, person, deadline)
        if person not in case.person_ids or person in owed or took is None:
            continue
        if not case.done_before(took):
            continue
        d.correct(
            case,
            f"经补录，该项责任已于{day_label(done)}履行到位，{d.person(org, person)}于"
            f"{day_label(took)}任职，其时已履行，不对整改期限（{day_label(deadline)}）负责，"
            f"本案不再以其为责任人",
            withdrawn=[person],
        )
