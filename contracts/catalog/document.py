"""The catalog as a document (职责目录对照表): which entries serve each question, and how.

``python -m contracts.catalog.document > docs/catalog.md`` writes it from the
newest catalog version; a unit test fails when the committed file is stale,
so the table cannot drift from the data the services run on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from contracts.catalog.describe import applies_to_lines, cadence_lines, evidence_lines
from contracts.catalog.loader import CATALOGS
from contracts.catalog.models import ChargedTo, Duty, DutyCatalog, MemberRule


def owed_by_zh(duty: Duty) -> str:
    """Who owes an instance (责任主体) and who answers when it is overdue."""
    owner = "".join(applies_to_lines(duty.applies_to))
    if duty.charged_to is ChargedTo.PARENT:
        owner += f"；逾期问责上级组织（{duty.responsible_office.label_zh}）"
    return owner


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def _entries(catalog: DutyCatalog, number: int) -> list[Duty | MemberRule]:
    rules = [rule for rule in catalog.member_rules if number in rule.questions]
    return [*catalog.duties_by_question[number], *rules]


def _how(entry: Duty | MemberRule) -> str:
    if isinstance(entry, MemberRule):
        return f"党员提示（{entry.consecutive_months} 个月），不作问责"
    cadence = "".join(cadence_lines(entry.cadence))
    evidence = " ".join(line.strip() for line in evidence_lines(entry))
    return f"{cadence}；{owed_by_zh(entry)}；证据 {evidence}"


def render(catalog: DutyCatalog) -> str:
    """The markdown document of ``catalog`` (and the versions before it)."""
    lines = [
        "# 职责目录与问题清单对照 (the duty catalog against the problem list)",
        "",
        "Generated from the catalog data by `python -m contracts.catalog.document >"
        " docs/catalog.md`; do not edit by hand (a unit test compares it with the data).",
        f"Newest version: {catalog.version}, in force from {catalog.effective_from}.",
        "",
        "## Versions",
        "",
        _row(["version", "in force from", "changes"]),
        _row(["---"] * 3),
        *(_row([c.version, c.effective_from, c.changes_zh]) for c in CATALOGS),
        "",
        "## The problem list: each question and the entries that serve it",
        "",
        _row(["#", "问题", "entries", "how (周期；责任主体；证据)"]),
        _row(["---"] * 4),
    ]
    for number in catalog.problem_list.numbers:
        question = catalog.problem_list.question(number)
        for n, entry in enumerate(_entries(catalog, number)):
            head = [number, question.short_zh] if n == 0 else ["", ""]
            lines.append(_row([*head, f"`{entry.id}` {entry.title_zh}", _how(entry)]))
    lines += [
        "",
        "## Every entry, with its clause",
        "",
        _row(["entry", "职责", "依据", "national basis", "in force from", "policy setting"]),
        _row(["---"] * 6),
    ]
    entries: list[Duty | MemberRule] = [*catalog.duties, *catalog.member_rules]
    for entry in entries:
        lines.append(
            _row([
                f"`{entry.id}`",
                entry.title_zh,
                f"{entry.clause.ref} {entry.clause.excerpt_zh}",
                entry.clause.national or "",
                entry.effective_from,
                "yes" if entry.policy_setting else "",
            ])
        )  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(CATALOGS[-1]))
