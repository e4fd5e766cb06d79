"""The registry writing its log under subtree placement (``ZEREN_PLACEMENT=subtree``).

The university of the registry tests (a committee ``pc``, a general branch
``gb-1`` with two branches and a party group), on three partitions: ``pc`` is
placed on partition 0 and ``gb-1`` on the least-loaded partition then, 1; its
subtree follows it. The committee's establishment is on every partition.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from contracts.bindings import decode
from contracts.envelope import Envelope
from contracts.events import structure as s
from contracts.events.placement import StructureShared, UnitPlaced
from services.common.settings import SettingsError
from services.registry.adapters.projection import LogFold
from tests.integration.registry.conftest import event, payload
from tests.unit.chained_log import ChainedLog, chained_log, chained_projection, fixed_key


def _facts(subtree: bool) -> list[set[str]]:
    """The ids of the facts of the university's log, per partition (clock, checkpoints and
    placements left out)."""
    log = chained_log(fixed_key(), subtree=subtree)
    return [
        {r.header("ce_id") or "" for r in log.partitions[p] if r.header("ce_type") in FACT_TYPES}
        for p in sorted(log.partitions)
    ]


FACT_TYPES = {"zeren.OrganizationEstablished", "zeren.OfficeHolderAppointed"}


def test_homes_are_announced_on_every_partition_before_the_facts() -> None:
    log = chained_log(fixed_key(), subtree=True)
    for p, records in log.partitions.items():
        envs = [decode(r.value, r.headers) for r in records]
        placed = [(data.organization_id, data.home, n) for n, data in _placements(envs)]
        assert [(org, home) for org, home, _ in placed] == [("pc", 0), ("gb-1", 1)]
        established = {
            e.subject: n for n, e in enumerate(envs) if e.type == "zeren.OrganizationEstablished"
        }
        assert list(established) == {0: ["pc"], 1: ["pc", "gb-1", "br-1", "br-2", "pg-1"]}.get(
            p, ["pc"]
        )
        assert all(n < established[org] for org, _, n in placed if org in established)


def _placements(envs: list[Envelope]) -> Iterator[tuple[int, UnitPlaced]]:
    """The ``UnitPlaced`` among ``envs``, with their positions."""
    for n, env in enumerate(envs):
        if isinstance(env.data, UnitPlaced):
            yield n, env.data


def test_each_fact_is_written_to_its_subtree_s_home() -> None:
    log = chained_log(fixed_key(), subtree=True)
    appointed = {
        p: [
            r.header("ce_id")
            for r in records
            if r.header("ce_type") == "zeren.OfficeHolderAppointed"
        ]
        for p, records in log.partitions.items()
    }
    assert appointed == {0: [], 1: ["setup-5"], 2: []}  # br-1's secretary, on gb-1's home


def test_the_registry_rebuilt_from_a_placed_log_is_the_one_that_wrote_it() -> None:
    log = chained_log(fixed_key(), subtree=True)
    fold = LogFold()
    for partition in sorted(log.partitions):
        for record in log.partitions[partition]:
            fold.handle(record)
    written = log.projection.state
    assert fold.state.placement == written.placement
    assert fold.state.registry == written.registry
    assert fold.state.seen == written.seen


def test_a_placed_log_stays_placed_whatever_the_setting() -> None:
    log = chained_log(fixed_key(), subtree=True)
    saved = {k: json.loads(v) for k, v in log.projection.state.take_changes().items()}
    assert "placement" in saved
    again = chained_projection()  # ZEREN_PLACEMENT=key
    again.restore(saved)
    assert again.state.placement == log.projection.state.placement


def test_a_log_written_by_key_cannot_switch_to_subtree_placement() -> None:
    log = chained_log(fixed_key())
    saved = {k: json.loads(v) for k, v in log.projection.state.take_changes().items()}
    assert "placement" not in saved
    with pytest.raises(SettingsError) as refused:
        chained_projection(subtree=True).restore(saved)
    assert "按子树分区" in refused.value.zh
    assert "subtree placement" in refused.value.en


def test_both_placements_log_the_same_facts_once_per_partition() -> None:
    keyed, placed = _facts(subtree=False), _facts(subtree=True)
    assert set().union(*placed) == set().union(*keyed) == {f"setup-{n}" for n in range(6)}
    assert sum(map(len, keyed)) == 6
    assert sum(map(len, placed)) == 6 + 2  # the committee's establishment on 3 partitions


def _move_under_a_second_general_branch(log: ChainedLog) -> None:
    """``gb-2`` (placed on partition 2, the least loaded) with its secretary; ``br-2``
    (partition 1, under ``gb-1``) moved under it; then ``gb-2``'s secretary leaves."""
    facts = [
        event(payload(s.OrganizationEstablished, organization_id="gb-2", name="gb-2 党组织",
                      kind="general_branch", parent_id="pc", established_on="2017-09-01"),
              "gb-2"),
        event(payload(s.OfficeHolderAppointed, organization_id="gb-2", person_id="p-2",
                      person_name="李明", office="secretary", appointed_on="2017-09-01"),
              "gb-2-secretary"),
        event(payload(s.OrganizationReparented, organization_id="br-2", parent_id="gb-2",
                      reparented_on="2018-03-01"),
              "br-2-moved"),
        event(payload(s.OfficeHolderLeftOffice, organization_id="gb-2", person_id="p-2",
                      office="secretary", left_on="2018-03-01"),
              "gb-2-left"),
    ]  # fmt: skip
    log.submit(facts)


def test_a_unit_moved_under_a_parent_elsewhere_gets_its_structure_first() -> None:
    log = chained_log(fixed_key(), subtree=True)
    _move_under_a_second_general_branch(log)
    envs = {
        p: [decode(r.value, r.headers) for r in records] for p, records in log.partitions.items()
    }
    ids = {p: [e.id for e in found] for p, found in envs.items()}
    shared = [e.data for e in envs[1] if isinstance(e.data, StructureShared)]
    assert [(d.organization_id, d.home, [h.person_id for h in d.holders]) for d in shared] == [
        ("gb-2", 2, ["p-2"])
    ]
    assert ids[1].index("shared:gb-2:1:br-2-moved") < ids[1].index("br-2-moved")
    assert "br-2-moved" not in ids[2]
    assert "gb-2-left" in ids[1]  # follows to the moved branch's partition
    assert "gb-2-left" in ids[2]
    fold = LogFold()
    for partition in sorted(log.partitions):
        for record in log.partitions[partition]:
            fold.handle(record)
    assert fold.state.registry == log.projection.state.registry
    saved = {k: json.loads(v) for k, v in fold.state.take_changes().items()}
    rebuilt = chained_projection(subtree=True)
    rebuilt.restore(saved)
    assert rebuilt.state.placement == log.projection.state.placement
