"""Zeren's benchmark (issue 8): replay, intake and live figures against the machine's limits.

Usage (after ``make up``)::

    .venv/bin/python tests/bench/run.py [--events N] [--rate R] [--seconds S]
                                       [--skip-live] [--skip-intake] [--quick] [--keep]
                                       [--skip-scale-out]
                                       [--profile registry|duties|accountability]
                                       [--profiler pyinstrument|cprofile]

1. A reproducible history of N simulated events goes into a fresh
   ``zeren.events.v1.bench<unix>.replay`` exactly as the registry writes it
   (binary binding, key = subject, ``recordedtime``, daily ticks on every
   partition, the hash chain and its daily checkpoints); its first N/10
   events also into ``….tenth``.
2. Limits: raw ``getmany`` + ``json.loads`` over that topic, raw
   ``copy_records_to_table`` of N rows. Raw consumption is measured again
   right before and after each timed stage, and each stage is compared with
   the mean of its two (the machine's speed drifts).
3. Replays from offset 0 of ``python -m services.duties`` and then
   ``services.accountability`` (spawn to caught-up, peak RSS), and the
   registry's intake of min(N, 200000) submissions: the university's
   structure over HTTP in order (untimed), the rest prefilled into the
   intake topic and timed, its rejections counted (``--skip-intake`` skips
   it: about half the run at N = 200,000, when only the replays matter).
4. Live latency with the three services running (``--rate``/s for
   ``--seconds``; see ``live.py`` for the offered load).
5. Peak RSS of the duties replay at N against N/10 (``--quick`` skips it).
6. The same history written as the registry writes it under subtree placement
   (``ZEREN_PLACEMENT=subtree``), replayed by one duties process and then by two
   sharing its partitions (issue 26), each against raw consumption of that topic
   around it (``--skip-scale-out`` skips it).

The table goes to stdout and ``tests/bench/results/latest.json``; the last
line is a one-line summary. Topics and schemas are removed unless ``--keep``.
``--profile S`` runs service S's replay (the registry's: its timed intake)
under pyinstrument and writes the report to
``tests/bench/results/profile-S.txt``; with ``--profiler cprofile``, under
cProfile, to ``profile-S.prof`` (read it with ``python -m pstats``). That
figure is then slowed (``make bench BENCH_ARGS="--profile duties"``).
"""

import sys
from pathlib import Path

# Run as a script (``make bench``): put the checkout first on ``sys.path``.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.benchmark import main

if __name__ == "__main__":
    main(__doc__)
