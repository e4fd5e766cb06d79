"""Publish one fact to Zeren over HTTP with the official CloudEvents SDK.

``POST /v1/events`` takes one structured CloudEvent (or a JSON array of up to
1000) with the campus system's bearer token, and answers with one result per
event: ``accepted``, ``duplicate`` (the same id from the same source again:
nothing changes) or ``rejected`` with codes and messages in Chinese and English.

    pip install cloudevents==2.2.0
    ZEREN_REGISTRY_URL=http://127.0.0.1:8701 ZEREN_TOKEN=zeren-demo:oa-meetings \
    python publish_http.py --event-id oa-rpt-0001 --organization gb-1 --reporting-organization br-1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

from cloudevents.v1.conversion import to_structured
from cloudevents.v1.http import CloudEvent

SOURCE = "urn:campus:oa-meetings"


def report_heard(event_id: str, organization: str, reporting: str, heard_on: str) -> CloudEvent:
    """A general branch hears a branch-building report (党总支听取党支部建设工作汇报)."""
    attributes = {
        "id": event_id,
        "source": SOURCE,
        "type": "zeren.ReportHeard",
        "subject": organization,
        "time": f"{heard_on}T15:00:00+08:00",
        "schemaversion": "1",
    }
    data = {
        "organization_id": organization,  # the hearer owes the duty
        "reporting_organization_id": reporting,
        "heard_on": heard_on,
        "topic": "branch_building",
    }
    return CloudEvent(attributes, data)


def submit(event: CloudEvent) -> dict[str, object]:
    headers, body = to_structured(event)
    request = urllib.request.Request(
        os.environ["ZEREN_REGISTRY_URL"].rstrip("/") + "/v1/events",
        data=body,
        headers={**headers, "Authorization": f"Bearer {os.environ['ZEREN_TOKEN']}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer: dict[str, object] = json.load(response)
    except urllib.error.HTTPError as error:  # 401/403/413/429: the body says why
        sys.exit(f"HTTP {error.code}: {error.read().decode()}")
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event-id", required=True)
    parser.add_argument("--organization", required=True, help="the general branch hearing")
    parser.add_argument("--reporting-organization", required=True, help="the branch reporting")
    parser.add_argument("--heard-on", default="2018-04-11")
    args = parser.parse_args()
    answer = submit(
        report_heard(args.event_id, args.organization, args.reporting_organization, args.heard_on)
    )
    print(json.dumps(answer, ensure_ascii=False))
    if answer.get("rejected"):
        sys.exit(1)


if __name__ == "__main__":
    main()
