"""The registry's own settings (登记处配置): host, port, clock, batch and beat.

They are read with every other setting by :class:`services.common.settings.Environment`
(``ZEREN_REGISTRY_HOST``, ``ZEREN_REGISTRY_PORT``, ``ZEREN_CLOCK``,
``ZEREN_CLOCK_START``, ``ZEREN_REGISTRY_BATCH``, ``ZEREN_BEAT_MS``, ``ZEREN_CHAIN``,
``ZEREN_PLACEMENT``, ``ZEREN_CHAIN_KEY``, ``ZEREN_CHAIN_CHECKPOINTS``: see that module
for each); the principals file, demo mode, TLS and the rate limit come from
:class:`services.common.access.config.AccessConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from services.common.settings import Environment, state_dir


def chain_dir() -> Path:
    """Where the chain's key and the auditors' checkpoint file are by default."""
    return state_dir() / "chain"


class ClockNotDrivenError(RuntimeError):
    """The clock follows the calendar; it cannot be driven (时钟由系统日历驱动)."""


class ClockMode(StrEnum):
    """What moves the log's clock (时钟驱动方式)."""

    WALL = "wall"  # the calendar in Asia/Shanghai
    DRIVEN = "driven"  # a demo or a test, through the API


@dataclass(frozen=True)
class RegistryConfig:
    """Settings of the registry process beyond Kafka and PostgreSQL."""

    host: str = "127.0.0.1"
    port: int = 8081
    clock: ClockMode = ClockMode.WALL
    clock_start: date | None = None
    batch: int = 5000
    beat_ms: int = 50
    #: Chain the log and write signed daily checkpoints (哈希链与每日检查点).
    chain: bool = True
    #: Write a new log under subtree placement (按子树分区), not by the subject's hash.
    subtree: bool = False
    chain_key: Path | None = None
    chain_checkpoints: Path | None = None

    @property
    def key_path(self) -> Path:
        """The registry's Ed25519 key file."""
        return self.chain_key or chain_dir() / "registry-ed25519.pem"

    def checkpoints_path(self, namespace: str = "") -> Path:
        """The JSON-lines file the checkpoints are copied to, outside Kafka: by default one
        per topic namespace (``namespace`` is the topic suffix), so that runs never mix."""
        return self.chain_checkpoints or chain_dir() / f"checkpoints{namespace}.jsonl"

    @classmethod
    def from_env(cls, env: Environment | None = None) -> RegistryConfig:
        """The registry's part of ``env`` (default: :meth:`Environment.load`)."""
        found = env or Environment.load()
        return cls(
            host=found.registry_host,
            port=found.registry_port,
            clock=ClockMode(found.clock),
            clock_start=found.clock_start,
            batch=found.registry_batch,
            beat_ms=found.beat_ms,
            chain=found.chain,
            subtree=found.placement == "subtree",
            chain_key=Path(found.chain_key) if found.chain_key else None,
            chain_checkpoints=Path(found.chain_checkpoints) if found.chain_checkpoints else None,
        )

    def as_env(self) -> dict[str, str]:
        """The same settings as environment variables, for a child process."""
        env = {
            "ZEREN_REGISTRY_HOST": self.host,
            "ZEREN_REGISTRY_PORT": str(self.port),
            "ZEREN_CLOCK": self.clock.value,
            "ZEREN_REGISTRY_BATCH": str(self.batch),
            "ZEREN_BEAT_MS": str(self.beat_ms),
            "ZEREN_CHAIN": "on" if self.chain else "off",
            "ZEREN_PLACEMENT": "subtree" if self.subtree else "key",
        }
        if self.chain_key is not None:
            env["ZEREN_CHAIN_KEY"] = str(self.chain_key)
        if self.chain_checkpoints is not None:
            env["ZEREN_CHAIN_CHECKPOINTS"] = str(self.chain_checkpoints)
        if self.clock_start is not None:
            env["ZEREN_CLOCK_START"] = self.clock_start.isoformat()
        return env
