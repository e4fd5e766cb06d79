"""Each service process stops by itself on SIGTERM (the supervisor and Ctrl-C rely on it)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid

import pytest

from deploy.process import free_port
from services.common.kafka_admin import ensure_zeren_topics
from tests.conftest import Infra


@pytest.mark.parametrize("service", ["registry", "duties", "accountability"])
async def test_sigterm_stops_the_whole_service(infra: Infra, service: str) -> None:
    run = uuid.uuid4().hex[:8]
    settings = infra.settings(f".stop{run}", f"stop{run}_")
    await ensure_zeren_topics(settings)
    env = {
        **os.environ,
        **settings.as_env(),
        f"ZEREN_{service.upper()}_PORT": str(free_port()),
        "ZEREN_CLOCK": "driven",
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        f"services.{service}",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    await asyncio.sleep(6)  # started, migrated, consuming
    assert child.returncode is None, "the service died on its own"
    child.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(child.wait(), timeout=30)
    assert code == 0, (await child.stderr.read()).decode()[-2000:] if child.stderr else code
