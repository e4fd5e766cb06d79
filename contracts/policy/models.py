"""The accountability policy (问责政策): the seed's section 四 as a ladder of rungs.

Each :class:`Rung` fires on its :data:`RungTrigger` s and proposes
:class:`Measure` s, optionally with a rectification deadline (限期整改);
the organization department decides and records the human actions. The
ladder is the seed's local rule, so its thresholds are policy settings;
《中国共产党问责条例》 §8 supplies the national measures.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from contracts.catalog.event_fields import ALL_EVENTS, event_fields
from contracts.catalog.versioning import Clause, Entry, FrozenModel, VersionedDocument
from contracts.events.enums import DecidingBody, Ground


class Measure(StrEnum):
    """问责措施, each published as its own accountability event."""

    REMINDER = "reminder"  # 提醒
    CRITICISM = "criticism"  # 提出批评、限期整改
    NOTICE = "notice"  # 通报
    INTERVIEW = "interview"  # 约谈
    ADMONISHMENT = "admonishment"  # 诫勉谈话
    NOTIFIED_CRITICISM = "notified_criticism"  # 通报批评
    AWARD_ELIGIBILITY_REVOKED = "award_eligibility_revoked"  # 取消年度评优评先资格

    @property
    def output_event(self) -> str:
        """The ``zeren.accountability.v2`` event type that announces this measure."""
        return _MEASURE_EVENTS[self]

    @property
    def charges_leading_group(self) -> bool:
        """Whether the measure holds people to account, so may charge the leading group.

        Not a reminder (提醒, before any deadline, is no accountability) and not the
        loss of award eligibility, whose subjects the seed names itself
        (取消党组织及其负责人年度评优评先资格).
        """
        return self not in (Measure.REMINDER, Measure.AWARD_ELIGIBILITY_REVOKED)


_MEASURE_EVENTS = {
    Measure.REMINDER: "ReminderIssued",
    Measure.CRITICISM: "CriticismIssued",
    Measure.NOTICE: "NoticeCirculated",
    Measure.INTERVIEW: "InterviewRequired",
    Measure.ADMONISHMENT: "AdmonishmentRequired",
    Measure.NOTIFIED_CRITICISM: "NotifiedCriticismIssued",
    Measure.AWARD_ELIGIBILITY_REVOKED: "AwardEligibilityRevoked",
}


class _EventTriggerBase(FrozenModel):
    event: str

    @model_validator(mode="after")
    def _known_event(self) -> Self:
        event_fields(self.event, ALL_EVENTS)
        return self


class OnEvent(_EventTriggerBase):
    """Fires on each ``event`` (e.g. ``DutyDueSoon``, ``DutyOverdue``)."""

    kind: Literal["event"]


class Widespread(_EventTriggerBase):
    """带有普遍性的问题: the same duty ``event`` (overdue) in one period for at least
    ``share`` of the units owing it, and at least ``min_units`` of them."""

    kind: Literal["widespread"]
    share: float = Field(gt=0, le=1)
    min_units: int = Field(ge=1)


class Prominent(_EventTriggerBase):
    """特别突出的问题: one unit with ``min_count`` ``event`` s (overdue duties) within
    ``window_months`` months."""

    kind: Literal["prominent"]
    min_count: int = Field(ge=1)
    window_months: int = Field(ge=1)


class Determined(FrozenModel):
    """问题没有及时解决，造成不良影响和严重后果: both stand for one case.

    The problem was not solved in time (a rectification deadline of the case
    passed unrectified) and the committee determined serious consequences
    (``SeriousConsequenceDetermined``); whichever comes second fires the rung.
    """

    kind: Literal["determined"]


class RectificationMissed(FrozenModel):
    """限期未整改: the deadline set by rung ``after_rung`` passes without one of ``cleared_by``."""

    kind: Literal["rectification_missed"]
    after_rung: str
    cleared_by: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_events(self) -> Self:
        for event in self.cleared_by:
            event_fields(event, ALL_EVENTS)
        return self


RungTrigger = Annotated[
    OnEvent | Widespread | Prominent | RectificationMissed | Determined,
    Field(discriminator="kind"),
]

#: The ground (依据情形) each kind of trigger gives a proposal.
GROUNDS = {
    "widespread": Ground.WIDESPREAD,
    "prominent": Ground.PROMINENT,
    "rectification_missed": Ground.RECTIFICATION_MISSED,
    "determined": Ground.SERIOUS_CONSEQUENCE,
}


class Rung(Entry):
    """问责梯级: one step of the ladder; ``order`` 1 is the mildest.

    ``decided_by`` None: the system takes the measures itself (提醒, 督办的批评);
    otherwise it only proposes them (问责建议) to that body, and they exist once
    its decision is recorded (the system proposes, people decide).
    """

    order: int = Field(ge=1)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    triggers: tuple[RungTrigger, ...] = Field(min_length=1, description="Any one fires the rung")
    measures: tuple[Measure, ...] = Field(min_length=1)
    rectification_days: int | None = Field(default=None, ge=1)
    decided_by: DecidingBody | None = None
    clause: Clause
    policy_setting: bool = True

    @property
    def automatic(self) -> bool:
        """Whether the system takes the measures itself (no decision needed)."""
        return self.decided_by is None


class PolicySettings(FrozenModel):
    """Policy-wide settings.

    ``charge_leading_group_members``: when an organization is held
    accountable, the responsible members of its leading group are too
    (问责条例 2019: 对党组织问责的，应当同时对该党组织中负有责任的领导班子成员进行问责).
    负有责任的 are the unit's secretaries (第一责任人) and the holders of the
    office the duty falls on (分管的委员), not every member: a measure the
    system takes on an organization's case that charges people
    (:attr:`Measure.charges_leading_group`) names them as they are at the
    time; ``basis`` is the clause the alert text cites for it.
    """

    charge_leading_group_members: bool
    basis: Clause


class AccountabilityPolicy(VersionedDocument):
    """问责政策 (one version): the ladder, strictly ordered, every rung citing its clause."""

    settings: PolicySettings
    rungs: tuple[Rung, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _a_ladder(self) -> Self:
        orders = [r.order for r in self.rungs]
        if any(later <= earlier for earlier, later in pairwise(orders)):
            raise ValueError(f"rungs must be listed in strictly increasing order, got {orders}")
        ids = [r.id for r in self.rungs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate rung ids in {ids}")
        automatic = [r.automatic for r in self.rungs]
        if automatic != sorted(automatic, reverse=True):
            raise ValueError("automatic rungs must all be milder than the decided ones")
        for position, rung in enumerate(self.rungs):
            earlier = {r.id: r for r in self.rungs[:position]}
            for trigger in rung.triggers:
                if isinstance(trigger, RectificationMissed):
                    base = earlier.get(trigger.after_rung)
                    if base is None or base.rectification_days is None:
                        raise ValueError(
                            f"rung {rung.id!r}: after_rung {trigger.after_rung!r} must be an "
                            "earlier rung that sets rectification_days"
                        )
        return self

    @cached_property
    def rungs_by_id(self) -> dict[str, Rung]:
        """Each rung by its id."""
        return {rung.id: rung for rung in self.rungs}

    @cached_property
    def rungs_on_event(self) -> dict[str, tuple[Rung, ...]]:
        """For each event an ``event`` trigger names, the rungs it fires, mildest first."""
        fired: dict[str, list[Rung]] = {}
        for rung in self.rungs:
            for event in dict.fromkeys(t.event for t in rung.triggers if isinstance(t, OnEvent)):
                fired.setdefault(event, []).append(rung)
        return {event: tuple(rungs) for event, rungs in fired.items()}

    def rung(self, rung_id: str) -> Rung:
        """The rung with id ``rung_id``; ``KeyError`` if there is none."""
        found = self.rungs_by_id.get(rung_id)
        if found is None:
            raise KeyError(f"no rung {rung_id!r} in policy {self.version}")
        return found
