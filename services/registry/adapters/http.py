"""The registry's HTTP interface (HTTP 接口), a FastAPI app over :class:`RegistryPort`.

``POST /v1/events`` takes one structured CloudEvent or a JSON array of at most
1000 and answers 200 with a result per event; the events go through the same
pipeline (and transaction guarantees) as the Kafka intake.

Every route but ``/healthz`` needs a bearer token (see
:mod:`services.common.access.guard`): a campus system submits and reads its
own submissions and rejections; names, member status and the whole intake
are for the roles that read everything; the operator drives the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Protocol

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel

from contracts.errors import ContractViolation
from contracts.events.base import Day
from contracts.jsontext import dumps, loads
from services.common.access.guard import FORBIDDEN, Caller, Guard, guarded_app, refusal
from services.common.access.roles import Permission
from services.registry.adapters.journal import Receipt
from services.registry.config import ClockNotDrivenError
from services.registry.domain.checkpoints import MONTH
from services.registry.domain.clock import ClockBackwardsError
from services.registry.domain.organizations import Organization, Registry

MAX_EVENTS = 1000
BAD_MONTH = "query.bad_month"
#: A full array of events at the contract's 64 KiB each would be 64 MiB; HTTP takes 16 MiB.
MAX_BODY_BYTES = 16 << 20


class RegistryPort(Protocol):
    """What the HTTP interface needs from the running registry."""

    @property
    def registry(self) -> Registry: ...

    @property
    def today(self) -> date | None: ...

    async def submit(self, documents: list[bytes], caller: str) -> list[Receipt]: ...

    async def advance_clock(self, to: date) -> int: ...

    async def receipts(self, event_id: str, source: str | None) -> list[Receipt]: ...

    async def rejections(self, limit: int, source: str | None) -> list[Receipt]: ...

    async def counts(self) -> dict[str, int]: ...

    async def checkpoints_of(self, month: str) -> list[dict[str, Any]]: ...


class ClockAdvance(BaseModel):
    """Body of ``POST /v1/clock/advance``: a day the contracts allow (a clock driven to
    9999-12-31 would tick millions of days)."""

    to: Day


def split_body(body: bytes) -> list[bytes]:
    """The events of a request body: an array's items, or the body itself."""
    try:
        document = loads(body)
    except ContractViolation:
        return [body]  # rejected as schema.bad_json, with the rest of the pipeline's care
    if not isinstance(document, list):
        return [body]
    if len(document) > MAX_EVENTS:
        raise HTTPException(413, f"at most {MAX_EVENTS} events per request (每次最多 1000 条)")
    return [dumps(item) for item in document]


async def capped_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused (413) as soon as more than ``limit`` bytes have come:
    a chunked body announces no length, so it is counted while it streams in."""
    if int(request.headers.get("content-length") or 0) > limit:
        raise HTTPException(413, "request body too large (请求过大)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, "request body too large (请求过大)")
        chunks.append(chunk)
    return b"".join(chunks)


def organization_view(org: Organization, registry: Registry) -> dict[str, Any]:
    """An organization with its current office holders and its children's ids."""
    children = [
        o.organization_id
        for o in registry.organizations.values()
        if o.parent_id == org.organization_id
    ]
    return {
        **org.model_dump(mode="json", exclude={"tenures"}),
        "kind_zh": org.kind.label_zh,
        "office_holders": [
            {**t.model_dump(mode="json"), "office_zh": t.office.label_zh}
            for t in org.office_holders()
        ],
        "children": sorted(children),
    }


def names(registry: Registry, ids: list[str]) -> dict[str, str]:
    """The names (姓名) of ``ids`` that are office holders (now or before) or members;
    an id the registry does not know is left out."""
    wanted, found = set(ids), {}
    for org in registry.organizations.values():
        found.update({t.person_id: t.person_name for t in org.tenures if t.person_id in wanted})
    for member_id in wanted & registry.members.keys():
        name = registry.members[member_id].name
        if name:
            found[member_id] = name
    return dict(sorted(found.items()))


def tree(registry: Registry) -> list[dict[str, Any]]:
    """The organizations as a forest, roots first, children nested (组织树).

    Built with a work list, not recursion: however deep the registry, the answer
    comes (a chain 1,100 deep made this a RecursionError, issue 22). An organization
    on a cycle of parents, which the registry refuses, would be left out, not loop.
    """
    by_parent: dict[str | None, list[Organization]] = {}
    for org in registry.organizations.values():
        parent = org.parent_id if org.parent_id in registry.organizations else None
        by_parent.setdefault(parent, []).append(org)
    roots: list[dict[str, Any]] = []
    pending: list[tuple[Organization, list[dict[str, Any]]]] = [
        (o, roots) for o in sorted(by_parent.get(None, []), key=lambda o: o.organization_id)
    ]
    pending.reverse()
    while pending:
        org, siblings = pending.pop()
        children: list[dict[str, Any]] = []
        node: dict[str, Any] = {
            "organization_id": org.organization_id,
            "name": org.name,
            "kind": org.kind.value,
            "dissolved_on": org.dissolved_on.isoformat() if org.dissolved_on else None,
            "children": children,
        }
        siblings.append(node)
        kids = sorted(by_parent.get(org.organization_id, []), key=lambda o: o.organization_id)
        pending.extend((kid, children) for kid in reversed(kids))
    return roots


def create_app(port: RegistryPort, guard: Guard, public_key: bytes | None = None) -> FastAPI:
    """The FastAPI application of the registry."""
    app = guarded_app("Zeren registry (登记处)")
    submitter = Depends(guard.require(Permission.SUBMIT))
    own_reader = Depends(guard.require(Permission.READ_OWN))
    reader = Depends(guard.require(Permission.READ_ALL))
    clock_driver = Depends(guard.require(Permission.DRIVE_CLOCK))

    def scope(caller: Caller, source: str | None) -> str | None:
        """The source whose submissions ``caller`` may read when asking for ``source``."""
        own = caller.own_scope()
        if own is not None and source not in (None, own):
            raise refusal(
                403,
                FORBIDDEN,
                f"{own} may read only its own submissions",
                f"{own} 只能查询本系统报送的事件",
            )
        return own or source

    @app.post("/v1/events")
    async def submit_events(request: Request, caller: Caller = submitter) -> dict[str, Any]:
        receipts = await port.submit(split_body(await capped_body(request)), caller.source)
        outcomes = [r.outcome.value for r in receipts]
        return {
            "results": [r.as_json() for r in receipts],
            **{o: outcomes.count(o) for o in ("accepted", "duplicate", "rejected")},
        }

    @app.get("/v1/events/{event_id}")
    async def event_outcome(
        event_id: str, source: str | None = None, caller: Caller = own_reader
    ) -> dict[str, Any]:
        receipts = await port.receipts(event_id, scope(caller, source))
        if not receipts:
            raise HTTPException(404, "no such submission (未收到该事件)")
        return {"id": event_id, "receipts": [r.as_json() for r in receipts]}

    @app.get("/v1/rejections")
    async def rejections(
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        source: str | None = None,
        caller: Caller = own_reader,
    ) -> list[dict[str, Any]]:
        return [r.as_json() for r in await port.rejections(limit, scope(caller, source))]

    @app.get("/v1/submissions/summary", dependencies=[reader])
    async def summary() -> dict[str, int]:
        return await port.counts()

    @app.get("/v1/organizations", dependencies=[reader])
    async def organizations() -> list[dict[str, Any]]:
        return tree(port.registry)

    @app.get("/v1/organizations/{organization_id}", dependencies=[reader])
    async def organization(organization_id: str) -> dict[str, Any]:
        org = port.registry.organizations.get(organization_id)
        if org is None:
            raise HTTPException(404, "no such organization (党组织未登记)")
        return organization_view(org, port.registry)

    @app.get("/v1/names", dependencies=[reader])
    async def people_names(
        id: Annotated[list[str], Query(max_length=2000)] = [],  # noqa: B006 (FastAPI query list)
    ) -> dict[str, str]:
        """Names of people by id (姓名), for pages that must name, not number, them."""
        return names(port.registry, id)

    @app.get("/v1/members/{member_id}", dependencies=[reader])
    async def member(member_id: str) -> dict[str, Any]:
        found = port.registry.members.get(member_id)
        if found is None:
            raise HTTPException(404, "no such member (党员未登记)")
        return found.model_dump(mode="json")

    @app.get("/v1/clock", dependencies=[own_reader])
    async def clock() -> dict[str, Any]:
        return {"today": port.today}

    @app.post("/v1/clock/advance", dependencies=[clock_driver])
    async def advance(body: ClockAdvance) -> dict[str, Any]:
        try:
            days = await port.advance_clock(body.to)
        except (ClockBackwardsError, ClockNotDrivenError) as error:
            raise HTTPException(409, str(error)) from None
        return {"today": port.today, "days_ticked": days}

    @app.get("/v1/chain/public-key", dependencies=[own_reader])
    async def chain_public_key() -> dict[str, str]:
        """The key the daily checkpoints are signed with (检查点签名公钥)."""
        if public_key is None:
            raise HTTPException(404, "the log is not chained (日志未启用哈希链)")
        return {"algorithm": "Ed25519", "public_key": public_key.hex()}

    @app.get("/v1/chain/checkpoints", dependencies=[own_reader])
    async def chain_checkpoints(month: str = "") -> dict[str, Any]:
        """The month's daily checkpoints in day order (本月每日签名检查点), each with its
        event id; none (an empty list) for a month the chained log did not reach."""
        if not MONTH.match(month):
            raise refusal(
                422, BAD_MONTH, "month must be YYYY-MM, e.g. 2018-04",
                "月份须为 YYYY-MM 格式，如 2018-04",
            )  # fmt: skip
        return {"month": month, "checkpoints": await port.checkpoints_of(month)}

    return app
