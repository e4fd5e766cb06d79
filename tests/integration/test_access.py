"""Tokens and roles on the real services, outside demo mode and over HTTPS.

A principals file of four principals (a campus system, the organization
department, an auditor, an operator) is made with the same functions as
``zeren sources``; the registry runs in this process, the duties and
accountability services as child processes, all with the local CA's
certificate. Each route answers 401 without a valid token, 403 to a role
without the permission and 200 to one with it; a token revoked in the file
stops working without a restart.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest

from contracts.events import structure as s
from deploy.process import free_port
from deploy.tls import ensure_local_tls
from services.common.access import admin
from services.common.access.client import bearer, trust
from services.common.access.config import AccessConfig
from services.common.access.roles import Role
from services.common.access.sources import Sources
from services.common.access.sources_file import load_sources, save_sources
from services.common.access.tokens import TokenHash
from services.common.kafka_admin import ensure_zeren_topics
from services.common.migrations import drop_schema
from services.common.settings import Settings
from services.registry.app import run
from tests.conftest import Infra
from tests.integration.registry.conftest import body, driven, event, payload

ROOT = Path(__file__).resolve().parents[2]
DEMO_LOOKING = "zeren-demo:audit"
ORG_DEPT_TYPES = frozenset({"OrganizationEstablished", "OfficeHolderAppointed"})


@dataclass
class Principals:
    """The file and one token of each role."""

    path: Path
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return bearer(self.tokens[who])


def make_principals(path: Path) -> Principals:
    now, sources, tokens = datetime.now(UTC), Sources(sources=()), {}
    for who, source, roles, types in (
        ("campus", "urn:campus:finance", {Role.CAMPUS}, frozenset({"DuesPaid"})),
        ("org_dept", "urn:campus:org-dept", {Role.ORG_DEPARTMENT}, ORG_DEPT_TYPES),
        ("auditor", "urn:zeren:auditor", {Role.AUDITOR}, frozenset()),
        ("operator", "urn:zeren:operator", {Role.OPERATOR}, frozenset()),
    ):
        sources, tokens[who] = admin.add(
            sources, source, who, frozenset(roles), types, now, timedelta(days=1)
        )
    # a demo-looking token slipped into a production file: never accepted there
    auditor = sources.named("urn:zeren:auditor")
    assert auditor is not None
    slipped = TokenHash.of(DEMO_LOOKING, id="slipped")
    sources = admin.replaced(
        sources, auditor.model_copy(update={"tokens": (*auditor.tokens, slipped)})
    )
    save_sources(path, sources)
    return Principals(path, tokens)


@pytest.fixture
def principals(tmp_path: Path) -> Principals:
    return make_principals(tmp_path / "sources.yaml")


@pytest.fixture
def access(tmp_path: Path, principals: Principals) -> AccessConfig:
    """Production mode: the file above, the local CA's certificate."""
    tls = ensure_local_tls(tmp_path / "tls")
    return AccessConfig(
        demo=False,
        sources=principals.path,
        tls_cert=Path(tls["ZEREN_TLS_CERT"]),
        tls_key=Path(tls["ZEREN_TLS_KEY"]),
        tls_ca=Path(tls["ZEREN_TLS_CA"]),
    )


@pytest.fixture
async def settings(infra: Infra, db: asyncpg.Pool) -> AsyncIterator[Settings]:
    tag = uuid.uuid4().hex[:10]
    fresh = infra.settings(f".a{tag}", f"a{tag}_")
    await ensure_zeren_topics(fresh, [s.source for s in load_sources().sources])
    yield fresh
    async with db.acquire() as conn:
        for service in ("registry", "duties", "accountability"):
            await drop_schema(conn, fresh.schema(service))


async def wait_answers(http: httpx.AsyncClient, url: str, task: asyncio.Task[None] | None) -> None:
    async with asyncio.timeout(90):
        while True:
            if task is not None and task.done():
                task.result()
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


async def statuses(
    http: httpx.AsyncClient, principals: Principals, method: str, url: str, json: object = None
) -> dict[str, int]:
    """The status of the request for nobody, a bad token and each role."""
    found = {}
    for who in ("nobody", "bad", "campus", "org_dept", "auditor", "operator"):
        headers = {} if who == "nobody" else bearer("zrn_bad") if who == "bad" else None
        headers = headers if headers is not None else principals.headers(who)
        answer = await http.request(method, url, headers=headers, json=json)
        found[who] = answer.status_code
    return found


def expect(allowed: set[str], answer: int = 200) -> dict[str, int]:
    roles = ("campus", "org_dept", "auditor", "operator")
    return {"nobody": 401, "bad": 401} | {r: answer if r in allowed else 403 for r in roles}


@pytest.mark.timeout(180)
async def test_the_registry_over_https_checks_every_route(
    settings: Settings, access: AccessConfig, principals: Principals
) -> None:
    config = driven()
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, config, stop, access))
    url = f"https://127.0.0.1:{config.port}"
    try:
        async with httpx.AsyncClient(base_url=url, verify=trust(access)) as http:
            await wait_answers(http, "/healthz", task)
            await _check_registry(http, principals)
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            async with httpx.AsyncClient(verify=ssl.create_default_context()) as untrusting:
                await untrusting.get(f"{url}/healthz")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def _check_registry(http: httpx.AsyncClient, principals: Principals) -> None:
    advance = {"to": "2018-04-01"}
    assert await statuses(http, principals, "POST", "/v1/clock/advance", advance) == expect(
        {"operator"}
    )
    established = payload(s.OrganizationEstablished, organization_id="pc", name="党委",
                          kind="party_committee", established_on="2017-09-01")  # fmt: skip
    fact = body([event(established, "a-1", source="urn:campus:org-dept")])
    posted = await http.post("/v1/events", json=fact, headers=principals.headers("org_dept"))
    assert posted.json()["accepted"] == 1, posted.text
    demo = await http.get("/v1/clock", headers=bearer(DEMO_LOOKING))
    assert demo.status_code == 401  # demo tokens are refused outside demo mode
    assert demo.json()["detail"]["code"] == "auth.unauthenticated"

    readers = {"org_dept", "auditor"}
    assert await statuses(http, principals, "GET", "/v1/organizations") == expect(readers)
    assert await statuses(http, principals, "GET", "/v1/organizations/pc") == expect(readers)
    assert await statuses(http, principals, "GET", "/v1/members/m-1") == expect(readers, 404)
    assert await statuses(http, principals, "GET", "/v1/submissions/summary") == expect(readers)
    everyone = {"campus", "org_dept", "auditor", "operator"}
    assert await statuses(http, principals, "GET", "/v1/clock") == expect(everyone)
    assert await statuses(http, principals, "GET", "/v1/rejections") == expect(everyone)
    assert await statuses(http, principals, "POST", "/v1/events", []) == expect(
        {"campus", "org_dept"}
    )
    theirs = "/v1/events/a-1?source=urn:campus:org-dept"
    assert await statuses(http, principals, "GET", theirs) == expect(readers)
    own = await http.get("/v1/events/a-1", headers=principals.headers("campus"))
    assert own.status_code == 404  # its own submissions only: it sent none

    revoked = admin.revoke(load_sources(principals.path, demo=False), "urn:zeren:auditor", None)
    save_sources(principals.path, revoked)
    assert await status_within(http, "/v1/clock", principals.headers("auditor"), 401)


async def status_within(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], wanted: int, seconds: int = 10
) -> bool:
    """Whether ``url`` answers ``wanted`` within ``seconds`` (the file is re-read each second)."""
    for _ in range(seconds * 5):
        if (await http.get(url, headers=headers)).status_code == wanted:
            return True
        await asyncio.sleep(0.2)
    return False


@contextmanager
def fold_service(
    name: str, settings: Settings, access: AccessConfig, port: int
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        **settings.as_env(),
        **access.as_env(),
        f"ZEREN_{name.upper()}_PORT": str(port),
    }
    process = subprocess.Popen([sys.executable, "-m", f"services.{name}"], cwd=ROOT, env=env)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(30)


@pytest.mark.timeout(180)
async def test_duties_and_accountability_answer_only_readers_of_everything(
    settings: Settings, access: AccessConfig, principals: Principals
) -> None:
    duties, accountability = free_port(), free_port()
    readers = {"org_dept", "auditor"}
    with (
        fold_service("duties", settings, access, duties),
        fold_service("accountability", settings, access, accountability),
    ):
        async with httpx.AsyncClient(verify=trust(access)) as http:
            for port in (duties, accountability):
                await wait_answers(http, f"https://127.0.0.1:{port}/healthz", None)
            for port, route in (
                (duties, "/v1/units/br-1/duties?year=2018"),
                (duties, "/v1/duties/open"),
                (duties, "/v1/duties/overdue"),
                (duties, "/v1/compliance?year=2018"),
                (accountability, "/v1/cases"),
                (accountability, "/v1/award-eligibility/2018"),
            ):
                url = f"https://127.0.0.1:{port}{route}"
                assert await statuses(http, principals, "GET", url) == expect(readers), url
            missing_case = f"https://127.0.0.1:{accountability}/v1/cases/c-1"
            assert await statuses(http, principals, "GET", missing_case) == expect(readers, 404)
