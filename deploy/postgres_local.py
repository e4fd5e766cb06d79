"""A real PostgreSQL cluster from the Debian server binaries, in a folder of its own.

``initdb`` refuses to run as root; as root the cluster is created and run as the
``postgres`` user in a folder under ``/tmp`` that user owns (the clone may sit
below a directory only root can enter). As an ordinary user it runs directly.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy.process import free_port

DB_USER = "zeren"
DB_NAME = "zeren"


def server_bin() -> Path:
    """The newest ``/usr/lib/postgresql/<v>/bin`` (or ``$ZEREN_PG_BIN``)."""
    if "ZEREN_PG_BIN" in os.environ:
        return Path(os.environ["ZEREN_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major_version)
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; "
            "install the Debian package postgresql (apt-get install postgresql)"
        )
    return Path(found[-1]).parent


def _major_version(initdb: str) -> int:
    return int(Path(initdb).parent.parent.name.split(".")[0])


def _as_owner(argv: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass(frozen=True)
class LocalPostgres:
    """One cluster whose data, socket and log live in ``home``."""

    home: Path
    port: int

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def dsn(self) -> str:
        return f"postgresql://{DB_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    @classmethod
    def create(cls, home: Path) -> LocalPostgres:
        """``initdb`` a new cluster (trust auth on loopback) on a free port."""
        pg = cls(home=home, port=free_port())
        home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(home, "postgres", "postgres")
        pg._run(
            "initdb",
            "-D",
            str(pg.data),
            "-A",
            "trust",
            "-U",
            DB_USER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        (home / "port").write_text(f"{pg.port}\n")
        return pg

    @classmethod
    def load(cls, home: Path) -> LocalPostgres:
        return cls(home=home, port=int((home / "port").read_text()))

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        argv = _as_owner([str(server_bin() / tool), *args])
        return subprocess.run(argv, check=True, capture_output=True, text=True)

    def start(self) -> None:
        """Start the server, wait for it, and create the ``zeren`` database once."""
        if not self.running():
            options = (
                f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 "
                "-c max_connections=200 -c fsync=on -c shared_buffers=128MB"
            )
            self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.home / "server.log"),
                "-w",
                "start",
            )
        listed = self._psql("postgres", f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'")
        if listed.strip() != "1":
            self._psql("postgres", f"CREATE DATABASE {DB_NAME}")

    def _psql(self, database: str, sql: str) -> str:
        return self._run(
            "psql",
            "-h",
            str(self.home),
            "-p",
            str(self.port),
            "-U",
            DB_USER,
            "-d",
            database,
            "-Atc",
            sql,
        ).stdout

    def running(self) -> bool:
        argv = _as_owner([str(server_bin() / "pg_ctl"), "-D", str(self.data), "status"])
        return subprocess.run(argv, capture_output=True).returncode == 0

    def stop(self) -> bool:
        if not self.running():
            return False
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        return True

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)
