"""Composition root of the notifier (提醒送达服务): ``python -m services.notifier``.

Wires a FastStream batch subscriber of ``zeren.accountability.v2`` to the
shared pipeline (planned deliveries, consumed ids and offsets in one
transaction), the sender of pending deliveries, and the HTTP queries and
probes. It runs as the read-only principal (``zeren-audit``): it only reads
its input and needs no consumer group.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import uvicorn
from faststream.kafka.subscriber.usecase import BatchSubscriber
from prometheus_client import Gauge

from contracts.topics import ACCOUNTABILITY_TOPIC
from services.common.access.config import AccessConfig
from services.common.access.guard import Guard
from services.common.db import batch_pool
from services.common.kafka_admin import partition_counts
from services.common.lifecycle import QuietServer, run_parts, run_service
from services.common.observability import Probe, mount_probes, record_poll
from services.common.relay import DATABASE_LOST
from services.common.settings import Environment, Settings, service_settings, state_dir
from services.notifier.adapters.channels import Channels, Smtp
from services.notifier.adapters.http import http_app
from services.notifier.adapters.routes_file import DEFAULT_ROUTES, load_routes
from services.notifier.adapters.sender import Sender
from services.notifier.adapters.store import Deliveries, PlanningPipeline, PlanningProjection
from services.notifier.adapters.subscriber import (
    AlertIntake,
    broker_of,
    seek_to_stored,
    subscribe,
)
from services.notifier.domain.retry import RetryPolicy

MIGRATIONS = Path(__file__).parent / "sql"
DELIVERIES = Gauge(
    "zeren_notifier_deliveries", "Deliveries by channel and status", ["channel", "status"]
)
#: Seconds between two looks at the subscriber and the deliveries' counts.
WATCH_S = 2.0


async def run(
    env: Environment, settings: Settings, stop: asyncio.Event, access: AccessConfig
) -> None:
    """Run until ``stop`` is set, or a batch failed (the supervisor then restarts it)."""
    routes = load_routes(Path(env.notifier_routes) if env.notifier_routes else DEFAULT_ROUTES)
    topic = settings.topic(ACCOUNTABILITY_TOPIC)
    counts = await partition_counts(settings.kafka, [topic])
    if topic not in counts:
        raise RuntimeError(f"topic {topic} not found (主题不存在): start the services first")
    schema = settings.schema("notifier")
    guard = Guard.from_config(access, access.sources_file().current)
    pool = await batch_pool(settings.database_url, min_size=2, max_size=4)
    try:
        pipeline = PlanningPipeline(pool, schema, PlanningProjection(routes))
        await pipeline.prepare(MIGRATIONS)
        intake = AlertIntake(pipeline, await pipeline.stored_offsets())
        broker = broker_of(settings.kafka)
        subscriber = subscribe(broker, topic, counts[topic], intake)
        deliveries = Deliveries(pool, schema)
        smtp = Smtp(env.notifier_smtp_host, env.notifier_smtp_port, env.notifier_sender)
        policy = RetryPolicy(env.notifier_attempts, env.notifier_backoff_ms / 1000)
        async with httpx.AsyncClient() as http:
            sender = Sender(deliveries, routes, Channels(http, smtp, state_dir()), policy)
            app = http_app(deliveries, guard, {r.id: r.name_zh for r in routes.recipients})
            probe = Probe(pool, settings.kafka, schema, lambda: sender.running,
                          service="notifier", inputs=[topic])  # fmt: skip
            mount_probes(app, probe)
            server = QuietServer(
                uvicorn.Config(
                    app,
                    host="127.0.0.1",
                    port=env.notifier_port,
                    log_level="warning",
                    **access.uvicorn_tls(),
                )
            )
            await broker.start()
            try:
                seek_to_stored(subscriber, intake.stored)
                await run_parts(
                    stop,
                    server,
                    [_until_failed(intake, stop)],
                    [sender.run(), _watch(subscriber, deliveries)],
                )
            finally:
                await broker.stop()
    finally:
        await pool.close()


async def _until_failed(intake: AlertIntake, stop: asyncio.Event) -> None:
    """Ends when ``stop`` is set; raises when a batch failed (the process must restart)."""
    failed = asyncio.create_task(intake.failed.wait())
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait([failed, stopped], return_when=asyncio.FIRST_COMPLETED)
    failed.cancel()
    stopped.cancel()
    if intake.failed.is_set():
        raise RuntimeError("a batch of alerts could not be committed (一批提示未能入库)")


async def _watch(subscriber: BatchSubscriber, deliveries: Deliveries) -> None:
    """Keep ``/readyz``'s consume-loop check and the deliveries' gauge current.

    FastStream calls the handler only when records arrive; while its consumer
    runs, the loop counts as polling, and its lag per partition is read from it.
    """
    while True:
        consumer = subscriber.consumer
        if subscriber.running and consumer is not None:
            lags = {}
            for tp in consumer.assignment():
                highwater = consumer.highwater(tp)
                if highwater is not None:
                    lags[(tp.topic, tp.partition)] = max(0, highwater - await consumer.position(tp))
            record_poll(lags)
        try:
            for (channel, status), n in (await deliveries.counts()).items():
                DELIVERIES.labels(channel, status).set(n)
        except DATABASE_LOST:
            pass  # the last counts stay; /readyz tells the database is gone
        await asyncio.sleep(WATCH_S)


def main() -> None:
    env, settings = service_settings("notifier")
    access = AccessConfig.from_env()
    access.sources_or_exit("notifier")
    run_service(lambda stop: run(env, settings, stop, access))
