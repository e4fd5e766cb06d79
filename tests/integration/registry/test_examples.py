"""The publisher guide's examples (examples/), run as an integrator runs them.

Each example publishes with its own tooling (the official CloudEvents SDKs of
Python and Java, kcat, curl) as a campus system's principal, against a
registry on the real broker; its submissions must land in the canonical log,
attributed to the source that sent them (docs/integrating.md).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contracts.bindings import decode
from contracts.events import members as m
from contracts.topics import source_intake_topic
from deploy.kafka_security import source_principal
from services.common.settings import Settings
from tests.integration.registry.conftest import RunningRegistry, event, payload, read_all

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


def http_env(registry: RunningRegistry, token: str) -> dict[str, str]:
    return {"ZEREN_REGISTRY_URL": str(registry.http.base_url), "ZEREN_TOKEN": token}


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


async def test_every_example_lands_in_the_canonical_log(
    registry: RunningRegistry, java_example: list[str], kcat_env: dict[str, str]
) -> None:
    topics = await registry.open_university()
    assert (await registry.advance("2018-05-01")).status_code == 200  # the examples' days are past
    member = payload(m.MemberTransferredIn, organization_id="br-1", member_id="m-1",
                     member_name="张华", transferred_on="2018-03-01")  # fmt: skip
    assert (await registry.submit([event(member, "setup-member")]))["accepted"] == 1
    oa_kafka = kafka_env(registry.settings, OA)
    python = str(EXAMPLES / "python")
    for mode, event_id, organization in [
        ("binary", "ex-py-binary", "br-1"),
        ("structured", "ex-py-structured", "br-2"),
    ]:
        await run_example(oa_kafka, sys.executable, f"{python}/publish_kafka.py", "--mode", mode,
                          "--event-id", event_id, "--organization", organization)  # fmt: skip
    answer = await run_example(
        http_env(registry, "zeren-demo:oa-meetings"), sys.executable,
        f"{python}/publish_http.py", "--event-id", "ex-py-http", "--organization", "gb-1",
        "--reporting-organization", "br-1",
    )  # fmt: skip
    assert '"accepted": 1' in answer
    await run_example(
        {**oa_kafka, **kcat_env}, "sh", str(EXAMPLES / "kcat" / "publish.sh"), "ex-kcat", "br-1"
    )
    curl = await run_example(
        http_env(registry, "zeren-demo:oa-meetings"), "sh", str(EXAMPLES / "curl" / "publish.sh"),
        "ex-curl", "br-2",
    )  # fmt: skip
    assert '"accepted":1' in curl
    await run_example(kafka_env(registry.settings, FINANCE), *java_example,
                      "ex-java", "br-1", "m-1", "2018-03", "2018-03-20")  # fmt: skip

    sent = {
        "ex-py-binary": (OA, "zeren.MeetingHeld", "br-1"),
        "ex-py-structured": (OA, "zeren.MeetingHeld", "br-2"),
        "ex-py-http": (OA, "zeren.ReportHeard", "gb-1"),
        "ex-kcat": (OA, "zeren.MeetingHeld", "br-1"),
        "ex-curl": (OA, "zeren.MeetingHeld", "br-2"),
        "ex-java": (FINANCE, "zeren.DuesPaid", "br-1"),
    }
    await registry.settled(7 + len(sent))
    logged = {}
    for record in await read_all(registry.settings, topics.events):
        env = decode(record.value, record.headers)
        if env.id in sent:
            logged[env.id] = (env.source, env.type, env.subject)
    assert logged == sent, (await registry.http.get("/v1/rejections")).json()
    for event_id, (source, _, _) in sent.items():
        receipts = (await registry.http.get(f"/v1/events/{event_id}?source={source}")).json()
        assert [r["outcome"] for r in receipts["receipts"]] == ["accepted"], receipts
