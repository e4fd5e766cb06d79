"""The inspection (督导检查) and its rectification (整改).

On the inspection day the organization department records a finding in the
stopped branch, in every careless unit and in two diligent branches, each
under a problem-list question of a periodic duty that binds the unit, with a
deadline 45–90 days later. Diligent branches report and get the
rectification accepted before the deadline (整改验收); half the careless
units and the stopped branch do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from contracts.catalog import PeriodicCadence
from contracts.events.oversight import (
    InspectionFindingRecorded,
    RectificationAccepted,
    RectificationReported,
)
from services.simulator.campus import Campus
from services.simulator.evidence import applies
from services.simulator.facts import Fact
from services.simulator.periods import catalog_for

_SOURCE = "org-dept"


def inspection_facts(campus: Campus, on: date) -> Iterator[Fact]:
    """The findings of the inspection on ``on`` and the rectifications that follow."""
    rng, habits = campus.rng, campus.habits
    catalog = catalog_for(on)
    diligent = [b.id for b in campus.university.branches if habits.is_diligent(b.id)]
    for org_id in [*habits.stopped, *habits.careless, *rng.sample(diligent, 2)]:
        org = campus.university.organizations[org_id]
        questions = sorted(
            {
                question
                for duty in catalog.duties
                if isinstance(duty.cadence, PeriodicCadence) and applies(duty, org)
                for question in duty.questions
            }
        )
        question = rng.choice(questions)
        finding = campus.next_id(f"insp-{on:%Y}")
        deadline = on + timedelta(days=rng.randint(45, 90))
        short = catalog.problem_list.question(question).short_zh
        yield Fact(
            on,
            _SOURCE,
            InspectionFindingRecorded,
            {
                "organization_id": org_id,
                "finding_id": finding,
                "question": question,
                "description": f"督导检查发现：{short}落实不到位",
                "found_on": on,
                "rectification_deadline": deadline,
            },
        )
        if org_id in habits.stopped or (org_id in habits.careless and rng.random() < 0.5):
            continue
        reported = deadline - timedelta(days=rng.randint(5, 20))
        accepted = deadline - timedelta(days=rng.randint(0, 4))
        target = {"organization_id": org_id, "finding_id": finding}
        summary = "已对照问题逐项整改，完善制度并补齐工作记录"
        yield Fact(
            reported,
            _SOURCE,
            RectificationReported,
            target | {"reported_on": reported, "summary": summary},
        )
        yield Fact(accepted, _SOURCE, RectificationAccepted, target | {"accepted_on": accepted})
