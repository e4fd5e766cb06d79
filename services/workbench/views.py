"""Shaping the services' answers for the pages (页面数据): pure functions, no I/O.

Everything here groups, names or counts what the services answered; the
decisions (status, rung, deadline) are the services' own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from contracts.catalog.describe import evidence_lines
from contracts.events.enums import DecidingBody, Ground, ReviewOutcome
from contracts.events.enums import Rung as Measure
from contracts.policy import policy_in_force
from services.accountability.domain.texts import cite, duty_title, period_label
from services.duties.domain.rules import Rules
from services.workbench.labels import (
    CASE_STATUS_ZH,
    DUTY_EVENT_ZH,
    DUTY_STATUS_ZH,
    SITUATION_ZH,
    rung_names,
)

Json = dict[str, Any]
RULES = Rules()
GROUNDS_ZH = {g.value: g.label_zh for g in Ground}
MEASURES_ZH = {m.value: m.label_zh for m in Measure}


def flatten(tree: Iterable[Json]) -> dict[str, Json]:
    """Every organization of the registry's tree by id, with ``parent_id`` set."""
    found: dict[str, Json] = {}
    stack = [(node, None) for node in tree]
    while stack:
        node, parent = stack.pop()
        found[node["organization_id"]] = {**node, "parent_id": parent}
        stack.extend((child, node["organization_id"]) for child in node.get("children", []))
    return found


def parents(orgs: dict[str, Json]) -> dict[str, str | None]:
    return {org: node["parent_id"] for org, node in orgs.items()}


def org_name(orgs: dict[str, Json], org: str | None) -> str:
    """An organization's name; an unknown one is named so, never by a bare id alone."""
    if org is None:
        return "—"
    node = orgs.get(org)
    return node["name"] if node else f"未登记党组织（{org}）"


@dataclass
class UnitRow:
    """One unit on the overview: its own duties' tally and its members' overdue count."""

    organization_id: str
    name: str
    kind: str
    tally: Json
    members_overdue: int
    dissolved: bool
    #: False for a unit above a branch secretary's: named for context, its figures not shown.
    shown: bool = True
    groups: list[UnitRow] = field(default_factory=list)

    @property
    def rate(self) -> str:
        return percent(self.tally.get("rate"))


@dataclass
class Section:
    """A general branch (or the committee's own branches) with its branches."""

    head: UnitRow | None
    branches: list[UnitRow]


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def overview(
    tree: list[Json], report: Json, visible: frozenset[str] | None
) -> list[tuple[UnitRow, list[Section]]]:
    """Units grouped 党委 → 党总支 → 支部, 党小组 folded under their branch, for ``report``'s year;
    the higher committee the university's reports to (上级党委) is no unit of it.

    ``visible`` (None: all) keeps a branch secretary's units only.
    """

    def seen(node: Json) -> bool:
        return visible is None or node["organization_id"] in visible

    def row(node: Json) -> UnitRow:
        org = node["organization_id"]
        empty = {"fulfilled": 0, "fulfilled_late": 0, "overdue": 0, "open": 0, "rate": None}
        members = report.get("members_by_unit", {}).get(org, {})
        return UnitRow(
            org, node["name"], node["kind"], report["by_unit"].get(org, empty),
            int(members.get("overdue", 0)), node.get("dissolved_on") is not None, seen(node),
        )  # fmt: skip

    def branch(node: Json) -> UnitRow:
        unit = row(node)
        unit.groups = [row(g) for g in node.get("children", []) if seen(g)]
        return unit

    found = []
    for top in (t for t in tree if t["kind"] != "higher_committee"):  # 上级党委: not a unit here
        sections, direct = [], []
        for child in top.get("children", []):
            if child["kind"] == "general_branch":
                branches = [branch(b) for b in child.get("children", []) if seen(b)]
                if seen(child) or branches:
                    sections.append(Section(row(child), branches))
            elif seen(child) or any(seen(g) for g in child.get("children", [])):
                direct.append(branch(child))
        if direct:
            sections.append(Section(None, direct))
        if seen(top) or sections:
            found.append((row(top), sections))
    return found


def admitted(case: Json, visible: frozenset[str] | None) -> bool:
    """Whether a case is about one of the ``visible`` units (all when None)."""
    units = {case["organization_id"], case.get("subject_organization_id")}
    return visible is None or bool(units & visible)


def rung_counts(cases: Iterable[Json]) -> list[tuple[str, str, int, int, int]]:
    """Per rung: its id, name, cases whose highest measure it is, of which open, and the
    proposals awaiting a decision (建议待决定) — for the cases given (one year's)."""
    cases = list(cases)
    reached = Counter(c.get("level") for c in cases)
    still = Counter(c.get("level") for c in cases if c["status"] == "open")
    awaiting = Counter(
        rung for c in cases if c["status"] == "open" for rung in c.get("proposed", [])
        if not c.get("decisions")
    )  # fmt: skip
    return [
        (rung, name, reached[rung], still[rung], awaiting[rung])
        for rung, name in rung_names().items()
    ]


def person_ids(cases: Iterable[Json], duties: Iterable[Json] = ()) -> set[str]:
    """Every person a page names: the cases' and decisions' persons, the duties' holders."""
    found = {p for c in cases for p in c.get("person_ids", [])}
    found |= {p for c in cases for d in c.get("decisions", []) for p in d["person_ids"]}
    for duty in duties:
        found |= {duty[k] for k in ("person_id", "member_id") if duty.get(k)}
    return found


def who(names: dict[str, str], ids: Iterable[str]) -> str:
    """Names of ``ids`` joined; an id the registry does not know is marked so."""
    shown = [names.get(i, f"（未登记人员 {i}）") for i in ids]
    return "、".join(shown) or "—"


def duty_rows(duties: list[Json], names: dict[str, str]) -> list[Json]:
    """A unit's duties by period: title, period, deadline, status, who, evidence."""
    return [
        {
            **d,
            "title": duty_title(d["duty_id"], date.fromisoformat(d["due_on"])),
            "period_zh": period_label(d["period"]),
            "status_zh": DUTY_STATUS_ZH.get(d["status"], d["status"]),
            "who": who(names, [p for p in (d.get("person_id"), d.get("member_id")) if p]),
        }
        for d in sorted(duties, key=lambda d: (d["period_start"], d["due_on"], d["duty_id"]))
    ]


@dataclass
class Period:
    """One period of a unit's duties: its own, one row each; its members', summed per duty
    (dozens of members' dues would bury the unit's own work), naming those not on time."""

    unit: list[Json] = field(default_factory=list)
    members: dict[tuple[str, str], Json] = field(default_factory=dict)


def by_period(rows: list[Json]) -> dict[str, Period]:
    """:func:`duty_rows` grouped by period label, in the rows' order."""
    found: dict[str, Period] = {}
    for row in rows:
        period = found.setdefault(row["period_zh"], Period())
        if row.get("member_id") is None:
            period.unit.append(row)
            continue
        summary = period.members.setdefault(
            (row["title"], row["due_on"]),
            {"title": row["title"], "due_on": row["due_on"], "counts": Counter(), "late": []},
        )
        summary["counts"][row["status"]] += 1
        if row["status"] in ("overdue", "fulfilled_late"):
            summary["late"].append(f"{row['who']}（{row['status_zh']}）")
    return found


def holders_zh(org: Json) -> str:
    """A unit's current office holders, ``书记 王丽、委员 …`` (or that none is registered)."""
    held = [f"{h['office_zh']} {h['person_name']}" for h in org.get("office_holders", [])]
    return "、".join(held) or "（未登记负责人）"


def overdue_rows(
    overdue: list[Json],
    cases: list[Json],
    orgs: dict[str, Json],
    names: dict[str, str],
    holders: dict[str, str],
) -> tuple[list[Json], list[Json]]:
    """Overdue duties of units and of members (党员个人事项), with who answers for each:
    the persons of the case the duty opened, else the office holder the duty names, else
    the unit's office holders (``holders``, by unit)."""
    charged = {(c["organization_id"], c.get("duty_id"), c.get("period")): c for c in cases}
    units: list[Json] = []
    members: list[Json] = []
    for d in sorted(overdue, key=lambda d: (d["due_on"], d["organization_id"], d["duty_id"])):
        case = charged.get((d["organization_id"], d["duty_id"], d["period"]))
        answers = case["person_ids"] if case else [d["person_id"]] if d.get("person_id") else []
        row = {
            **duty_rows([d], names)[0],
            "unit": org_name(orgs, d["organization_id"]),
            "answers": who(names, answers) if answers else holders.get(d["organization_id"], "—"),
            "case_id": case["case_id"] if case else None,
        }
        (members if d.get("member_id") else units).append(row)
    return units, members


#: How far back the overdue page shows flags (情况提示): a year before the log's clock.
FLAGS_SHOWN_DAYS = 366


def recent(day: str, today: str | None) -> bool:
    """Whether ``day`` is within :data:`FLAGS_SHOWN_DAYS` before ``today`` (no clock: yes)."""
    if today is None:
        return True
    return (date.fromisoformat(today) - date.fromisoformat(day)).days <= FLAGS_SHOWN_DAYS


def flag_rows(flags: list[Json], orgs: dict[str, Json], names: dict[str, str]) -> list[Json]:
    """Flags raised for people to decide (情况提示), latest first: who or what is concerned,
    what was seen since when, and the organization that decides with who answers there."""
    return [
        {
            **f,
            "unit": org_name(orgs, f["organization_id"]),
            "member": who(names, [f["member_id"]]) if f.get("member_id") else "—",
            "situation_zh": SITUATION_ZH.get(f["situation"], f["situation"]),
            "decides_zh": org_name(orgs, f["decides"]),
            "answers": who(names, f["person_ids"]),
        }
        for f in sorted(flags, key=lambda f: (f["flagged_on"], f["event_id"]), reverse=True)
    ]


def case_row(case: Json, orgs: dict[str, Json], names: dict[str, str]) -> Json:
    """A case as the lists and exports show it: names, labels, deadlines."""
    rungs = rung_names()
    return {
        **case,
        "unit": org_name(orgs, case["organization_id"]),
        "subject_unit": org_name(orgs, case.get("subject_organization_id")),
        "level_zh": rungs.get(case.get("level") or "", "尚无措施"),
        "proposed_zh": "、".join(rungs.get(r, r) for r in case.get("proposed", [])) or "—",
        "status_zh": CASE_STATUS_ZH.get(case["status"], case["status"]),
        "persons": who(names, case.get("person_ids", [])),
        "grounds_zh": "、".join(GROUNDS_ZH.get(g, g) for g in case.get("grounds", [])) or "—",
        "period_zh": period_label(case["period"]) if case.get("period") else "—",
        "closed_on": closed_on(case),
        "steps": [{**step, "what": step_zh(step["what"])} for step in case.get("history", [])],
        "decided": [
            {
                **d,
                "by_zh": DecidingBody(d["decided_by"]).label_zh,
                "persons": who(names, d["person_ids"]),
                "measures_zh": "、".join(MEASURES_ZH[m] for m in d["measures"]) or "不予问责",
                "reviewed_zh": ReviewOutcome(d["reviewed"]).label_zh if d.get("reviewed") else "—",
            }
            for d in case.get("decisions", [])
        ],
    }


def step_zh(what: str) -> str:
    """A history entry with a duty event's type name put in Chinese."""
    name, colon, rest = what.partition("：")
    return f"{DUTY_EVENT_ZH[name]}{colon}{rest}" if name in DUTY_EVENT_ZH else what


def closed_on(case: Json) -> str | None:
    """The day a case ended (办结/结案): its last step's, once it is no longer open."""
    if case["status"] == "open" or not case.get("history"):
        return None
    return str(case["history"][-1]["on"])


@dataclass(frozen=True)
class Chain:
    """A case's explanation down to the clause (问责依据链条) and its missing evidence."""

    rungs: list[tuple[str, str]]  # (rung name, the clause cited)
    duty_title: str | None
    duty_clause: str | None
    questions: list[int]
    required: list[str]
    present: list[str]
    missing: list[str]


def chain(case: Json, duty: Json | None) -> Chain:
    """Why the case stands: each rung reached or proposed with its clause, the duty with
    its clause and problem-list questions, the evidence required, found and missing.

    ``duty`` is the case's duty instance as the duties service answers it (None for a
    finding or a determination, which rest on no duty)."""
    opened = date.fromisoformat(case["opened_on"])
    policy = policy_in_force(opened)
    ids = [r for r in [case.get("level"), *case.get("proposed", [])] if r]
    rungs = [(policy.rung(r).name_zh, cite(policy.rung(r).clause)) for r in dict.fromkeys(ids)]
    if duty is None or not case.get("duty_id"):
        outstanding = [
            f"问题清单第{q}题" if q else "本单位整改" for q in case.get("outstanding", [])
        ]
        return Chain(rungs, None, None, [], [], list(case.get("evidence_event_ids", [])),
                     outstanding)  # fmt: skip
    entry = RULES.duty(duty["catalog_version"], duty["duty_id"])
    present = list(duty.get("evidence_event_ids", []))
    met = duty["status"] in ("fulfilled", "fulfilled_late")
    required = evidence_lines(entry)
    missing = [] if met else [f"截止{duty['due_on']}前未记录以下任一佐证：{'；'.join(required)}"]
    missing += [f"问题清单第{q}题未完成" for q in case.get("outstanding", []) if q]
    return Chain(
        rungs, entry.title_zh, cite(entry.clause), list(entry.questions), required, present,
        missing,
    )  # fmt: skip


def monthly_cases(cases: Iterable[Json], year: int) -> dict[str, dict[str, tuple[int, int]]]:
    """Per rung reached, per month of ``year`` (``YYYY-MM``): cases opened and closed."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    found = {rung: dict.fromkeys(months, (0, 0)) for rung in rung_names()}
    for case in cases:
        rung = case.get("level")
        if rung not in found:
            continue
        opened, ended = str(case["opened_on"])[:7], (closed_on(case) or "")[:7]
        if opened in found[rung]:
            o, c = found[rung][opened]
            found[rung][opened] = (o + 1, c)
        if ended in found[rung]:
            o, c = found[rung][ended]
            found[rung][ended] = (o, c + 1)
    return found


def rectifying(row: Json) -> bool:
    """A case on the 整改台账: a finding, or a rung above the reminder (a rectification
    deadline was set: 批评、限期整改 and up)."""
    return bool(row.get("finding_id")) or row.get("level") not in (None, "reminder")
