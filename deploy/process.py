"""Process helpers for the local stack: free ports, pid files, stopping only what we started."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psutil

#: Where the kernel lists the ports it hands out to outgoing connections.
EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
#: The lowest port :func:`free_port` picks.
LOWEST_PORT = 20000
#: Every port :func:`free_port` has returned in this process: none is returned twice.
_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A localhost port nothing listens on, below the kernel's ephemeral range, and not
    returned before by this process.

    A process restarted on its port (a broker killed mid-test) must find it free; a
    port in the ephemeral range may meanwhile be the local end of any outgoing
    connection (the other brokers reconnecting to it), and the restart then fails
    to bind (once in CI). Ports asked for one after the other (a broker's client and
    controller listeners) are bound only later, and a random draw may repeat, so a
    port once returned is never returned again. Falls back to the kernel's choice if
    none is free."""
    try:
        first_ephemeral = int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        first_ephemeral = 32768
    candidates = list(range(LOWEST_PORT, max(LOWEST_PORT, first_ephemeral)))
    random.SystemRandom().shuffle(candidates)
    for port in [*candidates[:200], 0, 0, 0]:
        if port in _HANDED_OUT:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            bound = int(sock.getsockname()[1])
        if bound not in _HANDED_OUT:
            _HANDED_OUT.add(bound)
            return bound
    raise OSError("no free localhost port")


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable and writable by the owner only (secrets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def spawn(
    argv: list[str], log_file: Path, pid_file: Path, env: dict[str, str] | None = None
) -> int:
    """Start ``argv`` detached in its own session, logging to ``log_file``; record its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        proc = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    pid_file.write_text(f"{proc.pid}\n")
    return proc.pid


def recorded_process(pid_file: Path, marker: str) -> psutil.Process | None:
    """The live process recorded in ``pid_file`` if its command line contains ``marker``.

    The marker (our own state folder) guards against a recycled pid: we never
    signal a process the project did not start.
    """
    if not pid_file.exists():
        return None
    try:
        proc = psutil.Process(int(pid_file.read_text().strip()))
        if marker in " ".join(proc.cmdline()) and proc.status() != psutil.STATUS_ZOMBIE:
            return proc
    except (ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    return None


def recorded_pid_alive(pid_file: Path) -> bool:
    """Whether the pid in ``pid_file`` is a live process (not a zombie), whatever its command line.

    For waiting on a process this run has just spawned, so its pid cannot have
    been reused. The command-line check of :func:`recorded_process` twice took
    a broker that ran on for one that had exited (in CI, and once right after a
    cluster of three stopped); the cause was not found.
    """
    try:
        return psutil.Process(int(pid_file.read_text().strip())).status() != psutil.STATUS_ZOMBIE
    except (OSError, ValueError, psutil.NoSuchProcess):
        return False


def stop_recorded(
    pid_file: Path, marker: str, timeout: float = 30.0, sig: signal.Signals = signal.SIGTERM
) -> bool:
    """Stop the process recorded in ``pid_file`` (``sig``, then KILL); True if one was running."""
    proc = recorded_process(pid_file, marker)
    pid_file.unlink(missing_ok=True)
    if proc is None:
        return False
    group = os.getpgid(proc.pid)
    os.killpg(group, sig)
    try:
        proc.wait(timeout)
    except psutil.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        proc.wait(10)
    return True


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``predicate`` until it holds, or raise naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not become ready within {timeout:.0f}s")
