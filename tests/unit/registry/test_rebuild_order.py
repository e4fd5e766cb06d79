"""The registry rebuilt from the log (从规范日志重建) knows each member as the registry that
wrote the log did, whatever partitions the member's facts are on.

A member's facts are keyed by the branch they happen in, so a transfer puts its
"out" and its "in" on the partitions of two branches. Under key placement, in
the university of the registry tests, ``br-2``'s facts go to partition 2 and
``br-1``'s to partition 0: read partition by partition, the "in" came first and
the member ended transferred out of everything. Expected: the member as the
writer has it, in ``br-1``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from services.registry.adapters.projection import LogFold
from services.registry.domain.organizations import MemberStatus
from tests.integration.registry.conftest import transfer
from tests.unit.chained_log import chained_log, fixed_key


def _clock(step: int = 1) -> Callable[[], datetime]:
    """The registry's clock, ``step`` milliseconds further at each reading (back, if
    negative: a wall clock set back by NTP or by hand)."""
    ticks = itertools.count()
    start = datetime(2018, 4, 1, 9, tzinfo=UTC)
    return lambda: start + timedelta(milliseconds=step * next(ticks))


@pytest.mark.parametrize("step", [1, 0, -1], ids=["forward", "stopped", "backwards"])
@pytest.mark.parametrize("subtree", [False, True], ids=["key", "subtree"])
def test_a_member_transferred_across_partitions_is_rebuilt_as_written(
    subtree: bool, step: int
) -> None:
    """Whatever the wall clock does between the "out" and the "in", the rebuild folds
    them in the order the registry accepted them: each fact's 入账时间 is later than the
    one before."""
    log = chained_log(fixed_key(), subtree=subtree, now=_clock(step))
    log.submit(transfer())
    written = log.projection.state.registry.members["m-1"]
    assert (written.status, written.organization_id) == (MemberStatus.PROBATIONARY, "br-1")
    fold = LogFold()
    for partition in sorted(log.partitions):
        for record in log.partitions[partition]:
            fold.handle(record)
    fold.finish()
    assert fold.state.registry.members["m-1"] == written
    assert fold.state.registry == log.projection.state.registry
    assert fold.state.stamped == log.projection.state.stamped  # the next stamp follows them


def test_under_key_placement_the_transfer_crosses_partitions() -> None:
    log = chained_log(fixed_key(), now=_clock())
    log.submit(transfer())
    on = {r.header("ce_id"): p for p, lane in log.partitions.items() for r in lane}
    assert on["m-1-in"] < on["m-1-out"]  # the case above: read partition by partition, "in" first
