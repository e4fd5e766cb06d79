"""The right party answers, over the bench's history (责任单位、责任人): every person an
accountability output of the folded history names held an office at the unit it names.

Written from the seed (四) and the policy before running it, as the common ground of
``tests/unit/accountability/test_answering_parties.py`` states it: a measure names the
office holders who owed the duty at the time, never a counterpart; 提醒 names whoever
owes the duty on the reminder's day. So, for every action and flag of the history:

- each person in ``person_ids`` and ``leading_group_ids`` took an office at the unit
  answering (the action's ``organization_id``; a flag's ``decides``, the branch or
  higher organization that must study it) on or before the output's day (``decided_on``,
  a flag's ``raised_on``);
- each person a reminder names holds an office there on the reminder's day, and each a
  flag names (情况提示: the secretaries who must study it) on the day it is raised;
- each person a criticism names (提出批评，限期整改) held an office there on the deadline
  of the duty found overdue (the ``DutyOverdue`` among its evidence).

The offices are read from the log's facts as the duties service forwards them unchanged
(``OfficeHolderAppointed``, with a past term's ``left_on``, and ``OfficeHolderLeftOffice``).
``ZEREN_NAMED_FACTS`` sets how many facts to fold (the bench's whole history, 200,000,
takes about 70 seconds).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import pytest

from contracts.events.duties import DutyOverdue
from contracts.events.structure import OfficeHolderAppointed, OfficeHolderLeftOffice
from contracts.types import event_type_of
from tests.bench.golden import fold_history

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_NAMED_FACTS", "20000"))
APPOINTED, LEFT = event_type_of(OfficeHolderAppointed), event_type_of(OfficeHolderLeftOffice)
OVERDUE = event_type_of(DutyOverdue)
#: The outputs that name the holders of their own day.
ON_THE_DAY = frozenset(("ReminderIssued", "SituationFlagNoted"))


@dataclass
class _Tenure:
    """One office a person took at a unit: its first and last day (None: holds it still)."""

    office: str
    first: date
    last: date | None

    def held(self, day: date, *, by: bool) -> bool:
        """Taken by ``day`` (``by``), or held on it."""
        return self.first <= day and (by or self.last is None or day <= self.last)


def _tenures(records: list[tuple[str, dict[str, str]]]) -> dict[tuple[str, str], list[_Tenure]]:
    """Per (unit, person), the offices taken, from the forwarded appointments and leavings."""
    held: dict[tuple[str, str], list[_Tenure]] = defaultdict(list)
    for event_type, data in records:
        key = (data["organization_id"], data["person_id"])
        if event_type == APPOINTED:
            left = data.get("left_on")
            first = date.fromisoformat(data["appointed_on"])
            held[key].append(
                _Tenure(data["office"], first, date.fromisoformat(left) if left else None)
            )
        elif event_type == LEFT:
            for tenure in held[key]:
                if tenure.office == data["office"] and tenure.last is None:
                    tenure.last = date.fromisoformat(data["left_on"])
    return held


def _holds(tenures: list[_Tenure], day: date, *, by: bool) -> bool:
    return any(tenure.held(day, by=by) for tenure in tenures)


def test_every_person_named_held_an_office_at_the_unit_named() -> None:
    folded = fold_history(FACTS)
    forwarded = [
        (dict(o.headers)["ce_type"].decode(), json.loads(o.value)) for o in folded.duty_outputs
    ]
    held = _tenures([(t, d) for t, d in forwarded if t in (APPOINTED, LEFT)])
    overdue_on = {
        dict(o.headers)["ce_id"].decode(): date.fromisoformat(d["due_on"])
        for o, (t, d) in zip(folded.duty_outputs, forwarded, strict=True)
        if t == OVERDUE
    }
    wrong, named = Counter[str](), Counter[str]()
    for out in folded.outputs:
        event_type = dict(out.headers)["ce_type"].decode().rsplit(".", 1)[-1]
        data = json.loads(out.value)
        day = date.fromisoformat(data.get("decided_on") or data["raised_on"])
        unit = data.get("decides") or data["organization_id"]
        for person in [*data.get("person_ids", []), *data.get("leading_group_ids", [])]:
            named[event_type] += 1
            tenures = held.get((unit, person), [])
            if not _holds(tenures, day, by=True):
                wrong[f"{event_type} {unit} {person} {day}: no office there by then"] += 1
            elif event_type in ON_THE_DAY and not _holds(tenures, day, by=False):
                wrong[f"{event_type} {unit} {person} {day}: not in office that day"] += 1
            elif event_type == "CriticismIssued":
                [due] = [overdue_on[e] for e in data["evidence_event_ids"] if e in overdue_on]
                if not _holds(tenures, due, by=False):
                    wrong[f"{event_type} {unit} {person} {day}: not in office on {due}"] += 1
    assert named["ReminderIssued"] > 0  # the history names persons in reminders
    assert named["CriticismIssued"] > 0  # and in criticisms
    assert named["SituationFlagNoted"] > 0  # and in flags
    assert wrong == Counter()
