"""Output events (责任状态事件) built from an instance, its duty and the cause.

Ids are derived from the cause, the duty and the period and subject, so a
replay or a restarted service produces the very same events.
"""

from __future__ import annotations

from typing import Any

from contracts.catalog import ChargedTo, Duty, MemberRule, MemberWatch, StructureRule
from contracts.envelope import Envelope
from contracts.events.duties import DutyStatus
from contracts.events.enums import Office
from contracts.fast.build import trusted_envelope, trusted_payload
from services.common.ids import derived_id
from services.duties.domain.instances import Instance
from services.duties.domain.periods import due_by_rule
from services.duties.domain.state import DutyState
from services.duties.domain.units import Unit

SOURCE = "urn:zeren:duties"
MAX_EVIDENCE = 50
MAX_CLAUSE = 200


#: A catalog entry an event can cite: a duty, a member rule or watch, or a structure rule.
Basis = Duty | MemberRule | MemberWatch | StructureRule


#: Clause lines by catalog entry; the entry is kept, so its ``id`` is never reused.
_CLAUSES: dict[int, tuple[Basis, str]] = {}


def clause_text(duty: Basis) -> str:
    """依据条款 as one line: the seed's clause and, where cited, the national rule."""
    cached = _CLAUSES.get(id(duty))
    if cached is None or cached[0] is not duty:
        cached = _CLAUSES[id(duty)] = (duty, _clause_line(duty))
    return cached[1]


def _clause_line(duty: Basis) -> str:
    parts = [f"实施细则 {duty.clause.ref}：{duty.clause.excerpt_zh}"]
    if duty.clause.national:
        parts.append(duty.clause.national)
    text = "；".join(parts)
    return text if len(text) <= MAX_CLAUSE else text[: MAX_CLAUSE - 1] + "…"


def responsible(state: DutyState, unit: Unit, instance: Instance, duty: Basis) -> dict[str, Any]:
    """Who answers for ``instance`` at this moment (责任单位、责任人).

    ``person_id`` and ``office`` keep naming the duty's subject for per-person
    duties. The charged organization is the owner, or its parent when the duty
    is charged to the parent (上级组织: the committee's own duties about a
    general branch charge the committee, never the counterpart); the charged
    persons are every current holder of the answering office there, or the
    subject of a per-person duty owed by the owner itself, unless that subject
    is the duty's counterpart (``owner_office``: the secretary answers for the
    exchange with a department head, not the head).
    """
    office = duty.responsible_office if isinstance(duty, Duty) else Office.SECRETARY
    charged_to = duty.charged_to if isinstance(duty, Duty) else ChargedTo.OWNER
    parent = state.units.get(unit.parent_id or "") if charged_to is ChargedTo.PARENT else None
    if parent is not None:
        charged = {
            "charged_organization_id": parent.organization_id,
            "charged_person_ids": list(parent.holders.get(office, [])),
            **_charged_since(unit, instance, duty),
        }
    elif instance.person_id is not None and charged_to is ChargedTo.OWNER:
        charged = {"charged_person_ids": [instance.person_id]}
    else:
        charged = {"charged_person_ids": list(unit.holders.get(office, []))}
    if instance.person_id is not None:
        return {"office": instance.office, "person_id": instance.person_id, **charged}
    answering = parent or unit
    return {"office": office, "person_id": answering.holder(office), **charged}


def _charged_since(unit: Unit, instance: Instance, duty: Basis) -> dict[str, Any]:
    """隶属关系调整 before a period judged late (补录): the parent came to owe ``instance``
    on the day of the move, after the deadline its rule sets, when it owed nothing about
    ``unit``; its holders answer from then (``charged_since``). Nothing to say otherwise."""
    since = unit.parent_since
    if since is None or not isinstance(duty, Duty):
        return {}
    by_rule = due_by_rule(duty, instance.period_end)
    return {"charged_since": since} if instance.due_on > by_rule and since > by_rule else {}


def duty_event(
    event_class: type[DutyStatus],
    state: DutyState,
    unit: Unit,
    instance: Instance,
    duty: Basis,
    cause: Envelope,
    **extra: Any,
) -> Envelope:
    """The ``event_class`` event about ``instance`` caused by ``cause``.

    Its id follows from the cause it names (``cause_event_id``): when a tick sends it
    citing a fact (``extra``), from that fact, not from the tick, whose id names a
    partition; so the id is the same wherever the unit's records are placed.

    Built from the state without validating it again (:mod:`contracts.fast.build`):
    the state holds only validated facts and catalog entries, and the tests
    validate every output of the bench's history.
    """
    payload = trusted_payload(
        event_class,
        {
            "organization_id": unit.organization_id,
            "duty_id": instance.duty_id,
            "period": instance.period,
            "period_start": instance.period_start,
            "period_end": instance.period_end,
            "due_on": instance.due_on,
            "member_id": instance.member_id,
            "catalog_version": instance.catalog_version,
            "clause": clause_text(duty),
            "questions": list(instance.questions or duty.questions),
            "evidence_event_ids": instance.evidence[-MAX_EVIDENCE:],
            "cause_event_id": cause.id,
            **responsible(state, unit, instance, duty),
            **extra,
        },
    )
    subject = instance.member_id or instance.person_id or ""
    # A tick causes events for many units: the unit is part of the key.
    key = f"{unit.organization_id}|{instance.period}|{subject}|{event_class.__name__}"
    return trusted_envelope(
        payload,
        id=derived_id(extra.get("cause_event_id", cause.id), instance.duty_id, key),
        source=SOURCE,
        time=cause.time,
    )
