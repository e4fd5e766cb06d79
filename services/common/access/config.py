"""Access settings (访问配置), from the environment (then ``make up``'s ``stack.env``).

==========================  ==================================================
``ZEREN_DEMO``              ``1``: demo mode — the bundled demo principals, demo
                            tokens and ``"*"`` sources are allowed (``zeren demo``
                            and the tests set it); anything else: production
``ZEREN_REGISTRY_SOURCES``  the principals file (tokens, roles, types); required
                            outside demo mode, where it defaults to the bundled one
``ZEREN_TLS_CERT``          server certificate (PEM); with ``ZEREN_TLS_KEY`` the
``ZEREN_TLS_KEY``           services answer HTTPS only (``make up`` makes both)
``ZEREN_TLS_CA``            the CA the clients trust (``make up``'s local CA)
``ZEREN_RATE_PER_SECOND``   requests a source may make per second (default 100)
``ZEREN_RATE_BURST``        requests it may make at once (default 200)
==========================  ==================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.common.access.sources_file import DEMO_SOURCES, SourcesFile, SourcesFileError
from services.common.settings import stack_env

TLS_KEYS = ("ZEREN_TLS_CERT", "ZEREN_TLS_KEY", "ZEREN_TLS_CA")


class AccessNotConfiguredError(SourcesFileError):
    """Outside demo mode no principals file was given (未配置登记表)."""


@dataclass(frozen=True)
class AccessConfig:
    """Demo mode, the principals file, TLS paths and the rate limit (see the module docstring)."""

    demo: bool = False
    sources: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_ca: Path | None = None
    rate_per_second: float = 100.0
    rate_burst: int = 200

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AccessConfig:
        """The settings in ``env`` (default: the environment over ``stack.env``)."""
        if env is None:
            env = stack_env()

        def path(key: str) -> Path | None:
            return Path(env[key]) if env.get(key) else None

        return cls(
            demo=env.get("ZEREN_DEMO", "") == "1",
            sources=path("ZEREN_REGISTRY_SOURCES"),
            tls_cert=path("ZEREN_TLS_CERT"),
            tls_key=path("ZEREN_TLS_KEY"),
            tls_ca=path("ZEREN_TLS_CA"),
            rate_per_second=float(env.get("ZEREN_RATE_PER_SECOND", cls.rate_per_second)),
            rate_burst=int(env.get("ZEREN_RATE_BURST", cls.rate_burst)),
        )

    def sources_file(self) -> SourcesFile:
        """The principals file to serve with; refuses to guess one outside demo mode."""
        if self.sources is None and not self.demo:
            raise AccessNotConfiguredError(
                "ZEREN_REGISTRY_SOURCES is not set: give the principals file (tokens, roles), "
                "or ZEREN_DEMO=1 for the demo principals "
                "(未设置 ZEREN_REGISTRY_SOURCES：请指定登记表，演示请设 ZEREN_DEMO=1)"
            )
        return SourcesFile(self.sources or DEMO_SOURCES, demo=self.demo)

    def sources_or_exit(self, service: str) -> SourcesFile:
        """:meth:`sources_file`, or end the process with the reason (before anything starts)."""
        try:
            return self.sources_file()
        except SourcesFileError as error:
            raise SystemExit(f"{service} not started ({service} 未启动): {error}") from None

    @property
    def scheme(self) -> str:
        """``https`` when a certificate is configured, else ``http``."""
        return "https" if self.tls_cert else "http"

    def uvicorn_tls(self) -> dict[str, Any]:
        """uvicorn's TLS options: a certificate and key, or nothing (plain HTTP)."""
        if self.tls_cert is None:
            return {}
        if self.tls_key is None:
            raise SystemExit("ZEREN_TLS_CERT is set without ZEREN_TLS_KEY (缺少私钥 ZEREN_TLS_KEY)")
        return {"ssl_certfile": str(self.tls_cert), "ssl_keyfile": str(self.tls_key)}

    def as_env(self) -> dict[str, str]:
        """The same settings as environment variables, for a child process."""
        env = {
            "ZEREN_DEMO": "1" if self.demo else "0",
            "ZEREN_RATE_PER_SECOND": str(self.rate_per_second),
            "ZEREN_RATE_BURST": str(self.rate_burst),
        }
        paths = {
            "ZEREN_REGISTRY_SOURCES": self.sources,
            "ZEREN_TLS_CERT": self.tls_cert,
            "ZEREN_TLS_KEY": self.tls_key,
            "ZEREN_TLS_CA": self.tls_ca,
        }
        env.update({k: str(v) for k, v in paths.items() if v is not None})
        return env
