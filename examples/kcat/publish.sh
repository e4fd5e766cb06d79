#!/bin/sh
# Publish one fact to Zeren over Kafka with kcat: a structured CloudEvent as the
# record's value, the organization as its key, as the campus system's Kafka
# principal (SASL/SCRAM) on its own intake topic.
#
#   ZEREN_KAFKA_BOOTSTRAP=127.0.0.1:9092 ZEREN_KAFKA_USERNAME=source-urn-campus-oa-meetings \
#   ZEREN_KAFKA_PASSWORD=... ZEREN_INTAKE_TOPIC=zeren.intake.v1.urn-campus-oa-meetings \
#   sh publish.sh oa-mtg-0003 br-1 2018-04-13
set -eu
event_id=$1 organization=$2 held_on=${3:-2018-04-13}
printf '%s|%s\n' "$organization" "{\"specversion\":\"1.0\",\"id\":\"$event_id\",\
\"source\":\"urn:campus:oa-meetings\",\"type\":\"zeren.MeetingHeld\",\"subject\":\"$organization\",\
\"time\":\"${held_on}T14:00:00+08:00\",\"datacontenttype\":\"application/json\",\"schemaversion\":\"1\",\
\"data\":{\"organization_id\":\"$organization\",\"meeting_id\":\"$event_id\",\
\"kind\":\"party_lecture\",\"held_on\":\"$held_on\",\"expected_attendees\":12,\
\"present_attendees\":12,\"topic\":\"党课：新时代党的建设总要求\"}}" |
  kcat -P -b "$ZEREN_KAFKA_BOOTSTRAP" -t "$ZEREN_INTAKE_TOPIC" -K '|' \
    -H "content-type=application/cloudevents+json" \
    -X security.protocol="${ZEREN_KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}" \
    -X sasl.mechanisms=SCRAM-SHA-256 \
    -X sasl.username="$ZEREN_KAFKA_USERNAME" -X sasl.password="$ZEREN_KAFKA_PASSWORD" \
    -X enable.idempotence=true -X acks=all
echo "{\"sent\": \"$event_id\"}"
