"""What a batch writes is enough: a crash anywhere, then a restore, changes nothing.

The simulated university's history (every kind of fact the campus systems
send, transfers, departures, elections and extensions among them) is folded
in committed batches; runs that lose their memory mid-batch and restore from
the written documents must emit and hold exactly what the uninterrupted run
does. A change the fold forgets to mark for writing shows up here.
"""

from __future__ import annotations

import json
import zlib
from functools import cache

import pytest

from contracts.bindings import decode
from contracts.envelope import Envelope
from services.duties.domain.documents import restore, take_changed
from services.duties.domain.fold import decide
from services.duties.domain.state import DutyState
from services.simulator import generate_n
from tests.bench.history import SEED, logged
from tests.unit.duties.builders import RULES, holders_index, stored_fold

pytestmark = pytest.mark.unit

PARTITIONS = 3
BATCH = 250


@cache
def _history() -> tuple[tuple[Envelope, int], ...]:
    """The log of 6,000 submissions and their daily ticks, facts on a partition by key."""
    events = []
    for record in logged(generate_n(SEED, 6000), PARTITIONS):
        partition = record.partition
        if partition is None:
            partition = zlib.crc32(record.key) % PARTITIONS
        events.append((decode(record.value, record.headers), partition))
    return tuple(events)


@pytest.mark.parametrize("crash_at", [1234, 3333, 5101])
def test_a_crash_mid_batch_then_a_restore_changes_nothing(crash_at: int) -> None:
    history = list(_history())
    assert crash_at % BATCH  # mid-batch
    assert crash_at < len(history)
    assert stored_fold(history, BATCH, crash_at) == stored_fold(history, BATCH, None)


def test_the_index_of_office_holders_follows_every_appointment_and_leaving() -> None:
    """:attr:`DutyState.holding` (who holds an office where, derived) agrees with the
    units' office holders at every batch's end of the history, and as restored."""
    state, stored, history = DutyState(), dict[str, object](), _history()
    for n, (env, partition) in enumerate(history, 1):
        state, _ = decide(state, env, partition, RULES)
        if n % BATCH == 0 or n == len(history):
            assert state.holding == holders_index(state), n
            for key, document in take_changed(state).items():
                stored[key] = None if document is None else json.loads(document)
    assert len(state.holding) > 50  # the history's office holders, in some hundred units
    live = {key: value for key, value in stored.items() if value is not None}
    assert restore(live).holding == holders_index(state)
