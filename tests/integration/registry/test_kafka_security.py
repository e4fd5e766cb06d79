"""Kafka authentication and authorization on the real broker (Kafka 认证与授权).

The broker of these tests is the one ``make up`` makes (SASL/SCRAM, the
``StandardAuthorizer``, the ACLs of :mod:`deploy.kafka_security`): a campus
system cannot write as another, nor write the canonical log; a principal
without the right cannot read the log; a wrong password gets nothing.
"""

from __future__ import annotations

import json

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaConnectionError, KafkaError, TopicAuthorizationFailedError

from contracts.envelope import Envelope
from contracts.events import structure as s
from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC, source_intake_topic
from deploy.kafka_security import source_principal
from services.common.kafka_client import KafkaClient
from services.common.kafka_principals import SERVICE_PRINCIPALS
from services.common.settings import Settings
from tests.conftest import Infra
from tests.integration.registry.conftest import (
    RunningRegistry,
    binary,
    event,
    payload,
    produce,
    read_all,
)

pytestmark = pytest.mark.timeout(120)
HR, ORG_DEPT = "urn:campus:hr", "urn:campus:org-dept"
TOPIC_AUTHORIZATION_FAILED = 29


def rename(event_id: str, source: str) -> Envelope:
    fact = payload(
        s.OrganizationRenamed, organization_id="br-1", name="改名", renamed_on="2018-03-20"
    )
    return event(fact, event_id, source)


async def write(kafka: KafkaClient, topic: str) -> None:
    """Write one record to partition 0 as ``kafka``'s principal; raises what the broker
    answers."""
    producer = AIOKafkaProducer(**kafka.options(), acks="all", request_timeout_ms=10_000)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"{}", partition=0)
    finally:
        await producer.stop()


async def read_first(kafka: KafkaClient, topic: str) -> int:
    """Fetch from partition 0 of ``topic`` as ``kafka``'s principal; how many records came."""
    consumer = AIOKafkaConsumer(
        **kafka.options(), enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        fetched = await consumer.getmany(tp, timeout_ms=3000)
        return sum(len(records) for records in fetched.values())
    finally:
        await consumer.stop()


async def describe_error(kafka: KafkaClient, topic: str) -> int:
    """The broker's error code when ``kafka``'s principal asks about ``topic`` (0: none)."""
    admin = AIOKafkaAdminClient(**kafka.options())
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
        return int(described["error_code"])
    finally:
        await admin.close()


async def test_a_campus_system_cannot_write_another_systems_intake_topic(
    infra: Infra, settings: Settings
) -> None:
    hr = infra.as_user(source_principal(HR))
    theirs = settings.topic(source_intake_topic(ORG_DEPT))

    with pytest.raises(TopicAuthorizationFailedError):
        await write(hr, theirs)
    await write(hr, settings.topic(source_intake_topic(HR)))  # its own: allowed


async def test_no_campus_system_and_no_other_service_writes_the_canonical_log(
    infra: Infra, settings: Settings
) -> None:
    log = settings.topic(EVENTS_TOPIC)
    for user in (source_principal(ORG_DEPT), SERVICE_PRINCIPALS["duties"]):
        with pytest.raises(TopicAuthorizationFailedError):
            await write(infra.as_user(user), log)
    await write(infra.as_user(SERVICE_PRINCIPALS["registry"]), log)  # the sole writer


async def test_a_principal_without_the_right_cannot_read_the_log(
    infra: Infra, settings: Settings
) -> None:
    log = settings.topic(EVENTS_TOPIC)
    await write(infra.kafka, log)  # something to read, on partition 0
    for user in (SERVICE_PRINCIPALS["duties"], SERVICE_PRINCIPALS["audit"]):
        assert await read_first(infra.as_user(user), log) == 1
    for user in (source_principal(HR), SERVICE_PRINCIPALS["accountability"]):
        # Not even told the topic exists, so nothing is fetched.
        assert await describe_error(infra.as_user(user), log) == TOPIC_AUTHORIZATION_FAILED
        assert await read_first(infra.as_user(user), log) == 0


async def test_a_service_reads_only_what_it_folds(infra: Infra, settings: Settings) -> None:
    """The registry may see that the duties topic exists (it lays the topics out) but
    not read it: the broker refuses the fetch."""
    duties = settings.topic(DUTIES_TOPIC)
    await write(infra.kafka, duties)
    registry = infra.as_user(SERVICE_PRINCIPALS["registry"])

    with pytest.raises(TopicAuthorizationFailedError):
        await read_first(registry, duties)
    assert await read_first(infra.as_user(SERVICE_PRINCIPALS["accountability"]), duties) == 1


async def test_a_wrong_password_is_refused(infra: Infra, settings: Settings) -> None:
    real = infra.as_user(source_principal(HR))
    impostor = real.as_user(real.security.username, "not-the-password")

    with pytest.raises((KafkaConnectionError, KafkaError)):
        await write(impostor, settings.topic(source_intake_topic(HR)))


async def test_a_record_claiming_another_system_is_rejected_with_the_binding_code(
    registry: RunningRegistry,
) -> None:
    """The issue's attack: HR, on its own topic, publishes renames as the org department."""
    settings = registry.settings
    topics = await registry.open_university()
    await produce(settings, [binary(rename(f"imp-{n}", ORG_DEPT)) for n in range(5)], HR)
    counts = await registry.settled(received=6 + 5)

    assert counts == {"accepted": 6, "duplicate": 0, "rejected": 5, "received": 11}
    rejected = [json.loads(r.value or b"") for r in await read_all(settings, topics.rejected)]
    assert [r["code"] for r in rejected] == ["auth.source_mismatch"] * 5
    assert {r["submission_id"] for r in rejected} == {f"imp-{n}" for n in range(5)}
    log = await read_all(settings, topics.events)
    assert not [r for r in log if r.header("ce_type") == "zeren.OrganizationRenamed"]
