"""The notifier on a real broker and database: each alert reaches a local webhook receiver and
a local SMTP server exactly once per recipient across a kill -9 (counted by idempotency key
and Message-ID), and a webhook answering 500 is retried, then marked failed at
``GET /v1/deliveries`` (issue 23, parts 2-3). A flag (情况提示) and its withdrawal reach
the organization department's file under the packaged routes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from aiokafka import AIOKafkaProducer

from contracts.bindings import encode_binary
from contracts.envelope import Envelope, examples
from contracts.events.accountability import (
    AccountabilityAction,
    AccountabilityProposed,
    SituationFlag,
)
from contracts.topics import ACCOUNTABILITY_TOPIC
from deploy.process import free_port
from services.common.access.client import DEMO_TOKEN, bearer
from services.common.kafka_admin import ensure_zeren_topics
from services.common.settings import Settings
from services.notifier.adapters.sender import PARALLEL
from services.notifier.domain.messages import idempotency_key, message_id
from tests.conftest import Infra
from tests.integration.notifier.receivers import smtp_server, webhooks

pytestmark = pytest.mark.timeout(240)

SECRET = "test-webhook-secret-0123456789"
ATTEMPTS = 3
#: Alerts published: three rounds of the eleven accountability event types.
ROUNDS = 3


def _alerts(tag: str) -> list[Envelope]:
    kinds = [e for e in examples() if isinstance(e.data, AccountabilityAction)]
    return [
        e.model_copy(update={"id": f"alert-{tag}-{i}-{e.type}"})
        for i in range(ROUNDS)
        for e in kinds
    ]


async def _publish(settings: Settings, alerts: list[Envelope]) -> None:
    producer = AIOKafkaProducer(**settings.kafka.options(), acks="all")
    await producer.start()
    try:
        for envelope in alerts:
            key, value, headers = encode_binary(envelope)
            await producer.send_and_wait(
                settings.topic(ACCOUNTABILITY_TOPIC), value, key=key, headers=headers
            )
    finally:
        await producer.stop()


def _routes(path: Path, ok_url: str, fail_url: str) -> Path:
    routes = {
        "version": 1,
        "recipients": [
            {"id": "hook", "name_zh": "组织部办公系统",
             "via": {"channel": "webhook", "url": ok_url, "secret_env": "ZEREN_TEST_HOOK_SECRET"}},
            {"id": "mail", "name_zh": "组织部邮箱",
             "via": {"channel": "email", "address": "zzb@example.edu.cn"}},
            {"id": "broken", "name_zh": "失效的系统",
             "via": {"channel": "webhook", "url": fail_url, "secret": SECRET}},
        ],
        "routes": [{"to": ["hook", "mail"]}, {"kinds": ["proposal"], "to": ["broken"]}],
    }  # fmt: skip
    path.write_text(yaml.safe_dump(routes, allow_unicode=True), encoding="utf-8")
    return path


class Notifier:
    """``python -m services.notifier`` as a child process that a test may kill -9."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as sink:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "services.notifier", env=self.env, stdout=sink, stderr=sink
            )

    def running(self) -> None:
        """Fail now, showing the log, when the process has ended."""
        assert self.process is not None
        if self.process.returncode is not None:
            log = self.log.read_text(errors="replace")[-3000:]
            raise AssertionError(f"the notifier exited with {self.process.returncode}: {log}")

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), 30)


async def _deliveries(url: str, **query: Any) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(headers=bearer(DEMO_TOKEN)) as http:
        answer = await http.get(f"{url}/v1/deliveries", params={"limit": 1000, **query})
    answer.raise_for_status()
    rows: list[dict[str, Any]] = answer.json()["deliveries"]
    return rows


async def _settled(
    notifier: Notifier, url: str, expected: int, timeout_s: float = 90
) -> list[dict[str, Any]]:
    """The deliveries once ``expected`` rows exist and none is pending."""
    async with asyncio.timeout(timeout_s):
        while True:
            notifier.running()
            try:
                rows = await _deliveries(url)
            except httpx.HTTPError:
                rows = []
            if len(rows) == expected and all(r["status"] != "pending" for r in rows):
                return rows
            await asyncio.sleep(0.3)


async def _metrics_once(url: str, showing: str) -> str:
    """``/metrics`` once it shows ``showing`` (its gauges are refreshed every 2 s)."""
    async with asyncio.timeout(15), httpx.AsyncClient() as http:
        while True:
            metrics = (await http.get(f"{url}/metrics")).text
            if showing in metrics:
                return metrics
            await asyncio.sleep(0.5)


async def test_each_alert_arrives_once_per_recipient_across_a_kill(
    infra: Infra, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:10]
    settings = infra.settings(f".t{tag}", f"t{tag}_")
    await ensure_zeren_topics(settings)
    alerts = _alerts(tag)
    proposals = [a.id for a in alerts if isinstance(a.data, AccountabilityProposed)]
    assert proposals
    await _publish(settings, alerts)

    async with webhooks(SECRET) as hooks:
        with smtp_server() as (mailbox, smtp_port):
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            env = {
                **os.environ,
                **settings.as_auditor().as_env(),
                "ZEREN_STATE_DIR": str(tmp_path),
                "ZEREN_NOTIFIER_PORT": str(port),
                "ZEREN_NOTIFIER_ROUTES": str(
                    _routes(tmp_path / "routes.yaml", hooks.url("ok"), hooks.url("fail"))
                ),
                "ZEREN_NOTIFIER_SMTP_PORT": str(smtp_port),
                "ZEREN_NOTIFIER_ATTEMPTS": str(ATTEMPTS),
                "ZEREN_NOTIFIER_BACKOFF_MS": "200",
                "ZEREN_TEST_HOOK_SECRET": SECRET,
            }
            notifier = Notifier(env, tmp_path / "notifier.log")
            await notifier.start()
            try:
                # Killed mid-delivery: some alerts reached the webhook, not all.
                async with asyncio.timeout(60):
                    while len(hooks.posts["ok"]) < 6:
                        notifier.running()
                        await asyncio.sleep(0.02)
                await notifier.kill()
                at_kill = len({p.key for p in hooks.posts["ok"]})
                assert at_kill < len(alerts), "the kill came after every delivery"
                await notifier.start()
                rows = await _settled(notifier, url, 2 * len(alerts) + len(proposals))
                metrics = await _metrics_once(url, f'status="failed"}} {len(proposals)}.0')
            finally:
                await notifier.stop()

    expected_hook = {idempotency_key(a.id, "hook") for a in alerts}
    posted = Counter(p.key for p in hooks.posts["ok"])
    assert set(posted) == expected_hook
    assert all(p.signed for p in hooks.posts["ok"])
    # A repeat is only the one sent before the kill and marked after it: the receiver drops it.
    assert sum(posted.values()) - len(posted) <= PARALLEL, posted.most_common(3)

    mailed = Counter(mid for mid, _ in mailbox.mails)
    assert set(mailed) == {message_id(a.id, "mail") for a in alerts}
    assert sum(mailed.values()) - len(mailed) <= PARALLEL
    subjects = {str(mail["Subject"]) for _, mail in mailbox.mails}
    assert any(s.startswith("【问责建议】") for s in subjects)
    assert any(s.startswith("【办结】") for s in subjects)

    failing = Counter(p.key for p in hooks.posts["fail"])
    assert set(failing) == {idempotency_key(p, "broken") for p in proposals}
    # Every attempt reached the broken receiver; one in flight at the kill may be repeated.
    assert all(ATTEMPTS <= n <= ATTEMPTS + 1 for n in failing.values()), failing

    by_recipient = Counter((r["recipient"], r["status"]) for r in rows)
    assert by_recipient == {
        ("hook", "delivered"): len(alerts),
        ("mail", "delivered"): len(alerts),
        ("broken", "failed"): len(proposals),
    }
    failed = [r for r in rows if r["status"] == "failed"]
    assert {r["recipient_name"] for r in failed} == {"失效的系统"}
    assert all(r["attempts"] == ATTEMPTS and "HTTP 500" in r["last_error"] for r in failed)
    assert set(rows[0]) == {
        *("event_id", "case_id", "unit_id", "rung", "kind", "channel", "recipient"),
        "recipient_name",
        *("status", "attempts", "last_error", "updated_at"),
    }
    assert (
        f'zeren_notifier_deliveries{{channel="email",status="delivered"}} {len(alerts)}.0'
        in metrics
    )


async def test_deliveries_filters_and_a_bad_filter(infra: Infra, tmp_path: Path) -> None:
    """Filters by status, case and unit; a bad status is a 400 in Chinese and English.
    By hand: the packaged routes send every alert to the organization department's file,
    so a flag (SituationFlagNoted) and its withdrawal (SituationFlagWithdrawn), published
    with four actions, are delivered there too, each once, labelled 【情况提示】 and
    【情况提示撤回】, with no case and no rung."""
    tag = uuid.uuid4().hex[:10]
    settings = infra.settings(f".t{tag}", f"t{tag}_")
    await ensure_zeren_topics(settings)
    flags = [
        e.model_copy(update={"id": f"flag-{tag}-{e.type}"})
        for e in examples()
        if isinstance(e.data, SituationFlag)
    ]
    assert len(flags) == 2
    alerts = _alerts(tag)[:4] + flags
    await _publish(settings, alerts)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **settings.as_auditor().as_env(),
        "ZEREN_STATE_DIR": str(tmp_path),
        "ZEREN_NOTIFIER_PORT": str(port),
    }
    notifier = Notifier(env, tmp_path / "notifier.log")
    await notifier.start()
    try:
        rows = await _settled(
            notifier, url, len(alerts)
        )  # the default routes: the organization dept.
        assert {r["channel"] for r in rows} == {"file"}
        told = {r["event_id"]: r for r in rows if r["kind"].startswith("flag")}
        assert {(e, r["kind"], r["case_id"], r["rung"]) for e, r in told.items()} == {
            (flags[0].id, "flag", None, None),
            (flags[1].id, "flag_withdrawal", None, None),
        }
        assert await _deliveries(url, status="pending") == []
        first = alerts[0].data
        assert isinstance(first, AccountabilityAction)
        assert len(await _deliveries(url, case=first.case_id, limit=2)) == 2
        assert await _deliveries(url, unit="no-such-unit") == []
        async with httpx.AsyncClient(headers=bearer(DEMO_TOKEN)) as http:
            bad = await http.get(f"{url}/v1/deliveries", params={"status": "lost"})
    finally:
        await notifier.stop()
    assert bad.status_code == 400
    detail = bad.json()["detail"]
    assert detail["code"] == "deliveries.bad_filter"
    assert "查询参数无效" in detail["message_zh"]
    lines = (tmp_path / "notifier" / "org-department.jsonl").read_text(encoding="utf-8")
    written = [json.loads(line) for line in lines.splitlines()]
    keys = [line["idempotency_key"] for line in written]
    assert sorted(keys) == sorted(idempotency_key(a.id, "org-department") for a in alerts)
    subjects = {line["idempotency_key"]: line["subject_zh"] for line in written}
    assert subjects[idempotency_key(flags[0].id, "org-department")].startswith("【情况提示】")
    assert subjects[idempotency_key(flags[1].id, "org-department")].startswith("【情况提示撤回】")
