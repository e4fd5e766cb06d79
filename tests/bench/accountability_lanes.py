"""Accountability lanes over the bench history, in process: their CPU and what they write.

``python -m tests.bench.accountability_lanes --facts 20000`` folds the duty events of
the bench history twice: as the accountability service does under key placement (one
projection, the sequencer over every partition), and, written under subtree placement
and folded by the duties lanes, in one accountability lane per partition, fed 500
records at a time and released at each day's close as ``DayClose`` releases them
(``tests.lanes.LanesInStep``). It prints the CPU
seconds of each (``time.process_time``), the lanes' releases (one transaction each in
the service), and the bytes of state documents the lanes hand the pipeline to write, by
kind. Nothing is written to PostgreSQL: it measures the fold, not the service.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from services.accountability.adapters.projection import AccountabilityProjection
from services.common.pipeline import InputRecord
from services.duties.domain.rules import Rules
from tests.bench.golden import (
    ACCOUNTABILITY_TOPIC,
    DUTIES_TOPIC,
    PARTITIONS,
    bench_log,
    fold_history,
    forwarded,
    subtree_placed,
)
from tests.bench.partitioned import fold_alone
from tests.lanes import LanesInStep

#: Records a lane is fed at a time, as a fetch hands them out (also while it waits).
BATCH = 500


class Written:
    """The state documents handed to the pipeline, by kind (the key's first part)."""

    def __init__(self) -> None:
        self.bytes: Counter[str] = Counter()

    def keep(self, changes: Mapping[str, Any]) -> None:
        for key, value in changes.items():
            self.bytes[key.partition(":")[0]] += len(value or b"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=20_000)
    facts = parser.parse_args().facts
    history = fold_history(facts)
    started = time.process_time()
    single = AccountabilityProjection(PARTITIONS, ACCOUNTABILITY_TOPIC)
    for record in forwarded(history.duty_outputs):
        single.handle(record)
    whole = time.process_time() - started
    placed, rules = list(subtree_placed(list(bench_log(facts)))), Rules()
    records = {
        p: [InputRecord(DUTIES_TOPIC, p, i, o.key, o.value, tuple(o.headers))
            for i, o in enumerate(fold_alone(placed, p, rules))]
        for p in range(PARTITIONS)
    }  # fmt: skip
    written = Written()
    lanes = LanesInStep(records, PARTITIONS, ACCOUNTABILITY_TOPIC, batch=BATCH, keep=written.keep)
    started = time.process_time()
    lanes.run()
    seconds, releases = time.process_time() - started, lanes.releases
    print(f"facts {facts}: {sum(map(len, records.values()))} duty events in {PARTITIONS} lanes")
    print(f"single sequenced fold: {whole:.1f} s CPU")
    print(f"lanes in step: {seconds:.1f} s CPU, {releases} releases at a day's close")
    print(f"state written by the lanes: {sum(written.bytes.values()) / 1e6:.1f} MB")
    for kind, size in written.bytes.most_common(6):
        print(f"  {kind}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
