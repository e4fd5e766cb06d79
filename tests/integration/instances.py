"""Several instances of a fold service as child processes on a subtree-placed log (issue 26).

Each run has topics and schemas of its own (:func:`lane_settings`); instances are started
with ``ZEREN_PLACEMENT=subtree`` (they fold their partitions in lanes), their standard
error in ``<logs>/<name>.log``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import asyncpg

from contracts.envelope import Envelope
from contracts.events.clock import ClockTicked
from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC
from services.common.kafka_admin import TopicSpec, ensure_topics
from services.common.progress import progress
from services.common.settings import Settings
from services.registry.domain.clock import SHANGHAI, ticks
from tests.conftest import Infra
from tests.integration.duties.kafka_io import publish

ROOT = Path(__file__).resolve().parents[2]


def closed(log: list[tuple[Envelope, int]], partitions: int) -> list[tuple[Envelope, int]]:
    """``log`` followed by the next day's ticks on every partition, as the registry's log
    goes on: a sequenced fold (the audit's replay) holds the facts after a partition's
    last mark until the next one."""
    last = max(env.data.date for env, _ in log if isinstance(env.data, ClockTicked))
    day = last + timedelta(days=1)
    began = datetime.combine(day, datetime.min.time(), SHANGHAI)
    return log + [(tick, p) for p, tick in enumerate(ticks(day, partitions, began))]


def lane_settings(infra: Infra) -> Settings:
    """Settings with topics and schemas of their own."""
    tag = uuid.uuid4().hex[:10]
    return infra.settings(f".lanes{tag}", f"l{tag}_")


def _start(
    settings: Settings, logs: Path, name: str, port: int, service: str = "duties"
) -> subprocess.Popen[bytes]:
    """One instance of ``service`` serving its queries on ``port``."""
    env = {
        **os.environ,
        **settings.as_env(),
        f"ZEREN_{service.upper()}_PORT": str(port),
        "ZEREN_PLACEMENT": "subtree",
    }
    return subprocess.Popen(
        [sys.executable, "-m", f"services.{service}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(logs / f"{name}.log").open("wb"),
    )


class Children:
    """The instances a test starts, with subtree placement; leaving the ``with`` block
    kills those still running, so that a failing test leaves none folding and holding
    its schemas."""

    def __init__(self, logs: Path) -> None:
        self.logs, self.started = logs, list[subprocess.Popen[bytes]]()

    def start(
        self, settings: Settings, name: str, port: int, service: str = "duties"
    ) -> subprocess.Popen[bytes]:
        self.started.append(_start(settings, self.logs, name, port, service))
        return self.started[-1]

    def __enter__(self) -> Children:
        return self

    def __exit__(self, *exc: object) -> None:
        for child in self.started:
            if child.poll() is None:
                child.kill()
                child.wait()


async def all_hold_lanes(logs: Path, names: Sequence[str]) -> None:
    """Until each instance named has opened a lane (Kafka has given every one partitions)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        texts = [(logs / f"{name}.log").read_text() for name in names]
        if all("lane opened" in text for text in texts):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError("the consumer group did not give every instance partitions")


async def settled(db: asyncpg.Pool, settings: Settings, service: str, source: str) -> None:
    """Until ``service`` has folded all of ``source`` and published what it decided."""
    deadline = time.monotonic() + 240
    inputs = [settings.topic(source)]
    while time.monotonic() < deadline:
        found = await progress(db, settings.kafka, service, settings.schema(service), inputs)
        if found.caught_up and found.partitions:
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{service} did not catch up")


async def prepare(
    infra: Infra, settings: Settings, log: Sequence[tuple[Envelope, int]], partitions: int
) -> None:
    """The run's topics, ``log`` published to its events topic."""
    await ensure_topics(
        infra.kafka,
        [
            TopicSpec(settings.topic(EVENTS_TOPIC), partitions),
            TopicSpec(settings.topic(DUTIES_TOPIC), partitions),
        ],
    )
    await publish(infra.kafka, settings.topic(EVENTS_TOPIC), log)


def stop(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """Terminate ``processes`` and wait for them."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)
