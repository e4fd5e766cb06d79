"""Small histories of one branch with office changes, for the recording-order property
(test_structural_recording_order.py): generated from a seed, checked against the
registry's acceptance rules, folded through both services, reduced to their verdicts."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar, cast

from contracts.envelope import Envelope, new_envelope
from contracts.events import activities, oversight, structure
from contracts.events.base import Payload
from contracts.events.clock import ClockTicked
from contracts.events.enums import Office, ReviewOutcome
from services.accountability.domain.models import Case
from services.accountability.domain.state import Ledger
from services.registry.domain.clock import Clock
from services.registry.domain.organizations import Registry, apply_fact
from services.registry.domain.rules import check
from tests.unit.accountability.builders import BEGINNING, a_branch, through_both
from tests.unit.duties.builders import History, appointed, at, left_office, make

#: The last day the history is ticked: the year's yearly duties fall due by then.
LAST = date(2019, 3, 31)
#: The meetings a branch holds (三会一课, 主题党日), each month the generator may hold one.
KINDS = ("branch_general_meeting", "branch_committee_meeting", "party_lecture", "theme_party_day")
#: The offices that change in the generated histories (书记、副书记、委员).
OFFICES = ("secretary", "deputy_secretary", "committee_member")

T = TypeVar("T")


@dataclass(frozen=True)
class Fact:
    """A fact of br-1 (or of a member of it), the day it happened, and the days it is
    recorded late (0: on its day)."""

    on: date
    payload: Payload
    late: int = 0

    @property
    def structural(self) -> bool:
        return isinstance(
            self.payload, structure.OfficeHolderAppointed | structure.OfficeHolderLeftOffice
        )

    @property
    def recorded(self) -> date:
        return self.on + timedelta(days=self.late)

    def __str__(self) -> str:
        data = self.payload
        if isinstance(data, activities.MeetingHeld):
            what = f"MeetingHeld {data.kind}"
        elif isinstance(data, structure.OfficeHolderAppointed):
            what = f"Appointed {data.person_id} {data.office}"
        elif isinstance(data, structure.OfficeHolderLeftOffice):
            what = f"LeftOffice {data.person_id} {data.office}"
        else:
            what = type(data).__name__
        late = f" recorded {self.recorded}" if self.late else ""
        return f"{self.on} {what}{late}"


def meeting(kind: str, on: date) -> activities.MeetingHeld:
    return make(activities.MeetingHeld, organization_id="br-1", meeting_id=f"m-{kind}-{on}",
                kind=kind, held_on=on, expected_attendees=10, present_attendees=9,
                topic="学习", chaired_by="p-1")  # fmt: skip


def generate(seed: int) -> list[Fact]:
    """br-1's 2018 from ``seed``: its deputy ``p-d0`` and committee member ``p-c0`` from the
    first day (with ``p-1``, secretary, of :func:`a_branch`), meetings (some months
    missed) and two to five office changes, each a leaving, an appointment to a vacant
    office, a handover of the secretary or a holder's same-day move to another office
    (同日转任); every fact on its day."""
    rng = random.Random(seed)
    facts = [Fact(BEGINNING, appointed("br-1", "p-d0", "deputy_secretary", BEGINNING)),
             Fact(BEGINNING, appointed("br-1", "p-c0", "committee_member", BEGINNING))]  # fmt: skip
    for month in range(1, 13):
        for kind in KINDS:
            if rng.random() < 0.75:
                facts.append(
                    Fact(date(2018, month, rng.randint(1, 28)), meeting(kind, date(2018, month, 1)))
                )
    holders = {"secretary": ["p-1"], "deputy_secretary": ["p-d0"], "committee_member": ["p-c0"]}
    days = sorted(rng.sample(range(20, 340), rng.randint(2, 5)))
    for n, offset in enumerate(days):
        on = BEGINNING + timedelta(days=offset)
        facts += _change(rng, holders, on, f"p-{n + 2}")
    return sorted(facts, key=lambda f: f.on)


def _change(rng: random.Random, holders: dict[str, list[str]], on: date, fresh: str) -> list[Fact]:
    """One office change on ``on`` (``fresh``: a person new to br-1), ``holders`` kept."""
    held = [(office, person) for office in OFFICES for person in holders[office]]
    choices = ["appoint"] + (["leave", "move"] if held else [])
    if holders["secretary"]:
        choices.append("handover")
    shape = rng.choice(choices)
    if shape == "leave":
        office, person = rng.choice(held)
        holders[office].remove(person)
        return [Fact(on, left_office("br-1", person, office, on))]
    if shape == "handover":
        old = holders["secretary"].pop()
        holders["secretary"].append(fresh)
        return [Fact(on, left_office("br-1", old, "secretary", on)),
                Fact(on, appointed("br-1", fresh, "secretary", on))]  # fmt: skip
    if shape == "move":
        office, person = rng.choice(held)
        targets = [o for o in OFFICES if o != office and not (o == "secretary" and holders[o])]
        if targets:
            target = rng.choice(targets)
            holders[office].remove(person)
            holders[target].append(person)
            return [Fact(on, left_office("br-1", person, office, on)),
                    Fact(on, appointed("br-1", person, target, on))]  # fmt: skip
    offices = [o for o in OFFICES if not (o == "secretary" and holders[o])]
    office = rng.choice(offices)
    holders[office].append(fresh)
    return [Fact(on, appointed("br-1", fresh, office, on))]


def with_findings(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` and one to three inspection findings at br-1
    (督导检查发现问题, a 30 to 60 day 整改期限), each perhaps accepted (整改验收) by the
    department, by its deadline or after it; drawn from a stream of their own."""
    return _with(seed, _findings)


def _findings(seed: int) -> list[Fact]:
    """:func:`with_findings`'s findings and acceptances."""
    rng = random.Random(seed * 7 + 3)
    facts = []
    for n in range(rng.randint(1, 3)):
        found = BEGINNING + timedelta(days=rng.randint(20, 300))
        deadline = found + timedelta(days=rng.randint(30, 60))
        finding_id = f"f-{n}"
        finding = make(oversight.InspectionFindingRecorded, organization_id="br-1",
                       finding_id=finding_id, question=18, description="记录不全",
                       found_on=found, rectification_deadline=deadline)  # fmt: skip
        facts.append(Fact(found, finding))
        if rng.random() < 0.7:
            on = max(found, deadline + timedelta(days=rng.randint(-25, 15)))
            accepted = make(oversight.RectificationAccepted, organization_id="br-1",
                            finding_id=finding_id, accepted_on=on)  # fmt: skip
            facts.append(Fact(on, accepted))
    return facts


def with_decisions(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` and, for most proposals (问责建议) it leads to
    on time, the decision of the body proposed to (问责决定), 3 to 30 days later: the
    measures and persons proposed; drawn from a stream of their own. The decisions come
    after the history's facts, which keep their places: a case opened by a fact (a
    vacancy's, 书记空缺) has the id its trigger's place gives it (:func:`history`)."""
    facts = generate(seed)
    return facts + _decisions(facts, random.Random(seed * 17 + 9), "d")[0]


def _decisions(
    facts: list[Fact], rng: random.Random, prefix: str, known: frozenset[str] = frozenset()
) -> tuple[list[Fact], frozenset[str]]:
    """The decisions of :func:`with_decisions` on the proposals ``facts`` lead to (the
    decision ids ``prefix-n``) but those whose event ids are ``known``, and the event ids
    of the proposals."""
    ledger = Ledger.empty(1)
    _, decided = through_both(history(facts), ledger)
    proposed = [e for e in decided if e.type == "zeren.AccountabilityProposed"]
    decisions = []
    for n, env in enumerate(proposed):
        data = cast(Any, env.data)
        on = env.time.date() + timedelta(days=rng.randint(3, 30))
        if rng.random() < 0.3 or on + timedelta(days=40) >= LAST or env.id in known:
            continue  # recorded late by LAST
        decision = make(oversight.AccountabilityDecided, organization_id=data.organization_id,
                        subject_organization_id=ledger.cases[data.case_id].subject_organization_id
                        or data.organization_id, case_id=data.case_id,
                        decision_id=f"{prefix}-{n}", decided_by=data.proposed_to,
                        meeting="部务会", decided_on=on, measures=data.measures,
                        person_ids=data.person_ids)  # fmt: skip
        decisions.append(Fact(on, decision))
    return decisions, frozenset(env.id for env in proposed)


def with_reviews(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed``; the committee's determination of serious
    consequences (造成严重后果) on one to three of its cases, 0 to 90 days after each
    opened; the decisions of :func:`with_decisions` on the proposals these lead to, and
    then on those proposed since (诫勉谈话、通报批评、取消评优, once a determined case's
    deadline passed); and on half the decisions a review (申诉、复查: 维持, 撤销, or 变更
    keeping some measures) 3 to 30 days after it, and on a third of those a second review
    3 to 30 days after the first. Each drawn from a stream of its own, all after the
    history's facts (:func:`with_decisions`)."""
    facts = generate(seed)
    facts += _determinations(facts, random.Random(seed * 41 + 3))
    first, known = _decisions(facts, random.Random(seed * 17 + 9), "d")
    second, _ = _decisions(facts + first, random.Random(seed * 29 + 9), "e", known)
    decisions = first + second
    reviews = _reviews(decisions, random.Random(seed * 43 + 1))
    by_id = {cast(oversight.AccountabilityDecided, f.payload).decision_id: f for f in decisions}
    reviewed = [Fact(f.on, by_id[cast(oversight.DecisionReviewed, f.payload).decision_id].payload)
                for f in reviews]  # fmt: skip
    return facts + decisions + reviews + _reviews(reviewed, random.Random(seed * 47 + 5), 1 / 3)


def _determinations(facts: list[Fact], rng: random.Random) -> list[Fact]:
    """:func:`with_reviews`'s determinations on the cases ``facts`` lead to."""
    ledger = Ledger.empty(1)
    through_both(history(facts), ledger)
    cases = sorted(ledger.cases.values(), key=lambda case: case.case_id)
    found = []
    for case in rng.sample(cases, min(len(cases), rng.randint(1, 3))):
        on = case.opened_on + timedelta(days=rng.randint(0, 90))
        if on + timedelta(days=60) < LAST:
            found.append(Fact(on, make(oversight.SeriousConsequenceDetermined,
                                       organization_id=case.organization_id,
                                       subject_organization_id=case.subject_organization_id
                                       or case.organization_id, case_id=case.case_id,
                                       determined_on=on, description="失管失教")))  # fmt: skip
    return found


def _reviews(decisions: list[Fact], rng: random.Random, share: float = 0.5) -> list[Fact]:
    """:func:`with_reviews`'s reviews of a ``share`` of ``decisions``, each after its
    fact's day."""
    reviews = []
    for fact in decisions:
        decided = cast(oversight.AccountabilityDecided, fact.payload)
        if rng.random() < 1 - share:
            continue
        on = fact.on + timedelta(days=rng.randint(3, 30))
        if on + timedelta(days=40) >= LAST:
            continue  # recorded late by LAST
        outcome = rng.choice(list(ReviewOutcome))
        changed = outcome is ReviewOutcome.CHANGED
        kept = [m for m in decided.measures if changed and rng.random() < 0.5]
        reviews.append(Fact(on, make(oversight.DecisionReviewed,
                                     organization_id=decided.organization_id,
                                     subject_organization_id=decided.subject_organization_id,
                                     case_id=decided.case_id, decision_id=decided.decision_id,
                                     outcome=outcome, reviewed_on=on, measures=kept,
                                     reason="复查")))  # fmt: skip
    return reviews


def with_parent_changes(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` and one to three office changes at br-1's
    parent gb-1, drawn from a stream of their own: its secretary ``p-g1`` handed over, or
    leaving with the seat vacant for 5 to 120 days (书记空缺, which the committee owes
    filled; the last change drawn), or a 副书记 appointed, then leaving."""
    return _with(seed, _parent_changes)


def _parent_changes(seed: int) -> list[Fact]:
    """:func:`with_parent_changes`'s office changes at gb-1."""
    return _leading_changes(random.Random(seed * 23 + 5), "gb-1", "p-g1")


def with_committee_changes(seed: int) -> list[Fact]:
    """:func:`with_parent_changes`'s history of ``seed`` and one to three office changes
    at the committee, drawn from a stream of their own, as at gb-1: its secretary
    ``p-cmt`` handed over, or leaving with the seat vacant for 5 to 120 days, or a 副书记
    appointed, then leaving. The committee's secretary answers for its own duties and for
    those it owes about gb-1 (gb-1's vacancy filled, the exchange with its secretary)."""
    return _with(seed, _parent_changes, _committee_changes)


def _committee_changes(seed: int) -> list[Fact]:
    """:func:`with_committee_changes`'s office changes at the committee."""
    return _leading_changes(random.Random(seed * 29 + 11), "cmt", "p-cmt")


def _leading_changes(rng: random.Random, unit: str, secretary: str) -> list[Fact]:
    """One to three changes of ``unit``'s 书记 (first ``secretary``) or 副书记 drawn from
    ``rng``: a handover, the seat vacant for 5 to 120 days (the last change drawn), or a
    副书记 appointed, then leaving."""
    facts: list[Fact] = []
    first, deputy = secretary, None
    for n, offset in enumerate(sorted(rng.sample(range(20, 340), rng.randint(1, 3)))):
        on, fresh = BEGINNING + timedelta(days=offset), f"{first}-{n}"
        shape = rng.choice(("handover", "vacancy", "deputy"))
        if shape == "deputy":
            if deputy is None:
                deputy = fresh
                facts.append(Fact(on, appointed(unit, deputy, "deputy_secretary", on)))
            else:
                facts.append(Fact(on, left_office(unit, deputy, "deputy_secretary", on)))
                deputy = None
            continue
        filled = on if shape == "handover" else on + timedelta(days=rng.randint(5, 120))
        facts += [Fact(on, left_office(unit, secretary, "secretary", on)),
                  Fact(filled, appointed(unit, fresh, "secretary", filled))]  # fmt: skip
        secretary = fresh
        if shape == "vacancy":
            break
    return facts


def with_move(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed``, br-1 placed directly under the committee
    (隶属关系调整, a 直属党支部) on a day drawn from a stream of its own: from then on the
    committee owes what gb-1 owed about it (its vacancy filled, its 述职 evaluated)."""
    on = BEGINNING + timedelta(days=random.Random(seed * 13 + 1).randint(30, 330))
    move = make(structure.OrganizationReparented, organization_id="br-1", parent_id="cmt",
                reparented_on=on)  # fmt: skip
    return sorted([*generate(seed), Fact(on, move)], key=lambda f: f.on)


def with_a_second_parent(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` with a second general branch gb-2 (its
    secretary ``p-g2`` from the first day) and, drawn from a stream of their own, br-1
    placed under gb-2 on a day of the year (隶属关系调整) and one or two changes of gb-2's
    secretary: handed over, or the seat vacant 3 to 60 days (the last change drawn)."""
    return _with(seed, _second_parent)


def _second_parent(seed: int) -> list[Fact]:
    """:func:`with_a_second_parent`'s gb-2, its secretary's changes and br-1's move."""
    rng = random.Random(seed * 13 + 1)
    gb_2 = make(structure.OrganizationEstablished, organization_id="gb-2", name="gb-2党组织",
                kind="general_branch", parent_id="cmt", established_on=BEGINNING,
                term_ends_on=date(2020, 12, 31))  # fmt: skip
    on = BEGINNING + timedelta(days=rng.randint(30, 330))
    move = make(structure.OrganizationReparented, organization_id="br-1", parent_id="gb-2",
                reparented_on=on)  # fmt: skip
    first_secretary = appointed("gb-2", "p-g2", "secretary", BEGINNING)
    facts = [Fact(BEGINNING, gb_2), Fact(BEGINNING, first_secretary), Fact(on, move)]
    secretary = "p-g2"
    for n, offset in enumerate(sorted(rng.sample(range(20, 340), rng.randint(1, 2)))):
        left = BEGINNING + timedelta(days=offset)
        filled = left + timedelta(days=rng.choice([0, 0, rng.randint(3, 60)]))
        facts += [Fact(left, left_office("gb-2", secretary, "secretary", left)),
                  Fact(filled, appointed("gb-2", f"p-g2-{n}", "secretary", filled))]  # fmt: skip
        secretary = f"p-g2-{n}"
        if filled != left:
            break
    return facts


def with_other_branches(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` and three more branches of gb-1, br-2 to br-4
    (secretary ``br-N-p-1``), each with a history of :func:`generate`'s shape drawn from a
    stream of its own, its persons and meetings named after it: a duty three or more of the
    four let pass in one period is 带有普遍性的问题 (≥ 30% and ≥ 3 of the units owing it),
    whose proposals go to each of them."""
    return _with(seed, _other_branches)


def _other_branches(seed: int) -> list[Fact]:
    """:func:`with_other_branches`'s br-2 to br-4 and their histories."""
    facts = []
    for n in range(2, 5):
        unit = f"br-{n}"
        established = make(structure.OrganizationEstablished, organization_id=unit,
                           name=f"{unit}党组织", kind="branch", parent_id="gb-1",
                           established_on=BEGINNING, term_ends_on=date(2020, 12, 31),
                           category="faculty")  # fmt: skip
        secretary = appointed(unit, f"{unit}-p-1", "secretary", BEGINNING)
        facts += [Fact(BEGINNING, established), Fact(BEGINNING, secretary)]
        facts += [_renamed(fact, unit) for fact in generate(seed * 101 + n)]
    return facts


def _renamed(fact: Fact, unit: str) -> Fact:
    """br-1's ``fact`` of :func:`generate` (a meeting, an office change) as ``unit``'s: its
    persons and meeting named after ``unit``."""
    data = fact.payload
    update: dict[str, Any] = {"organization_id": unit}
    if isinstance(data, activities.MeetingHeld):
        update |= {"meeting_id": f"{unit}-{data.meeting_id}", "chaired_by": f"{unit}-p-1"}
    else:
        person = f"{unit}-{cast(Any, data).person_id}"
        update |= {"person_id": person}
        if isinstance(data, structure.OfficeHolderAppointed):
            update |= {"person_name": f"{person}同志"}
    return Fact(fact.on, data.model_copy(update=update), fact.late)


def with_everything(seed: int) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` with gb-1's office changes
    (:func:`with_parent_changes`), the committee's (:func:`with_committee_changes`), br-1
    moved under gb-2 whose secretary changes (:func:`with_a_second_parent`) and findings
    at br-1 (:func:`with_findings`), each drawn from its own stream as there."""
    return _with(seed, _parent_changes, _committee_changes, _second_parent, _findings)


def _with(seed: int, *extras: Callable[[int], list[Fact]]) -> list[Fact]:
    """:func:`generate`'s history of ``seed`` and the facts of each of ``extras``, in
    order of days (facts of a day keep their order, :func:`generate`'s first)."""
    facts = generate(seed) + [fact for extra in extras for fact in extra(seed)]
    return sorted(facts, key=lambda f: f.on)


def decisions_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """:func:`delayed`'s facts, and each 问责决定 recorded 1 to 40 days late (补录)."""
    return _department_late(facts, seed, oversight.AccountabilityDecided, seed * 19 + 2)


def steps_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """:func:`delayed`'s facts, and each 问责决定, 复查结论 and 严重后果认定 recorded 1 to 40
    days late (补录), each on its own: a review may be recorded before its decision."""
    steps = (oversight.AccountabilityDecided, oversight.DecisionReviewed,
             oversight.SeriousConsequenceDetermined)  # fmt: skip
    rng = random.Random(seed * 13 + 7)
    return [Fact(f.on, f.payload, rng.randint(1, 40)) if isinstance(f.payload, steps) else f
            for f in delayed(facts, seed)]  # fmt: skip


def acceptances_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """:func:`delayed`'s facts, and each 整改验收 recorded 1 to 40 days late (补录: the
    department records its acceptance after the deadline it shows met)."""
    return _department_late(facts, seed, oversight.RectificationAccepted, seed * 11 + 5)


def _department_late(facts: Sequence[Fact], seed: int, kind: type, stream: int) -> list[Fact]:
    """:func:`delayed`'s facts, and each of ``kind`` recorded 1 to 40 days late."""
    rng = random.Random(stream)
    return [Fact(f.on, f.payload, rng.randint(1, 40)) if isinstance(f.payload, kind) else f
            for f in delayed(facts, seed)]  # fmt: skip


def findings_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """``facts`` with each inspection finding recorded 1 day late up to its rectification
    deadline (补录, by the deadline): an acceptance dated before may have been recorded
    before the finding was entered."""
    rng = random.Random(seed * 31 + 7)
    return [Fact(f.on, f.payload, rng.randint(1, (f.payload.rectification_deadline - f.on).days))
            if isinstance(f.payload, oversight.InspectionFindingRecorded) else f
            for f in facts]  # fmt: skip


def delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """``facts`` with each structural one recorded 1 to 20 days late (补录), never past the
    next due day of br-1's meetings (:func:`next_due`), nor those of the first day (the
    branch as it stands when the log begins)."""
    rng = random.Random(seed)
    moved = []
    for fact in facts:
        room = (next_due(fact.on) - fact.on).days
        if fact.structural and fact.on != BEGINNING and room > 0:
            fact = Fact(fact.on, fact.payload, rng.randint(1, min(20, room)))
        moved.append(fact)
    return moved


def long_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """``facts`` with each structural one recorded 1 to 150 days late (补录), past the due
    days of the meetings and of the year's duties, nor those of the first day: some
    periods they make owed are judged after their rule's deadline."""
    rng = random.Random(seed)
    return [
        Fact(fact.on, fact.payload, rng.randint(1, 150))
        if fact.structural and fact.on != BEGINNING
        else fact
        for fact in facts
    ]


def together_long_delayed(facts: Sequence[Fact], seed: int) -> list[Fact]:
    """:func:`long_delayed`, each unit's office changes (and move) of one day recorded
    together, 1 to 150 days late (a handover, a 同日转任: the registry refuses a successor
    recorded before the leaving), so that fewer orders are refused."""
    rng = random.Random(seed)
    lateness: dict[tuple[str, date], int] = {}
    moved = []
    for fact in facts:
        data = fact.payload
        changed = (
            structure.OfficeHolderAppointed
            | structure.OfficeHolderLeftOffice
            | structure.OrganizationReparented
        )
        if isinstance(data, changed) and fact.on != BEGINNING:
            late = lateness.setdefault((data.organization_id, fact.on), rng.randint(1, 150))
            fact = Fact(fact.on, data, late)
        moved.append(fact)
    return moved


def next_due(day: date) -> date:
    """The first due day of br-1's meetings on or after ``day``: a month's 支部委员会 and
    主题党日 are due on the 7th of the next (grace 7), a quarter's 支部党员大会 and 党课 on
    the 15th of the next (grace 15)."""
    monthly = day.replace(day=7) if day.day <= 7 else _next_month(day).replace(day=7)
    quarterly = date(day.year, day.month, 15)
    while quarterly < day or quarterly.month % 3 != 1:
        quarterly = _next_month(quarterly).replace(day=15)
    return min(monthly, quarterly)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def history(facts: Sequence[Fact], dated: bool = True, last: date | None = None) -> History:
    """The History of :func:`a_branch` and ``facts``, each on its recording day between
    the daily ticks (facts recorded the same day keep their order), each with the same
    id whatever day it is recorded (a trigger's id names its period); ticked to ``last``
    at least (:data:`LAST` if None)."""
    events, day = a_branch(), BEGINNING
    numbered = sorted(enumerate(facts), key=lambda n_fact: n_fact[1].recorded)
    for n, fact in numbered:
        events.ticks(day, fact.recorded)
        env = new_envelope(fact.payload, id=f"fact-{n}", source="urn:test",
                           time=at(fact.on if dated else fact.recorded))  # fmt: skip
        events.events.append((env, 0))
        day = fact.recorded + timedelta(days=1)
    events.ticks(day, last or LAST)
    return events


#: The terms of office of each (unit, person): the office, its first day and its last
#: (None while held).
Terms = dict[tuple[str, str], list[tuple[Office, date, date | None]]]


def terms(facts: Sequence[Fact]) -> Terms:
    """The terms of office of :func:`a_branch`'s holders and of ``facts``, by the days
    they began and ended (任职、离任), whatever day each was recorded."""
    held: Terms = {}
    for env, _ in history(facts).events:
        data = env.data
        if isinstance(data, structure.OfficeHolderAppointed):
            term = (data.office, data.appointed_on, data.left_on)
            held.setdefault((data.organization_id, data.person_id), []).append(term)
        elif isinstance(data, structure.OfficeHolderLeftOffice):
            spans = held[data.organization_id, data.person_id]
            n = next(n for n, (office, _, left) in enumerate(spans)
                     if office is data.office and left is None)  # fmt: skip
            spans[n] = (spans[n][0], spans[n][1], data.left_on)
    return held


def accepted(events: Iterable[tuple[Envelope, int]]) -> bool:
    """Whether the registry accepts every fact of the log ``events`` in its order."""
    registry, clock = Registry(), Clock(today=BEGINNING)  # a_branch's units come first
    for env, _ in events:
        if isinstance(env.data, ClockTicked):
            clock = Clock(today=env.data.date)
        elif check(registry, clock, set(), env.data):
            return False
        else:
            apply_fact(registry, env.data)
    return True


@dataclass(frozen=True)
class Verdicts:
    """What a history leads to: overdues (unit, duty, period, charged), criticisms and
    proposals (case, rung(s), persons named, grounds), and the end state of each case."""

    overdue: frozenset[tuple[str, str, str, tuple[str, ...]]]
    criticised: frozenset[tuple[str, tuple[str, ...]]]
    proposed: frozenset[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    cases: dict[tuple[str, str | None, str | None], tuple[tuple[str, ...], tuple[str, ...], str]]
    #: The cases judged after their rule's deadline (``Case.owed_on``: a period opened late
    #: has its grace again, so its own deadlines fall later, on other days' holders).
    judged_late: frozenset[tuple[str, str | None, str | None]] = field(compare=False)


def folded(
    facts: Sequence[Fact], dated: bool = True, last: date | None = None
) -> tuple[Ledger, list[Envelope], list[Envelope]] | None:
    """The ledger ``facts`` recorded on their recording days lead to (ticked to ``last`` at
    least, :func:`history`), with the duties' outputs and the accountability's; None when
    the registry would refuse one of them in that order."""
    events = history(facts, dated, last)
    if not accepted(events.events):
        return None
    ledger = Ledger.empty(1)
    duties, decided = through_both(events, ledger)
    return ledger, duties, decided


def verdicts(facts: Sequence[Fact], dated: bool = True) -> Verdicts | None:
    """The verdicts of ``facts`` recorded on their recording days; None when the registry
    would refuse one of them in that order."""
    found = folded(facts, dated)
    return None if found is None else verdicts_of(*found)


def verdicts_of(ledger: Ledger, duties: list[Envelope], decided: list[Envelope]) -> Verdicts:
    """The verdicts of a history folded (:func:`folded`)."""
    overdue = frozenset(
        (d.organization_id, d.duty_id, d.period, tuple(sorted(d.charged_person_ids or [])))
        for d in (cast(Any, e.data) for e in duties if e.type == "zeren.DutyOverdue")
    )
    criticised = frozenset(
        (cast(Any, e.data).case_id, tuple(sorted(cast(Any, e.data).person_ids)))
        for e in decided
        if e.type == "zeren.CriticismIssued"
    )
    proposed = frozenset(
        (
            cast(Any, e.data).case_id,
            tuple(cast(Any, e.data).measures),
            tuple(sorted(cast(Any, e.data).person_ids)),
            tuple(sorted(str(g) for g in cast(Any, e.data).grounds)),
        )
        for e in decided
        if e.type == "zeren.AccountabilityProposed"
    )
    cases = {
        (c.organization_id, c.duty_id, _owed_by(c)): (
            tuple(sorted(c.person_ids)),
            tuple(c.proposed),
            str(c.status),
        )
        for c in ledger.cases.values()
    }
    late = frozenset(
        (c.organization_id, c.duty_id, _owed_by(c))
        for c in ledger.cases.values()
        if c.owed_on is not None
    )
    return Verdicts(overdue, criticised, proposed, cases, late)


def _owed_by(case: Case) -> str | None:
    """A case's period, and for an office holder's own duty (个人职责, one case per holder:
    the training of 书记、副书记、委员) the holder whose case it is; a finding's case, its
    finding."""
    if case.finding_id is not None:
        return case.finding_id
    return case.period if case.office is None else f"{case.period} {case.person_id}"


def agreeing_orders(
    seeds: Iterable[int],
    generate: Callable[[int], list[Fact]],
    delayed: Callable[[Sequence[Fact], int], list[Fact]],
    outcome: Callable[[Sequence[Fact]], object | None],
) -> int:
    """Assert that each seed's history gives the same ``outcome`` with its facts recorded
    on their days and as ``delayed`` records them (None: the registry refuses them in that
    order, not compared); the number of histories compared."""
    compared = 0
    for seed, first, again in both_orders(seeds, generate, delayed, outcome):
        compared += 1
        assert again == first, (seed, [str(f) for f in delayed(generate(seed), seed) if f.late])
    return compared


def both_orders(
    seeds: Iterable[int],
    generate: Callable[[int], list[Fact]],
    delayed: Callable[[Sequence[Fact], int], list[Fact]],
    outcome: Callable[[Sequence[Fact]], T | None],
) -> Iterator[tuple[int, T, T]]:
    """Each seed's ``outcome`` with its facts recorded on their days and as ``delayed``
    records them: (seed, on their days, delayed), for the histories the registry accepts
    in the delayed order."""
    for seed in seeds:
        facts = generate(seed)
        again = outcome(delayed(facts, seed))
        if again is None:
            continue
        first = outcome(facts)
        assert first is not None
        yield seed, first, again
