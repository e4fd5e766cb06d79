"""Fixtures that pick real infrastructure.

1. ``ZEREN_KAFKA_BOOTSTRAP`` / ``ZEREN_DATABASE_URL`` set: use them.
2. Else a Docker engine answers a ping: testcontainers (Kafka and PostgreSQL).
3. Else the local processes of ``deploy/`` (session-scoped, in temporary folders):
   Kafka with SASL/SCRAM and the ACLs of ``make up`` (:mod:`deploy.kafka_security`).
   Every client authenticates; ``infra.kafka`` is the super user, ``infra.as_user``
   any other principal.

The tests run in demo mode (``ZEREN_DEMO=1``, the bundled principals) and over
plain HTTP; each test gets fresh topics (``new_topic``) and a fresh schema (``schema``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from deploy.kafka_local import LocalKafka
from deploy.kafka_security import grant_layout
from deploy.postgres_local import LocalPostgres
from services.common.access.config import TLS_KEYS
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.kafka_client import KafkaClient
from services.common.kafka_principals import KafkaCredentials
from services.common.migrations import drop_schema
from services.common.settings import Settings

# The tests use the bundled demo principals and their tokens, over plain HTTP
# unless a test sets up TLS itself; the services they start inherit this.
os.environ["ZEREN_DEMO"] = "1"
for _key in TLS_KEYS:
    os.environ.setdefault(_key, "")
# Nothing the tests start reads or writes the checkout's state folder (.zeren: the
# stack's settings, the registry's signing key, the auditors' checkpoint files): the
# session gets an empty one of its own; a test needing another sets ZEREN_STATE_DIR.
_STATE = tempfile.mkdtemp(prefix="zeren-test-state-")
os.environ["ZEREN_STATE_DIR"] = _STATE
atexit.register(shutil.rmtree, _STATE, ignore_errors=True)


@dataclass(frozen=True)
class Infra:
    """Where the tests' Kafka and PostgreSQL are; ``kafka`` is the super user's access."""

    kafka: KafkaClient
    database_url: str
    origin: str
    #: The file of every principal's password, when the broker has SASL and ACLs
    #: (the local processes; an environment naming ``ZEREN_KAFKA_CREDENTIALS``).
    credentials_file: str = ""

    @property
    def kafka_bootstrap(self) -> str:
        return self.kafka.bootstrap

    def settings(self, topic_suffix: str, schema_prefix: str, replication: int = 1) -> Settings:
        """Settings in a namespace of their own, as the super user."""
        return Settings(
            self.kafka_bootstrap,
            self.database_url,
            topic_suffix,
            schema_prefix,
            replication,
            self.kafka.security,
            self.credentials_file,
        )

    def as_user(self, user: str) -> KafkaClient:
        """The broker as the principal ``user`` (a test of the ACLs needs credentials)."""
        if not self.credentials_file:
            pytest.skip("this Kafka has no principals and ACLs (无认证的 Kafka)")
        return KafkaCredentials.load(Path(self.credentials_file)).client(self.kafka.bootstrap, user)


def _docker_engine_answers() -> bool:
    """The ``docker`` CLI alone is not an engine: ask the engine itself."""
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


def local_postgres_home() -> Path:
    """A folder the ``postgres`` user can reach even when the clone sits under /root."""
    return Path(tempfile.mkdtemp(prefix="zeren-test-pg-", dir="/tmp"))


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    bootstrap = os.environ.get("ZEREN_KAFKA_BOOTSTRAP")
    database_url = os.environ.get("ZEREN_DATABASE_URL")
    if bootstrap and database_url:
        given = Settings.load()
        yield Infra(given.kafka, database_url, "environment", given.kafka_credentials)
    elif _docker_engine_answers():
        from testcontainers.kafka import KafkaContainer
        from testcontainers.postgres import PostgresContainer

        with (
            KafkaContainer("apache/kafka:4.1.1").with_kraft() as kafka,
            PostgresContainer("postgres:15", driver=None) as pg,
        ):
            yield Infra(
                KafkaClient(kafka.get_bootstrap_server()), pg.get_connection_url(), "testcontainers"
            )
    else:
        local_kafka = LocalKafka.create(tmp_path_factory.mktemp("kafka"))
        local_pg = LocalPostgres.create(local_postgres_home())
        try:
            local_kafka.start()
            grant_layout(local_kafka.admin)
            local_pg.start()
            yield Infra(
                local_kafka.admin,
                local_pg.dsn,
                "local processes",
                str(local_kafka.credentials_file),
            )
        finally:
            local_kafka.stop()
            local_pg.destroy()


TopicFactory = Callable[..., Awaitable[str]]


@pytest.fixture
def new_topic(infra: Infra) -> TopicFactory:
    """Create a fresh, uniquely named topic: ``await new_topic(partitions=3)``."""

    async def create(partitions: int = 1, prefix: str = "test") -> str:
        name = f"{prefix}.{uuid.uuid4().hex[:12]}"
        await ensure_topics(infra.kafka, [TopicSpec(name, partitions)])
        return name

    return create


@pytest.fixture
async def db(infra: Infra) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=4)
    assert pool is not None
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
async def schema(db: asyncpg.Pool) -> AsyncIterator[str]:
    """A fresh, empty schema, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    async with db.acquire() as conn:
        await conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        async with db.acquire() as conn:
            await drop_schema(conn, name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by folder: ``tests/unit`` is pure; ``tests/integration`` and ``tests/scenarios``
    need the real broker."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "integration" in parts or "scenarios" in parts:
            item.add_marker(pytest.mark.integration)
        elif "unit" in parts:
            item.add_marker(pytest.mark.unit)
