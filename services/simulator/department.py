"""The organization department and the committee acting on proposals (组织部、党委研究问责建议).

The system proposes; people decide (seed 四, 问责条例 第三条). In the demo,
the simulated organization department reads the accountability service's
cases at a regular step and records what it and the Party committee did:

- 通报、约谈: for some open cases proposed to the organization department and
  not decided yet, its decision (the rung's measures, for the case's persons)
  and the interview of each person;
- 严重后果认定: for a few open cases whose rectification deadline passed and
  that are not determined serious yet, the determination naming the case;
- 诫勉谈话、通报批评、取消评优: for some open cases proposed to the committee and
  not decided by it yet, the committee's decision at its meeting (all the
  rung's measures, or all but the loss of award eligibility), for the case's
  first person;
- 复查: the committee's first such decision that took award eligibility
  (lowest hash among those decided before the day) is revoked on review,
  once in the whole demo (the demo "wins one review").

Every choice is a hash of the case id and a purpose (no clock, no random
state), each event's id and decision number are derived from the case id,
and every event is dated the day of the step: the same cases on the same day
give the same submissions, so reruns submit duplicates, never new facts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TypedDict, cast
from zoneinfo import ZoneInfo

from contracts.envelope import new_envelope
from contracts.events.base import Payload
from contracts.events.enums import DecidingBody, InterviewKind, ReviewOutcome
from contracts.events.enums import Rung as RungLevel
from contracts.events.oversight import (
    AccountabilityDecided,
    DecisionReviewed,
    InterviewConducted,
    SeriousConsequenceDetermined,
)
from contracts.policy import AccountabilityPolicy, Rung, policy_in_force
from services.accountability.domain.models import Case
from services.simulator.facts import CHANNELS
from services.simulator.history import Channel, Submission

#: Share of the open notice-and-interview proposals the organization department acts on.
NOTICE_SHARE = 0.5
#: Share of the open cases past a rectification deadline determined serious (严重后果).
SERIOUS_SHARE = 0.1
#: Share of the open top-rung proposals the committee decides.
COMMITTEE_SHARE = 0.75
#: Share of the committee's decisions that take all the rung's measures; the others
#: keep the award eligibility (诫勉谈话、通报批评 only).
ALL_MEASURES_SHARE = 0.75
#: The campus system that records it all (党委组织部 党建管理系统).
SOURCE = "org-dept"
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Most persons one decision names (contracts: ``AccountabilityDecided.person_ids``).
PERSON_LIMIT = 20

#: One event the department records: the id's tail (rule and case) and the payload.
Recorded = tuple[str, Payload]


def share(purpose: str, case_id: str) -> float:
    """A number in [0, 1) fixed by ``purpose`` and ``case_id``: the demo's only chance."""
    digest = hashlib.sha256(f"{purpose}|{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def respond(cases: Iterable[Case], today: date) -> list[Submission]:
    """What the organization department records on ``today``, given every case as it stands."""
    policy = policy_in_force(today)
    department = _rung_for(policy, DecidingBody.ORGANIZATION_DEPARTMENT)
    committee = _rung_for(policy, DecidingBody.PARTY_COMMITTEE)
    everything = sorted(cases, key=lambda c: c.case_id)
    payloads: list[Recorded] = []
    for case in (c for c in everything if c.is_open):
        if _awaits(case, department) and share("notice", case.case_id) < NOTICE_SHARE:
            payloads += _department_decides(case, department, today)
        unsolved = case.missed_deadline and not case.serious
        if unsolved and share("serious", case.case_id) < SERIOUS_SHARE:
            payloads.append((f"serious-{case.case_id}", _determination(case, today)))
        if _awaits(case, committee) and share("committee", case.case_id) < COMMITTEE_SHARE:
            decided = _committee_decides(case, committee, today)
            payloads.append((f"committee-{case.case_id}", decided))
    payloads += _review(everything, today)
    return [_submission(today, event_id, payload) for event_id, payload in payloads]


def _rung_for(policy: AccountabilityPolicy, body: DecidingBody) -> Rung:
    """The rung ``body`` decides under ``policy`` (通报约谈: 组织部; 诫勉等: 党委)."""
    return next(r for r in policy.rungs if r.decided_by is body)


def _awaits(case: Case, rung: Rung) -> bool:
    """``rung`` was proposed on ``case`` and its deciding body has not decided yet."""
    decided = any(d.decided_by is rung.decided_by for d in case.decisions)
    return rung.id in case.proposed and not decided


class _Naming(TypedDict):
    organization_id: str
    subject_organization_id: str
    case_id: str


def _naming(case: Case) -> _Naming:
    """The case a step is on, its unit and the unit it is about (所涉单位: the registry
    asks for it from a unit answering for others, and places the step where the case is
    kept)."""
    return _Naming(
        organization_id=case.organization_id,
        subject_organization_id=case.subject_organization_id or case.organization_id,
        case_id=case.case_id,
    )


def _measures(rung: Rung) -> list[RungLevel]:
    return [RungLevel(m.value) for m in rung.measures]


def _department_decides(case: Case, rung: Rung, today: date) -> list[Recorded]:
    """通报、约谈 as the organization department recorded them, and each interview."""
    grounds = "、".join(g.label_zh for g in case.grounds) or "问责建议"
    decided = AccountabilityDecided(
        **_naming(case),
        decision_id=f"zzb-{case.case_id}",
        decided_by=DecidingBody.ORGANIZATION_DEPARTMENT,
        meeting=f"组织部{today.year}年第{today.month}期党建工作通报",
        decided_on=today,
        measures=_measures(rung),
        person_ids=case.person_ids[:PERSON_LIMIT],
        reason=f"依据问责建议（{grounds}），予以通报并约谈相关责任人",
    )
    interviews: list[Recorded] = [
        (
            f"interview-{case.case_id}-{person_id}",
            InterviewConducted(
                **_naming(case),
                person_id=person_id,
                kind=InterviewKind.INTERVIEW,
                conducted_on=today,
            ),
        )
        for person_id in case.person_ids[:PERSON_LIMIT]
    ]
    return [(f"notice-{case.case_id}", decided), *interviews]


def _determination(case: Case, today: date) -> SeriousConsequenceDetermined:
    """严重后果认定: the problem, unsolved past its deadline, judged to have done harm."""
    return SeriousConsequenceDetermined(
        **_naming(case),
        determined_on=today,
        description=f"{case.subject_zh}逾期未整改，造成不良影响和严重后果"[:2000],
    )


def _committee_decides(case: Case, rung: Rung, today: date) -> AccountabilityDecided:
    """The committee's decision at its monthly standing-committee meeting (党委常委会)."""
    measures = _measures(rung)
    if share("measures", case.case_id) >= ALL_MEASURES_SHARE:
        measures = [m for m in measures if m is not RungLevel.AWARD_ELIGIBILITY_REVOKED]
    return AccountabilityDecided(
        **_naming(case),
        decision_id=f"dw-{case.case_id}",
        decided_by=DecidingBody.PARTY_COMMITTEE,
        meeting=f"党委常委会{today.year}年第{today.month}次会议",
        decided_on=today,
        measures=measures,
        person_ids=case.person_ids[:1],
        reason=f"{case.subject_zh}问题没有及时解决，经认定造成不良影响和严重后果",
    )


def _review(cases: list[Case], today: date) -> list[Recorded]:
    """The one review the demo wins: none if any decision was reviewed already."""
    if any(d.reviewed is not None for c in cases for d in c.decisions):
        return []
    candidates = [
        (share("review", case.case_id), case, decided)
        for case in cases
        for decided in case.decisions
        if decided.decided_by is DecidingBody.PARTY_COMMITTEE
        and RungLevel.AWARD_ELIGIBILITY_REVOKED in decided.measures
        and decided.decided_on < today
    ]
    if not candidates:
        return []
    _, case, decided = min(candidates, key=lambda found: (found[0], found[1].case_id))
    reviewed = DecisionReviewed(
        **_naming(case),
        decision_id=decided.decision_id,
        outcome=ReviewOutcome.REVOKED,
        reviewed_on=today,
        reason="经申诉复查，该单位已在规定期限内报送整改材料，原决定依据不足，予以撤销",
    )
    return [(f"review-{case.case_id}", reviewed)]


def _submission(today: date, event_id: str, payload: Payload) -> Submission:
    envelope = new_envelope(
        payload,
        id=f"{SOURCE}-{event_id}",
        source=f"urn:campus:{SOURCE}",
        time=datetime.combine(today, time(9), SHANGHAI),
    )
    return Submission(today, cast(Channel, CHANNELS[SOURCE]), SOURCE, envelope)
