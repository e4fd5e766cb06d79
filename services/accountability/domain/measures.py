"""Taking a measure (采取问责措施): raise a case to a rung, propose, record, resolve.

A :class:`Decision` is the context of one folded event: the ledger, the
partition, the cause, the log's day and the policy in force on it. The
system takes the automatic rungs' measures itself (提醒, 批评); for the others
it emits a proposal (问责建议) with its grounds, and takes the measures only
when a decision is recorded (问责决定), for the persons decided. Every
emitted event names the policy version and the rung's clause, carries the
Chinese alert text and the evidence ids, and has an id derived from its
cause, measure and case, so a replay emits the very same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contracts.envelope import Envelope, new_envelope
from contracts.events.accountability import (
    AccountabilityProposed,
    AwardEligibilityRestored,
    CaseResolved,
    DecisionReviewConcluded,
    ResponsiblePersonsCorrected,
)
from contracts.events.base import Payload
from contracts.events.enums import Ground, Office, ReviewOutcome
from contracts.events.enums import Rung as RungLevel
from contracts.events.oversight import AccountabilityDecided, DecisionReviewed
from contracts.policy import AccountabilityPolicy, Measure, Rung
from contracts.types import EVENT_TYPES, TYPE_PREFIX
from services.accountability.domain import ladder
from services.accountability.domain.models import (
    Case,
    CaseStatus,
    DecisionRecord,
    Folded,
    Raised,
    Revocation,
    Settled,
)
from services.accountability.domain.state import ELIGIBILITY, Ledger
from services.accountability.domain.texts import Alert, day_label, decided_by_label
from services.common.ids import derived_id

#: CloudEvents source of every accountability event.
SOURCE = "urn:zeren:accountability"
#: Most evidence ids an event may carry (contracts: ``EvidenceIds``).
EVIDENCE_LIMIT = 50
#: The offices, in the order of the holder keys (``holder_key``).
_OFFICES = sorted(office.value for office in Office)
#: The measures, mildest first (a decision's highest one names its rung).
_DECIDED = tuple(RungLevel)


@dataclass(frozen=True)
class Emitted:
    """One output event and the partition it goes to (the cause's partition)."""

    partition: int
    envelope: Envelope


@dataclass
class Decision:
    """The context of one folded event (one decision of the ledger)."""

    ledger: Ledger
    partition: int
    cause: Envelope
    today: date
    policy: AccountabilityPolicy
    outputs: list[Emitted] = field(default_factory=list)

    def case(self, case_id: str) -> Case | None:
        return self.ledger.cases.get(case_id)

    def save(self, case: Case) -> None:
        self.ledger.save_case(case)

    def escalate(
        self,
        case: Case,
        rung: Rung,
        reason: str,
        ground: Ground | None = None,
        cause_id: str | None = None,
        persons: list[str] | None = None,
        arose: date | None = None,
    ) -> None:
        """Bring ``case`` to ``rung`` unless it is there already: take or propose its measures.

        A rung is proposed once, and again on a ground that arises after a decision was
        recorded on the case: that decision weighed only the grounds it was given, and
        people decide on the new one. A new ground added to a standing proposal while no
        decision is recorded keeps what it would propose (:class:`Folded`), for a decision
        recorded late (补录) dated before it (:meth:`_not_weighed`). A proposal names
        ``persons`` (相关责任人) if given, else the persons the case names. ``ground`` arose
        on ``arose`` if given (facts recorded late, 补录, dated before the day), else today;
        the proposal is made today. A rung reached already proposes nothing; a decision that
        took it after ``ground`` arose weighed it (:meth:`_weighed`)."""
        named = case.person_ids if persons is None else persons
        named_now = None if persons is None else list(named)
        if rung.order <= ladder.order(self.policy, case.level):
            if ground is not None and ground not in case.grounds:
                self._weighed(case, rung, Raised(ground=ground, on=arose or self.today), named_now)
            return
        new = ground is not None and ground not in case.grounds
        if ground is not None and new:
            waits = not rung.automatic and rung.id in case.proposed and not case.decisions
            folded = Folded(rung=rung.id, reason=reason, person_ids=list(named)) if waits else None
            case.add_ground(ground, arose or self.today, folded, named_now)
        if rung.automatic:
            self._take(case, rung, reason, cause_id)
        elif rung.id not in case.proposed or (new and case.decisions):
            self._propose(case, rung, reason, cause_id, named)
        else:
            self.save(case)

    def _weighed(self, case: Case, rung: Rung, raised: Raised, named: list[str] | None) -> None:
        """补录: a ground (``raised``, with the day it arose) for ``rung``, recorded after a
        decision that took ``rung`` or a higher one and knew it (dated on or after its day,
        :meth:`Raised.stood_on`): that decision weighed it, as it would have had the ground
        been recorded on its day and proposed then. The case cites it with its day
        (``Case.grounds_on``: a review of the decision cites it) and proposes nothing: the
        decision overtook the proposal (不再另行研究). One arising after every such decision
        is left to people, as before: the rung they took is not proposed again."""
        took = [d for d in case.decisions if raised.stood_on(d.decided_on) and self._took(d, rung)]
        if not took:
            return
        decided = min(took, key=lambda d: d.decided_on)
        case.add_ground(raised.ground, raised.on, named=named)
        by = f"{decided.decided_by.label_zh}{day_label(decided.decided_on)}"
        case.note(
            self.today,
            self.cause.id,
            f"{day_label(raised.on)}起即有“{raised.ground.label_zh}”情形，{rung.name_zh}已由{by}"
            "的决定作出，不再另行研究",
        )
        self.save(case)

    def _took(self, decided: DecisionRecord, rung: Rung) -> bool:
        """Whether ``decided`` took the measures of ``rung`` or of a higher one."""
        return ladder.reached(self.policy, decided.measures) >= rung.order

    def _take(self, case: Case, rung: Rung, reason: str, cause_id: str | None) -> None:
        """An automatic rung (提醒, 督办的批评): the system takes its measures itself."""
        case.level = rung.id
        self.set_deadline(case, rung, self.today)
        case.note(self.today, self.cause.id, f"{rung.name_zh}：{reason.lstrip('，')}")
        self.save(case)
        charged = self._leading_group(case)
        alert = self._alert(case, rung, reason, case.person_ids, charged=charged)
        for measure in rung.measures:
            extra: dict[str, Any] = {}
            if charged and measure.charges_leading_group:
                extra["leading_group_ids"] = list(charged)
            if measure is Measure.CRITICISM:
                extra["rectify_by"] = case.rectify_by
            self._announce(case, measure, rung, alert, extra, cause_id)

    def _propose(
        self, case: Case, rung: Rung, reason: str, cause_id: str | None, persons: list[str]
    ) -> None:
        """问责建议: the measures of ``rung`` proposed to its deciding body, with the grounds."""
        assert rung.decided_by is not None
        if rung.id not in case.proposed:
            case.proposed.append(rung.id)
        case.note(self.today, self.cause.id, f"建议{rung.name_zh}：{reason.lstrip('，')}")
        self.save(case)
        alert = self._alert(case, rung, reason, persons, next_step="")
        payload = AccountabilityProposed.model_validate(
            self._fields(case, RungLevel(rung.measures[0].value), rung, alert.proposal_title(rung))
            | {
                "text_zh": alert.proposal_text(rung, case.grounds),
                "measures": [RungLevel(m.value) for m in rung.measures],
                "proposed_to": rung.decided_by,
                "person_id": persons[0] if persons else None,
                "person_ids": persons,
            }
        )
        self._emit(payload, cause_id, f"propose:{rung.id}", case)

    def record(self, case: Case, data: AccountabilityDecided, said: str = "") -> None:
        """问责决定: take the measures decided, for the persons decided, nothing more;
        ``said``: what the decision, recorded late (补录), shows of what was proposed before
        it was recorded, for the case and the measures' texts. The deadline it sets is placed
        by its day before it is recorded (``actions``)."""
        decided = DecisionRecord(
            decision_id=data.decision_id,
            decided_by=data.decided_by,
            decided_on=data.decided_on,
            meeting=data.meeting,
            measures=data.measures,
            person_ids=data.person_ids,
            event_id=self.cause.id,
        )
        case.decisions.append(decided)
        by = decided_by_label(data.decided_by, data.meeting, data.decided_on)
        measures = "、".join(m.label_zh for m in data.measures) or "不予问责"
        case.note(self.today, self.cause.id, f"{by}：{measures}{said}")
        rungs = ladder.decided(self.policy, data.measures)
        if rungs and rungs[-1].order > ladder.order(self.policy, case.level):
            case.level = rungs[-1].id
        self.save(case)
        for rung in rungs:
            alert = self._alert(case, rung, f"，{by}{said}", data.person_ids)
            for measure in rung.measures:
                if RungLevel(measure.value) not in data.measures:
                    continue
                extra = self._decided_fields(case, decided, decided.decided_on)
                if measure is Measure.AWARD_ELIGIBILITY_REVOKED:
                    extra["year"] = case.year
                    self._revoke(case, decided, by)
                self._announce(case, measure, rung, alert, extra, None)
        self._not_weighed(case, decided)

    def _not_weighed(self, case: Case, decided: DecisionRecord) -> None:
        """补录: ``decided``, taken before a ground that arose while its rung stood proposed
        and was added to that proposal (:meth:`Raised.stood_on`), did not weigh it: people
        are asked anew, as they would have been on the ground's day had the decision been
        recorded by then (the system proposes, people decide). The proposal names those the
        ground would have named whom the case still names (a correction since withdrew the
        others: the right party answers); its id derives from the decision's event and the
        ground. Once a decision is recorded, no ground stays folded: a later one is proposed
        on its day."""
        for raised in case.raised:
            folded, raised.folded = raised.folded, None
            if folded is None or raised.stood_on(decided.decided_on):
                continue
            rung = self.policy.rung(folded.rung)
            if rung.order <= ladder.order(self.policy, case.level):
                continue  # the decision took that rung's measures, or more
            persons = [person for person in folded.person_ids if person in case.person_ids]
            body, day = decided.decided_by.label_zh, day_label(decided.decided_on)
            after = f"；该情形发生于{day_label(raised.on)}，在{body}{day}的决定（补录）之后"
            cause = f"{self.cause.id}|{raised.ground.value}"
            self._propose(case, rung, f"{folded.reason}{after}", cause, persons)
        self.save(case)

    def review(
        self, case: Case, decided: DecisionRecord, data: DecisionReviewed, cause_id: str
    ) -> set[RungLevel]:
        """申诉、复查结论: record it (the decision reads it if it revokes, or if no review
        applied is of a later day); restore the eligibility the review cancels. ``cause_id``
        is the review's event (folded now, or kept until its decision was recorded). The
        measures the review keeps."""
        if data.outcome is ReviewOutcome.REVOKED or data.reviewed_on >= (
            decided.reviewed_on or data.reviewed_on
        ):
            decided.reviewed, decided.reviewed_on = data.outcome.value, data.reviewed_on
        if data.outcome is ReviewOutcome.UPHELD:
            kept, persons = set(decided.measures), set(decided.person_ids)
        else:
            kept = set(data.measures)
            persons = set(decided.person_ids if data.person_ids is None else data.person_ids)
        what = f"{data.outcome.label_zh}（{data.reason}）"
        case.note(self.today, cause_id, f"{day_label(data.reviewed_on)}复查：{what}")
        self._deadline_kept(case, decided, kept, cause_id)
        self.save(case)
        highest = max(decided.measures, key=_DECIDED.index, default=RungLevel.NOTICE)
        rung = next(r for r in self.policy.rungs if highest.value in r.measures)
        alert = self._alert(case, rung, f"，经{day_label(data.reviewed_on)}复查，{what}", (), "")
        self._emit(
            DecisionReviewConcluded.model_validate(
                self._fields(case, highest, rung, f"关于{alert.org}问责决定复查结论的通知"[:200])
                | {"text_zh": alert.review_text(), "outcome": data.outcome}
                | self._decided_fields(case, decided, data.reviewed_on)
            ),
            cause_id,
            "reviewed",
            case,
        )
        revoked = RungLevel.AWARD_ELIGIBILITY_REVOKED
        if revoked in decided.measures:
            keep_org = revoked in kept
            kept_persons = persons if keep_org else set()
            self._restore(case, decided, keep_org, kept_persons, alert, data.reviewed_on, cause_id)
        return kept

    def _deadline_kept(
        self, case: Case, decided: DecisionRecord, kept: set[RungLevel], cause_id: str
    ) -> None:
        """The rectification deadline the reviewed decision set (its rung's, 限期整改) ends
        if the review keeps none of that rung's measures: revoked, they ask nothing."""
        if case.deadline_level is None:
            return
        rung = self.policy.rung(case.deadline_level)
        theirs = {RungLevel(measure.value) for measure in rung.measures}
        if theirs & set(decided.measures) and not theirs & kept:
            case.rectify_by, case.deadline_level = None, None
            case.note(self.today, cause_id, f"{rung.name_zh}经复查不再执行，整改期限终止")

    def ground_gone(
        self, case: Case, ground: Ground, policy: AccountabilityPolicy | None = None
    ) -> bool:
        """``ground`` no longer holds (不再成立): the case no longer cites it and, no decision
        recorded, no longer proposes a rung that no ground left may be proposed for (a
        proposal stands on its grounds; people have not acted on it). Whether the case
        cited it."""
        if not case.drop_ground(ground):
            return False
        if not case.decisions:
            still = ladder.grounded(policy or self.policy, case.grounds)
            case.proposed = [rung for rung in case.proposed if rung in still]
        return True

    def resolve(
        self,
        case: Case,
        reason: str,
        status: CaseStatus = CaseStatus.RESOLVED,
        on: date | None = None,
    ) -> None:
        """End ``case`` (办结/结案); announce it if any measure had been taken or proposed.
        ``on``: the day of the step that ended it (履行到位、整改验收、结案), kept with the
        deadline then running (:class:`Settled`)."""
        if on is not None:
            case.settled = Settled(on=on, rectify_by=case.rectify_by, level=case.deadline_level)
        case.status, case.rectify_by, case.deadline_level = status, None, None
        case.note(self.today, self.cause.id, reason)
        self.save(case)
        rung = self._top_rung(case)
        if rung is None:
            return
        alert = self._alert(case, rung, f"，{reason}", case.person_ids, next_step="")
        payload = CaseResolved.model_validate(
            self._fields(case, RungLevel(rung.measures[-1].value), rung, alert.resolution_title())
            | {"text_zh": alert.resolution_text(), "reason": reason[:2000]}
        )
        self._emit(payload, None, "resolved", case)

    def correct(
        self,
        case: Case,
        reason: str,
        *,
        withdrawn: Sequence[str] = (),
        added: Sequence[str] = (),
    ) -> None:
        """责任人更正: the case no longer names ``withdrawn``, and names ``added`` too, for
        ``reason``; the others it names stay. Announced if any measure had been taken or
        proposed."""
        now = [p for p in case.person_ids if p not in withdrawn]
        now += [p for p in added if p not in now]
        named = "、".join(self.person(case.organization_id, p) for p in now)
        then = f"现责任人：{named}" if named else "本案暂无其他责任人，此后按任职情况确定"
        case.person_ids = now
        case.note(self.today, self.cause.id, f"责任人更正：{reason}；{then}")
        self.save(case)
        rung = self._top_rung(case)
        if rung is None:
            return
        alert = self._alert(case, rung, f"，{reason}；{then}", now)
        changed = {"added_person_ids": list(added), "withdrawn_person_ids": list(withdrawn)}
        payload = ResponsiblePersonsCorrected.model_validate(
            self._fields(case, RungLevel(rung.measures[-1].value), rung, alert.correction_title())
            | {"text_zh": alert.correction_text(bool(case.decisions))}
            | {field: persons for field, persons in changed.items() if persons}
        )
        key = "|".join([f"named:{p}" for p in added] + [f"corrected:{p}" for p in withdrawn])
        self._emit(payload, None, key, case)

    def _top_rung(self, case: Case) -> Rung | None:
        """The highest rung the case reached, taken or proposed (None: neither yet)."""
        top = case.level or (case.proposed[-1] if case.proposed else None)
        return None if top is None else self.policy.rung(top)

    def set_deadline(self, case: Case, rung: Rung, start: date) -> None:
        """限期整改: the deadline rung ``rung`` sets on ``start`` replaces the one running."""
        case.rectify_by = ladder.deadline(rung, start)
        case.deadline_level = rung.id if case.rectify_by else None

    def _announce(
        self,
        case: Case,
        measure: Measure,
        rung: Rung,
        alert: Alert,
        extra: dict[str, Any],
        cause_id: str | None,
    ) -> None:
        payload_type = EVENT_TYPES[TYPE_PREFIX + measure.output_event]
        fields = self._fields(case, RungLevel(measure.value), rung, alert.title(measure))
        payload = payload_type.model_validate(fields | {"text_zh": alert.text(measure), **extra})
        self._emit(payload, cause_id, measure.value, case)

    def _fields(self, case: Case, level: RungLevel, rung: Rung, title: str) -> dict[str, Any]:
        return {
            "organization_id": case.organization_id,
            "case_id": case.case_id,
            "rung": level,
            "policy_version": self.policy.version,
            "clause": f"实施细则 {rung.clause.ref}"[:200],
            "title_zh": title,
            "evidence_event_ids": case.evidence_event_ids[-EVIDENCE_LIMIT:],
            "duty_id": case.duty_id,
            "period": case.period,
            "person_id": case.person_id,
            "person_ids": case.person_ids,
            "grounds": case.grounds,
            "decided_on": self.today,
        }

    @staticmethod
    def _decided_fields(case: Case, decided: DecisionRecord, on: date) -> dict[str, Any]:
        """What an action taken on ``on`` by or about a decision of ``case`` says of it: the
        grounds it weighed are those of its own day (``Case.grounds_on``), not those that
        arose after it (补录; a review or restoration later cites the same)."""
        return {
            "decision_id": decided.decision_id,
            "decided_by": decided.decided_by,
            "decided_on": on,
            "person_ids": decided.person_ids,
            "person_id": decided.person_ids[0] if decided.person_ids else None,
            "grounds": case.grounds_on(decided.decided_on),
        }

    def _emit(self, payload: Payload, cause_id: str | None, rule: str, case: Case) -> None:
        self.emit(payload, rule, case.case_id, cause_id)

    def emit(self, payload: Payload, rule: str, about: str, cause_id: str | None = None) -> None:
        """Emit ``payload`` to the cause's partition, its id derived from the cause (or
        ``cause_id``), the ``rule`` and what it is ``about`` (a case, a flag): a replay
        emits the very same bytes."""
        cause = cause_id or self.cause.id
        envelope = new_envelope(
            payload, id=derived_id(cause, rule, about), source=SOURCE, time=self.cause.time
        )
        self.outputs.append(Emitted(self.partition, envelope))

    def _alert(
        self,
        case: Case,
        rung: Rung,
        reason: str,
        persons: Iterable[str],
        next_step: str | None = None,
        charged: tuple[str, ...] = (),
    ) -> Alert:
        org = case.organization_id
        return Alert(
            org=self.organization(org),
            persons=tuple(self.person(org, person) for person in persons),
            subject=case.subject_zh,
            reason=reason,
            clause=rung.clause,
            next_step=self._next_step(case) if next_step is None else next_step,
            year=case.year,
            leading_group=tuple(self.person(org, person) for person in charged),
            leading_group_basis=self.policy.settings.basis,
        )

    def _leading_group(self, case: Case) -> tuple[str, ...]:
        """负有责任的领导班子成员: who is charged with the organization, if the policy says so.

        On an organization's case only (not an office holder's own duty): the
        unit's secretaries (第一责任人) on the day the duty fell due, and the holders
        of the office the duty falls on (分管的委员) the case names, each person once;
        not every member of the group, nor a secretary appointed since.
        """
        if not self.policy.settings.charge_leading_group_members or case.office is not None:
            return ()
        org, day, office = case.organization_id, case.fell_due_on, Office.SECRETARY
        if day is None:
            secretaries = self.ledger.current(org, office)
        else:
            secretaries = self.ledger.held_on(org, office, day)
        people = secretaries + case.person_ids
        return tuple(dict.fromkeys(people))

    def _next_step(self, case: Case) -> str:
        upcoming = ladder.next_step(self.policy, case.level)
        if upcoming is None:
            then = "。"
        elif upcoming.automatic:
            then = f"逾期未整改的，将{upcoming.name_zh}。"
        else:
            then = f"逾期未整改的，将提请{_body(upcoming)}研究{upcoming.name_zh}。"
        if case.rectify_by is not None:
            return f"请于{day_label(case.rectify_by)}前整改到位并报组织部验收；{then}"
        if case.level == self.policy.rungs[0].id and case.due_on is not None:
            late = then.replace("逾期未整改", "逾期未完成")
            return f"请于{day_label(case.due_on)}前完成并报送佐证材料；{late}"
        return "上述决定记入问责台账；对决定不服的，可依规提出申诉。"

    def organization(self, organization_id: str) -> str:
        """``经济管理学院教工第1党支部（br-econ-faculty-1）``; the id if no name was forwarded."""
        name = self.ledger.organizations.get(organization_id)
        return organization_id if name is None else f"{name}（{organization_id}）"

    def person(self, organization_id: str, person_id: str) -> str:
        """``张三（p-1001）`` if ``person_id`` holds or held an office of the unit; the id
        otherwise."""
        for office in _OFFICES:  # the unit's offices in key order, without sorting them all
            name = self.ledger.name_held(organization_id, office, person_id)
            if name is not None:
                return f"{name}（{person_id}）"
        return person_id

    def _revoke(self, case: Case, decided: DecisionRecord, by: str) -> None:
        """取消年度评优评先资格: the organization and the persons decided, for the case's year."""
        subjects = [("organization", case.organization_id)]
        subjects += [("person", person_id) for person_id in decided.person_ids]
        revoked = self.ledger.eligibility.setdefault(case.year, [])
        event_id = derived_id(self.cause.id, Measure.AWARD_ELIGIBILITY_REVOKED.value, case.case_id)
        revoked += [
            Revocation(
                year=case.year,
                subject=subject,
                subject_id=subject_id,
                organization_id=case.organization_id,
                case_id=case.case_id,
                decided_on=decided.decided_on,
                event_id=event_id,
                reason_zh=f"{case.subject_zh}，{by}"[:2000],
                decision_id=decided.decision_id,
            )
            for subject, subject_id in subjects
        ]
        self.ledger.touch(ELIGIBILITY, str(case.year))

    def _restore(
        self,
        case: Case,
        decided: DecisionRecord,
        keep_org: bool,
        persons: set[str],
        alert: Alert,
        on: date,
        cause_id: str,
    ) -> None:
        """恢复评优评先资格: every revocation of ``decided`` the review (event ``cause_id``)
        did not keep. One a review of a later day restored already, recorded first (补录),
        was restored on this review's day: the day is moved back, the restoration told
        once."""
        cancelled = [
            r
            for r in self.ledger.eligibility.get(case.year, [])
            if r.decision_id == decided.decision_id
            and r.case_id == case.case_id
            and (r.restored_on is None or r.restored_on > on)
            and not (keep_org if r.subject == "organization" else r.subject_id in persons)
        ]
        if cancelled:
            self.ledger.touch(ELIGIBILITY, str(case.year))
        restored = [r for r in cancelled if r.restored_on is None]
        for revocation in cancelled:
            revocation.restored_on = on
        if not restored:
            return
        event_id = derived_id(cause_id, "restored", case.case_id)
        for revocation in restored:
            revocation.restored_event_id = event_id
        rung = self.policy.rungs[-1]
        org = case.organization_id
        names = "、".join(
            alert.org if r.subject == "organization" else self.person(org, r.subject_id)
            for r in restored
        )
        text = f"{alert.org}：{case.subject_zh}，经复查，恢复{names}{case.year}年度评优评先资格。"
        people = [r.subject_id for r in restored if r.subject == "person"]
        title = f"关于恢复{case.year}年度评优评先资格的决定"
        payload = AwardEligibilityRestored.model_validate(
            self._fields(case, RungLevel.AWARD_ELIGIBILITY_REVOKED, rung, title)
            | {"text_zh": text[:4000], "year": case.year}
            | self._decided_fields(case, decided, on)
            | {"person_ids": people, "person_id": people[0] if people else None}
        )
        self._emit(payload, cause_id, "restored", case)


def _body(rung: Rung) -> str:
    return rung.decided_by.label_zh if rung.decided_by else ""
