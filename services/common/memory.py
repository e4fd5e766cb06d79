"""The C allocator's and the cycle collector's settings for a long-running service (内存回收).

A batch allocates large short-lived buffers (fetched records, COPY data, the
encoded documents) next to a long-lived in-memory state. glibc's malloc then
raises its mmap threshold after each large free, serves later large buffers
from the heap, and keeps what is freed there. In a duties replay of 250k
events, tracemalloc saw the Python objects at 89 MB at the end against 106 MB
early on, while the process's RSS kept growing. With fixed thresholds, large
buffers are mmapped (given back on free) and the heap's top is trimmed sooner:
duties replay peak RSS at 1M events 352 MB against 393 MB, and at 400k 264 and
271 MB against 294 and 294 MB (same runs; rates 5,866 and 6,501/s against
6,298 and 6,362/s: no cost beyond the noise).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

#: ``mallopt`` parameters (glibc's malloc.h).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
#: Buffers of this size and more are mmapped, so that they go back to the system on free.
MMAP_THRESHOLD = 64 * 1024
#: Free memory at the heap's top beyond this is given back.
TRIM_THRESHOLD = 128 * 1024
#: The event loop is one thread; helper threads (name lookups) share two arenas.
ARENA_MAX = 2
SETTINGS = (
    (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
    (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
    (M_ARENA_MAX, ARENA_MAX),
)


def tune_allocator() -> bool:
    """Apply :data:`SETTINGS` with glibc's ``mallopt``; False where there is none (macOS)
    or a setting is refused (musl's ``mallopt`` is a stub that refuses them all)."""
    name = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(name), "mallopt", None) if name else None
    if mallopt is None:
        return False
    return all(mallopt(parameter, value) == 1 for parameter, value in SETTINGS)


#: The cycle collector's thresholds once the state is restored: a fold allocates (and
#: frees) tens of objects per record, which at the default 700 ran a young collection
#: every few dozen records and an old one ever more often over a growing state.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_collector() -> None:
    """Move everything alive now (the restored state, the catalog, the modules) out of
    the collector's sight, and collect less often (issue 25: in process, the duties
    fold 1.1-1.3x and the accountability fold up to 1.6x faster). Objects are freed by
    reference counting as before; only cycles wait longer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
