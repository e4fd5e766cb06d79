"""The demo's closing summary (演示总结), from the services' own query endpoints."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import httpx

from contracts.catalog import load_catalog
from contracts.policy import AccountabilityPolicy, Rung, policy_in_force
from services.common.access.client import service_client
from services.workbench.reader import Endpoints


async def _get(http: httpx.AsyncClient, url: str, **params: Any) -> Any:
    """The JSON answer of ``url``; an error status raises :class:`httpx.HTTPStatusError`."""
    response = await http.get(url, params=params)
    response.raise_for_status()
    return response.json()


async def gather(endpoints: Endpoints, years: list[int], token: str) -> dict[str, Any]:
    """Everything the summary shows, as plain data, read with ``token`` (a reader's)."""
    async with service_client(token, timeout=60) as http:
        compliance = {
            y: await _get(http, f"{endpoints.duties}/v1/compliance", year=y) for y in years
        }
        cases = await _get(http, f"{endpoints.accountability}/v1/cases")
        eligibility = {
            y: await _get(http, f"{endpoints.accountability}/v1/award-eligibility/{y}")
            for y in years
        }
        names = _names(await _get(http, f"{endpoints.registry}/v1/organizations"))
        intake = await _get(http, f"{endpoints.registry}/v1/submissions/summary")
    return {
        "compliance": compliance,
        "cases": cases,
        "eligibility": eligibility,
        "names": names,
        "intake": intake,
    }


def _names(tree: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    stack = list(tree)
    while stack:
        node = stack.pop()
        found[node["organization_id"]] = node.get("name", node["organization_id"])
        stack.extend(node.get("children", []))
    return found


def render(data: dict[str, Any], year: int) -> str:
    """The summary in Chinese with English keys: units, cases per rung, eligibility, problems."""
    names: dict[str, str] = data["names"]
    report = data["compliance"][year]
    titles = {d.id: d.title_zh for d in load_catalog().duties}
    units = sorted(
        ((u, t) for u, t in report["by_unit"].items() if t["rate"] is not None),
        key=lambda item: (item[1]["rate"], item[0]),
    )
    lines = [f"== Zeren 演示总结 / demo summary ({year} 年度) =="]
    intake = data["intake"]
    lines.append("报送 submissions: " + ", ".join(f"{k} {v}" for k, v in sorted(intake.items())))
    rates = [t["rate"] for _, t in units]
    if rates:
        lines.append(
            f"各单位按期履行率 on-time rate per unit (单位职责 unit duties): {len(units)} 个单位, "
            f"平均 {sum(rates) / len(rates):.1%}, 最低 {rates[0]:.1%}, 最高 {rates[-1]:.1%}"
        )
    lines.append(_members_line(report.get("member_duties", {})))
    lines.append("履行率最低的单位 lowest units:")
    for org, tally in units[:6]:
        lines.append(
            f"  {names.get(org, org)} ({org}): {tally['rate']:.1%}  "
            f"逾期 {tally['overdue']}，补履行 {tally['fulfilled_late']}"
        )
    open_cases = [c for c in data["cases"] if c["status"] == "open"]
    by_rung = Counter(c.get("level") or "none" for c in open_cases)
    lines.append(
        f"未结案件 open cases: {len(open_cases)} — "
        + ", ".join(f"{rung} {n}" for rung, n in sorted(by_rung.items()))
    )
    lines += ladder_lines(data["cases"], policy_in_force(date(year, 12, 31)))
    lines += eligibility_lines(data["eligibility"])
    lost = data["eligibility"][year]
    for entry in lost["organizations"][:10]:
        org = entry["organization_id"]
        lines.append(f"  {names.get(org, org)} ({org}) 取消{year}年度评优评先资格")
    problems = sorted(
        report["by_duty"].items(), key=lambda item: (-int(item[1]["overdue"]), item[0])
    )
    lines.append("突出问题 top problems (逾期最多的职责):")
    for duty_id, tally in problems[:5]:
        if tally["overdue"]:
            lines.append(f"  {titles.get(duty_id, duty_id)}: 逾期 {tally['overdue']}")
    return "\n".join(lines)


def _members_line(tally: dict[str, Any]) -> str:
    """Members' own duties (党费、转接、学时), counted apart from the units' duties."""
    rate = tally.get("rate")
    shown = "—" if rate is None else f"{rate:.1%}"
    return (
        f"党员个人事项按期率 member duties on-time rate (另计 counted apart): {shown}, "
        f"逾期 {tally.get('overdue', 0)}，补履行 {tally.get('fulfilled_late', 0)}"
    )


def ladder_lines(cases: list[dict[str, Any]], policy: AccountabilityPolicy) -> list[str]:
    """Per decided rung, proposals (问责建议) against decisions (问责决定) over every case.

    A rung's measures exist only by its deciding body's decision: the last
    line counts the cases that reached the committee's rung with no decision
    of the committee behind them, which the rules say must be none.
    """
    lines = ["问责建议与决定 proposals vs decisions (全部案件 all cases):"]
    for rung in policy.rungs:
        body = rung.decided_by
        if body is None:
            continue  # automatic: taken, never proposed
        proposed = {c["case_id"] for c in cases if rung.id in c["proposed"]}
        decisions = [(c, d) for c in cases for d in c["decisions"] if d["decided_by"] == body]
        decided = {c["case_id"] for c, _ in decisions}
        revoked = sum(d["reviewed"] == "revoked" for _, d in decisions)
        waiting = sum(c["status"] == "open" for c in cases if c["case_id"] in proposed - decided)
        lines.append(
            f"  {rung.name_zh} ({body.label_zh}): 建议 proposed {len(proposed)} / "
            f"已决定 decided {len(decided)}（复查撤销 revoked {revoked}）, "
            f"未结待决定 open awaiting {waiting}"
        )
    top = policy.rungs[-1]
    undecided = [
        c
        for c in cases
        if c["level"] == top.id
        and not any(d["decided_by"] == top.decided_by for d in c["decisions"])
    ]
    lines.append(
        f"  无{_body(top)}决定的{top.name_zh}措施 top-rung measures without a decision: "
        f"{len(undecided)}（无决定即无此类措施 none exists without a decision）"
    )
    return lines


def eligibility_lines(eligibility: dict[int, dict[str, Any]]) -> list[str]:
    """Per year, award eligibility lost (in force) and restored on review (恢复)."""
    lines = ["取消年度评优评先资格 award eligibility lost / restored:"]
    for year in sorted(eligibility):
        lost = eligibility[year]
        restored = Counter(r["subject"] for r in lost["restored"])
        lines.append(
            f"  {year}年度: 取消 lost {len(lost['organizations'])} 个党组织, "
            f"{len(lost['persons'])} 名负责人; 复查恢复 restored "
            f"{restored['organization']} 个党组织, {restored['person']} 名负责人"
        )
    return lines


def _body(rung: Rung) -> str:
    return rung.decided_by.label_zh if rung.decided_by else ""
