"""Where the machine's CPU went during a replay (CPU 分布): the service, Kafka, PostgreSQL.

The bench's services share the machine's cores with the Kafka broker and the
PostgreSQL server they use, so a replay's speed depends on how much of the
machine those take. :class:`Machine` notes the CPU seconds of the broker and
of the server (found by the ports they listen on: other clusters may run
beside them) and the machine's busy seconds before a replay; :meth:`Machine.split`
adds the service's processes, measured by the caller, once it has caught up.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

import psutil

from services.common.settings import Settings


def _listening(ports: set[int]) -> list[psutil.Process]:
    """The processes listening on ``ports`` on this machine."""
    pids = {
        c.pid
        for c in psutil.net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port in ports and c.pid
    }
    return [psutil.Process(pid) for pid in sorted(pids)]


def _seconds(processes: Iterable[psutil.Process]) -> dict[int, float]:
    """User and system CPU seconds of ``processes`` and their children, by pid (those alive)."""
    seconds: dict[int, float] = {}
    for process in processes:
        for p in (process, *process.children(recursive=True)):
            with suppress(psutil.NoSuchProcess):
                seconds[p.pid] = sum(p.cpu_times()[:2])
    return seconds


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between the two notes by the processes alive at the second (a
    process that ended in between is not counted: a connection closed, say)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _busy() -> float:
    """CPU seconds the whole machine spent not idle since boot."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def ports(settings: Settings) -> tuple[set[int], set[int]]:
    """The ports of the Kafka brokers and of the PostgreSQL server ``settings`` name."""
    kafka = {int(address.rsplit(":", 1)[1]) for address in settings.kafka_bootstrap.split(",")}
    database = urlsplit(settings.database_url).port or 5432
    return kafka, {database}


@dataclass(frozen=True)
class CpuSplit:
    """CPU seconds during a replay of ``seconds`` on ``cores`` cores, by part."""

    seconds: float
    cores: int
    service: float
    relays: float
    kafka: float
    postgres: float
    busy: float

    def share(self, part: float) -> float:
        """``part`` as a share of the machine's capacity during the replay."""
        return part / (self.seconds * self.cores)

    @property
    def note(self) -> str:
        """``of 2 cores: service 41%, relays 14%, PostgreSQL 21%, Kafka 9%, other 6%``."""
        other = max(0.0, self.busy - self.service - self.relays - self.kafka - self.postgres)
        parts = (
            ("service", self.service),
            ("relays", self.relays),
            ("PostgreSQL", self.postgres),
            ("Kafka", self.kafka),
            ("other", other),
        )
        shares = ", ".join(f"{name} {self.share(value):.0%}" for name, value in parts)
        return f"of {self.cores} cores: {shares}"


class Machine:
    """The broker's, the server's and the machine's CPU seconds, noted before a replay."""

    def __init__(self, kafka_ports: set[int], database_ports: set[int]) -> None:
        self._kafka, self._postgres = _listening(kafka_ports), _listening(database_ports)
        self._before = (_seconds(self._kafka), _seconds(self._postgres), _busy())

    def split(self, seconds: float, service: float, relays: float) -> CpuSplit:
        """The split of a replay of ``seconds`` whose processes took ``service`` CPU seconds
        and their relays ``relays``, from the notes taken when this was made until now."""
        kafka, postgres, busy = self._before
        return CpuSplit(
            seconds=seconds,
            cores=psutil.cpu_count() or 1,
            service=service,
            relays=relays,
            kafka=_spent(kafka, _seconds(self._kafka)),
            postgres=_spent(postgres, _seconds(self._postgres)),
            busy=_busy() - busy,
        )
