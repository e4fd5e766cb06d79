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
from contracts.events.placement import UnitPlaced
from services.common.settings import SettingsError
from services.registry.adapters.projection import LogFold
from tests.unit.chained_log import chained_log, chained_projection, fixed_key


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
