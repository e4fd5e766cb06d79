"""What the notifier knows of one alert (问责提示): its kind, rung, unit and persons charged.

An alert is one accountability event of ``zeren.accountability.v2``. Its *kind*
says how it must be read: a measure taken (措施), a proposal awaiting a decision
(问责建议: never to be read as a decision), a case resolution (办结, never
labelled with the rung it reached), a review's conclusion (复查结论), a
restored award eligibility (恢复评优评先资格), a correction of the persons a
case names (责任人更正), or a flag (情况提示) and its withdrawal (情况提示撤回):
a situation for an organization to study and decide, with no case and no rung,
never a measure nor a verdict, naming who must decide (not anyone accused).
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
    SituationFlag,
    SituationFlagNoted,
    SituationFlagWithdrawn,
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
    FLAG = "flag"
    FLAG_WITHDRAWAL = "flag_withdrawal"

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
    AlertKind.FLAG: "情况提示",
    AlertKind.FLAG_WITHDRAWAL: "情况提示撤回",
}

_KINDS: dict[type[AccountabilityAction | SituationFlag], AlertKind] = {
    AccountabilityProposed: AlertKind.PROPOSAL,
    CaseResolved: AlertKind.RESOLUTION,
    DecisionReviewConcluded: AlertKind.REVIEW,
    AwardEligibilityRestored: AlertKind.RESTORATION,
    ResponsiblePersonsCorrected: AlertKind.CORRECTION,
    SituationFlagNoted: AlertKind.FLAG,
    SituationFlagWithdrawn: AlertKind.FLAG_WITHDRAWAL,
}


class Alert(BaseModel):
    """One accountability event as the notifier routes and renders it: an action (``action``)
    or a flag (``flag``), exactly one of the two."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    event_type: str
    kind: AlertKind
    action: AccountabilityAction | None = None
    flag: SituationFlag | None = None

    @property
    def data(self) -> AccountabilityAction | SituationFlag:
        """The event's payload."""
        found = self.action or self.flag
        assert found is not None, "an alert carries an action or a flag"
        return found

    @property
    def title_zh(self) -> str:
        return self.data.title_zh

    @property
    def text_zh(self) -> str:
        return self.data.text_zh

    @property
    def rung(self) -> Rung | None:
        """The action's rung; None for a flag, which is no measure."""
        return None if self.action is None else self.action.rung

    @property
    def unit_id(self) -> str:
        return self.data.organization_id

    @property
    def case_id(self) -> str | None:
        """The action's case; None for a flag, which opens none."""
        return None if self.action is None else self.action.case_id

    @property
    def member_id(self) -> str | None:
        """The member a flag is about; None for an action or an organization's flag."""
        return None if self.flag is None else self.flag.member_id

    @property
    def measures(self) -> tuple[Rung, ...]:
        """The rungs the alert is about: a proposal's measures, else its own rung (none for
        a flag)."""
        if isinstance(self.action, AccountabilityProposed):
            return tuple(self.action.measures)
        return () if self.action is None else (self.action.rung,)

    @property
    def proposed_to(self) -> DecidingBody | None:
        """Who is to decide a proposal (提请决定机关); None for other kinds."""
        return self.action.proposed_to if isinstance(self.action, AccountabilityProposed) else None

    @property
    def persons_charged(self) -> tuple[str, ...]:
        """Every person an action charges, in order, each once: the responsible person,
        the office holders (责任人) and the leading group's members charged. A flag
        charges nobody."""
        if self.action is None:
            return ()
        named = [self.action.person_id, *self.action.person_ids, *self.action.leading_group_ids]
        return tuple(dict.fromkeys(p for p in named if p is not None))

    @property
    def persons_deciding(self) -> tuple[str, ...]:
        """Who must study and decide a flag (the deciding organization's secretaries when
        it was raised): who must answer it, not anyone accused; empty for an action."""
        return () if self.flag is None else tuple(self.flag.person_ids)

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

    @property
    def persons_to_answer(self) -> tuple[str, ...]:
        """Whom a ``charged: true`` route sends to: those an action charges (and for a
        correction those it no longer names), or those who must decide a flag."""
        return (*self.persons_charged, *self.persons_withdrawn, *self.persons_deciding)


def alert_of(envelope: Envelope) -> Alert | None:
    """The alert an envelope carries, or None when it is no accountability action or flag."""
    data = envelope.data
    if isinstance(data, SituationFlag):
        kind, action, flag = _KINDS[type(data)], None, data
    elif isinstance(data, AccountabilityAction):
        kind, action, flag = _KINDS.get(type(data), AlertKind.MEASURE), data, None
    else:
        return None
    return Alert(
        event_id=envelope.id, event_type=envelope.type, kind=kind, action=action, flag=flag
    )
