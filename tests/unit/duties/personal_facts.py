"""Facts naming an office holder (个人职责的佐证) about the units of :func:`a_branch`, and
what the duties fold says of one person's duty: the 党委成员's visit to a 联系点, the
书记/委员's training, the 支部委员's 谈心谈话, the secretary's 党课, the 党委书记's exchange
with a 党总支书记 (the counterpart)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contracts.envelope import Envelope
from contracts.events import activities
from contracts.events.base import Payload
from contracts.events.duties import DutyStatus
from tests.unit.accountability.builders import a_branch, on_their_days
from tests.unit.duties.builders import fold, make

VISITS = "committee_member.contact_point.visits"
TRAINING = "unit.secretary_training.yearly"
TALK = "branch.heart_to_heart_talk.yearly"
LECTURE = "secretary.party_lecture.yearly"
EXCHANGE = "committee.secretary_exchange.semester"

Fact = tuple[date, Payload]  # (day recorded, fact)
#: (status event, period, day emitted, fulfilled on): what the fold says of one subject.
Said = tuple[str, str, date, date | None]


def visit(person: str, on: date) -> Payload:
    return make(activities.ContactPointVisited, organization_id="br-1", person_id=person,
                visited_on=on)  # fmt: skip


def trained(person: str, on: date, hours: int, org: str = "br-1") -> Payload:
    return make(activities.TrainingCompleted, organization_id=org, person_id=person,
                kind="secretary_training", completed_on=on, hours=hours)  # fmt: skip


def talk(person: str, on: date) -> Payload:
    return make(activities.TalkHeld, organization_id="br-1", kind="heart_to_heart",
                person_id=person, counterpart_id="m-1", held_on=on)  # fmt: skip


def exchange(counterpart: str, on: date) -> Payload:
    return make(activities.TalkHeld, organization_id="gb-1", kind="secretary_exchange",
                person_id="p-cmt", counterpart_id=counterpart, held_on=on)  # fmt: skip


def meeting(chair: str, on: date, kind: str = "party_lecture", org: str = "gb-1") -> Payload:
    """A meeting of ``kind`` at ``org`` chaired by ``chair`` (by default a 党课 at gb-1)."""
    return make(activities.MeetingHeld, organization_id=org, meeting_id=f"m-{org}-{on}",
                kind=kind, held_on=on, expected_attendees=20, present_attendees=18,
                topic="党课", chaired_by=chair)  # fmt: skip


def statuses(facts: Sequence[Fact], first: date, last: date) -> list[Envelope]:
    """The duty statuses the duties fold of :func:`a_branch` and ``facts``, ticked daily
    from ``first`` to ``last``, emits."""
    outputs = fold(on_their_days(a_branch(), first, facts, last).events)[1]
    return [o for o in outputs if isinstance(o.data, DutyStatus)]


def as_said(status: Envelope) -> Said:
    """One status as (event, period, day emitted, fulfilled on)."""
    assert isinstance(status.data, DutyStatus)
    return (
        status.type.removeprefix("zeren."),
        status.data.period,
        status.time.date(),
        getattr(status.data, "fulfilled_on", None),
    )


def said(facts: Sequence[Fact], first: date, last: date, duty: str, person: str) -> list[Said]:
    """What the duties fold of :func:`a_branch` and ``facts`` says of ``person``'s ``duty``."""
    return [
        as_said(o)
        for o in statuses(facts, first, last)
        if isinstance(o.data, DutyStatus) and (o.data.duty_id, o.data.person_id) == (duty, person)
    ]
