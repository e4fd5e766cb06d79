"""The documents of the accountability ledger (问责台账): cases, office holders, duty groups.

Every model is JSON-ready (it is stored as one keyed document) and mutable:
the fold updates them in place and marks their key as changed.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, PlainSerializer, field_validator

from contracts.events.enums import DecidingBody, Ground, Office, Rung
from contracts.events.oversight import DecisionReviewed
from services.common.stored import when_any, when_set


class CaseStatus(StrEnum):
    """State of an accountability case (案件状态)."""

    OPEN = "open"  # 办理中
    RESOLVED = "resolved"  # 整改到位、已办结
    CLOSED = "closed"  # 组织部结案


class Step(BaseModel):
    """One entry of a case's history (办理记录): what happened, when, on which event."""

    on: date
    event_id: str
    what: str


class DecisionRecord(BaseModel):
    """A recorded decision on a case (问责决定) and what review made of it."""

    decision_id: str
    decided_by: DecidingBody
    decided_on: date
    meeting: str
    measures: list[Rung]
    person_ids: list[str]
    event_id: str
    #: None while in force as decided; else the outcome (复查结论) of its latest review by
    #: day, or revoked once a review revoked it (whatever the order of recording, 补录).
    reviewed: str | None = None
    reviewed_on: date | None = when_set(
        description="The day of the review whose outcome ``reviewed`` is. A decision stored"
        " before this field has none: its next review gives its outcome, as before",
    )


class EndedDeadline(BaseModel):
    """A rectification deadline (整改期限) ended the day its holder left the office
    (``left_on``): the day it ran to and the rung that set it."""

    left_on: date
    rectify_by: date
    level: str | None = None


class Running(BaseModel):
    """The rectification deadline (整改期限) running when a case ended, if any, and the rung
    that set it: given back if the case is taken up again."""

    rectify_by: date | None = None
    level: str | None = None


class Waived(Running):
    """免除: a case resolved because its duty was waived, and the rectification deadline
    (整改期限) that was running then, if any, with the rung that set it."""

    withdrawn: Withdrawn | None = when_set(
        description="The overdue the waiver took off the records 特别突出 counts (免除 after "
        "the overdue: it did not hold), put back on its day if the duties service says the "
        "duty owed again as it stood (同日转任 recorded late). A case stored before this "
        "field has none: owed again, it gets nothing back, as before",
    )
    stood: list[Stood] = when_any(
        list,
        description="The cases (this one and its unit's others) whose grounds and proposals "
        "the waiver dropped, as they stood before it: given back with the overdue. A case "
        "stored before this field has none: nothing is given back, as before",
    )


class Withdrawn(BaseModel):
    """An overdue taken off the records 特别突出 counts: its entries in the duty groups
    (``listed``: group key, entry) and the days it counted on each record (``counted``:
    record key, day)."""

    listed: list[tuple[str, OverdueCase]] = Field(default_factory=list)
    counted: list[tuple[str, date]] = Field(default_factory=list)


class Stood(BaseModel):
    """How a case's grounds and proposals stood before a waiver dropped some of them."""

    case_id: str
    grounds: list[Ground]
    raised: list[Raised]
    proposed: list[str]
    missed_deadline: bool = False
    missed_on: date | None = None


class Settled(Running):
    """整改到位、结案: a case ended by a step of its own day (``on``): the duty fulfilled (履行
    到位), the rectification accepted (整改验收) or the case closed (结案); and the deadline
    running then. A decision recorded after it (补录) and dated before it set its deadline
    on a case still open: that deadline ran until ``on``. A fulfilment the duties service
    takes back gives the deadline back."""

    on: date


class Folded(BaseModel):
    """What a ground that arose while its rung stood proposed, undecided, would have
    proposed had a decision been recorded on the case by then: the rung (``rung``), why
    (``reason``) and whom (``person_ids``, 相关责任人 that day). It was added to the grounds
    of the proposal standing, proposing nothing."""

    rung: str
    reason: str
    person_ids: list[str] = Field(default_factory=list)


#: Grounds found at the close of their day (日终): 特别突出 counts what was let pass overdue up
#: to the end of the day, once every partition has passed it. The others are found by the
#: tick that opens their day (限期未整改, 普遍性) or by the step that determines them.
AT_THE_CLOSE = frozenset({Ground.PROMINENT})


class Raised(BaseModel):
    """A ground (问责情形) of a case and the day it arose (``on``): the day the system raised
    it, that of the proposal (问责建议) it was put to people in. A decision weighed the
    grounds that stood when it was taken (:meth:`stood_on`), whenever it is recorded.

    ``folded`` is set on a ground added to a standing proposal while no decision was
    recorded on the case (:class:`Folded`); a decision taken before it (:meth:`stood_on`)
    and recorded after it (补录) did not weigh it, and it is proposed when that decision is
    recorded, as it would have been had the decision been recorded on its day. The first
    decision recorded clears it: from then on, a ground arising is proposed on its day."""

    ground: Ground
    on: date
    folded: Folded | None = when_set()
    named: list[str] | None = when_set(
        description="相关责任人 the ground named (特别突出: on a unit's case, those of its "
        "persons whose own record showed the count), less those whose own count no longer "
        "holds since (补录). None: a ground naming no one of its own, or one raised before "
        "this field was kept (a count falling later is weighed for the unit only, as it was)",
    )
    gone_noted_on: date | None = when_set(
        description="特别突出: the day the case said the count the ground rests on no longer "
        "holds (不再成立, 补录); a decided case keeps the ground (people decided) and says so "
        "once. None: not said, or said before this field was kept: such a case says it once "
        "more (a note in its history, nothing sent) the next time the count is weighed again",
    )

    def name(self, person: str) -> None:
        """The ground (and one folded into a standing proposal) names ``person`` too."""
        if self.named is not None and person not in self.named:
            self.named.append(person)
        if self.folded is not None and person not in self.folded.person_ids:
            self.folded.person_ids.append(person)

    def unname(self, person: str) -> None:
        """The ground (and one folded into a standing proposal) names ``person`` no longer."""
        if self.named is not None and person in self.named:
            self.named.remove(person)
        if self.folded is not None and person in self.folded.person_ids:
            self.folded.person_ids.remove(person)

    def stood_on(self, day: date) -> bool:
        """Whether the ground was known to a decision dated ``day``: it arose before that day,
        or on it but not at its close (:data:`AT_THE_CLOSE`: the deciders could not know a
        count made after they decided; people are asked about it anew)."""
        return self.on < day or (self.on == day and self.ground not in AT_THE_CLOSE)


class Case(BaseModel):
    """问责案件: one missed obligation or one inspection finding, and its way up the ladder.

    ``organization_id`` is the unit that owed the duty (责任单位), which for a
    duty charged to the parent is not the unit the duty is about
    (``subject_organization_id``). ``level`` is the highest rung whose measures
    were taken (``reminder``, ``criticism``…; None before any measure);
    ``proposed`` the decided rungs proposed so far (问责建议) and ``grounds``
    why (``raised``: the day each arose); ``rectify_by`` the running rectification
    deadline (整改期限) set by rung ``deadline_level``; ``missed_deadline`` that one
    passed unrectified (问题没有及时解决) and ``serious`` that serious consequences
    were determined (造成严重后果, on ``determined_on``). ``outstanding`` holds the items still
    unfulfilled (a self-check's questions, ``""`` for the unit itself);
    ``office`` the office whose holder's own duty (个人职责) the case is
    about, None on a case of the organization (对党组织问责); ``person_ids``
    every holder who owed the duty when the case opened (责任人); ``catalog_version`` the
    duty catalog version its statuses name (责任清单版本), by which the duties service
    judged it (None: a finding's or the self-check's, or a case stored before the field,
    read by the version in force on its deadline as then).
    """

    case_id: str
    organization_id: str
    home_partition: int
    subject_zh: str
    opened_on: date
    year: int
    duty_id: str | None = None
    period: str | None = None
    due_on: date | None = None
    owed_on: date | None = when_set(
        description="The deadline the duty's rule set (its period's end plus the grace) when "
        "the duties service judged the period by a later ``due_on`` (a period opened late, "
        "补录, has its deadline run from then): the holders of that day owed the duty, and "
        "the case names them and the secretaries of that day (第一责任人). None: ``due_on`` "
        "is the rule's own, or a case stored before this field (read by ``due_on``, as it was)",
    )
    catalog_version: str | None = None
    finding_id: str | None = None
    inspection_id: str | None = None
    office: Office | None = None
    subject_organization_id: str | None = None
    person_ids: list[str] = Field(default_factory=list)
    status: CaseStatus = CaseStatus.OPEN
    level: str | None = None
    proposed: list[str] = Field(default_factory=list)
    grounds: list[Ground] = Field(default_factory=list)
    missed_deadline: bool = False
    serious: bool = False
    determined_on: date | None = when_set(
        description="造成严重后果: the day the committee determined it (认定日期), the earliest "
        "if determined more than once. The top rung's ground (问题没有及时解决，造成不良影响和"
        "严重后果) arises on the later of it and the day a deadline was found missed, whatever "
        "the order they were recorded in. A case stored before this field has none: its "
        "ground is dated by the day it is raised, as it was",
    )
    waived: Waived | None = when_set(
        description="Resolved because its duty was waived (免除), with the rectification "
        "deadline then running: the duties service may find it owed again (再次任职, "
        "同日转任), which reopens the case with that deadline",
    )
    raised: list[Raised] = when_any(
        list,
        description="The day each of ``grounds`` arose (:class:`Raised`), so that a decision "
        "recorded late (补录) is placed among them by its own day. A case stored before this "
        "field has no day for its grounds: each is taken as standing before any decision, so "
        "a decision recorded later cites them all and proposes none of them again, as it did",
    )
    decisions: list[DecisionRecord] = Field(default_factory=list)
    deadline_level: str | None = None
    rectify_by: date | None = None
    ended_by_leaving: EndedDeadline | None = when_set(
        description="The rectification deadline its holder's leaving ended (离任，无从整改), "
        "kept until an appointment of theirs that day to an office of the duty gives it "
        "back (同日转任). A case stored before this field has none: a deadline a leaving "
        "ended then stays ended, as it did",
    )
    settled: Settled | None = when_set(
        description="Resolved or closed by a step of its own day (履行到位、整改验收、结案, "
        ":class:`Settled`), with the deadline then running. A case stored before this field "
        "has none: a decision recorded later leaves it as it stood (no deadline of the "
        "decision's is placed before its end), and a fulfilment taken back gives no deadline "
        "back, as before",
    )
    fulfilled_on: date | None = when_set(
        description="Resolved because its duty was fulfilled (履行到位), on this day: the "
        "duties service may say it owed again (a 联系点 recorded late shows the visits were "
        "not to it, 补录), which reopens the case. A case stored before this field has none: "
        "it stays resolved, as it did",
    )
    missed_on: date | None = when_set(
        description="限期未整改: the earliest rectification deadline (整改期限) found passed "
        "unrectified. A step of the department dated on or before it (整改验收, 结案) and "
        "recorded after it (补录) shows it was not missed, as does a decision then bringing "
        "the case to a higher rung (its deadline replaced this one). On a duty's case every "
        "deadline missed is one a rung set (批评，限期整改; a decision's); a finding's case "
        "keeps its two kinds apart too (``finding_missed_on``, ``rung_missed_on``). A case "
        "stored before this field has none: such a step recorded later leaves the miss "
        "standing, as it did",
    )
    finding_missed_on: date | None = when_set(
        description="On a finding's case (督导检查、自查发现的问题), its own 整改期限 (the one "
        "the finding set) found passed unrectified: 问题没有及时解决, but no rung's deadline, "
        "so it raises no 限期未整改 ground and no decision replaces it; a step of the "
        "department dated after it leaves it missed, whatever deadline after it that step "
        "met. A finding's case stored before this field has none (nor ``rung_missed_on``): "
        "``missed_on`` is then taken for its own deadline, so that a step dated on or before "
        "it shows every miss met and one dated after it leaves every miss standing, as it did",
    )
    rung_missed_on: date | None = when_set(
        description="On a finding's case, the earliest deadline a rung set (批评，限期整改; a "
        "decision's) found passed unrectified, apart from its own (``finding_missed_on``): "
        "the one the 限期未整改 ground rests on and whose passing named the holders of its "
        "day (``named_before_missed``). A step dated on or before it (补录) shows it met, the "
        "finding's own deadline staying missed if the step came after that one. A duty's "
        "case has none (``missed_on`` is that deadline); for a finding's case stored before "
        "this field see ``finding_missed_on``",
    )
    named_before_missed: list[str] | None = when_set(
        description="The persons the case named before a rectification deadline passing "
        "unrectified named the holders of that day (整改期限届满时的责任人), kept from the "
        "first such deadline: a step recorded late (补录) showing it met (``missed_on`` "
        "lapses) names them again, as had the step been recorded on its day. A duty status "
        "naming the persons anew ends it. A case stored before this field has none: a lapse "
        "leaves the holders the deadline named, as it did",
    )
    deadline_named_on: date | None = when_set(
        description="The last rectification deadline (整改期限) whose passing unrectified named "
        "the holders of its day (整改期限届满时的责任人): a leaving or an appointment recorded "
        "after it (补录), dated on or before it, corrects whom the case names as of it. A "
        "case stored before this field has none: the earliest deadline missed is taken "
        "(``missed_on``), as it was",
    )
    outstanding: list[str] = Field(default_factory=list)
    evidence_event_ids: list[str] = Field(default_factory=list)
    history: list[Step] = Field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status is CaseStatus.OPEN

    @property
    def fell_due_on(self) -> date | None:
        """The day the duty fell due by its rule (到期): whose holders owed it."""
        return self.owed_on or self.due_on

    @property
    def person_id(self) -> str | None:
        """The first person who owed the duty (主要责任人), if any."""
        return self.person_ids[0] if self.person_ids else None

    @property
    def work(self) -> str:
        """The distinct work the case counts as on the records 特别突出 reads: its duty, or
        the case itself for a finding (each finding's rectification is a work of its own)."""
        return self.duty_id or self.case_id

    def add_ground(
        self,
        ground: Ground,
        on: date,
        folded: Folded | None = None,
        named: list[str] | None = None,
    ) -> None:
        """A ground (问责情形) arising on ``on`` (``folded``: into a standing proposal;
        ``named``: the persons it names, if not the case's)."""
        self.grounds.append(ground)
        self.raised.append(Raised(ground=ground, on=on, folded=folded, named=named))

    def drop_ground(self, ground: Ground) -> bool:
        """The ground no longer holds (不再成立); whether the case cited it."""
        if ground not in self.grounds:
            return False
        self.grounds.remove(ground)
        self.raised = [raised for raised in self.raised if raised.ground != ground]
        return True

    def decided_on_or_after(self, day: date) -> bool:
        """Whether a decision dated on or after ``day`` is recorded: people decided whom
        its measures name, on what was registered then."""
        return any(decided.decided_on >= day for decided in self.decisions)

    def done_before(self, day: date) -> bool:
        """Whether the duty was done (``fulfilled_on``) before ``day``: one who took office
        that day found the work done."""
        return self.fulfilled_on is not None and self.fulfilled_on < day

    def decided_since(self, ground: Ground) -> bool:
        """Whether a decision dated on or after the day ``ground`` arose is recorded: people
        weighed it (a ground of no known day, stored before days were kept: any decision)."""
        arose = next((raised.on for raised in self.raised if raised.ground == ground), None)
        return any(arose is None or decided.decided_on >= arose for decided in self.decisions)

    def grounds_on(self, day: date) -> list[Ground]:
        """The grounds a decision dated ``day`` weighed: those that stood when it was taken
        (:meth:`Raised.stood_on`), and those of no known day (a case stored before the days
        were kept)."""
        raised = {known.ground: known for known in self.raised}
        return [g for g in self.grounds if g not in raised or raised[g].stood_on(day)]

    def decision(self, decision_id: str) -> DecisionRecord | None:
        """The recorded decision ``decision_id`` on this case, if any."""
        return next((d for d in self.decisions if d.decision_id == decision_id), None)

    def note(self, on: date, event_id: str, what: str) -> None:
        """Append to the history and to the evidence (依据事件), each id once."""
        self.history.append(Step(on=on, event_id=event_id, what=what))
        if event_id not in self.evidence_event_ids:
            self.evidence_event_ids.append(event_id)


class Holder(BaseModel):
    """A current holder of one office of one organization (现任职务人); there may be several."""

    person_id: str
    person_name: str


class Term(BaseModel):
    """A term in one office of one organization (任期): the day it began (任职) and the day
    it ended (离任; None while held), so that the holders of a past day can be read: a
    rectification deadline found passed only after it (a decision recorded after its own
    deadline, 补录) names those of its day (整改期限届满时的责任人)."""

    person_id: str
    appointed_on: date
    left_on: date | None = None
    person_name: str | None = when_set(
        description="The name the appointment gave (姓名): a former holder named by a measure "
        "is named by it too. A term stored before this field has none: its holder is named "
        "by id once they left, as before",
    )

    def held_on(self, day: date) -> bool:
        """Held at the close of ``day`` (a day's facts come before the next day's tick)."""
        return self.appointed_on <= day and (self.left_on is None or day < self.left_on)


class Flag(BaseModel):
    """A situation flagged for people to decide (情况提示); it opens no case, takes no measure.

    A member's (党员情况提示: 党章第九条, 失联, 外出未转接) is for his branch to handle;
    an organization's (组织情况提示: 任期, 换届, 支部规模) for the higher organization
    to decide. ``decides`` is that organization and ``person_ids`` its secretaries
    when the flag was raised (``flagged_on``, the day of the tick that raised it): who
    must answer it. A flag a later record shows does not stand (a member's leaving the
    roll recorded late, 补录) is withdrawn (撤回): kept, with the day (``withdrawn_on``),
    the fact that showed it (``withdrawn_by``) and why (``withdrawn_zh``).
    """

    event_id: str
    flagged_on: date
    organization_id: str
    member_id: str | None = None
    duty_id: str
    situation: str
    since: date | None = None
    due_on: date
    clause: str
    decides: str
    person_ids: list[str] = Field(default_factory=list)
    detail_zh: str | None = None
    withdrawn_on: date | None = None
    withdrawn_by: str | None = None
    withdrawn_zh: str | None = None
    made_up_on: date | None = when_set(
        description="补交: the first day a month of its run (党章第九条) was paid after it was "
        "raised, as a payment recorded late told (it stood: the month was unpaid when it "
        "was raised). A consent to dues by quarter recorded later may show the payment "
        "came within the quarter (:func:`services.accountability.domain.flags._by_quarter`). "
        "A flag stored before this field has none: no such payment known",
    )
    payable_until: date | None = when_set(
        description="按季度交纳: the last day the dues of the month its run reached six were "
        "payable, as a consent to dues by quarter recorded after it was raised said (its "
        "quarter's last day, ended then with no payment known): a payment of a month of its "
        "run made by that day, recorded later (补录), shows it false "
        "(:func:`services.accountability.domain.flags._paid`). A flag stored before this "
        "field has none: no such consent known",
    )
    left_roll_on: date | None = when_set(
        description="停止党籍 or 转出 after it was raised, which left it standing (true when "
        "raised): a consent to dues by quarter recorded later shows whether the quarter of "
        "the month its run reached six ended with him on the roll "
        "(:func:`services.accountability.domain.flags._by_quarter`). A flag stored before "
        "this field has none: no such leaving known",
    )

    @property
    def year(self) -> int:
        return self.flagged_on.year

    @property
    def stands(self) -> bool:
        """Whether the flag still asks for a decision: not withdrawn."""
        return self.withdrawn_on is None


class OverdueCase(BaseModel):
    """A case overdue in a duty group, and the DutyOverdue event that made it so."""

    case_id: str
    event_id: str


class ProminentCheck(BaseModel):
    """An overdue the 特别突出 rule weighs once every partition has passed its ``day``.

    The rule counts what the unit (or, for ``person``'s own duty, the holder) let
    pass overdue up to the end of that day, in every partition: so its verdict
    does not depend on the order in which the day's overdue duties were read.
    """

    day: date
    case_id: str
    #: The ``DutyOverdue`` weighed: a proposal's id is derived from it.
    event_id: str
    due_on: date
    #: The holder whose own duty (个人职责) it is; None for the unit's record.
    person: str | None = None


class DutyGroup(BaseModel):
    """One duty for one period across all units owing it (同一责任事项同一周期).

    A unit owes the duty in the period when its status ended fulfilled
    (``DutyFulfilled``) or overdue (``DutyOverdue``); waived units and units
    only reminded do not count. The widespread rule (普遍性问题) is evaluated
    after every partition has passed the deadline tick of ``due_on``: the latest
    deadline of a unit known to owe it (by its reminder or its status). A unit
    recorded late (补录) owes the period with its own, later grace; learnt after
    the evaluation, it makes the group to be evaluated again once its deadline
    has passed, which adds proposals and withdraws none.
    """

    duty_id: str
    period: str
    #: The latest deadline of the units known to owe the duty in the period.
    due_on: date
    #: Units whose status ended fulfilled; stored sorted, so that a dump is deterministic.
    fulfilled: Annotated[set[str], PlainSerializer(sorted, return_type=list[str])] = Field(
        default_factory=set
    )
    #: Overdue units, each with its cases: one, or one per holder for an office holder's
    #: own duty (个人职责), every one of them escalated when the problem is widespread.
    overdue: dict[str, list[OverdueCase]] = Field(default_factory=dict)
    evaluated: bool = False

    @field_validator("overdue", mode="before")
    @classmethod
    def _one_case_a_unit_before(cls, value: Any) -> Any:
        """A group stored when a unit had one case in it held that case alone."""
        if isinstance(value, dict):
            return {org: [case] if isinstance(case, dict) else case for org, case in value.items()}
        return value


class GroupPart(BaseModel):
    """One lane's units in a duty group (see :class:`DutyGroup`), as it tells the others."""

    duty_id: str
    period: str
    due_on: date
    fulfilled: Annotated[set[str], PlainSerializer(sorted, return_type=list[str])] = Field(
        default_factory=set
    )
    overdue: Annotated[set[str], PlainSerializer(sorted, return_type=list[str])] = Field(
        default_factory=set
    )


class Elsewhere(BaseModel):
    """What another lane last told (跨分区汇总) of its records of duties let pass overdue
    (the 特别突出 rule's, by record key) and of its units in each duty group (the 普遍性
    rule's, by group key)."""

    records: dict[str, list[tuple[date, str]]] = Field(default_factory=dict)
    groups: dict[str, GroupPart] = Field(default_factory=dict)


class Revocation(BaseModel):
    """A lost award eligibility (取消年度评优评先资格): an organization or its head."""

    year: int
    subject: str  # "organization" (党组织) or "person" (负责人)
    subject_id: str
    organization_id: str
    case_id: str
    decided_on: date
    event_id: str
    reason_zh: str
    decision_id: str | None = None
    #: Set when a review cancelled it (恢复评优评先资格): the day and the event.
    restored_on: date | None = None
    restored_event_id: str | None = None


class Unapplied(BaseModel):
    """A step of the department's naming a case the ledger does not hold (未予执行的处理记录).

    The registry cannot know the cases, so it accepts a decision, determination, review,
    closure, interview record or acceptance whose case id no case has (a slip; a decision
    or determination under an id of the department's own opens a case of its own). It
    changes nothing; it is kept under the unit it names (``organization_id``) with why
    (``reason_zh``), so that the department sees it was not applied. So is an acceptance
    naming a finding (``finding_id``, no case id) not entered yet, until it is: the finding
    entered (补录), the duties service applies the acceptance, and the entry goes. So is a
    review naming a decision not recorded yet (``review``), until the decision is: then
    the review is applied, and the entry goes.
    """

    event_id: str
    event_type: str
    organization_id: str
    case_id: str | None = None
    finding_id: str | None = None
    recorded_on: date
    reason_zh: str
    review: DecisionReviewed | None = when_set(
        description="A review (复查结论) waiting for the decision it names: applied once that "
        "decision is recorded (补录), as it would have been had the decision come first",
    )


def award_year(period: str, period_start: date, period_end: date) -> int:
    """The year whose awards (年度评优评先) a duty's period counts for.

    A term (``term:…``) counts for the year it ends, when the election is
    due; a ``within:`` obligation for the year it arose; any other period
    (month, quarter, year, semester) for the calendar year holding its middle
    day, so the first semester of academic year 2018 (September–January)
    counts for 2018 and its second (spring 2019) for 2019.
    """
    if period.startswith("term:"):
        return period_end.year
    if period.startswith("within:"):
        return period_start.year
    return (period_start + (period_end - period_start) / 2).year
