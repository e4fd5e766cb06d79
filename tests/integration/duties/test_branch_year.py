"""A year of one branch through the real pipeline: exactly the two missed meetings are overdue."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta

import asyncpg

from contracts.catalog import PeriodicCadence, catalog_in_force
from contracts.events import activities, oversight
from contracts.events.enums import BranchCategory, OrganizationKind
from services.common.consumer import consume
from services.common.kafka_client import KafkaClient
from services.common.outbox import OutboxRelay, new_producer
from services.common.pipeline import Pipeline
from services.duties.adapters.archive import NOT_ARCHIVED, reader
from services.duties.adapters.projection import DutiesProjection
from services.duties.app import SQL
from services.duties.domain.documents import entries
from services.duties.domain.instances import INSTANCE_ADAPTER
from services.duties.domain.queries import compliance, unit_duties
from tests.conftest import Infra, TopicFactory
from tests.integration.duties.kafka_io import publish, read_all
from tests.integration.duties.restoring import CountingRestores
from tests.unit.duties.builders import BRANCH, SECRETARY, History, fold, make

COMMITTEE_MEMBER = f"{BRANCH}-cm"
MEMBER = "m-1"
#: The periodic duties the catalog gives a faculty branch with a committee, and the
#: evidence this history records for them (every period of 2018, bar the two misses).
OWED = {
    "branch.committee_meeting.monthly",
    "branch.theme_party_day.monthly",
    "member.dues.monthly",
    # owed only by members the branch allowed to pay by quarter (none here)
    "member.dues.quarterly",
    "branch.general_meeting.quarterly",
    "branch.party_lecture.quarterly",
    "branch.member_rotation_training.yearly",
    "branch.organizational_life_meeting.yearly",
    "branch.members_appraisal.yearly",
    "branch.dual_report.yearly",
    "unit.secretary_training.yearly",
    "unit.secretary_work_report.yearly",
    "parent.branch_work_report_evaluation.yearly",  # owed by the parent, about the branch
    "branch.dues_disclosure.yearly",
    "unit.party_affairs_disclosure.yearly",
    "unit.work_summary.yearly",
    *(f"self_check.q{n:02d}" for n in (10, 16, 17, 18, 19, 20, 21, 22, 23, 25, 30)),
}
#: Owed from the 支部工作条例 (2018-10-28, catalog v3) on, so first for 2019.
HEART_TO_HEART = "branch.heart_to_heart_talk.yearly"


def test_the_catalog_gives_a_faculty_branch_exactly_these_periodic_duties() -> None:
    for day, owed in ((date(2018, 1, 1), OWED), (date(2018, 12, 1), OWED | {HEART_TO_HEART})):
        catalog = catalog_in_force(day)
        periodic = {
            d.id
            for d in catalog.duties
            if isinstance(d.cadence, PeriodicCadence)
            and OrganizationKind.BRANCH in d.applies_to.kinds
            and (not d.applies_to.categories or BranchCategory.FACULTY in d.applies_to.categories)
        }
        assert periodic == owed


def _year_missing_march_and_q2() -> History:
    history = History()
    history.branch(date(2018, 1, 1))
    history.member(MEMBER, date(2018, 1, 1))
    for month in range(1, 13):
        held = date(2018, month, 10)
        if month != 3:
            history.meeting("branch_committee_meeting", held)
        history.meeting("theme_party_day", held)
        history.dues(MEMBER, f"{held:%Y-%m}", held)
        if month % 3 == 2:
            if month != 5:
                history.meeting("branch_general_meeting", held)
            history.meeting("party_lecture", held)
    history.dues(MEMBER, "2019-01", date(2019, 1, 10))
    yearly = date(2018, 12, 12)
    for kind in ("organizational_life_meeting",):
        history.meeting(kind, yearly)
    facts = [
        make(
            activities.TrainingCompleted,
            organization_id=BRANCH,
            kind="member_rotation",
            hours="8",
            completed_on=yearly,
        ),
        make(
            activities.TrainingCompleted,
            organization_id=BRANCH,
            person_id=SECRETARY,
            kind="secretary_training",
            hours="24",
            completed_on=yearly,
        ),
        make(
            activities.TrainingCompleted,
            organization_id=BRANCH,
            person_id=COMMITTEE_MEMBER,
            kind="committee_member_training",
            hours="16",
            completed_on=yearly,
        ),
        make(
            activities.MembersAppraised,
            organization_id=BRANCH,
            year=2018,
            appraised_on=yearly,
            excellent=1,
            qualified=9,
            basically_qualified=0,
            unqualified=0,
        ),
        make(
            activities.DualReportRegistered,
            organization_id=BRANCH,
            community="国顺路社区党委",
            registered_on=yearly,
        ),
        make(
            activities.WorkReportSubmitted,
            organization_id=BRANCH,
            person_id=SECRETARY,
            office="secretary",
            year=2018,
            submitted_to="gb-edu",
            submitted_on=yearly,
        ),
        make(
            activities.WorkReportEvaluated,
            organization_id=BRANCH,
            person_id=SECRETARY,
            year=2018,
            grade="good",
            evaluated_on=yearly,
        ),
        *(
            make(
                oversight.DisclosureMade,
                organization_id=BRANCH,
                kind=kind,
                year=2018,
                disclosed_on=yearly,
            )
            for kind in ("dues", "party_affairs")
        ),
        make(
            oversight.WorkSummaryFiled,
            organization_id=BRANCH,
            year=2018,
            submitted_to="gb-edu",
            filed_on=yearly,
        ),
        *(
            make(
                oversight.SelfCheckAnswered,
                organization_id=BRANCH,
                year=2018,
                question=n,
                answer="yes",
                evidence_refs=["https://oa.example.edu/doc/1"],
                answered_on=yearly,
            )
            for n in (10, 16, 17, 18, 19, 20, 21, 22, 23, 25, 30)
        ),
    ]
    for fact in facts:
        history.add(fact, yearly)
    ordered = sorted(history.events, key=lambda e: e[0].time)
    history.events = []
    day = date(2018, 1, 1)
    pending = list(ordered)
    while day <= date(2019, 2, 2):
        history.tick(day)
        while pending and pending[0][0].time.date() <= day:
            history.events.append(pending.pop(0))
        day += timedelta(days=1)
    return history


async def _run(
    pipeline: Pipeline, relay: OutboxRelay, kafka: KafkaClient, topic: str, n: int
) -> None:
    stop, seen = asyncio.Event(), 0

    def committed(count: int) -> None:
        nonlocal seen
        seen += count
        if seen >= n:
            stop.set()

    await asyncio.wait_for(consume(kafka, [topic], pipeline, on_commit=committed, stop=stop), 120)
    while await relay.publish_pending() > 0:
        pass


async def test_a_year_missing_exactly_two_meetings(
    infra: Infra, new_topic: TopicFactory, db: asyncpg.Pool, schema: str
) -> None:
    events_topic, duties_topic = await new_topic(partitions=1), await new_topic(partitions=1)
    history = _year_missing_march_and_q2()
    await publish(infra.kafka, events_topic, history.events)
    projection = DutiesProjection(duties_topic, partitions=1)
    pipeline = Pipeline(db, schema, projection)
    await pipeline.prepare(SQL)
    producer = new_producer(infra.kafka)
    await producer.start()
    try:
        relay = OutboxRelay(db, schema, producer)
        await _run(pipeline, relay, infra.kafka, events_topic, len(history.events))
        emitted = await read_all(infra.kafka, duties_topic)
        overdue = [json.loads(v) for _, _, t, v in emitted if t == "zeren.DutyOverdue"]
        assert sorted((o["duty_id"], o["period"], o["due_on"]) for o in overdue) == [
            ("branch.committee_meeting.monthly", "2018-03", "2018-04-07"),
            ("branch.general_meeting.quarterly", "2018-Q2", "2018-07-15"),
        ]
        assert len([t for _, _, t, _ in emitted if t == "zeren.ClockTicked"]) == 398

        late = History()
        late.meeting(
            "branch_committee_meeting",
            date(2018, 3, 27),
            recorded=date(2019, 2, 2),
            id="late-march",
        )
        late.tick(date(2019, 2, 3), 0)  # facts are folded once the day's tick has passed
        await publish(infra.kafka, events_topic, late.events)
        await _run(pipeline, relay, infra.kafka, events_topic, 2)
    finally:
        await producer.stop()
    emitted = await read_all(infra.kafka, duties_topic)
    late_events = [json.loads(v) for _, _, t, v in emitted if t == "zeren.DutyFulfilledLate"]
    assert [(e["duty_id"], e["period"], e["evidence_event_ids"]) for e in late_events] == [
        ("branch.committee_meeting.monthly", "2018-03", ["late-march"])
    ]
    assert len([t for _, _, t, _ in emitted if t == "zeren.DutyOverdue"]) == 2

    # By February 2019 most of 2018 is archived: out of memory, read back from PostgreSQL.
    state = projection.state
    archived = await reader(db, schema)(None, 2018, None)
    everything, _ = fold([*history.events, *late.events])  # the pure fold keeps its archive
    assert len(archived) > 50
    assert compliance(state, 2018) != compliance(everything, 2018)
    assert compliance(state, 2018, archived) == compliance(everything, 2018)
    assert unit_duties(state, BRANCH, 2018, await reader(db, schema)(BRANCH, 2018, None)) == (
        unit_duties(everything, BRANCH, 2018)
    )

    # A restart restores what memory held, without reading the archived documents.
    restored = CountingRestores(duties_topic, partitions=1)
    await Pipeline(db, schema, restored, NOT_ARCHIVED).prepare(SQL)
    assert entries(restored.state) == entries(state)
    rows = await db.fetchval(f'SELECT count(*) FROM "{schema}".state')
    documents = await db.fetchval(
        f"SELECT count(*) FROM \"{schema}\".state WHERE starts_with(key, 'duty:')"
    )
    in_memory = sum(len(list(unit.instances())) for unit in state.units.values())
    assert documents - in_memory > 30  # most of 2018, archived
    assert restored.read == [rows - (documents - in_memory)]

    # The operators' view lists every instance document, archived ones included.
    listed = await db.fetch(
        f'SELECT organization_id, duty_id, period, status FROM "{schema}".duty_instances'
    )
    assert len(listed) == documents
    assert {r["organization_id"] for r in listed} == {BRANCH}
    stored = await db.fetch(
        f"SELECT value::text AS value FROM \"{schema}\".state WHERE starts_with(key, 'duty:')"
    )
    instances = [INSTANCE_ADAPTER.validate_json(r["value"]) for r in stored]
    assert sorted((r["duty_id"], r["period"], r["status"]) for r in listed) == sorted(
        (i.duty_id, i.period, i.status.value) for i in instances
    )
    assert {r["status"] for r in listed} >= {"fulfilled", "overdue"}
