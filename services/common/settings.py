"""Where the services find Kafka and PostgreSQL: environment first, then ``make up``'s file.

Tests, demos and replays run side by side by giving topics a suffix
(``ZEREN_TOPIC_SUFFIX``) and schemas a prefix (``ZEREN_SCHEMA_PREFIX``); both
may also come from ``stack.env`` (``zeren demo`` records its namespace there).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from deploy.kafka_security import SERVICE_PRINCIPALS, KafkaCredentials
from deploy.stack import kafka_env, read_env
from services.common.kafka_client import PLAINTEXT, KafkaClient, KafkaSecurity


class SettingsError(RuntimeError):
    """A setting is missing or has a bad value; told in Chinese and English (配置错误)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{en} ({zh})")
        self.zh, self.en = zh, en


class NotConfiguredError(SettingsError):
    """Neither the environment nor ``.zeren/stack.env`` says where the infrastructure is."""


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str
    database_url: str
    topic_suffix: str = ""
    schema_prefix: str = ""
    #: Replicas of each topic the services create (3 on a cluster: ``make up BROKERS=3``).
    replication: int = 1

    # --- Kafka security (Kafka 认证) ----------------------------------------------------
    #: How every Kafka client of this process authenticates (``ZEREN_KAFKA_SECURITY_PROTOCOL``,
    #: ``ZEREN_KAFKA_SASL_MECHANISM``, ``ZEREN_KAFKA_USERNAME``, ``ZEREN_KAFKA_PASSWORD``).
    kafka_security: KafkaSecurity = PLAINTEXT
    #: A local stack's file of every principal's password (``ZEREN_KAFKA_CREDENTIALS``):
    #: lets ``zeren demo`` run each service, and each campus system, as its own principal.
    kafka_credentials: str = ""

    @property
    def kafka(self) -> KafkaClient:
        """The broker and this process's principal: what every Kafka client is made from."""
        return KafkaClient(self.kafka_bootstrap, self.kafka_security)

    def as_kafka_user(self, user: str) -> Settings:
        """The same settings, authenticated as ``user`` (password from ``kafka_credentials``)."""
        if not self.kafka_credentials:
            return self
        security = KafkaCredentials.load(Path(self.kafka_credentials)).security(user)
        return replace(self, kafka_security=security)

    def as_auditor(self) -> Settings:
        """The read-only principal (``zeren-audit``) for the auditors' tools and alerts."""
        return self.as_kafka_user(SERVICE_PRINCIPALS["audit"])

    # -------------------------------------------------------------------------------------

    @classmethod
    def load(cls) -> Settings:
        found = read_env()
        missing = [k for k in ("ZEREN_KAFKA_BOOTSTRAP", "ZEREN_DATABASE_URL") if k not in found]
        if missing:
            raise NotConfiguredError(
                f"未找到 Kafka/PostgreSQL 配置（{', '.join(missing)}）：请先运行 `make up`",
                f"{', '.join(missing)} not set and no stack running: run `make up` first",
            )
        return cls(
            found["ZEREN_KAFKA_BOOTSTRAP"],
            found["ZEREN_DATABASE_URL"],
            found.get("ZEREN_TOPIC_SUFFIX", ""),
            found.get("ZEREN_SCHEMA_PREFIX", ""),
            int(found.get("ZEREN_REPLICATION", "1")),
            KafkaSecurity(
                found.get("ZEREN_KAFKA_SECURITY_PROTOCOL", KafkaSecurity.protocol),
                found.get("ZEREN_KAFKA_SASL_MECHANISM", KafkaSecurity.mechanism),
                found.get("ZEREN_KAFKA_USERNAME", ""),
                found.get("ZEREN_KAFKA_PASSWORD", ""),
            ),
            found.get("ZEREN_KAFKA_CREDENTIALS", ""),
        )

    def namespaced(self, topic_suffix: str, schema_prefix: str) -> Settings:
        """The same Kafka, PostgreSQL and replication under another namespace."""
        return replace(self, topic_suffix=topic_suffix, schema_prefix=schema_prefix)

    def topic(self, name: str) -> str:
        """The actual name of the canonical topic ``name`` (e.g. ``zeren.events.v1``)."""
        return f"{name}{self.topic_suffix}"

    def schema(self, service: str) -> str:
        """The PostgreSQL schema a service owns (``registry``, ``duties``, ``accountability``)."""
        return f"{self.schema_prefix}{service}"

    def as_env(self) -> dict[str, str]:
        """The same settings as environment variables, for a child process."""
        return {
            "ZEREN_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "ZEREN_DATABASE_URL": self.database_url,
            "ZEREN_TOPIC_SUFFIX": self.topic_suffix,
            "ZEREN_SCHEMA_PREFIX": self.schema_prefix,
            "ZEREN_REPLICATION": str(self.replication),
            **kafka_env(self.kafka_security, self.kafka_credentials),
        }
