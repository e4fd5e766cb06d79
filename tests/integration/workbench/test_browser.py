"""The workbench in a real browser (Debian's chromium, headless, through Selenium) on the
real stack: the three services and the notifier on Kafka and PostgreSQL, a small university
whose branch misses its meetings. A member of the organization department logs in, opens the
branch, opens one of its cases, records the department's decision (通报、约谈) with the form,
and sees the resulting measure on the case page once the services have folded it; the alerts
reach the department's file, and a webhook nobody answers is shown failed (发送失败).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import yaml
from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from contracts.events import structure as s
from deploy.process import free_port
from services.common.access.sources_file import load_sources
from services.workbench.app import WorkbenchConfig, workbench_app
from services.workbench.reader import Endpoints
from tests.access import DEMO_HEADERS
from tests.integration.conftest import RunningServices, zeren_wait
from tests.integration.registry.conftest import body, event, payload

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        not (shutil.which("chromium") and shutil.which("chromedriver")),
        reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
    ),
]

#: The browser waits this long at most for the services to fold a recorded decision.
FOLD_WAIT_S = 60
#: ... and for the next page after a click (a loaded machine is slow).
STEP_WAIT_S = 20


#: The notifier's attempts at the webhook nobody answers, and the pause between them.
ATTEMPTS, BACKOFF_MS = 2, 100


@pytest.fixture
def unanswered_webhook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Routes every alert to the department's file and to a webhook nobody listens at."""
    hook = f"http://127.0.0.1:{free_port()}/hook"
    routes = {
        "version": 1,
        "recipients": [
            {"id": "org-department", "name_zh": "组织部",
             "via": {"channel": "file", "path": "notifier/org-department.jsonl"}},
            {"id": "oa", "name_zh": "组织部办公系统",
             "via": {"channel": "webhook", "url": hook, "secret": "browser-test-hook-secret"}},
        ],
        "routes": [{"to": ["org-department", "oa"]}],
    }  # fmt: skip
    path = tmp_path / "routes.yaml"
    path.write_text(yaml.safe_dump(routes, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ZEREN_NOTIFIER_ROUTES", str(path))
    monkeypatch.setenv("ZEREN_NOTIFIER_ATTEMPTS", str(ATTEMPTS))
    monkeypatch.setenv("ZEREN_NOTIFIER_BACKOFF_MS", str(BACKOFF_MS))


def small_university() -> list[Any]:
    """A committee, a general branch, two branches (one with a party group) and a secretary."""
    orgs = [
        ("pc", "中共测试大学委员会", "party_committee", None),
        ("gb-edu", "教育学院党总支", "general_branch", "pc"),
        ("br-edu-1", "教育学院教工第1党支部", "branch", "gb-edu"),
        ("br-edu-2", "教育学院学生第1党支部", "branch", "gb-edu"),
        ("pg-edu-1", "教工第1党支部第1党小组", "party_group", "br-edu-1"),
    ]
    facts = [
        payload(s.OrganizationEstablished, organization_id=org, name=name, kind=kind,
                parent_id=parent, established_on="2017-09-01")
        for org, name, kind, parent in orgs
    ]  # fmt: skip
    facts.append(
        payload(s.OfficeHolderAppointed, organization_id="br-edu-1", person_id="p-1",
                person_name="王丽", office="secretary", appointed_on="2017-09-01")
    )  # fmt: skip
    return [event(f, f"wb-setup-{n}") for n, f in enumerate(facts)]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread of its own (the browser blocks this one)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the workbench did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


@contextmanager
def chromium() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(STEP_WAIT_S)  # an element of the next page is waited for
    try:
        yield driver
    finally:
        driver.quit()


def text(driver: WebDriver, css: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, css).text)


def settled_text(driver: WebDriver, css: str) -> str:
    """:func:`text`, read again if the page reloaded itself meanwhile: the element went
    stale, or chromium says its node left the document between finding and reading it."""
    for _ in range(10):
        try:
            return text(driver, css)
        except (StaleElementReferenceException, NoSuchElementException):
            pass
        except WebDriverException as error:
            if "does not belong to the document" not in str(error):
                raise
        time.sleep(0.2)
    return text(driver, css)


def record_a_decision(base: str, case_id: str) -> tuple[str, str]:
    """The user's steps in the browser; the case's measure and decisions as finally shown."""
    with chromium() as browser:
        browser.get(f"{base}/units/br-edu-1?year=2018")
        assert "/login" in browser.current_url  # no session yet
        browser.find_element(By.ID, "token").send_keys("zeren-demo:org-dept")
        browser.find_element(By.ID, "login").click()
        WebDriverWait(browser, STEP_WAIT_S).until(lambda b: "/units/br-edu-1" in b.current_url)
        assert text(browser, "#unit-name") == "教育学院教工第1党支部"
        assert "书记 王丽" in text(browser, "main")
        assert "逾期未履行" in text(browser, "main")
        browser.find_element(By.CSS_SELECTOR, f'a[href="/cases/{case_id}"]').click()
        WebDriverWait(browser, STEP_WAIT_S).until(lambda b: b.current_url.endswith(case_id))
        assert "《实施细则》" in text(browser, "#chain")
        assert "王丽" in text(browser, "#case-facts")
        form = browser.find_element(By.ID, "form-decision")
        form.find_element(By.NAME, "decision_id").send_keys("zzb-2018-7")
        form.find_element(By.NAME, "meeting").send_keys("组织部2018年第6期党建工作通报")
        for measure in ("notice", "interview"):
            form.find_element(By.CSS_SELECTOR, f'input[name="measures"][value="{measure}"]').click()
        form.find_element(By.NAME, "reason").send_keys("连续未按期召开支委会，予以通报并约谈")
        form.find_element(By.ID, "decide").click()
        answered = WebDriverWait(browser, STEP_WAIT_S)
        answered.until(lambda b: "sent=" in b.current_url or "/record/" in b.current_url)
        assert "sent=" in browser.current_url, settled_text(browser, "main")  # not refused
        assert "已报送登记处（已受理）" in settled_text(browser, "#sent")
        # the page reloads itself until the services have noted the decision on the case
        deadline = time.monotonic() + FOLD_WAIT_S
        while "各服务已处理" not in settled_text(browser, "#sent"):
            assert time.monotonic() < deadline, settled_text(browser, "main")
            time.sleep(0.5)
        return text(browser, "#case-level"), text(browser, "#decisions")


def deliveries_shown(base: str) -> tuple[list[str], list[str]]:
    """The deliveries page's webhook rows and file rows once none of them is pending."""
    with chromium() as browser:
        browser.get(f"{base}/login")
        browser.find_element(By.ID, "token").send_keys("zeren-demo:org-dept")
        browser.find_element(By.ID, "login").click()
        WebDriverWait(browser, STEP_WAIT_S).until(lambda b: "/login" not in b.current_url)
        deadline = time.monotonic() + FOLD_WAIT_S
        while True:
            browser.get(f"{base}/deliveries")  # the latest 200: this test's alerts are fewer
            lines = text(browser, "#deliveries").splitlines()
            hooks = [line for line in lines if " 接口推送 组织部办公系统 " in line]
            files = [line for line in lines if " 文件 组织部 " in line]
            if hooks and files and not any("待发送" in line for line in hooks + files):
                return hooks, files
            assert time.monotonic() < deadline, lines
            time.sleep(1)


async def _ready(http: httpx.AsyncClient, url: str) -> None:
    """Once ``url``'s service is ready (within 90 s)."""
    async with asyncio.timeout(90):
        while True:
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(f"{url}/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)


async def test_a_decision_recorded_in_the_browser_shows_its_measure(
    unanswered_webhook: None, services: RunningServices
) -> None:
    urls, _, _, state = services
    async with httpx.AsyncClient(timeout=30, headers=DEMO_HEADERS) as http:
        for url in urls.values():
            await _ready(http, url)
        registry = urls["registry"]
        advanced = await http.post(f"{registry}/v1/clock/advance", json={"to": "2018-01-02"})
        assert advanced.status_code == 200, advanced.text
        answer = (await http.post(f"{registry}/v1/events", json=body(small_university()))).json()
        assert answer["accepted"] == len(small_university()), answer
        advanced = await http.post(f"{registry}/v1/clock/advance", json={"to": "2018-06-30"})
        assert advanced.status_code == 200, advanced.text
        await zeren_wait(state)
        cases = (
            await http.get(
                f"{urls['accountability']}/v1/cases",
                params={"unit": "br-edu-1", "year": 2018, "status": "open"},
            )
        ).json()
    assert cases, "the branch missed its meetings: it has open cases"
    case_id = cases[0]["case_id"]
    sources = load_sources()
    config = WorkbenchConfig(
        sources=lambda: sources, secret="browser-test", demo=True,
        reader_token="zeren-demo:auditor", now=lambda: datetime.now(UTC),
    )  # fmt: skip
    with serving(workbench_app(Endpoints(**urls), config)) as base:
        level, decisions = await asyncio.to_thread(record_a_decision, base, case_id)
        hooks, files = await asyncio.to_thread(deliveries_shown, base)
    assert level == "通报、约谈"
    assert "党委组织部" in decisions
    assert "王丽" in decisions
    assert "zzb-2018-7" in decisions
    assert "通报" in decisions
    assert "约谈" in decisions
    # Nobody listens at the webhook: each delivery tried ATTEMPTS times, then failed.
    assert all("发送失败" in row for row in hooks), hooks
    assert all(f" {ATTEMPTS} ConnectError" in row for row in hooks), hooks
    assert all("已送达" in row for row in files), files
    assert len(files) == len(hooks)  # each alert once to each recipient
    delivered = (state / "notifier" / "org-department.jsonl").read_text(encoding="utf-8")
    assert case_id in delivered  # the file sink got the case's alerts
