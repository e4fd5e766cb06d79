"""The ACL layout and the principals' credentials (deploy.kafka_security).

The broker's own answers are tested in tests/integration/registry/test_kafka_security.py;
these check the layout as a table, with Kafka's matching rule for literal and
prefixed patterns, over names the broker tests do not reach (other namespaces,
a source whose slug begins another's).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from contracts.topics import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    REJECTED_TOPIC,
    source_intake_topic,
)
from deploy.kafka_security import (
    Grant,
    LocalCredentials,
    Operation,
    Pattern,
    Resource,
    grants,
    java_client_config,
    source_principal,
)
from services.common.kafka_principals import ADMIN, SERVICE_PRINCIPALS, KafkaCredentialsError

HR, HR2, FINANCE = "urn:campus:hr", "urn:campus:hr2", "urn:campus:finance"
LAYOUT = grants([HR, HR2, FINANCE])
SUFFIXES = ["", ".demo3", ".t1a2b3c.replay"]
REGISTRY, DUTIES, ACCOUNTABILITY, AUDIT = (
    SERVICE_PRINCIPALS[n] for n in ("registry", "duties", "accountability", "audit")
)


def allowed(user: str, operation: Operation, topic: str) -> bool:
    """Kafka's rule: a literal pattern matches its name, a prefixed one every name it begins."""

    def matches(grant: Grant) -> bool:
        if grant.pattern is Pattern.LITERAL:
            return topic == grant.name
        return topic.startswith(grant.name)

    return any(g.principal == user and g.operation is operation and matches(g) for g in LAYOUT)


def writers(topic: str) -> set[str]:
    users = {g.principal for g in LAYOUT}
    return {u for u in users if allowed(u, Operation.WRITE, topic)}


def readers(topic: str) -> set[str]:
    users = {g.principal for g in LAYOUT}
    return {u for u in users if allowed(u, Operation.READ, topic)}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_each_intake_topic_is_written_by_its_own_system_and_read_by_the_registry(
    suffix: str,
) -> None:
    for source in (HR, HR2, FINANCE):
        topic = source_intake_topic(source) + suffix
        assert writers(topic) == {source_principal(source)}, topic
        assert readers(topic) == {REGISTRY, AUDIT}, topic


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_only_the_registry_writes_the_log_and_each_service_reads_what_it_folds(
    suffix: str,
) -> None:
    assert writers(EVENTS_TOPIC + suffix) == {REGISTRY}
    assert writers(REJECTED_TOPIC + suffix) == {REGISTRY}
    assert writers(DUTIES_TOPIC + suffix) == {DUTIES}
    assert writers(ACCOUNTABILITY_TOPIC + suffix) == {ACCOUNTABILITY}
    # The registry reads back what it writes (rebuild, outbox check).
    assert readers(EVENTS_TOPIC + suffix) == {REGISTRY, DUTIES, AUDIT}
    assert readers(REJECTED_TOPIC + suffix) == {REGISTRY, AUDIT}
    assert readers(DUTIES_TOPIC + suffix) == {ACCOUNTABILITY, AUDIT}
    assert readers(ACCOUNTABILITY_TOPIC + suffix) == {AUDIT}


def test_a_source_whose_slug_begins_anothers_gets_nothing_of_it() -> None:
    hr = source_principal(HR)
    assert not allowed(hr, Operation.WRITE, source_intake_topic(HR2))
    assert not allowed(hr, Operation.WRITE, source_intake_topic(HR2) + ".demo3")
    assert not allowed(hr, Operation.DESCRIBE, source_intake_topic(HR2))


def test_the_admin_is_no_acl_but_the_super_user() -> None:
    assert ADMIN not in {g.principal for g in LAYOUT}


def test_credentials_are_private_and_never_printed(tmp_path: Path) -> None:
    credentials = LocalCredentials.generate([HR])
    path = tmp_path / "kafka" / "credentials.json"
    credentials.save(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert LocalCredentials.load(path) == credentials
    password = credentials.passwords[source_principal(HR)]
    security = credentials.security(source_principal(HR))
    assert password not in repr(credentials)
    assert password not in repr(security)
    assert f'password="{password}"' in java_client_config(security)
    assert security.options()["sasl_plain_username"] == "source-urn-campus-hr"


def test_a_principal_without_a_password_is_named_in_the_error() -> None:
    with pytest.raises(KafkaCredentialsError, match="source-urn-campus-nobody"):
        LocalCredentials.generate([HR]).security(source_principal("urn:campus:nobody"))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("service", ["duties", "accountability"])
def test_only_a_service_s_instances_may_join_its_consumer_group(service: str, suffix: str) -> None:
    group = f"zeren-{service}{suffix}"  # services.common.lanes.group_id
    joiners = {
        g.principal
        for g in LAYOUT
        if g.resource is Resource.GROUP
        and g.operation is Operation.READ
        and group.startswith(g.name)
    }
    assert joiners == {SERVICE_PRINCIPALS[service]}
