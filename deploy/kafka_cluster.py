"""A Kafka cluster of several KRaft nodes on this machine, for fault tests (多节点集群).

Each node is a :class:`~deploy.kafka_local.LocalKafka` in ``home/node-<id>``,
broker and controller at once, all of them voters of one controller quorum.
Three nodes give the production layout of ``DESIGN.md``: topics replicated
three times with ``min.insync.replicas=2`` (``ensure_zeren_topics(...,
replication=3)``), so an ``acks=all`` write survives one node down.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from deploy.kafka_local import LocalKafka, new_cluster_id
from deploy.kafka_security import LocalCredentials, registered_sources
from deploy.process import free_port
from services.common.kafka_client import KafkaClient

NODE_PREFIX = "node-"


@dataclass(frozen=True)
class KafkaCluster:
    """The nodes of one local cluster, by node id (1, 2, …)."""

    home: Path
    nodes: tuple[LocalKafka, ...]

    @property
    def size(self) -> int:
        return len(self.nodes)

    @property
    def bootstrap(self) -> str:
        """Every node's address, as clients take them (``host:port,host:port,…``)."""
        return ",".join(node.bootstrap for node in self.nodes)

    @property
    def admin(self) -> KafkaClient:
        """The cluster as the super user sees it (every node shares the credentials)."""
        return self.nodes[0].credentials.client(self.bootstrap)

    @property
    def credentials_file(self) -> Path:
        return self.nodes[0].credentials_file

    def node(self, node_id: int) -> LocalKafka:
        return self.nodes[node_id - 1]

    @classmethod
    def create(
        cls, home: Path, size: int = 3, sources: Iterable[str] | None = None
    ) -> KafkaCluster:
        """Configure ``size`` nodes on free ports and format them for one new cluster
        (principals for ``sources``, as :meth:`LocalKafka.create`)."""
        if size < 2:
            raise ValueError(f"a cluster has at least 2 nodes (集群至少两个节点), got {size}")
        home = home.resolve()
        new_home = not home.exists()
        ports = [(free_port(), free_port()) for _ in range(size)]
        voters = ",".join(f"{i}@127.0.0.1:{c}" for i, (_, c) in enumerate(ports, start=1))
        cluster_id = new_cluster_id()
        credentials = LocalCredentials.generate(
            registered_sources() if sources is None else sources
        )
        try:
            nodes = tuple(
                LocalKafka(home / f"{NODE_PREFIX}{i}", port, controller, i, voters, size).format(
                    cluster_id, credentials
                )
                for i, (port, controller) in enumerate(ports, start=1)
            )
        except RuntimeError:
            if new_home:  # half a cluster would be loaded by the next ``up``
                shutil.rmtree(home, ignore_errors=True)
            raise
        return cls(home, nodes)

    @classmethod
    def load(cls, home: Path) -> KafkaCluster:
        """Re-open a cluster created earlier in ``home``."""
        homes = sorted(home.glob(f"{NODE_PREFIX}*"), key=lambda p: int(p.name[len(NODE_PREFIX) :]))
        return cls(home.resolve(), tuple(LocalKafka.load(h) for h in homes))

    def start(self, timeout: float = 180.0) -> None:
        """Start every node that is down, then wait until each serves metadata.

        The nodes are launched before any is waited for: a node is ready only
        once a majority of the quorum runs.
        """
        for node in self.nodes:
            node.launch()
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            node.start(max(1.0, deadline - time.monotonic()))

    def running(self) -> list[int]:
        """The ids of the nodes whose process runs."""
        return [node.node_id for node in self.nodes if node.running()]

    def stop(self) -> bool:
        """Stop every node gracefully, all at once; True if any was running.

        One after the other, the last nodes wait for a quorum that is gone
        until they are killed: 62 s for three against 6 s at once.
        """
        with ThreadPoolExecutor(self.size) as pool:
            stopped = list(pool.map(LocalKafka.stop, self.nodes))
        return any(stopped)
