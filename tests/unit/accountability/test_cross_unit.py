"""The widespread rule (普遍性问题) across partitions, and determinism of the whole fold.

Policy v1: the same duty overdue in at least 30% of the units owing it in one
period, and in at least 3 units, is 带有普遍性的问题: the organization department is
proposed a circulated notice and an interview (通报、约谈) for each of those units
(seed 四). It is evaluated only after every partition has passed the deadline
tick (due_on + 1 day).
"""

from __future__ import annotations

import json
import random
from datetime import date

from contracts.bindings import encode_binary
from contracts.envelope import Envelope
from contracts.events.duties import DutyFulfilled, DutyOverdue
from contracts.events.enums import BranchCategory, Office, OrganizationKind
from contracts.events.structure import OrganizationEstablished, OrganizationRenamed
from services.accountability.domain.decide import decide
from services.accountability.domain.models import DutyGroup, OverdueCase
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.accountability.builders import Run, duty, envelope, tick
from tests.unit.read_again import read_again
from tests.unit.stored import stored

# 2018-Q2 is due 07-10: the overdue tick is 07-11; the widespread rule may look at
# the group once every partition has folded the 07-12 tick.
DEADLINE_TICK, AFTER = date(2018, 7, 11), date(2018, 7, 12)


def _branches(overdue: int, total: int = 10) -> list[tuple[int, Envelope]]:
    """``total`` branches spread over 2 partitions, the first ``overdue`` of them overdue."""
    events = []
    for n in range(total):
        org = f"br-{n:02d}"
        kind = DutyOverdue if n < overdue else DutyFulfilled
        day = DEADLINE_TICK if n < overdue else date(2018, 6, 20)
        events.append((n % 2, envelope(duty(kind, org), f"{kind.__name__}-{org}", day)))
    return events


def _year(overdue: int) -> Run:
    run = Run(partitions=2)
    run.days(date(2018, 6, 20), date(2018, 7, 10))
    for partition, env in _branches(overdue):
        run.send(env, partition)
    run.days(DEADLINE_TICK, date(2018, 7, 13))
    return run


def test_widespread_at_exactly_the_threshold() -> None:
    run = _year(overdue=3)  # 3 of 10 = 30%, and 3 units: both thresholds met exactly

    notices = [(name, org) for name, org in run.types() if name != "CriticismIssued"]
    assert notices == [
        ("AccountabilityProposed", "br-00"),
        ("AccountabilityProposed", "br-01"),
        ("AccountabilityProposed", "br-02"),
    ]
    proposal = run.actions()[-1]
    assert proposal.grounds == ["widespread"]
    assert "全校10个应完成该项工作的单位中有3个逾期未完成" in proposal.text_zh


def test_every_holder_overdue_in_a_widespread_problem_is_proposed() -> None:
    """By hand: the 2018 training of secretaries and committee members (三、（三）, each
    holder's own duty, due 2019-01-31) is overdue in 3 of 10 branches: 30 % and 3 units,
    widespread (四: 通报、约谈). br-00's secretary and its committee member both missed
    theirs: two cases of one unit, both proposed; the unit is counted once."""
    training = "unit.secretary_training.yearly"
    year = {"period_start": date(2018, 1, 1), "period_end": date(2018, 12, 31),
            "due_on": date(2019, 1, 31)}  # fmt: skip
    run = Run(partitions=2)
    run.days(date(2019, 1, 1), date(2019, 1, 31))
    late = [("br-00", "p-00s"), ("br-00", "p-00m"), ("br-01", "p-01s"), ("br-02", "p-02s")]
    done = [(f"br-{n:02d}", f"p-{n:02d}s") for n in range(3, 10)]
    for org, person in late + done:
        kind = DutyOverdue if (org, person) in late else DutyFulfilled
        office = Office.COMMITTEE_MEMBER if person.endswith("m") else Office.SECRETARY
        status = duty(kind, org, "2018", training, office=office, person_id=person,
                      charged_person_ids=[person], **year)  # fmt: skip
        day = date(2019, 2, 1) if kind is DutyOverdue else date(2018, 11, 1)
        run.send(envelope(status, f"{kind.__name__}-{person}", day), int(org[-1]) % 2)
    run.days(date(2019, 2, 1), date(2019, 2, 3))

    proposed = [a for a in run.actions() if type(a).__name__ == "AccountabilityProposed"]
    assert sorted((a.organization_id, *a.person_ids) for a in proposed) == sorted(late)
    assert "全校10个应完成该项工作的单位中有3个逾期未完成" in proposed[0].text_zh


def test_a_group_stored_with_one_case_a_unit_reads_as_such() -> None:
    """Groups stored before a unit could have several cases in them restore unchanged."""
    stored = {"duty_id": "d", "period": "2018", "due_on": "2019-01-31",
              "overdue": {"br-04": {"case_id": "case-1", "event_id": "e-1"}}}  # fmt: skip
    group = DutyGroup.model_validate(stored)
    assert group.overdue == {"br-04": [OverdueCase(case_id="case-1", event_id="e-1")]}


def test_one_below_the_threshold_is_not_widespread() -> None:
    run = _year(overdue=2)  # 2 of 10 = 20% and only 2 units

    assert [name for name, _ in run.types()] == ["CriticismIssued", "CriticismIssued"]


def test_waits_for_every_partition_to_pass_the_deadline_tick() -> None:
    run = Run(partitions=2)
    run.days(date(2018, 6, 20), date(2018, 7, 10))
    for partition, env in _branches(overdue=3):
        run.send(env, partition)
    for day in (DEADLINE_TICK, AFTER, date(2018, 7, 13), date(2018, 7, 20)):
        run.send(tick(day, 0), 0)  # partition 0 runs ahead…
    run.send(tick(DEADLINE_TICK, 1), 1)
    assert "AccountabilityProposed" not in [name for name, _ in run.types()]

    run.send(tick(AFTER, 1), 1)  # …partition 1 passes the deadline tick: evaluated now
    assert [name for name, _ in run.types()].count("AccountabilityProposed") == 3


def _outputs(deliveries: list[Delivery], ledger: Ledger) -> list[tuple[bytes, bytes]]:
    out = []
    for delivery in deliveries:
        ledger, emitted = decide(ledger, delivery)
        out += [(*encode_binary(e.envelope)[:2], e.partition.to_bytes()) for e in emitted]
    return out  # type: ignore[return-value]


def _named(org: str, name: str, day: date, renamed: bool = False) -> Envelope:
    payload = (
        OrganizationRenamed(organization_id=org, name=name, renamed_on=day)
        if renamed
        else OrganizationEstablished(
            organization_id=org,
            name=name,
            kind=OrganizationKind.BRANCH,
            category=BranchCategory.FACULTY,
            parent_id="gb-1",
            established_on=day,
            term_years=3,
            term_ends_on=date(2020, 8, 31),
        )
    )
    return envelope(payload, f"{type(payload).__name__}-{org}", day)


def _script() -> list[list[Delivery]]:
    """The per-partition input of a small quarter: names, ticks, reminders, overdue, fulfilled."""
    per_partition: list[list[Delivery]] = [[], []]
    for n in range(10):
        org = f"br-{n:02d}"
        env = _named(org, f"教育学院教工第{n + 1}党支部", date(2017, 9, 1))
        per_partition[n % 2].append(Delivery(n % 2, env))
    for partition, env in _branches(overdue=4):
        per_partition[partition].append(Delivery(partition, env))
    for p in (0, 1):
        days = [date(2018, 7, d) for d in range(11, 32)] + [date(2018, 8, d) for d in range(1, 16)]
        per_partition[p] += [Delivery(p, tick(day, p)) for day in days]
    renamed = _named("br-01", "教育学院教工第二党支部", date(2018, 7, 20), renamed=True)
    per_partition[1].insert(len(per_partition[1]) - 5, Delivery(1, renamed))
    return [
        [Delivery(d.partition, d.envelope, offset) for offset, d in enumerate(queue)]
        for queue in per_partition
    ]


def _interleave(per_partition: list[list[Delivery]], seed: int) -> list[Delivery]:
    rng, queues, merged = random.Random(seed), [list(q) for q in per_partition], []
    while any(queues):
        queue = rng.choice([q for q in queues if q])
        merged.append(queue.pop(0))
    return merged


def test_outputs_are_byte_identical_whatever_the_interleaving_of_partitions() -> None:
    script = _script()
    runs = [_outputs(_interleave(script, seed), Ledger.empty(2)) for seed in range(5)]

    # Each of the 4 overdue units: criticism (07-11) and a proposal of notice and
    # interview (07-12, 4 of 10 is widespread); its criticism deadline (08-10) passing
    # proposes nothing more, and nothing is ever decided without a decision.
    assert len(runs[0]) == 4 * 2
    assert all(run == runs[0] for run in runs)


def test_a_restored_ledger_continues_exactly_like_an_uninterrupted_one() -> None:
    merged = _interleave(_script(), seed=7)
    uninterrupted = _outputs(merged, Ledger.empty(2))

    for cut in (5, 17, 30, 45):
        first = Ledger.empty(2)
        before = _outputs(merged[:cut], first)
        saved = stored(first.take_changes())
        again = read_again(merged[:cut], first.sequencer.holding())
        restored = Ledger.restore(2, saved)
        assert before + _outputs(again + merged[cut:], restored) == uninterrupted


def test_the_tick_indexes_follow_the_cases_and_groups_and_survive_a_restart() -> None:
    """A tick looks only at ``deadlines`` and ``unevaluated``: both must never drift."""
    merged = _interleave(_script(), seed=3)
    seen: list[tuple[int, int]] = []
    for cut in range(len(merged) + 1):
        ledger = Ledger.empty(2)
        _outputs(merged[:cut], ledger)
        deadlines = {k for k, c in ledger.cases.items() if c.rectify_by and c.is_open}
        unevaluated = {k for k, g in ledger.groups.items() if not g.evaluated}
        assert (ledger.deadlines, ledger.unevaluated) == (deadlines, unevaluated)
        saved = stored(ledger.take_changes())
        restored = Ledger.restore(2, saved)
        assert (restored.deadlines, restored.unevaluated) == (deadlines, unevaluated)
        seen.append((len(deadlines), len(unevaluated)))
    # The script passes through both: cases awaiting rectification, a group not yet judged.
    assert max(d for d, _ in seen) == 4
    assert max(u for _, u in seen) == 1
    assert seen[-1] == (0, 0)


def test_a_group_counts_each_fulfilling_unit_once_and_stores_them_sorted() -> None:
    """Member duties report a unit once per member: the group holds the unit once."""
    group = DutyGroup(duty_id="member.dues.monthly", period="2018-06", due_on=date(2018, 7, 10))
    for org in ("br-02", "br-01", "br-02", "br-03", "br-01"):
        group.fulfilled.add(org)
    group.overdue["br-04"] = [OverdueCase(case_id="case-1", event_id="e-1")]
    ledger = Ledger.empty(1)
    ledger.groups["member.dues.monthly|2018-06"] = group
    assert ledger.late_and_owing("member.dues.monthly|2018-06") == (
        {"br-04"},
        {"br-01", "br-02", "br-03", "br-04"},
    )
    stored = json.loads(group.model_dump_json())
    assert stored["fulfilled"] == ["br-01", "br-02", "br-03"]
    assert DutyGroup.model_validate(stored) == group
