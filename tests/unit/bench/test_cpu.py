"""The bench's CPU split (CPU 分布): parts as shares of the cores, found by port."""

from __future__ import annotations

import socket
import time

import pytest

from tests.bench.cpu import CpuSplit, Machine

pytestmark = pytest.mark.unit


def test_each_part_is_a_share_of_the_cores_and_the_rest_is_other() -> None:
    split = CpuSplit(seconds=10, cores=2, service=8, relays=2, kafka=1, postgres=4, busy=18)
    assert split.note == (
        "of 2 cores: service 40%, relays 10%, PostgreSQL 20%, Kafka 5%, other 15%"
    )


def test_the_process_listening_on_a_port_is_measured() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        machine = Machine({listener.getsockname()[1]}, set())
        spin_until = time.process_time() + 0.3
        while time.process_time() < spin_until:
            pass
        split = machine.split(seconds=1.0, service=0.0, relays=0.0)
    assert split.kafka >= 0.25  # this process listens on the "broker's" port
    assert split.postgres == 0.0
    assert split.busy >= 0.25
