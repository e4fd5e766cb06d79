"""Recording order changes no verdict where the rules say it must not (补录).

The catalog's grace is the delay tolerated in recording a fact: a fact done in its
period and recorded by its duty's due day (end + grace) is on time, whatever day in
that span it is keyed in. So the bench's history, with facts moved to a later recording
day within that span, must give the same verdicts: the same DutyOverdue (who is found
overdue, naming whom), and the same criticisms and proposals (通报、约谈 and above) naming
the same persons. Reminders may differ (a fact recorded after its reminder day leaves a
reminder said, then a resolution), and so may the order in which evidence ids are listed
when two overdues share a tick, and whom a member's duty found overdue names beside the
member: the branch's secretary as known the day it is sent (an appointment recorded
after that day, within its own grace, names none), who studies the member's case and
answers for no measure (member duties open no case; the flags name the secretaries of
the day they are raised); nothing else. Each fact that fulfils a duty is moved, with
a fixed seed, by one to five days, never past the earliest due day of the duties it
fulfilled.

The organization department's acceptance (整改验收) is its own act, judged by its own day
however late it is recorded: moved by up to 60 days, what was registered meanwhile is
acted on (overdue, criticism, proposals), but every case ends as in date order.

No fact is moved past two days before the history's last (facts of its last days have no
tick after them to decide them), and the first day's facts (the university as it stands)
are not moved.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
#: Enough facts for the department's acceptances of two years' findings.
DEPARTMENT_FACTS = 20_000
VERDICTS = {"zeren.DutyOverdue", "zeren.CriticismIssued", "zeren.AccountabilityProposed"}


@dataclass(frozen=True)
class _Folded:
    """What both services emitted over a history, and the cases they ended with."""

    duty_outputs: list[OutboxRecord]
    outputs: list[OutboxRecord]
    cases: dict[str, dict[str, Any]]

    def verdicts(self) -> Counter[str]:
        """The verdicts, as JSON with their evidence ids sorted."""
        return _of(self.duty_outputs + self.outputs, VERDICTS)

    def due_days(self) -> dict[str, date]:
        """The earliest due day of the duties each fact fulfilled, by the fact's id."""
        due: dict[str, date] = {}
        for line in _of(self.duty_outputs, {"zeren.DutyFulfilled"}):
            data = json.loads(line.split(" ", 1)[1])
            day, cause = date.fromisoformat(data["due_on"]), data["cause_event_id"]
            due[cause] = min(due.get(cause, day), day)
        return due


def _folded(submissions: Iterable[Submission]) -> _Folded:
    """``submissions`` logged in the order given, folded through both services."""
    records = []
    for record in logged(submissions, PARTITIONS):
        partition = record.partition
        if partition is None:
            partition = key_partition(record.key, PARTITIONS)
        records.append((partition, record.key, record.value, record.headers))
    duty_outputs, _ = fold(DutiesProjection(DUTIES_TOPIC, PARTITIONS),
                           as_input(EVENTS_TOPIC, records))  # fmt: skip
    outputs, documents = fold(AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC),
                              forwarded(duty_outputs))  # fmt: skip
    last = dict(documents)
    cases = {key: json.loads(doc) for key, doc in last.items() if key.startswith("case:") and doc}
    return _Folded(duty_outputs, outputs, cases)


def _of(outputs: Sequence[OutboxRecord], types: set[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for out in outputs:
        kind = dict(out.headers).get("ce_type", b"").decode()
        if kind in types:
            data = json.loads(out.value)
            data["evidence_event_ids"] = sorted(data.get("evidence_event_ids", []))
            if data.get("member_id"):  # the branch's secretary of the day: see above
                for secretary in ("person_id", "charged_person_ids"):
                    data.pop(secretary, None)
            found[f"{kind} {json.dumps(data, ensure_ascii=False, sort_keys=True)}"] += 1
    return found


def _moved(
    submissions: list[Submission], bound: Callable[[Submission], date | None], most: int, seed: int
) -> list[Submission]:
    """``submissions`` with each fact whose ``bound`` is given recorded one to ``most`` days
    later, never past it nor past two days before the history's last (whose facts no tick
    after them would decide), in the order recorded. The first day's facts stay."""
    rng, first = random.Random(seed), submissions[0].submit_on
    last = submissions[-1].submit_on - timedelta(days=2)
    keyed = []
    for n, sub in enumerate(submissions):
        until, day = bound(sub), sub.submit_on
        if until is not None and sub.submit_on != first and min(until, last) > day:
            day += timedelta(days=rng.randint(1, min(most, (min(until, last) - day).days)))
        keyed.append((day, n, sub._replace(submit_on=day)))
    return [sub for _, _, sub in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _later(submissions: list[Submission], moved: list[Submission]) -> int:
    recorded = {sub.envelope.id: sub.submit_on for sub in moved}
    return sum(recorded[sub.envelope.id] != sub.submit_on for sub in submissions)


@pytest.mark.parametrize("seed", [1, 2])
def test_facts_recorded_later_within_their_grace_give_the_same_verdicts(seed: int) -> None:
    submissions = list(generate_n(SEED, FACTS))
    on_their_days = _folded(submissions)
    due = on_their_days.due_days()
    moved = _moved(submissions, lambda sub: due.get(sub.envelope.id), 5, seed)
    assert _later(submissions, moved) > FACTS // 4
    verdicts = on_their_days.verdicts()
    assert verdicts, "the history has verdicts to compare"
    assert _folded(moved).verdicts() == verdicts


#: What a case ends as: whether it is open, what it proposes and on which grounds, and
#: whether a deadline of it was missed and a serious consequence determined.
ENDS = ("status", "proposed", "grounds", "missed_deadline", "serious")


def test_the_department_s_acceptances_recorded_late_end_the_cases_alike() -> None:
    """The organization department's acceptances (整改验收, its own act, judged by its own
    day) recorded up to 60 days after their day (补录): on what was registered meanwhile
    the findings are overdue, criticised and proposed for 通报、约谈; once the acceptances
    are recorded, every case ends as in date order: open or not, the same proposals on
    the same grounds, the same deadlines missed (四; a proposal stands on its grounds)."""
    submissions = list(generate_n(SEED, DEPARTMENT_FACTS))
    last = submissions[-1].submit_on

    def department_s(sub: Submission) -> date | None:
        return last if sub.envelope.type == "zeren.RectificationAccepted" else None

    moved = _moved(submissions, department_s, 60, 1)
    assert _later(submissions, moved) > 50
    on_their_days, late = _folded(submissions).cases, _folded(moved).cases
    assert set(late) >= set(on_their_days)
    ends = {key: {f: case.get(f) for f in ENDS} for key, case in on_their_days.items()}
    assert {key: {f: late[key].get(f) for f in ENDS} for key in on_their_days} == ends
