"""``zeren dashboard`` (and the demo) serve the workbench (党建责任制工作台), configured
from the environment (then ``make up``'s ``stack.env``).

==========================  ==================================================
``ZEREN_WORKBENCH_SECRET``  signs the session cookies; unset, a fresh random one
                            (sessions then end when the workbench restarts)
``ZEREN_WORKBENCH_TOKEN``   the reader token a branch secretary's pages read with
                            (an auditor's); in demo mode the demo auditor's
==========================  ==================================================

The principals, demo mode and TLS are the services' own (:mod:`services.common.access.config`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from fastapi import FastAPI

from services.common.access.client import demo_token, trust
from services.common.access.config import AccessConfig
from services.common.settings import stack_env
from services.workbench.app import WorkbenchConfig, workbench_app
from services.workbench.reader import Endpoints


def workbench_config(access: AccessConfig, env: Mapping[str, str]) -> WorkbenchConfig:
    """The workbench's settings from ``access`` and ``env`` (see the module docstring)."""
    fallback = demo_token("urn:zeren:auditor") if access.demo else None
    return WorkbenchConfig(
        sources=access.sources_or_exit("workbench").current,
        secret=env.get("ZEREN_WORKBENCH_SECRET") or secrets.token_urlsafe(32),
        demo=access.demo,
        reader_token=env.get("ZEREN_WORKBENCH_TOKEN") or fallback,
        secure_cookie=access.scheme == "https",
        verify=trust(access),
    )


def dashboard_app(endpoints: Endpoints) -> FastAPI:
    """The workbench over the services at ``endpoints`` (the notifier's deliveries if given)."""
    env = stack_env()
    return workbench_app(endpoints, workbench_config(AccessConfig.from_env(env), env))
