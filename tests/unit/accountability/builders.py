"""Input events for the accountability tests, built from the contracts models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from contracts.envelope import Envelope, new_envelope
from contracts.events.accountability import AccountabilityAction
from contracts.events.base import Payload
from contracts.events.clock import ClockTicked, partition_subject
from contracts.events.duties import DutyOverdue, DutyStatus
from contracts.events.enums import Office
from contracts.events.structure import OfficeHolderAppointed
from services.accountability.domain import queries
from services.accountability.domain.decide import decide
from services.accountability.domain.decide import fold as fold_case
from services.accountability.domain.measures import Emitted
from services.accountability.domain.state import Ledger
from services.common.sequencer import Delivery
from tests.unit.duties.builders import History, fold

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUARTERLY = "branch.general_meeting.quarterly"  # 支部党员大会, quarterly, grace 10 days


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), SHANGHAI)


def envelope(payload: Payload, event_id: str, day: date) -> Envelope:
    return new_envelope(payload, id=event_id, source="urn:zeren:duties", time=at(day))


def tick(day: date, partition: int = 0) -> Envelope:
    began = datetime.combine(day, time(), SHANGHAI)
    return new_envelope(
        ClockTicked(date=day, partition=partition),
        id=f"tick:{day.isoformat()}:{partition}",
        source="urn:zeren:registry",
        time=began,
        subject=partition_subject(partition),
    )


def duty(
    kind: type[DutyStatus],
    org: str,
    period: str = "2018-Q2",
    duty_id: str = QUARTERLY,
    **extra: Any,
) -> DutyStatus:
    """A duty status of ``org`` for ``period`` (a quarter or a month; else pass the dates)."""
    fields: dict[str, Any] = {
        "organization_id": org,
        "duty_id": duty_id,
        "period": period,
        "catalog_version": "v1",
        "clause": "实施细则 三、(四)",
        "questions": [18],
        "cause_event_id": "cause",
    }
    if "period_end" not in extra:
        start, end = _span(period)
        fields |= {"period_start": start, "period_end": end, "due_on": end + timedelta(days=10)}
    return kind.model_validate(fields | extra)


def _span(period: str) -> tuple[date, date]:
    year, rest = int(period[:4]), period[5:]
    if rest.startswith("Q"):
        first = (int(rest[1]) - 1) * 3 + 1
        months = (first, first + 2)
    else:
        months = (int(rest), int(rest))
    start = date(year, months[0], 1)
    after = date(year + months[1] // 12, months[1] % 12 + 1, 1)
    return start, after - timedelta(days=1)


@dataclass
class Run:
    """Feeds deliveries to one ledger and keeps every output, in order."""

    partitions: int = 1
    ledger: Ledger = field(init=False)
    outputs: list[Emitted] = field(default_factory=list)
    sent: list[Envelope] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ledger = Ledger.empty(self.partitions)

    def send(self, env: Envelope, partition: int = 0) -> list[Emitted]:
        self.sent.append(env)
        self.ledger, out = decide(self.ledger, Delivery(partition, env))
        self.outputs += out
        return out

    def days(self, first: date, last: date) -> list[Emitted]:
        """Tick every partition for each day from ``first`` to ``last``."""
        out: list[Emitted] = []
        day = first
        while day <= last:
            for p in range(self.partitions):
                out += self.send(tick(day, p), p)
            day += timedelta(days=1)
        return out

    def until(self, last: date) -> list[Emitted]:
        """Tick every partition from the day after the last tick sent up to ``last``."""
        ticks = [o.data.date for o in self.sent if isinstance(o.data, ClockTicked)]
        return self.days(max(ticks) + timedelta(days=1), last)

    def on(self, day: date, env: Envelope) -> list[Emitted]:
        """``env`` as the log holds it: after ``day``'s tick, released by the next day's."""
        out = self.until(day) + self.send(env)
        return out + self.until(day + timedelta(days=1))

    def actions(self) -> list[AccountabilityAction]:
        """The payloads of every output so far."""
        payloads = [o.envelope.data for o in self.outputs]
        assert all(isinstance(p, AccountabilityAction) for p in payloads)
        return cast(list[AccountabilityAction], payloads)

    def types(self) -> list[tuple[str, str]]:
        """(event type, organization) of every output so far."""
        return [(o.envelope.type.removeprefix("zeren."), o.envelope.subject) for o in self.outputs]


def works_overdue(
    works: Iterable[tuple[str, str, list[str]]], on: date, that_day: Iterable[Envelope] = ()
) -> Run:
    """br-1 (secretary p-1 王丽, appointed 2017-09-01) lets ``works`` pass: each (duty,
    period, persons charged) overdue on ``on`` (criticised, to rectify within 30 days),
    ticked from the first of that month to the next day (特别突出 weighed); ``that_day``:
    steps recorded on ``on`` after the overdue, before the day's close."""
    run = Run()
    run.send(tick(on.replace(day=1)))
    secretary = OfficeHolderAppointed(organization_id="br-1", person_id="p-1",
                                      person_name="王丽", office=Office.SECRETARY,
                                      appointed_on=date(2017, 9, 1))  # fmt: skip
    run.send(envelope(secretary, "appoint-p-1", on.replace(day=1)))
    for n, (duty_id, period, persons) in enumerate(works):
        over = duty(DutyOverdue, "br-1", period, duty_id, charged_person_ids=persons)
        run.send(envelope(over, f"over-{n}", on))
    for step in that_day:
        run.send(step)
    run.until(on + timedelta(days=1))
    return run


#: The day the units of :func:`a_branch` are established (the log's first day).
BEGINNING = date(2018, 1, 1)


def a_branch() -> History:
    """The committee ``cmt`` (secretary ``p-cmt``), its general branch ``gb-1`` (``p-g1``)
    and their branch ``br-1`` (``p-1``, a faculty branch), all from :data:`BEGINNING`."""
    history = History()
    history.unit("cmt", "party_committee", None, "p-cmt", BEGINNING)
    history.unit("gb-1", "general_branch", "cmt", "p-g1", BEGINNING)
    history.unit("br-1", "branch", "gb-1", "p-1", BEGINNING, category="faculty")
    return history


def on_their_days(
    history: History, first: date, facts: Iterable[tuple[date, Payload]], last: date
) -> History:
    """``history`` and then ``facts``, each recorded on its day (in order of days) between
    the daily ticks from ``first`` to ``last``."""
    day = first
    for fact_day, fact in sorted(facts, key=lambda recorded: recorded[0]):
        history.ticks(day, fact_day)
        history.add(fact, fact_day)
        day = fact_day + timedelta(days=1)
    history.ticks(day, last)
    return history


def from_the_facts(
    history: History,
    first: date,
    facts: Iterable[tuple[date, Payload]],
    last: date,
    ledger: Ledger | None = None,
) -> list[Envelope]:
    """Every accountability output of ``history`` and then ``facts`` (:func:`on_their_days`),
    through both folds: duties, then accountability on one partition (into ``ledger``, if
    given)."""
    _, decided = through_both(on_their_days(history, first, facts, last), ledger)
    return decided


#: A member flag: (member, first day of its months, last day).
MemberFlag = tuple[str, date, date]


def member_flags(
    history: History, facts: Iterable[tuple[date, Payload]], last: date, unit: str, situation: str
) -> tuple[list[MemberFlag], list[MemberFlag]]:
    """The flags of ``situation`` on ``unit``'s members of ``history`` and then ``facts``
    (:func:`on_their_days`, from :data:`BEGINNING` to ``last``): those raised
    (MemberSituationFlagged), in order, and those standing at the end (after
    accountability, which withdraws the ones a later fact shows false)."""
    ledger = Ledger.empty(1)
    outputs, _ = through_both(on_their_days(history, BEGINNING, facts, last), ledger)
    flagged = [
        cast(Any, e.data) for e in outputs if type(e.data).__name__ == "MemberSituationFlagged"
    ]
    raised = [(f.member_id, f.since, f.period_end) for f in flagged if f.situation == situation]
    kept = queries.list_flags(ledger, unit=unit, member=True, standing=True)
    standing = [(f.member_id, f.since, f.due_on) for f in kept if f.situation == situation]
    return raised, standing  # type: ignore[return-value]  # a member flag names both


def through_both(
    history: History, ledger: Ledger | None = None
) -> tuple[list[Envelope], list[Envelope]]:
    """The duties outputs of ``history``, and every accountability output of them, folded
    on one partition (into ``ledger``, if given)."""
    _, outputs = fold(history.events)
    ledger = ledger or Ledger.empty(1)
    decided = [
        out.envelope
        for offset, env in enumerate(outputs)
        for out in fold_case(ledger, Delivery(0, env, offset))
    ]
    return outputs, decided
