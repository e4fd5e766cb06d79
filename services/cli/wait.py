"""``zeren wait``: block until every service has processed everything sent (等待处理完毕).

Asks each service's ``GET /v1/progress`` (:mod:`services.common.progress`)
until all have caught up on ``quiet_polls`` polls in a row: the registry
has judged every intake record and published its outbox, the duties and
accountability services have folded the log that far and published theirs,
and the notifier, when ``zeren services run`` recorded one, has planned the
deliveries of every alert.
Consecutive polls guard against the moment between one service publishing
and the next one seeing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

from services.cli.errors import UserError
from services.cli.progress import UnsettledError, poll_until
from services.common.settings import state_dir

SERVICES = ("registry", "duties", "accountability", "notifier")
DEFAULT_ADDRESSES = {
    "registry": "127.0.0.1:8701",
    "duties": "127.0.0.1:8702",
    "accountability": "127.0.0.1:8703",
}


def services_env_file() -> Path:
    """Where ``zeren services run`` writes the services' addresses."""
    return state_dir() / "services.env"


def recorded_addresses() -> dict[str, str]:
    """The addresses ``zeren services run`` last wrote, else the folds' default ports
    (the notifier, which may not run, only when recorded)."""
    found = dict(DEFAULT_ADDRESSES)
    try:
        lines = services_env_file().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return found
    for line in lines:
        name, _, value = line.partition("=")
        service = name.removeprefix("ZEREN_").removesuffix("_URL").lower()
        if service in SERVICES and value:
            found[service] = value
    return found


def services_env(urls: Mapping[str, str]) -> str:
    """The text of ``services.env``: one ``ZEREN_<NAME>_URL=`` line per service."""
    return "".join(f"ZEREN_{name.upper()}_URL={url}\n" for name, url in urls.items())


async def caught_up(
    http: httpx.AsyncClient,
    urls: Mapping[str, str],
    *,
    timeout_s: float,
    report: Callable[[dict[str, dict[str, Any]]], None],
    quiet_polls: int = 2,
    interval_s: float = 0.5,
) -> dict[str, dict[str, Any]]:
    """Poll each service's progress until all have caught up ``quiet_polls`` times in a row."""

    async def measure() -> dict[str, dict[str, Any]]:
        return {name: await _progress(http, name, url) for name, url in urls.items()}

    def settled(answers: dict[str, dict[str, Any]]) -> bool:
        return all(answer.get("caught_up") for answer in answers.values())

    try:
        return await poll_until(measure, settled, timeout_s=timeout_s, report=report,
                                quiet_polls=quiet_polls, interval_s=interval_s)  # fmt: skip
    except UnsettledError as error:
        behind = ", ".join(f"{n} {a.get('behind', '?')}" for n, a in error.last.items())
        raise UserError(
            f"{timeout_s:g} 秒内服务未处理完毕（尚未处理：{behind}）",
            f"the services did not catch up within {timeout_s:g} s (behind: {behind})",
        ) from None


async def _progress(http: httpx.AsyncClient, name: str, url: str) -> dict[str, Any]:
    try:
        response = await http.get(f"{url.rstrip('/')}/v1/progress")
    except httpx.TransportError as error:
        raise UserError(
            f"{name} 服务无法访问（{url}）：请先运行 zeren services run",
            f"the {name} service at {url} does not answer ({type(error).__name__}): "
            "start it with zeren services run",
        ) from None
    if response.status_code != 200:
        return {"caught_up": False, "behind": f"HTTP {response.status_code}"}
    answer: dict[str, Any] = response.json()
    return answer


def progress_line(answers: Mapping[str, Mapping[str, Any]]) -> str:
    """One line: each service's records behind and outputs unpublished."""
    parts = []
    for name, answer in answers.items():
        state = "✓" if answer.get("caught_up") else "…"
        parts.append(f"{name} {state} 待处理 behind {answer.get('behind', '?')}, "
                     f"待发布 unpublished {answer.get('unpublished', '?')}")  # fmt: skip
    return "; ".join(parts)
