"""The publisher guide's examples (examples/), run as an integrator runs them.

Each example publishes with its own tooling (the official CloudEvents SDKs of
Python and Java, kcat, curl) as a campus system's principal, against the three
services on the real broker; after ``zeren wait`` its submission is in the
canonical log, attributed to the source that sent it, and credited to the duty
it meets (docs/integrating.md).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from contracts.bindings import decode
from contracts.events import members as m
from contracts.topics import EVENTS_TOPIC, source_intake_topic
from deploy.kafka_security import source_principal
from services.common.settings import Settings
from tests.access import DEMO_HEADERS
from tests.integration.conftest import RunningServices, zeren_wait
from tests.integration.registry.conftest import body, event, payload, read_all, university

pytestmark = pytest.mark.timeout(300)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
OA = "urn:campus:oa-meetings"
FINANCE = "urn:campus:finance"


def kafka_env(settings: Settings, source: str) -> dict[str, str]:
    """What a campus system is given to publish over Kafka: broker, principal, topic."""
    security = settings.as_kafka_user(source_principal(source)).kafka.security
    return {
        "ZEREN_KAFKA_BOOTSTRAP": settings.kafka.bootstrap,
        "ZEREN_KAFKA_SECURITY_PROTOCOL": security.protocol,
        "ZEREN_KAFKA_USERNAME": security.username,
        "ZEREN_KAFKA_PASSWORD": security.password,
        "ZEREN_INTAKE_TOPIC": settings.topic(source_intake_topic(source)),
    }


async def run_example(env: dict[str, str], *command: str) -> str:
    """Run one example to its end; its standard output."""
    process = await asyncio.create_subprocess_exec(
        *command,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, f"{command}: {out.decode()} {err.decode()}"
    return out.decode()


@pytest.fixture(scope="module")
def kcat_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What kcat needs to authenticate: librdkafka before 2.6.1 (Debian 12's kcat has
    2.0.2) fails SCRAM against Kafka 4 (confluentinc/librdkafka#4895), so an older one is
    replaced by the librdkafka bundled with the confluent-kafka wheel, as the guide says."""
    kcat = shutil.which("kcat")
    assert kcat, "kcat is needed (.ci/run installs it with apt)"
    banner = subprocess.run([kcat, "-V"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"librdkafka (\d+)\.(\d+)\.(\d+)", banner)
    assert found, banner
    if tuple(map(int, found.groups())) >= (2, 6, 1):
        return {}
    import confluent_kafka

    bundled = Path(confluent_kafka.__file__).parents[1] / "confluent_kafka.libs"
    shim = tmp_path_factory.mktemp("librdkafka")
    (shim / "librdkafka.so.1").symlink_to(next(bundled.glob("librdkafka-*.so.1")))
    return {"LD_LIBRARY_PATH": str(shim)}


@pytest.fixture(scope="module")
def java_example() -> list[str]:
    """The Java example, built with Maven as its pom says; the command that runs it."""
    project = EXAMPLES / "java"
    subprocess.run(
        ["mvn", "-q", "-B", "-f", str(project / "pom.xml"), "package",
         "dependency:copy-dependencies"],
        check=True,
    )  # fmt: skip
    classpath = f"{project / 'target' / 'classes'}:{project / 'target' / 'dependency' / '*'}"
    return ["java", "-cp", classpath, "zeren.examples.PublishDuesPaid"]


async def test_every_example_lands_in_the_log_and_meets_its_duty(
    services: RunningServices, java_example: list[str], kcat_env: dict[str, str]
) -> None:
    """Each example publishes as its campus system would; ``zeren wait``; then each fact is
    in the canonical log under its source, and the duty it meets shows it as evidence."""
    urls, _, settings, state = services
    registry = urls["registry"]
    async with httpx.AsyncClient(timeout=10, headers=DEMO_HEADERS) as http:
        await _wait_ready(http, urls)
        for day in ("2018-04-01", "2018-05-01"):  # the clock passes the examples' days
            assert (await http.post(f"{registry}/v1/clock/advance", json={"to": day})).is_success
        member = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                         member_name="张华", transferred_on="2018-03-01")  # fmt: skip
        facts = [*university(), event(member, "setup-member")]
        assert (await http.post(f"{registry}/v1/events", json=body(facts))).json()["rejected"] == 0

        oa_kafka = kafka_env(settings, OA)
        python = str(EXAMPLES / "python")
        for mode, event_id, organization in [
            ("binary", "ex-py-binary", "br-1"),
            ("structured", "ex-py-structured", "br-2"),
        ]:
            command = [f"{python}/publish_kafka.py", "--mode", mode, "--event-id", event_id]
            await run_example(oa_kafka, sys.executable, *command, "--organization", organization)
        oa_http = {"ZEREN_REGISTRY_URL": registry, "ZEREN_TOKEN": "zeren-demo:oa-meetings"}
        answer = await run_example(
            oa_http, sys.executable, f"{python}/publish_http.py", "--event-id", "ex-py-http",
            "--organization", "gb-1", "--reporting-organization", "br-1",
        )  # fmt: skip
        assert '"accepted": 1' in answer
        await run_example(
            {**oa_kafka, **kcat_env}, "sh", str(EXAMPLES / "kcat" / "publish.sh"), "ex-kcat", "br-1"
        )
        curl = await run_example(
            oa_http, "sh", str(EXAMPLES / "curl" / "publish.sh"), "ex-curl", "br-2"
        )
        assert '"accepted":1' in curl
        await run_example(kafka_env(settings, FINANCE), *java_example,
                          "ex-java", "br-1", "m-1", "2018-04", "2018-04-20")  # fmt: skip

        await zeren_wait(state)

        logged = {}
        for record in await read_all(settings, settings.topic(EVENTS_TOPIC)):
            env = decode(record.value, record.headers)
            if env.id in SENT:
                logged[env.id] = (env.source, env.type, env.subject)
        rejections = (await http.get(f"{registry}/v1/rejections")).json()
        assert logged == {k: v[:3] for k, v in SENT.items()}, rejections
        for event_id, (_, _, organization, duty_id) in SENT.items():
            duties = (await http.get(f"{urls['duties']}/v1/units/{organization}/duties",
                                     params={"year": 2018})).json()  # fmt: skip
            met = [d for d in duties if d["duty_id"] == duty_id and d["status"] == "fulfilled"]
            assert [d for d in met if event_id in d["evidence_event_ids"]], (event_id, duties)


#: Each example's event: its source, type, organization and the duty it meets.
SENT = {
    "ex-py-binary": (OA, "zeren.MeetingHeld", "br-1", "branch.theme_party_day.monthly"),
    "ex-py-structured": (OA, "zeren.MeetingHeld", "br-2", "branch.theme_party_day.monthly"),
    "ex-py-http": (OA, "zeren.ReportHeard", "gb-1",
                   "general_branch.branch_building_report.semester"),
    "ex-kcat": (OA, "zeren.MeetingHeld", "br-1", "branch.party_lecture.quarterly"),
    "ex-curl": (OA, "zeren.MeetingHeld", "br-2", "branch.general_meeting.quarterly"),
    "ex-java": (FINANCE, "zeren.DuesPaid", "br-1", "member.dues.monthly"),
}  # fmt: skip


async def _wait_ready(http: httpx.AsyncClient, urls: dict[str, str]) -> None:
    async with asyncio.timeout(90):
        for url in urls.values():
            while True:
                try:
                    if (await http.get(f"{url}/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
