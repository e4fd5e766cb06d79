"""A real Apache Kafka 4.x broker (KRaft, combined broker+controller) run from Maven jars.

The jars come from ``deploy/kafka/pom.xml`` through ``mvn dependency:copy-dependencies``
into a cache folder shared by every checkout on the machine; later runs reuse it.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from contracts.topics import min_insync_for, replication_for
from deploy.kafka_security import LocalCredentials, registered_sources
from deploy.process import (
    free_port,
    port_answers,
    recorded_pid_alive,
    recorded_process,
    spawn,
    stop_recorded,
    wait_until,
)
from services.common.kafka_client import KafkaClient
from services.common.kafka_principals import PROTOCOL

KAFKA_DIR = Path(__file__).resolve().parent / "kafka"
POM = KAFKA_DIR / "pom.xml"
LOG4J2 = KAFKA_DIR / "log4j2.properties"


def kafka_version() -> str:
    """The Kafka version pinned in the pom."""
    match = re.search(r"<kafka.version>([^<]+)</kafka.version>", POM.read_text())
    if match is None:
        raise RuntimeError(f"no <kafka.version> in {POM}")
    return match.group(1)


def cache_root() -> Path:
    """Where fetched jars live: ``$ZEREN_CACHE`` or ``~/.cache/zeren``."""
    return Path(os.environ.get("ZEREN_CACHE", Path.home() / ".cache" / "zeren"))


def ensure_libs() -> Path:
    """Fetch Kafka and its runtime dependencies once; return the folder of jars."""
    libs = cache_root() / f"kafka-{kafka_version()}" / "libs"
    if libs.is_dir() and any(libs.glob("kafka_2.13-*.jar")):
        return libs
    libs.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="libs-", dir=libs.parent))
    print(
        f"fetching Kafka {kafka_version()} jars with mvn into {libs} (first run only)", flush=True
    )
    subprocess.run(
        [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={staging}",
        ],
        check=True,
    )
    if libs.exists():  # another run won the race
        shutil.rmtree(staging)
    else:
        staging.rename(libs)
    return libs


@dataclass(frozen=True)
class LocalKafka:
    """One KRaft Kafka node (broker and controller) whose files all live under ``home``.

    Alone by default; ``voters`` and ``cluster_size`` make it one node of a
    cluster on this machine (:mod:`deploy.kafka_cluster`). Clients authenticate
    with SASL/SCRAM and are authorized by ACLs (:mod:`deploy.kafka_security`);
    the principals' passwords are in ``home/credentials.json``.
    """

    home: Path
    port: int
    controller_port: int
    node_id: int = 1
    #: ``controller.quorum.voters``: every node's ``id@host:controller_port``; "" when alone.
    voters: str = ""
    cluster_size: int = 1

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def credentials_file(self) -> Path:
        return self.home / "credentials.json"

    @property
    def credentials(self) -> LocalCredentials:
        return LocalCredentials.load(self.credentials_file)

    @property
    def pid_file(self) -> Path:
        return self.home / "kafka.pid"

    @property
    def properties(self) -> Path:
        return self.home / "server.properties"

    @classmethod
    def create(cls, home: Path, sources: Iterable[str] | None = None) -> LocalKafka:
        """Write the config for a new broker on free ports and format its storage.

        ``sources``: the campus systems to make principals for (default: those
        of the registry's sources file, :func:`registered_sources`).
        """
        home.mkdir(parents=True, exist_ok=True)
        credentials = LocalCredentials.generate(
            registered_sources() if sources is None else sources
        )
        return cls(home=home.resolve(), port=free_port(), controller_port=free_port()).format(
            new_cluster_id(), credentials
        )

    def format(self, cluster_id: str, credentials: LocalCredentials) -> LocalKafka:
        """Write this node's config and format its storage for cluster ``cluster_id``,
        with every principal's SCRAM credential in the bootstrap metadata.

        A config the format refused is removed, so that the next ``up`` creates the node
        again rather than load a node that cannot start."""
        self.home.mkdir(parents=True, exist_ok=True)
        credentials.save(self.credentials_file)
        self.properties.write_text(self._server_properties())
        try:
            self._java(
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={cluster_id}",
                "-c",
                str(self.properties),
                "--ignore-formatted",
                *credentials.scram_format_args(),
            )
        except RuntimeError:
            self.properties.unlink(missing_ok=True)
            raise
        return self

    @classmethod
    def load(cls, home: Path) -> LocalKafka:
        """Re-open a node created earlier in ``home`` (ports and quorum from its config)."""
        text = (home / "server.properties").read_text()
        if not (home / "credentials.json").exists():
            raise RuntimeError(
                f"the Kafka in {home} predates SASL/ACLs: run `make clean` then `make up` "
                "(该 Kafka 创建于启用认证之前：请先 make clean 再 make up)"
            )

        def setting(pattern: str) -> str:
            return re.search(pattern, text).group(1)  # type: ignore[union-attr]

        voters = setting(r"controller.quorum.voters=(\S+)")
        return cls(
            home=home.resolve(),
            port=int(setting(rf"{PROTOCOL}://127.0.0.1:(\d+)")),
            controller_port=int(setting(r"CONTROLLER://127.0.0.1:(\d+)")),
            node_id=int(setting(r"node.id=(\d+)")),
            voters=voters if "," in voters else "",
            cluster_size=voters.count(",") + 1,
        )

    def _server_properties(self) -> str:
        data = self.home / "data"
        voters = self.voters or f"{self.node_id}@127.0.0.1:{self.controller_port}"
        # Internal topics laid out as the services' own (contracts.topics).
        replicas = replication_for(self.cluster_size)
        min_isr = min_insync_for(replicas)
        return "\n".join(
            [
                "process.roles=broker,controller",
                f"node.id={self.node_id}",
                f"controller.quorum.voters={voters}",
                f"listeners={PROTOCOL}://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
                f"advertised.listeners={PROTOCOL}://127.0.0.1:{self.port}",
                "controller.listener.names=CONTROLLER",
                f"inter.broker.listener.name={PROTOCOL}",
                f"listener.security.protocol.map={PROTOCOL}:{PROTOCOL},CONTROLLER:{PROTOCOL}",
                *self.credentials.server_properties(PROTOCOL),
                f"log.dirs={data}",
                "num.partitions=1",
                "auto.create.topics.enable=false",
                f"offsets.topic.replication.factor={replicas}",
                "offsets.topic.num.partitions=6",
                f"transaction.state.log.replication.factor={replicas}",
                f"transaction.state.log.min.isr={min_isr}",
                f"share.coordinator.state.topic.replication.factor={replicas}",
                f"share.coordinator.state.topic.min.isr={min_isr}",
                "group.initial.rebalance.delay.ms=0",
                # The active controller appends a no-op record to the metadata log this
                # often when nothing changes (default 500 ms). Idle, that cost a fifth of
                # a core on these two cores; every 5 s, an eighth.
                "metadata.max.idle.interval.ms=5000",
                "log.flush.interval.messages=1",
                "",
            ]
        )

    def _java_argv(self, main: str, *args: str) -> list[str]:
        libs = ensure_libs()
        return [
            "java",
            "-Xmx512m",
            "-Xms128m",
            "-XX:+UseSerialGC",
            f"-Dlog4j2.configurationFile={LOG4J2}",
            f"-Dkafka.logs.dir={self.home}",
            "-cp",
            f"{libs}/*",
            main,
            *args,
        ]

    def _java(self, main: str, *args: str) -> None:
        done = subprocess.run(self._java_argv(main, *args), capture_output=True, text=True)
        if done.returncode != 0:
            command = " ".join((main, *args))
            raise RuntimeError(f"{command} exited {done.returncode}:\n{done.stdout}{done.stderr}")

    def launch(self) -> None:
        """Start the node's process unless it runs; do not wait for it.

        The config is written again first, so a node made by an older checkout
        runs with this one's settings (same ports, quorum and data folder).
        """
        if not self.running():
            self.properties.write_text(self._server_properties())
            spawn(
                self._java_argv("kafka.Kafka", str(self.properties)),
                self.home / "stdout.log",
                self.pid_file,
            )

    def start(self, timeout: float = 90.0) -> None:
        """Start the broker (if not running) and wait until it serves metadata."""
        self.launch()
        wait_until(self.ready, timeout, f"Kafka on {self.bootstrap} (log: {self.home}/server.log)")

    def running(self) -> bool:
        return recorded_process(self.pid_file, str(self.home)) is not None

    def ready(self) -> bool:
        if not recorded_pid_alive(self.pid_file):
            raise RuntimeError(f"Kafka exited; see {self.home}/stdout.log and server.log")
        return port_answers(self.port) and _metadata_answers(self.admin)

    @property
    def admin(self) -> KafkaClient:
        """This node as the super user sees it (topics and ACL setup)."""
        return self.credentials.client(self.bootstrap)

    def stop(self) -> bool:
        """Stop the broker gracefully (it flushes and closes its logs)."""
        return stop_recorded(self.pid_file, str(self.home), timeout=60.0)

    def kill(self) -> bool:
        """Crash the broker (SIGKILL): what it acknowledged must survive."""
        return stop_recorded(self.pid_file, str(self.home), sig=signal.SIGKILL)


def new_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding.

    One in 64 begins with ``-``; ``format`` takes it as ``--cluster-id=<id>`` so the
    argument parser cannot read it as an option.
    """
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def _metadata_answers(kafka: KafkaClient) -> bool:
    """True when the broker answers a metadata request (listener up and controller elected)."""

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(**kafka.options(), request_timeout_ms=3000)
        try:
            await admin.start()
            await admin.list_topics()
            return True
        except Exception:
            return False
        finally:
            await admin.close()

    return asyncio.run(probe())
