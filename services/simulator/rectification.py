"""Answering a criticism (整改): a missed duty made up, and the rectification accepted.

Likewise for a problem a unit's self-check found (:func:`finding_rectification`).

When a unit misses a periodic duty of its own (scope organization), the
accountability service criticizes it the day after the deadline and gives it
30 days to rectify (policy v1, 限期整改). Half the time the unit makes the
work up and the organization department accepts the rectification 5 to 25
days after the criticism, naming the case of the alert it sent; otherwise the
case climbs the ladder. The draw has a random stream of its own per unit,
duty and period, and the event an id of its own (not the next of the
department's counter), so adding these facts changes none of the others.
"""

from __future__ import annotations

import random
from datetime import timedelta

from contracts.catalog import Duty, Period, Scope
from contracts.events.oversight import RectificationAccepted, SelfCheckAnswered
from services.accountability.domain.cases import duty_case_id
from services.simulator.campus import Campus
from services.simulator.facts import Fact
from services.simulator.university import Organization

#: Share of missed duties whose criticism the unit answers in time.
ANSWERED = 0.5
#: Share of the problems found by self-checks that are rectified and accepted.
FINDINGS_RECTIFIED = 0.5
_SOURCE = "org-dept"


def rectification(campus: Campus, org: Organization, duty: Duty, period: Period) -> Fact | None:
    """The acceptance of ``org``'s rectification of ``duty`` missed in ``period``, if any."""
    if duty.applies_to.scope is not Scope.ORGANIZATION:
        return None
    rng = random.Random(f"{campus.seed}:rectification:{org.id}|{duty.id}|{period.id}")
    if rng.random() >= ANSWERED:
        return None
    criticized = period.end + timedelta(days=duty.grace_days + 1)
    accepted = criticized + timedelta(days=rng.randint(5, 25))
    # The id the criticism's alert carried (问责案件编号), as the accountability service
    # derives it; the case is the unit's own (所涉单位: itself, which the registry asks of
    # a unit answering for others).
    case = duty_case_id(org.id, duty.id, period.id)
    fields = {"organization_id": org.id, "subject_organization_id": org.id, "case_id": case,
              "accepted_on": accepted}  # fmt: skip
    return Fact(accepted, _SOURCE, RectificationAccepted, fields, event_id=f"{_SOURCE}-{case}")


def finding_rectification(campus: Campus, org: Organization, answer: Fact) -> Fact | None:
    """The acceptance of the rectification of a problem ``org``'s self-check found, if any.

    Half the problems found (an answer other than 是) are rectified and the
    organization department accepts it 20 to 80 days after the answer was
    recorded, naming the problem (finding_id); the others stay open and climb.
    """
    finding = answer.fields.get("finding_id")
    if answer.model is not SelfCheckAnswered or finding is None:
        return None
    rng = random.Random(f"{campus.seed}:self-check-finding:{finding}")
    if rng.random() >= FINDINGS_RECTIFIED:
        return None
    accepted = answer.on + timedelta(days=answer.delay + rng.randint(20, 80))
    fields = {"organization_id": org.id, "finding_id": finding, "accepted_on": accepted}
    return Fact(accepted, _SOURCE, RectificationAccepted, fields, event_id=f"{_SOURCE}-{finding}")
