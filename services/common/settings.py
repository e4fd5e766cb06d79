"""Every setting of a Zeren process, in one place: the environment first, then ``stack.env``.

``stack.env`` is a dotenv file in the state folder (``ZEREN_STATE_DIR``, by
default ``.zeren`` under the working directory); ``make up`` writes where
Kafka and PostgreSQL are, ``zeren demo`` its namespace. A bad value is a
:class:`SettingsError` naming the variable, in Chinese and English.

=================================  ===============================================
``ZEREN_KAFKA_BOOTSTRAP``          the brokers (required)
``ZEREN_DATABASE_URL``             PostgreSQL (required)
``ZEREN_TOPIC_SUFFIX``             appended to every topic name (a namespace)
``ZEREN_SCHEMA_PREFIX``            put before every schema name (a namespace)
``ZEREN_REPLICATION``              replicas of each topic created (default 1)
``ZEREN_KAFKA_SECURITY_PROTOCOL``  ``PLAINTEXT`` (default), ``SASL_PLAINTEXT``,
                                   ``SASL_SSL`` or ``SSL``
``ZEREN_KAFKA_SASL_MECHANISM``     default ``SCRAM-SHA-256``
``ZEREN_KAFKA_USERNAME``,          this process's principal
``ZEREN_KAFKA_PASSWORD``
``ZEREN_KAFKA_CREDENTIALS``        a local stack's file of every principal's
                                   password (``zeren demo`` runs each part as its own)
``ZEREN_REGISTRY_HOST``            the registry's HTTP interface (default 127.0.0.1)
``ZEREN_REGISTRY_PORT``            its port (default 8081)
``ZEREN_DUTIES_PORT``              the duties service's port (default 8102; 0: any)
``ZEREN_ACCOUNTABILITY_PORT``      the accountability service's port (default 8083)
``ZEREN_CLOCK``                    ``wall`` (Asia/Shanghai's calendar, default) or
                                   ``driven`` (only ``POST /v1/clock/advance``)
``ZEREN_CLOCK_START``              first day of the log's clock (YYYY-MM-DD)
``ZEREN_REGISTRY_BATCH``           most intake records per transaction (default 5000)
``ZEREN_BEAT_MS``                  ms until a ``ClockBeat`` closes appended facts
                                   (default 50; 0: never)
``ZEREN_CHAIN``                    chain the log and sign daily checkpoints (default
                                   on; ``off`` for a measurement without)
``ZEREN_PLACEMENT``                ``key`` (the producer hashes each fact's subject,
                                   default) or ``subtree`` (a top-level unit's facts
                                   on one partition: docs/scale-out.md; a new log only)
``ZEREN_CHAIN_KEY``                the registry's Ed25519 key file (default
                                   ``<state dir>/chain/registry-ed25519.pem``)
``ZEREN_CHAIN_CHECKPOINTS``        the auditors' JSON-lines copy of the checkpoints
                                   (default ``<state dir>/chain/checkpoints.jsonl``)
``ZEREN_LOG_FORMAT``               ``json``, ``console`` or ``auto`` (default: JSON
                                   unless stderr is a terminal)
``ZEREN_LOG_LEVEL``                default ``INFO``
``ZEREN_NOTIFIER_PORT``            the notifier's port (default 8084)
``ZEREN_NOTIFIER_ROUTES``          its routes file (default: the packaged
                                   ``deploy/notifier_routes.yaml``)
``ZEREN_NOTIFIER_ATTEMPTS``        attempts per delivery before it fails (default 5)
``ZEREN_NOTIFIER_BACKOFF_MS``      wait after the first failed attempt, doubled
                                   after each (default 1000; at most 5 minutes)
``ZEREN_NOTIFIER_SMTP_HOST``,      the SMTP server of e-mail deliveries
``ZEREN_NOTIFIER_SMTP_PORT``       (default 127.0.0.1:25)
``ZEREN_NOTIFIER_SENDER``          their From address (default zeren@localhost)
=================================  ===============================================

Access (principals file, TLS, rate limit) is :mod:`services.common.access.config`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.kafka_client import PLAINTEXT, SCRAM_SHA_256, KafkaClient, KafkaSecurity
from services.common.kafka_principals import SERVICE_PRINCIPALS, KafkaCredentials

PREFIX = "ZEREN_"


def state_dir() -> Path:
    """Where a local stack keeps its state: ``ZEREN_STATE_DIR``, else ``./.zeren``."""
    return Path(os.environ.get("ZEREN_STATE_DIR") or Path.cwd() / ".zeren").resolve()


def env_file() -> Path:
    """The dotenv file read after the environment (``make up`` and ``zeren demo`` write it)."""
    return state_dir() / "stack.env"


def stack_env() -> dict[str, str]:
    """``stack.env``'s settings overlaid by the environment's ``ZEREN_*`` variables."""
    found = (
        {k: v or "" for k, v in dotenv_values(env_file()).items()} if env_file().exists() else {}
    )
    return {**found, **{k: v for k, v in os.environ.items() if k.startswith(PREFIX)}}


class SettingsError(RuntimeError):
    """A setting is missing or has a bad value; told in Chinese and English (配置错误)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{en} ({zh})")
        self.zh, self.en = zh, en


class NotConfiguredError(SettingsError):
    """Neither the environment nor ``stack.env`` says where the infrastructure is."""


class Environment(BaseSettings):
    """The ``ZEREN_*`` variables, validated (see the module docstring for each)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    kafka_bootstrap: str = ""
    database_url: str = ""
    topic_suffix: str = ""
    schema_prefix: str = ""
    replication: int = Field(1, ge=1, le=3)
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: str = SCRAM_SHA_256
    kafka_username: str = ""
    kafka_password: str = Field("", repr=False)
    kafka_credentials: str = ""
    registry_host: str = "127.0.0.1"
    registry_port: int = Field(8081, ge=0, le=65535)
    duties_port: int = Field(8102, ge=0, le=65535)
    accountability_port: int = Field(8083, ge=0, le=65535)
    clock: Literal["wall", "driven"] = "wall"
    clock_start: date | None = None
    registry_batch: int = Field(5000, ge=1)
    beat_ms: int = Field(50, ge=0)
    chain: bool = True
    placement: Literal["key", "subtree"] = "key"
    chain_key: str = ""
    chain_checkpoints: str = ""
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    notifier_port: int = Field(8084, ge=0, le=65535)
    notifier_routes: str = ""
    notifier_attempts: int = Field(5, ge=1, le=50)
    notifier_backoff_ms: int = Field(1000, ge=0, le=300_000)
    notifier_smtp_host: str = "127.0.0.1"
    notifier_smtp_port: int = Field(25, ge=1, le=65535)
    notifier_sender: str = "zeren@localhost"

    @field_validator("clock_start", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @classmethod
    def load(cls) -> Environment:
        """The environment, then ``stack.env``; a bad value is a :class:`SettingsError`."""
        try:
            return cls(_env_file=env_file() if env_file().exists() else None)
        except ValidationError as error:
            raise settings_error(error) from None


def settings_error(error: ValidationError) -> SettingsError:
    """``error`` as one line naming each bad variable, its value and what it must be."""
    parts = [
        (f"{PREFIX}{'.'.join(map(str, e['loc'])).upper()}", e.get("input"), e["msg"])
        for e in error.errors()
    ]
    return SettingsError(
        "配置值无效：" + "；".join(f"{name}={value!r}（{msg}）" for name, value, msg in parts),
        "bad setting: " + "; ".join(f"{name}={value!r} ({msg})" for name, value, msg in parts),
    )


@dataclass(frozen=True)
class Settings:
    """Where the services find Kafka and PostgreSQL, and under which namespace.

    Tests, demos and replays run side by side by giving topics a suffix and
    schemas a prefix.
    """

    kafka_bootstrap: str
    database_url: str
    topic_suffix: str = ""
    schema_prefix: str = ""
    #: Replicas of each topic the services create (3 on a cluster: ``make up BROKERS=3``).
    replication: int = 1
    #: How every Kafka client of this process authenticates.
    kafka_security: KafkaSecurity = PLAINTEXT
    #: A local stack's file of every principal's password.
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

    @classmethod
    def load(cls, environment: Environment | None = None) -> Settings:
        """The settings of ``environment`` (default: :meth:`Environment.load`)."""
        found = environment or Environment.load()
        missing = [
            f"{PREFIX}{key.upper()}"
            for key in ("kafka_bootstrap", "database_url")
            if not getattr(found, key)
        ]
        if missing:
            raise NotConfiguredError(
                f"未找到 Kafka/PostgreSQL 配置（{', '.join(missing)}）：请先运行 `make up`",
                f"{', '.join(missing)} not set and no stack running: run `make up` first",
            )
        return cls(
            found.kafka_bootstrap,
            found.database_url,
            found.topic_suffix,
            found.schema_prefix,
            found.replication,
            KafkaSecurity(
                found.kafka_security_protocol,
                found.kafka_sasl_mechanism,
                found.kafka_username,
                found.kafka_password,
            ),
            found.kafka_credentials,
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


def kafka_env(security: KafkaSecurity, credentials: str) -> dict[str, str]:
    """A Kafka client's settings as variables: its principal, and where every principal's
    password is (so that ``zeren demo`` runs each part as its own)."""
    return {
        "ZEREN_KAFKA_SECURITY_PROTOCOL": security.protocol,
        "ZEREN_KAFKA_SASL_MECHANISM": security.mechanism,
        "ZEREN_KAFKA_USERNAME": security.username,
        "ZEREN_KAFKA_PASSWORD": security.password,
        "ZEREN_KAFKA_CREDENTIALS": credentials,
    }


def service_settings(service: str) -> tuple[Environment, Settings]:
    """A service's settings, or the end of its process with the reason before anything
    starts (a bad value is one line naming the variable, not a traceback)."""
    try:
        env = Environment.load()
        return env, Settings.load(env)
    except SettingsError as error:
        raise SystemExit(f"{service} not started ({service} 未启动): {error}") from None
