#!/bin/sh
# Publish one fact to Zeren over HTTP with curl: a structured CloudEvent, the
# campus system's bearer token. Prints the registry's answer (one result per
# event); exits non-zero when the event is rejected or the request refused.
#
#   ZEREN_REGISTRY_URL=http://127.0.0.1:8701 ZEREN_TOKEN=zeren-demo:oa-meetings \
#   sh publish.sh oa-talk-0001 br-1 2018-04-12
set -eu
event_id=$1 organization=$2 held_on=${3:-2018-04-12}
answer=$(curl --silent --show-error --fail-with-body \
  -H "Authorization: Bearer $ZEREN_TOKEN" \
  -H "Content-Type: application/cloudevents+json" \
  --data-binary @- "${ZEREN_REGISTRY_URL%/}/v1/events" <<JSON
{
  "specversion": "1.0",
  "id": "$event_id",
  "source": "urn:campus:oa-meetings",
  "type": "zeren.MeetingHeld",
  "subject": "$organization",
  "time": "${held_on}T10:00:00+08:00",
  "datacontenttype": "application/json",
  "schemaversion": "1",
  "data": {
    "organization_id": "$organization",
    "meeting_id": "$event_id",
    "kind": "branch_general_meeting",
    "held_on": "$held_on",
    "expected_attendees": 12,
    "present_attendees": 11,
    "topic": "学习党章，部署第二季度工作"
  }
}
JSON
)
echo "$answer"
case $answer in *'"rejected":0'*) ;; *) exit 1 ;; esac
