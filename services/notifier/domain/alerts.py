"""What the notifier knows of one alert (问责提示): its kind, rung, unit and persons charged.

An alert is one accountability event of ``zeren.accountability.v2``. Its *kind*
says how it must be read: a measure taken (措施), a proposal awaiting a decision
(问责建议: never to be read as a decision), a case resolution (办结, never
labelled with the rung it reached), a review's conclusion (复查结论), a
restored award eligibility (恢复评优评先资格) or a correction of the persons a
case names (责任人更正).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Envelope
from contracts.events.accountability import (
    AccountabilityAction,
    AccountabilityProposed,
    AwardEligibilityRestored,
    CaseResolved,
    DecisionReviewConcluded,
    ResponsiblePersonsCorrected,
)
from contracts.events.enums import DecidingBody, Rung


class AlertKind(StrEnum):
    """How an alert must be read (提示类别)."""

    MEASURE = "measure"
    PROPOSAL = "proposal"
    RESOLUTION = "resolution"
    REVIEW = "review"
    RESTORATION = "restoration"
    CORRECTION = "correction"

    @property
    def label_zh(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AlertKind.MEASURE: "问责措施",
    AlertKind.PROPOSAL: "问责建议",
    AlertKind.RESOLUTION: "办结",
    AlertKind.REVIEW: "复查结论",
    AlertKind.RESTORATION: "恢复评优评先资格",
    AlertKind.CORRECTION: "责任人更正",
}

_KINDS: dict[type[AccountabilityAction], AlertKind] = {
    AccountabilityProposed: AlertKind.PROPOSAL,
    CaseResolved: AlertKind.RESOLUTION,
    DecisionReviewConcluded: AlertKind.REVIEW,
    AwardEligibilityRestored: AlertKind.RESTORATION,
    ResponsiblePersonsCorrected: AlertKind.CORRECTION,
}


class Alert(BaseModel):
    """One accountability event as the notifier routes and renders it."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    event_type: str
    kind: AlertKind
    action: AccountabilityAction

    @property
    def rung(self) -> Rung:
        return self.action.rung

    @property
    def unit_id(self) -> str:
        return self.action.organization_id

    @property
    def case_id(self) -> str:
        return self.action.case_id

    @property
    def measures(self) -> tuple[Rung, ...]:
        """The rungs the alert is about: a proposal's measures, else its own rung."""
        if isinstance(self.action, AccountabilityProposed):
            return tuple(self.action.measures)
        return (self.action.rung,)

    @property
    def proposed_to(self) -> DecidingBody | None:
        """Who is to decide a proposal (提请决定机关); None for other kinds."""
        return self.action.proposed_to if isinstance(self.action, AccountabilityProposed) else None

    @property
    def persons_charged(self) -> tuple[str, ...]:
        """Every person the alert charges, in order, each once: the responsible person,
        the office holders (责任人) and the leading group's members charged."""
        named = [self.action.person_id, *self.action.person_ids, *self.action.leading_group_ids]
        return tuple(dict.fromkeys(p for p in named if p is not None))

    @property
    def persons_withdrawn(self) -> tuple[str, ...]:
        """The persons a correction no longer names (责任人更正), who had the measures
        before it; empty for other kinds."""
        if isinstance(self.action, ResponsiblePersonsCorrected):
            return tuple(self.action.withdrawn_person_ids or ())
        return ()

    @property
    def persons_added(self) -> tuple[str, ...]:
        """The persons a correction names from now on (补录任职: they held the office when
        the duty fell due); empty for other kinds."""
        if isinstance(self.action, ResponsiblePersonsCorrected):
            return tuple(self.action.added_person_ids or ())
        return ()


def alert_of(envelope: Envelope) -> Alert | None:
    """The alert an envelope carries, or None when it is no accountability action."""
    data = envelope.data
    if not isinstance(data, AccountabilityAction):
        return None
    kind = _KINDS.get(type(data), AlertKind.MEASURE)
    return Alert(event_id=envelope.id, event_type=envelope.type, kind=kind, action=data)
