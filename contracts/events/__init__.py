"""Event payloads (事件载荷), one module per area of the seed.

``INPUTS`` are published by campus systems (and the registry's clock);
``DUTY_OUTPUTS``, ``ACCOUNTABILITY_OUTPUTS`` and ``REJECTIONS`` are the
services' outputs. ``ALL`` is every payload class, in documentation order.
"""

from __future__ import annotations

from contracts.events import (
    accountability,
    activities,
    chain,
    clock,
    duties,
    members,
    oversight,
    placement,
    rejections,
    structure,
)
from contracts.events.base import Payload

SUBMITTED: tuple[type[Payload], ...] = (
    *structure.EVENTS,
    *members.EVENTS,
    *activities.EVENTS,
    *oversight.EVENTS,
    clock.CatalogVersionAdopted,
    clock.PolicyVersionAdopted,
)
INPUTS: tuple[type[Payload], ...] = (
    *SUBMITTED,
    clock.ClockTicked,
    clock.ClockBeat,
    *placement.EVENTS,
    *chain.EVENTS,
)
DUTY_OUTPUTS: tuple[type[Payload], ...] = duties.EVENTS
ACCOUNTABILITY_OUTPUTS: tuple[type[Payload], ...] = accountability.EVENTS
REJECTIONS: tuple[type[Payload], ...] = rejections.EVENTS
#: Input events the duties service forwards to zeren.duties.v2 for accountability
#: (ticks and beats, human actions, office holders, organization names for the alert
#: texts, the moves and dissolutions that end what a unit can still rectify, a member
#: leaving the roll or the Party's ranks (去世、出党), a member's exemption from dues
#: (免交党费), the branch's consent to his dues by quarter (按季度交纳党费), contact
#: restored (恢复联系) and membership restored (恢复党籍), each of which withdraws the
#: flags about him that no longer stand, and his return (返回), rare, which accountability
#: keeps: a 外出 recorded late (补录) leaves a flag of months after a return standing).
FORWARDED_TO_DUTIES: tuple[type[Payload], ...] = (
    clock.ClockTicked,
    clock.ClockBeat,
    oversight.InterviewConducted,
    oversight.RectificationAccepted,
    oversight.CaseClosed,
    oversight.SeriousConsequenceDetermined,
    oversight.InspectionFindingRecorded,
    oversight.SelfCheckAnswered,
    oversight.AccountabilityDecided,
    oversight.DecisionReviewed,
    structure.OfficeHolderAppointed,
    structure.OfficeHolderLeftOffice,
    structure.OrganizationEstablished,
    structure.OrganizationRenamed,
    structure.OrganizationReparented,
    structure.OrganizationDissolved,
    *members.OFF_THE_ROLL,
    members.MembershipEnded,
    members.DuesExemptionApproved,
    members.QuarterlyDuesApproved,
    members.MemberContactRestored,
    members.MembershipRestored,
    members.MemberReturned,
)
#: Member facts the duties service forwards to zeren.duties.v2 only when, recorded late
#: (补录), they show a flag it raised about the member no longer stands: a payment or an
#: attendance for a month the flag counted silent, an absence (外出) from one of its months; or
#: when a payment, an attendance or an absence is of a month older than those it judges again.
#: Most are recorded on time and judged on the months they are for: they stay in the log.
FORWARDED_WHEN_LATE: tuple[type[Payload], ...] = (
    members.DuesPaid,
    members.OrganizationalLifeAttended,
    members.MemberWentAway,
)
ALL: tuple[type[Payload], ...] = (
    *INPUTS,
    *DUTY_OUTPUTS,
    *ACCOUNTABILITY_OUTPUTS,
    *REJECTIONS,
)

__all__ = [
    "ACCOUNTABILITY_OUTPUTS",
    "ALL",
    "DUTY_OUTPUTS",
    "FORWARDED_TO_DUTIES",
    "FORWARDED_WHEN_LATE",
    "INPUTS",
    "REJECTIONS",
    "SUBMITTED",
    "Payload",
]
