"""The registry in this process: every outcome, every rejection class, the HTTP API, ticks."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections import Counter

import asyncpg
import httpx
import pytest

from contracts.bindings import STRUCTURED_CONTENT_TYPE as STRUCTURED
from contracts.envelope import Envelope
from contracts.events import activities as a
from contracts.events import members as m
from contracts.events import structure as s
from services.common.settings import Settings
from services.registry.app import run
from tests.access import DEMO_HEADERS
from tests.integration.registry.conftest import (
    RunningRegistry,
    binary,
    body,
    driven,
    event,
    payload,
    produce,
    read_all,
    registry_topics,
    structured,
    university,
    wait_healthy,
)

pytestmark = pytest.mark.timeout(90)
MARKS = {"zeren.ClockTicked", "zeren.ClockBeat"}
#: What the registry writes itself: the clock's marks and the chain's daily checkpoints.
OWN = {*MARKS, "zeren.ChainCheckpointed"}


def meeting(event_id: str, org: str = "br-1", kind: str = "branch_committee_meeting",
            on: str = "2018-03-12", source: str = "urn:zeren:demo") -> Envelope:  # fmt: skip
    fact = payload(a.MeetingHeld, organization_id=org, meeting_id=event_id, kind=kind, held_on=on,
                   expected_attendees=5, present_attendees=4, topic="学习")  # fmt: skip
    return event(fact, event_id, source)


FINANCE = "urn:campus:finance"


def dues(event_id: str, source: str = FINANCE, member: str = "m-1") -> Envelope:
    fact = payload(m.DuesPaid, organization_id="br-1", member_id=member, month="2018-03",
                   amount="42.50", paid_on="2018-03-05")  # fmt: skip
    return event(fact, event_id, source)


async def test_every_rejection_class_lands_in_the_rejected_topic_and_counts_reconcile(
    registry: RunningRegistry,
) -> None:
    settings = registry.settings
    topics = registry_topics(settings)
    assert (await registry.advance("2018-04-01")).json()["days_ticked"] == 1
    dissolved = payload(s.OrganizationDissolved, organization_id="br-2", dissolved_on="2018-03-01")
    member = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                     member_name="张华", transferred_on="2018-03-01")  # fmt: skip
    setup = await registry.submit(
        [*university(), event(dissolved, "setup-dissolve"), event(member, "setup-member")]
    )
    assert setup["accepted"] == 8, setup

    report = payload(a.WorkReportSubmitted, organization_id="br-1", person_id="p-2",
                     office="secretary", year=2017, submitted_to="gb-1",
                     submitted_on="2018-01-08")  # fmt: skip
    expected_rejections = {
        "schema.bad_json": (b"br-1", b"{not json", [("content-type", STRUCTURED.encode())]),
        # On the demo system's own topic, claiming to be another system.
        "auth.source_mismatch": binary(meeting("k-2", source="urn:campus:nobody")),
        "ref.unknown_organization": binary(meeting("k-4", org="br-404")),
        "ref.inactive_organization": binary(meeting("k-5", org="br-2", on="2018-03-15")),
        "ref.not_office_holder": structured(event(report, "k-6")),
        "date.in_future": binary(meeting("k-7", on="2018-04-05")),
        "date.before_established": binary(meeting("k-8", on="2017-08-01")),
        "meeting.kind_not_allowed": binary(
            meeting("k-9", org="pg-1", kind="branch_general_meeting")
        ),
    }  # fmt: skip
    ok, paid = meeting("k-ok"), dues("k-dues-1")
    from_demo = [
        binary(ok),
        structured(ok),  # the same event in the other binding: a duplicate
        *expected_rejections.values(),
    ]
    from_finance = [
        binary(paid),
        binary(dues("k-dues-2")),  # the same member and month again
        structured(meeting("k-3", source=FINANCE)),  # finance may not publish meetings
        binary(dues("k-10", member="m-404")),  # a member the registry does not know
    ]
    await produce(settings, from_demo)
    await produce(settings, from_finance, FINANCE)
    counts = await registry.settled(received=8 + len(from_demo) + len(from_finance))

    assert counts == {"accepted": 10, "duplicate": 1, "rejected": 11, "received": 22}
    rejected = [json.loads(r.value or b"") for r in await read_all(settings, topics.rejected)]
    assert Counter(r["code"] for r in rejected) == Counter(
        [*expected_rejections, "dues.already_paid", "auth.forbidden_type", "ref.unknown_member"]
    )
    for notice in rejected:
        assert notice["message_zh"].startswith(notice["field"])
        assert notice["original"]
    by_code = {r["code"]: r for r in rejected}
    assert by_code["ref.inactive_organization"]["field"] == "data.held_on"
    assert by_code["ref.inactive_organization"]["submission_id"] == "k-5"
    assert json.loads(by_code["date.in_future"]["original"])["data"]["held_on"] == "2018-04-05"

    log = await read_all(settings, topics.events)
    facts = [r for r in log if r.header("ce_type") not in OWN]
    assert sorted(r.header("ce_id") or "" for r in facts) == sorted(
        [*(f"setup-{n}" for n in range(6)), "setup-dissolve", "setup-member", "k-ok", "k-dues-1"]
    )
    assert all(r.header("ce_recordedtime") for r in facts)

    outcome = (await registry.http.get("/v1/events/k-ok")).json()
    assert [r["outcome"] for r in outcome["receipts"]] == ["accepted", "duplicate"]
    latest = (await registry.http.get("/v1/rejections", params={"limit": 100})).json()
    assert len(latest) == 11


async def test_a_beat_on_every_partition_closes_the_appended_facts(
    registry: RunningRegistry,
) -> None:
    settings = registry.settings
    topics = await registry.open_university()
    await produce(settings, [binary(meeting("b-1"))])
    await registry.settled(received=7)
    log = await read_all(settings, topics.events)
    async with asyncio.timeout(10):  # the beat follows within ZEREN_BEAT_MS
        while set({r.partition: r.header("ce_type") for r in log}.values()) != {"zeren.ClockBeat"}:
            await asyncio.sleep(0.2)
            log = await read_all(settings, topics.events)
    last = {r.partition: r for r in log}
    assert len(last) == len({r.partition for r in log if r.header("ce_type") in MARKS})
    assert {r.header("ce_type") for r in last.values()} == {"zeren.ClockBeat"}
    number = json.loads(last[0].value or b"")["beat"]  # 1 or 2: the setup may share it
    for partition, beat in last.items():
        assert json.loads(beat.value or b"") == {
            "date": "2018-04-01", "beat": number, "partition": partition
        }  # fmt: skip
        assert beat.header("ce_id") == f"beat:2018-04-01:{number}:{partition}"
    fact = next(r for r in log if r.header("ce_id") == "b-1")
    assert fact.offset < last[fact.partition].offset


async def test_http_answers_per_event_and_guards_its_door(registry: RunningRegistry) -> None:
    await registry.advance("2018-04-01")
    first = await registry.submit(university())
    assert [r["outcome"] for r in first["results"]] == ["accepted"] * 6
    again = await registry.submit([*university()[:2], meeting("h-1", org="br-404")])
    assert [r["outcome"] for r in again["results"]] == ["duplicate", "duplicate", "rejected"]
    assert again["results"][2]["issues"][0]["code"] == "ref.unknown_organization"

    finance = await registry.submit(
        [meeting("h-2", source="urn:campus:finance")], "zeren-demo:finance"
    )
    assert finance["results"][0]["issues"][0]["code"] == "auth.forbidden_type"
    posing = await registry.submit([dues("h-3", source="urn:zeren:demo")], "zeren-demo:finance")
    assert posing["results"][0]["issues"][0]["code"] == "auth.source_mismatch"

    events = body([meeting("h-4")])
    anonymous = {"Authorization": ""}
    assert (
        await registry.http.post("/v1/events", json=events, headers=anonymous)
    ).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert (await registry.http.post("/v1/events", json=events, headers=bad)).status_code == 401
    demo = {"Authorization": "Bearer zeren-demo:demo"}
    too_many = await registry.http.post("/v1/events", json=events * 1001, headers=demo)
    assert too_many.status_code == 413

    tree = (await registry.http.get("/v1/organizations")).json()
    assert [t["organization_id"] for t in tree] == ["pc"]
    assert [c["organization_id"] for c in tree[0]["children"][0]["children"]] == ["br-1", "br-2"]
    branch = (await registry.http.get("/v1/organizations/br-1")).json()
    assert [h["person_id"] for h in branch["office_holders"]] == ["p-1"]
    assert branch["children"] == ["pg-1"]
    assert (await registry.http.get("/v1/organizations/nope")).status_code == 404
    transfer = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-9",
                       member_name="张华", transferred_on="2018-03-20")  # fmt: skip
    await registry.submit([event(transfer, "h-5")])
    member = (await registry.http.get("/v1/members/m-9")).json()
    assert member["organization_id"] == "br-1"
    assert [h["event"] for h in member["history"]] == ["MemberTransferredIn"]


async def test_ticks_reach_every_partition_once_per_day_in_order(
    registry: RunningRegistry,
) -> None:
    assert (await registry.advance("2018-04-01")).json()["days_ticked"] == 1
    assert (await registry.advance("2018-04-04")).json()["days_ticked"] == 3
    assert (await registry.advance("2018-04-04")).json()["days_ticked"] == 0
    assert (await registry.advance("2018-03-01")).status_code == 409
    await registry.settled(received=0)

    log = await read_all(registry.settings, registry_topics(registry.settings).events)
    days = ["2018-04-01", "2018-04-02", "2018-04-03", "2018-04-04"]
    for partition in range(6):
        ticks = [
            json.loads(r.value or b"")
            for r in log
            if r.partition == partition and r.header("ce_type") == "zeren.ClockTicked"
        ]
        assert [t["date"] for t in ticks] == days
        assert {t["partition"] for t in ticks} == {partition}
    assert (await registry.http.get("/v1/clock")).json() == {"today": "2018-04-04"}
    checkpoints = [
        r.header("ce_id") or "" for r in log if r.header("ce_type") == "zeren.ChainCheckpointed"
    ]
    assert sorted(checkpoints) == [f"checkpoint:{day}" for day in days]


async def test_an_intake_batch_closes_its_own_facts_without_waiting_for_the_beating_loop(
    settings: Settings, db: asyncpg.Pool
) -> None:
    """With the beating loop a minute away, a batch read from Kafka still ends with a beat."""
    config = dataclasses.replace(driven(), beat_ms=60_000)
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop))
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{config.port}", headers=DEMO_HEADERS
        ) as http:
            await wait_healthy(http, task)
            registry = RunningRegistry(settings, config, db, http)
            await registry.advance("2018-04-01")
            assert (await registry.submit(university()))["accepted"] == 6  # HTTP: no beat
            topics = registry_topics(settings)
            await produce(settings, [binary(meeting("c-1"))])
            await registry.settled(received=7)
        log = await read_all(settings, topics.events)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    fact = next(r for r in log if r.header("ce_id") == "c-1")
    after = [r for r in log if r.offset > fact.offset or r.partition != fact.partition]
    beats = {r.partition: r.header("ce_id") for r in after if r.header("ce_type") in MARKS}
    assert beats == {p: f"beat:2018-04-01:1:{p}" for p in range(len(beats))}
    assert len(beats) == len({r.partition for r in log})
