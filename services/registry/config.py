"""The registry's own settings (登记处配置), from the environment.

=========================  ===================================================
``ZEREN_REGISTRY_HOST``    HTTP interface to bind (default ``127.0.0.1``)
``ZEREN_REGISTRY_PORT``    HTTP port (default ``8081``)
``ZEREN_CLOCK``            ``wall`` (follow Asia/Shanghai's calendar, default) or
                           ``driven`` (only ``POST /v1/clock/advance`` moves it)
``ZEREN_CLOCK_START``      first day of the log's clock (ISO date); without it the
                           first tick is the first day the clock is moved to
``ZEREN_REGISTRY_BATCH``   most intake records per transaction (default 5000)
``ZEREN_BEAT_MS``          after appending facts, at most this many milliseconds
                           until a ``ClockBeat`` closes them (default 50; 0: never,
                           facts then wait for the next day's tick); an intake
                           batch read from Kafka ends with the beat itself when
                           the last one is this old
=========================  ===================================================

Kafka, PostgreSQL, topic suffix and schema prefix come from :class:`Settings`;
the principals file (``ZEREN_REGISTRY_SOURCES``), demo mode, TLS and the rate
limit from :class:`services.common.access.config.AccessConfig`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


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

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RegistryConfig:
        start = env.get("ZEREN_CLOCK_START")
        return cls(
            host=env.get("ZEREN_REGISTRY_HOST", cls.host),
            port=int(env.get("ZEREN_REGISTRY_PORT", cls.port)),
            clock=ClockMode(env.get("ZEREN_CLOCK", cls.clock)),
            clock_start=date.fromisoformat(start) if start else None,
            batch=int(env.get("ZEREN_REGISTRY_BATCH", cls.batch)),
            beat_ms=int(env.get("ZEREN_BEAT_MS", cls.beat_ms)),
        )

    def as_env(self) -> dict[str, str]:
        """The same settings as environment variables, for a child process."""
        env = {
            "ZEREN_REGISTRY_HOST": self.host,
            "ZEREN_REGISTRY_PORT": str(self.port),
            "ZEREN_CLOCK": self.clock.value,
            "ZEREN_REGISTRY_BATCH": str(self.batch),
            "ZEREN_BEAT_MS": str(self.beat_ms),
        }
        if self.clock_start is not None:
            env["ZEREN_CLOCK_START"] = self.clock_start.isoformat()
        return env
