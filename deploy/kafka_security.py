"""Kafka principals, their SCRAM passwords and ACLs (Kafka 认证与授权).

Who may do what on the broker (``StandardAuthorizer``, nothing allowed without an ACL):

=====================  ==============================================================
``zeren-admin``        super user: the brokers among themselves, topic and ACL setup
``zeren-registry``     reads every ``zeren.intake.v1.*`` topic, writes the log
                       (``zeren.events.v1``) and the rejections, and reads both back
                       (rebuild, outbox check); creates the ``zeren.*`` topics
``zeren-duties``       reads the log, writes ``zeren.duties.v2``; its instances join the
                       consumer group ``zeren-duties`` (lanes, subtree placement)
``zeren-accountability`` reads ``zeren.duties.v2``, writes ``zeren.accountability.v2``;
                       its instances join ``zeren-accountability``
``zeren-audit``        reads every ``zeren.*`` topic (the audit tools, the CLI views)
``source-<slug>``      one per campus system: writes only its own intake topic
                       ``zeren.intake.v1.<slug>`` (:func:`contracts.topics.source_intake_topic`)
=====================  ==============================================================

ACLs are prefixed, so they hold for every namespace (``settings.topic``'s
suffixes begin with ``.``: ``zeren.events.v1.demo3``). A source's topic is
granted both literally and as the prefix ``zeren.intake.v1.<slug>.``: a slug has
no ``.``, so ``source-hr`` gets nothing of ``zeren.intake.v1.hr2``. Each service
may also create the topics it reads or writes (creating grants no one anything).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import CreateAclsRequest

from contracts.topics import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    INTAKE_TOPIC,
    REJECTED_TOPIC,
    source_intake_topic,
    source_slug,
)
from deploy.process import write_private
from services.common.kafka_client import SCRAM_SHA_256, KafkaClient, KafkaSecurity
from services.common.kafka_principals import (
    ADMIN,
    SERVICE_PRINCIPALS,
    KafkaCredentials,
)


def registered_sources(env: Mapping[str, str] = os.environ) -> list[str]:
    """The ``source`` of every campus system the registry will load (its sources file)."""
    from services.common.access.sources_file import DEMO_SOURCES, load_sources

    path = Path(env.get("ZEREN_REGISTRY_SOURCES") or DEMO_SOURCES)
    return [system.source for system in load_sources(path).sources]


def source_principal(source: str) -> str:
    """The Kafka user of a campus system (``urn:campus:hr`` -> ``source-urn-campus-hr``)."""
    return f"source-{source_slug(source)}"


@dataclass(frozen=True, repr=False)
class LocalCredentials(KafkaCredentials):
    """The local stack's passwords: generated at ``make up``, saved, given to the brokers."""

    @classmethod
    def generate(cls, sources: Iterable[str]) -> LocalCredentials:
        """Fresh random passwords for the admin, the services and each source."""
        users = [ADMIN, *SERVICE_PRINCIPALS.values(), *map(source_principal, sources)]
        return cls({user: secrets.token_urlsafe(24) for user in users})

    @classmethod
    def load(cls, path: Path) -> LocalCredentials:
        return cls(json.loads(path.read_text()))

    def save(self, path: Path) -> None:
        """Write the passwords, readable by the owner only."""
        write_private(path, json.dumps(dict(self.passwords), indent=2, sort_keys=True))

    def scram_format_args(self) -> list[str]:
        """``kafka-storage format`` arguments that bootstrap every user's SCRAM credential."""
        return [
            arg
            for user, password in sorted(self.passwords.items())
            for arg in ("--add-scram", f"{SCRAM_SHA_256}=[name={user},password={password}]")
        ]

    def server_properties(self, listener: str) -> list[str]:
        """Broker settings: SCRAM on the client ``listener``, PLAIN between controllers.

        KRaft controllers cannot check SCRAM (the credentials live in the metadata
        they serve), so the controller listener uses PLAIN with the admin alone.
        """
        admin = self.passwords[ADMIN]
        plain = (
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="{ADMIN}" password="{admin}" user_{ADMIN}="{admin}";'
        )
        scram = (
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="{ADMIN}" password="{admin}";'
        )
        return [
            f"sasl.enabled.mechanisms={SCRAM_SHA_256}",
            f"sasl.mechanism.inter.broker.protocol={SCRAM_SHA_256}",
            "sasl.mechanism.controller.protocol=PLAIN",
            "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
            f"listener.name.controller.plain.sasl.jaas.config={plain}",
            f"listener.name.{listener.lower()}.scram-sha-256.sasl.jaas.config={scram}",
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            f"super.users=User:{ADMIN}",
            "allow.everyone.if.no.acl.found=false",
        ]


class Resource(IntEnum):
    """Kafka's ACL resource types (wire codes)."""

    TOPIC = 2
    GROUP = 3
    CLUSTER = 4


class Pattern(IntEnum):
    LITERAL = 3
    PREFIXED = 4


class Operation(IntEnum):
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8


ALLOW = 3


@dataclass(frozen=True)
class Grant:
    """One ACL: ``principal`` may do ``operation`` on the topic(s) ``name``."""

    principal: str
    operation: Operation
    name: str
    pattern: Pattern = Pattern.PREFIXED
    resource: Resource = Resource.TOPIC


def _topics(user: str, operations: Iterable[Operation], *prefixes: str) -> list[Grant]:
    return [Grant(user, op, prefix) for prefix in prefixes for op in operations]


READS = (Operation.READ, Operation.DESCRIBE, Operation.CREATE)
WRITES = (Operation.WRITE, Operation.DESCRIBE, Operation.CREATE)
GROUP_OPS = (Operation.READ, Operation.DESCRIBE)


def _group(user: str, group: str) -> list[Grant]:
    return [Grant(user, op, group, resource=Resource.GROUP) for op in GROUP_OPS]


def grants(sources: Iterable[str]) -> list[Grant]:
    """Every ACL of the layout in this module's docstring."""
    registry, duties, accountability, audit = (
        SERVICE_PRINCIPALS[n] for n in ("registry", "duties", "accountability", "audit")
    )
    found = [
        # The registry lays out every topic when it starts (ensure_zeren_topics).
        *_topics(registry, (Operation.CREATE, Operation.DESCRIBE), "zeren."),
        # Its outbox check reads back the tails of the topics it writes.
        *_topics(registry, READS, INTAKE_TOPIC, EVENTS_TOPIC, REJECTED_TOPIC),
        *_topics(registry, WRITES, EVENTS_TOPIC, REJECTED_TOPIC),
        *_topics(duties, READS, EVENTS_TOPIC),
        *_topics(duties, WRITES, DUTIES_TOPIC),
        *_topics(accountability, READS, DUTIES_TOPIC),
        *_topics(accountability, WRITES, ACCOUNTABILITY_TOPIC),
        # Their instances join one consumer group each under subtree placement (lanes).
        *_group(duties, "zeren-duties"),
        *_group(accountability, "zeren-accountability"),
        *_topics(audit, (Operation.READ, Operation.DESCRIBE), "zeren."),
    ]
    for source in sources:
        user, topic = source_principal(source), source_intake_topic(source)
        for op in (Operation.WRITE, Operation.DESCRIBE):
            found += [Grant(user, op, topic, Pattern.LITERAL), Grant(user, op, f"{topic}.")]
    return found


async def apply_grants(admin: KafkaClient, wanted: Iterable[Grant]) -> int:
    """Create the ACLs (creating one that exists is a no-op); return how many were sent."""
    client = AIOKafkaAdminClient(**admin.options())
    await client.start()
    sent = 0
    try:
        for grant in wanted:
            request = CreateAclsRequest(
                grant.resource,
                grant.name,
                grant.pattern,
                f"User:{grant.principal}",
                "*",
                grant.operation,
                ALLOW,
            )
            response = await client._send_request(request)  # no public API in aiokafka
            errors = [(code, msg) for code, msg in response.creation_responses if code]
            if errors:
                raise RuntimeError(f"CreateAcls {grant} failed: {errors} (ACL 创建失败)")
            sent += 1
    finally:
        await client.close()
    return sent


def java_client_config(security: KafkaSecurity) -> str:
    """A Java client's properties (``--command-config``, ``--producer.config``) for
    ``security``'s principal: what ``deploy/kafka-run`` passes to the Kafka tools."""
    return "\n".join(
        [
            f"security.protocol={security.protocol}",
            f"sasl.mechanism={security.mechanism}",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
            f'required username="{security.username}" password="{security.password}";',
            "",
        ]
    )


def grant_layout(admin: KafkaClient, sources: Iterable[str] | None = None) -> int:
    """Apply every ACL of the layout for ``sources`` (default: :func:`registered_sources`)
    as the super user ``admin``; return how many were sent. Run at ``make up`` and by
    the tests' brokers, so that they run under the same rules."""
    wanted = grants(registered_sources() if sources is None else sources)
    return asyncio.run(apply_grants(admin, wanted))


def main(argv: list[str]) -> int:
    """``python -m deploy.kafka_security grant``: apply the ACLs for the sources file
    (``ZEREN_REGISTRY_SOURCES``) as the principal of the settings (the super user)."""
    from services.common.settings import Settings

    if argv[1:] != ["grant"]:
        print("usage: python -m deploy.kafka_security grant", file=sys.stderr)
        return 2
    print(f"{grant_layout(Settings.load().kafka)} ACLs granted (已授权)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
