"""``zeren demo``: the stack, the three services and a simulated university, end to end.

Each run gets its own namespace (topic suffix ``.demo<n>``, schema prefix
``demo<n>_``) and its own log folder (``.zeren/logs/demo<n>/``). Once the run
has summarised its years, the namespace is recorded in ``.zeren/stack.env`` so
that ``zeren alerts`` and ``zeren audit`` follow the latest demo that
succeeded; a failed run leaves ``stack.env`` as it was. ``zeren demo list``
and ``zeren demo drop`` (:mod:`services.cli.namespaces`) tidy up past runs.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import takewhile
from typing import Any

import asyncpg
import httpx
import uvicorn

from contracts.topics import DUTIES_TOPIC, EVENTS_TOPIC, source_intake_topic
from deploy import stack
from deploy.kafka_security import registered_sources
from deploy.process import free_port, port_answers
from services.cli.dashboard import dashboard_app
from services.cli.demo_feed import CampusProducers, Department, Feeder, feed
from services.cli.demo_summary import gather, render
from services.cli.progress import Lag, lag, wait_settled
from services.cli.supervisor import Supervised, plan, supervise
from services.common.access.client import DEMO_TOKEN, service_client
from services.common.access.config import AccessConfig
from services.common.lifecycle import QuietServer, run_parts, stop_on_signals
from services.common.settings import Settings, state_dir
from services.simulator import Submission, generate
from services.workbench.reader import Endpoints

#: Where the workbench (docs/workbench.md) is served when the port is free.
DASHBOARD_PORT = 8700
#: The demo's principals are the bundled ones; its feeder asks the registry every few ms.
DEMO_ACCESS = {"ZEREN_DEMO": "1", "ZEREN_RATE_PER_SECOND": "1000", "ZEREN_RATE_BURST": "2000"}
#: Days past the summarised years that campus life and the clock go on, so that the
#: last periods' graces pass with the next year's facts arriving as usual.
SETTLE_DAYS = 75


def new_namespace(base: Settings) -> Settings:
    """A fresh topic suffix and schema prefix for this demo run."""
    run = int(time.time())
    return base.namespaced(f".demo{run}", f"demo{run}_")


async def wait_http(url: str, timeout_s: float = 90) -> None:
    """Wait until ``url`` answers 200 (a service started)."""
    deadline = time.monotonic() + timeout_s
    async with service_client(None, timeout=5) as http:
        while True:
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer (服务未启动)")
            await asyncio.sleep(0.5)


async def _up_or_failed(url: str, services: asyncio.Task[None]) -> None:
    """Wait for ``url`` to answer, unless the services fail first (then raise their error)."""
    answered = asyncio.create_task(wait_http(url))
    await asyncio.wait({answered, services}, return_when=asyncio.FIRST_COMPLETED)
    if services.done():
        answered.cancel()
        services.result()
        raise RuntimeError("the services stopped before answering (服务未启动即停止)")
    answered.result()


def _report_lags(lags: list[Lag]) -> None:
    print(
        "  处理进度 progress: "
        + ", ".join(f"{x.service} 待处理 {x.behind} 待发布 {x.unpublished}" for x in lags),
        flush=True,
    )


async def _lags(pool: asyncpg.Pool, settings: Settings) -> list[Lag]:
    intake = [settings.topic(source_intake_topic(s)) for s in registered_sources()]
    inputs = {"registry": intake, "duties": [settings.topic(EVENTS_TOPIC)]}
    inputs["accountability"] = [settings.topic(DUTIES_TOPIC)]
    return [
        await lag(pool, settings.kafka, name, settings.schema(name), topics)
        for name, topics in inputs.items()
    ]


async def run_demo(
    settings: Settings, seed: int, start: date, years: int, scale: float, keep_running: bool
) -> dict[str, Any]:
    """Drive the whole demo; return the summary data."""
    began = time.monotonic()
    first_day = start - timedelta(days=1)
    os.environ.update(
        {"ZEREN_CLOCK": "driven", "ZEREN_CLOCK_START": first_day.isoformat(), **DEMO_ACCESS}
    )
    scheme = AccessConfig.from_env().scheme
    running = plan(state_dir() / "logs" / settings.topic_suffix.lstrip("."))
    ports = {svc.name: svc.port for svc in running}
    urls = Endpoints(**{n: f"{scheme}://127.0.0.1:{port}" for n, port in ports.items()})
    stop = asyncio.Event()
    stop_on_signals(stop)
    services = asyncio.create_task(supervise(settings, running, stop))
    try:
        await _up_or_failed(f"{urls.registry}/healthz", services)
        print(f"服务已启动 services up ({time.monotonic() - began:.0f}s)", flush=True)
        end = start.replace(year=start.year + years) + timedelta(days=SETTLE_DAYS - 1)
        pool = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=2)
        assert pool is not None
        try:
            history = generate(seed, start=start, years=years + 1, scale=scale)
            await _publish(settings, urls, pool, takewhile(lambda s: s.submit_on <= end, history))
            print(f"时钟推进至 clock advanced to {end}, waiting for the services…", flush=True)
            async with service_client(DEMO_TOKEN, timeout=120) as http:
                await http.post(f"{urls.registry}/v1/clock/advance", json={"to": end.isoformat()})
            await wait_settled(lambda: _lags(pool, settings), timeout_s=1800, report=_report_lags)
        finally:
            await pool.close()
        years_seen = list(range(start.year, start.year + years))
        data = await gather(urls, years_seen, DEMO_TOKEN)
        print(render(data, years_seen[-1]))
        stack.write_env(
            {
                "ZEREN_TOPIC_SUFFIX": settings.topic_suffix,
                "ZEREN_SCHEMA_PREFIX": settings.schema_prefix,
            }
        )
        print(f"\n用时 wall time: {time.monotonic() - began:.0f}s")
        _where_next(urls, running, years_seen[-1])
        if keep_running:
            board, address = _dashboard(urls, years_seen[-1])
            print(f"工作台 workbench: {address} (令牌 token zeren-demo:org-dept)", flush=True)
            print(
                "服务继续运行，按 Ctrl-C 退出 / services keep running; Ctrl-C to stop", flush=True
            )
            await asyncio.gather(services, run_parts(stop, board, [], []))
        return data
    finally:
        stop.set()
        await services


async def _publish(
    settings: Settings, urls: Endpoints, pool: asyncpg.Pool, history: Iterable[Submission]
) -> date:
    """Feed ``history``, the simulated department acting on proposals at each month's start."""
    producers = CampusProducers(settings)
    feeder = Feeder(urls.registry, producers)
    department = Department(
        feeder,
        urls.accountability,
        lambda: wait_settled(
            lambda: _lags(pool, settings), timeout_s=1800, report=_quiet, quiet_polls=1
        ),
    )
    began = time.monotonic()

    def report(day: date, sent: Counter[str]) -> None:
        total = sent["kafka"] + sent["http"]
        recorded = sum(department.recorded.values())
        print(
            f"  {day:%Y-%m} 已报送 submitted {total} (kafka {sent['kafka']}, "
            f"http {sent['http']}; 组织部问责记录 decisions etc. {recorded}) "
            f"{time.monotonic() - began:.0f}s",
            flush=True,
        )

    try:
        last = await feed(feeder, history, report, department)
        print(
            f"组织部、党委模拟 simulated department: {department.steps} 次 steps, "
            f"{department.busy_s:.0f}s; "
            + ", ".join(f"{kind} {n}" for kind, n in sorted(department.recorded.items())),
            flush=True,
        )
        return last
    finally:
        await feeder.close()
        await producers.stop()


def _quiet(lags: list[Lag]) -> None:
    """No progress lines for the monthly waits: the month's line says enough."""


def _dashboard(urls: Endpoints, year: int) -> tuple[QuietServer, str]:
    """The dashboard's server (on its usual port when free) and its address."""
    port = free_port() if port_answers(DASHBOARD_PORT) else DASHBOARD_PORT
    access = AccessConfig.from_env()
    config = uvicorn.Config(
        dashboard_app(urls),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **access.uvicorn_tls(),
    )
    return QuietServer(config), f"{access.scheme}://127.0.0.1:{port}/?year={year}"


def _where_next(urls: Endpoints, running: list[Supervised], year: int) -> None:
    print("\n下一步 where to look next (演示令牌 demo token: " + DEMO_TOKEN + "):")
    print(f"  curl -H 'Authorization: Bearer {DEMO_TOKEN}' {urls.duties}/v1/compliance?year={year}")
    print("  zeren alerts --from-beginning --limit 20   # 问责提示 readable alerts")
    print(f"  {urls.duties}/v1/compliance?year={year}       # 履行率 compliance")
    print(f"  {urls.duties}/v1/duties/overdue              # 逾期事项 overdue duties")
    print(f"  {urls.accountability}/v1/cases?status=open    # 未结案件 open cases")
    print(f"  {urls.accountability}/v1/award-eligibility/{year}")
    print(f"  {urls.registry}/v1/organizations          # 组织树 organization tree")
    print("  zeren audit verify                          # 审计复核 replay and compare")
    print("  zeren audit chain                           # 日志哈希链与签名检查点 the log's chain")
    print("  zeren dashboard                             # 工作台 workbench (docs/workbench.md)")
    print(f"  {state_dir() / 'notifier'}/*.jsonl  # 告警送达 alerts delivered (docs/notifier.md)")
    for svc in running:
        print(f"  log {svc.name}: {svc.log}")
