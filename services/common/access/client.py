"""HTTP clients of the services (CLI, demo, simulator feeder, tests): a token and the local CA.

With ``ZEREN_TLS_CA`` set (``make up`` sets it), the clients trust that CA and
nothing else for the services' HTTPS; without it they use the system's trust.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx

from services.common.access.config import AccessConfig
from services.common.access.tokens import DEMO_TOKEN_PREFIX

#: The demo principal (``urn:zeren:demo``): every role; demo mode only.
DEMO_TOKEN = DEMO_TOKEN_PREFIX + "demo"


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header presenting ``token``."""
    return {"Authorization": f"Bearer {token}"}


def demo_token(source_uri: str) -> str:
    """The demo bearer token of a principal (``zeren-demo:`` and its ``source``'s last part)."""
    return DEMO_TOKEN_PREFIX + source_uri.rsplit(":", 1)[-1]


def trust(config: AccessConfig) -> ssl.SSLContext | bool:
    """What a client verifies the services' certificates with."""
    if config.tls_ca is None:
        return True
    return ssl.create_default_context(cafile=str(config.tls_ca))


def service_client(
    token: str | None, config: AccessConfig | None = None, **options: Any
) -> httpx.AsyncClient:
    """An async client presenting ``token`` (if any) and trusting ``config``'s CA."""
    config = config or AccessConfig.from_env()
    headers = bearer(token) if token else {}
    return httpx.AsyncClient(headers=headers, verify=trust(config), **options)
