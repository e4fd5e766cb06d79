"""Publish one fact to Zeren over Kafka with the official CloudEvents SDK.

A campus system writes to its own intake topic, as its own Kafka principal
(SASL/SCRAM). ``--mode binary`` puts the attributes in ``ce_`` headers and
the payload in the value; ``--mode structured`` writes the whole event as one
JSON value. Both are accepted the same way.

    pip install cloudevents==2.2.0 aiokafka
    ZEREN_KAFKA_BOOTSTRAP=127.0.0.1:9092 ZEREN_KAFKA_USERNAME=source-urn-campus-oa-meetings \
    ZEREN_KAFKA_PASSWORD=... ZEREN_INTAKE_TOPIC=zeren.intake.v1.urn-campus-oa-meetings \
    python publish_kafka.py --mode binary --event-id oa-mtg-0001 --organization br-1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from datetime import datetime

from aiokafka import AIOKafkaProducer
from cloudevents.core.bindings.kafka import to_binary, to_structured
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

SOURCE = "urn:campus:oa-meetings"


def meeting(event_id: str, organization: str, held_on: str) -> CloudEvent:
    """A theme Party day (主题党日) as a CloudEvent; ``subject`` is the
    organization that owes the duty, and the Kafka key."""
    attributes = {
        "id": event_id,
        "source": SOURCE,
        "type": "zeren.MeetingHeld",
        "subject": organization,
        "time": datetime.fromisoformat(f"{held_on}T19:00:00+08:00"),  # with its time zone
        "datacontenttype": "application/json",
        "schemaversion": "1",  # text, as the SDK writes every extension attribute
    }
    data = {
        "organization_id": organization,
        "meeting_id": event_id,
        "kind": "theme_party_day",
        "held_on": held_on,
        "expected_attendees": 5,
        "present_attendees": 5,
        "topic": "研究第一季度党员发展工作",
    }
    return CloudEvent(attributes, data)


async def publish(mode: str, event: CloudEvent) -> None:
    convert = to_binary if mode == "binary" else to_structured
    # cloudevents.core's bindings, not the legacy cloudevents.v1.kafka, whose structured
    # mode labels the record application/json instead of application/cloudevents+json
    message = convert(event, JSONFormat(), key_mapper=lambda e: e.get_subject())
    producer = AIOKafkaProducer(
        bootstrap_servers=os.environ["ZEREN_KAFKA_BOOTSTRAP"],
        security_protocol=os.environ.get("ZEREN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
        sasl_mechanism="SCRAM-SHA-256",
        sasl_plain_username=os.environ["ZEREN_KAFKA_USERNAME"],
        sasl_plain_password=os.environ["ZEREN_KAFKA_PASSWORD"],
        acks="all",
        enable_idempotence=True,
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            os.environ["ZEREN_INTAKE_TOPIC"],
            message.value,
            key=message.key.encode() if isinstance(message.key, str) else message.key,
            headers=list(message.headers.items()),
        )
    finally:
        await producer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["binary", "structured"], default="binary")
    parser.add_argument("--event-id", required=True)
    parser.add_argument("--organization", required=True)
    parser.add_argument("--held-on", default="2018-04-10")
    args = parser.parse_args()
    event = meeting(args.event_id, args.organization, args.held_on)
    asyncio.run(publish(args.mode, event))
    print(json.dumps({"sent": args.event_id, "mode": args.mode}))


if __name__ == "__main__":
    main()
