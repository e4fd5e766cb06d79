"""Recording order within the grace changes no verdict (补录 in time).

The catalog's grace is the delay tolerated in recording a fact: a fact done in its
period and recorded by its duty's due day (end + grace) is on time, whatever day in
that span it is keyed in. So the bench's history, with facts moved to a later recording
day within that span, must give the same verdicts: the same DutyOverdue (who is found
overdue, naming whom), and the same criticisms and proposals (通报、约谈 and above) naming
the same persons. Reminders may differ (a fact recorded after its reminder day leaves a
reminder said, then a resolution), and so may the order in which evidence ids are listed
when two overdues share a tick; nothing else.

Each fact that fulfils a duty in the history recorded on its day is moved, with a fixed
seed, by one to five days, never past the earliest due day of the duties it fulfilled
nor past the history's last day; the facts of the first day (the university as it
stands) are not moved.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import pytest

from services.accountability.adapters.projection import AccountabilityProjection
from services.common.outbox import OutboxRecord, key_partition
from services.duties.adapters.projection import DutiesProjection
from services.simulator import Submission, generate_n
from tests.bench.golden import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    as_input,
    fold,
    forwarded,
)
from tests.bench.history import SEED, logged

pytestmark = pytest.mark.unit

FACTS = 10_000
VERDICTS = {"zeren.DutyOverdue", "zeren.CriticismIssued", "zeren.AccountabilityProposed"}


def _verdicts(submissions: Iterable[Submission]) -> tuple[Counter[str], Counter[str]]:
    """The verdicts both services emit over ``submissions`` logged in order, as JSON with
    their evidence ids sorted; and every DutyFulfilled's (cause, due day)."""
    records = []
    for record in logged(submissions, PARTITIONS):
        partition = record.partition
        if partition is None:
            partition = key_partition(record.key, PARTITIONS)
        records.append((partition, record.key, record.value, record.headers))
    duty_outputs, _ = fold(DutiesProjection(DUTIES_TOPIC, PARTITIONS),
                           as_input(EVENTS_TOPIC, records))  # fmt: skip
    outputs, _ = fold(AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC),
                      forwarded(duty_outputs))  # fmt: skip
    return _of(duty_outputs + outputs, VERDICTS), _of(duty_outputs, {"zeren.DutyFulfilled"})


def _of(outputs: Sequence[OutboxRecord], types: set[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for out in outputs:
        kind = dict(out.headers).get("ce_type", b"").decode()
        if kind in types:
            data = json.loads(out.value)
            data["evidence_event_ids"] = sorted(data.get("evidence_event_ids", []))
            found[f"{kind} {json.dumps(data, ensure_ascii=False, sort_keys=True)}"] += 1
    return found


def _due_days(fulfilled: Counter[str]) -> dict[str, date]:
    """The earliest due day of the duties each fact fulfilled, by the fact's id."""
    due: dict[str, date] = {}
    for line in fulfilled:
        data = json.loads(line.split(" ", 1)[1])
        day, cause = date.fromisoformat(data["due_on"]), data["cause_event_id"]
        due[cause] = min(due.get(cause, day), day)
    return due


def _moved(submissions: list[Submission], due: dict[str, date], seed: int) -> list[Submission]:
    """``submissions`` with each fact that fulfilled a duty recorded one to five days later,
    within its due day and the history's last day, in the order recorded."""
    rng, first, last = random.Random(seed), submissions[0].submit_on, submissions[-1].submit_on
    keyed = []
    for n, sub in enumerate(submissions):
        bound = min(due.get(sub.envelope.id, sub.submit_on), last)
        day = sub.submit_on
        if sub.submit_on != first and bound > day:
            day += timedelta(days=rng.randint(1, min(5, (bound - day).days)))
        keyed.append((day, n, sub._replace(submit_on=day)))
    return [sub for _, _, sub in sorted(keyed, key=lambda k: (k[0], k[1]))]


@pytest.mark.parametrize("seed", [1, 2])
def test_facts_recorded_later_within_their_grace_give_the_same_verdicts(seed: int) -> None:
    submissions = list(generate_n(SEED, FACTS))
    verdicts, fulfilled = _verdicts(submissions)
    moved = _moved(submissions, _due_days(fulfilled), seed)
    recorded = {sub.envelope.id: sub.submit_on for sub in moved}
    later = sum(recorded[sub.envelope.id] != sub.submit_on for sub in submissions)
    assert later > FACTS // 4, later
    again, _ = _verdicts(moved)
    assert verdicts, "the history has verdicts to compare"
    assert again == verdicts
