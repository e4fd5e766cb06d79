"""The local Kafka's configuration: one node alone, or one node of a cluster on this machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from deploy import stack
from deploy.kafka_cluster import KafkaCluster
from deploy.kafka_local import LocalKafka
from deploy.kafka_security import LocalCredentials
from deploy.process import write_private
from services.common.kafka_principals import ADMIN
from services.common.settings import Settings

VOTERS = "1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103"


CREDENTIALS = LocalCredentials.generate(["urn:campus:hr"])


def _properties(kafka: LocalKafka) -> dict[str, str]:
    CREDENTIALS.save(kafka.credentials_file)
    lines = kafka._server_properties().splitlines()
    return dict(line.split("=", 1) for line in lines if line)


def _written(kafka: LocalKafka) -> LocalKafka:
    kafka.home.mkdir(parents=True)
    CREDENTIALS.save(kafka.credentials_file)
    kafka.properties.write_text(kafka._server_properties())
    return kafka


def test_a_single_broker_votes_alone_and_keeps_one_replica(tmp_path: Path) -> None:
    settings = _properties(LocalKafka(tmp_path, 9092, 9093))

    assert settings["node.id"] == "1"
    assert settings["controller.quorum.voters"] == "1@127.0.0.1:9093"
    assert settings["offsets.topic.replication.factor"] == "1"
    assert settings["transaction.state.log.min.isr"] == "1"


def test_a_cluster_node_joins_the_quorum_with_production_replication(tmp_path: Path) -> None:
    settings = _properties(LocalKafka(tmp_path, 9002, 9102, 2, VOTERS, 3))

    assert settings["node.id"] == "2"
    assert settings["controller.quorum.voters"] == VOTERS
    assert settings["listeners"] == ("SASL_PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102")
    assert settings["offsets.topic.replication.factor"] == "3"
    assert settings["transaction.state.log.replication.factor"] == "3"
    assert settings["transaction.state.log.min.isr"] == "2"


@pytest.mark.parametrize(
    "node",
    [
        LocalKafka(Path("single"), 9092, 9093),
        LocalKafka(Path("node-3"), 9003, 9103, 3, VOTERS, 3),
    ],
)
def test_a_node_is_loaded_back_from_its_config(tmp_path: Path, node: LocalKafka) -> None:
    written = _written(LocalKafka(tmp_path / node.home, *_fields(node)))

    assert LocalKafka.load(written.home) == written


def _fields(node: LocalKafka) -> tuple[int, int, int, str, int]:
    return node.port, node.controller_port, node.node_id, node.voters, node.cluster_size


def test_a_cluster_is_loaded_back_node_by_node_in_id_order(tmp_path: Path) -> None:
    nodes = [
        _written(LocalKafka(tmp_path / f"node-{i}", 9000 + i, 9100 + i, i, VOTERS, 3))
        for i in (1, 2, 3, 10)
    ]

    cluster = KafkaCluster.load(tmp_path)

    assert [n.node_id for n in cluster.nodes] == [1, 2, 3, 10]
    assert cluster.nodes == tuple(nodes)
    assert cluster.bootstrap == "127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003,127.0.0.1:9010"


def test_a_cluster_has_at_least_two_nodes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="集群至少两个节点"):
        KafkaCluster.create(tmp_path, size=1)


def test_replication_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZEREN_KAFKA_BOOTSTRAP", "127.0.0.1:1")
    monkeypatch.setenv("ZEREN_DATABASE_URL", "postgresql://x@127.0.0.1:2/x")
    monkeypatch.setenv("ZEREN_REPLICATION", "3")

    settings = Settings.load()

    assert settings.replication == 3
    assert settings.as_env()["ZEREN_REPLICATION"] == "3"


@pytest.mark.parametrize("wanted", ["0", "x", "-3"])
def test_a_bad_number_of_brokers_is_refused_before_anything_starts(
    wanted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stack.main(["stack", "up", "--brokers", wanted]) == 2
    assert "节点数无效" in capsys.readouterr().err


def test_every_client_authenticates_and_nothing_is_allowed_without_an_acl(tmp_path: Path) -> None:
    settings = _properties(LocalKafka(tmp_path, 9092, 9093))

    assert settings["listener.security.protocol.map"] == (
        "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"
    )
    assert settings["sasl.enabled.mechanisms"] == "SCRAM-SHA-256"
    assert settings["sasl.mechanism.controller.protocol"] == "PLAIN"
    assert settings["authorizer.class.name"] == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert settings["super.users"] == f"User:{ADMIN}"
    assert settings["allow.everyone.if.no.acl.found"] == "false"


def test_a_node_made_before_sasl_is_refused_with_a_way_out(tmp_path: Path) -> None:
    (tmp_path / "server.properties").write_text("node.id=1\n")

    with pytest.raises(RuntimeError, match="make clean"):
        LocalKafka.load(tmp_path)


def test_the_tools_client_config_is_no_cluster_of_the_stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make down`` looks for clusters as ``kafka-*`` in the state folder."""
    monkeypatch.setenv("ZEREN_STATE_DIR", str(tmp_path))
    write_private(stack.client_config_file(), "security.protocol=SASL_PLAINTEXT\n")

    assert stack._clusters() == []
    assert stack.down() == []


def _format_refused(self: LocalKafka, main: str, *args: str) -> None:
    raise RuntimeError(f"{main} exited 1")


@pytest.mark.parametrize(
    ("create", "home", "left_out"),
    [
        (LocalKafka.create, "kafka", "kafka/server.properties"),
        (KafkaCluster.create, "kafka-3", "kafka-3"),
    ],
)
def test_a_node_the_format_refused_is_created_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    create: Callable[..., object],
    home: str,
    left_out: str,
) -> None:
    """The next ``up`` creates it anew instead of loading what cannot start."""
    monkeypatch.setattr(LocalKafka, "_java", _format_refused)
    with pytest.raises(RuntimeError):
        create(tmp_path / home, sources=["urn:campus:hr"])
    assert not (tmp_path / left_out).exists()


def test_a_folder_the_cluster_did_not_make_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LocalKafka, "_java", _format_refused)
    with pytest.raises(RuntimeError):
        KafkaCluster.create(tmp_path, sources=["urn:campus:hr"])
    assert tmp_path.is_dir()
