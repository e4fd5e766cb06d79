"""The duties fold of the bench history, in process: once whole, once per partition.

``python -m tests.bench.partitioned --facts 50000`` folds the bench history as
the duties service does today (one projection, the sequencer over every
partition, key placement), then the same history written under subtree
placement one partition at a time, each with a state of its own and no
sequencer (as the service's lane of that partition folds it). It prints the
CPU seconds of each (``time.process_time``), the records per partition, and
the whole fold's time over the largest partition's: the most that folding the
partitions in parallel could gain, before any I/O, with one process per
partition. Outputs are encoded as the service encodes them; nothing is
written. It measures the fold alone, not the service (see ``make bench``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator

from services.common.outbox import OutboxRecord
from services.duties.adapters.lane import DutiesLane
from services.duties.adapters.projection import DutiesProjection
from services.duties.domain.rules import Rules
from tests.bench.golden import (
    DUTIES_TOPIC,
    EVENTS_TOPIC,
    PARTITIONS,
    Raw,
    as_input,
    bench_log,
    subtree_placed,
)


def fold_whole(log: list[Raw]) -> float:
    """CPU seconds of the service's fold of ``log`` (sequenced, key placement)."""
    started = time.process_time()
    projection = DutiesProjection(DUTIES_TOPIC, PARTITIONS)
    for record in as_input(EVENTS_TOPIC, log):
        projection.handle(record)
    return time.process_time() - started


def fold_alone(log: list[Raw], partition: int, rules: Rules) -> Iterator[OutboxRecord]:
    """The outputs of ``partition`` of the placed ``log`` folded alone, as the service's
    lane of that partition folds it: a state of its own, no sequencer."""
    lane = DutiesLane(partition, DUTIES_TOPIC, rules)
    for record in as_input(EVENTS_TOPIC, log):
        if record.partition == partition:
            yield from lane.handle(record)


def fold_partition(log: list[Raw], partition: int, rules: Rules) -> tuple[float, int]:
    """CPU seconds and records of ``partition`` of the placed ``log`` folded alone."""
    started = time.process_time()
    for _ in fold_alone(log, partition, rules):
        pass
    return time.process_time() - started, sum(p == partition for p, *_ in log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=50_000)
    facts = parser.parse_args().facts
    log = list(bench_log(facts))
    placed = list(subtree_placed(log))
    whole = fold_whole(log)
    rules = Rules()
    parts = [fold_partition(placed, p, rules) for p in range(PARTITIONS)]
    largest = max(seconds for seconds, _ in parts)
    print(f"facts {facts}: {len(log)} records (key placement), {len(placed)} (subtree)")
    print(f"whole fold, sequenced: {whole:.1f} s CPU")
    for p, (seconds, records) in enumerate(parts):
        print(f"partition {p} alone: {seconds:.1f} s CPU, {records} records")
    print(f"sum of the partitions: {sum(s for s, _ in parts):.1f} s CPU")
    print(f"whole / largest partition: {whole / largest:.2f}x")


if __name__ == "__main__":
    main()
