"""Spread independent per-case work over the machine's cores (site build and index build read 1,000s of cases)."""

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

# Starting worker processes costs about a tenth of a second: below this many items one process is faster.
MIN_ITEMS_FOR_WORKERS = 64


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# What the forked workers work on: they inherit it from the parent, so only positions and results travel
# between processes (pickling 1,000 cases costs more than a second).
_work = None


def _apply(position: int):
    function, items = _work
    return function(items[position])


def map_in_order(function, items: list, *, workers: int | None = None) -> list:
    """[function(item) for item in items], computed by forked worker processes when that is worth it.

    Results must pickle; keep them small (they are copied back to this process).
    """
    global _work
    workers = min(workers or usable_cores(), len(items))
    if workers < 2 or len(items) < MIN_ITEMS_FOR_WORKERS:
        return [function(item) for item in items]
    chunk = max(1, len(items) // (workers * 4))
    _work = (function, items)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            return list(pool.map(_apply, range(len(items)), chunksize=chunk))
    finally:
        _work = None
