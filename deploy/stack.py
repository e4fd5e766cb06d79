"""``make up`` / ``make down``: the local Kafka and PostgreSQL of one checkout.

State lives in ``.zeren/`` under the working directory (``$ZEREN_STATE_DIR`` overrides;
:func:`services.common.settings.state_dir`):
the Kafka folder, a pointer to the PostgreSQL folder (under ``/tmp`` so that the
``postgres`` user can reach it when we run as root) and ``stack.env``, which
the tests, the services and the CLI read. ``up`` also makes a local CA and a
server certificate (``.zeren/tls``), so the services answer HTTPS and the
clients trust that CA.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

from contracts.topics import replication_for
from deploy.kafka_cluster import KafkaCluster
from deploy.kafka_local import LocalKafka
from deploy.kafka_security import grant_layout, java_client_config
from deploy.postgres_local import LocalPostgres
from deploy.process import write_private
from deploy.tls import ensure_local_tls
from services.common.settings import env_file, kafka_env, stack_env, state_dir


def client_config_file() -> Path:
    """The Kafka tools' client config for the super user (``deploy/kafka-run`` uses it)."""
    return state_dir() / "kafka.client.properties"


def _pg_home() -> Path:
    digest = hashlib.sha256(str(state_dir()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"zeren-pg-{os.geteuid()}-{digest}"


def _kafka_home(brokers: int) -> Path:
    """``kafka`` for the single broker, ``kafka-<n>`` for a cluster of ``n`` nodes."""
    return state_dir() / ("kafka" if brokers == 1 else f"kafka-{brokers}")


def _kafka(brokers: int) -> LocalKafka | KafkaCluster:
    """The stack's Kafka of ``brokers`` nodes, created on first use."""
    home = _kafka_home(brokers)
    if brokers == 1:
        exists = (home / "server.properties").exists()
        return LocalKafka.load(home) if exists else LocalKafka.create(home)
    return KafkaCluster.load(home) if home.is_dir() else KafkaCluster.create(home, brokers)


def _clusters() -> list[KafkaCluster]:
    """Every cluster ``up --brokers`` created in the state folder."""
    return [KafkaCluster.load(home) for home in sorted(state_dir().glob("kafka-*"))]


def up(brokers: int = 1) -> dict[str, str]:
    """Start (creating on first use) Kafka and PostgreSQL; write and return ``stack.env``.

    Kafka takes SASL/SCRAM clients only; the ACLs of :mod:`deploy.kafka_security`
    are (re)applied at each ``up``. ``stack.env`` names the super user.

    ``brokers`` > 1 runs a cluster of that many nodes on this machine; the
    topics the services create then have as many replicas as nodes, three at
    most, and take a write once all but one have it (``ZEREN_REPLICATION``).
    """
    if brokers < 1:
        raise ValueError(f"brokers must be at least 1 (节点数至少为 1), got {brokers}")
    kafka = _kafka(brokers)
    kafka.start()
    grant_layout(kafka.admin)
    pg_home = _pg_home()
    pg = (
        LocalPostgres.load(pg_home)
        if (pg_home / "port").exists()
        else LocalPostgres.create(pg_home)
    )
    pg.start()
    settings = {
        "ZEREN_KAFKA_BOOTSTRAP": kafka.bootstrap,
        "ZEREN_DATABASE_URL": pg.dsn,
        "ZEREN_REPLICATION": str(replication_for(brokers)),
        **ensure_local_tls(state_dir() / "tls"),
        **kafka_env(kafka.admin.security, str(kafka.credentials_file)),
    }
    write_env(settings)
    write_private(client_config_file(), java_client_config(kafka.admin.security))
    return settings


def down() -> list[str]:
    """Stop what ``up`` started (only our own processes); return what was stopped."""
    stopped = []
    kafka_home = _kafka_home(1)
    if (kafka_home / "server.properties").exists() and LocalKafka.load(kafka_home).stop():
        stopped.append("kafka")
    stopped += [cluster.home.name for cluster in _clusters() if cluster.stop()]
    pg_home = _pg_home()
    if (pg_home / "port").exists() and LocalPostgres.load(pg_home).stop():
        stopped.append("postgres")
    env_file().unlink(missing_ok=True)
    return stopped


def status() -> dict[str, bool]:
    kafka_home, pg_home = _kafka_home(1), _pg_home()
    return {
        "kafka": (kafka_home / "server.properties").exists()
        and LocalKafka.load(kafka_home).running(),
        **{c.home.name: len(c.running()) == c.size for c in _clusters()},
        "postgres": (pg_home / "port").exists() and LocalPostgres.load(pg_home).running(),
    }


#: What ``stack.env`` may hold; the environment overrides each key.
SETTING_KEYS = (
    "ZEREN_KAFKA_BOOTSTRAP",
    "ZEREN_DATABASE_URL",
    "ZEREN_TOPIC_SUFFIX",
    "ZEREN_SCHEMA_PREFIX",
    "ZEREN_REPLICATION",
    # HTTPS of the services (the local CA of ``up``); see services.common.access.config
    "ZEREN_TLS_CERT",
    "ZEREN_TLS_KEY",
    "ZEREN_TLS_CA",
    "ZEREN_KAFKA_SECURITY_PROTOCOL",
    "ZEREN_KAFKA_SASL_MECHANISM",
    "ZEREN_KAFKA_USERNAME",
    "ZEREN_KAFKA_PASSWORD",
    "ZEREN_KAFKA_CREDENTIALS",
)


def write_env(settings: dict[str, str]) -> None:
    """Record settings in ``stack.env`` (merged with what is there), readable by the
    owner only: it holds the Kafka super user's password."""
    merged = {**stack_env(), **settings}
    write_private(env_file(), "".join(f"{k}={merged[k]}\n" for k in SETTING_KEYS if k in merged))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "up":
        wanted = argv[3] if argv[2:3] == ["--brokers"] and len(argv) > 3 else "1"
        if not wanted.isdigit() or int(wanted) < 1:
            print(f"--brokers takes a number of nodes, 1 or more (节点数无效): {wanted!r}",
                  file=sys.stderr)  # fmt: skip
            return 2
        for key, value in up(int(wanted)).items():
            print(f"{key}={'<hidden>' if key == 'ZEREN_KAFKA_PASSWORD' else value}")
        print(f"written to {env_file()}")
    elif command == "down":
        stopped = down()
        print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
    elif command == "status":
        for name, running in status().items():
            print(f"{name}: {'running' if running else 'stopped'}")
    else:
        print(
            f"usage: python -m deploy.stack up [--brokers N]|down|status (got {command!r})",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
