"""The monthly report's figures (月度报告): pure functions over the services' answers.

The month's on-time rate grouped by 二级党组织 (a 党总支, the branches directly
under the committee, the committee's own duties), and each of the log's signed
daily checkpoints checked with :mod:`contracts.chain` against the registry's
published public key: the same bytes ``zeren audit chain`` checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.chain import Head, merkle_root, statement, verify_signature
from services.duties.domain.queries import Compliance
from services.workbench.views import Json

DIRECT = "党委直属党支部"
COMMITTEE_OWN = "党委本级"

SIGNATURE_VALID, SIGNATURE_INVALID, ROOT_MISMATCH = "✓ 签名有效", "✗ 签名无效", "根不符"
NO_KEY = "未能核验（未取得公钥）"


def second_level(orgs: dict[str, Json], org: str) -> tuple[str, str | None] | None:
    """The 二级党组织 ``org`` belongs to, named, with the id of the unit that answers for
    it: its 党总支; 党委本级 for the committee itself; 党委直属党支部 (no one unit) for a
    branch under the committee. None for a unit outside the university's tree."""
    node, below = orgs.get(org), None
    while node is not None and node["kind"] != "party_committee":
        node, below = orgs.get(node.get("parent_id") or ""), node
    if node is None:
        return None
    if below is None:
        return COMMITTEE_OWN, node["organization_id"]
    if below["kind"] == "general_branch":
        return below["name"], below["organization_id"]
    return DIRECT, None


def rates_by_second_level(orgs: dict[str, Json], by_unit: dict[str, Json]) -> list[Json]:
    """The month's tallies of the units summed per 二级党组织 (each with its on-time rate,
    as the duties service defines it, and the id of the unit answering for it), 党委本级
    first, then by name, 党委直属党支部 last."""
    groups: dict[tuple[str, str | None], Compliance] = {}
    for org, tally in by_unit.items():
        level = second_level(orgs, org)
        if level is None:
            continue
        group = groups.setdefault(level, Compliance())
        for count in Compliance.model_fields:  # the rate is recomputed over the sums
            setattr(group, count, getattr(group, count) + int(tally.get(count, 0)))
    order = sorted(groups, key=lambda g: (g[0] != COMMITTEE_OWN, g[0] == DIRECT, g[0]))
    return [
        {"name": name, "organization_id": org, **groups[name, org].model_dump(),
         "rate": groups[name, org].rate()}
        for name, org in order
    ]  # fmt: skip


@dataclass(frozen=True)
class CheckpointRow:
    """One daily checkpoint as the report shows it, with the result of its check."""

    date: str
    partitions: int
    records: int
    root: str
    event_id: str
    verdict: str

    @property
    def valid(self) -> bool:
        return self.verdict == SIGNATURE_VALID


def checkpoint_row(checkpoint: Json, public_key: str | None) -> CheckpointRow:
    """``checkpoint`` with its verdict: the root recomputed from the heads, then the
    signature of its statement checked against the published ``public_key`` (hex)."""
    heads = [
        Head(h["partition"], h["count"], bytes.fromhex(h["digest"]))
        for h in checkpoint["partitions"]
    ]
    if merkle_root(heads).hex() != checkpoint["root"]:
        verdict = ROOT_MISMATCH
    elif public_key is None:
        verdict = NO_KEY
    else:
        message = statement(checkpoint["date"], heads, bytes.fromhex(checkpoint["root"]))
        signed = verify_signature(
            bytes.fromhex(public_key), message, bytes.fromhex(checkpoint["signature"])
        )
        verdict = SIGNATURE_VALID if signed else SIGNATURE_INVALID
    return CheckpointRow(
        checkpoint["date"], len(heads), sum(h.count for h in heads), checkpoint["root"],
        checkpoint["id"], verdict,
    )  # fmt: skip
