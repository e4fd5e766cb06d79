"""The bench's history is one the registry accepts whole (全部受理).

The benches and the golden test fold the history as the log the registry would write
if every submission were accepted. This test holds the simulator to it: each fact is
judged by the registry's rules (:func:`services.registry.domain.rules.check`) against
the registry as the facts before it left it, and on the clock of the log. Before the
simulator stopped confirming members who had transferred out, the branch they had left
sent 42 such confirmations in 200,000 facts (``ref.not_a_member_here``), one of them
in the 20,000 facts below. ``ZEREN_ACCEPTED_FACTS`` sets how many facts to judge (the
whole history: about 20 seconds).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from contracts.bindings import decode
from contracts.events import SUBMITTED
from contracts.events.clock import ClockTicked
from services.registry.domain.rules import check
from services.registry.domain.state import RegistryState
from tests.bench.golden import bench_log

pytestmark = pytest.mark.unit

FACTS = int(os.environ.get("ZEREN_ACCEPTED_FACTS", "20000"))


def test_the_registry_accepts_every_fact_of_the_bench_history() -> None:
    state, refused, judged = RegistryState(), Counter[str](), 0
    for _, _, value, headers in bench_log(FACTS):
        env = decode(value, headers)
        if isinstance(env.data, ClockTicked):
            state.move_clock(env.data.date)
            continue
        if isinstance(env.data, SUBMITTED):
            judged += 1
            issues = check(state.registry, state.clock, state.dues_paid, env.data)
            refused.update(f"{type(env.data).__name__} {i.code}" for i in issues)
        state.record(env)
    assert judged == FACTS
    assert refused == Counter()
