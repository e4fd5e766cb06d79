"""A small fake of the services' query endpoints (and the registry's POST, the notifier's
deliveries) for the workbench's unit tests: canned answers, recorded requests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse

from contracts.chain import Head, merkle_root, statement
from services.common.access.sources_file import load_sources
from services.workbench.app import WorkbenchConfig, workbench_app
from services.workbench.reader import Endpoints

ENDPOINTS = Endpoints("http://registry", "http://duties", "http://accountability")
WITH_NOTIFIER = Endpoints(
    "http://registry", "http://duties", "http://accountability", "http://notifier"
)

#: A notifier that does not answer (its host refuses connections).
SILENT_NOTIFIER = Endpoints(
    "http://registry", "http://duties", "http://accountability", "http://notifier-down"
)


class Transport(httpx.AsyncBaseTransport):
    """The fake, in process; the host ``notifier-down`` refuses the connection."""

    def __init__(self, app: FastAPI) -> None:
        self.asgi = httpx.ASGITransport(app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "notifier-down":
            raise httpx.ConnectError("connection refused", request=request)
        return await self.asgi.handle_async_request(request)


TREE: list[dict[str, Any]] = [
    {"organization_id": "ext-city", "name": "中共上海市教育卫生工作委员会",
     "kind": "higher_committee", "dissolved_on": None, "children": []},
    {"organization_id": "pc", "name": "中共示范大学委员会", "kind": "party_committee",
     "dissolved_on": None, "children": [
        {"organization_id": "gb-1", "name": "教育学院党总支", "kind": "general_branch",
         "dissolved_on": None, "children": [
            {"organization_id": "br-1", "name": "教育学院教工第1党支部", "kind": "branch",
             "dissolved_on": None, "children": [
                {"organization_id": "br-1-g1", "name": "教工第1党支部第1党小组",
                 "kind": "party_group", "dissolved_on": None, "children": []}]},
            {"organization_id": "br-2", "name": "教育学院学生第1党支部", "kind": "branch",
             "dissolved_on": None, "children": []},
            {"organization_id": "br-edu-faculty-1", "name": "教育学院教工第3党支部",
             "kind": "branch", "dissolved_on": None, "children": [
                {"organization_id": "br-edu-faculty-1-g1", "name": "教工第3党支部第1党小组",
                 "kind": "party_group", "dissolved_on": None, "children": []}]}]},
        {"organization_id": "br-9", "name": "机关第1党支部", "kind": "branch",
         "dissolved_on": None, "children": []}]},
]  # fmt: skip
NAMES = {"p-1": "张三", "p-2": "李四", "m-1": "王五"}
TALLY = {"fulfilled": 8, "fulfilled_late": 1, "overdue": 1, "open": 2, "waived": 0, "rate": 0.8}
DUTY = "branch.committee_meeting.monthly"


def case(case_id: str, org: str, year: int, **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case_id, "organization_id": org, "home_partition": 0,
        "subject_zh": f"{org}支委会未按期召开问题", "opened_on": f"{year}-04-16", "year": year,
        "duty_id": DUTY, "period": f"{year}-03", "due_on": f"{year}-04-15",
        "finding_id": None, "inspection_id": None, "office": None,
        "subject_organization_id": org, "person_ids": ["p-1"], "status": "open",
        "level": "criticism", "proposed": ["notice_interview"], "grounds": ["prominent"],
        "missed_deadline": False, "serious": False, "decisions": [], "deadline_level": "criticism",
        "rectify_by": f"{year}-05-16", "outstanding": [], "evidence_event_ids": ["ev-1"],
        "history": [
            {"on": f"{year}-04-16", "event_id": "ev-1", "what": f"DutyOverdue：{year}年3月"}
        ],
    } | fields  # fmt: skip


def flag(event_id: str, org: str, on: str, **fields: Any) -> dict[str, Any]:
    """A flag (情况提示) as the accountability service answers it."""
    return {
        "event_id": event_id, "flagged_on": on, "organization_id": org, "member_id": None,
        "duty_id": "member.art9.six_months_without_dues", "situation": "lost_contact",
        "since": None, "due_on": on, "clause": "党章 第九条", "decides": org,
        "person_ids": [], "detail_zh": None,
    } | fields  # fmt: skip


@dataclass
class Fake:
    """The canned state and what the workbench asked for."""

    cases: list[dict[str, Any]] = field(default_factory=lambda: [
        case("case-1", "br-1", 2018),
        case("case-2", "br-2", 2018, status="resolved", level="reminder", proposed=[],
             history=[{"on": "2018-05-02", "event_id": "ev-2", "what": "已履行，办结"}]),
        case("case-3", "br-9", 2019, level="notice_interview", proposed=["notice_interview"],
             decisions=[{"decision_id": "zzb-1", "decided_by": "organization_department",
                         "decided_on": "2019-05-01", "meeting": "组织部通报", "event_id": "ev-d",
                         "measures": ["notice", "interview"], "person_ids": ["p-2"],
                         "reviewed": None}]),
    ])  # fmt: skip
    #: What the registry answers a POST: accepted, or a rejection with this issue.
    rejection: dict[str, Any] | None = None
    posted: list[dict[str, Any]] = field(default_factory=list)
    asked: list[tuple[str, str, str]] = field(default_factory=list)  # (path, query, token)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=lambda: [
        flag("f-dues", "br-1", "2018-06-01", member_id="m-1", person_ids=["p-1"],
             situation="dues_unpaid_six_months", since="2017-12-01"),
        flag("f-term", "br-9", "2018-05-10", decides="pc", person_ids=["p-2"],
             situation="term_out_of_range", detail_zh="任期不符合党章第三十条"),
        flag("f-old", "br-1", "2017-05-01", member_id="m-1", situation="lost_contact"),
    ])  # fmt: skip
    unapplied: list[dict[str, Any]] = field(default_factory=lambda: [
        {"event_id": "dw-slip", "event_type": "AccountabilityDecided", "organization_id": "br-1",
         "case_id": "case-00000000-0000-5000-8000-000000000000", "recorded_on": "2018-09-03",
         "reason_zh": "决定所列案件（case-00000000-0000-5000-8000-000000000000）未见于"
                      "教育学院教工第1党支部（br-1）的问责案件，未予执行"},
        {"event_id": "acc-early", "event_type": "RectificationAccepted", "organization_id": "br-1",
         "case_id": None, "finding_id": "insp-404", "recorded_on": "2018-09-05",
         "reason_zh": "整改验收所列问题（insp-404）未见于教育学院教工第1党支部（br-1）已登记的"
                      "督导检查、自查问题，暂未执行；该问题登记后即予执行"},
        {"event_id": "rv-early", "event_type": "DecisionReviewed", "organization_id": "br-1",
         "case_id": "case-br-1-q2", "finding_id": None, "recorded_on": "2018-11-20",
         "reason_zh": "复查所列决定（dw-77）未见记录，暂未执行；所复查的决定登记后即予执行",
         "review": {"organization_id": "br-1", "case_id": "case-br-1-q2", "decision_id": "dw-77",
                    "outcome": "revoked", "reviewed_on": "2018-11-20", "measures": [],
                    "person_ids": None, "reason": "复查"}},
    ])  # fmt: skip
    #: The clock answers something that is not JSON.
    garbled: bool = False
    #: The registry's daily checkpoints (see :func:`signed_checkpoint`) and its published
    #: key (hex; None: the log is not chained, the key answers 404).
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    public_key: str | None = None

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def record(request: Request, call_next: Any) -> Any:
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            self.asked.append((request.url.path, request.url.query, token))
            return await call_next(request)

        @app.get("/v1/clock", response_model=None)
        def clock() -> dict[str, Any] | PlainTextResponse:
            return PlainTextResponse("<html>") if self.garbled else {"today": "2018-06-30"}

        @app.get("/v1/organizations")
        def organizations() -> list[dict[str, Any]]:
            return TREE

        @app.get("/v1/organizations/{org}")
        def organization(org: str) -> dict[str, Any]:
            return {"organization_id": org, "name": "教育学院教工第1党支部", "kind": "branch",
                    "kind_zh": "党支部", "parent_id": "gb-1", "children": [],
                    "office_holders": [{"office_zh": "书记", "person_name": "张三"}]}  # fmt: skip

        @app.get("/v1/names")
        def names(request: Request) -> dict[str, str]:
            return {i: NAMES[i] for i in request.query_params.getlist("id") if i in NAMES}

        @app.get("/v1/compliance")
        def compliance(year: int) -> dict[str, Any]:
            return {"year": year, "by_duty": {}, "by_unit": {"br-1": TALLY, "pc": TALLY},
                    "members_by_unit": {"br-1": {**TALLY, "overdue": 3}},
                    "unit_duties": TALLY, "member_duties": TALLY}  # fmt: skip

        @app.get("/v1/compliance/monthly")
        def monthly(year: int) -> dict[str, Any]:
            return {f"{year}-03": {**TALLY, "rate": 0.5}, f"{year}-04": TALLY}

        @app.get("/v1/compliance/monthly/units")
        def month_units(month: str) -> dict[str, Any]:
            late = {**TALLY, "fulfilled": 1, "overdue": 1, "fulfilled_late": 0, "rate": 0.5}
            return {"br-1": TALLY, "br-2": late, "br-9": TALLY, "pc": {**TALLY, "rate": 0.8}}

        @app.get("/v1/chain/public-key")
        def public_key() -> dict[str, str]:
            if self.public_key is None:
                raise HTTPException(404)
            return {"algorithm": "Ed25519", "public_key": self.public_key}

        @app.get("/v1/chain/checkpoints")
        def checkpoints(month: str) -> dict[str, Any]:
            found = [c for c in self.checkpoints if c["date"].startswith(month)]
            return {"month": month, "checkpoints": found}

        @app.get("/v1/units/{org}/duties")
        def duties(org: str, year: int) -> list[dict[str, Any]]:
            return [
                {"organization_id": org, "duty_id": DUTY, "period": f"{year}-03",
                 "period_start": f"{year}-03-01", "period_end": f"{year}-03-31",
                 "due_on": f"{year}-04-15", "status": "overdue", "catalog_version": "v1",
                 "person_id": None, "member_id": None, "evidence_event_ids": [],
                 "fulfilled_on": None, "reason": None},
                {"organization_id": org, "duty_id": DUTY, "period": f"{year}-02",
                 "period_start": f"{year}-02-01", "period_end": f"{year}-02-28",
                 "due_on": f"{year}-03-15", "status": "fulfilled", "catalog_version": "v1",
                 "person_id": None, "member_id": None, "evidence_event_ids": ["meet-feb"],
                 "fulfilled_on": f"{year}-02-20", "reason": None},
                *(
                    {"organization_id": org, "duty_id": "member.dues.monthly",
                     "period": f"{year}-02", "period_start": f"{year}-02-01",
                     "period_end": f"{year}-02-28", "due_on": f"{year}-03-10", "status": status,
                     "catalog_version": "v1", "person_id": None, "member_id": member,
                     "evidence_event_ids": [], "fulfilled_on": None, "reason": None}
                    for member, status in [("m-1", "overdue"), ("m-2", "fulfilled"),
                                           ("m-3", "fulfilled")]
                ),
            ]  # fmt: skip

        @app.get("/v1/duties/overdue")
        def overdue() -> list[dict[str, Any]]:
            return [
                duties("br-1", 2018)[0],
                {**duties("br-2", 2018)[0], "duty_id": "member.dues.monthly",
                 "member_id": "m-1"},
            ]  # fmt: skip

        @app.get("/v1/cases")
        def cases(request: Request) -> list[dict[str, Any]]:
            wanted = dict(request.query_params)
            return [c for c in self.cases if _admits(c, wanted)]

        @app.get("/v1/flags")
        def flags() -> list[dict[str, Any]]:
            return self.flags

        @app.get("/v1/unapplied")
        def unapplied(unit: str | None = None) -> list[dict[str, Any]]:
            return [s for s in self.unapplied if unit in (None, s["organization_id"])]

        @app.get("/v1/cases/{case_id}")
        def one_case(case_id: str) -> Any:
            found = [c for c in self.cases if c["case_id"] == case_id]
            if not found:
                raise HTTPException(404)
            return found[0]

        @app.post("/v1/events")
        async def events(request: Request) -> dict[str, Any]:
            event = json.loads(await request.body())
            self.posted.append(event)
            outcome = "rejected" if self.rejection else "accepted"
            issues = [self.rejection] if self.rejection else []
            result = {"id": event["id"], "outcome": outcome, "issues": issues}
            return {"results": [result], outcome: 1}

        @app.get("/v1/deliveries")
        def deliveries(
            status: str | None = None, case: str | None = None, limit: int = 100
        ) -> dict[str, Any]:
            wanted = [
                d
                for d in self.deliveries
                if status in (None, d["status"]) and case in (None, d["case_id"])
            ]
            return {"deliveries": wanted[:limit]}

        return app


def signed_checkpoint(
    key: Ed25519PrivateKey, day: str, counts: list[int], alter_count: bool = False
) -> dict[str, Any]:
    """A checkpoint of ``day`` as the registry serves it, signed with ``key`` through
    :mod:`contracts.chain`; ``alter_count``: the first head's count changed after signing."""
    heads = [
        Head(p, n, hashlib.sha256(f"{day}/{p}".encode()).digest()) for p, n in enumerate(counts)
    ]
    root = merkle_root(heads)
    signature = key.sign(statement(day, heads, root))
    served: list[dict[str, Any]] = [
        {"partition": h.partition, "count": h.count + (alter_count and h.partition == 0),
         "digest": h.digest.hex()}
        for h in heads
    ]  # fmt: skip
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"id": f"checkpoint:{day}", "date": day, "partitions": served, "root": root.hex(),
            "public_key": public.hex(), "signature": signature.hex()}  # fmt: skip


def _admits(case: dict[str, Any], wanted: dict[str, str]) -> bool:
    checks = {
        "year": str(case["year"]), "status": case["status"], "rung": case["level"] or "",
    }  # fmt: skip
    if "unit" in wanted and wanted["unit"] not in (case["organization_id"],):
        return False
    return all(wanted[k] == v for k, v in checks.items() if k in wanted)


def workbench(fake: Fake, endpoints: Endpoints = ENDPOINTS) -> FastAPI:
    """The workbench over ``fake``, with the demo principals, in demo mode."""
    sources = load_sources()
    config = WorkbenchConfig(
        sources=lambda: sources, secret="test-secret", demo=True,
        reader_token="zeren-demo:auditor", transport=Transport(fake.app()),
        now=lambda: datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    return workbench_app(endpoints, config)
