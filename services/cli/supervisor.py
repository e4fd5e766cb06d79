"""``zeren services run``: the three services and the notifier as supervised child processes.

Each service runs as ``python -m services.<name>`` with the stack's settings,
its own Kafka principal (``zeren-<name>``: :mod:`services.common.kafka_principals`)
and its own HTTP port (``ZEREN_<NAME>_PORT``); its output (JSON lines: see
:mod:`services.common.logs`) goes to ``.zeren/logs/<name>.log``, which rotates
at 10 MiB; restarts are written there too. A service that exits is restarted after a short
pause (its state and offsets are in PostgreSQL, so nothing is lost).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from deploy.process import free_port, port_answers
from services.cli.errors import UserError
from services.cli.wait import services_env, services_env_file
from services.common.access.config import AccessConfig
from services.common.kafka_principals import SERVICE_PRINCIPALS
from services.common.settings import Environment, Settings

SERVICES = ("registry", "duties", "accountability", "notifier")
#: The fold services, of which several instances may share the partitions (lanes).
FOLDS = ("duties", "accountability")
DEFAULT_PORTS = {"registry": 8701, "duties": 8702, "accountability": 8703, "notifier": 8704}
#: The notifier only reads the accountability topic: it runs as the read-only principal.
PRINCIPALS = {**SERVICE_PRINCIPALS, "notifier": SERVICE_PRINCIPALS["audit"]}
RESTART_PAUSE_S = 2.0
#: A service's log rotates at 10 MiB; five old files are kept.
LOG_BYTES, LOG_BACKUPS = 10 << 20, 5
#: Longest line read from a service (a traceback's line, a JSON log line).
LINE_LIMIT = 1 << 20


@dataclass
class Supervised:
    """One child process: ``name`` is how it is shown (``duties_2``: a second instance),
    ``service`` what it runs (``python -m services.<service>``)."""

    name: str
    port: int
    log: Path
    restarts: int = 0
    process: asyncio.subprocess.Process | None = None
    service: str = ""

    def __post_init__(self) -> None:
        self.service = self.service or self.name


def service_env(settings: Settings, name: str, port: int) -> dict[str, str]:
    """The child's environment: the stack's settings as the service's own Kafka principal
    (``zeren-<name>``, when the settings name the stack's credentials file) and its
    HTTP port (``ZEREN_<NAME>_PORT``)."""
    own = settings.as_kafka_user(PRINCIPALS[name])
    return {**os.environ, **own.as_env(), f"ZEREN_{name.upper()}_PORT": str(port)}


async def _run_one(svc: Supervised, settings: Settings, stop: asyncio.Event) -> None:
    sink = rotating(svc.log)
    try:
        while not stop.is_set():
            svc.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                f"services.{svc.service}",
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                env=service_env(settings, svc.service, svc.port),
                limit=LINE_LIMIT,
            )
            assert svc.process.stdout is not None
            copier = asyncio.create_task(_copy(svc.process.stdout, sink))
            waiter = asyncio.create_task(svc.process.wait())
            stopper = asyncio.create_task(stop.wait())
            await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                if svc.process.returncode is None:
                    svc.process.terminate()
                    await svc.process.wait()
                waiter.cancel()
                await copier
                return
            stopper.cancel()
            await copier
            svc.restarts += 1
            restart = (
                f"{svc.name} exited with {svc.process.returncode}; restarting "
                f"({svc.name} 异常退出，正在重启) — see {svc.log}"
            )
            print(restart, flush=True)
            sink.emit(logging.makeLogRecord({"msg": restart}))
            await asyncio.sleep(RESTART_PAUSE_S)
    finally:
        sink.close()


def rotating(path: Path) -> RotatingFileHandler:
    """A service's log file, rotated at :data:`LOG_BYTES` (``<name>.log.1`` … kept)."""
    sink = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    sink.setFormatter(logging.Formatter("%(message)s"))
    return sink


async def _copy(output: asyncio.StreamReader, sink: RotatingFileHandler) -> None:
    """Each line the service writes, into its rotating log file."""
    async for line in output:
        sink.emit(logging.makeLogRecord({"msg": line.decode(errors="replace").rstrip("\n")}))


def _free_or_other(port: int) -> int:
    """``port`` unless something already listens there; then any free port."""
    return free_port() if port_answers(port) else port


def plan(
    log_dir: Path, pinned: Mapping[str, int] | None = None, instances: int = 1
) -> list[Supervised]:
    """The services to run, each with a port and a log file: a ``pinned`` port as given
    (refused when something listens there), otherwise the default port, or any free one
    when something listens on it. ``instances`` above one adds ``duties_2`` … and
    ``accountability_2`` … on free ports: instances of the fold services sharing their
    partitions (under subtree placement only, see :mod:`services.common.lanes`)."""
    if instances > 1 and Environment.load().placement != "subtree":
        raise UserError(
            "多个责任状态与问责服务实例需按子树分区写入的日志（ZEREN_PLACEMENT=subtree）",
            "several duties and accountability instances need a log written under"
            " subtree placement (ZEREN_PLACEMENT=subtree)",
        )
    log_dir.mkdir(parents=True, exist_ok=True)
    pinned = pinned or {}
    for name, port in pinned.items():
        if port_answers(port):
            raise UserError(
                f"端口 {port} 已被占用，无法运行 {name} 服务",
                f"port {port} is in use: the {name} service cannot take it",
            )
    running = [
        Supervised(n, pinned.get(n) or _free_or_other(DEFAULT_PORTS[n]), log_dir / f"{n}.log")
        for n in SERVICES
    ]
    return running + [
        Supervised(f"{service}_{i}", free_port(), log_dir / f"{service}_{i}.log", service=service)
        for service in FOLDS
        for i in range(2, instances + 1)
    ]


async def supervise(settings: Settings, running: list[Supervised], stop: asyncio.Event) -> None:
    """Run ``running`` until ``stop`` is set, restarting any that exits."""
    from services.common.kafka_admin import ensure_zeren_topics

    await ensure_zeren_topics(settings)
    scheme = AccessConfig.from_env().scheme
    urls = {svc.name: f"{scheme}://127.0.0.1:{svc.port}" for svc in running}
    services_env_file().parent.mkdir(parents=True, exist_ok=True)
    services_env_file().write_text(services_env(urls), encoding="utf-8")
    for svc in running:
        print(f"{svc.name}: {urls[svc.name]}  log {svc.log}", flush=True)
    print(f"addresses written to {services_env_file()}", flush=True)
    await asyncio.gather(*(_run_one(svc, settings, stop) for svc in running))
