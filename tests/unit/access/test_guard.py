"""Roles on the routes of every HTTP interface: 401 without a valid token, 403 without
the role, 429 over the rate; security headers on HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from services.accountability.adapters.http import http_app
from services.accountability.domain.state import Ledger
from services.cli.dashboard import dashboard_app
from services.common.access.client import bearer, demo_token
from services.common.access.guard import guarded_app
from services.common.access.headers import SECURITY_HEADERS
from services.common.access.rate_limit import RateLimiter
from services.common.access.roles import Permission, Role, permitted
from services.common.access.sources import Source, Sources
from services.common.access.tokens import TokenHash
from services.common.sequencer import Sequencer
from services.duties.adapters.http import create_app as duties_app
from services.duties.domain.state import DutyState
from services.registry.adapters.http import create_app as registry_app
from services.registry.adapters.journal import Receipt
from services.registry.domain.organizations import Registry
from services.workbench.reader import Endpoints
from tests.access import demo_guard

CAMPUS = bearer(demo_token("urn:campus:finance"))
ORG_DEPT = bearer(demo_token("urn:campus:org-dept"))
AUDITOR = bearer(demo_token("urn:zeren:auditor"))
OPERATOR = bearer(demo_token("urn:zeren:operator"))
NOBODY = bearer("zeren-demo:nobody")


def test_what_each_role_may_do() -> None:
    assert permitted(frozenset({Role.CAMPUS})) == {Permission.SUBMIT, Permission.READ_OWN}
    assert Permission.READ_ALL in permitted(frozenset({Role.ORG_DEPARTMENT}))
    assert Permission.SUBMIT in permitted(frozenset({Role.ORG_DEPARTMENT}))
    assert Permission.READ_ALL in permitted(frozenset({Role.AUDITOR}))
    assert Permission.SUBMIT not in permitted(frozenset({Role.AUDITOR}))
    assert permitted(frozenset({Role.OPERATOR})) == {Permission.READ_OWN, Permission.DRIVE_CLOCK}


@dataclass
class FakeRegistry:
    """A registry port that records what it was asked."""

    registry: Registry = field(default_factory=Registry)
    today: date | None = date(2018, 4, 1)
    asked: list[tuple[str, str | None]] = field(default_factory=list)

    async def submit(self, documents: list[bytes], caller: str) -> list[Receipt]:
        self.asked.append(("submit", caller))
        return []

    async def advance_clock(self, to: date) -> int:
        self.asked.append(("advance", to.isoformat()))
        return 0

    async def receipts(self, event_id: str, source: str | None) -> list[Receipt]:
        self.asked.append(("receipts", source))
        return []

    async def rejections(self, limit: int, source: str | None) -> list[Receipt]:
        self.asked.append(("rejections", source))
        return []

    async def counts(self) -> dict[str, int]:
        return {"received": 0}

    async def checkpoints_of(self, month: str) -> list[dict[str, Any]]:
        return []


def _status(client: TestClient, method: str, url: str, headers: dict[str, str]) -> int:
    body: Any = {"to": "2018-04-02"} if url.endswith("advance") else []
    if method == "GET":
        return int(client.get(url, headers=headers).status_code)
    return int(client.post(url, json=body, headers=headers).status_code)


REGISTRY_ROUTES = [
    # method, url, who may, who may not
    ("POST", "/v1/events", [CAMPUS, ORG_DEPT], [AUDITOR, OPERATOR]),
    ("GET", "/v1/rejections", [CAMPUS, ORG_DEPT, AUDITOR, OPERATOR], []),
    ("GET", "/v1/submissions/summary", [ORG_DEPT, AUDITOR], [CAMPUS, OPERATOR]),
    ("GET", "/v1/organizations", [ORG_DEPT, AUDITOR], [CAMPUS, OPERATOR]),
    ("GET", "/v1/clock", [CAMPUS, ORG_DEPT, AUDITOR, OPERATOR], []),
    ("POST", "/v1/clock/advance", [OPERATOR], [CAMPUS, ORG_DEPT, AUDITOR]),
    ("GET", "/v1/chain/checkpoints?month=2018-04", [CAMPUS, ORG_DEPT, AUDITOR, OPERATOR], []),
]


@pytest.mark.parametrize(("method", "url", "allowed", "refused"), REGISTRY_ROUTES)
def test_registry_routes_by_role(
    method: str, url: str, allowed: list[dict[str, str]], refused: list[dict[str, str]]
) -> None:
    client = TestClient(registry_app(FakeRegistry(), demo_guard()))
    for headers in allowed:
        assert _status(client, method, url, headers) == 200, headers
    for headers in refused:
        assert _status(client, method, url, headers) == 403, headers
    for headers in ({}, NOBODY, {"Authorization": "Basic eDp5"}):
        assert _status(client, method, url, headers) == 401, headers


def test_names_and_member_status_only_to_readers_of_everything() -> None:
    client = TestClient(registry_app(FakeRegistry(), demo_guard()))
    for headers in (CAMPUS, OPERATOR):
        for url in ("/v1/members/m-1", "/v1/organizations/br-1"):
            answer = client.get(url, headers=headers)
            assert answer.status_code == 403
            assert answer.json()["detail"]["code"] == "auth.forbidden"
    for headers in (ORG_DEPT, AUDITOR):
        assert client.get("/v1/members/m-1", headers=headers).status_code == 404  # not 403


def test_a_campus_system_reads_only_its_own_submissions() -> None:
    port = FakeRegistry()
    client = TestClient(registry_app(port, demo_guard()))
    assert client.get("/v1/events/e-1", headers=CAMPUS).status_code == 404
    other = client.get("/v1/events/e-1", params={"source": "urn:campus:hr"}, headers=CAMPUS)
    assert other.status_code == 403
    assert "只能查询本系统" in other.json()["detail"]["message_zh"]
    assert client.get("/v1/rejections", headers=CAMPUS).status_code == 200
    client.get("/v1/rejections", params={"source": "urn:campus:hr"}, headers=AUDITOR)
    client.post("/v1/events", json=[], headers=CAMPUS)
    assert port.asked == [
        ("receipts", "urn:campus:finance"),
        ("rejections", "urn:campus:finance"),
        ("rejections", "urn:campus:hr"),
        ("submit", "urn:campus:finance"),
    ]


def test_refusals_are_coded_and_bilingual() -> None:
    client = TestClient(registry_app(FakeRegistry(), demo_guard()))
    missing = client.get("/v1/clock")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    detail = missing.json()["detail"]
    assert detail["code"] == "auth.unauthenticated"
    assert "valid bearer token" in detail["message_en"]
    assert "令牌" in detail["message_zh"]
    assert client.get("/healthz").status_code == 200  # health stays open
    assert client.get("/docs").status_code == 404  # no open documentation pages


def _at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def test_a_token_past_its_expiry_is_refused() -> None:
    ending = TokenHash.of("t", expires=datetime(2026, 6, 1, tzinfo=UTC))
    auditor = Source(
        source="urn:x:audit", name="审计", roles=frozenset({Role.AUDITOR}), tokens=(ending,)
    )
    sources = Sources(sources=(auditor,))
    for now, status in (
        (datetime(2026, 5, 31, 23, 59, tzinfo=UTC), 200),
        (datetime(2026, 6, 1, tzinfo=UTC), 401),
    ):
        guard = demo_guard(lambda: sources, now=_at(now))
        client = TestClient(http_app(lambda: Ledger(Sequencer(1)), guard))
        assert client.get("/v1/cases", headers=bearer("t")).status_code == status


def test_duties_and_accountability_queries_are_for_readers_of_everything() -> None:
    duties = TestClient(duties_app(lambda: DutyState(), demo_guard()))
    cases = TestClient(http_app(lambda: Ledger(Sequencer(1)), demo_guard()))
    for client, url in (
        (duties, "/v1/duties/open"),
        (duties, "/v1/compliance?year=2018"),
        (duties, "/v1/compliance/monthly/units?month=2018-04"),
        (duties, "/v1/units/br-1/duties?year=2018"),
        (cases, "/v1/cases"),
        (cases, "/v1/award-eligibility/2018"),
        (cases, "/v1/flags?member=true"),
        (cases, "/v1/unapplied?unit=br-1"),
    ):
        for headers in (ORG_DEPT, AUDITOR):
            assert client.get(url, headers=headers).status_code == 200, url
        for headers in (CAMPUS, OPERATOR):
            assert client.get(url, headers=headers).status_code == 403, url
        assert client.get(url).status_code == 401, url
    assert duties.get("/healthz").status_code == 200
    assert cases.get("/healthz").status_code == 200


def test_a_source_over_its_rate_waits() -> None:
    now = [100.0]
    limiter = RateLimiter(per_second=2, burst=3, clock=lambda: now[0])
    client = TestClient(registry_app(FakeRegistry(), demo_guard(limiter=limiter)))
    assert [client.get("/v1/clock", headers=CAMPUS).status_code for _ in range(3)] == [200] * 3
    limited = client.get("/v1/clock", headers=CAMPUS)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    assert limited.json()["detail"]["code"] == "auth.rate_limited"
    assert client.get("/v1/clock", headers=AUDITOR).status_code == 200  # another source
    now[0] += 0.5  # one request's worth
    assert client.get("/v1/clock", headers=CAMPUS).status_code == 200
    assert client.get("/v1/clock", headers=CAMPUS).status_code == 429


def test_the_bucket_refills_at_its_rate_up_to_its_burst() -> None:
    now = [0.0]
    limiter = RateLimiter(per_second=10, burst=2, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(2)] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(0.1)
    now[0] = 60.0
    assert [limiter.take("a") for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.take("a") > 0
    assert RateLimiter(per_second=0, burst=0).take("a") == 0.0  # no limit
    assert RateLimiter.retry_after(0.01) == "1"
    assert RateLimiter.retry_after(2.5) == "3"


def test_html_answers_carry_the_security_headers() -> None:
    app = guarded_app("test")

    @app.get("/page", response_class=HTMLResponse)
    def page() -> str:
        return "<p>页</p>"

    answer = TestClient(app).get("/page")
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    assert "http" not in SECURITY_HEADERS["Content-Security-Policy"]  # no external sources
    board = TestClient(dashboard_app(Endpoints("http://x", "http://y", "http://z")))
    login = board.get("/", follow_redirects=False)
    assert (login.status_code, login.headers["location"]) == (303, "/login?next=%2F")
    form = board.get("/login")
    for name, value in SECURITY_HEADERS.items():
        assert form.headers[name] == value
