"""Taking a measure (采取问责措施): raise a case to a rung, emit its events, resolve it.

A :class:`Decision` is the context of one folded event: the ledger, the
partition, the cause, the log's day and the policy in force on it. Every
emitted event names the policy version and the rung's clause, carries the
Chinese alert text and the evidence ids, and has an id derived from its
cause, measure and case, so a replay emits the very same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contracts.envelope import Envelope, new_envelope
from contracts.events.accountability import CaseResolved
from contracts.events.base import Payload
from contracts.events.enums import LEADING_GROUP, Office
from contracts.events.enums import Rung as RungLevel
from contracts.policy import AccountabilityPolicy, Measure, Rung
from contracts.types import EVENT_TYPES, TYPE_PREFIX
from services.accountability.domain import ladder
from services.accountability.domain.models import Case, CaseStatus, Revocation
from services.accountability.domain.state import ELIGIBILITY, Ledger
from services.accountability.domain.texts import Alert, day_label
from services.common.ids import derived_id

#: CloudEvents source of every accountability event.
SOURCE = "urn:zeren:accountability"
#: Most evidence ids an event may carry (contracts: ``EvidenceIds``).
EVIDENCE_LIMIT = 50
#: The offices, in the order of the holder keys (``holder_key``).
_OFFICES = sorted(office.value for office in Office)


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

    def escalate(self, case: Case, rung: Rung, reason: str, cause_id: str | None = None) -> None:
        """Raise ``case`` to ``rung`` (unless it is already as high) and take its measures."""
        if rung.order <= ladder.order(self.policy, case.level):
            return
        case.level = rung.id
        case.rectify_by = ladder.deadline(rung, self.today)
        case.deadline_level = rung.id if case.rectify_by else None
        case.note(self.today, self.cause.id, f"{rung.name_zh}：{reason.lstrip('，')}")
        self.save(case)
        charged = self._leading_group(case)
        alert = self._alert(case, rung, reason, charged=charged)
        for measure in rung.measures:
            extra: dict[str, Any] = {}
            if charged and measure.charges_leading_group:
                extra["leading_group_ids"] = list(charged)
            if measure is Measure.CRITICISM:
                extra["rectify_by"] = case.rectify_by
            if measure is Measure.AWARD_ELIGIBILITY_REVOKED:
                extra["year"] = case.year
                self._revoke(case, reason, cause_id or self.cause.id)
            payload_type = EVENT_TYPES[TYPE_PREFIX + measure.output_event]
            payload = payload_type.model_validate(
                self._fields(case, RungLevel(measure.value), rung, alert.title(measure))
                | {"text_zh": alert.text(measure), **extra}
            )
            self._emit(payload, cause_id, measure.value, case)

    def resolve(self, case: Case, reason: str, status: CaseStatus = CaseStatus.RESOLVED) -> None:
        """End ``case`` (办结/结案); announce it if any measure had been taken."""
        case.status, case.rectify_by, case.deadline_level = status, None, None
        case.note(self.today, self.cause.id, reason)
        self.save(case)
        if case.level is None:
            return
        rung = self.policy.rung(case.level)
        alert = self._alert(case, rung, f"，{reason}", next_step="")
        payload = CaseResolved.model_validate(
            self._fields(case, RungLevel(rung.measures[-1].value), rung, alert.resolution_title())
            | {"text_zh": alert.resolution_text(), "reason": reason[:2000]}
        )
        self._emit(payload, None, "resolved", case)

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
            "decided_on": self.today,
        }

    def _emit(self, payload: Payload, cause_id: str | None, rule: str, case: Case) -> None:
        cause = cause_id or self.cause.id
        envelope = new_envelope(
            payload, id=derived_id(cause, rule, case.case_id), source=SOURCE, time=self.cause.time
        )
        self.outputs.append(Emitted(self.partition, envelope))

    def _alert(
        self,
        case: Case,
        rung: Rung,
        reason: str,
        next_step: str | None = None,
        charged: tuple[str, ...] = (),
    ) -> Alert:
        org = case.organization_id
        return Alert(
            org=self._organization(org),
            person=self._person(org, case.person_id),
            subject=case.subject_zh,
            reason=reason,
            clause=rung.clause,
            next_step=self._next_step(case) if next_step is None else next_step,
            year=case.year,
            leading_group=tuple(str(self._person(org, person)) for person in charged),
            leading_group_basis=self.policy.settings.basis,
        )

    def _leading_group(self, case: Case) -> tuple[str, ...]:
        """负有责任的领导班子成员: who is charged with the organization, if the policy says so.

        On an organization's case only (not an office holder's own duty), every
        current holder of a leading-group office, by precedence, each person once.
        """
        if not self.policy.settings.charge_leading_group_members or case.office is not None:
            return ()
        holders = (self.ledger.holder(case.organization_id, office) for office in LEADING_GROUP)
        return tuple(dict.fromkeys(holder.person_id for holder in holders if holder is not None))

    def _next_step(self, case: Case) -> str:
        upcoming = ladder.next_step(self.policy, case.level)
        then = f"逾期未整改的，将{upcoming.name_zh}。" if upcoming else "。"
        if case.rectify_by is not None:
            return f"请于{day_label(case.rectify_by)}前整改到位并报组织部验收；{then}"
        if case.level == self.policy.rungs[0].id and case.due_on is not None:
            late = f"逾期未完成的，将{upcoming.name_zh}。" if upcoming else "。"
            return f"请于{day_label(case.due_on)}前完成并报送佐证材料；{late}"
        return "上述决定记入问责台账，已取消的评优评先资格不予恢复。"

    def _organization(self, organization_id: str) -> str:
        """``经济管理学院教工第1党支部（br-econ-faculty-1）``; the id if no name was forwarded."""
        name = self.ledger.organizations.get(organization_id)
        return organization_id if name is None else f"{name}（{organization_id}）"

    def _person(self, organization_id: str, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        for office in _OFFICES:  # the unit's holders in key order, without sorting them all
            holder = self.ledger.holder(organization_id, office)
            if holder is not None and holder.person_id == person_id:
                return f"{holder.person_name}（{person_id}）"
        return person_id

    def _revoke(self, case: Case, reason: str, cause_id: str) -> None:
        """取消年度评优评先资格: the organization and its head (书记), never restored."""
        head = self.ledger.holder(case.organization_id, Office.SECRETARY)
        head_id = head.person_id if head is not None else case.person_id
        subjects = [("organization", case.organization_id)]
        if head_id is not None:
            subjects.append(("person", head_id))
        revoked = self.ledger.eligibility.setdefault(case.year, [])
        event_id = derived_id(cause_id, Measure.AWARD_ELIGIBILITY_REVOKED.value, case.case_id)
        revoked += [
            Revocation(
                year=case.year,
                subject=subject,
                subject_id=subject_id,
                organization_id=case.organization_id,
                case_id=case.case_id,
                decided_on=self.today,
                event_id=event_id,
                reason_zh=f"{case.subject_zh}{reason}"[:2000],
            )
            for subject, subject_id in subjects
        ]
        self.ledger.touch(ELIGIBILITY, str(case.year))
